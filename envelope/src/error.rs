//! Errors, as data: every variant has a stable machine code and an English message.

use core::fmt;

/// Everything that can go wrong while reading keys, sealing or opening an envelope.
///
/// Each variant has a stable code ([`EnvelopeError::code`]) that callers may match on or show;
/// the `Display` text is for humans and may be reworded.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeError {
    /// The envelope ends before a header field, the `enc`, or the minimum ciphertext.
    Truncated,
    /// The first byte is not a supported format version.
    Version(u8),
    /// The (KEM, KDF, AEAD) triple is not one of the two suites of Envelope v1.
    UnknownSuite {
        /// KEM id found.
        kem: u16,
        /// KDF id found.
        kdf: u16,
        /// AEAD id found.
        aead: u16,
    },
    /// The meta block is missing, too long, not JSON, or lacks / mistypes a required field.
    Meta(String),
    /// The ciphertext is not 16 + a multiple of 4096 bytes, or exceeds the maximum size.
    CiphertextLength {
        /// Length of the ciphertext part (after `enc`).
        len: usize,
    },
    /// The envelope was sealed to a different key than the one given to `open`.
    KeyIdMismatch,
    /// The envelope's key id is none of the keys offered (see [`crate::open_with_any`]).
    UnknownKeyId,
    /// HPKE decryption failed: tampered envelope (header, `enc` or ciphertext) or wrong key.
    Decrypt,
    /// The decrypted plaintext's length prefix or zero padding is inconsistent.
    Padding,
    /// The record exceeds [`crate::MAX_RECORD_LEN`] bytes (before padding).
    RecordTooLarge {
        /// Record length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The record is not UTF-8 JSON.
    Record(String),
    /// A public key config or secret key is malformed or inconsistent.
    BadKey(String),
    /// The operating system's random number generator failed.
    Random(String),
}

impl EnvelopeError {
    /// Stable machine-readable code, e.g. `"envelope.truncated"`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            EnvelopeError::Truncated => "envelope.truncated",
            EnvelopeError::Version(_) => "envelope.version",
            EnvelopeError::UnknownSuite { .. } => "envelope.unknown_suite",
            EnvelopeError::Meta(_) => "envelope.meta",
            EnvelopeError::CiphertextLength { .. } => "envelope.ciphertext_length",
            EnvelopeError::KeyIdMismatch => "envelope.key_id_mismatch",
            EnvelopeError::UnknownKeyId => "envelope.unknown_key_id",
            EnvelopeError::Decrypt => "envelope.decrypt",
            EnvelopeError::Padding => "envelope.padding",
            EnvelopeError::RecordTooLarge { .. } => "envelope.record_too_large",
            EnvelopeError::Record(_) => "envelope.record",
            EnvelopeError::BadKey(_) => "envelope.bad_key",
            EnvelopeError::Random(_) => "envelope.random",
        }
    }
}

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnvelopeError::Truncated => {
                f.write_str("envelope is truncated: it ends before its header, enc or ciphertext is complete")
            }
            EnvelopeError::Version(v) => {
                write!(f, "unsupported envelope version {v} (this software reads version 1)")
            }
            EnvelopeError::UnknownSuite { kem, kdf, aead } => write!(
                f,
                "unsupported HPKE suite kem=0x{kem:04X} kdf=0x{kdf:04X} aead=0x{aead:04X} \
                 (supported: X-Wing 0x647A or X25519 0x0020, with HKDF-SHA256 0x0001 and ChaCha20-Poly1305 0x0003)"
            ),
            EnvelopeError::Meta(why) => write!(f, "invalid envelope meta: {why}"),
            EnvelopeError::CiphertextLength { len } => write!(
                f,
                "invalid ciphertext length {len}: must be 16 + a multiple of 4096, between 4112 and 36880 bytes"
            ),
            EnvelopeError::KeyIdMismatch => f.write_str(
                "this envelope was sealed to a different key (its key id does not match the given secret key)",
            ),
            EnvelopeError::UnknownKeyId => {
                f.write_str("this envelope was sealed to a key that is not among the available keys")
            }
            EnvelopeError::Decrypt => f.write_str(
                "decryption failed: the envelope was altered or damaged, or the key is not the right one",
            ),
            EnvelopeError::Padding => {
                f.write_str("decrypted plaintext has an inconsistent length prefix or non-zero padding")
            }
            EnvelopeError::RecordTooLarge { len, max } => {
                write!(f, "record is {len} bytes, larger than the limit of {max} bytes")
            }
            EnvelopeError::Record(why) => write!(f, "record is not UTF-8 JSON: {why}"),
            EnvelopeError::BadKey(why) => write!(f, "invalid key: {why}"),
            EnvelopeError::Random(why) => write!(f, "random number generator failed: {why}"),
        }
    }
}

impl std::error::Error for EnvelopeError {}
