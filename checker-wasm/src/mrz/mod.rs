//! ICAO Doc 9303 machine-readable zones.
//!
//! [`validate_mrz`] detects the format (TD1, TD2, TD3, MRV-A, MRV-B) from the
//! line count and lengths, checks every field and check digit, and returns an
//! [`MrzReport`]. It never panics, whatever the input.

mod check;
mod dates;
mod fast;
mod grid;
mod layout;
mod repair;

pub use check::{char_value, check_digit};

use crate::countries;
use crate::date::Date;
use crate::issue::{Code, Issue};
#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
pub(crate) use fast::Findings;
pub(crate) use fast::Quick;
#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
pub(crate) use fast::Text;
#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
pub(crate) use grid::MAX_INPUT;
pub(crate) use grid::Span;
use grid::{Grid, Input};
use layout::{DocCode, Layout, LongNumber, Outcome};
#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
pub(crate) use repair::Change;
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
    with_mrz(text, today, (), |(), q| q.report(), |(), r| r)
}

/// [`validate_mrz`] without the fast path: the reference the fast path is
/// tested against. Not part of the API.
#[doc(hidden)]
pub fn validate_mrz_full(text: &str, today: Date) -> MrzReport {
    full(grid::read(text), today)
}

/// Validates `text`, handing the common case (see `fast`) to `quick`
/// before any report is built, and everything else to `other`; `state`
/// goes to whichever runs.
pub(crate) fn with_mrz<S, R>(
    text: &str,
    today: Date,
    state: S,
    quick: impl FnOnce(S, &Quick<'_>) -> R,
    other: impl FnOnce(S, MrzReport) -> R,
) -> R {
    with_input(grid::read(text), today, state, quick, other)
}

fn with_input<S, R>(
    input: Input,
    today: Date,
    state: S,
    quick: impl FnOnce(S, &Quick<'_>) -> R,
    other: impl FnOnce(S, MrzReport) -> R,
) -> R {
    if let Input::Grid(g) = &input
        && let Some(q) = fast::scan(g, today)
    {
        return quick(state, &q);
    }
    other(state, full(input, today))
}

/// [`with_mrz`] for text given as bytes (the JS facade's copy of an ASCII
/// string): the usual input is read without decoding it first.
#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
pub(crate) fn with_mrz_bytes<S, R>(
    bytes: &[u8],
    today: Date,
    state: S,
    quick: impl FnOnce(S, &Quick<'_>) -> R,
    other: impl FnOnce(S, MrzReport) -> R,
) -> R {
    let input = match grid::plain(bytes) {
        Some(g) => Input::Grid(g),
        None => grid::read(&String::from_utf8_lossy(bytes)),
    };
    with_input(input, today, state, quick, other)
}

#[inline(never)]
fn full(input: Input, today: Date) -> MrzReport {
    let grid = match input {
        Input::Grid(g) => g,
        Input::Empty => return failed(None, vec![Issue::new(Code::MrzEmpty, "mrz")]),
        Input::Shape(lengths) => {
            return failed(
                None,
                vec![Issue::new(Code::MrzFormat, "mrz").param("lengths", lengths)],
            );
        }
        Input::LineLength {
            nrows,
            width,
            first,
            wrong,
        } => {
            let format = detect(nrows, width, first == Some('V'));
            let issues = wrong
                .into_iter()
                .map(|(line, found)| {
                    Issue::new(Code::MrzLineLength, "mrz")
                        .param("found", found)
                        .param("expected", width)
                        .at(line, 0, found)
                })
                .collect();
            return failed(Some(format), issues);
        }
    };
    let format = detect(grid.nrows, grid.width, grid.at(0, 0) == b'V');
    let layout = format.layout();
    let mut v = Validation {
        grid: &grid,
        layout,
        format,
        today,
        issues: Vec::new(),
        fields: MrzFields::default(),
        letters: Vec::new(),
        unrepaired: false,
    };
    v.characters();
    v.document_code();
    v.states();
    v.name();
    let long = v.document_number();
    v.dates_and_sex();
    v.optional_data(long);
    let failing = v.check_digits();
    let mut suggestion = None;
    let misread_date =
        repair::has_letters(&grid, layout.birth) || repair::has_letters(&grid, layout.expiry);
    // Digits read as letters where only letters belong: part of the
    // suggested lines when every such digit has its letter (no check digit
    // covers those fields, so they never change which checks pass).
    let letters = std::mem::take(&mut v.letters);
    let letters = if v.unrepaired { &[][..] } else { &letters[..] };
    if failing || misread_date {
        if let Some(changes) = repair::repair(&grid, layout, today) {
            suggestion = Some(v.suggestion(&changes, letters));
        }
    } else if !letters.is_empty() {
        suggestion = Some(Suggestion {
            lines: repaired_lines(&grid, letters),
        });
    }
    let Validation {
        mut issues, fields, ..
    } = v;
    sort_issues(&mut issues);
    MrzReport {
        valid: crate::issue::no_errors(&issues),
        format: Some(format),
        fields,
        issues,
        suggestion,
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

/// Stable sort by line and start column. Issues are few (at most one per
/// character and a handful more), and an insertion sort keeps the generic
/// sort's code out of the WebAssembly.
pub(crate) fn sort_issues(issues: &mut [Issue]) {
    let key = |i: &Issue| (i.line, i.start);
    for i in 1..issues.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (issues.get(j - 1), issues.get(j)) else {
                break;
            };
            if key(a) <= key(b) {
                break;
            }
            issues.swap(j - 1, j);
            j -= 1;
        }
    }
}

fn failed(format: Option<MrzFormat>, issues: Vec<Issue>) -> MrzReport {
    MrzReport {
        valid: false,
        format,
        fields: MrzFields::default(),
        issues,
        suggestion: None,
    }
}

/// The format for a shape; visas are told apart by the document code.
fn detect(nrows: usize, width: usize, visa: bool) -> MrzFormat {
    match (nrows, width, visa) {
        (3, _, _) => MrzFormat::Td1,
        (_, 36, false) => MrzFormat::Td2,
        (_, 36, true) => MrzFormat::MrvB,
        (_, _, false) => MrzFormat::Td3,
        (_, _, true) => MrzFormat::MrvA,
    }
}

fn is_mrz_char(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<'
}

/// `s` without leading and trailing fillers.
#[inline(never)]
fn trim_fillers(s: Span, grid: &Grid) -> Span {
    let b = grid.slice(s);
    let first = b.iter().position(|&c| c != b'<');
    let last = b.iter().rposition(|&c| c != b'<');
    match (
        first,
        last,
        u8::try_from(first.unwrap_or(0)),
        u8::try_from(last.unwrap_or(0)),
    ) {
        (Some(_), Some(_), Ok(f), Ok(l)) => grid::span(s.line, s.start + f, s.start + l + 1),
        _ => grid::span(s.line, s.start, s.start),
    }
}

#[inline(never)]
fn string(grid: &Grid, s: Span) -> String {
    let mut out = String::with_capacity(s.len());
    grid.push_str(&mut out, s);
    out
}

/// A finding at `s` with its parameters, rendered once.
#[inline(never)]
fn issue(code: Code, field: &str, params: &[(&str, &str)], s: Span) -> Issue {
    Issue::build(
        code,
        field,
        params,
        Some((
            usize::from(s.line),
            usize::from(s.start),
            usize::from(s.end),
        )),
    )
}

/// A character as a string without the formatting machinery.
fn char_str(c: char, buf: &mut [u8; 4]) -> &str {
    c.encode_utf8(buf)
}

/// The field a position belongs to, in the JS API's names.
fn field_at(l: &Layout, line: usize, col: usize) -> &'static str {
    let table: [(Option<Span>, &'static str); 13] = [
        (Some(l.doc_code), "documentCode"),
        (Some(l.state), "issuingState"),
        (Some(l.name), "name"),
        (Some(l.number), "documentNumber"),
        (Some(l.number_check), "documentNumber"),
        (Some(l.nationality), "nationality"),
        (Some(l.birth), "birthDate"),
        (Some(l.birth_check), "birthDate"),
        (Some(l.sex), "sex"),
        (Some(l.expiry), "expiryDate"),
        (Some(l.expiry_check), "expiryDate"),
        (l.optional2, "optionalData2"),
        (l.composite.map(|(d, _)| d), "composite"),
    ];
    if let Some(&(_, name)) = table
        .iter()
        .find(|(s, _)| s.is_some_and(|s| s.contains(line, col)))
    {
        return name;
    }
    if l.optional.contains(line, col) || l.optional_check.is_some_and(|s| s.contains(line, col)) {
        return "optionalData";
    }
    "mrz"
}

/// The findings and the repaired lines of a repair.
#[inline(never)]
fn suggestion(
    grid: &Grid,
    layout: &Layout,
    changes: &[repair::Change],
) -> (Vec<Issue>, Suggestion) {
    let mut issues = Vec::with_capacity(changes.len());
    for c in changes {
        let field = field_at(layout, c.line, c.col);
        let found = grid.original(c.line, c.col);
        let (mut fb, mut eb) = ([0; 4], [0; 4]);
        issues.push(Issue::build(
            Code::MrzSuggestion,
            field,
            &[
                ("found", char_str(found, &mut fb)),
                ("expected", char_str(char::from(c.to), &mut eb)),
                ("column", &(c.col + 1).to_string()),
            ],
            Some((c.line, c.col, c.col + 1)),
        ));
    }
    let suggestion = Suggestion {
        lines: repaired_lines(grid, changes),
    };
    (issues, suggestion)
}

/// The lines with a repair's changes made.
fn repaired_lines(grid: &Grid, changes: &[repair::Change]) -> Vec<String> {
    let mut fixed = grid.clone();
    for c in changes {
        fixed.set(c.line, c.col, c.to);
    }
    (0..fixed.nrows).map(|l| fixed.row_string(l)).collect()
}

/// The letter a digit is confused with, for the fields that hold letters
/// only (names, states, document codes): `0`→`O`, `1`→`I`, `2`→`Z`,
/// `5`→`S`, `6`→`G`, `8`→`B`. `3`, `4`, `7` and `9` have no single letter
/// they are mistaken for.
fn letter_for(digit: u8) -> Option<u8> {
    repair::confusion(digit).filter(u8::is_ascii_uppercase)
}

struct Validation<'a> {
    grid: &'a Grid,
    layout: &'static Layout,
    format: MrzFormat,
    today: Date,
    issues: Vec<Issue>,
    fields: MrzFields,
    /// Digits where only letters belong, and the letters they most
    /// likely are.
    letters: Vec<repair::Change>,
    /// A digit where only letters belong has no such letter.
    unrepaired: bool,
}

impl Validation<'_> {
    #[inline(never)]
    fn clean(&self, s: Span) -> bool {
        self.grid.slice(s).iter().all(|&b| is_mrz_char(b))
    }

    #[inline(never)]
    fn push(&mut self, code: Code, field: &str, s: Span) {
        self.issues.push(issue(code, field, &[], s));
    }

    fn add(&mut self, issue: Issue) {
        self.issues.push(issue);
    }

    fn field_at(&self, line: usize, col: usize) -> &'static str {
        field_at(self.layout, line, col)
    }

    /// Every character outside `A`–`Z`, `0`–`9`, `<`, where it stands.
    fn characters(&mut self) {
        for line in 0..self.grid.nrows {
            let row = self
                .grid
                .rows
                .get(line)
                .map_or(&[][..], |r| r.get(..self.grid.width).unwrap_or(&[]));
            if row.iter().all(|&b| is_mrz_char(b)) {
                continue;
            }
            for col in 0..self.grid.width {
                if !is_mrz_char(self.grid.at(line, col)) {
                    let ch = self.grid.original(line, col);
                    let field = self.field_at(line, col);
                    let mut buf = [0; 4];
                    self.add(Issue::build(
                        Code::MrzInvalidChar,
                        field,
                        &[("char", char_str(ch, &mut buf))],
                        Some((line, col, col + 1)),
                    ));
                }
            }
        }
    }

    fn document_code(&mut self) {
        let s = self.layout.doc_code;
        self.fields.document_code = string(self.grid, trim_fillers(s, self.grid));
        if !self.clean(s) {
            return;
        }
        let format = self.format;
        let found = string(self.grid, s);
        match layout::doc_code(format, self.grid.slice(s)) {
            DocCode::Valid => {}
            DocCode::Td2Passport => {
                self.add(issue(
                    Code::MrzTd2Passport,
                    "documentCode",
                    &[("found", &found)],
                    s,
                ));
            }
            DocCode::Invalid => {
                self.add(issue(
                    Code::MrzDocumentCode,
                    "documentCode",
                    &[("found", &found)],
                    s,
                ));
                self.letter_repair(s, "documentCode", |c| {
                    layout::doc_code(format, c) != DocCode::Invalid
                });
            }
        }
    }

    /// A letters-only code holding digits: when each digit has its letter
    /// and the code then passes `ok`, the letters are suggested.
    fn letter_repair(&mut self, s: Span, field: &'static str, ok: impl Fn(&[u8]) -> bool) {
        let grid = self.grid;
        let found = grid.slice(s);
        if !found.iter().any(u8::is_ascii_digit) {
            return;
        }
        let mut buf = [0u8; 3];
        let Some(fixed) = buf.get_mut(..found.len()) else {
            return;
        };
        for (to, &b) in fixed.iter_mut().zip(found) {
            *to = if b.is_ascii_digit() {
                match letter_for(b) {
                    Some(l) => l,
                    None => {
                        self.unrepaired = true;
                        return;
                    }
                }
            } else {
                b
            };
        }
        if !ok(fixed) {
            self.unrepaired = true;
            return;
        }
        for (i, (&from, &to)) in found.iter().zip(fixed.iter()).enumerate() {
            if from != to {
                self.letter(field, usize::from(s.line), usize::from(s.start) + i, to);
            }
        }
    }

    /// Suggests `to` for the digit at `(line, col)` of a letters-only field.
    fn letter(&mut self, field: &str, line: usize, col: usize, to: u8) {
        let found = self.grid.at(line, col);
        let (mut fb, mut eb) = ([0; 4], [0; 4]);
        self.add(Issue::build(
            Code::MrzLetterSuggestion,
            field,
            &[
                ("found", char_str(char::from(found), &mut fb)),
                ("expected", char_str(char::from(to), &mut eb)),
                ("column", &(col + 1).to_string()),
            ],
            Some((line, col, col + 1)),
        ));
        self.letters.push(repair::Change { line, col, to });
    }

    fn states(&mut self) {
        let mut specimen_reported = false;
        for (s, code, field) in [
            (self.layout.state, Code::MrzIssuingState, "issuingState"),
            (self.layout.nationality, Code::MrzNationality, "nationality"),
        ] {
            let value = string(
                self.grid,
                grid::span(s.line, s.start, trim_fillers(s, self.grid).end.max(s.start)),
            );
            if self.clean(s) {
                let raw = self.grid.slice(s);
                let text = std::str::from_utf8(raw).unwrap_or("");
                if countries::is_specimen(text) {
                    if !specimen_reported {
                        self.push(Code::MrzSpecimen, field, s);
                        specimen_reported = true;
                    }
                } else if !countries::is_known(text) {
                    self.add(issue(code, field, &[("found", text)], s));
                    self.letter_repair(s, field, |c| {
                        std::str::from_utf8(c).is_ok_and(countries::is_known)
                    });
                }
            }
            if field == "issuingState" {
                self.fields.issuing_state = value;
            } else {
                self.fields.nationality = value;
            }
        }
    }

    fn name(&mut self) {
        let s = self.layout.name;
        let b = self.grid.slice(s);
        let end = b.iter().rposition(|&c| c != b'<').map_or(0, |p| p + 1);
        if end == 0 {
            self.push(Code::MrzNameEmpty, "name", s);
            return;
        }
        let content = b.get(..end).unwrap_or(&[]);
        let (primary_end, secondary_start) = match content.windows(2).position(|w| w == b"<<") {
            Some(p) => (p, p + 2),
            None => (end, end),
        };
        if content.first() == Some(&b'<') && primary_end != 0 {
            self.push(Code::MrzFiller, "name", s);
        }
        let mut surname = String::with_capacity(primary_end);
        self.join_name(&mut surname, usize::from(s.start), 0..primary_end);
        let mut given = String::with_capacity(end.saturating_sub(secondary_start));
        self.join_name(&mut given, usize::from(s.start), secondary_start..end);
        self.fields.surname = surname;
        self.fields.given_names = given;
        if end == s.len() {
            self.push(Code::MrzNameTruncated, "name", s);
        }
        self.name_digits();
    }

    /// Every digit in the name (no check digit covers it, so this is the
    /// only way a misread `S` read as `5` is caught), with its letter when
    /// the confusion is unambiguous.
    fn name_digits(&mut self) {
        let s = self.layout.name;
        let grid = self.grid;
        if !grid.slice(s).iter().any(u8::is_ascii_digit) {
            return;
        }
        let line = usize::from(s.line);
        for (i, &b) in grid.slice(s).iter().enumerate() {
            if !b.is_ascii_digit() {
                continue;
            }
            let col = usize::from(s.start) + i;
            let mut buf = [0; 4];
            self.add(Issue::build(
                Code::MrzNameDigit,
                "name",
                &[
                    ("char", char_str(char::from(b), &mut buf)),
                    ("column", &(col + 1).to_string()),
                ],
                Some((line, col, col + 1)),
            ));
            match letter_for(b) {
                Some(to) => self.letter("name", line, col, to),
                None => self.unrepaired = true,
            }
        }
    }

    /// Name characters with each run of fillers as one space.
    fn join_name(&self, out: &mut String, base: usize, cols: std::ops::Range<usize>) {
        let line = usize::from(self.layout.name.line);
        for i in cols {
            let b = self.grid.at(line, base + i);
            if b == b'<' {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(self.grid.original(line, base + i));
            }
        }
        while out.ends_with(' ') {
            out.pop();
        }
    }

    fn document_number(&mut self) -> Option<LongNumber> {
        let s = self.layout.number;
        let long = layout::long_number(self.grid, self.layout);
        let b = self.grid.slice(s);
        match long {
            Some(l) => {
                if b.contains(&b'<') {
                    self.push(Code::MrzFiller, "documentNumber", s);
                }
                let mut n = String::with_capacity(s.len() + l.rest.len());
                self.grid.push_str(&mut n, s);
                self.grid.push_str(&mut n, l.rest);
                self.fields.document_number = n;
                if l.digit.is_none() {
                    self.push(Code::MrzLongNumber, "documentNumber", l.rest);
                }
            }
            None => {
                let t = trim_fillers(s, self.grid);
                if b.first() == Some(&b'<') || self.grid.slice(t).contains(&b'<') {
                    self.push(Code::MrzFiller, "documentNumber", s);
                }
                let keep = grid::span(s.line, s.start, t.end.max(s.start));
                self.fields.document_number = string(self.grid, keep);
            }
        }
        long
    }

    fn dates_and_sex(&mut self) {
        let (l, today) = (self.layout, self.today);
        let birth = l.birth;
        if self.clean(birth) {
            let raw = self.grid.slice(birth);
            match dates::digits(raw) {
                Some((y, m, d)) => match dates::birth(y, m, d, today) {
                    Some(date) => self.fields.birth_date = Some(date),
                    None => self.date_issue("birthDate", birth),
                },
                None if dates::unknown_birth_pattern(raw) => {}
                None => self.not_numeric("birthDate", birth),
            }
        }
        let expiry = l.expiry;
        if self.clean(expiry) {
            match dates::digits(self.grid.slice(expiry)) {
                Some((y, m, d)) => match dates::expiry(y, m, d, today) {
                    Some(date) => {
                        self.fields.expiry_date = Some(date);
                        let limit = today.add_months(dates::EXPIRY_MAX_YEARS_AHEAD * 12);
                        if limit.is_some_and(|limit| date > limit) {
                            self.add(issue(
                                Code::MrzExpiryRange,
                                "expiryDate",
                                &[("found", &date.to_string())],
                                expiry,
                            ));
                        } else if date < today {
                            self.add(issue(
                                Code::MrzExpired,
                                "expiryDate",
                                &[("date", &date.to_string())],
                                expiry,
                            ));
                        }
                    }
                    None => self.date_issue("expiryDate", expiry),
                },
                None => self.not_numeric("expiryDate", expiry),
            }
        }
        let sex = l.sex;
        let b = self.grid.at(usize::from(sex.line), usize::from(sex.start));
        self.fields.sex = string(self.grid, sex);
        if is_mrz_char(b) && !matches!(b, b'M' | b'F' | b'X' | b'<') {
            let mut buf = [0; 4];
            self.add(issue(
                Code::MrzSex,
                "sex",
                &[("found", char_str(char::from(b), &mut buf))],
                sex,
            ));
        }
    }

    #[inline(never)]
    fn date_issue(&mut self, field: &str, s: Span) {
        let found = string(self.grid, s);
        self.add(issue(Code::MrzDate, field, &[("found", &found)], s));
    }

    #[inline(never)]
    fn not_numeric(&mut self, field: &str, s: Span) {
        let found = string(self.grid, s);
        self.add(issue(Code::MrzNotNumeric, field, &[("found", &found)], s));
    }

    fn optional_data(&mut self, long: Option<LongNumber>) {
        let l = self.layout;
        let mut opt = l.optional;
        if let Some(LongNumber { rest, digit }) = long {
            // After the continuation, its check digit and one filler.
            let after = digit
                .map_or(rest.end, |d| d.end)
                .saturating_add(1)
                .min(opt.end);
            opt = grid::span(opt.line, after, opt.end);
        }
        self.fields.optional_data = string(self.grid, trim_fillers(opt, self.grid));
        if let Some(o2) = l.optional2 {
            self.fields.optional_data2 = string(self.grid, trim_fillers(o2, self.grid));
        }
    }

    /// Reports every check digit; true when any fails.
    fn check_digits(&mut self) -> bool {
        let (checks, n, long) = layout::checks(self.grid, self.layout);
        let mut failing = matches!(long, Some(LongNumber { digit: None, .. }));
        for c in checks.iter().take(n) {
            let field = c.kind.field();
            match layout::evaluate(self.grid, c) {
                Outcome::Pass => {}
                Outcome::PassWithFiller => {
                    self.push(Code::MrzLongNumberFillerCheck, field, c.digit);
                }
                Outcome::PersonalFiller => {
                    failing = true;
                    self.push(Code::MrzPersonalNumberCheckDigit, field, c.digit);
                }
                Outcome::Fail { expected, found } => {
                    failing = true;
                    // A character with no value is already reported where it stands.
                    if let (Some(e), true) = (expected, is_mrz_char(found)) {
                        let (mut eb, mut fb) = ([0; 4], [0; 4]);
                        self.add(issue(
                            Code::MrzCheckDigit,
                            field,
                            &[
                                ("field", field),
                                ("expected", char_str(char::from(b'0' + e), &mut eb)),
                                ("found", char_str(char::from(found), &mut fb)),
                            ],
                            c.digit,
                        ));
                    }
                }
            }
        }
        failing
    }

    /// The check-digit repair's findings, and its lines with `letters`
    /// (digits read as letters, already reported) changed too.
    fn suggestion(&mut self, changes: &[repair::Change], letters: &[repair::Change]) -> Suggestion {
        let (issues, mut suggestion) = suggestion(self.grid, self.layout, changes);
        self.issues.extend(issues);
        if !letters.is_empty() {
            let all: Vec<_> = changes.iter().chain(letters).copied().collect();
            suggestion.lines = repaired_lines(self.grid, &all);
        }
        suggestion
    }
}

#[cfg(test)]
mod tests {
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
        sort_issues(&mut v);
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
