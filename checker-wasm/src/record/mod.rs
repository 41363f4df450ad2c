//! The record that travelers submit and agencies receive.
//!
//! Defined once, here, and documented in `docs/record.md`. All values that a
//! person types are kept as strings so that a wrong value is reported as a
//! finding by [`validate_record`] rather than lost in deserialisation.

use crate::date::Date;
use crate::fields::{self, FieldKind, check_field, check_stay_days};
use crate::issue::{Code, Issue};
use crate::mrz::validate_mrz;
use crate::translit;
use serde::{Deserialize, Serialize};

mod cross;

pub use crate::fields::Purpose;
pub use crate::options::{ValidateOptions, ValidityRule};
pub use cross::cross_check;

/// Current version of the record schema.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole submission: one or more travelers on one trip, one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TravelRecord {
    /// Schema version, [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The travelers; the first is the one filling the form.
    pub travelers: Vec<Traveler>,
    /// The trip, shared by the group.
    pub trip: Trip,
    /// How to reach the group.
    pub contact: Contact,
}

/// One traveler.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Traveler {
    /// Document code: `P`, `PN`, `ID`, `C`, `V` …
    pub document_code: String,
    /// Document number as printed (no fillers).
    pub document_number: String,
    /// Issuing state (ISO 3166-1 alpha-3 or a Doc 9303 code).
    pub issuing_state: String,
    /// Date of expiry, `YYYY-MM-DD`.
    pub expiry_date: String,
    /// Surname in Latin script, as on the document.
    pub surname: String,
    /// Given names in Latin script (may be empty for single-name documents).
    pub given_names: String,
    /// Surname in native script (kanji, kana, hanzi), optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_surname: Option<String>,
    /// Given names in native script, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_given_names: Option<String>,
    /// Date of birth, `YYYY-MM-DD`.
    pub birth_date: String,
    /// `M`, `F` or `X`.
    pub sex: String,
    /// Nationality (3-letter code).
    pub nationality: String,
    /// The MRZ as read or typed, lines separated by `\n`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mrz: Option<String>,
    /// For a minor: index (in `travelers`) of the accompanying adult.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accompanied_by: Option<usize>,
}

/// The trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Trip {
    /// IATA flight designator, e.g. `BR198`.
    pub flight: String,
    /// IATA code of the departure airport (Taiwan).
    pub departure_airport: String,
    /// IATA code of the arrival airport (Japan).
    pub arrival_airport: String,
    /// Departure date, `YYYY-MM-DD`.
    pub departure_date: String,
    /// Arrival date, `YYYY-MM-DD`.
    pub arrival_date: String,
    /// Purpose of the visit.
    pub purpose: Purpose,
    /// Address (or place of stay) in Japan.
    pub address_in_japan: String,
    /// Japanese postal code of that address, `NNN-NNNN`, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Name and phone of a contact in Japan, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_in_japan: Option<String>,
    /// Intended length of stay in days.
    pub length_of_stay_days: u32,
}

/// How to reach the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Contact {
    /// Email address.
    pub email: String,
    /// Phone number, E.164 (`+886912345678`).
    pub phone: String,
}

/// Validates a whole record: every field, the cross-checks against each
/// MRZ, the trip dates and document validity, and the group rules.
///
/// Issues name their field by its JSON path (`travelers[0].surname`,
/// `travelers[1].mrz.documentNumber`, `trip.flight`, `contact.email` …);
/// see `docs/record.md`. Never panics.
pub fn validate_record(record: &TravelRecord, options: &ValidateOptions) -> Vec<Issue> {
    let mut out = Vec::new();
    if record.schema != SCHEMA_VERSION {
        out.push(
            Issue::new(Code::RecordSchema, "schema")
                .param("found", record.schema)
                .param("expected", SCHEMA_VERSION),
        );
    }
    if record.travelers.is_empty() {
        out.push(Issue::new(Code::RecordNoTravelers, "travelers"));
    } else if record.travelers.len() > options.max_travelers {
        out.push(Issue::new(Code::GroupSize, "travelers").param("max", options.max_travelers));
    }

    // The trip first: its dates feed the per-traveler checks.
    let trip = &record.trip;
    let field = |f: FieldKind, v: &str, name: &str, out: &mut Vec<Issue>| {
        out.extend(check_field(f, v, options, name));
    };
    field(FieldKind::Flight, &trip.flight, "trip.flight", &mut out);
    field(
        FieldKind::DepartureAirport,
        &trip.departure_airport,
        "trip.departureAirport",
        &mut out,
    );
    field(
        FieldKind::ArrivalAirport,
        &trip.arrival_airport,
        "trip.arrivalAirport",
        &mut out,
    );
    let departure = trip_date(&trip.departure_date, "trip.departureDate", &mut out);
    let arrival = trip_date(&trip.arrival_date, "trip.arrivalDate", &mut out);
    if let Some(d) = departure
        && d < options.today
    {
        out.push(
            Issue::new(Code::TripDatesOrder, "trip.departureDate")
                .param("other", "today")
                .param("today", options.today),
        );
    }
    if let (Some(d), Some(a)) = (departure, arrival)
        && a < d
    {
        out.push(
            Issue::new(Code::TripDatesOrder, "trip.arrivalDate")
                .param("other", "trip.departureDate"),
        );
    }
    text(
        &trip.address_in_japan,
        true,
        "trip.addressInJapan",
        &mut out,
    );
    if let Some(pc) = &trip.postal_code {
        field(FieldKind::PostalCode, pc, "trip.postalCode", &mut out);
    }
    if let Some(c) = &trip.contact_in_japan {
        text(c, false, "trip.contactInJapan", &mut out);
    }
    if let Err(mut i) = check_stay_days(trip.length_of_stay_days) {
        i.field = "trip.lengthOfStayDays".to_owned();
        out.push(i);
    }
    field(
        FieldKind::Email,
        &record.contact.email,
        "contact.email",
        &mut out,
    );
    field(
        FieldKind::Phone,
        &record.contact.phone,
        "contact.phone",
        &mut out,
    );

    // The day ages and validity are judged on: arrival, else today.
    let on = arrival.unwrap_or(options.today);
    let required_until = arrival.and_then(|a| required_validity(a, trip, options.validity));

    let mut births: Vec<Option<Date>> = Vec::with_capacity(record.travelers.len());
    // (issuing state, number) → first traveler, kept sorted: a group is
    // small, and a hash map would bring hashing code into the module.
    let mut seen: Vec<((String, String), usize)> = Vec::new();
    for (i, t) in record.travelers.iter().enumerate() {
        let p = format!("travelers[{i}]");
        let f = |name: &str| format!("{p}.{name}");
        for (kind, value, name) in [
            (FieldKind::DocumentCode, &t.document_code, "documentCode"),
            (
                FieldKind::DocumentNumber,
                &t.document_number,
                "documentNumber",
            ),
            (FieldKind::IssuingState, &t.issuing_state, "issuingState"),
            (FieldKind::Surname, &t.surname, "surname"),
            (FieldKind::GivenNames, &t.given_names, "givenNames"),
            (FieldKind::BirthDate, &t.birth_date, "birthDate"),
            (FieldKind::Sex, &t.sex, "sex"),
            (FieldKind::Nationality, &t.nationality, "nationality"),
        ] {
            field(kind, value, &f(name), &mut out);
        }
        for (value, name) in [
            (&t.native_surname, "nativeSurname"),
            (&t.native_given_names, "nativeGivenNames"),
        ] {
            if let Some(v) = value {
                field(FieldKind::NativeName, v, &f(name), &mut out);
            }
        }
        let names_ok = translit::first_invalid(&t.surname).is_none()
            && translit::first_invalid(&t.given_names).is_none()
            && t.surname.chars().count() <= fields::MAX_NAME
            && t.given_names.chars().count() <= fields::MAX_NAME;
        if names_ok
            && translit::full_mrz_name(&t.surname, &t.given_names).len()
                > fields::MAX_MRZ_NAME_WIDTH
        {
            let target = if t.given_names.trim().is_empty() {
                "surname"
            } else {
                "givenNames"
            };
            out.push(
                Issue::new(Code::NameLong, f(target)).param("max", fields::MAX_MRZ_NAME_WIDTH),
            );
        }

        // Expiry and the validity rule.
        match fields::parse_date(&t.expiry_date) {
            Err(mut e) => {
                if t.expiry_date.trim().is_empty() {
                    e = Issue::new(Code::Required, "");
                }
                e.field = f("expiryDate");
                out.push(e);
            }
            Ok(expiry) => {
                if expiry < options.today || expiry < on {
                    out.push(
                        Issue::new(Code::DocumentExpired, f("expiryDate")).param("expiry", expiry),
                    );
                } else if let Some(required) = required_until
                    && expiry < required
                {
                    out.push(
                        Issue::new(Code::DocumentValidity, f("expiryDate"))
                            .param("expiry", expiry)
                            .param("required", required),
                    );
                }
            }
        }

        // The MRZ and the cross-check.
        if let Some(text) = t.mrz.as_deref().filter(|m| !m.trim().is_empty()) {
            let report = validate_mrz(text, options.today);
            let base = f("mrz");
            for mut issue in report.issues {
                issue.field = if issue.field.is_empty() || issue.field == "mrz" {
                    base.clone()
                } else {
                    format!("{base}.{}", issue.field)
                };
                out.push(issue);
            }
            if report.format.is_some() {
                out.extend(cross_check(t, &report.fields, &p));
            }
        }

        // Duplicate documents (same issuing state and number).
        let number = t.document_number.trim().to_ascii_uppercase();
        if !number.is_empty() {
            let state = fields::country_iso(&t.issuing_state).map_or_else(
                || t.issuing_state.trim().to_ascii_uppercase(),
                str::to_owned,
            );
            let key = (state, number);
            match seen.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(at) => out.push(
                    Issue::new(Code::GroupDuplicate, f("documentNumber"))
                        .param("other", seen[at].1),
                ),
                Err(at) => seen.insert(at, (key, i)),
            }
        }
        births.push(Date::parse_iso(t.birth_date.trim()).ok());
    }

    // The group rule: minors travel with an adult of the group.
    let adult = |j: usize| {
        births
            .get(j)
            .copied()
            .flatten()
            .is_some_and(|b| b <= on && fields::age_on(b, on) >= options.adult_age)
    };
    for (i, t) in record.travelers.iter().enumerate() {
        let link = format!("travelers[{i}].accompaniedBy");
        let minor = births
            .get(i)
            .copied()
            .flatten()
            .is_some_and(|b| b <= on && fields::age_on(b, on) < options.adult_age);
        match t.accompanied_by {
            Some(j) if j == i || j >= record.travelers.len() || (minor && !adult(j)) => {
                out.push(Issue::new(Code::GroupLink, link).param("age", options.adult_age));
            }
            None if minor => {
                out.push(Issue::new(Code::GroupMinorAlone, link).param("age", options.adult_age));
            }
            _ => {}
        }
    }
    out
}

/// The last day the document must be valid on, under `rule`, for a trip
/// arriving on `arrival`.
pub fn required_validity(arrival: Date, trip: &Trip, rule: ValidityRule) -> Option<Date> {
    match rule {
        ValidityRule::OnArrival => Some(arrival),
        ValidityRule::WholeStay => arrival.add_days(i64::from(trip.length_of_stay_days)),
        ValidityRule::Months { months } => arrival.add_months(i32::from(months)),
    }
}

fn trip_date(value: &str, name: &str, out: &mut Vec<Issue>) -> Option<Date> {
    if value.trim().is_empty() {
        out.push(Issue::new(Code::Required, name));
        return None;
    }
    match fields::parse_date(value) {
        Ok(d) => Some(d),
        Err(mut e) => {
            e.field = name.to_owned();
            out.push(e);
            None
        }
    }
}

fn text(value: &str, required: bool, name: &str, out: &mut Vec<Issue>) {
    out.extend(crate::text::check_free_text(
        value,
        required,
        fields::MAX_TEXT,
        name,
    ));
}
