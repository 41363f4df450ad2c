//! Check digits (Doc 9303 Part 3, 4.9): weights 7, 3, 1 repeating over the
//! character values `0`–`9` → 0–9, `A`–`Z` → 10–35, `<` → 0; the digit is
//! the sum modulo 10.

use super::grid::{Grid, Span};

/// Value of one MRZ character for check-digit arithmetic, or `None` for a
/// character outside `A`–`Z`, `0`–`9` and `<`.
pub const fn char_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'Z' => Some(b - b'A' + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// `char_value` for every byte, [`NONE`] where there is no value.
const VALUES: [u8; 256] = {
    let mut t = [NONE; 256];
    let mut i = 0;
    while i < 256 {
        if let Some(v) = char_value(i as u8) {
            t[i] = v;
        }
        i += 1;
    }
    t
};

/// No value: a character outside `A`–`Z`, `0`–`9` and `<`.
const NONE: u8 = 0xFF;

/// The value of `b` from the table, [`NONE`] when it has none.
pub(crate) fn value(b: u8) -> u8 {
    VALUES.get(usize::from(b)).copied().unwrap_or(NONE)
}

/// Weight of the character at `index` in a check-digit computation.
pub(crate) const fn weight(index: usize) -> u32 {
    match index % 3 {
        0 => 7,
        1 => 3,
        _ => 1,
    }
}

/// The check digit (0–9) of `data`, or `None` when `data` holds a character
/// outside `A`–`Z`, `0`–`9` and `<`.
///
/// ```
/// use checker_wasm::mrz::check_digit;
/// assert_eq!(check_digit(b"L898902C3"), Some(6));
/// assert_eq!(check_digit(b"740812"), Some(2));
/// assert_eq!(check_digit(b"l898902C3"), None);
/// ```
pub fn check_digit(data: &[u8]) -> Option<u8> {
    let (sums, bad) = phase_sums(data);
    // Below 10.
    (bad & 0x80 == 0).then_some((weighted(sums, 0) % 10) as u8)
}

/// The values of `data` summed by phase (index modulo 3), and the values
/// or-ed together (the high bit set when some character has none, see
/// [`NONE`]). Characters are taken in threes, one of each phase (two threes
/// a turn): a weight is applied once per phase, not once per character.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn phase_sums(data: &[u8]) -> ([u32; 3], u8) {
    let (mut a, mut b, mut c) = (0u32, 0u32, 0u32);
    let mut bad = 0u8;
    let mut rest = data;
    // Six at a time while there are (fewer turns of the loop), then three.
    while let &[x, y, z, u, v, w, ref tail @ ..] = rest {
        let (x, y, z) = (value(x), value(y), value(z));
        let (u, v, w) = (value(u), value(v), value(w));
        bad |= x | y | z | u | v | w;
        a += u32::from(x) + u32::from(u);
        b += u32::from(y) + u32::from(v);
        c += u32::from(z) + u32::from(w);
        rest = tail;
    }
    if let &[x, y, z, ref tail @ ..] = rest {
        let (x, y, z) = (value(x), value(y), value(z));
        bad |= x | y | z;
        (a, b, c) = (a + u32::from(x), b + u32::from(y), c + u32::from(z));
        rest = tail;
    }
    match *rest {
        [x] => {
            let x = value(x);
            bad |= x;
            a += u32::from(x);
        }
        [x, y] => {
            let (x, y) = (value(x), value(y));
            bad |= x | y;
            (a, b) = (a + u32::from(x), b + u32::from(y));
        }
        _ => {}
    }
    ([a, b, c], bad)
}

/// The weighted sum of phase sums whose phase 0 is index `phase` of the
/// sequence (mod 3).
fn weighted([a, b, c]: [u32; 3], phase: usize) -> u32 {
    match phase % 3 {
        0 => 7 * a + 3 * b + c,
        1 => 3 * a + b + 7 * c,
        _ => a + 7 * b + 3 * c,
    }
}

/// The weighted sum of the character values over `ranges` (each within
/// one line), or `None` at a character without a value.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub(crate) fn weighted_sum(grid: &Grid, ranges: &[Span]) -> Option<u32> {
    let mut sum = 0u32;
    let mut bad = 0u8;
    let mut index = 0;
    for &r in ranges {
        let data = grid.slice(r);
        let (sums, b) = phase_sums(data);
        sum += weighted(sums, index);
        bad |= b;
        index += data.len();
    }
    // Values are below 36, so any byte with the high bit is NONE.
    (bad & 0x80 == 0).then_some(sum)
}

/// Columns of a row of [`Weights`] and [`Values`]: a grid's 44, padded to
/// three 16-byte vectors.
const ROW: usize = 48;

/// A check digit's weights laid over the grid's rows: at each column of
/// its ranges the weight of that character in the sequence (7, 3, 1, …),
/// 0 elsewhere. Made once per layout, at compile time, from the ranges
/// that [`weighted_sum`] walks: the same rule as a fixed-length dot
/// product, which the compiler vectorizes. Ranges lie on one row or on
/// two rows one after the other (TD1's composite).
#[derive(Debug)]
pub(crate) struct Weights {
    /// The rows with a weight, as bits (none for no ranges); `rows` holds
    /// the first of them and the next.
    lines: u8,
    rows: [[u16; ROW]; 2],
}

impl Weights {
    /// The weights of the sequence `ranges` (each within one line, on at
    /// most two lines one after the other; others are left out).
    pub(crate) const fn over(ranges: &[Span]) -> Weights {
        let mut rows = [[0u16; ROW]; 2];
        let first = if ranges.is_empty() { 0 } else { ranges[0].line };
        let mut lines = 0u8;
        let mut index = 0;
        let mut i = 0;
        while i < ranges.len() {
            let r = ranges[i];
            let row = r.line.wrapping_sub(first) as usize;
            let mut col = r.start as usize;
            while col < r.end as usize {
                if row < 2 && col < ROW {
                    rows[row][col] = weight(index) as u16;
                    lines |= 1 << r.line;
                }
                index += 1;
                col += 1;
            }
            i += 1;
        }
        Weights { lines, rows }
    }

    /// The rows with a weight, as bits.
    pub(crate) const fn lines(&self) -> u8 {
        self.lines
    }
}

/// The character values of a grid whose every cell is an MRZ character
/// (`A`–`Z`, `0`–`9`, `<`), by row and column (fillers and the padding 0),
/// for the rows asked for (the others 0).
#[derive(Debug)]
pub(crate) struct Values([[u16; ROW]; 3]);

impl Values {
    /// The values of `grid`'s rows whose bit is set in `lines`. Only for a
    /// clean grid: a character without a value counts as 0 here.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn of_clean(grid: &Grid, lines: u8) -> Values {
        let mut out = [[0u16; ROW]; 3];
        for (line, (values, row)) in out.iter_mut().zip(&grid.rows).enumerate() {
            if lines & (1 << line) == 0 {
                continue;
            }
            // Whole vectors: the row padded with fillers to `ROW`.
            let mut padded = [b'<'; ROW];
            for (p, &b) in padded.iter_mut().zip(row) {
                *p = b;
            }
            for (v, &b) in values.iter_mut().zip(&padded) {
                // Without a table or a branch, so that the loop is vectorized.
                let digit = b.wrapping_sub(b'0');
                let letter = b.wrapping_sub(b'A');
                *v = u16::from(if digit < 10 {
                    digit
                } else if letter < 26 {
                    letter + 10
                } else {
                    0
                });
            }
        }
        Values(out)
    }

    /// The weighted sum of the values under `w`: [`weighted_sum`] of the
    /// ranges `w` was made from.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn sum(&self, w: &Weights) -> u32 {
        // No weights: 8, no row.
        let first = w.lines.trailing_zeros() as usize;
        let [a, b] = &w.rows;
        let mut sum = self.0.get(first).map_or(0, |v| dot(v, a));
        if u32::from(w.lines) >> first & 2 != 0 {
            sum += self.0.get(first + 1).map_or(0, |v| dot(v, b));
        }
        sum
    }
}

/// One row's weighted sum: at most 44 × 35 × 7 = 10,780, so a u16 holds it.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn dot(values: &[u16; ROW], weights: &[u16; ROW]) -> u32 {
    let mut s = 0u16;
    for (&v, &k) in values.iter().zip(weights) {
        s = s.wrapping_add(v.wrapping_mul(k));
    }
    u32::from(s)
}

/// Check digit over a sequence of grid ranges.
#[cfg(test)]
pub(crate) fn over(grid: &Grid, ranges: &[Span]) -> Option<u8> {
    // Below 10.
    weighted_sum(grid, ranges).map(|sum| (sum % 10) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_9303_examples() {
        // Doc 9303 Part 3 worked example: 520727 → 3.
        assert_eq!(check_digit(b"520727"), Some(3));
        assert_eq!(check_digit(b"AB2134<<<"), Some(5));
        assert_eq!(check_digit(b"L898902C3"), Some(6));
        assert_eq!(check_digit(b"740812"), Some(2));
        assert_eq!(check_digit(b"120415"), Some(9));
        assert_eq!(check_digit(b"ZE184226B<<<<<"), Some(1));
        assert_eq!(check_digit(b""), Some(0));
        assert_eq!(check_digit(b"<<<<<<<<<"), Some(0));
        assert_eq!(check_digit("«".as_bytes()), None);
        assert_eq!(check_digit(b"a"), None);
    }

    #[test]
    fn values() {
        assert_eq!(char_value(b'0'), Some(0));
        assert_eq!(char_value(b'9'), Some(9));
        assert_eq!(char_value(b'A'), Some(10));
        assert_eq!(char_value(b'Z'), Some(35));
        assert_eq!(char_value(b'<'), Some(0));
        assert_eq!(char_value(b' '), None);
        for b in 0..=255u8 {
            assert_eq!(char_value(b).unwrap_or(NONE), value(b));
        }
    }

    /// The weighted sum one character at a time, as Doc 9303 defines it.
    fn reference(data: &[u8], phase: usize) -> Option<u32> {
        data.iter()
            .enumerate()
            .map(|(i, &b)| char_value(b).map(|v| u32::from(v) * weight(phase + i)))
            .sum()
    }

    // proptest is a dev-dependency for native targets only.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn check_digits_agree_with_the_definition_on_any_bytes() {
        use proptest::prelude::*;
        let chars = prop::sample::select(b"0123456789<ABCDEFGHIJKLMNOPQRSTUVWXYZ".to_vec());
        let byte = prop_oneof![8 => chars, 1 => any::<u8>()];
        proptest!(|(data in prop::collection::vec(byte, 0..60))| {
            prop_assert_eq!(
                check_digit(&data),
                reference(&data, 0).map(|s| (s % 10) as u8)
            );
        });
    }

    #[test]
    fn every_range_of_a_line_agrees() {
        use super::super::grid::{Input, read, span};
        let line = "L898902C3<UTO7408122F1204159ZE184226B<<<<<10";
        let Input::Grid(g) = read(&format!("P<{}\n{line}", "<".repeat(42))) else {
            panic!("not a grid")
        };
        for a in 0..=44u8 {
            for b in a..=44u8 {
                let data = &line.as_bytes()[usize::from(a)..usize::from(b)];
                for lead in 0..3u8 {
                    // A range after `lead` characters of another.
                    let ranges = [span(1, 0, lead), span(1, a, b)];
                    let mut joined = line.as_bytes()[..usize::from(lead)].to_vec();
                    joined.extend_from_slice(data);
                    assert_eq!(
                        weighted_sum(&g, &ranges),
                        reference(&joined, 0),
                        "{a} {b} {lead}"
                    );
                }
                assert_eq!(
                    check_digit(data),
                    reference(data, 0).map(|s| (s % 10) as u8)
                );
            }
        }
        // Outside the grid: nothing.
        assert_eq!(weighted_sum(&g, &[span(1, 40, 45), span(3, 0, 5)]), Some(0));
    }

    // proptest is a dev-dependency for native targets only.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn weights_over_values_agree_with_the_ranges_summed() {
        use super::super::MrzFormat;
        use super::super::grid::{Input, read};
        use super::super::layout;
        use proptest::prelude::*;
        let formats = prop::sample::select(vec![
            MrzFormat::Td1,
            MrzFormat::Td2,
            MrzFormat::Td3,
            MrzFormat::MrvA,
            MrzFormat::MrvB,
        ]);
        let chars = prop::collection::vec(
            prop::sample::select(b"0123456789<ABCDEFGHIJKLMNOPQRSTUVWXYZ".to_vec()),
            132,
        );
        proptest!(|(format in formats, chars in chars)| {
            let (nrows, width) = format.shape();
            let mut lines: Vec<String> = chars
                .chunks(44)
                .take(nrows)
                .map(|c| String::from_utf8_lossy(&c[..width]).into_owned())
                .collect();
            // The first character tells visas apart.
            let first = if matches!(format, MrzFormat::MrvA | MrzFormat::MrvB) { "V" } else { "P" };
            lines[0].replace_range(0..1, first);
            let Input::Grid(g) = read(&lines.join("\n")) else {
                panic!("not a grid: {lines:?}")
            };
            let l = format.layout();
            let values = layout::values(&g, l);
            let (checks, n, long) = layout::checks(&g, l);
            let mut weighted = 0;
            for c in checks.iter().take(n) {
                if let Some(w) = c.weights {
                    weighted += 1;
                    prop_assert_eq!(Some(values.sum(w)), weighted_sum(&g, c.ranges()));
                }
                prop_assert_eq!(
                    layout::evaluate(&g, c, Some(&values)),
                    layout::evaluate(&g, c, None)
                );
            }
            // Every check but a long number's has its weights.
            let long_check = usize::from(matches!(long, Some(layout::LongNumber { digit: Some(_), .. })));
            prop_assert_eq!(weighted, n - long_check);
            prop_assert!(weighted > 0);
        });
    }

    #[test]
    fn sums_over_ranges_match_the_whole() {
        use super::super::grid::{Input, read, span};
        let line = "L898902C3<UTO7408122F1204159ZE184226B<<<<<10";
        let Input::Grid(g) = read(&format!("P<{}\n{line}", "<".repeat(42))) else {
            panic!("not a grid")
        };
        let data = &line.as_bytes()[..43];
        // The line cut into three ranges at every pair of places.
        for a in 0..=43u8 {
            for b in a..=43u8 {
                let ranges = [span(1, 0, a), span(1, a, b), span(1, b, 43)];
                assert_eq!(over(&g, &ranges), check_digit(data), "{a} {b}");
            }
        }
        let mut bad = *b"L898902C3";
        bad[4] = b'a';
        assert_eq!(check_digit(&bad), None);
        let naive = |d: &[u8]| -> u32 {
            d.iter()
                .enumerate()
                .map(|(i, &b)| u32::from(char_value(b).unwrap_or(0)) * weight(i))
                .sum()
        };
        assert_eq!(Some((naive(data) % 10) as u8), check_digit(data));
    }
}
