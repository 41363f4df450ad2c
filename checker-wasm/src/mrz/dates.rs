//! Six-digit MRZ dates (`YYMMDD`) and their century.

use crate::date::{Date, days_in_month};

/// Years ahead of `today` beyond which an expiry date is implausible.
pub(crate) const EXPIRY_MAX_YEARS_AHEAD: i32 = 20;

/// `(yy, mm, dd)` when all six bytes are digits.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn digits(b: &[u8]) -> Option<(u16, u8, u8)> {
    let [y1, y2, m1, m2, d1, d2] = *b else {
        return None;
    };
    let all = [y1, y2, m1, m2, d1, d2];
    if !all.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let two = |a: u8, b: u8| (a - b'0') * 10 + (b - b'0');
    Some((u16::from(two(y1, y2)), two(m1, m2), two(d1, d2)))
}

/// A date of birth: the latest century that puts it on or before `today`.
/// `None` when it is not on the calendar in that century.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn birth(yy: u16, mm: u8, dd: u8, today: Date) -> Option<Date> {
    let base = today.year() / 100 * 100;
    let mut year = base + yy;
    if (year, mm, dd) > (today.year(), today.month(), today.day()) {
        year = year.checked_sub(100)?;
    }
    Date::new(year, mm, dd)
}

/// A date of expiry: the year within `today − 50 … today + 49` years.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub(crate) fn expiry(yy: u16, mm: u8, dd: u8, today: Date) -> Option<Date> {
    let low = i32::from(today.year()) - 50;
    let year = low + (i32::from(yy) - low).rem_euclid(100);
    Date::new(u16::try_from(year).ok()?, mm, dd)
}

/// Whether a date of birth with unknown parts is written as Doc 9303
/// allows: all fillers, or a known year (and month) followed by fillers.
pub(crate) fn unknown_birth_pattern(b: &[u8]) -> bool {
    let Some(first_filler) = b.iter().position(|&c| c == b'<') else {
        return false;
    };
    let (known, rest) = b.split_at(first_filler);
    matches!(known.len(), 0 | 2 | 4)
        && known.iter().all(u8::is_ascii_digit)
        && rest.iter().all(|&c| c == b'<')
        && match known {
            [_, _, m1, m2] => {
                let m = (m1 - b'0') * 10 + (m2 - b'0');
                (1..=12).contains(&m) && days_in_month(2000, m) > 0
            }
            _ => true,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn centuries() {
        let today = d("2026-11-26");
        assert_eq!(birth(74, 8, 12, today), Some(d("1974-08-12")));
        assert_eq!(birth(26, 11, 26, today), Some(d("2026-11-26")));
        assert_eq!(birth(26, 11, 27, today), Some(d("1926-11-27")));
        assert_eq!(birth(0, 2, 29, today), Some(d("2000-02-29")));
        assert_eq!(birth(24, 2, 29, today), Some(d("2024-02-29")));
        assert_eq!(birth(25, 2, 29, today), None);
        assert_eq!(birth(90, 2, 30, today), None);
        assert_eq!(birth(90, 13, 1, today), None);
        assert_eq!(expiry(36, 11, 25, today), Some(d("2036-11-25")));
        assert_eq!(expiry(76, 1, 1, today), Some(d("1976-01-01")));
        assert_eq!(expiry(75, 12, 31, today), Some(d("2075-12-31")));
        assert_eq!(expiry(12, 4, 15, today), Some(d("2012-04-15")));
        // Year 1 has no century before it.
        assert_eq!(birth(99, 1, 1, d("0001-01-01")), None);
    }

    #[test]
    fn unknown_parts() {
        assert!(unknown_birth_pattern(b"<<<<<<"));
        assert!(unknown_birth_pattern(b"74<<<<"));
        assert!(unknown_birth_pattern(b"7408<<"));
        assert!(!unknown_birth_pattern(b"7413<<"));
        assert!(!unknown_birth_pattern(b"7<<<<<"));
        assert!(!unknown_birth_pattern(b"740812"));
        assert!(!unknown_birth_pattern(b"74<<12"));
    }

    #[test]
    fn digit_parsing() {
        assert_eq!(digits(b"740812"), Some((74, 8, 12)));
        assert_eq!(digits(b"74O812"), None);
        assert_eq!(digits(b"74081"), None);
    }
}
