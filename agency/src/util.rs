//! Small helpers: hex, SHA-256, time stamps.

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The stored time format: RFC 3339, UTC, microseconds, `Z`. Fixed width,
/// so that text order is time order.
pub fn format_utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Now, in [`format_utc`].
pub fn now_utc() -> String {
    format_utc(Utc::now())
}

/// Now, RFC 3339 UTC with seconds (for `createdAt`).
pub fn now_created_at() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses an RFC 3339 time (any offset) into [`format_utc`]; a bare date
/// `YYYY-MM-DD` means its midnight UTC.
pub fn parse_since(s: &str) -> Result<String, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(format_utc(t.with_timezone(&Utc)));
    }
    if let Some(t) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        return Ok(format_utc(t.and_utc()));
    }
    Err(format!("not an RFC 3339 time or YYYY-MM-DD date: {s:?}"))
}

/// Whether `s` is an RFC 3339 time.
pub fn is_rfc3339(s: &str) -> bool {
    DateTime::parse_from_rfc3339(s).is_ok()
}

/// Today's date (UTC) for the checker.
pub fn today() -> Option<checker_wasm::Date> {
    let now = Utc::now().date_naive();
    use chrono::Datelike;
    let year = u16::try_from(now.year()).ok()?;
    let month = u8::try_from(now.month()).ok()?;
    let day = u8::try_from(now.day()).ok()?;
    checker_wasm::Date::new(year, month, day)
}

/// A fresh, empty directory under the system temp dir (for tests).
pub fn temp_dir(tag: &str) -> PathBuf {
    let mut rnd = [0u8; 8];
    let _ = getrandom::fill(&mut rnd);
    let dir =
        std::env::temp_dir().join(format!("agency-{tag}-{}-{}", std::process::id(), hex(&rnd)));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Parses a byte count: `N`, or `N` followed by `K`/`M`/`G`/`T` (powers of
/// 1024, also written `KiB`, `MiB`, …, or with a trailing `B`).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let bad = || format!("{s:?} is not a size (e.g. 268435456, 256MiB, 1G)");
    let t = s.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (n, unit) = t.split_at(digits);
    let n: u64 = n.parse().map_err(|_| bad())?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b'))
        .unwrap_or(&unit);
    let shift = match unit {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        "t" => 40,
        "p" => 50,
        "e" => 60,
        _ => return Err(bad()),
    };
    n.checked_mul(1u64 << shift).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_parse() {
        use super::parse_size;
        assert_eq!(parse_size("0").unwrap(), 0);
        assert_eq!(parse_size("4096").unwrap(), 4096);
        assert_eq!(parse_size("256MiB").unwrap(), 256 << 20);
        assert_eq!(parse_size("256M").unwrap(), 256 << 20);
        assert_eq!(parse_size("1 GB").unwrap(), 1 << 30);
        assert_eq!(parse_size("8EiB").unwrap(), 8 << 60);
        assert!(parse_size("16EiB").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("12Q").is_err());
        assert!(parse_size("").is_err());
    }

    use super::*;

    #[test]
    fn hex_and_sha() {
        assert_eq!(hex(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn since_is_normalised_to_utc() {
        assert_eq!(
            parse_since("2025-01-02T09:00:00+09:00").unwrap(),
            "2025-01-02T00:00:00.000000Z"
        );
        assert_eq!(
            parse_since("2025-01-02").unwrap(),
            "2025-01-02T00:00:00.000000Z"
        );
        assert!(parse_since("yesterday").is_err());
        assert_eq!(now_utc().len(), "2025-01-02T00:00:00.000000Z".len());
    }
}
