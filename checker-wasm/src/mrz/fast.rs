//! The common case in one pass: a well-formed MRZ whose every character is
//! `A`–`Z`, `0`–`9` or `<`, whose dates are real, whose codes are known
//! (the document code as Doc 9303 has it: not a TD2 passport) and whose
//! name holds no digit. The only findings possible then are two warnings
//! (the specimen state, an expired document) and failing check digits
//! (with, perhaps, a repair), and the report is built without the general
//! machinery.
//! Anything unusual gives `None`, and the full validation (the reference)
//! runs instead; a property test keeps the two in step.

use super::check::{self, value};
use super::grid::{Grid, Span, span};
use super::layout::{self, DocCode, Kind, Layout};
use super::repair::Change;
use super::{MrzFields, MrzFormat, Suggestion, dates, detect, issue, repair, trim_fillers};
use crate::countries;
use crate::date::Date;
use crate::issue::{Code, Issue};

/// A failing check digit: which one, where, and the digit it should be.
#[derive(Debug, Clone, Copy)]
struct Failing {
    kind: Kind,
    digit: Span,
    expected: u8,
}

/// What the fast path read: positions into the grid and the two dates.
pub(crate) struct Quick<'g> {
    grid: &'g Grid,
    pub(crate) format: MrzFormat,
    layout: &'static Layout,
    /// Name: surname columns `name.start..primary_end`, given names
    /// `secondary_start..name_end` (relative to the field).
    primary_end: usize,
    secondary_start: usize,
    name_end: usize,
    number: Span,
    /// A long TD1/TD2 document number's continuation in the optional data.
    number_rest: Option<Span>,
    /// The optional data (after a long number's continuation).
    optional: Span,
    /// A long number whose check digit passes only with the filler
    /// included: where that digit stands.
    filler_check: Option<Span>,
    pub(crate) birth: Date,
    pub(crate) expiry: Date,
    /// Where the specimen state stands and in which field, if anywhere.
    specimen: Option<(Span, &'static str)>,
    expired: bool,
    /// The failing check digits, in the order the full validation
    /// reports them.
    failing: [Option<Failing>; 5],
    today: Date,
}

/// The text fields of [`MrzFields`], in the order of the JS report.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Text {
    DocumentCode,
    IssuingState,
    Surname,
    GivenNames,
    DocumentNumber,
    Nationality,
    Sex,
    OptionalData,
    OptionalData2,
}

impl Text {
    /// Every text field, in the order of the JS report.
    #[cfg_attr(not(all(target_arch = "wasm32", feature = "js-api")), allow(dead_code))]
    pub(crate) const ALL: [Text; 9] = [
        Text::DocumentCode,
        Text::IssuingState,
        Text::Surname,
        Text::GivenNames,
        Text::DocumentNumber,
        Text::Nationality,
        Text::Sex,
        Text::OptionalData,
        Text::OptionalData2,
    ];
}

/// Every row character is `A`–`Z`, `0`–`9` or `<`.
fn all_clean(grid: &Grid) -> bool {
    let mut bad = 0u8;
    for row in grid.rows.iter().take(grid.nrows) {
        for &b in row.iter().take(grid.width) {
            bad |= value(b);
        }
    }
    // Values are below 36; no value is 0xFF.
    bad & 0x80 == 0
}

/// The check digit over `ranges` of a clean grid.
fn digit_over(grid: &Grid, ranges: &[Span]) -> u8 {
    // Below 10.
    (check::weighted_sum(grid, ranges).unwrap_or(0) % 10) as u8
}

/// The fast path; `None` whenever the full validation is needed.
#[inline(never)]
pub(crate) fn scan(grid: &Grid, today: Date) -> Option<Quick<'_>> {
    if !grid.others.is_empty() || !all_clean(grid) {
        return None;
    }
    let format = detect(grid.nrows, grid.width, grid.at(0, 0) == b'V');
    let l = format.layout();

    // A long TD1/TD2 document number: a filler as its check digit and the
    // number continued in the optional data, its check digit last (one
    // character alone has no room for a check digit: the full way).
    let long = match grid.slice(l.optional) {
        data @ [first, ..]
            if l.long_number && grid.slice(l.number_check) == b"<" && *first != b'<' =>
        {
            let run = data.iter().position(|&b| b == b'<').unwrap_or(data.len());
            let run = u8::try_from(run).ok().filter(|&r| r >= 2)?;
            let o = l.optional;
            let digit = span(o.line, o.start + run - 1, o.start + run);
            Some((span(o.line, o.start, digit.start), digit))
        }
        _ => None,
    };

    // Check digits (a filler as the TD3 personal number's digit before a
    // number that is not empty goes the full way).
    let mut failing = [None; 5];
    let mut nfailing = 0;
    let mut check = |kind: Kind, ranges: &[Span], digit: Span| {
        let expected = digit_over(grid, ranges);
        if grid.slice(digit) != [b'0' + expected] {
            if let Some(slot) = failing.get_mut(nfailing) {
                *slot = Some(Failing {
                    kind,
                    digit,
                    expected,
                });
            }
            nfailing += 1;
        }
    };
    let mut filler_check = None;
    match long {
        Some((rest, digit)) => {
            // As some genuine cards computed it: with the filler included.
            let with_filler = digit_over(grid, &[l.number, l.number_check, rest]);
            if grid.slice(digit) == [b'0' + with_filler]
                && grid.slice(digit) != [b'0' + digit_over(grid, &[l.number, rest])]
            {
                filler_check = Some(digit);
            } else {
                check(Kind::Number, &[l.number, rest], digit);
            }
        }
        None => check(
            Kind::Number,
            std::slice::from_ref(&l.number),
            l.number_check,
        ),
    }
    check(Kind::Birth, std::slice::from_ref(&l.birth), l.birth_check);
    check(
        Kind::Expiry,
        std::slice::from_ref(&l.expiry),
        l.expiry_check,
    );
    if let Some(digit) = l.optional_check {
        if grid.slice(digit) == b"<" {
            if grid.slice(l.optional).iter().any(|&b| b != b'<') {
                return None;
            }
        } else {
            check(Kind::Personal, std::slice::from_ref(&l.optional), digit);
        }
    }
    if let Some((digit, ranges)) = l.composite {
        check(Kind::Composite, ranges, digit);
    }

    // Document code (a TD2 passport, with its warning, goes the full way).
    if layout::doc_code(format, grid.slice(l.doc_code)) != DocCode::Valid {
        return None;
    }

    // States: known, or the specimen state (a warning, reported once).
    let mut specimen = None;
    for (s, field) in [(l.state, "issuingState"), (l.nationality, "nationality")] {
        let code: [u8; 3] = grid.slice(s).try_into().ok()?;
        if code == *b"UTO" {
            specimen = specimen.or(Some((s, field)));
        } else if !countries::is_known_mrz(code) {
            return None;
        }
    }

    // Name: starts with a letter, ends before the field does, holds no
    // digit (an error, with perhaps a letter suggested: the full way).
    let name = grid.slice(l.name);
    if name.first().is_none_or(|&b| b == b'<') || name.iter().any(u8::is_ascii_digit) {
        return None;
    }
    let name_end = name.iter().rposition(|&c| c != b'<').map_or(0, |p| p + 1);
    if name_end == name.len() {
        return None;
    }
    let content = name.get(..name_end)?;
    let (primary_end, secondary_start) = match content.windows(2).position(|w| w == b"<<") {
        Some(p) => (p, p + 2),
        None => (name_end, name_end),
    };

    // Document number: no filler at the start or inside (a long one: none
    // at all).
    let number = match long {
        Some(_) => l.number,
        None => trim_fillers(l.number, grid),
    };
    let nb = grid.slice(l.number);
    if nb.first().is_none_or(|&b| b == b'<') || grid.slice(number).contains(&b'<') {
        return None;
    }
    // The optional data: after a long number's check digit and one filler.
    let optional = match long {
        Some((_, digit)) => {
            let o = l.optional;
            trim_fillers(span(o.line, (digit.end + 1).min(o.end), o.end), grid)
        }
        None => trim_fillers(l.optional, grid),
    };

    // Dates and sex.
    let (y, m, d) = dates::digits(grid.slice(l.birth))?;
    let birth = dates::birth(y, m, d, today)?;
    let (y, m, d) = dates::digits(grid.slice(l.expiry))?;
    let expiry = dates::expiry(y, m, d, today)?;
    let limit = today.add_months(dates::EXPIRY_MAX_YEARS_AHEAD * 12);
    if limit.is_some_and(|limit| expiry > limit) {
        return None;
    }
    let expired = expiry < today;
    if !matches!(grid.slice(l.sex), [b'M' | b'F' | b'X' | b'<']) {
        return None;
    }

    Some(Quick {
        grid,
        format,
        layout: l,
        primary_end,
        secondary_start,
        name_end,
        number: span(l.number.line, l.number.start, number.end),
        number_rest: long.map(|(rest, _)| rest),
        optional,
        filler_check,
        birth,
        expiry,
        specimen,
        expired,
        failing,
        today,
    })
}

impl Quick<'_> {
    /// Appends one text field as the full validation reads it: the
    /// characters of its span (each run of fillers in a name as one
    /// space), and a long document number's continuation.
    #[inline(never)]
    pub(crate) fn push(&self, t: Text, out: &mut String) {
        let (s, fillers) = self.span(t);
        let mut space = false;
        for &b in self.grid.slice(s) {
            if fillers && b == b'<' {
                space = true;
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(char::from(b));
            }
        }
        if let (Text::DocumentNumber, Some(rest)) = (t, self.number_rest) {
            self.grid.push_str(out, rest);
        }
    }

    fn text(&self, t: Text) -> String {
        let mut s = String::new();
        self.push(t, &mut s);
        s
    }

    /// The fields as [`MrzFields`].
    #[inline(never)]
    pub(crate) fn fields(&self) -> MrzFields {
        MrzFields {
            document_code: self.text(Text::DocumentCode),
            issuing_state: self.text(Text::IssuingState),
            surname: self.text(Text::Surname),
            given_names: self.text(Text::GivenNames),
            document_number: self.text(Text::DocumentNumber),
            nationality: self.text(Text::Nationality),
            birth_date: Some(self.birth),
            sex: self.text(Text::Sex),
            expiry_date: Some(self.expiry),
            optional_data: self.text(Text::OptionalData),
            optional_data2: self.text(Text::OptionalData2),
        }
    }
}

impl Quick<'_> {
    /// Where text field `t` stands in the grid. For the names: from the
    /// first to the last letter, and whether fillers lie between (each
    /// run of them reads as one space), so that the field is the span
    /// with every run of `<` turned into one space.
    pub(crate) fn span(&self, t: Text) -> (Span, bool) {
        let (g, l) = (self.grid, self.layout);
        let s = match t {
            Text::DocumentCode => trim_fillers(l.doc_code, g),
            Text::IssuingState => trailing(l.state, g),
            Text::Surname => return self.name_span(0, self.primary_end),
            Text::GivenNames => return self.name_span(self.secondary_start, self.name_end),
            // The continuation of a long one: see `number_rest`.
            Text::DocumentNumber => self.number,
            Text::Nationality => trailing(l.nationality, g),
            Text::Sex => l.sex,
            Text::OptionalData => self.optional,
            Text::OptionalData2 => match l.optional2 {
                Some(o) => trim_fillers(o, g),
                None => span(l.sex.line, 0, 0),
            },
        };
        (s, false)
    }

    fn name_span(&self, from: usize, to: usize) -> (Span, bool) {
        let n = self.layout.name;
        let (Ok(from), Ok(to)) = (u8::try_from(from), u8::try_from(to)) else {
            return (span(n.line, n.start, n.start), false);
        };
        let part = trim_fillers(
            span(n.line, n.start + from, n.start + to.max(from)),
            self.grid,
        );
        (part, self.grid.slice(part).contains(&b'<'))
    }
}

/// What the JS facade needs to cut the fields out of the caller's string.
#[cfg_attr(not(all(target_arch = "wasm32", feature = "js-api")), allow(dead_code))]
impl Quick<'_> {
    /// A long document number's continuation.
    pub(crate) fn number_rest(&self) -> Option<Span> {
        self.number_rest
    }

    /// Where each row starts in the text as given (ASCII input only).
    pub(crate) fn origin(&self) -> Option<[u16; 3]> {
        self.grid.origin
    }

    /// Where the birth and expiry dates stand (`YYMMDD` each).
    pub(crate) fn date_spans(&self) -> (Span, Span) {
        (self.layout.birth, self.layout.expiry)
    }

    /// Whether there is anything to report (a warning or a failing check).
    pub(crate) fn has_issues(&self) -> bool {
        self.specimen.is_some() || self.expired || self.filler_check.is_some() || !self.valid()
    }
}

impl Quick<'_> {
    /// Whether every check digit passes (the report is then valid).
    pub(crate) fn valid(&self) -> bool {
        self.failing.iter().all(Option::is_none)
    }

    /// When check digits fail: the repair, if there is exactly one (as the
    /// full validation finds it).
    #[inline(never)]
    pub(crate) fn repair(&self) -> Option<Vec<Change>> {
        if self.valid() {
            return None;
        }
        repair::repair(self.grid, self.layout, self.today)
    }

    /// Every finding (the specimen state, an expired document, failing
    /// check digits, and the changes of a repair), in line and column
    /// order, as the full validation orders them.
    #[inline(never)]
    pub(crate) fn findings(&self, changes: &[Change]) -> Findings {
        let mut out = Findings {
            items: [Finding::EMPTY; MAX_FINDINGS],
            len: 0,
        };
        if let Some((s, field)) = self.specimen {
            out.push(Finding::new(Code::MrzSpecimen, field, s, &[]));
        }
        if self.expired {
            let date = Small::date(self.expiry);
            out.push(Finding::new(
                Code::MrzExpired,
                "expiryDate",
                self.layout.expiry,
                &[("date", date)],
            ));
        }
        if let Some(digit) = self.filler_check {
            out.push(Finding::new(
                Code::MrzLongNumberFillerCheck,
                Kind::Number.field(),
                digit,
                &[],
            ));
        }
        for f in self.failing.iter().flatten() {
            let field = f.kind.field();
            let found = self.grid.slice(f.digit).first().copied().unwrap_or(b'<');
            out.push(Finding::new(
                Code::MrzCheckDigit,
                field,
                f.digit,
                &[
                    ("expected", Small::byte(b'0' + f.expected)),
                    ("field", Small::text(field)),
                    ("found", Small::byte(found)),
                ],
            ));
        }
        let base = out.len;
        for c in changes {
            let (Ok(line), Ok(col)) = (u8::try_from(c.line), u8::try_from(c.col)) else {
                continue;
            };
            out.push(Finding::new(
                Code::MrzSuggestion,
                super::field_at(self.layout, c.line, c.col),
                span(line, col, col + 1),
                &[
                    ("column", Small::number(c.col + 1)),
                    ("expected", Small::byte(c.to)),
                    ("found", Small::byte(self.grid.at(c.line, c.col))),
                ],
            ));
        }
        // The warnings and the check digits, then (after them, as the full
        // validation adds them) the repair's: each part sorted stably.
        let items = out.items.get_mut(..out.len).unwrap_or(&mut []);
        let (first, _) = items.split_at_mut(base.min(items.len()));
        sort_findings(first);
        sort_findings(items);
        out
    }

    /// The lines with a repair's changes made.
    pub(crate) fn repaired_lines(&self, changes: &[Change]) -> Vec<String> {
        super::repaired_lines(self.grid, changes)
    }
}

/// At most: the specimen state, an expired document, five check digits
/// and a repair of two characters.
const MAX_FINDINGS: usize = 9;

/// Findings of the fast path, without allocating.
pub(crate) struct Findings {
    items: [Finding; MAX_FINDINGS],
    len: usize,
}

impl Findings {
    fn push(&mut self, f: Finding) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = f;
            self.len += 1;
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Finding> {
        self.items.iter().take(self.len)
    }
}

/// Stable insertion sort by line and column, as [`super::sort_issues`].
fn sort_findings(items: &mut [Finding]) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 {
            let (Some(a), Some(b)) = (items.get(j - 1), items.get(j)) else {
                break;
            };
            if (a.at.line, a.at.start) <= (b.at.line, b.at.start) {
                break;
            }
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// A short ASCII parameter value held inline (a digit, a character, a
/// column number, an ISO date).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Small {
    buf: [u8; 16],
    len: u8,
}

impl Small {
    const EMPTY: Small = Small {
        buf: [0; 16],
        len: 0,
    };

    fn text(s: &str) -> Small {
        let mut out = Small::EMPTY;
        for (slot, &b) in out.buf.iter_mut().zip(s.as_bytes()) {
            *slot = b;
            out.len += 1;
        }
        out
    }

    fn byte(b: u8) -> Small {
        let mut out = Small::EMPTY;
        out.buf[0] = b;
        out.len = 1;
        out
    }

    fn number(n: usize) -> Small {
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

    fn date(d: Date) -> Small {
        let mut out = Small::EMPTY;
        for (slot, b) in out.buf.iter_mut().zip(super::iso_date(d)) {
            *slot = b;
            out.len += 1;
        }
        out
    }

    pub(crate) fn as_str(&self) -> &str {
        self.buf
            .get(..usize::from(self.len))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

/// One finding of the fast path: parameters sorted by name, as an
/// [`Issue`]'s are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Finding {
    pub(crate) code: Code,
    pub(crate) field: &'static str,
    pub(crate) at: Span,
    params: [(&'static str, Small); 3],
    nparams: usize,
}

impl Finding {
    const EMPTY: Finding = Finding {
        code: Code::MrzEmpty,
        field: "",
        at: span(0, 0, 0),
        params: [("", Small::EMPTY); 3],
        nparams: 0,
    };

    fn new(code: Code, field: &'static str, at: Span, params: &[(&'static str, Small)]) -> Finding {
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
        f
    }

    pub(crate) fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.params
            .iter()
            .take(self.nparams)
            .map(|(k, v)| (*k, v.as_str()))
    }

    /// Appends the English message.
    #[cfg_attr(not(all(target_arch = "wasm32", feature = "js-api")), allow(dead_code))]
    pub(crate) fn message(&self, out: &mut String) {
        crate::issue::render_into(out, self.code, self.field, Some(self.at.line), |name| {
            self.params().find(|(k, _)| *k == name).map(|(_, v)| v)
        });
    }

    /// As an [`Issue`].
    pub(crate) fn issue(&self) -> Issue {
        let mut params = [("", ""); 3];
        for (slot, p) in params.iter_mut().zip(self.params()) {
            *slot = p;
        }
        issue(
            self.code,
            self.field,
            params.get(..self.nparams).unwrap_or(&[]),
            self.at,
        )
    }
}

/// `s` without trailing fillers (leading ones kept), as states are read.
fn trailing(s: Span, grid: &Grid) -> Span {
    span(s.line, s.start, trim_fillers(s, grid).end.max(s.start))
}

impl Quick<'_> {
    /// The report the full validation gives.
    #[inline(never)]
    pub(crate) fn report(&self) -> super::MrzReport {
        let changes = self.repair();
        let changes = changes.as_deref().unwrap_or(&[]);
        super::MrzReport {
            valid: self.valid(),
            format: Some(self.format),
            fields: self.fields(),
            issues: self.findings(changes).iter().map(Finding::issue).collect(),
            suggestion: (!changes.is_empty()).then(|| Suggestion {
                lines: self.repaired_lines(changes),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mrz::grid::{Input, read};

    fn scanned(text: &str) -> bool {
        let today = Date::new(2026, 11, 26).unwrap();
        match read(text) {
            Input::Grid(g) => scan(&g, today).is_some(),
            _ => false,
        }
    }

    #[test]
    fn findings_render_as_their_issues() {
        let today = Date::new(2026, 11, 26).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for text in [
            // The specimen state, expired.
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
            // Two failing check digits, no repair.
            "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234563JPN7310227M3304156<<<<<<<<<<<<<<08",
            // O for 0 in the number: one repair.
            "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTKO1234568JPN7310227M3304156<<<<<<<<<<<<<<08",
        ] {
            let Input::Grid(g) = read(text) else {
                panic!("not a grid: {text}")
            };
            let q = scan(&g, today).unwrap();
            let changes = q.repair().unwrap_or_default();
            for f in q.findings(&changes).iter() {
                seen.insert(f.code);
                let names: Vec<_> = f.params().map(|(k, _)| k).collect();
                assert!(
                    names.is_sorted(),
                    "{names:?}: as an issue's map orders them"
                );
                let mut message = String::new();
                f.message(&mut message);
                assert_eq!(message, f.issue().message, "{text}");
            }
        }
        assert_eq!(seen.len(), 4, "{seen:?}");
    }

    #[test]
    fn weights_cover_a_line_from_any_phase() {
        for format in [
            MrzFormat::Td1,
            MrzFormat::Td2,
            MrzFormat::Td3,
            MrzFormat::MrvA,
            MrzFormat::MrvB,
        ] {
            let (_, width) = format.shape();
            assert!(width + 2 <= check::WEIGHTS.len(), "{format:?}");
        }
    }

    /// Documents the fast path takes, valid: every format; the specimen
    /// state and an expired document (warnings); a long TD2 number; runs
    /// of fillers inside and around the given names, and none.
    const QUICK: [&str; 8] = [
        "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<08",
        "I<NLDSPECI20142999999990<<<<<<\n6503101F3003105NLDXY9<<<<<<<<6\nDE<BRUIJN<<WILLEKE<<<<<<<<<<<<",
        "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
        "V<GBRERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4GBR4009078F3612107<<<<<<<<",
        "I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<\nABCD12345<FRA7512319F29010196780<<<4",
        "P<JPNSUZUKI<<<ICHIRO<<<TARO<<<<<<<<<<<<<<<<<\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<08",
        "P<JPNSUZUKI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<08",
    ];

    #[test]
    fn fields_as_the_full_validation_reads_them() {
        let today = Date::new(2026, 11, 26).unwrap();
        for text in QUICK {
            let Input::Grid(g) = read(text) else {
                panic!("not a grid: {text}")
            };
            let q = scan(&g, today).unwrap_or_else(|| panic!("not quick: {text}"));
            let full = crate::mrz::validate_mrz_full(text, today);
            assert_eq!(q.fields(), full.fields, "{text}");
        }
    }

    #[test]
    fn taken_for_ordinary_documents_only() {
        for text in QUICK {
            assert!(scanned(text), "{text}");
        }
        // A wrong check digit: taken, and invalid.
        let wrong = "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234563JPN7310227M3304156<<<<<<<<<<<<<<08";
        let Input::Grid(g) = read(wrong) else {
            panic!("not a grid")
        };
        let q = scan(&g, Date::new(2026, 11, 26).unwrap()).unwrap();
        assert!(!q.valid());
        let codes: Vec<_> = q
            .findings(&[])
            .iter()
            .map(|i| (i.code, i.field.to_owned()))
            .collect();
        assert_eq!(
            codes,
            [
                (Code::MrzCheckDigit, "documentNumber".to_owned()),
                (Code::MrzCheckDigit, "composite".to_owned())
            ]
        );
        // A long document number: taken, the number joined, the optional
        // data after its check digit.
        let long = "I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<\nABCD12345<FRA7512319F29010196780<<<4";
        let Input::Grid(g) = read(long) else {
            panic!("not a grid")
        };
        let q = scan(&g, Date::new(2026, 11, 26).unwrap()).unwrap();
        assert!(q.valid());
        assert_eq!(q.text(Text::DocumentNumber), "ABCD12345678");
        assert_eq!(q.text(Text::OptionalData), "");
        for text in [
            // A long number continued by one character: no room for its
            // check digit.
            "I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<\nABCD12345<FRA7512319F29010196<<<<<<4",
            // Lower case.
            "P<JPNSUZUKI<<ICHIRo<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<08",
        ] {
            assert!(!scanned(text), "{text}");
        }
    }
}
