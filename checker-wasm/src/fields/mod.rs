//! Single form fields: formats and normalisers (the cross-check against an
//! MRZ is the record's: [`crate::record::cross_check`]).
//!
//! [`validate_field`] is the entry point used by the JavaScript API: one
//! [`FieldKind`], one typed value, the [`ValidateOptions`] (for `today`).
//! The same checks run inside [`crate::validate_record`], with field names
//! such as `travelers[0].surname`.
//!
//! Decisions (also in `docs/record.md`):
//! * Values are trimmed before checking. Empty required values give
//!   `field.required` and nothing else.
//! * Codes (document code and number, countries, sex, airports, flights)
//!   are accepted in lower case and compared upper-cased.
//! * Full-width ASCII (`ＢＲ１９８`, typed by Japanese and Chinese input
//!   methods) is folded to ASCII for names, flights, phones and postal
//!   codes.
//! * Japanese postal codes: `NNN-NNNN` or `NNNNNNN`, with ASCII or
//!   full-width digits, an optional leading `〒`, and the hyphen as `-`,
//!   `－`, `‐` or `−`; [`normalize_postal_code`] gives `NNN-NNNN`.

use crate::issue::{Code, Issue};
use crate::options::ValidateOptions;
use serde::{Deserialize, Serialize};

mod checks;

use checks::*;
pub use checks::{
    Flight, Purpose, age_on, country_iso, is_document_code, is_email, is_native_letter,
    is_native_punctuation, normalize_flight, normalize_phone, normalize_postal_code, parse_date,
    parse_flight, parse_purpose, parse_sex,
};
pub(crate) use checks::{check_document_number, check_stay_days};

/// Most characters in a Latin-script name component.
pub const MAX_NAME: usize = 100;
/// Most characters in a native-script name component.
pub const MAX_NATIVE_NAME: usize = 50;
/// Most characters in a document number (TD1 long numbers included).
pub const MAX_DOCUMENT_NUMBER: usize = 22;
/// Most characters in an email address (RFC 5321 path limit).
pub const MAX_EMAIL: usize = 254;
/// Most characters in free text (address, contact in Japan).
pub const MAX_TEXT: usize = 300;
/// Most characters accepted in a typed phone number (before normalising).
pub const MAX_PHONE_TYPED: usize = 32;
/// Oldest plausible age, in years, for a birth date.
pub const MAX_AGE_YEARS: u32 = 130;
/// Longest stay, in days.
pub const MAX_STAY_DAYS: u32 = 365;
/// Width of the narrowest MRZ name field (TD1); names whose MRZ form is
/// longer may appear truncated in an MRZ.
pub const MIN_MRZ_NAME_WIDTH: usize = 30;
/// Width of the widest MRZ name field (TD3, MRV-A); longer names are
/// truncated on every document (`name.long`).
pub const MAX_MRZ_NAME_WIDTH: usize = 39;

/// The kinds of field [`validate_field`] checks. Serialised in camelCase,
/// as the JavaScript API names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum FieldKind {
    /// Latin-script surname (required).
    Surname,
    /// Latin-script given names (optional: single-name documents).
    GivenNames,
    /// Native-script name (optional): kanji, kana, hanzi.
    NativeName,
    /// Document number, letters and digits.
    DocumentNumber,
    /// Document code: `P`, `PN`, `ID`, `C`, `V` …
    DocumentCode,
    /// Issuing state (3-letter code, or `D`).
    IssuingState,
    /// Nationality (3-letter code, or `D`).
    Nationality,
    /// Date of birth: not in the future, not more than 130 years ago.
    BirthDate,
    /// Date of expiry: not before today.
    ExpiryDate,
    /// `M`, `F` or `X`.
    Sex,
    /// IATA flight designator.
    Flight,
    /// Departure airport (Taiwan).
    DepartureAirport,
    /// Arrival airport (Japan).
    ArrivalAirport,
    /// Any ISO date `YYYY-MM-DD`.
    Date,
    /// Email address.
    Email,
    /// Phone number, E.164.
    Phone,
    /// Japanese postal code (optional).
    PostalCode,
    /// Purpose of visit, one of the [`Purpose`] names.
    Purpose,
    /// Length of stay in days, 1–365.
    LengthOfStay,
}

impl FieldKind {
    /// Every kind.
    pub const ALL: &'static [FieldKind] = &[
        FieldKind::Surname,
        FieldKind::GivenNames,
        FieldKind::NativeName,
        FieldKind::DocumentNumber,
        FieldKind::DocumentCode,
        FieldKind::IssuingState,
        FieldKind::Nationality,
        FieldKind::BirthDate,
        FieldKind::ExpiryDate,
        FieldKind::Sex,
        FieldKind::Flight,
        FieldKind::DepartureAirport,
        FieldKind::ArrivalAirport,
        FieldKind::Date,
        FieldKind::Email,
        FieldKind::Phone,
        FieldKind::PostalCode,
        FieldKind::Purpose,
        FieldKind::LengthOfStay,
    ];

    /// The camelCase name (also the `field` of its issues).
    pub const fn name(self) -> &'static str {
        match self {
            FieldKind::Surname => "surname",
            FieldKind::GivenNames => "givenNames",
            FieldKind::NativeName => "nativeName",
            FieldKind::DocumentNumber => "documentNumber",
            FieldKind::DocumentCode => "documentCode",
            FieldKind::IssuingState => "issuingState",
            FieldKind::Nationality => "nationality",
            FieldKind::BirthDate => "birthDate",
            FieldKind::ExpiryDate => "expiryDate",
            FieldKind::Sex => "sex",
            FieldKind::Flight => "flight",
            FieldKind::DepartureAirport => "departureAirport",
            FieldKind::ArrivalAirport => "arrivalAirport",
            FieldKind::Date => "date",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
            FieldKind::PostalCode => "postalCode",
            FieldKind::Purpose => "purpose",
            FieldKind::LengthOfStay => "lengthOfStay",
        }
    }

    /// Looks a kind up by its camelCase name.
    pub fn from_name(name: &str) -> Option<FieldKind> {
        FieldKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Whether an empty value is `field.required`. Given names, native
    /// names and postal codes are optional.
    pub const fn is_required(self) -> bool {
        !matches!(
            self,
            FieldKind::GivenNames | FieldKind::NativeName | FieldKind::PostalCode
        )
    }
}

/// Checks one field. Issues carry `kind.name()` as their field.
pub fn validate_field(kind: FieldKind, value: &str, options: &ValidateOptions) -> Vec<Issue> {
    check_field(kind, value, options, kind.name())
}

/// Checks one field, naming it `field` in the issues (e.g.
/// `travelers[0].surname`).
pub fn check_field(
    kind: FieldKind,
    value: &str,
    options: &ValidateOptions,
    field: &str,
) -> Vec<Issue> {
    let v = value.trim();
    if v.is_empty() {
        return if kind.is_required() {
            vec![Issue::new(Code::Required, field)]
        } else {
            Vec::new()
        };
    }
    // Positions are reported in the value as typed, blanks included.
    let lead = value.chars().take_while(|c| c.is_whitespace()).count();
    let one = |r: Result<(), Issue>| match r {
        Ok(()) => Vec::new(),
        Err(mut i) => {
            i.field = field.to_owned();
            if lead > 0 {
                let pos = i
                    .params
                    .get("position")
                    .and_then(|p| p.parse::<usize>().ok());
                if let Some(pos) = pos {
                    i = i.param("position", pos + lead);
                }
            }
            vec![i]
        }
    };
    match kind {
        FieldKind::Surname | FieldKind::GivenNames => one(check_latin_name(v)),
        FieldKind::NativeName => one(check_native_name(v)),
        FieldKind::DocumentNumber => one(check_document_number(v)),
        FieldKind::DocumentCode => one(check_document_code(v)),
        FieldKind::IssuingState | FieldKind::Nationality => one(check_country(v)),
        FieldKind::BirthDate => one(parse_date(v).and_then(|d| check_birth_date(d, options.today))),
        FieldKind::ExpiryDate => one(parse_date(v).and_then(|d| {
            if d < options.today {
                Err(Issue::new(Code::DocumentExpired, "").param("expiry", d))
            } else {
                Ok(())
            }
        })),
        FieldKind::Date => one(parse_date(v).map(|_| ())),
        FieldKind::Sex => one(parse_sex(v)
            .map(|_| ())
            .ok_or_else(|| Issue::new(Code::SexInvalid, ""))),
        FieldKind::Flight => one(normalize_flight(v)
            .map(|_| ())
            .ok_or_else(|| Issue::new(Code::FlightFormat, ""))),
        FieldKind::DepartureAirport => one(check_airport(v, "TWN")),
        FieldKind::ArrivalAirport => one(check_airport(v, "JPN")),
        FieldKind::Email => one(check_email(v)),
        FieldKind::Phone => one(normalize_phone(v)
            .map(|_| ())
            .ok_or_else(|| Issue::new(Code::PhoneFormat, ""))),
        FieldKind::PostalCode => one(normalize_postal_code(v)
            .map(|_| ())
            .ok_or_else(|| Issue::new(Code::PostalCodeFormat, ""))),
        FieldKind::Purpose => one(parse_purpose(v)
            .map(|_| ())
            .ok_or_else(|| Issue::new(Code::PurposeInvalid, ""))),
        FieldKind::LengthOfStay => one(check_length_of_stay(v)),
    }
}

#[cfg(test)]
mod tests;
