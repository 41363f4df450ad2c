//! Delivering the outbox from the page: at mount, on `online`, when the page
//! becomes visible again, and on "Send now"; and hearing of deliveries made
//! by other tabs or by the service worker.

use crate::outbox;
use crate::state::{Delivery, DeliveryStatus, Form, Leg};
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
            let id = outbox::entry_id(&d.submission_id, &d.recipient);
            leptos::task::spawn_local(async move { outbox::remove(&id).await });
        }
    });
    leptos::task::spawn_local(async move {
        let current = f
            .delivery
            .with_untracked(|d| d.as_ref().map(|d| d.submission_id.clone()));
        // Copies of one submission (one per recipient) are listed together.
        let mut earlier: Vec<Delivery> = Vec::new();
        for entry in outbox::entries().await {
            if current.as_deref() == Some(entry.submission_id.as_str()) {
                continue;
            }
            let mut leg = Leg {
                recipient: entry.recipient.clone(),
                status: DeliveryStatus::Waiting {
                    attempt: 0,
                    stored: true,
                },
            };
            // Refused while no page was open: explained now, then gone.
            if let Some(status) = entry.refused {
                outbox::remove(&entry.id).await;
                leg.status = DeliveryStatus::Refused(crate::submit::refusal_key(status), status);
            }
            match earlier
                .iter_mut()
                .find(|d| d.submission_id == entry.submission_id)
            {
                Some(d) => d.legs.push(leg),
                None => {
                    let mut d = Delivery::sealed(entry.submission_id, &[], true);
                    d.legs.push(leg);
                    earlier.push(d);
                }
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
