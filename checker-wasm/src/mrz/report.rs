//! The Rust rendering of a [`Reading`]: the [`MrzReport`].

use super::finding::Finding;
use super::grid::{Grid, Span};
use super::reading::{self, Reading, push_name, trailing, trim_fillers};
use super::repair::Change;
use super::{MrzFields, MrzReport, Suggestion};

/// The report of a reading.
#[inline(never)]
pub(crate) fn report(r: &Reading<'_>) -> MrzReport {
    let mut issues = Vec::new();
    let mut letters = Vec::new();
    let sum = r.findings(&mut |f: Finding| {
        if let Some(c) = reading::letter_change(&f) {
            letters.push(c);
        }
        issues.push(f.issue());
    });
    // Digits read as letters where only letters belong: part of the
    // suggested lines when every such digit has its letter (no check digit
    // covers those fields, so they never change which checks pass).
    if sum.unrepaired {
        letters.clear();
    }
    let mut suggestion = None;
    if r.needs_repair(&sum) {
        if let Some(changes) = r.repair() {
            issues.extend(
                changes
                    .iter()
                    .map(|c| reading::change_finding(r.grid, r.layout, c).issue()),
            );
            let all: Vec<Change> = changes.iter().chain(&letters).copied().collect();
            suggestion = Some(Suggestion {
                lines: repaired_lines(r.grid, &all),
            });
        }
    } else if !letters.is_empty() {
        suggestion = Some(Suggestion {
            lines: repaired_lines(r.grid, &letters),
        });
    }
    reading::sort_by_position(&mut issues, |i| (i.line, i.start));
    MrzReport {
        valid: !sum.errors,
        format: Some(r.format),
        fields: fields(r),
        issues,
        suggestion,
    }
}

fn string(grid: &Grid, s: Span) -> String {
    let mut out = String::with_capacity(s.len());
    grid.push_str(&mut out, s);
    out
}

/// The fields of a reading.
pub(crate) fn fields(r: &Reading<'_>) -> MrzFields {
    let (g, l, n) = (r.grid, r.layout, r.name);
    let mut surname = String::with_capacity(n.primary_end);
    push_name(g, l, 0..n.primary_end, &mut surname);
    let mut given_names = String::with_capacity(n.end.saturating_sub(n.secondary_start));
    push_name(g, l, n.secondary_start..n.end, &mut given_names);
    let mut document_number = string(g, r.number);
    if let Some(long) = r.long {
        g.push_str(&mut document_number, long.rest);
    }
    MrzFields {
        document_code: string(g, trim_fillers(l.doc_code, g)),
        issuing_state: string(g, trailing(l.state, g)),
        surname,
        given_names,
        document_number,
        nationality: string(g, trailing(l.nationality, g)),
        birth_date: r.birth.date(),
        sex: string(g, l.sex),
        expiry_date: r.expiry.date(),
        optional_data: string(g, r.optional),
        optional_data2: r.optional2.map(|o| string(g, o)).unwrap_or_default(),
    }
}

/// The lines with a repair's changes made.
pub(crate) fn repaired_lines(grid: &Grid, changes: &[Change]) -> Vec<String> {
    let mut fixed = grid.clone();
    for c in changes {
        fixed.set(c.line, c.col, c.to);
    }
    (0..fixed.nrows).map(|l| fixed.row_string(l)).collect()
}
