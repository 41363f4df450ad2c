//! ICAO Doc 9303 machine-readable zones.
//!
//! [`validate_mrz`] detects the format (TD1, TD2, TD3, MRV-A, MRV-B) from the
//! line count and lengths, checks every field and check digit, and returns an
//! [`MrzReport`]. It never panics, whatever the input.
//!
//! The steps of the reading are kept apart (`#[inline(never)]`) in the
//! WebAssembly build, where each inlined copy costs bytes on the wire;
//! natively they are left to the compiler, which inlines them (10 % fewer
//! instructions per valid passport, measured with callgrind).
//!
//! `grid` turns the text into fixed rows, `reading` applies every rule once
//! (spans and verdicts, no allocation), `report` renders the reading as the
//! Rust report; the JS facade renders the same reading its own ways.

mod check;
mod dates;
pub(crate) mod finding;
pub(crate) mod grid;
mod layout;
pub(crate) mod reading;
mod repair;
pub(crate) mod report;
mod text;

pub use check::{char_value, check_digit};
pub use text::MrzText;

use crate::date::Date;
use crate::issue::{Code, Issue};
pub(crate) use grid::Input;
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
    pub document_code: MrzText,
    /// Issuing state or organisation as printed (`D` for Germany).
    pub issuing_state: MrzText,
    /// Primary identifier.
    pub surname: MrzText,
    /// Secondary identifier.
    pub given_names: MrzText,
    /// Document number without fillers; long TD1/TD2 numbers joined.
    pub document_number: MrzText,
    /// Nationality as printed.
    pub nationality: MrzText,
    /// Date of birth.
    pub birth_date: Option<Date>,
    /// `M`, `F`, `X`, or `<` (unspecified).
    pub sex: MrzText,
    /// Date of expiry.
    pub expiry_date: Option<Date>,
    /// Optional data (TD3: personal number), fillers removed.
    pub optional_data: MrzText,
    /// TD1 line 2 optional data, fillers removed.
    pub optional_data2: MrzText,
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
    /// digits pass (or none fails), with the letters of
    /// `mrz.letterSuggestion` made too when every digit in a letters-only
    /// field has one. The report stays invalid.
    pub suggestion: Option<Suggestion>,
}

/// Validates a machine-readable zone.
///
/// `text` may have LF or CRLF line breaks, surrounding blanks, or the lines
/// run together (as a document reader types them). Two-digit years are
/// resolved against `today`: a date of birth is never after `today`; a date
/// of expiry lies within 50 years before and 49 after `today` (more than 20
/// years ahead is reported as implausible).
///
/// Nothing is corrected silently: lower-case letters and other characters
/// are reported where they stand, and a repair is only ever offered as
/// [`MrzReport::suggestion`] of an invalid report.
///
/// ```
/// use checker_wasm::{Date, validate_mrz};
/// let mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
///            L898902C36UTO7408122F1204159ZE184226B<<<<<10";
/// let report = validate_mrz(mrz, Date::new(2026, 11, 26).unwrap_or_else(|| unreachable!()));
/// assert!(report.valid);
/// assert_eq!(report.fields.document_number, "L898902C3");
/// ```
pub fn validate_mrz(text: &str, today: Date) -> MrzReport {
    // ASCII (nearly every MRZ) is read in one step; the rest as text.
    validate_mrz_bytes(text.as_bytes(), today)
}

/// [`validate_mrz`] for text given as bytes (as read from a file or
/// copied from a JS string): ASCII, the usual input, is read without
/// decoding it first; anything else is read as UTF-8 (invalid sequences as
/// U+FFFD, reported where they stand).
pub fn validate_mrz_bytes(bytes: &[u8], today: Date) -> MrzReport {
    report_input(read_bytes(bytes), today)
}

/// Reads text given as bytes.
pub(crate) fn read_bytes(bytes: &[u8]) -> Input {
    match grid::plain(bytes) {
        Some(g) => Input::Grid(g),
        None => grid::read(&String::from_utf8_lossy(bytes)),
    }
}

/// The Rust report of read text: of its grid's reading, or of why it
/// makes no grid (empty, no MRZ shape, lines of the wrong length).
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn report_input(input: Input, today: Date) -> MrzReport {
    match input {
        Input::Grid(g) => report::report(&reading::read(&g, today)),
        Input::Empty => failed(None, vec![Issue::new(Code::MrzEmpty, "mrz")]),
        Input::Shape(lengths) => failed(
            None,
            vec![Issue::new(Code::MrzFormat, "mrz").param("lengths", lengths)],
        ),
        Input::LineLength {
            nrows,
            width,
            first,
            wrong,
        } => {
            let format = reading::detect(nrows, width, first == Some('V'));
            let issues = wrong
                .into_iter()
                .map(|(line, found)| {
                    Issue::new(Code::MrzLineLength, "mrz")
                        .param("found", found)
                        .param("expected", width)
                        .at(line, 0, found)
                })
                .collect();
            failed(Some(format), issues)
        }
    }
}

// Not inlined in WebAssembly: its nine empty texts would be written out in
// every caller (120 bytes gzip).
#[cfg_attr(target_arch = "wasm32", inline(never))]
fn failed(format: Option<MrzFormat>, issues: Vec<Issue>) -> MrzReport {
    MrzReport {
        valid: false,
        format,
        fields: MrzFields::default(),
        issues,
        suggestion: None,
    }
}

/// `YYYY-MM-DD` as bytes (years 0–9999, as [`Date`] holds them).
pub(crate) fn iso_date(d: Date) -> [u8; 10] {
    let digit = |n: u16| b'0' + (n % 10) as u8;
    let y = d.year();
    let (m, day) = (u16::from(d.month()), u16::from(d.day()));
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ]
}

#[cfg(test)]
mod tests {
    use super::reading::{detect, sort_by_position, trim_fillers};
    use super::*;

    #[test]
    fn iso_dates_as_display_writes_them() {
        for (y, m, d) in [
            (1, 1, 1),
            (999, 12, 31),
            (1974, 8, 12),
            (2026, 11, 26),
            (9999, 12, 31),
        ] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(
                std::str::from_utf8(&iso_date(date)).unwrap(),
                date.to_string()
            );
        }
    }

    fn today() -> Date {
        Date::new(2026, 11, 26).unwrap()
    }

    const TD3: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

    #[test]
    fn issues_sorted_stably() {
        let mk = |line: Option<u8>, start: Option<u8>, field: &str| {
            let mut i = Issue::new(Code::MrzFiller, field);
            (i.line, i.start) = (line, start);
            i
        };
        let mut v = vec![
            mk(Some(1), Some(5), "a"),
            mk(Some(0), Some(9), "b"),
            mk(None, None, "c"),
            mk(Some(1), Some(5), "d"),
            mk(Some(0), Some(2), "e"),
            mk(Some(1), Some(0), "f"),
        ];
        let mut expected = v.clone();
        expected.sort_by_key(|i| (i.line, i.start));
        sort_by_position(&mut v, |i| (i.line, i.start));
        assert_eq!(v, expected);
    }

    #[test]
    fn formats_by_shape_and_code() {
        assert_eq!(detect(3, 30, false), MrzFormat::Td1);
        assert_eq!(detect(2, 36, false), MrzFormat::Td2);
        assert_eq!(detect(2, 36, true), MrzFormat::MrvB);
        assert_eq!(detect(2, 44, false), MrzFormat::Td3);
        assert_eq!(detect(2, 44, true), MrzFormat::MrvA);
    }

    #[test]
    fn specimen_reported_once_and_fields_read() {
        let r = validate_mrz(TD3, today());
        assert!(r.valid);
        let specimen: Vec<_> = r
            .issues
            .iter()
            .filter(|i| i.code == Code::MrzSpecimen)
            .collect();
        assert_eq!(specimen.len(), 1);
        assert_eq!(r.fields.given_names, "ANNA MARIA");
        assert_eq!(r.fields.optional_data, "ZE184226B");
        assert_eq!(r.fields.expiry_date, Date::new(2012, 4, 15));
    }

    #[test]
    fn invalid_char_names_its_field() {
        let r = validate_mrz(&TD3.replace("7408122F", "7408122f"), today());
        let i = r
            .issues
            .iter()
            .find(|i| i.code == Code::MrzInvalidChar)
            .unwrap();
        assert_eq!((i.field.as_str(), i.start), ("sex", Some(20)));
        assert_eq!(i.params["char"], "f");
        // Not repeated as a sex error, not upper-cased.
        assert!(!r.issues.iter().any(|i| i.code == Code::MrzSex));
        assert_eq!(r.fields.sex, "f");
    }

    #[test]
    fn filler_trimming() {
        let mut g = grid::read(TD3);
        let Input::Grid(g) = &mut g else { panic!() };
        let t = trim_fillers(grid::span(1, 28, 42), g);
        assert_eq!((t.start, t.end), (28, 37));
        let empty = trim_fillers(grid::span(0, 30, 44), g);
        assert_eq!(empty.len(), 0);
    }

    #[test]
    fn personal_number_check_digit_rules() {
        // Empty personal number: `<` and `0` both pass; any other digit fails.
        let empty = "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<";
        assert!(validate_mrz(&format!("{empty}08"), today()).valid);
        assert!(validate_mrz(&format!("{empty}<8"), today()).valid);
        let r = validate_mrz(&format!("{empty}18"), today());
        assert!(
            r.issues
                .iter()
                .any(|i| i.code == Code::MrzCheckDigit && i.field == "optionalData")
        );
    }
}
