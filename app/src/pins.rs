//! The recipients' keys pinned into the portal when it is built.
//!
//! `config.json` is one file an agency edits at run time (a storage bucket,
//! a CDN, a CMS): whoever can change it must not be able to swap the key the
//! records are sealed to, nor the key the receipts are checked with. So the
//! build embeds each recipient's `pins.json` (written by `agency keygen` into
//! its keys directory) through the `PORTAL_PINS` environment variable
//! (`cargo xtask build --keys DIR [--keys DIR …]`), inside the hashed wasm,
//! and [`crate::config`] refuses a configuration whose keys are not pinned.
//! A portal built without pins refuses every configuration.

use serde::Deserialize;

/// One recipient's pins: the sealing key ids it opens (the current one
/// first), its receipt-signing key and the short fingerprint it publishes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pin {
    /// Sealing key ids (16 lowercase hex), current first, then older ones
    /// still opened.
    pub sealing_kids: Vec<String>,
    /// Key id of the receipt-signing key (16 lowercase hex).
    pub receipt_kid: String,
    /// The Ed25519 receipt public key, base64url without padding (32 bytes).
    pub receipt_public_key: String,
    /// The current sealing key id as four groups of four uppercase hex
    /// digits, as the agency publishes it.
    pub fingerprint: String,
}

impl Pin {
    /// Whether the pin is well formed (lengths and alphabets).
    pub fn is_well_formed(&self) -> bool {
        let kid =
            |s: &str| s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        !self.sealing_kids.is_empty()
            && self.sealing_kids.iter().all(|k| kid(k))
            && kid(&self.receipt_kid)
            && self.receipt_public_key.len() == 43
            && self
                .receipt_public_key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }

    /// Whether this pin opens envelopes sealed to `kid`.
    pub fn opens(&self, kid: &str) -> bool {
        self.sealing_kids.iter().any(|k| k == kid)
    }
}

/// The fingerprint of a sealing key id: `1a2b3c4d5e6f7081` → `1A2B 3C4D 5E6F 7081`
/// (`agency keygen` writes it into `pins.json`; the tests make pins with it).
#[cfg(test)]
pub fn fingerprint_of(kid: &str) -> String {
    let upper = kid.to_ascii_uppercase();
    upper
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses the `PORTAL_PINS` text: a JSON array of `pins.json` objects.
/// `None` when it is malformed (a build error the config page reports).
pub fn parse(text: &str) -> Option<Vec<Pin>> {
    let pins: Vec<Pin> = serde_json::from_str(text).ok()?;
    pins.iter().all(Pin::is_well_formed).then_some(pins)
}

/// The pins this build carries: `Some(empty)` when it was built without any,
/// `None` when what it carries is malformed.
pub fn compiled() -> Option<Vec<Pin>> {
    match option_env!("PORTAL_PINS") {
        None => Some(Vec::new()),
        Some(text) if text.trim().is_empty() => Some(Vec::new()),
        Some(text) => parse(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"[{"sealingKids":["0123456789abcdef","fedcba9876543210"],"receiptKid":"00112233445566ff","receiptPublicKey":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8","fingerprint":"0123 4567 89AB CDEF"}]"#;

    #[test]
    fn parses_pins_json_as_agency_keygen_writes_it() {
        let pins = parse(ONE).unwrap();
        assert_eq!(pins.len(), 1);
        assert!(pins[0].opens("fedcba9876543210"));
        assert!(!pins[0].opens("0000000000000000"));
        assert_eq!(fingerprint_of("0123456789abcdef"), pins[0].fingerprint);
    }

    #[test]
    fn malformed_pins_are_refused() {
        assert_eq!(parse("{}"), None);
        assert_eq!(parse(&ONE.replace("0123456789abcdef", "0123")), None);
        assert_eq!(parse(&ONE.replace("AAECAwQF", "AAEC+wQF")), None);
        assert_eq!(
            parse(&ONE.replace(r#"["0123456789abcdef","fedcba9876543210"]"#, "[]")),
            None
        );
    }
}
