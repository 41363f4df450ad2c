//! ICAO Doc 9303 machine-readable zones.
//!
//! [`validate_mrz`] detects the format (TD1, TD2, TD3, MRV-A, MRV-B) from the
//! line count and lengths, checks every field and check digit, and returns an
//! [`MrzReport`]. It never panics, whatever the input.

use crate::date::Date;
use crate::issue::Issue;
use serde::{Deserialize, Serialize};

/// The five Doc 9303 layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MrzFormat {
    /// ID-1 card: 3 lines of 30.
    #[serde(rename = "TD1")]
    Td1,
    /// ID-2 card: 2 lines of 36.
    #[serde(rename = "TD2")]
    Td2,
    /// Passport booklet: 2 lines of 44.
    #[serde(rename = "TD3")]
    Td3,
    /// Visa, format A: 2 lines of 44.
    #[serde(rename = "MRVA")]
    MrvA,
    /// Visa, format B: 2 lines of 36.
    #[serde(rename = "MRVB")]
    MrvB,
}

impl MrzFormat {
    /// `(lines, characters per line)`.
    pub const fn shape(self) -> (usize, usize) {
        match self {
            MrzFormat::Td1 => (3, 30),
            MrzFormat::Td2 | MrzFormat::MrvB => (2, 36),
            MrzFormat::Td3 | MrzFormat::MrvA => (2, 44),
        }
    }

    /// The name used in the JS API (`"TD1"`, …, `"MRVA"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            MrzFormat::Td1 => "TD1",
            MrzFormat::Td2 => "TD2",
            MrzFormat::Td3 => "TD3",
            MrzFormat::MrvA => "MRVA",
            MrzFormat::MrvB => "MRVB",
        }
    }
}

/// The fields read from an MRZ. Names have fillers turned into single
/// spaces; dates are `None` when they are not real dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MrzFields {
    /// `P`, `PN`, `I`, `ID`, `AC`, `V`, … (fillers removed).
    pub document_code: String,
    /// Issuing state or organisation as printed (`D` for Germany).
    pub issuing_state: String,
    /// Primary identifier.
    pub surname: String,
    /// Secondary identifier.
    pub given_names: String,
    /// Document number without fillers; long TD1/TD2 numbers joined.
    pub document_number: String,
    /// Nationality as printed.
    pub nationality: String,
    /// Date of birth.
    pub birth_date: Option<Date>,
    /// `M`, `F`, `X`, or `<` (unspecified).
    pub sex: String,
    /// Date of expiry.
    pub expiry_date: Option<Date>,
    /// Optional data (TD3: personal number), fillers removed.
    pub optional_data: String,
    /// TD1 line 2 optional data, fillers removed.
    pub optional_data2: String,
}

/// A repair that makes every check digit pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The repaired lines.
    pub lines: Vec<String>,
}

/// Result of [`validate_mrz`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MrzReport {
    /// True exactly when no issue is an error.
    pub valid: bool,
    /// The detected layout, or `None` when none fits.
    pub format: Option<MrzFormat>,
    /// What was read (best effort even when invalid).
    pub fields: MrzFields,
    /// Findings, in line and column order.
    pub issues: Vec<Issue>,
    /// A repair, offered only when exactly one candidate makes all check
    /// digits pass. The report stays invalid.
    pub suggestion: Option<Suggestion>,
}

/// Validates a machine-readable zone.
///
/// `text` may have LF or CRLF line breaks, surrounding blanks, or the lines
/// run together (as a document reader types them). Two-digit years are
/// resolved against `today`.
pub fn validate_mrz(text: &str, today: Date) -> MrzReport {
    let _ = (text, today);
    MrzReport {
        valid: false,
        format: None,
        fields: MrzFields::default(),
        issues: vec![Issue::new(crate::issue::Code::MrzEmpty, "mrz")],
        suggestion: None,
    }
}
