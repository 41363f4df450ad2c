//! Page 5: email and phone.

use crate::checks::{self, CONTACT_IDS};
use crate::i18n::Key;
use crate::state::{FieldIssue, Step, form, lang};
use crate::ui::{ErrorSummary, Heading, NavButtons, TextField, show_summary};
use leptos::prelude::*;

fn blur_contact(id: &'static str) {
    let f = form();
    let value = f.contact.with_untracked(|c| c.value(id).to_owned());
    let issues = if value.trim().is_empty() {
        Vec::new()
    } else {
        checks::check_input(id, &value, &crate::answers::options())
    };
    f.set_field_issues(id, issues);
}

/// Every finding of the contact page.
pub fn contact_issues() -> Vec<FieldIssue> {
    let f = form();
    let o = crate::answers::options();
    let c = f.contact.get_untracked();
    CONTACT_IDS
        .iter()
        .flat_map(|id| {
            checks::check_input(id, c.value(id), &o)
                .into_iter()
                .map(|issue| FieldIssue {
                    id: (*id).to_owned(),
                    issue,
                })
        })
        .collect()
}

fn continue_contact() {
    let f = form();
    let issues = contact_issues();
    let blocking = issues.iter().any(|fi| fi.issue.is_error());
    f.errors.set(issues);
    if blocking {
        show_summary();
        return;
    }
    let next = f.return_to.get_untracked().unwrap_or(Step::Companions);
    f.return_to.set(None);
    f.go(next);
}

fn value(id: &'static str) -> Signal<String> {
    let f = form();
    Signal::derive(move || f.contact.with(|c| c.value(id).to_owned()))
}

fn setter(id: &'static str) -> Callback<String> {
    let f = form();
    Callback::new(move |v: String| {
        f.contact.update(|c| {
            if let Some(field) = c.field_mut(id) {
                *field = v;
            }
        });
    })
}

/// The contact page.
#[component]
pub fn ContactStep() -> impl IntoView {
    let f = form();
    view! {
        <ErrorSummary />
        <Heading text=Signal::derive(move || lang().t(Key::ContactTitle).to_owned()) />
        <p>{move || lang().t(Key::ContactIntro)}</p>
        <TextField id="email" label=Key::Email value=value("email") on_input=setter("email") on_blur=Callback::new(|()| blur_contact("email")) kind="email" autocomplete="email" />
        <TextField id="phone" label=Key::Phone hint=Key::PhoneHint value=value("phone") on_input=setter("phone") on_blur=Callback::new(|()| blur_contact("phone")) kind="tel" autocomplete="tel" class="input-m" />
        <NavButtons on_back=Some(Callback::from(move || f.go(Step::Trip))) on_continue=continue_contact />
    }
}
