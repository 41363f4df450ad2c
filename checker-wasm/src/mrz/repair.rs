//! Repair suggestions for failing check digits.
//!
//! Longer than 500 lines on purpose: it is one search. The enumeration of
//! candidates, their O(1) evaluation by weighted-sum deltas ([`Fast`]) and
//! the confirmation of a candidate share the search's state and budget and
//! are read together; apart, each part would reach into the others'
//! internals. Its unit tests are in `repair/tests.rs`.
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
//! Candidates are enumerated by number of changed characters (1, then 2)
//! within a fixed budget of evaluations. The first level with any candidate
//! decides: exactly one candidate there is the suggestion; several mean the
//! repair is ambiguous and nothing is suggested; an exhausted budget means
//! nothing is suggested either. Three or more misreads are not repaired: a
//! line that damaged is better typed again than guessed, and trying every
//! triple would make each invalid input with no repair (the common case
//! among invalid ones) several times slower to report. Each candidate is
//! evaluated in O(1) by weighted-sum deltas (see [`Fast`]), without
//! allocating.

use super::check;
use super::dates;
use super::grid::{Grid, OTHER, Span};
use super::layout::{self, Kind, Layout};
use crate::date::Date;

/// Most changed characters in one suggestion.
const MAX_CHANGES: usize = 2;
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

/// The columns of `s` as bits of its row (columns are below 44).
fn columns(s: Span) -> u64 {
    let bit = |c: u8| 1u64.checked_shl(u32::from(c)).unwrap_or(0).wrapping_sub(1);
    bit(s.end) & !bit(s.start)
}

/// Per row, a set of columns.
type Rows = [u64; 3];

fn mark(rows: &mut Rows, s: Span) {
    if let Some(r) = rows.get_mut(usize::from(s.line)) {
        *r |= columns(s);
    }
}

/// The positions to try and their alternatives, in line and column order:
/// those covered by a failing check other than the composite; when the
/// composite fails, those no other check covers; and dates holding
/// letters (misreads even when no check digit sees them: G and 6 weigh
/// the same).
fn candidates(
    grid: &Grid,
    layout: &Layout,
    checks: &[layout::Check],
    failing: u8,
    mut out: Vec<Candidate>,
) -> Vec<Candidate> {
    out.clear();
    // Covered by a check other than the composite; the composite's
    // coverage when it fails; check-digit positions.
    let (mut covered, mut marked, mut digits) = ([0; 3], [0; 3], [0; 3]);
    let mut composite = None;
    for (i, c) in checks.iter().enumerate() {
        let mut cover = [0; 3];
        for &r in c.ranges() {
            mark(&mut cover, r);
        }
        mark(&mut cover, c.digit);
        mark(&mut digits, c.digit);
        let fails = failing & 1 << i != 0;
        if c.kind == Kind::Composite {
            composite = fails.then_some(cover);
        } else {
            for ((cov, m), bits) in covered.iter_mut().zip(&mut marked).zip(cover) {
                *cov |= bits;
                if fails {
                    *m |= bits;
                }
            }
        }
    }
    mark(&mut digits, layout.birth_check);
    mark(&mut digits, layout.expiry_check);
    if let Some(cover) = composite {
        for ((m, c), cov) in marked.iter_mut().zip(cover).zip(covered) {
            *m |= c & !cov;
        }
    }
    let mut dates = [0; 3];
    for s in [layout.birth, layout.expiry] {
        mark(&mut dates, s);
        if has_letters(grid, s) {
            mark(&mut marked, s);
        }
    }
    let width = columns(Span {
        line: 0,
        start: 0,
        end: u8::try_from(grid.width).unwrap_or(0),
    });
    for (line, ((&m, &d), &dig)) in marked
        .iter()
        .zip(&dates)
        .zip(&digits)
        .enumerate()
        .take(grid.nrows)
    {
        let mut m = m & width;
        while m != 0 {
            let col = m.trailing_zeros() as usize;
            let bit = m & m.wrapping_neg();
            m &= m - 1;
            let class = if d & bit != 0 {
                Class::Date
            } else if dig & bit != 0 {
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

/// Rows of the incremental evaluation: up to five checks, then the filler
/// variant of the document number's.
const ROWS: usize = 6;

/// `x` (0–19) modulo 10.
fn mod10(x: i32) -> i32 {
    if x >= 10 { x - 10 } else { x }
}

/// The running state of one check digit over its ranges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Row {
    /// Weighted sum over the characters that have a value, modulo 10
    /// (0–9; a change's delta too), so no step divides.
    sum: i32,
    /// Characters without a value.
    invalid: i32,
    /// Characters other than `<`.
    nonfiller: i32,
}

impl Row {
    fn add(self, d: Row) -> Row {
        Row {
            sum: mod10(self.sum + d.sum),
            invalid: self.invalid + d.invalid,
            nonfiller: self.nonfiller + d.nonfiller,
        }
    }

    /// The contribution of `b` at weight `w`.
    fn of(b: u8, w: i32) -> Row {
        let v = check::value(b);
        let valid = v < 36;
        Row {
            sum: if valid { i32::from(v) * w % 10 } else { 0 },
            invalid: i32::from(!valid),
            nonfiller: i32::from(b != b'<'),
        }
    }

    fn sub(self, d: Row) -> Row {
        Row {
            sum: mod10(self.sum - d.sum + 10),
            invalid: self.invalid - d.invalid,
            nonfiller: self.nonfiller - d.nonfiller,
        }
    }

    /// Whether the check digit `found` matches.
    fn matches(self, found: u8) -> bool {
        self.invalid == 0 && found.is_ascii_digit() && self.sum == i32::from(found - b'0')
    }
}

/// The check digits evaluated by deltas: a changed character changes each
/// check's weighted sum by its weight times the change of value. Used when
/// no candidate can change which checks apply (a long TD1/TD2 document
/// number is found by looking at fillers, so changes there are evaluated
/// in full instead).
#[derive(Debug)]
struct Fast {
    base: [Row; ROWS],
    digits: [u8; ROWS],
    kinds: [Kind; ROWS],
    /// Number of checks (rows before the variant).
    n: usize,
    /// Row of the number's filler variant.
    variant: Option<usize>,
    /// A long number without its check digit: nothing passes.
    never: bool,
    /// Per candidate: per alternative the change of every row, and the
    /// rows whose check digit it is.
    effects: Vec<Effect>,
}

/// Whether a candidate can change which checks apply: a long TD1/TD2
/// number is found by looking at fillers.
fn changes_checks(grid: &Grid, layout: &Layout, cands: &[Candidate]) -> bool {
    if !layout.long_number {
        return false;
    }
    let nc = layout.number_check;
    let filler_in_check = grid.slice(nc) == b"<";
    cands.iter().any(|c| {
        nc.contains(c.line, c.col) || (filler_in_check && layout.optional.contains(c.line, c.col))
    })
}

/// What one candidate changes: per alternative the change of every row,
/// and the rows whose check digit it is.
type Effect = ([[Row; ROWS]; 2], u8);

thread_local! {
    /// The candidates' and effects' buffers, kept from search to search
    /// so that a search allocates nothing (a call that finds them taken
    /// starts with empty ones).
    static BUFFERS: std::cell::Cell<(Vec<Candidate>, Vec<Effect>)> =
        const { std::cell::Cell::new((Vec::new(), Vec::new())) };
}

/// Where `(line, col)` stands in the concatenated ranges, if it does.
fn index_in(ranges: &[Span], line: usize, col: usize) -> Option<usize> {
    let mut offset = 0;
    for r in ranges {
        if r.contains(line, col) {
            return Some(offset + col - usize::from(r.start));
        }
        offset += r.len();
    }
    None
}

/// What each row of the incremental evaluation covers: ranges and digit.
type RowSpans<'c> = [(&'c [Span], Span); ROWS];

/// The rows of the incremental evaluation: each check's ranges and digit,
/// then the filler variant of a long number's; how many there are, and
/// which is the variant.
fn eval_rows<'c>(
    checks: &'c [layout::Check],
    variant_ranges: &'c mut [Span; 3],
) -> (RowSpans<'c>, usize, Option<usize>) {
    let n = checks.len();
    let mut rows: RowSpans<'c> = [(&[], Span::default()); ROWS];
    let mut variant = None;
    for (i, c) in checks.iter().enumerate() {
        if let Some(row) = rows.get_mut(i) {
            *row = (c.ranges(), c.digit);
        }
        if let Some(v) = c.filler_variant {
            *variant_ranges = v;
            variant = Some((n, c.digit));
        }
    }
    if let Some((v, digit)) = variant
        && let Some(row) = rows.get_mut(v)
    {
        *row = (&variant_ranges[..], digit);
    }
    (
        rows,
        n + usize::from(variant.is_some()),
        variant.map(|(v, _)| v),
    )
}

impl Fast {
    /// The unchanged grid's rows (no candidates yet).
    fn base(
        grid: &Grid,
        (checks, long): (&[layout::Check], Option<layout::LongNumber>),
        mut effects: Vec<Effect>,
    ) -> Fast {
        effects.clear();
        let mut variant_ranges = [Span::default(); 3];
        let (rows, nrows, variant) = eval_rows(checks, &mut variant_ranges);
        let mut kinds = [Kind::Number; ROWS];
        for (k, c) in kinds.iter_mut().zip(checks) {
            *k = c.kind;
        }
        let mut base = [Row::default(); ROWS];
        let mut digits = [b'<'; ROWS];
        for (i, ((&(ranges, digit), b), d)) in rows
            .iter()
            .zip(&mut base)
            .zip(&mut digits)
            .enumerate()
            .take(nrows)
        {
            // Characters other than `<` only count for a personal number
            // (whose digit may be `<` when it is empty).
            let personal = i < checks.len() && kinds.get(i) == Some(&Kind::Personal);
            match check::weighted_sum(grid, ranges) {
                Some(sum) if !personal => {
                    // Below 10.
                    b.sum = (sum % 10) as i32;
                }
                _ => {
                    let mut index = 0usize;
                    for &r in ranges {
                        for &ch in grid.slice(r) {
                            *b = b.add(Row::of(ch, check::weight(index) as i32));
                            index += 1;
                        }
                    }
                }
            }
            *d = grid.slice(digit).first().copied().unwrap_or(b'<');
        }
        Fast {
            base,
            digits,
            kinds,
            n: checks.len(),
            variant,
            never: matches!(long, Some(layout::LongNumber { digit: None, .. })),
            effects,
        }
    }

    /// The checks that fail on the unchanged grid, a bit per check (as
    /// [`layout::evaluate`] finds them).
    fn failing(&self) -> u8 {
        (0..self.n)
            .filter(|&i| !self.row_passes(i, &self.base, &self.digits))
            .fold(0, |m, i| m | 1 << i)
    }

    /// Adds the candidates' effects; `false` when a candidate can change
    /// which checks apply (a long TD1/TD2 number is found by looking at
    /// fillers), so changes must be evaluated in full.
    fn add_effects(
        &mut self,
        grid: &Grid,
        layout: &Layout,
        checks: &[layout::Check],
        cands: &[Candidate],
    ) -> bool {
        if changes_checks(grid, layout, cands) {
            return false;
        }
        let mut variant_ranges = [Span::default(); 3];
        let (rows, nrows, _) = eval_rows(checks, &mut variant_ranges);
        for c in cands {
            let before = grid.at(c.line, c.col);
            let mut d = [[Row::default(); ROWS]; 2];
            let mut mask = 0u8;
            for (r, &(ranges, digit)) in rows.iter().enumerate().take(nrows) {
                if digit.contains(c.line, c.col) {
                    mask |= 1 << r;
                }
                if let Some(i) = index_in(ranges, c.line, c.col) {
                    let w = check::weight(i) as i32;
                    for (alt, slot) in c.alts.iter().zip(&mut d).take(c.nalts) {
                        if let Some(row) = slot.get_mut(r) {
                            *row = Row::of(*alt, w).sub(Row::of(before, w));
                        }
                    }
                }
            }
            self.effects.push((d, mask));
        }
        true
    }

    /// Whether check `i` passes with these rows and digits.
    fn row_passes(&self, i: usize, rows: &[Row; ROWS], digits: &[u8; ROWS]) -> bool {
        let (Some(&row), Some(&found), Some(&kind)) =
            (rows.get(i), digits.get(i), self.kinds.get(i))
        else {
            return false;
        };
        if kind == Kind::Personal && found == b'<' {
            return row.nonfiller == 0;
        }
        row.matches(found)
            || (kind == Kind::Number
                && self
                    .variant
                    .and_then(|v| rows.get(v))
                    .is_some_and(|v| v.matches(found)))
    }

    /// The same verdict as [`layout::all_pass`] on the changed grid.
    fn passes(&self, rows: &[Row; ROWS], digits: &[u8; ROWS]) -> bool {
        !self.never && (0..self.n).all(|i| self.row_passes(i, rows, digits))
    }
}

struct Search<'a> {
    grid: &'a Grid,
    /// A copy of the grid to try changes on, made when first needed (the
    /// incremental evaluation rarely lets a candidate through).
    scratch: Option<Grid>,
    layout: &'a Layout,
    today: Date,
    cands: &'a [Candidate],
    fast: Option<Fast>,
    /// The packed evaluation, when it applies (then `fast` has no effects).
    packed: Option<Packed>,
    budget: u32,
    found: usize,
    first: [Change; MAX_CHANGES],
    nfirst: usize,
}

impl Search<'_> {
    /// The change of alternative `a` at candidate `i`.
    fn change(&self, (i, a): (usize, usize)) -> Option<Change> {
        let c = self.cands.get(i)?;
        Some(Change {
            line: c.line,
            col: c.col,
            to: *c.alts.get(a)?,
        })
    }

    /// The incremental state after alternative `a` at candidate `i`.
    fn step(&self, rows: [Row; ROWS], digits: [u8; ROWS], (i, a): (usize, usize)) -> State {
        let (mut rows, mut digits) = (rows, digits);
        if let Some((d, mask)) = self.fast.as_ref().and_then(|f| f.effects.get(i)) {
            if let Some(d) = d.get(a) {
                for (row, delta) in rows.iter_mut().zip(d) {
                    *row = row.add(*delta);
                }
            }
            // Only a candidate that is itself a check digit changes one.
            if *mask != 0 {
                let to = self
                    .cands
                    .get(i)
                    .and_then(|c| c.alts.get(a))
                    .copied()
                    .unwrap_or(b'<');
                for (r, digit) in digits.iter_mut().enumerate() {
                    if mask & (1 << r) != 0 {
                        *digit = to;
                    }
                }
            }
        }
        (rows, digits)
    }

    /// Counts `picks` as a repair when every check digit passes and the
    /// dates it touches (or that hold letters) are real.
    fn evaluate(&mut self, state: &State, picks: &[(usize, usize)]) {
        if self
            .fast
            .as_ref()
            .is_none_or(|f| f.passes(&state.0, &state.1))
        {
            self.confirm(picks);
        } else {
            self.budget = self.budget.saturating_sub(1);
        }
    }

    /// Counts `picks`, whose check digits pass by the incremental
    /// evaluation (or which are to be checked in full), as a repair when
    /// every check digit passes and the dates are real.
    fn confirm(&mut self, picks: &[(usize, usize)]) {
        self.budget = self.budget.saturating_sub(1);
        let mut changes = [Change {
            line: 0,
            col: 0,
            to: 0,
        }; MAX_CHANGES];
        let mut n = 0;
        for (slot, &p) in changes.iter_mut().zip(picks) {
            if let Some(c) = self.change(p) {
                *slot = c;
                n += 1;
            }
        }
        let changes = changes.get(..n).unwrap_or(&[]);
        let grid = self.grid;
        let g = self.scratch.get_or_insert_with(|| grid.clone());
        let mut before = [0u8; MAX_CHANGES];
        for (b, c) in before.iter_mut().zip(changes) {
            *b = g.at(c.line, c.col);
            g.set(c.line, c.col, c.to);
        }
        let ok = layout::all_pass(g, self.layout) && dates_ok(g, self.layout, self.today, changes);
        for (b, c) in before.iter().zip(changes).rev() {
            g.set(c.line, c.col, *b);
        }
        if ok {
            self.found += 1;
            if self.found == 1 {
                self.first = [changes.first(), changes.get(1)].map(|c| {
                    c.copied().unwrap_or(Change {
                        line: 0,
                        col: 0,
                        to: 0,
                    })
                });
                self.nfirst = n;
            }
        }
    }

    /// Whether the search must stop: ambiguous or out of budget.
    fn done(&self) -> bool {
        self.budget == 0 || self.found > 1
    }

    /// Every single change, then (when none works) every pair, in
    /// candidate order.
    fn run(&mut self, base: State) {
        let cands = self.cands;
        for (i, c) in cands.iter().enumerate() {
            for a in 0..c.nalts {
                if self.done() {
                    return;
                }
                let state = self.step(base.0, base.1, (i, a));
                self.evaluate(&state, &[(i, a)]);
            }
        }
        if self.found > 0 || MAX_CHANGES < 2 {
            return;
        }
        for (i, c) in cands.iter().enumerate() {
            for a in 0..c.nalts {
                let one = self.step(base.0, base.1, (i, a));
                // Two alternatives at one position are not a pair.
                for (j, d) in cands.iter().enumerate().skip(i + 1) {
                    for b in 0..d.nalts {
                        if self.done() {
                            return;
                        }
                        let state = self.step(one.0, one.1, (j, b));
                        self.evaluate(&state, &[(i, a), (j, b)]);
                    }
                }
            }
        }
    }
}

/// Whether the dates a repair touches (or that hold letters) are real.
fn dates_ok(grid: &Grid, l: &Layout, today: Date, changes: &[Change]) -> bool {
    let touched = |s: Span| changes.iter().any(|c| s.contains(c.line, c.col));
    let check = |s: Span| touched(s) || has_letters(grid, s);
    let birth_ok = !check(l.birth)
        || dates::digits(grid.slice(l.birth))
            .and_then(|(y, m, d)| dates::birth(y, m, d, today))
            .is_some();
    let expiry_ok = !check(l.expiry)
        || dates::digits(grid.slice(l.expiry))
            .and_then(|(y, m, d)| dates::expiry(y, m, d, today))
            .is_some();
    birth_ok && expiry_ok
}

impl Search<'_> {
    /// [`Search::run`] on packed residues: the same candidates in the same
    /// order, each evaluated by one addition and one comparison.
    fn run_packed(&mut self, p: &Packed) {
        let cands = self.cands;
        let delta =
            |i: usize, a: usize| p.deltas.get(i).and_then(|d| d.get(a)).copied().unwrap_or(0);
        for (i, c) in cands.iter().enumerate() {
            for a in 0..c.nalts {
                if self.done() {
                    return;
                }
                if add_mod10(p.base, delta(i, a)) == p.target {
                    self.confirm(&[(i, a)]);
                } else {
                    self.budget = self.budget.saturating_sub(1);
                }
            }
        }
        if self.found > 0 || MAX_CHANGES < 2 {
            return;
        }
        for (i, c) in cands.iter().enumerate() {
            for a in 0..c.nalts {
                let one = add_mod10(p.base, delta(i, a));
                for (j, d) in cands.iter().enumerate().skip(i + 1) {
                    for b in 0..d.nalts {
                        if self.done() {
                            return;
                        }
                        if add_mod10(one, delta(j, b)) == p.target {
                            self.confirm(&[(i, a), (j, b)]);
                        } else {
                            self.budget = self.budget.saturating_sub(1);
                        }
                    }
                }
            }
        }
    }
}

/// The check digits' weighted sums modulo 10, a byte per row: enough to
/// evaluate a change when no candidate is a check digit, every character
/// has a value, no personal number's digit is `<` and there is no long
/// number's filler variant (see [`Fast::packed`]).
struct Packed {
    base: u64,
    /// The found check digits; `0xFF` where a row can never pass.
    target: u64,
    /// Per candidate (in order) and alternative, the change of each row.
    deltas: [[u64; 2]; MAX_PACKED],
}

/// Byte-wise `(a + b) % 10` for bytes 0–9.
fn add_mod10(a: u64, b: u64) -> u64 {
    const LANES: u64 = 0x0101_0101_0101_0101;
    let s = a + b;
    // A byte of 10 or more gets its high bit from adding 0x76.
    let high = (s + 0x76 * LANES) & (0x80 * LANES);
    s - (high >> 7) * 10
}

/// Most candidates evaluated packed (more go the general way).
const MAX_PACKED: usize = 32;

impl Fast {
    /// The packed form of this evaluation, when it applies: computed from
    /// the grid directly (no per-row effects needed).
    fn packed(
        &self,
        grid: &Grid,
        layout: &Layout,
        checks: &[layout::Check],
        cands: &[Candidate],
    ) -> Option<Packed> {
        if self.never
            || self.variant.is_some()
            || self.n > 8
            || cands.len() > MAX_PACKED
            || changes_checks(grid, layout, cands)
        {
            return None;
        }
        let mut base = 0u64;
        let mut target = 0u64;
        for (r, ((row, &digit), &kind)) in self
            .base
            .iter()
            .zip(&self.digits)
            .zip(&self.kinds)
            .enumerate()
            .take(self.n)
        {
            if row.invalid != 0 || (kind == Kind::Personal && digit == b'<') {
                return None;
            }
            let want = if digit.is_ascii_digit() {
                digit - b'0'
            } else {
                0xFF
            };
            base |= u64::try_from(row.sum).ok()? << (8 * r);
            target |= u64::from(want) << (8 * r);
        }
        let mut variant_ranges = [Span::default(); 3];
        let (rows, _, _) = eval_rows(checks, &mut variant_ranges);
        let mut deltas = [[0u64; 2]; MAX_PACKED];
        for (c, out) in cands.iter().zip(&mut deltas) {
            // Every row holding this position has only characters with a
            // value (checked above), so `before` has one.
            let before = i32::from(check::value(grid.at(c.line, c.col)));
            for (r, &(ranges, digit)) in rows.iter().enumerate().take(self.n) {
                if digit.contains(c.line, c.col) {
                    return None;
                }
                let Some(i) = index_in(ranges, c.line, c.col) else {
                    continue;
                };
                let w = check::weight(i) as i32;
                for (&alt, lane) in c.alts.iter().zip(out.iter_mut()).take(c.nalts) {
                    let d = ((i32::from(check::value(alt)) - before) * w).rem_euclid(10);
                    *lane |= u64::try_from(d).ok()? << (8 * r);
                }
            }
        }
        Some(Packed {
            base,
            target,
            deltas,
        })
    }
}

/// The incremental check-digit state: rows and check-digit characters.
type State = ([Row; ROWS], [u8; ROWS]);

/// The single repair that makes every check digit pass, if there is
/// exactly one with the fewest changes.
#[inline(never)]
pub(crate) fn repair(grid: &Grid, layout: &Layout, today: Date) -> Option<Vec<Change>> {
    let (cands, effects) = BUFFERS.take();
    let (found, cands, effects) = search(grid, layout, today, cands, effects);
    BUFFERS.set((cands, effects));
    found
}

/// [`repair`] with the buffers to use, handed back at the end.
fn search(
    grid: &Grid,
    layout: &Layout,
    today: Date,
    cands: Vec<Candidate>,
    effects: Vec<Effect>,
) -> (Option<Vec<Change>>, Vec<Candidate>, Vec<Effect>) {
    let (checks, n, long) = layout::checks(grid, layout);
    let checks = checks.get(..n).unwrap_or(&[]);
    let mut fast = Fast::base(grid, (checks, long), effects);
    let cands = candidates(grid, layout, checks, fast.failing(), cands);
    if cands.is_empty() {
        return (None, cands, fast.effects);
    }
    let packed = fast.packed(grid, layout, checks, &cands);
    let usable = packed.is_some() || fast.add_effects(grid, layout, checks, &cands);
    let base = (fast.base, fast.digits);
    let none = Change {
        line: 0,
        col: 0,
        to: 0,
    };
    let mut search = Search {
        grid,
        scratch: None,
        layout,
        today,
        cands: &cands,
        fast: usable.then_some(fast),
        packed,
        budget: BUDGET,
        found: 0,
        first: [none; MAX_CHANGES],
        nfirst: 0,
    };
    match search.packed.take() {
        Some(p) => search.run_packed(&p),
        None => search.run(base),
    }
    let found = (search.found == 1 && search.budget > 0)
        .then(|| search.first.iter().take(search.nfirst).copied().collect());
    let effects = search.fast.map(|f| f.effects).unwrap_or_default();
    (found, cands, effects)
}

#[cfg(test)]
mod tests;
