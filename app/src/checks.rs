//! Glue between the form and checker-wasm: which checker field each input
//! is, the record built from the answers, and which findings belong to
//! which page.

use crate::state::{ContactDraft, FieldIssue, Step, TravelerDraft, TripDraft};
use checker_wasm::fields::{self, FieldKind};
use checker_wasm::record::{Contact, Purpose, SCHEMA_VERSION, Traveler, Trip};
use checker_wasm::{
    Date, Issue, TravelRecord, ValidateOptions, ValidityRule, validate_mrz, validate_record,
};

/// One table per draft: the page's input ids, in page order, and the draft
/// field each one edits. Generates the id list and the draft's accessors.
macro_rules! draft_inputs {
    ($(#[$doc:meta])* $ids:ident: $draft:ty { $($id:literal => $field:ident),+ $(,)? }) => {
        $(#[$doc])*
        pub const $ids: &[&str] = &[$($id),+];

        impl $draft {
            /// The value of an input of this draft's page (empty for other ids).
            pub fn value(&self, id: &str) -> &str {
                match id {
                    $($id => &self.$field,)+
                    _ => "",
                }
            }

            /// The draft field behind an input of this draft's page.
            pub fn field_mut(&mut self, id: &str) -> Option<&mut String> {
                match id {
                    $($id => Some(&mut self.$field),)+
                    _ => None,
                }
            }
        }
    };
}

draft_inputs! {
    /// Inputs of the personal-details page, in page order.
    PERSONAL_IDS: TravelerDraft {
        "surname" => surname,
        "given-names" => given_names,
        "document-number" => document_number,
        "issuing-state" => issuing_state,
        "nationality" => nationality,
        "birth-date" => birth_date,
        "sex" => sex,
        "expiry-date" => expiry_date,
    }
}

draft_inputs! {
    /// Inputs of the trip page, in page order.
    TRIP_IDS: TripDraft {
        "flight" => flight,
        "departure-airport" => departure_airport,
        "arrival-airport" => arrival_airport,
        "departure-date" => departure_date,
        "arrival-date" => arrival_date,
        "purpose" => purpose,
        "address" => address,
        "stay-days" => stay_days,
    }
}

draft_inputs! {
    /// Inputs of the contact page.
    CONTACT_IDS: ContactDraft {
        "email" => email,
        "phone" => phone,
    }
}

/// Today's local calendar date from the browser clock (1970-01-01 if the
/// clock is unusable, which makes date checks fail loudly rather than pass).
pub fn today() -> Date {
    #[cfg(target_arch = "wasm32")]
    {
        let now = js_sys::Date::new_0();
        let parts = (
            u16::try_from(now.get_full_year()).ok(),
            u8::try_from(now.get_month() + 1).ok(),
            u8::try_from(now.get_date()).ok(),
        );
        if let (Some(y), Some(m), Some(d)) = parts
            && let Some(date) = Date::new(y, m, d)
        {
            return date;
        }
    }
    EPOCH
}

/// 1970-01-01, checked at compile time.
const EPOCH: Date = match Date::new(1970, 1, 1) {
    Some(d) => d,
    None => unreachable!(),
};

/// Checker options for today and the agency's validity rule.
pub fn options(validity: ValidityRule) -> ValidateOptions {
    let mut o = ValidateOptions::new(today());
    o.validity = validity;
    o
}

/// The checker kind of an input.
pub fn kind_of(id: &str) -> Option<FieldKind> {
    Some(match id {
        "surname" => FieldKind::Surname,
        "given-names" => FieldKind::GivenNames,
        "document-number" => FieldKind::DocumentNumber,
        "issuing-state" => FieldKind::IssuingState,
        "nationality" => FieldKind::Nationality,
        "birth-date" => FieldKind::BirthDate,
        "sex" => FieldKind::Sex,
        "expiry-date" => FieldKind::ExpiryDate,
        "flight" => FieldKind::Flight,
        "departure-airport" => FieldKind::DepartureAirport,
        "arrival-airport" => FieldKind::ArrivalAirport,
        "departure-date" | "arrival-date" => FieldKind::Date,
        "purpose" => FieldKind::Purpose,
        "stay-days" => FieldKind::LengthOfStay,
        "email" => FieldKind::Email,
        "phone" => FieldKind::Phone,
        _ => return None,
    })
}

/// Free-text inputs without a checker kind: required, at most `max`
/// characters, no invisible or control characters (the checker's rule).
fn check_free_text(value: &str, max: usize) -> Vec<Issue> {
    checker_wasm::text::check_free_text(value, true, max, "addressInJapan")
}

/// Most characters in the address field.
pub const MAX_ADDRESS: usize = 200;

/// Checks one input on its own.
pub fn check_input(id: &str, value: &str, opts: &ValidateOptions) -> Vec<Issue> {
    match kind_of(id) {
        Some(kind) => fields::validate_field(kind, value, opts),
        None if id == "address" => check_free_text(value, MAX_ADDRESS),
        None => Vec::new(),
    }
}

/// The checker record from the answers (values normalised where the
/// checker can; unparseable values kept so the checker reports them).
pub fn build_record(
    travelers: &[TravelerDraft],
    trip: &TripDraft,
    contact: &ContactDraft,
) -> TravelRecord {
    let travelers = travelers
        .iter()
        .map(|t| Traveler {
            document_code: if t.document_code.trim().is_empty() {
                "P".to_owned()
            } else {
                t.document_code.trim().to_owned()
            },
            document_number: t.document_number.trim().to_ascii_uppercase(),
            issuing_state: t.issuing_state.trim().to_ascii_uppercase(),
            expiry_date: t.expiry_date.trim().to_owned(),
            surname: t.surname.trim().to_owned(),
            given_names: t.given_names.trim().to_owned(),
            native_surname: None,
            native_given_names: None,
            birth_date: t.birth_date.trim().to_owned(),
            sex: t.sex.trim().to_ascii_uppercase(),
            nationality: t.nationality.trim().to_ascii_uppercase(),
            mrz: normalized_mrz(&t.mrz),
            accompanied_by: t.accompanied_by,
        })
        .collect();
    let trip = Trip {
        flight: fields::normalize_flight(&trip.flight)
            .unwrap_or_else(|| trip.flight.trim().to_owned()),
        departure_airport: trip.departure_airport.trim().to_owned(),
        arrival_airport: trip.arrival_airport.trim().to_owned(),
        departure_date: trip.departure_date.trim().to_owned(),
        arrival_date: trip.arrival_date.trim().to_owned(),
        purpose: fields::parse_purpose(&trip.purpose).unwrap_or(Purpose::Other),
        address_in_japan: trip.address.trim().to_owned(),
        postal_code: None,
        contact_in_japan: None,
        length_of_stay_days: trip.stay_days.trim().parse().unwrap_or(0),
    };
    let contact = Contact {
        email: contact.email.trim().to_owned(),
        phone: fields::normalize_phone(&contact.phone)
            .unwrap_or_else(|| contact.phone.trim().to_owned()),
    };
    TravelRecord {
        schema: SCHEMA_VERSION,
        travelers,
        trip,
        contact,
    }
}

/// The MRZ lines, upper-cased, blank lines and surrounding blanks removed.
pub fn normalized_mrz(text: &str) -> Option<String> {
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim().to_ascii_uppercase())
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// Where a checker field is answered: the page, the traveler, the input id.
pub fn locate(field: &str) -> Option<(Step, Option<usize>, String)> {
    if let Some(rest) = field.strip_prefix("travelers[") {
        let (index, leaf) = rest.split_once(']')?;
        let index: usize = index.parse().ok()?;
        let leaf = leaf.trim_start_matches('.');
        let (step, id) = match leaf {
            "mrz" | "documentCode" => (Step::Document, "mrz".to_owned()),
            "accompaniedBy" => (Step::Companions, format!("accompanied-by-{index}")),
            "" => (Step::Companions, "add-traveler".to_owned()),
            other => (Step::Personal, personal_id(other)?.to_owned()),
        };
        return Some((step, Some(index), id));
    }
    if let Some(leaf) = field.strip_prefix("trip.") {
        return Some((Step::Trip, None, input_among(leaf, TRIP_INPUTS)?.to_owned()));
    }
    if let Some(leaf) = field.strip_prefix("contact.") {
        return Some((
            Step::Contact,
            None,
            input_among(leaf, CONTACT_INPUTS)?.to_owned(),
        ));
    }
    if field == "travelers" {
        return Some((Step::Companions, None, "add-traveler".to_owned()));
    }
    None
}

fn personal_id(leaf: &str) -> Option<&'static str> {
    input_among(leaf, PERSONAL_INPUTS)
}

/// The inputs of the personal, trip and contact pages.
const PERSONAL_INPUTS: &[&str] = &[
    "surname",
    "given-names",
    "document-number",
    "issuing-state",
    "nationality",
    "birth-date",
    "sex",
    "expiry-date",
];
const TRIP_INPUTS: &[&str] = &[
    "flight",
    "departure-airport",
    "arrival-airport",
    "departure-date",
    "arrival-date",
    "purpose",
    "address",
    "stay-days",
];
const CONTACT_INPUTS: &[&str] = &["email", "phone"];

/// Every input of the form, page by page (document, personal, trip,
/// contact, companions).
pub const FORM_INPUTS: &[&[&str]] = &[
    &["mrz"],
    PERSONAL_INPUTS,
    TRIP_INPUTS,
    CONTACT_INPUTS,
    &["accompanied-by"],
];

/// The input of a record field's name (one mapping of names to inputs,
/// [`crate::i18n::input_of_field`]), when it is one of `page`'s.
fn input_among(leaf: &str, page: &[&'static str]) -> Option<&'static str> {
    crate::i18n::input_of_field(leaf).filter(|id| page.contains(id))
}

/// Cross-checks a traveler's typed details with their MRZ (when they gave one).
pub fn cross_issues(t: &TravelerDraft, today: Date) -> Vec<(String, Issue)> {
    let Some(mrz) = normalized_mrz(&t.mrz) else {
        return Vec::new();
    };
    let report = validate_mrz(&mrz, today);
    let record = build_record(
        std::slice::from_ref(t),
        &TripDraft::default(),
        &ContactDraft::default(),
    );
    let Some(traveler) = record.travelers.first() else {
        return Vec::new();
    };
    checker_wasm::record::cross_check(traveler, &report.fields, "")
        .into_iter()
        .filter_map(|i| Some((personal_id(&i.field)?.to_owned(), i)))
        .collect()
}

/// Findings of a personal-details input: its own checks, then (if none)
/// the cross-check with the MRZ.
pub fn personal_input_issues(t: &TravelerDraft, id: &str, opts: &ValidateOptions) -> Vec<Issue> {
    let own = check_input(id, t.value(id), opts);
    if own.iter().any(Issue::is_error) {
        return own;
    }
    let mut out = own;
    out.extend(
        cross_issues(t, opts.today)
            .into_iter()
            .filter(|(i, _)| i == id)
            .map(|(_, issue)| issue),
    );
    out
}

/// Whole-record findings for one page (and, for traveler pages, one traveler).
pub fn record_issues_for(
    record: &TravelRecord,
    opts: &ValidateOptions,
    step: Step,
    traveler: Option<usize>,
) -> Vec<FieldIssue> {
    validate_record(record, opts)
        .into_iter()
        .filter_map(|issue| {
            let (s, t, id) = locate(&issue.field)?;
            let traveler_matches = traveler.is_none() || t.is_none() || t == traveler;
            (s == step && traveler_matches).then_some(FieldIssue { id, issue })
        })
        .collect()
}

/// Adds record findings for inputs that have no finding of their own yet.
pub fn merge(mut own: Vec<FieldIssue>, extra: Vec<FieldIssue>) -> Vec<FieldIssue> {
    for fi in extra {
        let already = own
            .iter()
            .any(|o| o.id == fi.id && (o.issue.is_error() || o.issue.code == fi.issue.code));
        if !already {
            own.push(fi);
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_id_has_its_own_draft_field() {
        fn round_trip<D: Default>(
            ids: &[&str],
            value: for<'a, 'b> fn(&'a D, &'b str) -> &'a str,
            field_mut: for<'a, 'b> fn(&'a mut D, &'b str) -> Option<&'a mut String>,
        ) {
            let mut d = D::default();
            for id in ids {
                *field_mut(&mut d, id).unwrap() = format!("v-{id}");
            }
            for id in ids {
                assert_eq!(value(&d, id), format!("v-{id}"));
            }
            assert_eq!(value(&d, "nonsense"), "");
            assert!(field_mut(&mut d, "nonsense").is_none());
        }
        round_trip(PERSONAL_IDS, TravelerDraft::value, TravelerDraft::field_mut);
        round_trip(TRIP_IDS, TripDraft::value, TripDraft::field_mut);
        round_trip(CONTACT_IDS, ContactDraft::value, ContactDraft::field_mut);
        let t = TravelerDraft {
            birth_date: "1990-01-02".into(),
            ..Default::default()
        };
        assert_eq!(t.value("birth-date"), "1990-01-02");
        assert_eq!(t.value("expiry-date"), "");
    }

    #[test]
    fn locates_checker_fields() {
        assert_eq!(
            locate("travelers[2].birthDate"),
            Some((Step::Personal, Some(2), "birth-date".to_owned()))
        );
        assert_eq!(
            locate("trip.lengthOfStayDays"),
            Some((Step::Trip, None, "stay-days".to_owned()))
        );
        assert_eq!(
            locate("contact.phone"),
            Some((Step::Contact, None, "phone".to_owned()))
        );
        assert_eq!(
            locate("travelers[1].accompaniedBy"),
            Some((Step::Companions, Some(1), "accompanied-by-1".to_owned()))
        );
        assert_eq!(locate("travelers[x].surname"), None);
        assert_eq!(locate("nonsense"), None);
    }

    #[test]
    fn record_is_normalised() {
        let t = TravelerDraft {
            surname: " Lin ".into(),
            nationality: "twn".into(),
            mrz: "p<abc\n\n  x  ".into(),
            ..Default::default()
        };
        let trip = TripDraft {
            flight: "br 0198".into(),
            purpose: "visitingFamily".into(),
            stay_days: "7".into(),
            ..Default::default()
        };
        let contact = ContactDraft {
            email: "a@b.tw".into(),
            phone: "+886 912 345 678".into(),
        };
        let r = build_record(&[t], &trip, &contact);
        assert_eq!(r.travelers[0].surname, "Lin");
        assert_eq!(r.travelers[0].nationality, "TWN");
        assert_eq!(r.travelers[0].document_code, "P");
        assert_eq!(r.travelers[0].mrz.as_deref(), Some("P<ABC\nX"));
        assert_eq!(r.trip.flight, "BR198");
        assert_eq!(r.trip.purpose, Purpose::VisitingFamily);
        assert_eq!(r.trip.length_of_stay_days, 7);
        assert_eq!(r.contact.phone, "+886912345678");
    }

    #[test]
    fn address_is_required_and_bounded() {
        let opts = ValidateOptions::new(Date::new(2026, 11, 26).unwrap());
        assert_eq!(
            check_input("address", "  ", &opts)[0].code,
            checker_wasm::Code::Required
        );
        assert!(check_input("address", "Hotel Tokyo", &opts).is_empty());
        assert_eq!(
            check_input("address", &"x".repeat(201), &opts)[0].code,
            checker_wasm::Code::TooLong
        );
        assert_eq!(
            check_input("email", "nope", &opts)[0].code,
            checker_wasm::Code::EmailFormat
        );
    }
}
