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
mod keys;
mod meta;
mod reference;

use zeroize::Zeroizing;

pub use error::EnvelopeError;
/// The `rand_core` version whose `CryptoRng` the `*_with_rng` functions take.
pub use hpke::rand_core;
pub use keys::{
    PublicKeyConfig, SecretKey, compute_key_id, generate_keypair, generate_keypair_os,
    new_submission_id, new_submission_id_with_rng,
};
use keys::{hex_lower, os_random};
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
