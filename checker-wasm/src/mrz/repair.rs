//! Repair suggestions for failing check digits.
//!
//! Only the usual reading and typing confusions are tried (O/0, I/1, B/8,
//! S/5, Z/2, G/6, `<` read as K next to fillers, lower case for upper case,
//! `«` for `<`), only at positions covered by a failing check digit (and,
//! when only the composite fails, at the positions no other digit covers),
//! and in digit-only fields (dates, check digits) only letters → digits.
//! Letters in a date also start a search: `G` and `6` (values 16 and 6)
//! and `K` and `<` (20 and 0) differ by a multiple of 10, which weights 7,
//! 3, 1 cannot see, so no check digit fails for them.
//!
//! Candidates are enumerated by number of changed characters (1, 2, then 3)
//! within a fixed budget of evaluations. The first level with any candidate
//! decides: exactly one candidate there is the suggestion; several mean the
//! repair is ambiguous and nothing is suggested; an exhausted budget means
//! nothing is suggested either.

use super::dates;
use super::grid::{Grid, OTHER, Span};
use super::layout::{self, Kind, Layout};
use crate::date::Date;

/// Most changed characters in one suggestion.
const MAX_CHANGES: usize = 3;
/// Most candidate MRZs evaluated for one input.
const BUDGET: u32 = 20_000;

/// One changed character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Change {
    pub line: usize,
    pub col: usize,
    pub to: u8,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    line: usize,
    col: usize,
    alts: [u8; 2],
    nalts: usize,
}

/// The confusable partner of an upper-case letter or digit.
pub(crate) const fn confusion(b: u8) -> Option<u8> {
    Some(match b {
        b'O' => b'0',
        b'0' => b'O',
        b'I' => b'1',
        b'1' => b'I',
        b'B' => b'8',
        b'8' => b'B',
        b'S' => b'5',
        b'5' => b'S',
        b'Z' => b'2',
        b'2' => b'Z',
        b'G' => b'6',
        b'6' => b'G',
        _ => return None,
    })
}

/// What may stand at a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Dates: digits only.
    Date,
    /// Check digits: digits (and `<` where a filler is allowed).
    CheckDigit,
    /// Document number, optional data: letters, digits, fillers.
    Alnum,
}

fn alternatives(grid: &Grid, line: usize, col: usize, class: Class) -> ([u8; 2], usize) {
    let mut out = [0u8; 2];
    let mut n = 0;
    let mut push = |b: u8| {
        if let Some(slot) = out.get_mut(n) {
            *slot = b;
            n += 1;
        }
    };
    let b = grid.at(line, col);
    if b == OTHER {
        if class == Class::Alnum && grid.original(line, col) == '«' {
            push(b'<');
        }
        return (out, n);
    }
    let up = b.to_ascii_uppercase();
    let filler_next = |c: Option<usize>| c.is_some_and(|c| grid.at(line, c) == b'<');
    let k_in_fillers =
        up == b'K' && (filler_next(col.checked_sub(1)) || filler_next(Some(col + 1)));
    if class == Class::Alnum {
        if up != b {
            push(up);
        }
        if let Some(c) = confusion(up) {
            push(c);
        }
    } else if up.is_ascii_uppercase()
        && let Some(d) = confusion(up)
    {
        push(d);
    }
    if k_in_fillers && class != Class::Date {
        push(b'<');
    }
    (out, n)
}

/// Whether a date field holds letters (a likely misread of digits).
pub(crate) fn has_letters(grid: &Grid, s: Span) -> bool {
    grid.slice(s).iter().any(u8::is_ascii_alphabetic)
}

fn in_any(spans: &[Span], line: usize, col: usize) -> bool {
    spans.iter().any(|s| s.contains(line, col))
}

/// The positions to try and their alternatives.
fn candidates(grid: &Grid, layout: &Layout) -> Vec<Candidate> {
    let (checks, n, _) = layout::checks(grid, layout);
    let checks = checks.get(..n).unwrap_or(&[]);
    let mut mask = [[false; 44]; 3];
    let mut mark = |s: Span, pred: &dyn Fn(usize, usize) -> bool| {
        for col in usize::from(s.start)..usize::from(s.end) {
            let line = usize::from(s.line);
            if pred(line, col)
                && let Some(m) = mask.get_mut(line).and_then(|r| r.get_mut(col))
            {
                *m = true;
            }
        }
    };
    let others: Vec<Span> = checks
        .iter()
        .filter(|c| c.kind != Kind::Composite)
        .flat_map(|c| c.ranges().iter().copied().chain([c.digit]))
        .collect();
    for c in checks {
        if layout::evaluate(grid, c).passes() {
            continue;
        }
        mark(c.digit, &|_, _| true);
        for &r in c.ranges() {
            if c.kind == Kind::Composite {
                mark(r, &|l, col| !in_any(&others, l, col));
            } else {
                mark(r, &|_, _| true);
            }
        }
    }
    // Letters in a date are misreads even when no check digit sees them
    // (G and 6 weigh the same).
    for s in [layout.birth, layout.expiry] {
        if has_letters(grid, s) {
            mark(s, &|_, _| true);
        }
    }
    let digit_spans: Vec<Span> = checks
        .iter()
        .map(|c| c.digit)
        .chain([layout.birth_check, layout.expiry_check])
        .collect();
    let mut out = Vec::new();
    for (line, row) in mask.iter().enumerate() {
        for (col, &m) in row.iter().enumerate() {
            if !m {
                continue;
            }
            let class = if layout.birth.contains(line, col) || layout.expiry.contains(line, col) {
                Class::Date
            } else if in_any(&digit_spans, line, col) {
                Class::CheckDigit
            } else {
                Class::Alnum
            };
            let (alts, nalts) = alternatives(grid, line, col, class);
            if nalts > 0 {
                out.push(Candidate {
                    line,
                    col,
                    alts,
                    nalts,
                });
            }
        }
    }
    out
}

struct Search<'a> {
    grid: Grid,
    layout: &'a Layout,
    today: Date,
    cands: &'a [Candidate],
    chosen: [Change; MAX_CHANGES],
    budget: u32,
    found: usize,
    first: Vec<Change>,
}

impl Search<'_> {
    fn dates_ok(&self, depth: usize) -> bool {
        let touched = |s: Span| {
            self.chosen
                .iter()
                .take(depth)
                .any(|c| s.contains(c.line, c.col))
        };
        let l = self.layout;
        let check = |s: Span| touched(s) || has_letters(&self.grid, s);
        let birth_ok = !check(l.birth)
            || dates::digits(self.grid.slice(l.birth))
                .and_then(|(y, m, d)| dates::birth(y, m, d, self.today))
                .is_some();
        let expiry_ok = !check(l.expiry)
            || dates::digits(self.grid.slice(l.expiry))
                .and_then(|(y, m, d)| dates::expiry(y, m, d, self.today))
                .is_some();
        birth_ok && expiry_ok
    }

    /// Tries every way of changing `left` more positions from `from` on.
    fn run(&mut self, from: usize, left: usize, depth: usize) {
        if left == 0 {
            self.budget = self.budget.saturating_sub(1);
            if layout::all_pass(&self.grid, self.layout) && self.dates_ok(depth) {
                self.found += 1;
                if self.found == 1 {
                    self.first = self.chosen.iter().take(depth).copied().collect();
                }
            }
            return;
        }
        let cands = self.cands;
        for (i, c) in cands.iter().enumerate().skip(from) {
            let before = self.grid.at(c.line, c.col);
            for &to in c.alts.iter().take(c.nalts) {
                if self.budget == 0 || self.found > 1 {
                    return;
                }
                self.grid.set(c.line, c.col, to);
                if let Some(slot) = self.chosen.get_mut(depth) {
                    *slot = Change {
                        line: c.line,
                        col: c.col,
                        to,
                    };
                }
                self.run(i + 1, left - 1, depth + 1);
                self.grid.set(c.line, c.col, before);
            }
        }
    }
}

/// The single repair that makes every check digit pass, if there is
/// exactly one with the fewest changes.
pub(crate) fn repair(grid: &Grid, layout: &Layout, today: Date) -> Option<Vec<Change>> {
    let cands = candidates(grid, layout);
    if cands.is_empty() {
        return None;
    }
    let mut search = Search {
        grid: grid.clone(),
        layout,
        today,
        cands: &cands,
        chosen: [Change {
            line: 0,
            col: 0,
            to: 0,
        }; MAX_CHANGES],
        budget: BUDGET,
        found: 0,
        first: Vec::new(),
    };
    for k in 1..=MAX_CHANGES.min(cands.len()) {
        search.run(0, k, 0);
        if search.found > 0 || search.budget == 0 {
            break;
        }
    }
    (search.found == 1 && search.budget > 0).then_some(search.first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusions_are_symmetric() {
        for b in b'0'..=b'Z' {
            if let Some(c) = confusion(b) {
                assert_eq!(confusion(c), Some(b));
                assert_ne!(b.is_ascii_digit(), c.is_ascii_digit());
            }
        }
        assert_eq!(confusion(b'K'), None);
    }
}
