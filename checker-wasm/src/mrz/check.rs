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
    let mut state = Running::default();
    state.push_all(data)?;
    Some(state.digit())
}

/// An incremental check-digit computation over several ranges.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Running {
    sum: u32,
    /// Position of the next character modulo 3.
    phase: u8,
}

impl Running {
    /// Adds `data`; `None` at the first character without a value.
    pub(crate) fn push_all(&mut self, data: &[u8]) -> Option<()> {
        // Weights cycle 7, 3, 1 from the current phase: rotate them so the
        // loop below always starts at weight index 0.
        let w: [u32; 3] = match self.phase {
            0 => [7, 3, 1],
            1 => [3, 1, 7],
            _ => [1, 7, 3],
        };
        let mut sum = 0u32;
        let mut bad = 0u8;
        let mut chunks = data.chunks_exact(3);
        for c in &mut chunks {
            if let [a, b, d] = *c {
                let (va, vb, vd) = (value(a), value(b), value(d));
                bad |= va | vb | vd;
                sum += u32::from(va) * w[0] + u32::from(vb) * w[1] + u32::from(vd) * w[2];
            }
        }
        for (&b, &wt) in chunks.remainder().iter().zip(w.iter()) {
            let v = value(b);
            bad |= v;
            sum += u32::from(v) * wt;
        }
        // Values are below 36, so any byte with the high bit is NONE.
        if bad & 0x80 != 0 {
            return None;
        }
        self.sum += sum;
        // `data.len() % 3` is below 3.
        self.phase = ((usize::from(self.phase) + data.len() % 3) % 3) as u8;
        Some(())
    }

    pub(crate) fn digit(self) -> u8 {
        // `sum % 10` is below 10, so the conversion cannot fail.
        u8::try_from(self.sum % 10).unwrap_or(0)
    }
}

/// The check-digit weights 7, 3, 1 repeated, for the longest check (TD1's
/// composite, 50 characters): a sum needs no remainder per character.
pub(crate) const WEIGHTS: [u32; 50] = {
    let mut w = [0; 50];
    let mut i = 0;
    while i < 50 {
        w[i] = weight(i);
        i += 1;
    }
    w
};

/// The weighted sum of the character values over `ranges` (at most
/// `WEIGHTS.len()` characters, as every layout's checks are; a test holds
/// them to it), or `None` at a character without a value.
pub(crate) fn weighted_sum(grid: &Grid, ranges: &[Span]) -> Option<u32> {
    let mut sum = 0u32;
    let mut bad = 0u8;
    let mut k = 0;
    for &r in ranges {
        let data = grid.slice(r);
        let weights = WEIGHTS.get(k..).unwrap_or(&[]);
        for (&b, &w) in data.iter().zip(weights) {
            let v = value(b);
            bad |= v;
            sum += u32::from(v) * w;
        }
        k += data.len();
    }
    // Values are below 36, so any byte with the high bit is NONE.
    (bad & 0x80 == 0).then_some(sum)
}

/// Check digit over a sequence of grid ranges.
pub(crate) fn over(grid: &Grid, ranges: &[Span]) -> Option<u8> {
    let mut state = Running::default();
    for &r in ranges {
        state.push_all(grid.slice(r))?;
    }
    Some(state.digit())
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

    #[test]
    fn running_over_pieces_matches_whole() {
        let data = b"L898902C3<UTO7408122F1204159ZE184226B<<<<<1";
        for split in 0..data.len() {
            for split2 in split..data.len() {
                let mut r = Running::default();
                let (a, rest) = data.split_at(split);
                let (b, c) = rest.split_at(split2 - split);
                assert!(
                    r.push_all(a)
                        .and(r.push_all(b))
                        .and(r.push_all(c))
                        .is_some()
                );
                assert_eq!(Some(r.digit()), check_digit(data));
            }
        }
        let naive = |d: &[u8]| -> u32 {
            d.iter()
                .enumerate()
                .map(|(i, &b)| u32::from(char_value(b).unwrap_or(0)) * weight(i))
                .sum()
        };
        assert_eq!(Some((naive(data) % 10) as u8), check_digit(data));
    }
}
