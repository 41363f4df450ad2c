//! The one reading of an MRZ. Every rule about what the characters of a
//! grid mean (which fields they make, what is wrong with them) is applied
//! here, once: [`read`] gives a [`Reading`], spans and verdicts without
//! allocating, and [`Reading::findings`] walks its findings in report
//! order. The Rust report ([`super::report`]), the JS facade's words and its
//! packed string are renderings of a reading; none of them decides
//! anything about the MRZ itself.

use super::check::value;
use super::grid::{Grid, Span, span};
use super::layout::{self, Check, DocCode, Layout, LongNumber, Outcome};
use super::{MrzFormat, dates, repair};
use crate::countries;
use crate::date::Date;
use crate::issue::{Code, Issue, Severity};

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
    pub checks: [(Check, Outcome); 5],
    pub nchecks: usize,
}

/// Whether `b` is an MRZ character.
pub(crate) fn is_mrz_char(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<'
}

/// `s` without leading and trailing fillers.
pub(crate) fn trim_fillers(s: Span, grid: &Grid) -> Span {
    let b = grid.slice(s);
    let first = b.iter().position(|&c| c != b'<');
    let last = b.iter().rposition(|&c| c != b'<');
    match (
        first,
        last,
        u8::try_from(first.unwrap_or(0)),
        u8::try_from(last.unwrap_or(0)),
    ) {
        (Some(_), Some(_), Ok(f), Ok(l)) => span(s.line, s.start + f, s.start + l + 1),
        _ => span(s.line, s.start, s.start),
    }
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
    let mut bad = 0u8;
    for row in grid.rows.iter().take(grid.nrows) {
        for &b in row.iter().take(grid.width) {
            bad |= value(b);
        }
    }
    // Values are below 36; no value is 0xFF.
    bad & 0x80 == 0
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
#[inline(never)]
pub(crate) fn read(grid: &Grid, today: Date) -> Reading<'_> {
    let format = detect(grid.nrows, grid.width, grid.at(0, 0) == b'V');
    let l = format.layout();
    let clean = |s: Span| grid.slice(s).iter().all(|&b| is_mrz_char(b));
    let unclean = !all_clean(grid);

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
        let b = grid.slice(l.name);
        let end = b.iter().rposition(|&c| c != b'<').map_or(0, |p| p + 1);
        let content = b.get(..end).unwrap_or(&[]);
        let (primary_end, secondary_start) = match content.windows(2).position(|w| w == b"<<") {
            Some(p) => (p, p + 2),
            None => (end, end),
        };
        Name {
            empty: end == 0,
            primary_end,
            secondary_start,
            end,
            leading_filler: end != 0 && content.first() == Some(&b'<') && primary_end != 0,
            truncated: end != 0 && end == b.len(),
            digits: end != 0 && b.iter().any(u8::is_ascii_digit),
        }
    };

    let long = layout::long_number(grid, l);
    let nb = grid.slice(l.number);
    let (number, number_filler) = match long {
        Some(_) => (l.number, nb.contains(&b'<')),
        None => {
            let t = trim_fillers(l.number, grid);
            (
                span(l.number.line, l.number.start, t.end.max(l.number.start)),
                nb.first() == Some(&b'<') || grid.slice(t).contains(&b'<'),
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

    let (list, nchecks, _) = layout::checks(grid, l);
    let checks = list.map(|c| (c, Outcome::Pass));
    let mut reading = Reading {
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
        nchecks,
    };
    for (c, outcome) in reading.checks.iter_mut().take(nchecks) {
        *outcome = layout::evaluate(grid, c);
    }
    reading
}

/// A short parameter value held inline (a digit, a character, a column
/// number, a code, a date).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Small {
    buf: [u8; 16],
    len: u8,
}

impl Small {
    pub(crate) const EMPTY: Small = Small {
        buf: [0; 16],
        len: 0,
    };

    pub(crate) fn text(s: &str) -> Small {
        let mut out = Small::EMPTY;
        for (slot, &b) in out.buf.iter_mut().zip(s.as_bytes()) {
            *slot = b;
            out.len += 1;
        }
        out
    }

    pub(crate) fn bytes(b: &[u8]) -> Small {
        Small::text(std::str::from_utf8(b).unwrap_or(""))
    }

    pub(crate) fn byte(b: u8) -> Small {
        let mut out = Small::EMPTY;
        out.buf[0] = b;
        out.len = 1;
        out
    }

    pub(crate) fn char(c: char) -> Small {
        let mut buf = [0; 4];
        Small::text(c.encode_utf8(&mut buf))
    }

    pub(crate) fn number(n: usize) -> Small {
        let mut out = Small::EMPTY;
        if n >= 10 {
            out.buf[0] = b'0' + (n / 10 % 10) as u8;
            out.len = 1;
        }
        if let Some(slot) = out.buf.get_mut(usize::from(out.len)) {
            *slot = b'0' + (n % 10) as u8;
            out.len += 1;
        }
        out
    }

    pub(crate) fn date(d: Date) -> Small {
        Small::bytes(&super::iso_date(d))
    }

    pub(crate) fn as_str(&self) -> &str {
        self.buf
            .get(..usize::from(self.len))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

/// One finding of a reading, with its parameters sorted by name (as an
/// [`Issue`]'s are).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Finding {
    pub(crate) code: Code,
    pub(crate) field: &'static str,
    pub(crate) at: Span,
    params: [(&'static str, Small); 3],
    nparams: usize,
}

impl Finding {
    pub(crate) const EMPTY: Finding = Finding {
        code: Code::MrzEmpty,
        field: "",
        at: span(0, 0, 0),
        params: [("", Small::EMPTY); 3],
        nparams: 0,
    };

    pub(crate) fn new(
        code: Code,
        field: &'static str,
        at: Span,
        params: &[(&'static str, Small)],
    ) -> Finding {
        let mut f = Finding {
            code,
            field,
            at,
            ..Finding::EMPTY
        };
        for (slot, p) in f.params.iter_mut().zip(params) {
            *slot = *p;
            f.nparams += 1;
        }
        let n = f.nparams;
        // Insertion sort by name (at most three).
        let ps = f.params.get_mut(..n).unwrap_or(&mut []);
        for i in 1..ps.len() {
            let mut j = i;
            while j > 0 && ps.get(j - 1).map(|p| p.0) > ps.get(j).map(|p| p.0) {
                ps.swap(j - 1, j);
                j -= 1;
            }
        }
        f
    }

    pub(crate) fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.params
            .iter()
            .take(self.nparams)
            .map(|(k, v)| (*k, v.as_str()))
    }

    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Appends the English message.
    pub(crate) fn message(&self, out: &mut String) {
        crate::issue::render_into(out, self.code, self.field, Some(self.at.line), |name| {
            self.param(name)
        });
    }

    /// As an [`Issue`] (its message rendered by [`Finding::message`], as
    /// the packed report writes it).
    pub(crate) fn issue(&self) -> Issue {
        let mut message = String::with_capacity(self.code.template().len() + 16);
        self.message(&mut message);
        Issue {
            code: self.code,
            severity: self.code.severity(),
            field: self.field.to_owned(),
            line: Some(self.at.line),
            start: Some(self.at.start),
            end: Some(self.at.end),
            params: self
                .params()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            message,
        }
    }
}

/// The field a position belongs to, in the JS API's names.
pub(crate) fn field_at(l: &Layout, line: usize, col: usize) -> &'static str {
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

/// A position as a one-column span.
fn at(line: usize, col: usize) -> Span {
    span(
        u8::try_from(line).unwrap_or(0),
        u8::try_from(col).unwrap_or(0),
        u8::try_from(col + 1).unwrap_or(0),
    )
}

/// What the findings of a reading come to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Some finding is an error.
    pub errors: bool,
    /// Some finding at all.
    pub any: bool,
    /// A check digit fails (or a long number lacks its digit).
    pub failing: bool,
    /// A digit where only letters belong has no letter to suggest.
    pub unrepaired: bool,
}

impl Reading<'_> {
    /// Walks every finding, in the order the report lists them before
    /// sorting by position (a stable sort then gives the report's order).
    /// The repair's findings are not among them (see [`Reading::repair`]).
    #[inline(never)]
    pub(crate) fn findings(&self, f: &mut impl FnMut(Finding)) -> Summary {
        let mut sum = Summary::default();
        let mut emit = |x: Finding, sum: &mut Summary| {
            sum.any = true;
            sum.errors |= x.code.severity() == Severity::Error;
            f(x);
        };
        let (g, l) = (self.grid, self.layout);

        // Characters outside the MRZ set, where they stand.
        if self.unclean {
            for line in 0..g.nrows {
                for col in 0..g.width {
                    if !is_mrz_char(g.at(line, col)) {
                        let ch = Small::char(g.original(line, col));
                        emit(
                            Finding::new(
                                Code::MrzInvalidChar,
                                field_at(l, line, col),
                                at(line, col),
                                &[("char", ch)],
                            ),
                            &mut sum,
                        );
                    }
                }
            }
        }

        // Document code.
        match self.doc_code {
            None | Some(DocCode::Valid) => {}
            Some(DocCode::Td2Passport) => emit(
                Finding::new(
                    Code::MrzTd2Passport,
                    "documentCode",
                    l.doc_code,
                    &[("found", Small::bytes(g.slice(l.doc_code)))],
                ),
                &mut sum,
            ),
            Some(DocCode::Invalid) => {
                emit(
                    Finding::new(
                        Code::MrzDocumentCode,
                        "documentCode",
                        l.doc_code,
                        &[("found", Small::bytes(g.slice(l.doc_code)))],
                    ),
                    &mut sum,
                );
                let format = self.format;
                self.letter_repair(l.doc_code, "documentCode", &mut sum, &mut emit, |c| {
                    layout::doc_code(format, c) != DocCode::Invalid
                });
            }
        }

        // States: known, the specimen state (a warning, reported once), or
        // unknown (with letters for digits, when they make a known one).
        let mut specimen_reported = false;
        for ((s, code, field), state) in [
            (l.state, Code::MrzIssuingState, "issuingState"),
            (l.nationality, Code::MrzNationality, "nationality"),
        ]
        .into_iter()
        .zip(self.states)
        {
            match state {
                State::Unclean | State::Known => {}
                State::Specimen => {
                    if !specimen_reported {
                        emit(Finding::new(Code::MrzSpecimen, field, s, &[]), &mut sum);
                        specimen_reported = true;
                    }
                }
                State::Unknown => {
                    emit(
                        Finding::new(code, field, s, &[("found", Small::bytes(g.slice(s)))]),
                        &mut sum,
                    );
                    self.letter_repair(s, field, &mut sum, &mut emit, |c| {
                        std::str::from_utf8(c).is_ok_and(countries::is_known)
                    });
                }
            }
        }

        // Name.
        let n = self.name;
        if n.empty {
            emit(
                Finding::new(Code::MrzNameEmpty, "name", l.name, &[]),
                &mut sum,
            );
        } else {
            if n.leading_filler {
                emit(Finding::new(Code::MrzFiller, "name", l.name, &[]), &mut sum);
            }
            if n.truncated {
                emit(
                    Finding::new(Code::MrzNameTruncated, "name", l.name, &[]),
                    &mut sum,
                );
            }
            // Every digit (no check digit covers a name, so this is the
            // only way a misread `S` read as `5` is caught), with its letter
            // when the confusion is unambiguous.
            if n.digits {
                let line = usize::from(l.name.line);
                for (i, &b) in g.slice(l.name).iter().enumerate() {
                    if !b.is_ascii_digit() {
                        continue;
                    }
                    let col = usize::from(l.name.start) + i;
                    emit(
                        Finding::new(
                            Code::MrzNameDigit,
                            "name",
                            at(line, col),
                            &[("char", Small::byte(b)), ("column", Small::number(col + 1))],
                        ),
                        &mut sum,
                    );
                    match letter_for(b) {
                        Some(to) => emit(letter(g, "name", line, col, to), &mut sum),
                        None => sum.unrepaired = true,
                    }
                }
            }
        }

        // Document number.
        if self.number_filler {
            emit(
                Finding::new(Code::MrzFiller, "documentNumber", l.number, &[]),
                &mut sum,
            );
        }
        if let Some(LongNumber { rest, digit: None }) = self.long {
            sum.failing = true;
            emit(
                Finding::new(Code::MrzLongNumber, "documentNumber", rest, &[]),
                &mut sum,
            );
        }

        // Dates and sex.
        self.date(self.birth, "birthDate", l.birth, &mut sum, &mut emit);
        if let DateRead::Date(date) = self.expiry {
            let limit = self.today.add_months(dates::EXPIRY_MAX_YEARS_AHEAD * 12);
            if limit.is_some_and(|limit| date > limit) {
                emit(
                    Finding::new(
                        Code::MrzExpiryRange,
                        "expiryDate",
                        l.expiry,
                        &[("found", Small::date(date))],
                    ),
                    &mut sum,
                );
            } else if date < self.today {
                emit(
                    Finding::new(
                        Code::MrzExpired,
                        "expiryDate",
                        l.expiry,
                        &[("date", Small::date(date))],
                    ),
                    &mut sum,
                );
            }
        } else {
            self.date(self.expiry, "expiryDate", l.expiry, &mut sum, &mut emit);
        }
        if self.sex_bad {
            emit(
                Finding::new(
                    Code::MrzSex,
                    "sex",
                    l.sex,
                    &[("found", Small::bytes(g.slice(l.sex)))],
                ),
                &mut sum,
            );
        }

        // Check digits.
        for (c, outcome) in self.checks.iter().take(self.nchecks) {
            let field = c.kind.field();
            match *outcome {
                Outcome::Pass => {}
                Outcome::PassWithFiller => emit(
                    Finding::new(Code::MrzLongNumberFillerCheck, field, c.digit, &[]),
                    &mut sum,
                ),
                Outcome::PersonalFiller => {
                    sum.failing = true;
                    emit(
                        Finding::new(Code::MrzPersonalNumberCheckDigit, field, c.digit, &[]),
                        &mut sum,
                    );
                }
                Outcome::Fail { expected, found } => {
                    sum.failing = true;
                    // A character with no value is already reported where it
                    // stands.
                    if let (Some(e), true) = (expected, is_mrz_char(found)) {
                        emit(
                            Finding::new(
                                Code::MrzCheckDigit,
                                field,
                                c.digit,
                                &[
                                    ("field", Small::text(field)),
                                    ("expected", Small::byte(b'0' + e)),
                                    ("found", Small::byte(found)),
                                ],
                            ),
                            &mut sum,
                        );
                    }
                }
            }
        }
        sum
    }

    /// A date's finding, if it has one.
    fn date(
        &self,
        read: DateRead,
        field: &'static str,
        s: Span,
        sum: &mut Summary,
        emit: &mut impl FnMut(Finding, &mut Summary),
    ) {
        let code = match read {
            DateRead::Invalid => Code::MrzDate,
            DateRead::NotNumeric => Code::MrzNotNumeric,
            DateRead::Date(_) | DateRead::Unclean | DateRead::Unknown => return,
        };
        emit(
            Finding::new(
                code,
                field,
                s,
                &[("found", Small::bytes(self.grid.slice(s)))],
            ),
            sum,
        );
    }

    /// A letters-only code holding digits: when each digit has its letter
    /// and the code then passes `ok`, the letters are suggested.
    fn letter_repair(
        &self,
        s: Span,
        field: &'static str,
        sum: &mut Summary,
        emit: &mut impl FnMut(Finding, &mut Summary),
        ok: impl Fn(&[u8]) -> bool,
    ) {
        let found = self.grid.slice(s);
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
                        sum.unrepaired = true;
                        return;
                    }
                }
            } else {
                b
            };
        }
        if !ok(fixed) {
            sum.unrepaired = true;
            return;
        }
        for (i, (&from, &to)) in found.iter().zip(fixed.iter()).enumerate() {
            if from != to {
                let (line, col) = (usize::from(s.line), usize::from(s.start) + i);
                emit(letter(self.grid, field, line, col, to), sum);
            }
        }
    }

    /// Whether a repair is looked for: a check digit fails, or a date
    /// holds letters (a misread digit).
    pub(crate) fn needs_repair(&self, sum: &Summary) -> bool {
        let l = self.layout;
        sum.failing
            || repair::has_letters(self.grid, l.birth)
            || repair::has_letters(self.grid, l.expiry)
    }

    /// The one repair that makes every check digit pass, if there is
    /// exactly one.
    pub(crate) fn repair(&self) -> Option<Vec<repair::Change>> {
        repair::repair(self.grid, self.layout, self.today)
    }
}

/// `mrz.letterSuggestion`: `to` for the digit at `(line, col)`.
fn letter(g: &Grid, field: &'static str, line: usize, col: usize, to: u8) -> Finding {
    Finding::new(
        Code::MrzLetterSuggestion,
        field,
        at(line, col),
        &[
            ("found", Small::byte(g.at(line, col))),
            ("expected", Small::byte(to)),
            ("column", Small::number(col + 1)),
        ],
    )
}

/// A repair's change as its finding.
pub(crate) fn change_finding(g: &Grid, l: &Layout, c: &repair::Change) -> Finding {
    Finding::new(
        Code::MrzSuggestion,
        field_at(l, c.line, c.col),
        at(c.line, c.col),
        &[
            ("found", Small::char(g.original(c.line, c.col))),
            ("expected", Small::byte(c.to)),
            ("column", Small::number(c.col + 1)),
        ],
    )
}

/// The change a `mrz.letterSuggestion` finding stands for.
pub(crate) fn letter_change(f: &Finding) -> Option<repair::Change> {
    if f.code != Code::MrzLetterSuggestion {
        return None;
    }
    let to = *f.param("expected")?.as_bytes().first()?;
    Some(repair::Change {
        line: usize::from(f.at.line),
        col: usize::from(f.at.start),
        to,
    })
}

/// Appends the name characters of `cols` (relative to the field) as the
/// report gives them: characters as given, each run of fillers one space,
/// none leading or trailing.
pub(crate) fn push_name(g: &Grid, l: &Layout, cols: std::ops::Range<usize>, out: &mut String) {
    let line = usize::from(l.name.line);
    let base = usize::from(l.name.start);
    let start = out.len();
    for i in cols {
        let b = g.at(line, base + i);
        if b == b'<' {
            if out.len() > start && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(g.original(line, base + i));
        }
    }
    while out.len() > start && out.ends_with(' ') {
        out.pop();
    }
}

/// Stable insertion sort by line and column. Findings are few, and an
/// insertion sort keeps the generic sort's code out of the WebAssembly.
pub(crate) fn sort_by_position<T>(items: &mut [T], key: impl Fn(&T) -> (Option<u8>, Option<u8>)) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (items.get(j - 1), items.get(j)) else {
                break;
            };
            if key(a) <= key(b) {
                break;
            }
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_as_an_issue_equals_the_builder_chain() {
        let chained = Issue::new(Code::MrzSuggestion, "birthDate")
            .param("found", "O")
            .param("expected", '0')
            .param("column", 17)
            .at(1, 16, 17);
        let f = Finding::new(
            Code::MrzSuggestion,
            "birthDate",
            span(1, 16, 17),
            &[
                ("found", Small::byte(b'O')),
                ("expected", Small::byte(b'0')),
                ("column", Small::number(17)),
            ],
        );
        // Parameters sorted by name, as an issue's map holds them.
        let names: Vec<_> = f.params().map(|(k, _)| k).collect();
        assert_eq!(names, ["column", "expected", "found"]);
        assert_eq!(f.issue(), chained);
        assert_eq!(
            f.issue().message,
            "Check digits pass if 'O' at line 2, column 17 is read as '0'."
        );
        let date = Finding::new(
            Code::MrzExpired,
            "expiryDate",
            span(1, 21, 27),
            &[("date", Small::date(Date::new(2012, 4, 15).unwrap()))],
        );
        assert_eq!(date.param("date"), Some("2012-04-15"));
        assert_eq!(Small::char('ß').as_str(), "ß");
        assert_eq!(Small::number(7).as_str(), "7");
        assert_eq!(Small::number(44).as_str(), "44");
    }
}
