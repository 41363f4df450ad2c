//! The error model: every finding is data.
//!
//! An [`Issue`] has a stable machine code ([`Code::code`]), a [`Severity`],
//! the field it concerns, for MRZ findings the line and 0-based column range,
//! parameters (e.g. the expected and the found check digit) and an English
//! message. User interfaces translate the code and the parameters; the
//! English message is for logs and developers.
//!
//! All codes are declared once, in the [`codes!`] table below; `docs/codes.md`
//! lists them and a test keeps the two in step.

mod params;

pub use params::Params;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Whether a finding blocks submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The traveler must fix it.
    Error,
    /// Worth a look; does not block.
    Warning,
}

/// Whether a template names a parameter.
const fn has_brace(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            return true;
        }
        i += 1;
    }
    false
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $sev:ident, $msg:literal; )*) => {
        /// Every finding the checker can report. Stable: a code's string
        /// never changes meaning once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable machine-readable code, e.g. `mrz.checkDigit`.
            pub const fn code(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The severity this code is reported with.
            pub const fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// English message template; `{name}` stands for a parameter.
            pub const fn template(self) -> &'static str {
                match self { $(Code::$variant => $msg,)* }
            }

            /// The template has no `{parameter}`: the message is the
            /// template itself (decided when compiling).
            const fn fixed_message(self) -> bool {
                match self { $(Code::$variant => const { !has_brace($msg) },)* }
            }

            /// Looks a code up by its string.
            pub fn from_code(s: &str) -> Option<Code> {
                match s { $($code => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    // ---- MRZ structure ----
    /// Nothing but blanks was given.
    MrzEmpty = "mrz.empty", Error, "The machine-readable zone is empty.";
    /// The line count and lengths match no Doc 9303 format.
    MrzFormat = "mrz.format", Error, "This does not look like a machine-readable zone: expected 2 lines of 44 or 36 characters, or 3 lines of 30 (found {lengths}).";
    /// One line has the wrong length for the detected format.
    MrzLineLength = "mrz.lineLength", Error, "Line {line} has {found} characters; {expected} expected.";
    /// A character outside A–Z, 0–9 and `<`.
    MrzInvalidChar = "mrz.invalidChar", Error, "Character '{char}' is not allowed in a machine-readable zone (only A–Z, 0–9 and <).";
    /// A check digit does not match its field.
    MrzCheckDigit = "mrz.checkDigit", Error, "Check digit for {field} is {found}; the field gives {expected}.";
    /// The TD3 personal-number check digit is `<` but the field is not empty.
    MrzPersonalNumberCheckDigit = "mrz.personalNumberCheckDigit", Error, "The personal number check digit may be < only when the personal number is empty.";
    /// Long document number whose check digit was computed over the filler too.
    MrzLongNumberFillerCheck = "mrz.longNumberFillerCheck", Warning, "The document number's check digit was computed with the filler included, as on some genuine cards.";
    /// A long document number continued in the optional data is malformed.
    MrzLongNumber = "mrz.longNumber", Error, "The document number continues in the optional data but has no check digit there.";
    /// A field that must be a number or date holds something else.
    MrzNotNumeric = "mrz.notNumeric", Error, "{field} must be digits; found '{found}'.";
    /// Unknown document code.
    MrzDocumentCode = "mrz.documentCode", Error, "Document code '{found}' is not valid for this format.";
    /// A passport (`P`) in the TD2 layout, as Germany's temporary passport
    /// (Vorläufiger Reisepass): Doc 9303 has passports in TD3 only.
    MrzTd2Passport = "mrz.shortLinePassport", Warning, "Passport '{found}' in the two-line 36-character layout (TD2), as Germany's temporary passport: not an ICAO Doc 9303 passport layout, so compare the data with the document.";
    /// Issuing state is not a known code.
    MrzIssuingState = "mrz.issuingState", Error, "Issuing state '{found}' is not a known country code.";
    /// Nationality is not a known code.
    MrzNationality = "mrz.nationality", Error, "Nationality '{found}' is not a known country code.";
    /// ICAO's specimen state `UTO`.
    MrzSpecimen = "mrz.specimen", Warning, "'UTO' is ICAO's specimen state: this is a sample document, not a real one.";
    /// Sex is not M, F, X or `<`.
    MrzSex = "mrz.sex", Error, "Sex must be M, F, X or <; found '{found}'.";
    /// A date that is not on the calendar.
    MrzDate = "mrz.date", Error, "{field} '{found}' is not a real date.";
    /// Expiry date resolved outside the plausible window.
    MrzExpiryRange = "mrz.expiryRange", Error, "Date of expiry {found} is too far from today to be plausible.";
    /// The document has expired.
    MrzExpired = "mrz.expired", Warning, "This document expired on {date}.";
    /// The name fills its whole field and may have been cut.
    MrzNameTruncated = "mrz.nameTruncated", Warning, "The name fills the whole field and may have been shortened on the document.";
    /// Neither a surname nor given names.
    MrzNameEmpty = "mrz.nameEmpty", Error, "The name field is empty.";
    /// A digit in the name, which no check digit covers: a misreading or a
    /// typing mistake (`5` for `S`, `0` for `O` …).
    MrzNameDigit = "mrz.nameDigit", Error, "The name has the digit '{char}' at line {line}, column {column}: names have letters only.";
    /// A digit where only letters belong (name, issuing state,
    /// nationality, document code) that is most likely one letter.
    MrzLetterSuggestion = "mrz.letterSuggestion", Warning, "'{found}' at line {line}, column {column} is most likely the letter '{expected}': no digits belong there.";
    /// A filler where a name, number or code is expected (e.g. leading `<`).
    MrzFiller = "mrz.filler", Error, "{field} starts with a filler (<) or has fillers in the wrong place.";
    /// A repair suggestion is available (see `suggestion`).
    MrzSuggestion = "mrz.suggestion", Warning, "Check digits pass if '{found}' at line {line}, column {column} is read as '{expected}'.";

    // ---- single fields ----
    /// A required field is empty.
    Required = "field.required", Error, "This field is required.";
    /// Longer than allowed.
    TooLong = "field.tooLong", Error, "At most {max} characters.";
    /// Free text holds a control character, a bidirectional override or isolate, or another invisible format character.
    HiddenChar = "text.hiddenChar", Error, "The text holds an invisible or control character ({codepoint}): remove it.";
    /// A name contains a character that cannot be written in Latin script or transliterated.
    NameChar = "name.invalidChar", Error, "'{char}' cannot be used in a name here: use Latin letters, spaces, hyphens and apostrophes.";
    /// A name is too long for the MRZ name field and will be truncated on documents.
    NameLong = "name.long", Warning, "This name is longer than an MRZ can hold; check it matches your document.";
    /// Native-script name field holds something other than kanji, kana or hanzi.
    NativeScript = "nativeName.script", Error, "Use Japanese or Chinese characters here (kanji, kana or hanzi); '{char}' is not one.";
    /// Not an ISO date `YYYY-MM-DD`.
    DateFormat = "date.format", Error, "Enter the date as YYYY-MM-DD.";
    /// ISO-shaped but not on the calendar.
    DateInvalid = "date.invalid", Error, "{found} is not a real date.";
    /// A date that must be in the past is in the future.
    DateFuture = "date.future", Error, "This date is in the future.";
    /// A date that must be today or later is in the past.
    DatePast = "date.past", Error, "This date is in the past.";
    /// Implausibly old birth date.
    DateTooOld = "date.tooOld", Error, "This date is too far in the past.";
    /// Not a known country code.
    CountryUnknown = "country.unknown", Error, "'{found}' is not a known country code (use 3 letters, e.g. TWN, JPN).";
    /// Sex not one of M, F, X.
    SexInvalid = "sex.invalid", Error, "Choose M, F or X.";
    /// Document number has the wrong shape.
    DocumentNumberFormat = "documentNumber.format", Error, "Document numbers have letters and digits only, at most {max}.";
    /// Document code has the wrong shape.
    DocumentCodeFormat = "documentCode.format", Error, "'{found}' is not a travel-document code (e.g. P, PN, ID, C, V).";
    /// Not an IATA flight designator.
    FlightFormat = "flight.format", Error, "Enter the flight as airline code and number, e.g. BR198 or JL 802.";
    /// Not a 3-letter airport code.
    AirportFormat = "airport.format", Error, "Enter a 3-letter airport code, e.g. TPE.";
    /// Airport code not in the table.
    AirportUnknown = "airport.unknown", Error, "'{found}' is not an airport we know for this trip.";
    /// Departure airport is not in Taiwan.
    AirportNotTaiwan = "airport.notTaiwan", Error, "The departure airport must be in Taiwan.";
    /// Arrival airport is not in Japan.
    AirportNotJapan = "airport.notJapan", Error, "The arrival airport must be in Japan.";
    /// Not an email address.
    EmailFormat = "email.format", Error, "Enter an email address like name@example.com.";
    /// Not E.164.
    PhoneFormat = "phone.format", Error, "Enter the phone number in international format, e.g. +886 912 345 678.";
    /// Not a Japanese postal code.
    PostalCodeFormat = "postalCode.format", Error, "Japanese postal codes look like 100-0001.";
    /// Purpose not one of the listed values.
    PurposeInvalid = "purpose.invalid", Error, "Choose a purpose of visit from the list.";
    /// Length of stay out of range.
    StayLength = "stay.length", Error, "Length of stay must be between 1 and {max} days.";
    /// Arrival before departure, or return before arrival.
    TripDatesOrder = "trip.datesOrder", Error, "{field} cannot be before {other}.";
    /// Document not valid for as long as the rule requires.
    DocumentValidity = "document.validity", Error, "The document expires on {expiry}; it must be valid until at least {required}.";
    /// Document already expired.
    DocumentExpired = "document.expired", Error, "The document expired on {expiry}.";
    /// Typed field disagrees with the MRZ.
    CrossMismatch = "cross.mismatch", Error, "This does not match the machine-readable zone, which says '{mrz}'.";
    /// A minor with no accompanying adult in the group.
    GroupMinorAlone = "group.minorUnaccompanied", Error, "A traveler under {age} must travel with an adult of the group.";
    /// Accompanying-adult link points nowhere sensible.
    GroupLink = "group.link", Error, "The accompanying adult must be another traveler of this group, aged {age} or over.";
    /// Too many travelers in one submission.
    GroupSize = "group.size", Error, "At most {max} travelers in one submission.";
    /// No travelers at all.
    RecordNoTravelers = "record.noTravelers", Error, "Add at least one traveler.";
    /// Unsupported record schema version.
    RecordSchema = "record.schema", Error, "Record schema {found} is not supported (expected {expected}).";
    /// Same document entered twice in one group.
    GroupDuplicate = "group.duplicateDocument", Error, "This document is already used by another traveler in this group.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Code::from_code(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown code {s}")))
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// Stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// The field concerned, in the JS API's camelCase (`documentNumber`,
    /// `travelers[1].birthDate`, `trip.flight` …).
    pub field: String,
    /// MRZ line (0-based), for MRZ findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u8>,
    /// First column (0-based, inclusive), for MRZ findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u8>,
    /// End column (0-based, exclusive), for MRZ findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u8>,
    /// Named parameters of the message.
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub params: Params,
    /// English message.
    pub message: String,
}

impl Issue {
    /// A finding with the code's default severity and no parameters.
    pub fn new(code: Code, field: impl Into<String>) -> Self {
        let mut issue = Issue {
            code,
            severity: code.severity(),
            field: field.into(),
            line: None,
            start: None,
            end: None,
            params: Params::new(),
            message: String::new(),
        };
        issue.render();
        issue
    }

    /// Adds a parameter (and re-renders the message).
    #[must_use]
    pub fn param(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.params.insert(name.to_owned(), value.to_string());
        self.render();
        self
    }

    /// Places the finding on an MRZ line, columns `start..end`.
    #[must_use]
    pub fn at(mut self, line: usize, start: usize, end: usize) -> Self {
        self.line = u8::try_from(line).ok();
        self.start = u8::try_from(start).ok();
        self.end = u8::try_from(end).ok();
        self.render();
        self
    }

    /// Overrides the severity.
    #[must_use]
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Whether this finding blocks.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn render(&mut self) {
        let mut out = String::with_capacity(self.code.template().len() + 16);
        render_into(&mut out, self.code, &self.field, self.line, |name| {
            self.params.get(name).map(String::as_str)
        });
        self.message = out;
    }
}

/// Appends the English message of `code`: `{field}` is `field`, `{line}`
/// the `line` parameter or else the 1-based `line`, any other `{name}` its
/// parameter (left as it is when there is none). The one renderer of
/// messages, for [`Issue`] and for reports written without one.
pub(crate) fn render_into<'p>(
    out: &mut String,
    code: Code,
    field: &str,
    line: Option<u8>,
    param: impl Fn(&str) -> Option<&'p str>,
) {
    let mut rest = code.template();
    if code.fixed_message() {
        out.push_str(rest);
        return;
    }
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        let (text, after) = rest.split_at(open);
        out.push_str(text);
        let after = after.get(1..).unwrap_or("");
        match after.split_once('}') {
            Some((name, tail)) => {
                match name {
                    "field" => out.push_str(field),
                    "line" => match (param("line"), line) {
                        (Some(v), _) => out.push_str(v),
                        (None, Some(l)) => out.push_str(&(usize::from(l) + 1).to_string()),
                        (None, None) => out.push('?'),
                    },
                    _ => match param(name) {
                        Some(v) => out.push_str(v),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    },
                }
                rest = tail;
            }
            None => {
                out.push('{');
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
}

/// True when no issue is an error.
pub fn no_errors(issues: &[Issue]) -> bool {
    !issues.iter().any(Issue::is_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_messages_are_the_templates_without_parameters() {
        for &code in Code::ALL {
            assert_eq!(
                code.fixed_message(),
                !code.template().contains('{'),
                "{code:?}"
            );
            if code.fixed_message() {
                let mut out = String::new();
                render_into(&mut out, code, "field", Some(0), |_| Some("x"));
                assert_eq!(out, code.template());
            }
        }
    }

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for &c in Code::ALL {
            assert!(seen.insert(c.code()), "duplicate code {}", c.code());
            assert_eq!(Code::from_code(c.code()), Some(c));
        }
        assert_eq!(Code::from_code("nope"), None);
    }

    #[test]
    fn message_renders_params() {
        let i = Issue::new(Code::MrzCheckDigit, "documentNumber")
            .param("expected", 3)
            .param("found", 4)
            .at(1, 9, 10);
        assert_eq!(
            i.message,
            "Check digit for documentNumber is 4; the field gives 3."
        );
        assert_eq!((i.line, i.start, i.end), (Some(1), Some(9), Some(10)));
        let json = serde_json::to_value(&i).unwrap_or_default();
        assert_eq!(json["code"], "mrz.checkDigit");
        assert_eq!(json["severity"], "error");
        assert_eq!(json["params"]["expected"], "3");
    }
}
