//! Signed receipts (`docs/envelope.md`, "Receipts"): the intake signs each
//! receipt with its Ed25519 receipt key, so that a traveler, the portal and
//! check-in staff can tell a genuine acknowledgement from a look-alike
//! site's, offline, with the pinned public key.
//!
//! ```text
//! signature = Ed25519(receipt key, "pre-departure receipt v1\n" ‖ reference ‖ "\n" ‖
//!                     submissionId ‖ "\n" ‖ sha256 ‖ "\n" ‖ receivedAt)
//! compact   = PDR1/<reference>/<submissionId>/<sha256>/<receivedAt>/<kid>/<signature>
//! kid       = hex(SHA-256("pre-departure receipt key v1" ‖ 0x00 ‖ public key)[0..8])
//! ```
//!
//! Longer than 500 lines only with its unit tests (the last 140 lines),
//! which check private signing steps against RFC 8032.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use curve25519_dalek::{EdwardsPoint, Scalar};
use ed25519_dalek::hazmat::{ExpandedSecretKey, raw_sign};
use ed25519_dalek::{Digest as _, Sha512, Signature, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use zeroize::Zeroizing;

/// What the signature covers comes after this prefix.
pub const SIGNING_PREFIX: &str = "pre-departure receipt v1\n";
/// The key id is derived from the public key after this prefix.
pub const KID_PREFIX: &[u8] = b"pre-departure receipt key v1\0";
/// First element of the compact text.
pub const COMPACT_TAG: &str = "PDR1";
/// The `alg` of a receipt key config.
pub const ALG: &str = "Ed25519";

/// Why a receipt is not genuine (or could not be read), with a stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptError {
    /// Not a receipt: not JSON nor the compact text, or a field of the wrong shape.
    Malformed(String),
    /// The reference is not the one derived from the submission id: a field was altered.
    ReferenceMismatch,
    /// Signed with a key (`kid`) that is not the given one.
    WrongKey {
        /// The receipt's key id.
        kid: String,
    },
    /// The signature does not verify: a field was altered or the signature forged.
    BadSignature,
    /// The key config is not a valid receipt key config.
    BadKeyConfig(String),
}

impl ReceiptError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ReceiptError::Malformed(_) => "receipt.malformed",
            ReceiptError::ReferenceMismatch => "receipt.reference_mismatch",
            ReceiptError::WrongKey { .. } => "receipt.wrong_key",
            ReceiptError::BadSignature => "receipt.bad_signature",
            ReceiptError::BadKeyConfig(_) => "receipt.bad_key_config",
        }
    }
}

impl fmt::Display for ReceiptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReceiptError::Malformed(why) => write!(f, "not a well-formed receipt: {why}"),
            ReceiptError::ReferenceMismatch => write!(
                f,
                "the reference does not belong to the submission id (a field was altered)"
            ),
            ReceiptError::WrongKey { kid } => write!(
                f,
                "signed with key {kid}, which is not the agency's receipt key"
            ),
            ReceiptError::BadSignature => write!(
                f,
                "the signature does not match (a field was altered or the signature is forged)"
            ),
            ReceiptError::BadKeyConfig(why) => write!(f, "not a receipt key config: {why}"),
        }
    }
}

impl std::error::Error for ReceiptError {}

/// The receipt key id: 16 lowercase hex digits.
pub fn key_id(public_key: &[u8; 32]) -> String {
    let mut h = Sha256::new();
    h.update(KID_PREFIX);
    h.update(public_key);
    crate::util::hex(h.finalize().get(..8).unwrap_or_default())
}

/// The published receipt key: `{"kid", "alg": "Ed25519", "publicKey"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptKeyConfig {
    /// Key id, [`key_id`].
    pub kid: String,
    /// Always `Ed25519`.
    pub alg: String,
    /// The 32-byte public key, base64url without padding.
    pub public_key: String,
}

impl ReceiptKeyConfig {
    /// Checks `alg`, the key's encoding and length, that it is a valid
    /// Ed25519 point, and that `kid` is derived from it.
    pub fn verifying_key(&self) -> Result<VerifyingKey, ReceiptError> {
        if self.alg != ALG {
            return Err(ReceiptError::BadKeyConfig(format!(
                "alg is {:?}, not {ALG:?}",
                self.alg
            )));
        }
        let bytes = b64url(&self.public_key)
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| {
                ReceiptError::BadKeyConfig("publicKey is not 32 bytes of base64url".into())
            })?;
        let key = VerifyingKey::from_bytes(&bytes)
            .map_err(|_| ReceiptError::BadKeyConfig("publicKey is not an Ed25519 key".into()))?;
        if key_id(&bytes) != self.kid {
            return Err(ReceiptError::BadKeyConfig(
                "kid is not the one derived from publicKey".into(),
            ));
        }
        Ok(key)
    }

    /// Reads a receipt key config, or the receipt key from a `pins.json`
    /// (`receiptKid`, `receiptPublicKey`).
    pub fn from_json(text: &str) -> Result<Self, ReceiptError> {
        let v: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| ReceiptError::BadKeyConfig(format!("not JSON ({e})")))?;
        let config = if v.get("receiptPublicKey").is_some() {
            let s = |name: &str| {
                v.get(name)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| ReceiptError::BadKeyConfig(format!("{name} is missing")))
            };
            ReceiptKeyConfig {
                kid: s("receiptKid")?,
                alg: ALG.to_owned(),
                public_key: s("receiptPublicKey")?,
            }
        } else {
            serde_json::from_value(v).map_err(|e| ReceiptError::BadKeyConfig(e.to_string()))?
        };
        config.verifying_key()?;
        Ok(config)
    }
}

/// Strict base64url without padding: the canonical encoding only (so a
/// changed character always changes the bytes).
fn b64url(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s).ok()
}

/// The intake's receipt-signing key.
///
/// The expanded secret (SHA-512 of the secret, clamped: RFC 8032 §5.1.5
/// steps 1–2) is computed once here rather than at every signature, which
/// [`SigningKey::sign`] does; [`ReceiptKey::sign`] gives the same bytes
/// (test `expanded_key_signs_like_signing_key`).
#[derive(Clone)]
pub struct ReceiptKey {
    signing: SigningKey,
    expanded: std::sync::Arc<ExpandedSecretKey>,
    kid: String,
}

impl fmt::Debug for ReceiptKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiptKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl ReceiptKey {
    /// A key from its 32-byte secret (the RFC 8032 private key).
    pub fn from_bytes(secret: &[u8; 32]) -> Self {
        let signing = SigningKey::from_bytes(secret);
        let expanded = std::sync::Arc::new(ExpandedSecretKey::from(signing.as_bytes()));
        let kid = key_id(signing.verifying_key().as_bytes());
        ReceiptKey {
            signing,
            expanded,
            kid,
        }
    }

    /// A fresh key from the operating system's random generator.
    pub fn generate() -> Result<Self, String> {
        let mut secret = Zeroizing::new([0u8; 32]);
        getrandom::fill(&mut *secret).map_err(|e| format!("the random generator failed: {e}"))?;
        Ok(Self::from_bytes(&secret))
    }

    /// The secret as stored: standard base64 with padding, like `agency.key`.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(STANDARD.encode(self.signing.to_bytes()))
    }

    /// Reads [`ReceiptKey::to_base64`]. The error never quotes the input.
    pub fn from_base64(text: &str) -> Result<Self, String> {
        let bytes = Zeroizing::new(
            STANDARD
                .decode(text.trim())
                .map_err(|_| "not base64".to_owned())?,
        );
        let secret: &[u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| "not 32 bytes".to_owned())?;
        Ok(Self::from_bytes(secret))
    }

    /// Key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key config to publish and pin.
    pub fn config(&self) -> ReceiptKeyConfig {
        ReceiptKeyConfig {
            kid: self.kid.clone(),
            alg: ALG.to_owned(),
            public_key: URL_SAFE_NO_PAD.encode(self.signing.verifying_key().as_bytes()),
        }
    }

    /// Signs a receipt.
    pub fn sign(
        &self,
        reference: &str,
        submission_id: &str,
        sha256: &str,
        received_at: &str,
    ) -> SignedReceipt {
        self.with_signature(
            reference,
            submission_id,
            sha256,
            received_at,
            self.signature(reference, submission_id, sha256, received_at),
        )
    }

    /// The receipt's signature alone, base64url without padding (what a
    /// store computes while its commit is being flushed).
    pub fn signature(
        &self,
        reference: &str,
        submission_id: &str,
        sha256: &str,
        received_at: &str,
    ) -> String {
        let input = signing_input(reference, submission_id, sha256, received_at);
        let signature = self.sign_bytes(input.as_bytes());
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    }

    /// The signatures of many receipts at once, the same strings as
    /// [`ReceiptKey::signature`] gives one by one, given their
    /// [`signing_input`]s.
    ///
    /// RFC 8032 §5.1.6 written out over the batch: encoding each `R = rB`
    /// needs a field inversion (about a third of a signature's work); here
    /// all the batch's points share one (Montgomery's trick, in
    /// `EdwardsPoint::compress_batch_alloc`). Test
    /// `batch_signatures_are_the_single_ones`.
    pub fn signatures<M: AsRef<[u8]>>(&self, inputs: &[M]) -> Vec<String> {
        let public = self.signing.verifying_key();
        let nonces: Zeroizing<Vec<Scalar>> = Zeroizing::new(
            inputs
                .iter()
                .map(|m| {
                    // Step 2: r = SHA-512(prefix ‖ M) mod L.
                    let h = Sha512::new()
                        .chain_update(self.expanded.hash_prefix)
                        .chain_update(m.as_ref());
                    Scalar::from_hash(h)
                })
                .collect(),
        );
        // Step 3: R = rB, encoded (one inversion for the batch).
        let points: Vec<EdwardsPoint> = nonces.iter().map(EdwardsPoint::mul_base).collect();
        let encoded = EdwardsPoint::compress_batch_alloc(&points);
        inputs
            .iter()
            .zip(nonces.iter().zip(&encoded))
            .map(|(m, (r, big_r))| {
                // Steps 4–6: k = SHA-512(R ‖ A ‖ M) mod L, S = r + k·s.
                let h = Sha512::new()
                    .chain_update(big_r.as_bytes())
                    .chain_update(public.as_bytes())
                    .chain_update(m.as_ref());
                let k = Scalar::from_hash(h);
                let s = k * self.expanded.scalar + r;
                let mut signature = [0u8; 64];
                signature[..32].copy_from_slice(big_r.as_bytes());
                signature[32..].copy_from_slice(s.as_bytes());
                URL_SAFE_NO_PAD.encode(signature)
            })
            .collect()
    }

    /// A receipt with a signature made by [`ReceiptKey::signature`].
    pub fn with_signature(
        &self,
        reference: &str,
        submission_id: &str,
        sha256: &str,
        received_at: &str,
        signature: String,
    ) -> SignedReceipt {
        SignedReceipt {
            reference: reference.to_owned(),
            submission_id: submission_id.to_owned(),
            sha256: sha256.to_owned(),
            received_at: received_at.to_owned(),
            kid: self.kid.clone(),
            signature,
        }
    }

    /// Ed25519 (RFC 8032) of `message` with the expanded secret.
    fn sign_bytes(&self, message: &[u8]) -> Signature {
        raw_sign::<Sha512>(&self.expanded, message, &self.signing.verifying_key())
    }
}

/// The bytes the signature covers.
pub fn signing_input(
    reference: &str,
    submission_id: &str,
    sha256: &str,
    received_at: &str,
) -> String {
    format!("{SIGNING_PREFIX}{reference}\n{submission_id}\n{sha256}\n{received_at}")
}

/// A receipt as the intake answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedReceipt {
    /// 10 characters of Crockford base32, derived from `submissionId`.
    pub reference: String,
    /// The envelope's `submissionId`.
    pub submission_id: String,
    /// SHA-256 of the envelope bytes, lowercase hex.
    pub sha256: String,
    /// When the envelope was first received, RFC 3339 UTC.
    pub received_at: String,
    /// Key id of the receipt key.
    pub kid: String,
    /// Ed25519 signature, base64url without padding.
    pub signature: String,
}

impl SignedReceipt {
    /// The compact text for the QR code.
    pub fn compact(&self) -> String {
        [
            COMPACT_TAG,
            &self.reference,
            &self.submission_id,
            &self.sha256,
            &self.received_at,
            &self.kid,
            &self.signature,
        ]
        .join("/")
    }

    /// Reads a receipt: its JSON or its compact text (surrounding blanks ignored).
    pub fn parse(text: &str) -> Result<Self, ReceiptError> {
        let t = text.trim();
        let r = if t.starts_with('{') {
            serde_json::from_str::<SignedReceipt>(t)
                .map_err(|e| ReceiptError::Malformed(format!("JSON: {e}")))?
        } else {
            let parts: Vec<&str> = t.split('/').collect();
            match parts.as_slice() {
                [tag, reference, sid, sha, at, kid, sig] if *tag == COMPACT_TAG => SignedReceipt {
                    reference: (*reference).to_owned(),
                    submission_id: (*sid).to_owned(),
                    sha256: (*sha).to_owned(),
                    received_at: (*at).to_owned(),
                    kid: (*kid).to_owned(),
                    signature: (*sig).to_owned(),
                },
                [tag, ..] if *tag != COMPACT_TAG => {
                    return Err(ReceiptError::Malformed(format!(
                        "neither JSON nor text starting with {COMPACT_TAG}/"
                    )));
                }
                _ => {
                    return Err(ReceiptError::Malformed(format!(
                        "the text has {} parts separated by /, not 7",
                        parts.len()
                    )));
                }
            }
        };
        r.check_shape()?;
        Ok(r)
    }

    /// The fields' formats (no key needed).
    pub fn check_shape(&self) -> Result<(), ReceiptError> {
        let bad = |what: &str| Err(ReceiptError::Malformed(what.to_owned()));
        if !envelope::is_reference(&self.reference) {
            return bad("reference is not 10 characters of Crockford base32");
        }
        if !envelope::is_uuid_v4(&self.submission_id) {
            return bad("submissionId is not a lowercase UUID v4");
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(is_lower_hex) {
            return bad("sha256 is not 64 lowercase hex digits");
        }
        if !envelope::is_rfc3339_utc(&self.received_at) {
            return bad("receivedAt is not an RFC 3339 UTC time");
        }
        if self.kid.len() != 16 || !self.kid.bytes().all(is_lower_hex) {
            return bad("kid is not 16 lowercase hex digits");
        }
        if b64url(&self.signature).is_none_or(|s| s.len() != 64) {
            return bad("signature is not 64 bytes of base64url");
        }
        Ok(())
    }

    /// Verifies against the agency's receipt key config: shape, reference,
    /// key id, then the signature (strict RFC 8032 verification).
    pub fn verify(&self, key: &ReceiptKeyConfig) -> Result<(), ReceiptError> {
        let verifying = key.verifying_key()?;
        self.check_shape()?;
        if envelope::reference_of(&self.submission_id) != self.reference {
            return Err(ReceiptError::ReferenceMismatch);
        }
        if self.kid != key.kid {
            return Err(ReceiptError::WrongKey {
                kid: self.kid.clone(),
            });
        }
        let sig = b64url(&self.signature)
            .and_then(|s| <[u8; 64]>::try_from(s).ok())
            .map(|b| Signature::from_bytes(&b))
            .ok_or(ReceiptError::BadSignature)?;
        let input = signing_input(
            &self.reference,
            &self.submission_id,
            &self.sha256,
            &self.received_at,
        );
        verifying
            .verify_strict(input.as_bytes(), &sig)
            .map_err(|_| ReceiptError::BadSignature)
    }
}

fn is_lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SID: &str = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
    const SHA: &str = "11342c2e0f8a6d7b9c1e2f3a4b5c6d7e8f9011223344556677889900aabbccdd";
    const AT: &str = "2026-11-26T17:44:55.829206Z";

    fn key(b: u8) -> ReceiptKey {
        ReceiptKey::from_bytes(&[b; 32])
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 8032 §7.1, test 1 (empty message): the expanded key gives the
    /// RFC's signature, the same bytes as `SigningKey::sign`.
    #[test]
    fn expanded_key_signs_like_signing_key() {
        use ed25519_dalek::Signer;
        let secret: [u8; 32] =
            hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                .try_into()
                .unwrap();
        let expected = hex(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
             5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        );
        let k = ReceiptKey::from_bytes(&secret);
        assert_eq!(k.sign_bytes(b"").to_bytes().to_vec(), expected);
        let plain = SigningKey::from_bytes(&secret);
        assert_eq!(plain.sign(b"").to_bytes().to_vec(), expected);
        for message in [&b"pre-departure receipt v1\n"[..], &[0xa5; 1000]] {
            assert_eq!(k.sign_bytes(message), plain.sign(message));
        }
        let r = k.sign("33A7BHNFP6", SID, SHA, AT);
        assert_eq!(r.signature, k.signature("33A7BHNFP6", SID, SHA, AT));
        assert_eq!(r.verify(&k.config()), Ok(()));
    }

    /// A batch gives each receipt the signature it gets alone, and the one
    /// ed25519-dalek's `SigningKey::sign` makes (RFC 8032 §7.1 tests 1–3,
    /// then batches of every size up to 70 under other keys).
    #[test]
    fn batch_signatures_are_the_single_ones() {
        use ed25519_dalek::Signer;
        let rfc = [
            (
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            ),
            (
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            ),
            (
                "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                "af82",
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
            ),
        ];
        for (secret, message, signature) in rfc {
            let k = ReceiptKey::from_bytes(&hex(secret).try_into().unwrap());
            assert_eq!(
                k.signatures(&[hex(message)]),
                [URL_SAFE_NO_PAD.encode(hex(signature))]
            );
        }
        assert!(key(1).signatures::<&str>(&[]).is_empty());
        for n in 1..=70u8 {
            let k = key(n);
            let inputs: Vec<String> = (0..n)
                .map(|i| signing_input(&format!("REF{i}"), SID, SHA, &format!("{AT}{i}")))
                .collect();
            let expected: Vec<String> = inputs
                .iter()
                .map(|m| URL_SAFE_NO_PAD.encode(k.signing.sign(m.as_bytes()).to_bytes()))
                .collect();
            assert_eq!(k.signatures(&inputs), expected, "batch of {n}");
        }
    }

    #[test]
    fn sign_verify_and_compact_round_trip() {
        let k = key(7);
        let r = k.sign("33A7BHNFP6", SID, SHA, AT);
        assert_eq!(r.kid.len(), 16);
        assert_eq!(r.verify(&k.config()), Ok(()));
        // Deterministic: the same receipt twice is the same signature.
        assert_eq!(r, k.sign("33A7BHNFP6", SID, SHA, AT));
        let text = r.compact();
        assert!(text.starts_with("PDR1/33A7BHNFP6/1b4e28ba-"), "{text}");
        assert_eq!(SignedReceipt::parse(&text), Ok(r.clone()));
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(SignedReceipt::parse(&json), Ok(r.clone()));
        let cfg = ReceiptKeyConfig::from_json(&serde_json::to_string(&k.config()).unwrap());
        assert_eq!(cfg, Ok(k.config()));
        assert_eq!(
            ReceiptKey::from_base64(&k.to_base64()).unwrap().kid(),
            k.kid()
        );
    }

    /// The worked example of `docs/envelope.md` §4.2 (its signature was
    /// computed with pyca/cryptography).
    #[test]
    fn documented_example() {
        let mut secret = [0u8; 32];
        for (i, b) in secret.iter_mut().enumerate() {
            *b = u8::try_from(i).unwrap();
        }
        let k = ReceiptKey::from_bytes(&secret);
        assert_eq!(k.kid(), "addae3134934e139");
        assert_eq!(
            k.config().public_key,
            "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg"
        );
        let sha = crate::util::sha256_hex(b"example envelope");
        let r = k.sign("33A7BHNFP6", SID, &sha, AT);
        assert_eq!(
            r.compact(),
            "PDR1/33A7BHNFP6/1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b/\
             708d29190cefe1cfb47c2f71eac66f0cf882466a9cfb11b4456347a49a1be14d/\
             2026-11-26T17:44:55.829206Z/addae3134934e139/\
             xEWY7VW33uC-CzMzWh1kdRojUSK69N4kuOC6U33qeeUIywYRGSU5qf5k5V-9RgdBI4H2ZrZ1zAMAXhSOM567Ag"
        );
    }

    #[test]
    fn altered_forged_and_malformed_receipts_fail() {
        let k = key(7);
        let good = k.sign("33A7BHNFP6", SID, SHA, AT);
        let mut r = good.clone();
        r.received_at = "2026-11-26T17:44:56.829206Z".into();
        assert_eq!(r.verify(&k.config()), Err(ReceiptError::BadSignature));
        let mut r = good.clone();
        r.sha256.replace_range(0..1, "2");
        assert_eq!(r.verify(&k.config()), Err(ReceiptError::BadSignature));
        let mut r = good.clone();
        r.reference = "33A7BHNFP7".into();
        assert_eq!(r.verify(&k.config()), Err(ReceiptError::ReferenceMismatch));
        // Another key, claiming the right kid: forged.
        let mut forged = key(8).sign("33A7BHNFP6", SID, SHA, AT);
        forged.kid = good.kid.clone();
        assert_eq!(forged.verify(&k.config()), Err(ReceiptError::BadSignature));
        // Another key, saying so: wrong key.
        let other = key(8).sign("33A7BHNFP6", SID, SHA, AT);
        assert!(matches!(
            other.verify(&k.config()),
            Err(ReceiptError::WrongKey { .. })
        ));
        for bad in [
            "",
            "PDR2/33A7BHNFP6",
            "PDR1/a/b",
            "{\"reference\":1}",
            "hello",
        ] {
            let e = SignedReceipt::parse(bad).unwrap_err();
            assert_eq!(e.code(), "receipt.malformed", "{bad}");
        }
        // A non-canonical signature encoding (changed unused bits) is refused.
        let mut r = good.clone();
        let last = r.signature.pop().unwrap();
        let alt = match last {
            'A' => 'B',
            'Q' => 'R',
            'g' => 'h',
            'w' => 'x',
            _ => 'A',
        };
        r.signature.push(alt);
        assert!(r.verify(&k.config()).is_err());
        let mut cfg = k.config();
        cfg.kid = "0000000000000000".into();
        assert_eq!(
            good.verify(&cfg).unwrap_err().code(),
            "receipt.bad_key_config"
        );
    }
}
