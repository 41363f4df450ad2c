//! Delivering the outbox from the page: at mount, on `online`, when the page
//! becomes visible again, and on "Send now"; and hearing of deliveries made
//! by other tabs or by the service worker.

use crate::outbox;
use crate::state::{Delivery, DeliveryStatus, Form};
use leptos::prelude::*;

/// One attempt for everything in the outbox; the outcomes reach the form.
pub async fn flush(f: Form) {
    for d in outbox::flush().await {
        f.apply_delivered(&d);
    }
}

/// Starts watching the outbox for the page's lifetime. Outside kiosk mode
/// the submissions sealed by earlier visits are listed on the start page
/// (the device is the traveler's); in kiosk mode they are delivered but
/// never shown.
pub fn watch(f: Form, kiosk: bool) {
    outbox::listen(move |d| {
        f.apply_delivered(&d);
        // A refusal seen by the service worker is kept for a page to
        // explain; this page has it now (or, in kiosk mode, must not show it).
        if matches!(d.outcome, outbox::Outcome::Refused(_)) {
            leptos::task::spawn_local(async move { outbox::remove(&d.id).await });
        }
    });
    leptos::task::spawn_local(async move {
        let current = f
            .delivery
            .with_untracked(|d| d.as_ref().map(|d| d.submission_id.clone()));
        let mut earlier = Vec::new();
        for entry in outbox::entries().await {
            if current.as_deref() == Some(entry.id.as_str()) {
                continue;
            }
            match entry.refused {
                // Refused while no page was open: explained now, then gone.
                Some(status) => {
                    outbox::remove(&entry.id).await;
                    let mut d = Delivery::sealed(entry.id, true);
                    d.status = DeliveryStatus::Refused(crate::submit::refusal_key(status), status);
                    earlier.push(d);
                }
                None => earlier.push(Delivery::sealed(entry.id, true)),
            }
        }
        if !kiosk && !earlier.is_empty() {
            f.earlier.update(|v| v.extend(earlier));
        }
        flush(f).await;
    });
    let win = window();
    let online = gloo_events::EventListener::new(&win, "online", move |_| {
        leptos::task::spawn_local(flush(f));
    });
    let visible = gloo_events::EventListener::new(&document(), "visibilitychange", move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            leptos::task::spawn_local(flush(f));
        }
    });
    let keep = StoredValue::new_local(Some((online, visible)));
    on_cleanup(move || keep.dispose());
}
