//! Calendar dates without a clock.
//!
//! A [`Date`] is a proleptic-Gregorian calendar day. Nothing here reads the
//! system time: callers pass `today` in.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid calendar date (year 1–9999).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Whether `year` is a Gregorian leap year.
pub const fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Days in `month` (1–12) of `year`; 0 for a month out of range.
pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date, or `None` when it is not on the calendar.
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year == 0 || year > 9999 || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Year.
    pub const fn year(self) -> u16 {
        self.year
    }
    /// Month, 1–12.
    pub const fn month(self) -> u8 {
        self.month
    }
    /// Day of month, 1–31.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Format);
        }
        let year = digits(&b[0..4]).ok_or(DateError::Format)?;
        let month = digits(&b[5..7]).ok_or(DateError::Format)?;
        let day = digits(&b[8..10]).ok_or(DateError::Format)?;
        let (Ok(year), Ok(month), Ok(day)) =
            (u16::try_from(year), u8::try_from(month), u8::try_from(day))
        else {
            return Err(DateError::Format);
        };
        Date::new(year, month, day).ok_or(DateError::NotOnCalendar)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days-from-civil algorithm.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days since 1970-01-01, if within years 1–9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Adds (or subtracts) whole days.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// Adds (or subtracts) calendar months; the day is clamped to the
    /// month's length (31 January + 1 month = 28/29 February).
    pub fn add_months(self, months: i32) -> Option<Date> {
        let total = i32::from(self.year) * 12 + i32::from(self.month) - 1 + months;
        let year = u16::try_from(total.div_euclid(12)).ok()?;
        let month = u8::try_from(total.rem_euclid(12) + 1).ok()?;
        let day = self.day.min(days_in_month(year, month));
        Date::new(year, month, day)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }

    /// Age in completed years on `on` (0 when `on` is before `self`).
    /// Someone born on 29 February has their birthday on 1 March in
    /// common years.
    pub fn age_on(self, on: Date) -> u32 {
        if on <= self {
            return 0;
        }
        let mut years = u32::from(on.year - self.year);
        if (on.month, on.day) < (self.month, self.day) {
            years = years.saturating_sub(1);
        }
        years
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// Why a date string was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateError {
    /// Not `YYYY-MM-DD`.
    Format,
    /// Well-formed but not a calendar day (30 February …).
    NotOnCalendar,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse_iso(s)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).map_err(|_| serde::de::Error::custom(format!("not a date: {s}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_rules() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2025, 4, 31).is_none());
        assert!(Date::new(2025, 13, 1).is_none());
        assert_eq!(Date::parse_iso("2025-02-30"), Err(DateError::NotOnCalendar));
        assert_eq!(Date::parse_iso("2025-2-03"), Err(DateError::Format));
        assert_eq!(Date::parse_iso("２０２５-02-03"), Err(DateError::Format));
    }

    #[test]
    fn epoch_round_trip() {
        let d = Date::new(1970, 1, 1).unwrap();
        assert_eq!(d.days_since_epoch(), 0);
        for days in [-719_162, -1, 0, 1, 11_016, 20_000, 2_932_896] {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
    }

    #[test]
    fn months_and_age() {
        let d = Date::new(2025, 1, 31).unwrap();
        assert_eq!(d.add_months(1), Date::new(2025, 2, 28));
        assert_eq!(d.add_months(-2), Date::new(2024, 11, 30));
        let born = Date::new(2008, 2, 29).unwrap();
        assert_eq!(born.age_on(Date::new(2026, 2, 28).unwrap()), 17);
        assert_eq!(born.age_on(Date::new(2026, 3, 1).unwrap()), 18);
    }
}
