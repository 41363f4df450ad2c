//! The clear-text (but authenticated) meta block: validation of its JSON and fields.

use serde::{Deserialize, Serialize};

use crate::EnvelopeError;

/// Longest meta block accepted, in bytes.
pub const MAX_META_LEN: usize = 1024;

/// The meta block of an envelope, readable without the key (it is authenticated, not encrypted).
///
/// Serialized as a JSON object `{"submissionId": .., "createdAt": .., "schema": ..}`, plus
/// `"replaces": ..` when the envelope replaces an earlier one. Readers ignore additional members; a
/// duplicated member is an error.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// Random (version 4) UUID in lowercase canonical form, e.g. `"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"`.
    pub submission_id: String,
    /// RFC 3339 timestamp in UTC with a `Z` suffix, e.g. `"2025-11-26T17:29:00Z"` (fraction allowed).
    pub created_at: String,
    /// Version of the record schema inside the envelope.
    pub schema: u32,
    /// The `submissionId` of the envelope this one replaces (the traveler edited and resubmitted),
    /// a lowercase v4 UUID other than `submission_id`. Absent in most envelopes; never `null`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_string"
    )]
    pub replaces: Option<String>,
}

/// `replaces`, when present, must be a string (`null` is refused).
fn present_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    String::deserialize(d).map(Some)
}

impl Meta {
    /// Builds a meta block (not yet validated; [`Meta::validate`] or `seal` does that).
    #[must_use]
    pub fn new(
        submission_id: impl Into<String>,
        created_at: impl Into<String>,
        schema: u32,
    ) -> Self {
        Meta {
            submission_id: submission_id.into(),
            created_at: created_at.into(),
            schema,
            replaces: None,
        }
    }

    /// The same meta, naming the envelope it replaces (its `submissionId`).
    #[must_use]
    pub fn replacing(mut self, submission_id: impl Into<String>) -> Self {
        self.replaces = Some(submission_id.into());
        self
    }

    /// Checks the field formats: `submissionId` a lowercase v4 UUID, `createdAt` RFC 3339 UTC.
    pub fn validate(&self) -> Result<(), EnvelopeError> {
        if !is_uuid_v4(&self.submission_id) {
            return Err(EnvelopeError::Meta(format!(
                "submissionId {:?} is not a lowercase random (version 4) UUID",
                truncate_for_message(&self.submission_id)
            )));
        }
        if !is_rfc3339_utc(&self.created_at) {
            return Err(EnvelopeError::Meta(format!(
                "createdAt {:?} is not an RFC 3339 UTC timestamp like 2025-11-26T17:29:00Z",
                truncate_for_message(&self.created_at)
            )));
        }
        if let Some(r) = &self.replaces {
            if !is_uuid_v4(r) {
                return Err(EnvelopeError::Meta(format!(
                    "replaces {:?} is not a lowercase random (version 4) UUID",
                    truncate_for_message(r)
                )));
            }
            if *r == self.submission_id {
                return Err(EnvelopeError::Meta(
                    "replaces names the envelope itself".into(),
                ));
            }
        }
        Ok(())
    }

    /// Parses and validates the bytes of a meta block.
    pub fn from_json(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        if bytes.len() > MAX_META_LEN {
            return Err(EnvelopeError::Meta(format!(
                "meta is {} bytes, more than {MAX_META_LEN}",
                bytes.len()
            )));
        }
        let text = core::str::from_utf8(bytes)
            .map_err(|_| EnvelopeError::Meta("meta is not UTF-8".into()))?;
        let meta: Meta = serde_json::from_str(text)
            .map_err(|e| EnvelopeError::Meta(format!("meta is not a valid JSON object: {e}")))?;
        meta.validate()?;
        Ok(meta)
    }

    /// Canonical serialization used by `seal` (compact JSON, field order as declared).
    pub fn to_json(&self) -> Result<Vec<u8>, EnvelopeError> {
        let bytes = serde_json::to_vec(self)
            .map_err(|e| EnvelopeError::Meta(format!("cannot serialize meta: {e}")))?;
        if bytes.len() > MAX_META_LEN {
            return Err(EnvelopeError::Meta(format!(
                "meta is {} bytes, more than {MAX_META_LEN}",
                bytes.len()
            )));
        }
        Ok(bytes)
    }
}

fn truncate_for_message(s: &str) -> String {
    s.chars().take(64).collect()
}

/// Whether `s` is a valid `submissionId`: `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lowercase hex.
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 36 {
        return false;
    }
    for (i, &c) in b.iter().enumerate() {
        let ok = match i {
            8 | 13 | 18 | 23 => c == b'-',
            14 => c == b'4',
            19 => matches!(c, b'8' | b'9' | b'a' | b'b'),
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        };
        if !ok {
            return false;
        }
    }
    true
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        b.iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0')),
    )
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z` with a real calendar date, hours 00-23, minutes and
/// seconds 00-59, 1 to 9 fraction digits, uppercase `T` and `Z` (the `createdAt` rule).
pub fn is_rfc3339_utc(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || b.len() > 30 {
        return false;
    }
    let (Some(fixed), Some(rest)) = (b.get(..19), b.get(19..)) else {
        return false;
    };
    if fixed.get(4) != Some(&b'-')
        || fixed.get(7) != Some(&b'-')
        || fixed.get(10) != Some(&b'T')
        || fixed.get(13) != Some(&b':')
        || fixed.get(16) != Some(&b':')
    {
        return false;
    }
    let field = |from: usize, to: usize| fixed.get(from..to).and_then(digits);
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        field(0, 4),
        field(5, 7),
        field(8, 10),
        field(11, 13),
        field(14, 16),
        field(17, 19),
    ) else {
        return false;
    };
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return false;
    }
    match rest {
        [b'Z'] => true,
        [b'.', frac @ .., b'Z'] => {
            (1..=9).contains(&frac.len()) && frac.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shapes() {
        assert!(is_uuid_v4("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"));
        assert!(!is_uuid_v4("1B4E28BA-2FA1-4D3B-A3F5-EF19B5A7633B"));
        assert!(
            !is_uuid_v4("1b4e28ba-2fa1-1d3b-a3f5-ef19b5a7633b"),
            "version 1"
        );
        assert!(
            !is_uuid_v4("1b4e28ba-2fa1-4d3b-c3f5-ef19b5a7633b"),
            "variant"
        );
        assert!(!is_uuid_v4("1b4e28ba2fa14d3ba3f5ef19b5a7633b"));
        assert!(!is_uuid_v4("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633"));
        assert!(!is_uuid_v4("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633g"));
    }

    #[test]
    fn timestamps() {
        for ok in [
            "2025-11-26T17:29:00Z",
            "2024-02-29T00:00:00Z",
            "2000-02-29T23:59:59.123456789Z",
            "1999-12-31T23:59:59.5Z",
        ] {
            assert!(is_rfc3339_utc(ok), "{ok}");
        }
        for bad in [
            "2025-11-26T17:29:00",
            "2025-11-26T17:29:00+00:00",
            "2025-11-26 17:29:00Z",
            "2025-11-26t17:29:00z",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-04-31T00:00:00Z",
            "2025-11-26T24:00:00Z",
            "2025-11-26T17:60:00Z",
            "2025-11-26T17:29:60Z",
            "2025-11-26T17:29:00.Z",
            "2025-11-26T17:29:00.1234567890Z",
            "2025-11-26T17:29:00ZZ",
            "+025-11-26T17:29:00Z",
            "",
        ] {
            assert!(!is_rfc3339_utc(bad), "{bad}");
        }
    }

    #[test]
    fn meta_json() {
        let m = Meta::from_json(
            br#"{"submissionId":"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b","createdAt":"2025-11-26T17:29:00Z","schema":3,"extra":true}"#,
        )
        .unwrap();
        assert_eq!(m.schema, 3);
        assert_eq!(
            String::from_utf8(m.to_json().unwrap()).unwrap(),
            r#"{"submissionId":"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b","createdAt":"2025-11-26T17:29:00Z","schema":3}"#
        );
        for bad in [
            &br#"{"submissionId":"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b","createdAt":"2025-11-26T17:29:00Z"}"#[..],
            br#"{"submissionId":"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b","createdAt":"2025-11-26T17:29:00Z","schema":-1}"#,
            br#"{"submissionId":"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b","createdAt":"2025-11-26T17:29:00Z","schema":"1"}"#,
            br#"{"submissionId":"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b","submissionId":"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b","createdAt":"2025-11-26T17:29:00Z","schema":1}"#,
            br#"{"submissionId":"x","createdAt":"2025-11-26T17:29:00Z","schema":1}"#,
            br#"{"submissionId":"1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b","createdAt":"yesterday","schema":1}"#,
            br#"[1,2]"#,
            b"\xff",
            b"",
        ] {
            let err = Meta::from_json(bad).unwrap_err();
            assert_eq!(err.code(), "envelope.meta", "{}", String::from_utf8_lossy(bad));
        }
        let long = vec![b' '; MAX_META_LEN + 1];
        assert!(matches!(
            Meta::from_json(&long),
            Err(EnvelopeError::Meta(_))
        ));
    }

    #[test]
    fn replaces_is_optional_validated_and_written_last() {
        const A: &str = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
        const B: &str = "6f1c2d3e-4b5a-4c6d-8e7f-90a1b2c3d4e5";
        let m = Meta::new(B, "2025-11-26T17:29:00Z", 1).replacing(A);
        let json = String::from_utf8(m.to_json().unwrap()).unwrap();
        assert_eq!(
            json,
            format!(
                r#"{{"submissionId":"{B}","createdAt":"2025-11-26T17:29:00Z","schema":1,"replaces":"{A}"}}"#
            )
        );
        assert_eq!(Meta::from_json(json.as_bytes()).unwrap(), m);
        let base =
            format!(r#"{{"submissionId":"{B}","createdAt":"2025-11-26T17:29:00Z","schema":1"#);
        assert_eq!(
            Meta::from_json(format!("{base}}}").as_bytes())
                .unwrap()
                .replaces,
            None
        );
        for bad in [
            format!(r#"{base},"replaces":null}}"#),
            format!(r#"{base},"replaces":1}}"#),
            format!(r#"{base},"replaces":"{}"}}"#, A.to_uppercase()),
            format!(r#"{base},"replaces":"not-a-uuid"}}"#),
            format!(r#"{base},"replaces":"{B}"}}"#),
            format!(r#"{base},"replaces":"{A}","replaces":"{A}"}}"#),
        ] {
            let err = Meta::from_json(bad.as_bytes()).unwrap_err();
            assert_eq!(err.code(), "envelope.meta", "{bad}");
        }
    }
}
