//! The common case in one pass: a well-formed MRZ whose every character is
//! `A`–`Z`, `0`–`9` or `<`, whose check digits all pass, whose dates are
//! real and whose codes are known. The only findings possible then are two
//! warnings (the specimen state, an expired document), and the report is
//! built without the general machinery. Anything unusual gives `None`, and
//! the full validation (the reference) runs instead; a property test keeps
//! the two in step.

use super::check::value;
use super::grid::{Grid, Span, span};
use super::layout::Layout;
use super::{MrzFields, MrzFormat, dates, detect, issue, trim_fillers};
use crate::countries;
use crate::date::Date;
use crate::issue::{Code, Issue};

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
    pub(crate) birth: Date,
    pub(crate) expiry: Date,
    /// Where the specimen state stands and in which field, if anywhere.
    specimen: Option<(Span, &'static str)>,
    expired: bool,
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

/// The fast path; `None` whenever the full validation is needed.
#[inline(never)]
pub(crate) fn scan(grid: &Grid, today: Date) -> Option<Quick<'_>> {
    if !grid.others.is_empty() || !all_clean(grid) {
        return None;
    }
    let format = detect(grid.nrows, grid.width, grid.at(0, 0) == b'V');
    let l = format.layout();
    // The check digits first: when one fails (the usual invalid input),
    // nothing more is spent here. A long document number (a filler as its
    // check digit) goes the full way.
    if (l.long_number && grid.slice(l.number_check) == b"<") || !super::layout::all_pass(grid, l) {
        return None;
    }

    // Document code.
    let (first, second) = match grid.slice(l.doc_code) {
        [a, b] => (*a, *b),
        _ => return None,
    };
    let first_ok = match format {
        MrzFormat::Td3 => first == b'P',
        MrzFormat::MrvA | MrzFormat::MrvB => first == b'V',
        MrzFormat::Td1 | MrzFormat::Td2 => matches!(first, b'A' | b'C' | b'I') && second != b'V',
    };
    if !(first_ok && (second.is_ascii_uppercase() || second == b'<')) {
        return None;
    }

    // States: known, or the specimen state (a warning, reported once).
    let mut specimen = None;
    for (s, field) in [(l.state, "issuingState"), (l.nationality, "nationality")] {
        let text = std::str::from_utf8(grid.slice(s)).ok()?;
        if countries::is_specimen(text) {
            specimen = specimen.or(Some((s, field)));
        } else if !countries::is_known(text) {
            return None;
        }
    }

    // Name: starts with a letter, ends before the field does.
    let name = grid.slice(l.name);
    if name.first().is_none_or(|&b| b == b'<') {
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

    // Document number: no continuation, no filler at the start or inside.
    let number = trim_fillers(l.number, grid);
    let nb = grid.slice(l.number);
    if nb.first().is_none_or(|&b| b == b'<') || grid.slice(number).contains(&b'<') {
        return None;
    }

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
        birth,
        expiry,
        specimen,
        expired,
    })
}

impl Quick<'_> {
    /// Appends one text field as the full validation reads it.
    #[inline(never)]
    pub(crate) fn push(&self, t: Text, out: &mut String) {
        let (g, l) = (self.grid, self.layout);
        let s = match t {
            Text::DocumentCode => trim_fillers(l.doc_code, g),
            Text::IssuingState => trailing(l.state, g),
            Text::Surname => return self.name(0, self.primary_end, out),
            Text::GivenNames => return self.name(self.secondary_start, self.name_end, out),
            Text::DocumentNumber => self.number,
            Text::Nationality => trailing(l.nationality, g),
            Text::Sex => l.sex,
            Text::OptionalData => trim_fillers(l.optional, g),
            Text::OptionalData2 => match l.optional2 {
                Some(o) => trim_fillers(o, g),
                None => return,
            },
        };
        g.push_str(out, s);
    }

    /// Name characters `from..to` of the field, each run of fillers as
    /// one space, no space at either end.
    #[inline(never)]
    fn name(&self, from: usize, to: usize, out: &mut String) {
        let bytes = self
            .grid
            .slice(self.layout.name)
            .get(from..to)
            .unwrap_or(&[]);
        let mut space = false;
        let mut any = false;
        for &b in bytes {
            if b == b'<' {
                space = any;
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(char::from(b));
                any = true;
            }
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
    /// The warnings (the specimen state, an expired document), in line
    /// and column order.
    #[inline(never)]
    pub(crate) fn issues(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        if let Some((s, field)) = self.specimen {
            issues.push(issue(Code::MrzSpecimen, field, &[], s));
        }
        if self.expired {
            let date = self.expiry.to_string();
            issues.push(issue(
                Code::MrzExpired,
                "expiryDate",
                &[("date", &date)],
                self.layout.expiry,
            ));
        }
        super::sort_issues(&mut issues);
        issues
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
        super::MrzReport {
            valid: true,
            format: Some(self.format),
            fields: self.fields(),
            issues: self.issues(),
            suggestion: None,
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
    fn taken_for_ordinary_documents_only() {
        // Valid, no warnings: every format.
        for text in [
            "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<08",
            "I<NLDSPECI20142999999990<<<<<<\n6503101F3003105NLDXY9<<<<<<<<6\nDE<BRUIJN<<WILLEKE<<<<<<<<<<<<",
            "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4",
            // The specimen state and an expired document: warnings.
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
            "V<GBRERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4GBR4009078F3612107<<<<<<<<",
        ] {
            assert!(scanned(text), "{text}");
        }
        for text in [
            // A wrong check digit.
            "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234563JPN7310227M3304156<<<<<<<<<<<<<<08",
            // A long document number.
            "I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<\nABCD12345<FRA7512319F29010196780<<<4",
            // Lower case.
            "P<JPNSUZUKI<<ICHIRo<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<08",
        ] {
            assert!(!scanned(text), "{text}");
        }
    }
}
