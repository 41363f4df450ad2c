//! Page 1: language, what you will need, privacy notice.

use crate::i18n::{Key, tf};
use crate::state::{Step, config, form, lang};
use crate::ui::{Heading, NavButtons};
use leptos::prelude::*;

/// The start page.
#[component]
pub fn StartStep() -> impl IntoView {
    let f = form();
    let cfg = config();
    let agency = cfg
        .as_ref()
        .map(|c| c.agency.name.clone())
        .unwrap_or_default();
    let contact = cfg
        .as_ref()
        .map(|c| c.agency.contact.clone())
        .unwrap_or_default();
    let agency2 = agency.clone();
    view! {
        <Heading text=Signal::derive(move || lang().t(Key::StartTitle).to_owned()) />
        <p class="lead">{move || lang().t(Key::StartIntro)}</p>
        <h2 class="heading-m">{move || lang().t(Key::WhatYouNeed)}</h2>
        <ul class="list list-bullet">
            <li>{move || lang().t(Key::NeedDocument)}</li>
            <li>{move || lang().t(Key::NeedFlight)}</li>
            <li>{move || lang().t(Key::NeedAddress)}</li>
            <li>{move || lang().t(Key::NeedContact)}</li>
        </ul>
        <h2 class="heading-m">{move || lang().t(Key::PrivacyTitle)}</h2>
        <p>{move || lang().t(Key::PrivacyCollected)}</p>
        <p>{move || tf(lang(), Key::PrivacyRecipient, &[("agency", &agency), ("contact", &contact)])}</p>
        <p>{move || tf(lang(), Key::PrivacyEncrypted, &[("agency", &agency2)])}</p>
        <p>{move || lang().t(Key::PrivacyStorage)}</p>
        <NavButtons on_back=None on_continue=move || {
            f.current.set(0);
            f.go(Step::Document);
        } />
    }
}
