//! Page 8: the receipt, with a QR code of the reference for check-in staff.

use crate::i18n::{Key, Lang};
use crate::state::{form, lang};
use crate::ui::Heading;
use leptos::prelude::*;

/// Receipt time in the page language (local time of this device).
pub fn display_time(l: Lang, rfc3339: &str) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    if d.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let (y, mo, da, h, mi) = (
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
    );
    let date = match (u16::try_from(y), u8::try_from(mo), u8::try_from(da)) {
        (Ok(y), Ok(m), Ok(dd)) => l.format_date(y, m, dd),
        _ => return rfc3339.to_owned(),
    };
    format!("{date} {h:02}:{mi:02}")
}

/// The receipt page.
#[component]
pub fn ReceiptStep() -> impl IntoView {
    let f = form();
    let receipt = move || f.receipt.get();
    let kiosk_seconds = use_context::<crate::state::Kiosk>()
        .filter(|k| k.0)
        .map(|_| {
            let timeout = crate::state::config()
                .map_or(crate::kiosk::RECEIPT_SECONDS, |c| c.kiosk_idle_seconds);
            crate::kiosk::RECEIPT_SECONDS.min(timeout)
        });
    let qr = move || {
        receipt().and_then(|r| crate::qr::qr_path(&r.reference)).map(|(size, d)| {
            let view_box = format!("0 0 {size} {size}");
            view! {
                <svg class="qr" id="receipt-qr" xmlns="http://www.w3.org/2000/svg" viewBox=view_box role="img"
                    aria-label=move || lang().t(Key::ReceiptQr) shape-rendering="crispEdges">
                    <rect width=size height=size fill="#ffffff" />
                    <path d=d fill="#000000" />
                </svg>
            }
        })
    };
    view! {
        <div class="panel" role="status">
            <Heading text=Signal::derive(move || lang().t(Key::ReceiptTitle).to_owned()) />
            <p class="panel-body">
                {move || lang().t(Key::ReceiptReference)}<br />
                <strong class="reference" id="receipt-reference">{move || receipt().map(|r| r.reference).unwrap_or_default()}</strong>
            </p>
        </div>
        <dl class="summary-list">
            <div class="summary-row">
                <dt class="summary-key">{move || lang().t(Key::ReceiptTime)}</dt>
                <dd class="summary-value" id="receipt-time">
                    {move || receipt().map(|r| display_time(lang(), &r.received_at)).unwrap_or_default()}
                </dd>
            </div>
        </dl>
        <p>{move || lang().t(Key::ReceiptQr)}</p>
        <div class="qr-box">{qr}</div>
        <p>{move || lang().t(Key::ReceiptKeep)}</p>
        {kiosk_seconds.map(|secs| view! {
            <p class="inset" id="kiosk-reset-notice">{move || crate::i18n::tf(lang(), Key::KioskResetSoon, &[("seconds", &secs.to_string())])}</p>
        })}
        <div class="button-group no-print">
            <button type="button" class="button" id="print" on:click=move |_| {
                let _ = window().print();
            }>{move || lang().t(Key::Print)}</button>
            <button type="button" class="button button-secondary" id="start-again" on:click=move |_| f.reset()>
                {move || lang().t(Key::StartAgain)}
            </button>
        </div>
    }
}
