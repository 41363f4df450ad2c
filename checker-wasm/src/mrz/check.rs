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

const WEIGHTS: [u32; 3] = [7, 3, 1];

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
    for &b in data {
        state.push(b)?;
    }
    Some(state.digit())
}

/// An incremental check-digit computation over several ranges.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Running {
    sum: u32,
    index: usize,
}

impl Running {
    pub(crate) fn push(&mut self, b: u8) -> Option<()> {
        let v = char_value(b)?;
        let w = WEIGHTS.get(self.index % 3).copied().unwrap_or(1);
        self.sum += u32::from(v) * w;
        self.index += 1;
        Some(())
    }

    pub(crate) fn digit(self) -> u8 {
        // `sum % 10` is below 10, so the conversion cannot fail.
        u8::try_from(self.sum % 10).unwrap_or(0)
    }
}

/// Check digit over a sequence of grid ranges.
pub(crate) fn over(grid: &Grid, ranges: &[Span]) -> Option<u8> {
    let mut state = Running::default();
    for &r in ranges {
        for &b in grid.slice(r) {
            state.push(b)?;
        }
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
    }
}
