//! Page 7: check answers, consent, submit.

use crate::checks;
use crate::i18n::{Key, Lang, display_date, tf};
use crate::outbox::Delivered;
use crate::state::{Delivery, FieldIssue, SendState, Step, config, form, lang};
use crate::steps::trip::airport_name;
use crate::ui::{ErrorSummary, Heading, show_summary};
use checker_wasm::{Code, Issue, airports};
use leptos::prelude::*;

/// Every finding of the whole submission (plus the consent box).
pub fn review_issues() -> Vec<FieldIssue> {
    let f = form();
    let opts = crate::answers::options();
    let record = crate::answers::record();
    let mut out: Vec<FieldIssue> = checker_wasm::validate_record(&record, &opts)
        .into_iter()
        .filter(Issue::is_error)
        .map(|issue| {
            let id =
                checks::locate(&issue.field).map_or_else(|| "submit".to_owned(), |(_, _, id)| id);
            FieldIssue { id, issue }
        })
        .collect();
    if !f.consent.get_untracked() {
        out.push(FieldIssue {
            id: "consent".to_owned(),
            issue: Issue::new(Code::Required, "consent"),
        });
    }
    out
}

/// Submit: check everything once more, seal, keep the envelope in the
/// outbox, deliver it (see [`crate::submit`]).
pub fn submit() {
    let f = form();
    if f.send.get_untracked() == SendState::Sending {
        return;
    }
    let issues = review_issues();
    if !issues.is_empty() {
        f.errors.set(issues);
        show_summary();
        return;
    }
    f.errors.set(Vec::new());
    f.show_summary.set(false);
    let Some(cfg) = config() else {
        return;
    };
    let record = crate::answers::record();
    f.send.set(SendState::Sending);
    // A kiosk reset (idle or "Start again") starts a new session: delivery
    // goes on (the envelope stays in the outbox until acknowledged), but
    // nothing of it shows to the next traveler.
    let session = f.session.get_value();
    leptos::task::spawn_local(async move {
        // Sealed in the second module (loaded from the document page on),
        // separately to each recipient, under one submission id.
        let id = crate::submit::new_submission_id();
        let replaces = f.replaces.get_untracked();
        let mut copies = Vec::new();
        for recipient in &cfg.recipients {
            match crate::submit::seal(recipient, &record, &id, replaces.as_deref()).await {
                Ok(copy) => copies.push(copy),
                Err(err) => {
                    if f.is_session(session) {
                        f.send.set(SendState::Failed(err.key, err.status));
                    }
                    return;
                }
            }
        }
        let mut stored = true;
        for copy in &copies {
            stored &= crate::outbox::put(copy).await;
        }
        if f.is_session(session) {
            f.replaces.set(None);
            let recipients: Vec<String> = copies.iter().map(|c| c.recipient.clone()).collect();
            f.delivery
                .set(Some(Delivery::sealed(id.clone(), &recipients, stored)));
        }
        // Each copy is delivered on its own: one recipient's outage does not
        // hold the other's receipt back.
        for copy in copies {
            leptos::task::spawn_local(async move {
                crate::submit::deliver_until_final(&copy, stored, |outcome| {
                    if f.is_session(session) {
                        f.apply_delivered(&Delivered {
                            submission_id: copy.submission_id.clone(),
                            recipient: copy.recipient.clone(),
                            outcome: outcome.clone(),
                        });
                    }
                })
                .await;
            });
        }
    });
}

fn airport_label(l: Lang, code: &str) -> String {
    airports::lookup(code).map_or_else(
        || code.to_owned(),
        |a| format!("{} ({})", airport_name(l, a), a.code),
    )
}

/// One row of a summary list with its "Change" link.
fn row(
    label: String,
    value: String,
    change: impl Fn() + Send + Sync + 'static,
    change_id: String,
) -> impl IntoView {
    let l = lang();
    let hidden = label.clone();
    view! {
        <div class="summary-row">
            <dt class="summary-key">{label}</dt>
            <dd class="summary-value">{value}</dd>
            <dd class="summary-actions">
                <a href="#" class="link" id=change_id on:click=move |ev| {
                    ev.prevent_default();
                    change();
                }>{l.t(Key::Change)}<span class="visually-hidden">" "{hidden}</span></a>
            </dd>
        </div>
    }
}

/// The review page.
#[component]
pub fn ReviewStep() -> impl IntoView {
    let f = form();
    let cfg = config();
    let agency = move || {
        cfg.as_ref()
            .map(|c| c.agency_name(lang()))
            .unwrap_or_default()
    };
    let travelers = move || {
        let l = lang();
        let many = f.travelers.with(Vec::len) > 1;
        f.travelers
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let to = move |step: Step| {
                    move || {
                        f.current.set(i);
                        f.return_to.set(Some(Step::Review));
                        f.go(step);
                    }
                };
                let sex = match t.sex.as_str() {
                    "M" => l.t(Key::SexM).to_owned(),
                    "F" => l.t(Key::SexF).to_owned(),
                    "X" => l.t(Key::SexX).to_owned(),
                    other => other.to_owned(),
                };
                let heading = if many {
                    tf(l, Key::TravelerN, &[("n", &(i + 1).to_string())])
                } else {
                    String::new()
                };
                let rows = vec![
                    (Key::MrzLabel, t.mrz.clone(), Step::Document, "mrz"),
                    (Key::Surname, t.surname.clone(), Step::Personal, "surname"),
                    (
                        Key::GivenNames,
                        t.given_names.clone(),
                        Step::Personal,
                        "given-names",
                    ),
                    (
                        Key::DocumentNumber,
                        t.document_number.clone(),
                        Step::Personal,
                        "document-number",
                    ),
                    (
                        Key::IssuingState,
                        t.issuing_state.clone(),
                        Step::Personal,
                        "issuing-state",
                    ),
                    (
                        Key::Nationality,
                        t.nationality.clone(),
                        Step::Personal,
                        "nationality",
                    ),
                    (
                        Key::BirthDate,
                        display_date(l, &t.birth_date),
                        Step::Personal,
                        "birth-date",
                    ),
                    (Key::Sex, sex, Step::Personal, "sex"),
                    (
                        Key::ExpiryDate,
                        display_date(l, &t.expiry_date),
                        Step::Personal,
                        "expiry-date",
                    ),
                ];
                view! {
                    <section class="summary-section">
                        {many.then(|| view! { <h3 class="heading-s">{heading}</h3> })}
                        <dl class="summary-list">
                            {rows.into_iter().map(|(k, v, step, id)| {
                                row(l.t(k).to_owned(), v, to(step), format!("change-{id}-{i}"))
                            }).collect_view()}
                        </dl>
                    </section>
                }
            })
            .collect_view()
    };
    let trip = move || {
        let l = lang();
        let t = f.trip.get();
        let purpose = checker_wasm::fields::parse_purpose(&t.purpose)
            .map(|p| l.purpose(p).to_owned())
            .unwrap_or_default();
        let go = move || {
            f.return_to.set(Some(Step::Review));
            f.go(Step::Trip);
        };
        let rows = vec![
            (Key::Flight, t.flight.clone(), "flight"),
            (
                Key::DepartureAirport,
                airport_label(l, &t.departure_airport),
                "departure-airport",
            ),
            (
                Key::ArrivalAirport,
                airport_label(l, &t.arrival_airport),
                "arrival-airport",
            ),
            (
                Key::DepartureDate,
                display_date(l, &t.departure_date),
                "departure-date",
            ),
            (
                Key::ArrivalDate,
                display_date(l, &t.arrival_date),
                "arrival-date",
            ),
            (Key::Purpose, purpose, "purpose"),
            (Key::Address, t.address.clone(), "address"),
            (Key::StayDays, t.stay_days.clone(), "stay-days"),
        ];
        rows.into_iter()
            .map(|(k, v, id)| row(l.t(k).to_owned(), v, go, format!("change-{id}")))
            .collect_view()
    };
    let contact = move || {
        let l = lang();
        let c = f.contact.get();
        let go = move || {
            f.return_to.set(Some(Step::Review));
            f.go(Step::Contact);
        };
        view! {
            {row(l.t(Key::Email).to_owned(), c.email.clone(), go, "change-email".to_owned())}
            {row(l.t(Key::Phone).to_owned(), c.phone.clone(), go, "change-phone".to_owned())}
        }
    };
    let consent_error = crate::ui::issues_for("consent".to_owned());
    let consent_invalid = move || !consent_error.get().is_empty();
    let busy = move || f.send.get() == SendState::Sending;
    let status = move || {
        let l = lang();
        match f.send.get() {
            SendState::Idle => String::new(),
            SendState::Sending => l.t(Key::Sending).to_owned(),
            SendState::Failed(..) => String::new(),
        }
    };
    let failure = move || match f.send.get() {
        SendState::Failed(key, status) => {
            let s = status.map(|s| s.to_string()).unwrap_or_default();
            Some(
                view! { <div class="error-summary" role="alert" id="send-error"><p>{tf(lang(), key, &[("status", &s)])}</p></div> },
            )
        }
        _ => None,
    };
    view! {
        <ErrorSummary />
        {failure}
        <Heading text=Signal::derive(move || lang().t(Key::ReviewTitle).to_owned()) />
        {move || f.replaces.get().map(|id| view! {
            <p class="inset" id="review-replaces">
                {move || tf(lang(), Key::ReviewReplaces, &[("reference", &envelope::reference_of(&id))])}
            </p>
        })}
        <h2 class="heading-m">{move || lang().t(Key::SectionTravelers)}</h2>
        {travelers}
        <h2 class="heading-m">{move || lang().t(Key::SectionTrip)}</h2>
        <dl class="summary-list">{trip}</dl>
        <h2 class="heading-m">{move || lang().t(Key::SectionContact)}</h2>
        <dl class="summary-list">{contact}</dl>
        <div class="field checkbox-field" class:field-error=consent_invalid>
            <Show when=consent_invalid>
                <p class="error-message" id="consent-error">
                    <span class="visually-hidden">{move || lang().t(Key::ErrorPrefix)}" "</span>
                    {move || lang().t(Key::ConsentRequired)}
                </p>
            </Show>
            <input type="checkbox" class="checkbox" id="consent" name="consent" aria-required="true"
                aria-invalid=move || consent_invalid().then_some("true")
                aria-describedby=move || consent_invalid().then_some("consent-error")
                prop:checked=move || f.consent.get()
                on:change=move |ev| {
                    f.consent.set(event_target_checked(&ev));
                    f.set_field_issues("consent", Vec::new());
                } />
            <label class="checkbox-label" for="consent">{move || tf(lang(), Key::Consent, &[("agency", &agency())])}</label>
        </div>
        <p class="status" role="status" aria-live="polite">{status}</p>
        <div class="button-group">
            <button type="button" class="button" id="submit" disabled=busy on:mousedown=crate::ui::keep_focus on:click=move |_| submit()>
                {move || lang().t(Key::Submit)}
            </button>
            <button type="button" class="button button-secondary" id="back" on:mousedown=crate::ui::keep_focus on:click=move |_| f.go(Step::Companions)>
                {move || lang().t(Key::Back)}
            </button>
        </div>
    }
}
