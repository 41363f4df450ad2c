//! The findings of a [`Reading`], walked in report order: every rule's
//! verdict as the finding it makes, and the letters suggested for digits
//! where only letters belong.

use super::{DateRead, Reading, State, is_mrz_char, letter_for};
use crate::countries;
use crate::issue::{Code, Severity};
use crate::mrz::finding::{Finding, Small};
use crate::mrz::grid::{Grid, Span, span};
use crate::mrz::layout::{self, DocCode, Layout, LongNumber, Outcome};
use crate::mrz::{dates, repair};

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
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(crate) fn findings(&self, f: &mut dyn FnMut(Finding)) -> Summary {
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
        let checks = self.checks.iter().zip(&self.outcomes);
        for (c, outcome) in checks.take(self.nchecks) {
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
        // A date read as digits (a date, no such day, `<<` for an unknown
        // part) holds no letters.
        let letters = |read: DateRead, s| {
            matches!(read, DateRead::NotNumeric | DateRead::Unclean)
                && repair::has_letters(self.grid, s)
        };
        sum.failing || letters(self.birth, l.birth) || letters(self.expiry, l.expiry)
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
