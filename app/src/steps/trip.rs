//! Page 4: the trip.

use crate::checks::{self, TRIP_IDS};
use crate::i18n::{Key, Lang, purpose_value};
use crate::state::{FieldIssue, Step, form, lang};
use crate::ui::{ErrorSummary, Heading, NavButtons, SelectField, TextField, show_summary};
use checker_wasm::airports;
use checker_wasm::record::Purpose;
use leptos::prelude::*;

/// An airport's name in `lang`: Indonesian, Vietnamese, Filipino, Thai and
/// Korean use the English name (see their glossaries), always followed by
/// the IATA code.
pub fn airport_name(l: Lang, a: &airports::Airport) -> &'static str {
    match l {
        Lang::Ja => a.name_ja,
        Lang::ZhHant => a.name_zh_hant,
        Lang::En | Lang::Id | Lang::Vi | Lang::Fil | Lang::Th | Lang::Ko => a.name_en,
    }
}

/// `(code, "Name (CODE)")` for the airports of a country.
pub fn airport_options(l: Lang, country: &'static str) -> Vec<(String, String)> {
    airports::in_country(country)
        .map(|a| {
            (
                a.code.to_owned(),
                format!("{} ({})", airport_name(l, a), a.code),
            )
        })
        .collect()
}

/// Checks one input of the page.
pub fn blur_trip(id: &'static str) {
    let f = form();
    let value = f.trip.with_untracked(|t| t.value(id).to_owned());
    if value.trim().is_empty() {
        f.set_field_issues(id, Vec::new());
        return;
    }
    let opts = crate::answers::options();
    f.set_field_issues(id, checks::check_input(id, &value, &opts));
}

/// Every finding of the trip page.
pub fn trip_issues() -> Vec<FieldIssue> {
    let f = form();
    let opts = crate::answers::options();
    let trip = f.trip.get_untracked();
    let own: Vec<FieldIssue> = TRIP_IDS
        .iter()
        .flat_map(|id| {
            checks::check_input(id, trip.value(id), &opts)
                .into_iter()
                .map(|issue| FieldIssue {
                    id: (*id).to_owned(),
                    issue,
                })
        })
        .collect();
    let record = crate::answers::record();
    checks::merge(
        own,
        checks::record_issues_for(&record, &opts, Step::Trip, None),
    )
}

fn continue_trip() {
    let f = form();
    let issues = trip_issues();
    let blocking = issues.iter().any(|fi| fi.issue.is_error());
    f.errors.set(issues);
    if blocking {
        show_summary();
        return;
    }
    let next = f.return_to.get_untracked().unwrap_or(Step::Contact);
    f.return_to.set(None);
    f.go(next);
}

fn value(id: &'static str) -> Signal<String> {
    let f = form();
    Signal::derive(move || f.trip.with(|t| t.value(id).to_owned()))
}

fn setter(id: &'static str) -> Callback<String> {
    let f = form();
    Callback::new(move |v: String| {
        f.trip.update(|t| {
            if let Some(field) = t.field_mut(id) {
                *field = v;
            }
        });
    })
}

fn select_setter(id: &'static str) -> Callback<String> {
    let set = setter(id);
    Callback::new(move |v: String| {
        set.run(v);
        blur_trip(id);
    })
}

fn blur(id: &'static str) -> Callback<()> {
    Callback::new(move |()| blur_trip(id))
}

/// The trip page.
#[component]
pub fn TripStep() -> impl IntoView {
    let f = form();
    let departures = Signal::derive(move || airport_options(lang(), "TWN"));
    let arrivals = Signal::derive(move || airport_options(lang(), "JPN"));
    let purposes = Signal::derive(move || {
        let l = lang();
        Purpose::ALL
            .iter()
            .map(|p| (purpose_value(*p), l.purpose(*p).to_owned()))
            .collect::<Vec<_>>()
    });
    view! {
        <ErrorSummary />
        <Heading text=Signal::derive(move || lang().t(Key::TripTitle).to_owned()) />
        <TextField id="flight" label=Key::Flight hint=Key::FlightHint value=value("flight") on_input=setter("flight") on_blur=blur("flight") class="input-m" />
        <SelectField id="departure-airport" label=Key::DepartureAirport value=value("departure-airport") options=departures on_change=select_setter("departure-airport") />
        <SelectField id="arrival-airport" label=Key::ArrivalAirport value=value("arrival-airport") options=arrivals on_change=select_setter("arrival-airport") />
        <TextField id="departure-date" label=Key::DepartureDate hint=Key::DateHint value=value("departure-date") on_input=setter("departure-date") on_blur=blur("departure-date") inputmode="numeric" class="input-m" />
        <TextField id="arrival-date" label=Key::ArrivalDate hint=Key::DateHint value=value("arrival-date") on_input=setter("arrival-date") on_blur=blur("arrival-date") inputmode="numeric" class="input-m" />
        <SelectField id="purpose" label=Key::Purpose value=value("purpose") options=purposes on_change=select_setter("purpose") />
        <TextField id="address" label=Key::Address hint=Key::AddressHint value=value("address") on_input=setter("address") on_blur=blur("address") autocomplete="street-address" />
        <TextField id="stay-days" label=Key::StayDays value=value("stay-days") on_input=setter("stay-days") on_blur=blur("stay-days") inputmode="numeric" class="input-s" />
        <NavButtons on_back=Some(Callback::from(move || {
            f.current.set(0);
            f.go(Step::Personal);
        })) on_continue=continue_trip />
    }
}
