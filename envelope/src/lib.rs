//! Envelope v1: a travel record sealed to an agency's public key with HPKE (RFC 9180).
//!
//! The format is specified byte by byte in `docs/envelope.md`; this crate is one implementation
//! of it. In short:
//!
//! ```text
//! version(1) ‖ key id(8) ‖ kem(2) ‖ kdf(2) ‖ aead(2) ‖ meta_len(2) ‖ meta ‖ enc ‖ ciphertext
//! ```
//!
//! sealed in HPKE base mode with `info = "pre-departure envelope v1" ‖ 0x00 ‖ header` and empty
//! `aad`, where the header is every byte before `enc`. The plaintext is
//! `u32 length ‖ record JSON ‖ zero padding` up to a multiple of 4096 bytes.
//!
//! Two suites exist, chosen by the agency's key (never by the sender): X-Wing (0x647A) and
//! DHKEM(X25519, HKDF-SHA256) (0x0020), both with HKDF-SHA256 (0x0001) and ChaCha20-Poly1305
//! (0x0003).
//!
//! The library does no I/O and reads no clock; randomness comes from the OS through
//! `getrandom` (on `wasm32-unknown-unknown`: `crypto.getRandomValues`), or from a caller-supplied
//! RNG in the `*_with_rng` variants.

mod crypto;
mod error;
mod meta;
mod reference;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

pub use error::EnvelopeError;
/// The `rand_core` version whose `CryptoRng` the `*_with_rng` functions take.
pub use hpke::rand_core;
pub use meta::{MAX_META_LEN, Meta, is_rfc3339_utc, is_uuid_v4};
pub use reference::{
    REFERENCE_ALPHABET, REFERENCE_LEN, REFERENCE_PREFIX, encode_reference, is_reference,
    reference_of,
};

use rand_core::CryptoRng;

/// Format version written in byte 0.
pub const VERSION: u8 = 1;
/// Largest record (UTF-8 JSON bytes, before the length prefix and padding).
pub const MAX_RECORD_LEN: usize = 32 * 1024;
/// The plaintext is padded with zero bytes to a multiple of this.
pub const PAD_BLOCK: usize = 4096;
/// `info` = this prefix ‖ header.
pub const INFO_PREFIX: &[u8] = b"pre-departure envelope v1\0";
/// ChaCha20-Poly1305 tag length.
pub const TAG_LEN: usize = 16;
/// Bytes before `meta`: version, key id, three suite ids, meta length.
pub const FIXED_HEADER_LEN: usize = 17;
/// Largest padded plaintext: the record cap plus the 4-byte prefix, rounded up to [`PAD_BLOCK`].
pub const MAX_PLAINTEXT_LEN: usize = padded_len(MAX_RECORD_LEN);
/// Smallest ciphertext (one padding block plus the tag).
pub const MIN_CIPHERTEXT_LEN: usize = PAD_BLOCK + TAG_LEN;
/// Largest ciphertext.
pub const MAX_CIPHERTEXT_LEN: usize = MAX_PLAINTEXT_LEN + TAG_LEN;

/// KDF id of HKDF-SHA256.
pub const KDF_HKDF_SHA256: u16 = 0x0001;
/// AEAD id of ChaCha20-Poly1305.
pub const AEAD_CHACHA20POLY1305: u16 = 0x0003;

/// Length of the padded plaintext for a record of `record_len` bytes.
#[must_use]
pub const fn padded_len(record_len: usize) -> usize {
    (record_len + 4).div_ceil(PAD_BLOCK) * PAD_BLOCK
}

/// The KEM of a suite; it is fixed by the agency's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kem {
    /// X-Wing (ML-KEM-768 + X25519), KEM id 0x647A. The default.
    XWing,
    /// DHKEM(X25519, HKDF-SHA256), KEM id 0x0020, for agencies that must stay classic.
    X25519,
}

impl Kem {
    /// HPKE KEM identifier.
    #[must_use]
    pub const fn id(self) -> u16 {
        match self {
            Kem::XWing => 0x647A,
            Kem::X25519 => 0x0020,
        }
    }

    /// The KEM with this identifier, if supported.
    #[must_use]
    pub const fn from_id(id: u16) -> Option<Kem> {
        match id {
            0x647A => Some(Kem::XWing),
            0x0020 => Some(Kem::X25519),
            _ => None,
        }
    }

    /// `Nenc`: length of the encapsulated key.
    #[must_use]
    pub const fn enc_len(self) -> usize {
        match self {
            Kem::XWing => 1120,
            Kem::X25519 => 32,
        }
    }

    /// `Npk`: length of a public key.
    #[must_use]
    pub const fn public_key_len(self) -> usize {
        match self {
            Kem::XWing => 1216,
            Kem::X25519 => 32,
        }
    }

    /// The full suite for this KEM (always HKDF-SHA256 and ChaCha20-Poly1305).
    #[must_use]
    pub const fn suite(self) -> Suite {
        Suite {
            kem: self.id(),
            kdf: KDF_HKDF_SHA256,
            aead: AEAD_CHACHA20POLY1305,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kem::XWing => "X-Wing",
            Kem::X25519 => "X25519",
        }
    }
}

/// An HPKE ciphersuite as three identifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Suite {
    /// KEM id.
    pub kem: u16,
    /// KDF id.
    pub kdf: u16,
    /// AEAD id.
    pub aead: u16,
}

impl Suite {
    /// X-Wing / HKDF-SHA256 / ChaCha20-Poly1305 (the default).
    pub const XWING: Suite = Kem::XWing.suite();
    /// DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / ChaCha20-Poly1305.
    pub const X25519: Suite = Kem::X25519.suite();

    /// The KEM if this is one of the two suites of Envelope v1, else `UnknownSuite`.
    pub fn supported_kem(&self) -> Result<Kem, EnvelopeError> {
        match Kem::from_id(self.kem) {
            Some(kem) if kem.suite() == *self => Ok(kem),
            _ => Err(EnvelopeError::UnknownSuite {
                kem: self.kem,
                kdf: self.kdf,
                aead: self.aead,
            }),
        }
    }

    fn to_bytes(self) -> [u8; 6] {
        let [a, b] = self.kem.to_be_bytes();
        let [c, d] = self.kdf.to_be_bytes();
        let [e, f] = self.aead.to_be_bytes();
        [a, b, c, d, e, f]
    }
}

/// Key id: the first 8 bytes of SHA-256(kem_id ‖ kdf_id ‖ aead_id ‖ public key), ids big-endian.
#[must_use]
pub fn compute_key_id(suite: Suite, public_key: &[u8]) -> [u8; 8] {
    let mut h = Sha256::new();
    h.update(suite.to_bytes());
    h.update(public_key);
    let digest = h.finalize();
    let mut id = [0u8; 8];
    for (dst, src) in id.iter_mut().zip(digest.iter()) {
        *dst = *src;
    }
    id
}

fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    s
}

/// An agency's public key, as published to senders (JSON).
///
/// `{"kid": "<16 lowercase hex>", "kem": 25722, "kdf": 1, "aead": 3, "publicKey": "<base64>"}`
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyConfig {
    /// Key id, 16 lowercase hex digits (see [`compute_key_id`]).
    pub kid: String,
    /// KEM id.
    pub kem: u16,
    /// KDF id.
    pub kdf: u16,
    /// AEAD id.
    pub aead: u16,
    /// Public key, standard base64 with padding.
    pub public_key: String,
}

impl PublicKeyConfig {
    /// The suite named by this config (not checked).
    #[must_use]
    pub fn suite(&self) -> Suite {
        Suite {
            kem: self.kem,
            kdf: self.kdf,
            aead: self.aead,
        }
    }

    /// The decoded public key bytes (base64 only; see [`PublicKeyConfig::validate`]).
    pub fn public_key_bytes(&self) -> Result<Vec<u8>, EnvelopeError> {
        BASE64.decode(self.public_key.as_bytes()).map_err(|e| {
            EnvelopeError::BadKey(format!("publicKey is not standard padded base64: {e}"))
        })
    }

    /// Key id computed from the suite ids and the public key (ignores the `kid` field).
    pub fn key_id(&self) -> Result<[u8; 8], EnvelopeError> {
        Ok(compute_key_id(self.suite(), &self.public_key_bytes()?))
    }

    /// Checks the suite is supported, the public key decodes and has the right length and
    /// structure, and `kid` equals the computed key id.
    pub fn validate(&self) -> Result<(), EnvelopeError> {
        self.validated().map(|_| ())
    }

    /// Checks the suite is supported, the public key decodes and has the right length, and
    /// `kid` equals the computed key id; unlike [`PublicKeyConfig::validate`] it does not parse
    /// the key's structure, so it needs no KEM code (SHA-256 only). For a caller that only
    /// accepts keys whose id it already trusts (the portal's pinned key ids, made by `agency
    /// keygen` from valid keys) and seals elsewhere: [`seal`] validates the key fully.
    pub fn validate_id(&self) -> Result<(), EnvelopeError> {
        self.checked_id().map(|_| ())
    }

    /// The suite, length and id checks of [`PublicKeyConfig::validate_id`]; returns the KEM
    /// and the public key bytes.
    fn checked_id(&self) -> Result<(Kem, Vec<u8>), EnvelopeError> {
        let kem = self.suite().supported_kem()?;
        let pk = self.public_key_bytes()?;
        if pk.len() != kem.public_key_len() {
            return Err(EnvelopeError::BadKey(format!(
                "{} public key must be {} bytes, got {}",
                kem.name(),
                kem.public_key_len(),
                pk.len()
            )));
        }
        let expected = hex_lower(&compute_key_id(self.suite(), &pk));
        if self.kid != expected {
            return Err(EnvelopeError::BadKey(format!(
                "kid {:?} does not match the key (expected {expected})",
                self.kid.chars().take(32).collect::<String>()
            )));
        }
        Ok((kem, pk))
    }

    /// Validates and returns the KEM and the public key bytes.
    fn validated(&self) -> Result<(Kem, Vec<u8>), EnvelopeError> {
        let (kem, pk) = self.checked_id()?;
        match kem {
            Kem::XWing => crypto::check_public_key::<crypto::XWingKem>(&pk)?,
            Kem::X25519 => crypto::check_public_key::<crypto::X25519Kem>(&pk)?,
        }
        Ok((kem, pk))
    }
}

/// The agency's 32-byte secret: the X-Wing seed or the X25519 private key. Zeroized on drop;
/// `Debug` does not print it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; 32]);

impl core::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl SecretKey {
    /// Wraps 32 secret bytes. Every 32-byte string is a valid key for both KEMs.
    #[must_use]
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        SecretKey(bytes)
    }

    /// The raw secret bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Standard base64 (with padding) of the 32 bytes.
    #[must_use]
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0)
    }

    /// Parses standard padded base64 of exactly 32 bytes (surrounding whitespace is ignored).
    pub fn from_base64(text: &str) -> Result<Self, EnvelopeError> {
        let bytes = Zeroizing::new(BASE64.decode(text.trim().as_bytes()).map_err(|e| {
            EnvelopeError::BadKey(format!("secret key is not standard padded base64: {e}"))
        })?);
        let arr: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
            EnvelopeError::BadKey(format!("secret key must be 32 bytes, got {}", bytes.len()))
        })?;
        Ok(SecretKey(arr))
    }

    /// The public key bytes for `kem`.
    pub fn public_key(&self, kem: Kem) -> Result<Vec<u8>, EnvelopeError> {
        match kem {
            Kem::XWing => crypto::public_key_of::<crypto::XWingKem>(&self.0),
            Kem::X25519 => crypto::public_key_of::<crypto::X25519Kem>(&self.0),
        }
    }

    /// The key id of this secret's public key under `kem`'s suite.
    pub fn key_id(&self, kem: Kem) -> Result<[u8; 8], EnvelopeError> {
        Ok(compute_key_id(kem.suite(), &self.public_key(kem)?))
    }

    /// The public key config to publish for `kem`.
    ///
    /// Deriving a public key from 32 bytes cannot fail for either KEM; should the underlying
    /// library ever refuse, the returned config carries an empty key and fails
    /// [`PublicKeyConfig::validate`] (and thus `seal`).
    #[must_use]
    pub fn public_config(&self, kem: Kem) -> PublicKeyConfig {
        let pk = self.public_key(kem).unwrap_or_default();
        let suite = kem.suite();
        PublicKeyConfig {
            kid: hex_lower(&compute_key_id(suite, &pk)),
            kem: suite.kem,
            kdf: suite.kdf,
            aead: suite.aead,
            public_key: BASE64.encode(&pk),
        }
    }
}

/// A new key pair from `rng`: 32 random bytes are the secret (the X-Wing seed per the X-Wing
/// spec's `GenerateKeyPair`, or the X25519 private key).
pub fn generate_keypair<R: CryptoRng>(kem: Kem, rng: &mut R) -> (SecretKey, PublicKeyConfig) {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    let sk = SecretKey::from_bytes(bytes);
    bytes.zeroize();
    let config = sk.public_config(kem);
    (sk, config)
}

/// A new key pair from the operating system's RNG (`crypto.getRandomValues` on wasm32).
pub fn generate_keypair_os(kem: Kem) -> Result<(SecretKey, PublicKeyConfig), EnvelopeError> {
    let mut bytes = [0u8; 32];
    os_random(&mut bytes)?;
    let sk = SecretKey::from_bytes(bytes);
    bytes.zeroize();
    let config = sk.public_config(kem);
    Ok((sk, config))
}

fn os_random(buf: &mut [u8]) -> Result<(), EnvelopeError> {
    getrandom::fill(buf).map_err(|e| EnvelopeError::Random(e.to_string()))
}

fn uuid_v4_from(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex_lower(&b);
    let mut s = String::with_capacity(36);
    for (i, c) in h.chars().enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            s.push('-');
        }
        s.push(c);
    }
    s
}

/// A fresh random (version 4) UUID for `Meta::submission_id`, from the OS RNG.
pub fn new_submission_id() -> Result<String, EnvelopeError> {
    let mut b = [0u8; 16];
    os_random(&mut b)?;
    Ok(uuid_v4_from(b))
}

/// A fresh random (version 4) UUID for `Meta::submission_id`, from `rng`.
pub fn new_submission_id_with_rng<R: CryptoRng>(rng: &mut R) -> String {
    let mut b = [0u8; 16];
    rng.fill_bytes(&mut b);
    uuid_v4_from(b)
}

/// The parsed clear part of an envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Format version (always 1 once parsed).
    pub version: u8,
    /// Key id of the recipient key.
    pub key_id: [u8; 8],
    /// KEM id.
    pub kem: u16,
    /// KDF id.
    pub kdf: u16,
    /// AEAD id.
    pub aead: u16,
    /// The meta block.
    pub meta: Meta,
    /// Bytes before `enc` (17 + meta length); these bytes are bound into HPKE `info`.
    pub header_len: usize,
    /// Length of `enc`.
    pub enc_len: usize,
}

impl Header {
    /// The suite ids.
    #[must_use]
    pub fn suite(&self) -> Suite {
        Suite {
            kem: self.kem,
            kdf: self.kdf,
            aead: self.aead,
        }
    }

    /// Key id as 16 lowercase hex digits (the `kid` of the matching public key config).
    #[must_use]
    pub fn kid_hex(&self) -> String {
        hex_lower(&self.key_id)
    }
}

struct Parts<'a> {
    header: Header,
    kem: Kem,
    header_bytes: &'a [u8],
    enc: &'a [u8],
    ciphertext: &'a [u8],
}

fn be16(b: &[u8], at: usize) -> Result<u16, EnvelopeError> {
    match b.get(at..at + 2) {
        Some(&[x, y]) => Ok(u16::from_be_bytes([x, y])),
        _ => Err(EnvelopeError::Truncated),
    }
}

fn split(envelope: &[u8]) -> Result<Parts<'_>, EnvelopeError> {
    let version = *envelope.first().ok_or(EnvelopeError::Truncated)?;
    if version != VERSION {
        return Err(EnvelopeError::Version(version));
    }
    if envelope.len() < FIXED_HEADER_LEN {
        return Err(EnvelopeError::Truncated);
    }
    let mut key_id = [0u8; 8];
    key_id.copy_from_slice(envelope.get(1..9).ok_or(EnvelopeError::Truncated)?);
    let suite = Suite {
        kem: be16(envelope, 9)?,
        kdf: be16(envelope, 11)?,
        aead: be16(envelope, 13)?,
    };
    let kem = suite.supported_kem()?;
    let meta_len = usize::from(be16(envelope, 15)?);
    if meta_len > MAX_META_LEN {
        return Err(EnvelopeError::Meta(format!(
            "meta_len {meta_len} exceeds the limit of {MAX_META_LEN}"
        )));
    }
    let header_len = FIXED_HEADER_LEN + meta_len;
    let header_bytes = envelope.get(..header_len).ok_or(EnvelopeError::Truncated)?;
    let meta = Meta::from_json(
        header_bytes
            .get(FIXED_HEADER_LEN..)
            .ok_or(EnvelopeError::Truncated)?,
    )?;
    let enc_end = header_len + kem.enc_len();
    let enc = envelope
        .get(header_len..enc_end)
        .ok_or(EnvelopeError::Truncated)?;
    let ciphertext = envelope.get(enc_end..).ok_or(EnvelopeError::Truncated)?;
    if ciphertext.len() < MIN_CIPHERTEXT_LEN {
        return Err(EnvelopeError::Truncated);
    }
    if !(ciphertext.len() - TAG_LEN).is_multiple_of(PAD_BLOCK)
        || ciphertext.len() > MAX_CIPHERTEXT_LEN
    {
        return Err(EnvelopeError::CiphertextLength {
            len: ciphertext.len(),
        });
    }
    Ok(Parts {
        header: Header {
            version,
            key_id,
            kem: suite.kem,
            kdf: suite.kdf,
            aead: suite.aead,
            meta,
            header_len,
            enc_len: kem.enc_len(),
        },
        kem,
        header_bytes,
        enc,
        ciphertext,
    })
}

/// Reads and checks an envelope's structure without decrypting: version, suite, meta (JSON with
/// valid `submissionId`, `createdAt`, `schema`), `enc` present, ciphertext length 16 + k·4096
/// with 1 ≤ k ≤ 9. Needs no key; a server that stores envelopes can call it on intake.
pub fn parse_header(envelope: &[u8]) -> Result<Header, EnvelopeError> {
    split(envelope).map(|p| p.header)
}

fn info_for(header_bytes: &[u8]) -> Vec<u8> {
    let mut info = Vec::with_capacity(INFO_PREFIX.len() + header_bytes.len());
    info.extend_from_slice(INFO_PREFIX);
    info.extend_from_slice(header_bytes);
    info
}

fn check_record_json(record_json: &[u8]) -> Result<(), EnvelopeError> {
    serde_json::from_slice::<serde::de::IgnoredAny>(record_json)
        .map(|_| ())
        .map_err(|e| EnvelopeError::Record(e.to_string()))
}

/// Seals with the OS RNG. See [`seal_with_rng`].
pub fn seal(
    config: &PublicKeyConfig,
    meta: &Meta,
    record_json: &[u8],
) -> Result<Vec<u8>, EnvelopeError> {
    let kem = config.suite().supported_kem()?;
    let mut randomness = Zeroizing::new(vec![0u8; crypto::encap_randomness_len(kem)]);
    os_random(&mut randomness)?;
    let mut rng = crypto::PreDrawnRng::new(randomness);
    let envelope = seal_with_rng(config, meta, record_json, &mut rng)?;
    if !rng.ok() {
        return Err(EnvelopeError::Random(
            "the KEM asked for more randomness than was drawn".into(),
        ));
    }
    Ok(envelope)
}

/// Seals `record_json` (UTF-8 JSON, at most [`MAX_RECORD_LEN`] bytes) to the key in `config`,
/// with `meta` in the clear (authenticated). The suite is the config's; nothing is negotiated.
///
/// Checks, in order: the config ([`PublicKeyConfig::validate`]), the meta ([`Meta::validate`]),
/// the record size, the record being JSON. `rng` supplies the encapsulation randomness only.
pub fn seal_with_rng<R: CryptoRng>(
    config: &PublicKeyConfig,
    meta: &Meta,
    record_json: &[u8],
    rng: &mut R,
) -> Result<Vec<u8>, EnvelopeError> {
    let (kem, pk) = config.validated()?;
    meta.validate()?;
    let meta_json = meta.to_json()?;
    if record_json.len() > MAX_RECORD_LEN {
        return Err(EnvelopeError::RecordTooLarge {
            len: record_json.len(),
            max: MAX_RECORD_LEN,
        });
    }
    check_record_json(record_json)?;
    let record_len =
        u32::try_from(record_json.len()).map_err(|_| EnvelopeError::RecordTooLarge {
            len: record_json.len(),
            max: MAX_RECORD_LEN,
        })?;
    let header = build_header(kem, &pk, &meta_json)?;
    let mut plaintext = Zeroizing::new(vec![0u8; padded_len(record_json.len())]);
    plaintext
        .get_mut(..4)
        .ok_or(EnvelopeError::Padding)?
        .copy_from_slice(&record_len.to_be_bytes());
    plaintext
        .get_mut(4..4 + record_json.len())
        .ok_or(EnvelopeError::Padding)?
        .copy_from_slice(record_json);
    seal_plaintext(kem, &pk, header, &plaintext, rng)
}

/// `version ‖ key id ‖ suite ‖ meta_len ‖ meta`.
fn build_header(kem: Kem, pk: &[u8], meta_json: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    let meta_len = u16::try_from(meta_json.len())
        .map_err(|_| EnvelopeError::Meta("meta longer than 65535 bytes".into()))?;
    let mut header = Vec::with_capacity(FIXED_HEADER_LEN + meta_json.len());
    header.push(VERSION);
    header.extend_from_slice(&compute_key_id(kem.suite(), pk));
    header.extend_from_slice(&kem.suite().to_bytes());
    header.extend_from_slice(&meta_len.to_be_bytes());
    header.extend_from_slice(meta_json);
    Ok(header)
}

/// HPKE-seals an already padded plaintext under `header` and returns `header ‖ enc ‖ ct`.
fn seal_plaintext<R: CryptoRng>(
    kem: Kem,
    pk: &[u8],
    header: Vec<u8>,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<Vec<u8>, EnvelopeError> {
    let info = info_for(&header);
    let (enc, ct) = match kem {
        Kem::XWing => crypto::seal::<crypto::XWingKem>(pk, &info, plaintext, rng)?,
        Kem::X25519 => crypto::seal::<crypto::X25519Kem>(pk, &info, plaintext, rng)?,
    };
    let mut out = header;
    out.reserve(enc.len() + ct.len());
    out.extend_from_slice(&enc);
    out.extend_from_slice(&ct);
    Ok(out)
}

/// An opened envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    /// The clear header.
    pub header: Header,
    /// The record, UTF-8 JSON, without length prefix or padding.
    pub record_json: Vec<u8>,
}

/// Opens an envelope with the agency's secret key.
///
/// Order: [`parse_header`] checks; the envelope's key id must equal this secret's key id for the
/// envelope's suite (`KeyIdMismatch`); HPKE open (`Decrypt`); length prefix and zero padding
/// (`Padding`); record size (`RecordTooLarge`); record is JSON (`Record`).
pub fn open(secret: &SecretKey, envelope: &[u8]) -> Result<Opened, EnvelopeError> {
    let parts = split(envelope)?;
    if secret.key_id(parts.kem)? != parts.header.key_id {
        return Err(EnvelopeError::KeyIdMismatch);
    }
    open_parts(secret, parts)
}

/// Opens with whichever of `secrets` the envelope was sealed to (e.g. current and previous key
/// during a rotation); `UnknownKeyId` if none.
pub fn open_with_any(secrets: &[SecretKey], envelope: &[u8]) -> Result<Opened, EnvelopeError> {
    let parts = split(envelope)?;
    for secret in secrets {
        if secret.key_id(parts.kem)? == parts.header.key_id {
            return open_parts(secret, parts);
        }
    }
    Err(EnvelopeError::UnknownKeyId)
}

fn open_parts(secret: &SecretKey, parts: Parts<'_>) -> Result<Opened, EnvelopeError> {
    let info = info_for(parts.header_bytes);
    let plaintext = match parts.kem {
        Kem::XWing => {
            crypto::open::<crypto::XWingKem>(&secret.0, parts.enc, &info, parts.ciphertext)?
        }
        Kem::X25519 => {
            crypto::open::<crypto::X25519Kem>(&secret.0, parts.enc, &info, parts.ciphertext)?
        }
    };
    let record = unpad(&plaintext)?;
    Ok(Opened {
        header: parts.header,
        record_json: record.to_vec(),
    })
}

/// Checks the length prefix and padding of a decrypted plaintext and returns the record.
fn unpad(plaintext: &[u8]) -> Result<&[u8], EnvelopeError> {
    let (prefix, rest) = plaintext
        .split_at_checked(4)
        .ok_or(EnvelopeError::Padding)?;
    let mut len_bytes = [0u8; 4];
    len_bytes.copy_from_slice(prefix);
    let len = usize::try_from(u32::from_be_bytes(len_bytes)).map_err(|_| EnvelopeError::Padding)?;
    let (record, padding) = rest.split_at_checked(len).ok_or(EnvelopeError::Padding)?;
    if padded_len(len) != plaintext.len() || padding.iter().any(|&b| b != 0) {
        return Err(EnvelopeError::Padding);
    }
    if len > MAX_RECORD_LEN {
        return Err(EnvelopeError::RecordTooLarge {
            len,
            max: MAX_RECORD_LEN,
        });
    }
    check_record_json(record)?;
    Ok(record)
}

#[cfg(test)]
mod vectors;

#[cfg(test)]
mod tests;
