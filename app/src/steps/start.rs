//! Page 1: language, what you will need, privacy notice.

use crate::i18n::{Key, tf};
use crate::state::{DeliveryStatus, Step, config, form, lang};
use crate::ui::{Heading, NavButtons};
use leptos::prelude::*;

/// The start page.
#[component]
pub fn StartStep() -> impl IntoView {
    let f = form();
    let cfg = config();
    let cfg2 = cfg.clone();
    let contact = move || {
        cfg2.as_ref()
            .map(|c| c.agency_contact(lang()))
            .unwrap_or_default()
    };
    let default = cfg
        .as_ref()
        .map_or(crate::i18n::Lang::En, |c| c.default_lang());
    let recipients: Vec<(crate::config::LocalText, String)> = cfg
        .as_ref()
        .map(|c| {
            c.recipients
                .iter()
                .map(|r| (r.name.clone(), r.pin.fingerprint.clone()))
                .collect()
        })
        .unwrap_or_default();
    let many = recipients.len() > 1;
    let fingerprints = recipients.clone();
    // One recipient: the agency itself (its name, per language).
    let first_name = move || {
        recipients
            .first()
            .map(|(n, _)| n.get_with(lang(), default).to_owned())
            .unwrap_or_default()
    };
    let earlier = move || {
        let list = f.earlier.get();
        (!list.is_empty()).then(|| {
            let waiting = list.iter().any(|d| d.is_waiting());
            let items = list
                .into_iter()
                .map(|d| {
                    let l = lang();
                    let r = ("reference", d.reference.as_str());
                    let text = match d.status() {
                        None | Some(DeliveryStatus::Waiting { .. }) => {
                            tf(l, Key::EarlierWaiting, &[r])
                        }
                        Some(DeliveryStatus::Received(_)) => tf(l, Key::EarlierReceived, &[r]),
                        Some(DeliveryStatus::Refused(key, status)) => {
                            let reason = tf(l, key, &[("status", &status.to_string())]);
                            tf(l, Key::EarlierRefused, &[r, ("reason", &reason)])
                        }
                    };
                    view! { <li data-submission=d.submission_id.clone()>{text}</li> }
                })
                .collect_view();
            view! {
                <div class="inset" id="earlier-submissions" role="status">
                    <h2 class="heading-s">{move || lang().t(Key::EarlierTitle)}</h2>
                    <ul class="list">{items}</ul>
                    {waiting.then(|| view! {
                        <button type="button" class="button button-secondary" id="earlier-send-now"
                            on:click=move |_| leptos::task::spawn_local(crate::delivery::flush(f))>
                            {move || lang().t(Key::SendNow)}
                        </button>
                    })}
                </div>
            }
        })
    };
    view! {
        <Heading text=Signal::derive(move || lang().t(Key::StartTitle).to_owned()) />
        <p class="lead">{move || lang().t(Key::StartIntro)}</p>
        {earlier}
        <h2 class="heading-m">{move || lang().t(Key::WhatYouNeed)}</h2>
        <ul class="list list-bullet">
            <li>{move || lang().t(Key::NeedDocument)}</li>
            <li>{move || lang().t(Key::NeedFlight)}</li>
            <li>{move || lang().t(Key::NeedAddress)}</li>
            <li>{move || lang().t(Key::NeedContact)}</li>
        </ul>
        <h2 class="heading-m">{move || lang().t(Key::PrivacyTitle)}</h2>
        <p>{move || lang().t(Key::PrivacyCollected)}</p>
        <p>{
            let first_name = first_name.clone();
            move || {
                let l = lang();
                if many {
                    tf(l, Key::PrivacyRecipientMany, &[("contact", &contact())])
                } else {
                    tf(l, Key::PrivacyRecipient, &[("agency", &first_name()), ("contact", &contact())])
                }
            }
        }</p>
        <p>{move || if many {
            lang().t(Key::PrivacyEncryptedMany).to_owned()
        } else {
            tf(lang(), Key::PrivacyEncrypted, &[("agency", &first_name())])
        }}</p>
        <ul class="list" id="recipient-keys">
            {fingerprints.into_iter().map(|(name, fp)| view! {
                <li>{move || tf(lang(), Key::PrivacyFingerprint, &[("agency", name.get_with(lang(), default)), ("fingerprint", &fp)])}</li>
            }).collect_view()}
        </ul>
        <p>{move || lang().t(Key::PrivacyFingerprintNote)}</p>
        <p>{move || lang().t(Key::PrivacyStorage)}</p>
        <NavButtons on_back=None on_continue=move || {
            f.current.set(0);
            f.go(Step::Document);
        } />
        <p class="staff-link no-print">
            <button type="button" class="link-button" id="check-receipt-link" on:click=move |_| f.go(Step::CheckReceipt)>
                {move || lang().t(Key::CheckReceiptLink)}
            </button>
        </p>
    }
}
