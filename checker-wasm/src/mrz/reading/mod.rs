//! The one reading of an MRZ. Every rule about what the characters of a
//! grid mean (which fields they make, what is wrong with them) is applied
//! here, once: [`read`] gives a [`Reading`], spans and verdicts without
//! allocating, and [`Reading::findings`] walks its findings in report
//! order. The Rust report ([`super::report`]), the JS facade's words and its
//! packed string are renderings of a reading; none of them decides
//! anything about the MRZ itself.

mod findings;

pub(crate) use findings::{change_finding, letter_change, push_name, sort_by_position};

use super::grid::{Grid, Span, low_bits, span};
use super::layout::{self, Check, DocCode, Layout, LongNumber, Outcome};
use super::{MrzFormat, dates, repair};
use crate::countries;
use crate::date::Date;

/// How a three-letter code (issuing state, nationality) reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// A character outside `A`–`Z`, `0`–`9`, `<` (reported where it stands).
    Unclean,
    Known,
    /// ICAO's specimen state `UTO`.
    Specimen,
    Unknown,
}

/// How a date field reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateRead {
    /// A real date.
    Date(Date),
    /// A character outside `A`–`Z`, `0`–`9`, `<` (reported where it stands).
    Unclean,
    /// Six digits, but no such day (in the allowed window).
    Invalid,
    /// Not six digits.
    NotNumeric,
    /// A birth date partly unknown as Doc 9303 writes it (`<<` for day or
    /// month): no date, no finding.
    Unknown,
}

impl DateRead {
    pub(crate) fn date(self) -> Option<Date> {
        match self {
            DateRead::Date(d) => Some(d),
            _ => None,
        }
    }
}

/// The name field: surname and given names as spans (fillers trimmed
/// around each), and its verdicts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Name {
    /// Nothing but fillers.
    pub empty: bool,
    /// The surname's columns, relative to the field: `0..primary_end`;
    /// the given names' `secondary_start..end`.
    pub primary_end: usize,
    pub secondary_start: usize,
    pub end: usize,
    /// A filler before the surname.
    pub leading_filler: bool,
    /// The name runs to the end of the field (most likely cut short).
    pub truncated: bool,
    /// A digit stands in the name.
    pub digits: bool,
}

/// Everything read from a grid.
#[derive(Debug)]
pub(crate) struct Reading<'g> {
    pub grid: &'g Grid,
    pub format: MrzFormat,
    pub layout: &'static Layout,
    pub today: Date,
    /// Some character is outside `A`–`Z`, `0`–`9`, `<`.
    pub unclean: bool,
    /// The document code's verdict; `None` when it is not clean.
    pub doc_code: Option<DocCode>,
    /// Issuing state, then nationality.
    pub states: [State; 2],
    pub name: Name,
    /// A long TD1/TD2 document number's continuation.
    pub long: Option<LongNumber>,
    /// The document number as read (without a long one's continuation).
    pub number: Span,
    /// Fillers where the document number should have none.
    pub number_filler: bool,
    pub birth: DateRead,
    pub expiry: DateRead,
    /// The sex is an MRZ character other than `M`, `F`, `X`, `<`.
    pub sex_bad: bool,
    /// The optional data (after a long number's continuation), trimmed.
    pub optional: Span,
    /// TD1 line 2 optional data, trimmed.
    pub optional2: Option<Span>,
    /// The check digits and their outcomes, in layout order.
    pub checks: [Check; 5],
    pub outcomes: [Outcome; 5],
    pub nchecks: usize,
}

/// Whether `b` is an MRZ character.
pub(crate) fn is_mrz_char(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<'
}

/// `s` without leading and trailing fillers.
pub(crate) fn trim_fillers(s: Span, grid: &Grid) -> Span {
    let content = grid.content_in(s);
    if content == 0 {
        return span(s.line, s.start, s.start);
    }
    // Columns are below 44.
    let first = u8::try_from(content.trailing_zeros()).unwrap_or(0);
    let end = u8::try_from(64 - content.leading_zeros()).unwrap_or(0);
    span(s.line, s.start + first, s.start + end)
}

/// `s` without trailing fillers (leading ones kept), as states are read.
pub(crate) fn trailing(s: Span, grid: &Grid) -> Span {
    span(s.line, s.start, trim_fillers(s, grid).end.max(s.start))
}

/// Every row character is `A`–`Z`, `0`–`9` or `<`.
fn all_clean(grid: &Grid) -> bool {
    if !grid.others.is_empty() {
        return false;
    }
    // Every row is looked at in full: a grid's cells outside its lines are
    // fillers (see [`Grid`]), so this is the same verdict, over a length
    // fixed at compile time and without a short cut, so that the loop is
    // vectorized.
    let mut bad = false;
    for &b in grid.rows.as_flattened() {
        bad |= !is_mrz_char(b);
    }
    !bad
}

/// The format for a shape; visas are told apart by the document code.
pub(crate) fn detect(nrows: usize, width: usize, visa: bool) -> MrzFormat {
    match (nrows, width, visa) {
        (3, _, _) => MrzFormat::Td1,
        (_, 36, false) => MrzFormat::Td2,
        (_, 36, true) => MrzFormat::MrvB,
        (_, _, false) => MrzFormat::Td3,
        (_, _, true) => MrzFormat::MrvA,
    }
}

/// The letter a digit is confused with, for the fields that hold letters
/// only (names, states, document codes): `0`→`O`, `1`→`I`, `2`→`Z`,
/// `5`→`S`, `6`→`G`, `8`→`B`. `3`, `4`, `7` and `9` have no single letter
/// they are mistaken for.
pub(crate) fn letter_for(digit: u8) -> Option<u8> {
    repair::confusion(digit).filter(u8::is_ascii_uppercase)
}

/// Reads a grid.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn read(grid: &Grid, today: Date) -> Reading<'_> {
    let format = detect(grid.nrows, grid.width, grid.at(0, 0) == b'V');
    let l = format.layout();
    let unclean = !all_clean(grid);
    let clean = |s: Span| !unclean || grid.slice(s).iter().all(|&b| is_mrz_char(b));

    let doc_code = clean(l.doc_code).then(|| layout::doc_code(format, grid.slice(l.doc_code)));

    let states = [l.state, l.nationality].map(|s| {
        if !clean(s) {
            return State::Unclean;
        }
        let code: [u8; 3] = grid.slice(s).try_into().unwrap_or([b'<'; 3]);
        if code == *b"UTO" {
            State::Specimen
        } else if countries::is_known_mrz(code) {
            State::Known
        } else {
            State::Unknown
        }
    });

    let name = {
        let content = grid.content_in(l.name);
        let end = 64 - content.leading_zeros() as usize;
        // Fillers before the end; a bit where it and the next are both
        // fillers marks a `<<`.
        let fillers = grid.fillers_in(l.name) & low_bits(end);
        let pairs = fillers & (fillers >> 1);
        let (primary_end, secondary_start) = match pairs.trailing_zeros() as usize {
            64 => (end, end),
            p => (p, p + 2),
        };
        Name {
            empty: end == 0,
            primary_end,
            secondary_start,
            end,
            leading_filler: end != 0 && fillers & 1 != 0 && primary_end != 0,
            truncated: end != 0 && end == l.name.len(),
            // Without a short cut, so that the loop is vectorized.
            digits: end != 0
                && grid
                    .slice(l.name)
                    .iter()
                    .fold(false, |d, c| d | c.is_ascii_digit()),
        }
    };

    let long = layout::long_number(grid, l);
    let number_fillers = grid.fillers_in(l.number);
    let (number, number_filler) = match long {
        Some(_) => (l.number, number_fillers != 0),
        None => {
            let t = trim_fillers(l.number, grid);
            (
                span(l.number.line, l.number.start, t.end.max(l.number.start)),
                number_fillers & 1 != 0 || grid.fillers_in(t) != 0,
            )
        }
    };

    let birth = if !clean(l.birth) {
        DateRead::Unclean
    } else {
        let raw = grid.slice(l.birth);
        match dates::digits(raw) {
            Some((y, m, d)) => {
                dates::birth(y, m, d, today).map_or(DateRead::Invalid, DateRead::Date)
            }
            None if dates::unknown_birth_pattern(raw) => DateRead::Unknown,
            None => DateRead::NotNumeric,
        }
    };
    let expiry = if !clean(l.expiry) {
        DateRead::Unclean
    } else {
        match dates::digits(grid.slice(l.expiry)) {
            Some((y, m, d)) => {
                dates::expiry(y, m, d, today).map_or(DateRead::Invalid, DateRead::Date)
            }
            None => DateRead::NotNumeric,
        }
    };
    let sex = grid.at(usize::from(l.sex.line), usize::from(l.sex.start));
    let sex_bad = is_mrz_char(sex) && !matches!(sex, b'M' | b'F' | b'X' | b'<');

    let mut opt = l.optional;
    if let Some(LongNumber { rest, digit }) = long {
        // After the continuation, its check digit and one filler.
        let after = digit
            .map_or(rest.end, |d| d.end)
            .saturating_add(1)
            .min(opt.end);
        opt = span(opt.line, after, opt.end);
    }
    let optional = trim_fillers(opt, grid);
    let optional2 = l.optional2.map(|o| trim_fillers(o, grid));

    // The long number read above: not looked for a second time.
    let (checks, nchecks) = layout::checks_with(l, long);
    // A clean grid's values, once for every check (natively: see
    // `Check::weights`).
    let values = (cfg!(not(target_arch = "wasm32")) && !unclean).then(|| layout::values(grid, l));
    let mut outcomes = [Outcome::Pass; 5];
    for (c, outcome) in checks.iter().zip(&mut outcomes).take(nchecks) {
        *outcome = layout::evaluate(grid, c, values.as_ref());
    }
    Reading {
        grid,
        format,
        layout: l,
        today,
        unclean,
        doc_code,
        states,
        name,
        long,
        number,
        number_filler,
        birth,
        expiry,
        sex_bad,
        optional,
        optional2,
        checks,
        outcomes,
        nchecks,
    }
}
