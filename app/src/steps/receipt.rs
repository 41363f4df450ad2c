//! Page 8: the receipt, shown as soon as the record is sealed, before any
//! intake has answered: the reference, then one receipt per recipient, each
//! with a QR code of the recipient's signed receipt for check-in staff (who
//! check it offline with "Check a receipt", [`super::check_receipt`]).

use crate::i18n::{Key, Lang, tf};
use crate::state::{DeliveryStatus, Leg, Step, form, lang};
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

/// The QR code of `text` as an SVG, labelled, with `id`.
pub fn qr_svg(text: &str, id: String) -> Option<impl IntoView + use<>> {
    crate::qr::qr_path(text).map(|(size, d)| {
        let view_box = format!("0 0 {size} {size}");
        view! {
            <svg class="qr" id=id xmlns="http://www.w3.org/2000/svg" viewBox=view_box role="img"
                aria-label=move || lang().t(Key::ReceiptQr) shape-rendering="crispEdges">
                <rect width=size height=size fill="#ffffff" />
                <path d=d fill="#000000" />
            </svg>
        }
    })
}

/// The name of the recipient whose sealing key id is `kid`, in `l`.
pub fn recipient_name(l: Lang, kid: &str) -> String {
    crate::state::config().map_or_else(String::new, |c| c.recipient_name(l, |r| r.kid() == kid))
}

/// One recipient's copy: its name, and its receipt (time, QR code of the
/// signed receipt), or that it waits, or why it was refused. The first
/// recipient's elements have plain ids (`receipt-time`, `receipt-qr`), the
/// others' end in `-N`.
fn leg_view(i: usize, leg: Leg) -> impl IntoView {
    let suffix = if i == 0 {
        String::new()
    } else {
        format!("-{i}")
    };
    let state = match &leg.status {
        DeliveryStatus::Waiting { .. } => "waiting",
        DeliveryStatus::Received(_) => "received",
        DeliveryStatus::Refused(..) => "refused",
    };
    let kid = leg.recipient.clone();
    let body = match leg.status {
        DeliveryStatus::Waiting { .. } => view! {
            <p class="status">{move || lang().t(Key::ReceiptLegWaiting)}</p>
        }
        .into_any(),
        DeliveryStatus::Received(r) => {
            let compact = r.compact();
            view! {
                <dl class="summary-list">
                    <div class="summary-row">
                        <dt class="summary-key">{move || lang().t(Key::ReceiptTime)}</dt>
                        <dd class="summary-value" id=format!("receipt-time{suffix}")>{move || display_time(lang(), &r.received_at)}</dd>
                    </div>
                </dl>
                <p>{move || lang().t(Key::ReceiptQr)}</p>
                <div class="qr-box">{qr_svg(&compact, format!("receipt-qr{suffix}"))}</div>
            }
            .into_any()
        }
        DeliveryStatus::Refused(key, status) => view! {
            <p class="error-message" role="alert" id=format!("send-error{suffix}")>
                {move || tf(lang(), key, &[("status", &status.to_string())])}
            </p>
        }
        .into_any(),
    };
    view! {
        <section class="receipt-leg" data-recipient=leg.recipient data-state=state>
            <h2 class="heading-s">{move || recipient_name(lang(), &kid)}</h2>
            {body}
        </section>
    }
}

/// The receipt page: sealed and waiting, received, or refused, with one
/// receipt per recipient.
#[component]
pub fn ReceiptStep() -> impl IntoView {
    let f = form();
    let delivery = move || f.delivery.get();
    let status = move || delivery().and_then(|d| d.status());
    let waiting_stored = move || match status() {
        Some(DeliveryStatus::Waiting { stored, .. }) => Some(stored),
        _ => None,
    };
    let attempts = move || match status() {
        Some(DeliveryStatus::Waiting { attempt, .. }) if attempt > 0 => Some(attempt),
        _ => None,
    };
    let refused = move || matches!(status(), Some(DeliveryStatus::Refused(..)));
    let reference = move || delivery().map(|d| d.reference).unwrap_or_default();
    let kiosk_seconds = use_context::<crate::state::Kiosk>()
        .filter(|k| k.0)
        .map(|_| {
            let timeout = crate::state::config()
                .map_or(crate::kiosk::RECEIPT_SECONDS, |c| c.kiosk_idle_seconds);
            crate::kiosk::RECEIPT_SECONDS.min(timeout)
        });
    let title = move || {
        let l = lang();
        match status() {
            Some(DeliveryStatus::Received(_)) | None => l.t(Key::ReceiptTitle),
            Some(DeliveryStatus::Waiting { .. }) => l.t(Key::ReceiptWaitingTitle),
            Some(DeliveryStatus::Refused(..)) => l.t(Key::ReceiptRefusedTitle),
        }
        .to_owned()
    };
    let send_now = move |_| {
        leptos::task::spawn_local(crate::delivery::flush(f));
    };
    let back_to_answers = move |_| {
        f.delivery.set(None);
        f.go(Step::Review);
    };
    let legs = move || {
        delivery()
            .map(|d| d.legs)
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, leg)| leg_view(i, leg))
            .collect_view()
    };
    view! {
        <div class="panel" class:panel-waiting=move || waiting_stored().is_some()
            class:panel-refused=refused role="status" id="receipt-panel"
            data-state=move || match status() {
                Some(DeliveryStatus::Waiting { .. }) => "waiting",
                Some(DeliveryStatus::Received(_)) => "received",
                Some(DeliveryStatus::Refused(..)) => "refused",
                None => "none",
            }>
            <Heading text=Signal::derive(title) />
            <p class="panel-body">
                {move || lang().t(Key::ReceiptReference)}<br />
                <strong class="reference" id="receipt-reference">{reference}</strong>
            </p>
        </div>
        {move || refused().then(|| view! {
            <div class="button-group no-print">
                <button type="button" class="button" id="back-to-answers" on:click=back_to_answers>
                    {move || lang().t(Key::BackToAnswers)}
                </button>
            </div>
        })}
        {move || waiting_stored().map(|stored| view! {
            <p id="receipt-waiting">{move || lang().t(if stored { Key::ReceiptWaitingStored } else { Key::ReceiptWaitingPage })}</p>
            <p class="status" id="receipt-attempts">
                {move || attempts().map(|n| tf(lang(), Key::Retrying, &[("n", &(n + 1).to_string())]))}
            </p>
            <div class="button-group no-print">
                <button type="button" class="button" id="send-now" on:click=send_now>
                    {move || lang().t(Key::SendNow)}
                </button>
            </div>
        })}
        <div id="receipt-legs">{legs}</div>
        <Show when=move || !refused()>
            <p>{move || lang().t(Key::ReceiptKeep)}</p>
        </Show>
        {kiosk_seconds.map(|secs| view! {
            <p class="inset" id="kiosk-reset-notice">{move || crate::i18n::tf(lang(), Key::KioskResetSoon, &[("seconds", &secs.to_string())])}</p>
        })}
        <div class="button-group no-print">
            <button type="button" class="button" id="print" on:click=move |_| {
                let _ = window().print();
            }>{move || lang().t(Key::Print)}</button>
            <Show when=move || !refused()>
                <button type="button" class="button button-secondary" id="change-answers"
                    on:click=move |_| f.change_after_submit()>
                    {move || lang().t(Key::ChangeAndResend)}
                </button>
            </Show>
            <button type="button" class="button button-secondary" id="start-again" on:click=move |_| f.reset()>
                {move || lang().t(Key::StartAgain)}
            </button>
        </div>
    }
}
