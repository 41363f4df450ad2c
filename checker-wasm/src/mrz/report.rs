//! The Rust rendering of a [`Reading`]: the [`MrzReport`].

use super::finding::Finding;
use super::grid::{Grid, Span, span};
use super::layout::Layout;
use super::reading::{self, Reading, push_name, trailing, trim_fillers};
use super::repair::Change;
use super::{MrzFields, MrzReport, MrzText, Suggestion};

/// The report of a reading.
#[cfg_attr(target_arch = "wasm32", inline(never))]
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

fn text(grid: &Grid, s: Span) -> MrzText {
    match grid.rows.get(usize::from(s.line)) {
        // Only ASCII: the row's bytes are the text.
        Some(row) if grid.others.is_empty() => {
            MrzText::from_row(row, usize::from(s.start), usize::from(s.end), false)
        }
        _ => {
            let mut out = String::new();
            grid.push_str(&mut out, s);
            MrzText::from(out)
        }
    }
}

/// The fields of a reading.
pub(crate) fn fields(r: &Reading<'_>) -> MrzFields {
    let (g, l, n) = (r.grid, r.layout, r.name);
    let surname = name_text(g, l, 0..n.primary_end);
    let given_names = name_text(g, l, n.secondary_start..n.end);
    let document_number = match r.long {
        None => text(g, r.number),
        // A long number's continuation stands elsewhere on the line.
        Some(long) => {
            let mut number = String::new();
            g.push_str(&mut number, r.number);
            g.push_str(&mut number, long.rest);
            MrzText::from(number)
        }
    };
    MrzFields {
        document_code: text(g, trim_fillers(l.doc_code, g)),
        issuing_state: text(g, trailing(l.state, g)),
        surname,
        given_names,
        document_number,
        nationality: text(g, trailing(l.nationality, g)),
        birth_date: r.birth.date(),
        sex: text(g, l.sex),
        expiry_date: r.expiry.date(),
        optional_data: text(g, r.optional),
        optional_data2: r.optional2.map(|o| text(g, o)).unwrap_or_default(),
    }
}

/// A part of the name field as text: the usual name (see below) copied
/// from the row; anything else as [`push_name`] writes it.
fn name_text(g: &Grid, l: &Layout, cols: std::ops::Range<usize>) -> MrzText {
    let start = usize::from(l.name.start) + cols.start;
    let end = (usize::from(l.name.start) + cols.end).min(usize::from(l.name.end));
    let fillers = match (u8::try_from(start), u8::try_from(end)) {
        (Ok(a), Ok(b)) if a < b => Some(g.fillers_in(span(l.name.line, a, b))),
        _ => None,
    };
    // The usual name: only ASCII, a single filler between words and none
    // around them; the text is the row's with fillers as spaces.
    if let Some(f) = fillers
        && g.others.is_empty()
        && f & 1 == 0
        && (f >> (end - start - 1)) & 1 == 0
        && f & (f >> 1) == 0
        && let Some(row) = g.rows.get(usize::from(l.name.line))
    {
        // Fillers to turn into spaces only where there are any.
        return MrzText::from_row(row, start, end, f != 0);
    }
    let mut name = String::new();
    push_name(g, l, cols, &mut name);
    MrzText::from(name)
}

/// The lines with a repair's changes made.
pub(crate) fn repaired_lines(grid: &Grid, changes: &[Change]) -> Vec<String> {
    let mut fixed = grid.clone();
    for c in changes {
        fixed.set(c.line, c.col, c.to);
    }
    (0..fixed.nrows).map(|l| fixed.row_string(l)).collect()
}
