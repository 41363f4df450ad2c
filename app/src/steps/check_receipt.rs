//! "Check a receipt", for check-in staff: the text of a receipt's QR code
//! (typed by a reader that reads QR codes, pasted or typed) checked offline
//! against the receipt keys this portal was built with ([`crate::pins`]).
//! It shows whether the receipt is genuine, whose it is, its reference and
//! when it was received: nothing personal (a receipt carries nothing
//! personal), and nothing is sent anywhere.

use crate::i18n::{Key, tf};
use crate::outbox::Verdict;
use crate::state::{Step, config, form, lang};
use crate::steps::receipt::display_time;
use crate::ui::Heading;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The camera started into `video`, `on_text` called with the first
/// receipt's text read (loads the QR reader and its camera code first).
async fn camera_start(video: &web_sys::HtmlElement, on_text: &JsValue) -> Result<(), JsValue> {
    let reader = crate::lazy::qr_reader().await?;
    let args = js_sys::Array::of3(video, &JsValue::from_str("PDR1/"), on_text);
    let started = crate::lazy::call(&reader, "start", &args)?;
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(started)).await?;
    Ok(())
}

/// Where scanning with the camera stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    Off,
    Starting,
    On,
    Failed,
}

/// The pinned receipt keys of the configured recipients: `(kid, public key)`.
fn receipt_keys() -> Vec<(String, String)> {
    config()
        .map(|c| {
            c.recipients
                .iter()
                .map(|r| (r.pin.receipt_kid.clone(), r.pin.receipt_public_key.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The name of the recipient whose receipt key is `kid`.
fn signer_name(kid: &str) -> String {
    config().map_or_else(String::new, |c| {
        c.recipient_name(lang(), |r| r.pin.receipt_kid == kid)
    })
}

/// The staff page.
#[component]
pub fn CheckReceiptStep() -> impl IntoView {
    let f = form();
    let text = RwSignal::new(String::new());
    let verdict = RwSignal::new(None::<Verdict>);
    let empty = RwSignal::new(false);
    // Read here: the check runs in a task, outside the component's context.
    let keys = StoredValue::new(receipt_keys());
    let scan = RwSignal::new(Scan::Off);
    let has_camera = crate::ui::camera_available();
    // The camera never outlives the page (leaving it, a kiosk reset).
    on_cleanup(crate::ui::stop_cameras);
    // A new check clears the old answer, so a stale "genuine" never stands
    // beside other text.
    let run = move || {
        let t = text.get_untracked();
        verdict.set(None);
        if t.trim().is_empty() {
            empty.set(true);
            return;
        }
        empty.set(false);
        leptos::task::spawn_local(async move {
            let v = crate::outbox::check_receipt(&t, &keys.get_value()).await;
            if text.get_untracked() == t {
                verdict.set(Some(v));
            }
        });
    };
    let start_scan = move |_| {
        if matches!(scan.get_untracked(), Scan::On | Scan::Starting) {
            crate::ui::stop_cameras();
            scan.set(Scan::Off);
            return;
        }
        let Some(video) = document()
            .get_element_by_id("receipt-video")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        scan.set(Scan::Starting);
        // A receipt read by the camera is checked at once (called once).
        let on_text = Closure::once_into_js(move |t: String| {
            scan.set(Scan::Off);
            text.set(t);
            run();
        });
        leptos::task::spawn_local(async move {
            match camera_start(&video, &on_text).await {
                Ok(_) => {
                    if scan.get_untracked() == Scan::Starting {
                        scan.set(Scan::On);
                    }
                }
                Err(_) => scan.set(Scan::Failed),
            }
        });
    };
    let result = move || {
        verdict.get().map(|v| {
            let l = lang();
            let (state, title, reason) = match &v {
                Verdict::Genuine(r) => (
                    "genuine",
                    tf(l, Key::ReceiptGenuine, &[("agency", &signer_name(&r.kid))]),
                    None,
                ),
                Verdict::Malformed => ("malformed", l.t(Key::ReceiptNotGenuine).to_owned(), Some(Key::ReceiptMalformed)),
                Verdict::UnknownKey => ("unknown-key", l.t(Key::ReceiptNotGenuine).to_owned(), Some(Key::ReceiptUnknownKey)),
                Verdict::BadSignature => ("bad-signature", l.t(Key::ReceiptNotGenuine).to_owned(), Some(Key::ReceiptBadSignature)),
            };
            let details = match v {
                Verdict::Genuine(r) => Some(view! {
                    <dl class="summary-list">
                        <div class="summary-row">
                            <dt class="summary-key">{move || lang().t(Key::ReceiptReference)}</dt>
                            <dd class="summary-value reference" id="checked-reference">{r.reference.clone()}</dd>
                        </div>
                        <div class="summary-row">
                            <dt class="summary-key">{move || lang().t(Key::ReceiptTime)}</dt>
                            <dd class="summary-value" id="checked-time">{move || display_time(lang(), &r.received_at)}</dd>
                        </div>
                    </dl>
                }),
                _ => None,
            };
            view! {
                <div class="panel" class:panel-refused=state != "genuine" id="receipt-check" data-state=state>
                    <h2 class="heading-m" id="receipt-check-title">{title}</h2>
                    {reason.map(|k| view! { <p class="panel-body" id="receipt-check-reason">{move || lang().t(k)}</p> })}
                </div>
                {details}
            }
        })
    };
    view! {
        <Heading text=Signal::derive(move || lang().t(Key::CheckReceiptTitle).to_owned()) />
        <div class="field" class:field-error=move || empty.get()>
            <label class="label" for="receipt-text">{move || lang().t(Key::CheckReceiptLabel)}</label>
            <p class="hint" id="receipt-text-hint">{move || lang().t(Key::CheckReceiptIntro)}</p>
            {move || empty.get().then(|| view! {
                <p class="error-message" id="receipt-text-error">
                    <span class="visually-hidden">{move || lang().t(Key::ErrorPrefix)}" "</span>
                    {move || lang().t(Key::CheckReceiptEmpty)}
                </p>
            })}
            <textarea class="textarea" id="receipt-text" rows="4" spellcheck="false" autocomplete="off"
                autocapitalize="off"
                aria-describedby=move || if empty.get() { "receipt-text-hint receipt-text-error" } else { "receipt-text-hint" }
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    verdict.set(None);
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    // A reader that types the QR text ends it with Enter.
                    if ev.key() == "Enter" && !ev.shift_key() {
                        ev.prevent_default();
                        run();
                    }
                }></textarea>
        </div>
        {has_camera.then(|| view! {
            <div class="scan" class:scan-on=move || scan.get() == Scan::On>
                <button type="button" class="button button-secondary" id="scan-receipt"
                    aria-controls="receipt-video" on:click=start_scan>
                    {move || lang().t(if matches!(scan.get(), Scan::On | Scan::Starting) { Key::CheckReceiptStopScan } else { Key::CheckReceiptScan })}
                </button>
                <p class="status" id="scan-status" role="status">
                    {move || match scan.get() {
                        Scan::On => Some(lang().t(Key::CheckReceiptScanning)),
                        Scan::Failed => Some(lang().t(Key::CheckReceiptCameraFailed)),
                        Scan::Off | Scan::Starting => None,
                    }}
                </p>
                <video id="receipt-video" class="scan-video" muted=true playsinline=true
                    aria-label=move || lang().t(Key::CheckReceiptScanning)
                    class:hidden=move || scan.get() != Scan::On></video>
            </div>
        })}
        <div aria-live="polite">{result}</div>
        <div class="button-group">
            <button type="button" class="button" id="check-receipt" on:click=move |_| run()>
                {move || lang().t(Key::CheckReceiptButton)}
            </button>
            <button type="button" class="button button-secondary" id="back" on:click=move |_| f.go(Step::Start)>
                {move || lang().t(Key::Back)}
            </button>
        </div>
    }
}
