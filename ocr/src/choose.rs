//! Choosing the MRZ from the classifier's scores, with the checker as the
//! judge: each position takes the best character of its field's class
//! (digits in dates and check digits, letters and fillers in names and
//! codes); then the checker's own repair and the classifier's runner-ups
//! are tried, and only a reading [`checker_wasm::validate_mrz`] finds
//! valid is returned.

use crate::classify::ALPHABET;
use checker_wasm::mrz::char_value;
use checker_wasm::{Date, MrzFormat, validate_mrz};

/// What a position may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Digits (dates, check digits).
    Digit,
    /// A digit or the filler (check digits that may be `<`).
    DigitOrFiller,
    /// Letters and the filler (names, codes, nationality).
    Alpha,
    /// Sex: `M`, `F`, `X` or `<`.
    Sex,
    /// Letters, digits and the filler (numbers, optional data).
    Any,
}

impl Class {
    fn allows(self, b: u8) -> bool {
        match self {
            Class::Digit => b.is_ascii_digit(),
            Class::DigitOrFiller => b.is_ascii_digit() || b == b'<',
            Class::Alpha => b.is_ascii_uppercase() || b == b'<',
            Class::Sex => matches!(b, b'M' | b'F' | b'X' | b'<'),
            Class::Any => true,
        }
    }
}

/// The format of a reading of `lines` lines of `cols` characters whose
/// first character is `first`.
pub(crate) fn format(lines: usize, cols: usize, first: u8) -> Option<MrzFormat> {
    Some(match (lines, cols, first == b'V') {
        (3, 30, _) => MrzFormat::Td1,
        (2, 36, false) => MrzFormat::Td2,
        (2, 36, true) => MrzFormat::MrvB,
        (2, 44, false) => MrzFormat::Td3,
        (2, 44, true) => MrzFormat::MrvA,
        _ => return None,
    })
}

/// The class of each position of `format` (ICAO Doc 9303 parts 4–6).
pub(crate) fn class(format: MrzFormat, line: usize, col: usize) -> Class {
    use Class::*;
    match format {
        MrzFormat::Td1 => match (line, col) {
            (0, 0..=4) => Alpha,
            (0, 14) => DigitOrFiller,
            (1, 0..=6) | (1, 8..=14) | (1, 29) => Digit,
            (1, 7) => Sex,
            (1, 15..=17) | (2, _) => Alpha,
            _ => Any,
        },
        MrzFormat::Td2 | MrzFormat::MrvB | MrzFormat::Td3 | MrzFormat::MrvA => {
            let mrv = matches!(format, MrzFormat::MrvA | MrzFormat::MrvB);
            let len = format.shape().1;
            match (line, col) {
                (0, _) => Alpha,
                (1, 9) | (1, 13..=19) | (1, 21..=27) => Digit,
                (1, 10..=12) => Alpha,
                (1, 20) => Sex,
                (1, c) if !mrv && c + 1 == len => Digit,
                (1, 42) if !mrv && len == 44 => DigitOrFiller,
                _ => Any,
            }
        }
    }
}

/// One position's reading: the characters its class allows, best first,
/// with their scores.
#[derive(Debug, Clone)]
pub(crate) struct Ranked {
    pub order: Vec<(u8, f32)>,
}

/// Ranks the scores of one cell under its class.
pub(crate) fn rank(scores: &[f32; 37], class: Class) -> Ranked {
    let mut order: Vec<(u8, f32)> = ALPHABET
        .iter()
        .zip(scores)
        .filter(|(b, _)| class.allows(**b))
        .map(|(b, s)| (*b, *s))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ranked { order }
}

/// Pairs of characters the correlation hardly tells apart, with the ink
/// test ([`crate::classify::pair_ink`]) that settles them: `(a, b, for_a,
/// for_b)`, the test's value for `a` over `b` at or above which a cell is an
/// `a`, and at or below which it is a `b`; in between nothing is decided.
/// Each bound lies well clear of every value the *other* character gave
/// (`mrz-ocr-synth diag 200 2100`, all conditions, seeds outside the
/// bench's 0–99 and the held-out 1000–1099):
/// * 8/S: S's strokes are nearly a subset of 8's, so a bold S template fits
///   an 8 about as well, and no check digit tells them apart (values 10
///   apart). Every 8 at −0.01 or more, every S at −0.14 or less.
/// * G/Q, in names (no check digit): every Q at −0.15 or less; a blurred G
///   as low as −0.30, so a Q only at −0.45 or less.
/// * H/N, in names: every H at −0.63 or more, every N at −0.54 or less
///   (measured on tilted pages before the cells followed their columns).
/// * Z/I: every Z at −0.01 or more, every I at −0.13 or less.
///
/// O/0 and B/D are left to the correlation and the check digits: O/0's
/// values overlap, and no D was measured near a B.
const PAIRS: [(u8, u8, f32, f32); 4] = [
    (b'8', b'S', 0.025, -0.115),
    (b'G', b'Q', 0.03, -0.45),
    (b'H', b'N', -0.42, -0.78),
    (b'Z', b'I', 0.05, -0.20),
];

/// The entry of [`PAIRS`] for the two characters `x` and `y`, in either order.
fn pair_of(x: u8, y: u8) -> Option<(u8, u8, f32, f32)> {
    PAIRS
        .iter()
        .copied()
        .find(|&(a, b, _, _)| (a, b) == (x, y) || (a, b) == (y, x))
}

/// When the two best of `r` are a pair of [`PAIRS`] within a margin the
/// checker might not resolve, the ink test `ink` (positive for its first
/// argument) decides between them when clear: the winner first, the other
/// [`INVISIBLE`] × 2 below it. Returns the pair, in the table's order, and
/// the test's value.
pub(crate) fn settle(
    r: &mut Ranked,
    ink: impl Fn(u8, u8) -> Option<f32>,
) -> Option<(char, char, f32)> {
    let [x, y, ..] = r.order.as_mut_slice() else {
        return None;
    };
    let (a, b, for_a, for_b) = pair_of(x.0, y.0)?;
    if x.1 - y.1 >= 2.0 * INVISIBLE {
        return None;
    }
    let d = ink(a, b)?;
    let out = (char::from(a), char::from(b), d);
    let winner = if d >= for_a {
        a
    } else if d <= for_b {
        b
    } else {
        return Some(out);
    };
    let top = x.1;
    if x.0 != winner {
        std::mem::swap(x, y);
    }
    x.1 = top;
    y.1 = top - 2.0 * INVISIBLE;
    r.order.sort_by(|p, q| q.1.total_cmp(&p.1));
    Some(out)
}

/// How far a runner-up may score below the best and still be tried.
const RUNNER_UP: f32 = 0.12;
/// Positions whose runner-ups are tried (the least certain).
const TRY_POSITIONS: usize = 10;

/// Why no reading was chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Refusal {
    /// The checker found no candidate valid.
    NoValid,
    /// Two repaired readings were about equally likely.
    Tied,
    /// The character chosen at `line`, `col` hardly looks like its glyph
    /// (the cell is cut off, in glare or out of focus): its check digit
    /// may be misread too, so the checker's word on it is not enough.
    Faint { line: usize, col: usize },
    /// A near-tied runner-up (`alt` for `chosen`, `margin` below it) at
    /// `line`, `col` would be valid too.
    Ambiguous {
        line: usize,
        col: usize,
        chosen: char,
        alt: char,
        margin: f32,
    },
}

/// The valid reading chosen, or why none was: the checker confirms none,
/// or two readings are about equally likely.
pub(crate) fn choose(cells: &[Vec<Ranked>], today: Date) -> Result<Vec<String>, Refusal> {
    let best: Vec<Vec<u8>> = cells
        .iter()
        .map(|l| {
            l.iter()
                .map(|r| r.order.first().map_or(b'<', |c| c.0))
                .collect()
        })
        .collect();
    let text = |lines: &[Vec<u8>]| -> String {
        lines
            .iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let report = validate_mrz(&text(&best), today);
    if report.valid {
        return unambiguous(cells, best, today).map(|t| split(&text(&t)));
    }
    // The checker's repair, accepted only where every changed character is
    // one of the classifier's runner-ups there.
    if let Some(s) = &report.suggestion
        && s.lines.len() == best.len()
        && runner_ups_allow(cells, &best, &s.lines)
        && validate_mrz(&s.lines.join("\n"), today).valid
    {
        let fixed: Vec<Vec<u8>> = s.lines.iter().map(|l| l.as_bytes().to_vec()).collect();
        return unambiguous(cells, fixed, today).map(|t| split(&text(&t)));
    }
    // The classifier's own runner-ups at the least certain positions, one
    // and two at a time.
    let mut doubt: Vec<(f32, usize, usize)> = Vec::new();
    for (li, l) in cells.iter().enumerate() {
        for (ci, r) in l.iter().enumerate() {
            if let [a, b, ..] = r.order.as_slice()
                && a.1 - b.1 < RUNNER_UP
            {
                doubt.push((a.1 - b.1, li, ci));
            }
        }
    }
    doubt.sort_by(|a, b| a.0.total_cmp(&b.0));
    doubt.truncate(TRY_POSITIONS);
    let mut found: Vec<(f32, Vec<Vec<u8>>)> = Vec::new();
    let alt = |li: usize, ci: usize| cells[li][ci].order.get(1).copied();
    for i in 0..doubt.len() {
        let (c1, l1, p1) = doubt[i];
        if let Some((b, _)) = alt(l1, p1) {
            let mut t = best.clone();
            t[l1][p1] = b;
            if validate_mrz(&text(&t), today).valid {
                found.push((c1, t));
            }
        }
        for &(c2, l2, p2) in &doubt[i + 1..] {
            if let (Some((b1, _)), Some((b2, _))) = (alt(l1, p1), alt(l2, p2)) {
                let mut t = best.clone();
                t[l1][p1] = b1;
                t[l2][p2] = b2;
                if validate_mrz(&text(&t), today).valid {
                    found.push((c1 + c2, t));
                }
            }
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    match found.as_slice() {
        [] => Err(Refusal::NoValid),
        [(_, t)] => unambiguous(cells, t.clone(), today).map(|t| split(&text(&t))),
        [(a, t), (b, _), ..] if b - a > RUNNER_UP / 2.0 => {
            unambiguous(cells, t.clone(), today).map(|t| split(&text(&t)))
        }
        _ => Err(Refusal::Tied),
    }
}

/// Runner-ups closer than this to the chosen character make a reading
/// ambiguous when swapping them in leaves it valid (S/8, B/1, O/0 … in
/// fields where the check digits cannot tell, and any letter in a name).
/// Names have no check digit at all: G/Q at 0.017 and B/D at 0.009 were
/// measured wrong in blurred names (seeds 52 and 63), so 0.03.
const AMBIGUOUS: f32 = 0.03;
/// The same for characters whose values differ by a multiple of 10 (S/8,
/// B/1, I/8, K/0, G/6 …): no check digit ever tells them apart, so the
/// classifier alone must, by a clear margin.
const INVISIBLE: f32 = 0.03;
/// The margin needed per unit of misfit (1 − the chosen's correlation).
const FIT_MARGIN: f32 = 0.25;

/// Whether swapping `a` for `b` can never change a check digit.
fn invisible(a: u8, b: u8) -> bool {
    match (char_value(a), char_value(b)) {
        (Some(x), Some(y)) => x.abs_diff(y) % 10 == 0,
        _ => false,
    }
}

/// `t` unless some position's runner-up is nearly as likely and the
/// checker would accept it too: then another frame should decide.
fn unambiguous(
    cells: &[Vec<Ranked>],
    t: Vec<Vec<u8>>,
    today: Date,
) -> Result<Vec<Vec<u8>>, Refusal> {
    for (li, l) in cells.iter().enumerate() {
        for (ci, r) in l.iter().enumerate() {
            let chosen = t
                .get(li)
                .and_then(|row| row.get(ci))
                .copied()
                .ok_or(Refusal::NoValid)?;
            let mine = r.order.iter().find(|c| c.0 == chosen).map_or(0.0, |c| c.1);
            for &(b, sc) in &r.order {
                let base = if invisible(chosen, b) {
                    INVISIBLE
                } else {
                    AMBIGUOUS
                };
                // The worse the cell fits its glyph, the wider the margin
                // it needs (a name's H read as N at 0.77, 0.04 ahead).
                let margin = base.max(FIT_MARGIN * (1.0 - mine));
                if b == chosen || mine - sc >= margin {
                    continue;
                }
                let mut alt = t.clone();
                alt[li][ci] = b;
                let joined: Vec<String> = alt
                    .iter()
                    .map(|l| String::from_utf8_lossy(l).into_owned())
                    .collect();
                if validate_mrz(&joined.join("\n"), today).valid {
                    return Err(Refusal::Ambiguous {
                        line: li,
                        col: ci,
                        chosen: char::from(chosen),
                        alt: char::from(b),
                        margin: mine - sc,
                    });
                }
            }
        }
    }
    Ok(t)
}

/// Least score of a chosen character (its correlation with the glyph):
/// confirmed readings measured 0.71 at the lowest on the synthetic set, a
/// wrong one accepted through a cut-off check digit 0.54.
const FAINT: f32 = 0.62;

/// The first position whose chosen character scores below [`FAINT`].
pub(crate) fn faint(cells: &[Vec<Ranked>], lines: &[String]) -> Option<Refusal> {
    for (li, (l, rs)) in lines.iter().zip(cells).enumerate() {
        for (ci, (b, r)) in l.bytes().zip(rs).enumerate() {
            let mine = r.order.iter().find(|c| c.0 == b).map_or(-1.0, |c| c.1);
            if mine < FAINT {
                return Some(Refusal::Faint { line: li, col: ci });
            }
        }
    }
    None
}

fn split(s: &str) -> Vec<String> {
    s.lines().map(str::to_owned).collect()
}

/// Every character where `fixed` differs from `best` is a runner-up of
/// that position within [`RUNNER_UP`] of its best.
fn runner_ups_allow(cells: &[Vec<Ranked>], best: &[Vec<u8>], fixed: &[String]) -> bool {
    for (li, (b, f)) in best.iter().zip(fixed).enumerate() {
        let f = f.as_bytes();
        if f.len() != b.len() {
            return false;
        }
        for (ci, (x, y)) in b.iter().zip(f).enumerate() {
            if x == y {
                continue;
            }
            let Some(r) = cells.get(li).and_then(|l| l.get(ci)) else {
                return false;
            };
            let top = r.order.first().map_or(0.0, |c| c.1);
            if !r.order.iter().any(|(c, s)| c == y && top - s < RUNNER_UP) {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(pairs: &[(u8, f32)]) -> Ranked {
        Ranked {
            order: pairs.to_vec(),
        }
    }

    #[test]
    fn the_ink_test_settles_a_pair_of_the_table_in_either_order() {
        // G and Q nearly tied; the ink test clearly for G (the table's first).
        let mut r = ranked(&[(b'Q', 0.90), (b'G', 0.89), (b'O', 0.80)]);
        let got = settle(&mut r, |a, b| {
            assert_eq!(
                (a, b),
                (b'G', b'Q'),
                "the test is asked in the table's order"
            );
            Some(0.30)
        });
        assert_eq!(got, Some(('G', 'Q', 0.30)));
        assert_eq!(r.order[0], (b'G', 0.90), "the winner takes the best score");
        assert_eq!(r.order[1].0, b'Q');
        assert!(r.order[0].1 - r.order[1].1 >= 2.0 * INVISIBLE - 1e-6);
        // … and clearly for Q.
        let mut r = ranked(&[(b'G', 0.90), (b'Q', 0.89)]);
        settle(&mut r, |_, _| Some(-0.60));
        assert_eq!(r.order[0].0, b'Q');
    }

    #[test]
    fn an_unclear_ink_test_or_a_pair_outside_the_table_decides_nothing() {
        let before = [(b'Q', 0.90), (b'G', 0.89)];
        let mut r = ranked(&before);
        // Between the bounds: reported, not decided.
        assert_eq!(settle(&mut r, |_, _| Some(-0.10)), Some(('G', 'Q', -0.10)));
        assert_eq!(r.order, before);
        // O and 0 are not in the table (their ink tests overlap).
        let mut r = ranked(&[(b'O', 0.90), (b'0', 0.89)]);
        assert_eq!(settle(&mut r, |_, _| Some(1.0)), None);
        assert_eq!(r.order[0].0, b'O');
        // A clear lead is left to the correlation.
        let mut r = ranked(&[(b'Q', 0.95), (b'G', 0.80)]);
        assert_eq!(settle(&mut r, |_, _| Some(1.0)), None);
        assert_eq!(r.order[0].0, b'Q');
    }

    #[test]
    fn every_pair_decides_each_way_only_outside_a_gap() {
        for (a, b, for_a, for_b) in PAIRS {
            assert!(
                for_a > for_b,
                "{}/{}: the bounds overlap",
                a as char,
                b as char
            );
            assert!(a != b);
            // `pair_of` takes the first entry that names the two.
            let named = PAIRS
                .iter()
                .filter(|&&(x, y, _, _)| (x, y) == (a, b) || (x, y) == (b, a))
                .count();
            assert_eq!(
                named, 1,
                "{}/{} is in the table twice",
                a as char, b as char
            );
        }
    }
}
