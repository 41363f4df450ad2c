//! The receipt reference of a submission, derived from its submission id.
//!
//! The portal shows the reference (and its QR code) as soon as the record is
//! sealed, before the intake has answered: on a lost network the traveler
//! still leaves with the reference check-in staff will look up. The intake
//! derives the same reference from the same id, so both always agree. The
//! function is specified in `docs/envelope.md` ("Receipt reference"):
//!
//! ```text
//! digest    = SHA-256("pre-departure reference v1" ‖ 0x00 ‖ submissionId as ASCII)
//! value     = the first 8 bytes of digest, big-endian, shifted right by 14 (50 bits)
//! reference = value in 10 characters of Crockford base32, most significant first
//! ```
//!
//! A reference is a name for people (easy to read aloud and type: no I, L,
//! O, U), not a secret and not an authenticator: with 50 bits, the chance that any
//! two of 100,000 submissions share a reference is about 1 in 230,000, and
//! the intake stores such a clash without refusing either submission.

use sha2::{Digest, Sha256};

/// Crockford's base32 alphabet.
pub const REFERENCE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Length of a reference in characters.
pub const REFERENCE_LEN: usize = 10;

/// Domain separation for the reference digest.
pub const REFERENCE_PREFIX: &[u8] = b"pre-departure reference v1\0";

/// The reference of the submission whose id is `submission_id` (the
/// canonical lowercase UUID of the envelope's meta).
#[must_use]
pub fn reference_of(submission_id: &str) -> String {
    let digest = Sha256::new()
        .chain_update(REFERENCE_PREFIX)
        .chain_update(submission_id.as_bytes())
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    encode_reference(u64::from_be_bytes(first) >> 14)
}

/// The low 50 bits of `v` in Crockford base32 (10 characters).
#[must_use]
pub fn encode_reference(v: u64) -> String {
    (0..REFERENCE_LEN)
        .rev()
        .map(|i| char::from(REFERENCE_ALPHABET[((v >> (5 * i)) & 31) as usize]))
        .collect()
}

/// Whether `s` has the form of a reference.
#[must_use]
pub fn is_reference(s: &str) -> bool {
    s.len() == REFERENCE_LEN && s.bytes().all(|b| REFERENCE_ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_fifty_bits() {
        assert_eq!(encode_reference(0), "0000000000");
        assert_eq!(encode_reference(31), "000000000Z");
        assert_eq!(encode_reference((1 << 50) - 1), "ZZZZZZZZZZ");
        assert_eq!(encode_reference(1 << 50), "0000000000");
    }

    #[test]
    fn derived_from_the_submission_id() {
        // Pinned: docs/envelope.md gives this pair, and tests/node checks the
        // same pair against an independent computation (node:crypto).
        let id = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
        let r = reference_of(id);
        assert_eq!(r, "33A7BHNFP6");
        assert_eq!(r, reference_of(id), "deterministic");
        assert_ne!(r, reference_of("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633c"));
        // By hand: the top 50 bits of the digest.
        let digest = Sha256::digest([REFERENCE_PREFIX, id.as_bytes()].concat());
        let top = u64::from_be_bytes(digest[..8].try_into().unwrap()) >> 14;
        assert_eq!(r, encode_reference(top));
    }

    #[test]
    fn spread_over_the_alphabet() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..2000u32 {
            let r = reference_of(&format!("00000000-0000-4000-8000-{i:012x}"));
            assert!(is_reference(&r));
            seen.insert(r);
        }
        assert_eq!(seen.len(), 2000, "no clash among 2,000 ids");
    }
}
