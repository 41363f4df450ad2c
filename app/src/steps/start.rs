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
    let agency = move || {
        cfg.as_ref()
            .map(|c| c.agency_name(lang()))
            .unwrap_or_default()
    };
    let agency2 = agency.clone();
    let contact = move || {
        cfg2.as_ref()
            .map(|c| c.agency_contact(lang()))
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
                    let text = match &d.status {
                        DeliveryStatus::Waiting { .. } => tf(l, Key::EarlierWaiting, &[r]),
                        DeliveryStatus::Received(_) => tf(l, Key::EarlierReceived, &[r]),
                        DeliveryStatus::Refused(key, status) => {
                            let reason = tf(l, *key, &[("status", &status.to_string())]);
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
        <p>{move || tf(lang(), Key::PrivacyRecipient, &[("agency", &agency()), ("contact", &contact())])}</p>
        <p>{move || tf(lang(), Key::PrivacyEncrypted, &[("agency", &agency2())])}</p>
        <p>{move || lang().t(Key::PrivacyStorage)}</p>
        <NavButtons on_back=None on_continue=move || {
            f.current.set(0);
            f.go(Step::Document);
        } />
    }
}
