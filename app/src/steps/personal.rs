//! Page 3: personal details, pre-filled from the MRZ, editable, and
//! cross-checked against it.

use crate::checks::{self, PERSONAL_IDS};
use crate::i18n::{Key, tf};
use crate::state::{FieldIssue, Step, form, lang};
use crate::ui::{ErrorSummary, Heading, NavButtons, SelectField, TextField, show_summary};
use leptos::prelude::*;

/// Checks one input of the page and shows its findings.
pub fn blur_personal(id: &'static str) {
    let f = form();
    let opts = crate::answers::options();
    let t = f.traveler();
    if t.value(id).trim().is_empty() {
        f.set_field_issues(id, Vec::new());
        return;
    }
    f.set_field_issues(id, checks::personal_input_issues(&t, id, &opts));
}

/// Every finding of the page for the current traveler.
pub fn personal_issues() -> Vec<FieldIssue> {
    let f = form();
    let opts = crate::answers::options();
    let t = f.traveler();
    let own: Vec<FieldIssue> = PERSONAL_IDS
        .iter()
        .flat_map(|id| {
            checks::personal_input_issues(&t, id, &opts)
                .into_iter()
                .map(|issue| FieldIssue {
                    id: (*id).to_owned(),
                    issue,
                })
        })
        .collect();
    let record = crate::answers::record();
    let extra = checks::record_issues_for(
        &record,
        &opts,
        Step::Personal,
        Some(f.current.get_untracked()),
    );
    checks::merge(own, extra)
}

/// Continue on the personal page.
pub fn continue_personal() {
    let f = form();
    let issues = personal_issues();
    let blocking = issues.iter().any(|fi| fi.issue.is_error());
    f.errors.set(issues);
    if blocking {
        show_summary();
        return;
    }
    let default = if f.current.get_untracked() == 0 {
        Step::Trip
    } else {
        Step::Companions
    };
    let next = f.return_to.get_untracked().unwrap_or(default);
    f.return_to.set(None);
    f.go(next);
}

fn field_value(id: &'static str) -> Signal<String> {
    let f = form();
    Signal::derive(move || {
        let i = f.current.get();
        f.travelers
            .with(|t| t.get(i).map(|t| t.value(id).to_owned()).unwrap_or_default())
    })
}

fn setter(id: &'static str) -> Callback<String> {
    let f = form();
    Callback::new(move |v: String| {
        f.update_traveler(|t| {
            if let Some(field) = t.field_mut(id) {
                *field = v;
            }
        })
    })
}

fn blur(id: &'static str) -> Callback<()> {
    Callback::new(move |()| blur_personal(id))
}

/// The personal-details page.
#[component]
pub fn PersonalStep() -> impl IntoView {
    let f = form();
    let title = move || {
        let i = f.current.get();
        if i == 0 {
            lang().t(Key::PersonalTitle).to_owned()
        } else {
            tf(
                lang(),
                Key::CompanionPersonalTitle,
                &[("n", &(i + 1).to_string())],
            )
        }
    };
    let from_mrz = move || {
        f.travelers.with(|t| {
            t.get(f.current.get())
                .is_some_and(|t| !t.mrz.trim().is_empty())
        })
    };
    let sex_options = Signal::derive(move || {
        let l = lang();
        vec![
            ("M".to_owned(), l.t(Key::SexM).to_owned()),
            ("F".to_owned(), l.t(Key::SexF).to_owned()),
            ("X".to_owned(), l.t(Key::SexX).to_owned()),
        ]
    });
    let sex_change = Callback::new(move |v: String| {
        f.update_traveler(|t| t.sex = v);
        blur_personal("sex");
    });
    view! {
        <ErrorSummary />
        <Heading text=Signal::derive(title) />
        <Show when=from_mrz>
            <p class="inset">{move || lang().t(Key::FromMrzNote)}</p>
        </Show>
        <TextField id="surname" label=Key::Surname value=field_value("surname") on_input=setter("surname") on_blur=blur("surname") autocomplete="family-name" />
        <TextField id="given-names" label=Key::GivenNames hint=Key::GivenNamesHint value=field_value("given-names") on_input=setter("given-names") on_blur=blur("given-names") autocomplete="given-name" />
        <TextField id="document-number" label=Key::DocumentNumber value=field_value("document-number") on_input=setter("document-number") on_blur=blur("document-number") class="input-m" />
        <TextField id="issuing-state" label=Key::IssuingState hint=Key::CountryCodeHint value=field_value("issuing-state") on_input=setter("issuing-state") on_blur=blur("issuing-state") class="input-s" />
        <TextField id="nationality" label=Key::Nationality hint=Key::CountryCodeHint value=field_value("nationality") on_input=setter("nationality") on_blur=blur("nationality") class="input-s" />
        <TextField id="birth-date" label=Key::BirthDate hint=Key::DateHint value=field_value("birth-date") on_input=setter("birth-date") on_blur=blur("birth-date") autocomplete="bday" inputmode="numeric" class="input-m" />
        <SelectField id="sex" label=Key::Sex value=field_value("sex") options=sex_options on_change=sex_change />
        <TextField id="expiry-date" label=Key::ExpiryDate hint=Key::DateHint value=field_value("expiry-date") on_input=setter("expiry-date") on_blur=blur("expiry-date") inputmode="numeric" class="input-m" />
        <NavButtons on_back=Some(Callback::from(move || f.go(Step::Document))) on_continue=continue_personal />
    }
}
