//! Unit tests that need to craft envelopes the public API refuses to make (bad padding,
//! oversize or non-JSON records inside a valid HPKE ciphertext).

use super::*;
use crate::keys::uuid_v4_from;

fn meta() -> Meta {
    Meta::new(
        "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b",
        "2025-11-26T17:29:00Z",
        1,
    )
}

/// Seals an arbitrary (already "padded") plaintext with a correct header.
fn seal_raw(kem: Kem, sk: &SecretKey, plaintext: &[u8]) -> Vec<u8> {
    let pk = sk.public_key(kem).unwrap();
    let header = build_header(kem, &pk, &meta().to_json().unwrap()).unwrap();
    let mut rng = crypto::PreDrawnRng::new(Zeroizing::new(vec![7u8; 64]));
    seal_plaintext(kem, &pk, header, plaintext, &mut rng).unwrap()
}

fn plaintext(len_field: u32, record: &[u8], total: usize) -> Vec<u8> {
    let mut p = vec![0u8; total];
    p[..4].copy_from_slice(&len_field.to_be_bytes());
    p[4..4 + record.len()].copy_from_slice(record);
    p
}

#[test]
fn crafted_good_plaintext_opens() {
    for kem in [Kem::X25519, Kem::XWing] {
        let sk = SecretKey::from_bytes([3u8; 32]);
        let env = seal_raw(kem, &sk, &plaintext(2, b"{}", PAD_BLOCK));
        assert_eq!(open(&sk, &env).unwrap().record_json, b"{}");
    }
}

#[test]
fn padding_errors() {
    let kem = Kem::X25519;
    let sk = SecretKey::from_bytes([3u8; 32]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("non-zero padding byte", {
            let mut p = plaintext(2, b"{}", PAD_BLOCK);
            p[PAD_BLOCK - 1] = 1;
            p
        }),
        ("non-zero byte right after the record", {
            let mut p = plaintext(2, b"{}", PAD_BLOCK);
            p[6] = b' ';
            p
        }),
        ("length beyond plaintext", plaintext(5000, b"{}", PAD_BLOCK)),
        ("length u32::MAX", plaintext(u32::MAX, b"{}", PAD_BLOCK)),
        (
            "padding longer than needed",
            plaintext(2, b"{}", 2 * PAD_BLOCK),
        ),
        ("length prefix one past the end of one block", {
            let rec = vec![b' '; PAD_BLOCK - 4];
            plaintext(u32::try_from(PAD_BLOCK - 3).unwrap(), &rec, PAD_BLOCK)
        }),
    ];
    for (what, p) in cases {
        let env = seal_raw(kem, &sk, &p);
        parse_header(&env).unwrap();
        assert_eq!(
            open(&sk, &env).unwrap_err(),
            EnvelopeError::Padding,
            "{what}"
        );
    }
}

#[test]
fn exact_block_fill_has_no_padding() {
    let sk = SecretKey::from_bytes([9u8; 32]);
    let rec = format!("\"{}\"", "a".repeat(PAD_BLOCK - 4 - 2));
    assert_eq!(padded_len(rec.len()), PAD_BLOCK);
    let env = seal(&sk.public_config(Kem::X25519), &meta(), rec.as_bytes()).unwrap();
    assert_eq!(
        env.len(),
        parse_header(&env).unwrap().header_len + 32 + PAD_BLOCK + TAG_LEN
    );
    assert_eq!(open(&sk, &env).unwrap().record_json, rec.as_bytes());
    // One more byte spills into a second block.
    let rec2 = format!("\"{}\"", "a".repeat(PAD_BLOCK - 4 - 1));
    let env2 = seal(&sk.public_config(Kem::X25519), &meta(), rec2.as_bytes()).unwrap();
    assert_eq!(env2.len(), env.len() + PAD_BLOCK);
}

#[test]
fn oversize_record_inside_ciphertext_is_rejected_on_open() {
    let sk = SecretKey::from_bytes([3u8; 32]);
    let len = MAX_RECORD_LEN + 1;
    let mut rec = vec![b' '; len];
    rec[0] = b'1';
    let p = plaintext(u32::try_from(len).unwrap(), &rec, padded_len(len));
    let env = seal_raw(Kem::X25519, &sk, &p);
    assert_eq!(
        open(&sk, &env).unwrap_err(),
        EnvelopeError::RecordTooLarge {
            len,
            max: MAX_RECORD_LEN
        }
    );
}

#[test]
fn non_json_record_inside_ciphertext_is_rejected_on_open() {
    let sk = SecretKey::from_bytes([3u8; 32]);
    for rec in [&b"not json"[..], b"{\"a\":1", b"\xff\xfe", b""] {
        let p = plaintext(u32::try_from(rec.len()).unwrap(), rec, PAD_BLOCK);
        let env = seal_raw(Kem::X25519, &sk, &p);
        let err = open(&sk, &env).unwrap_err();
        assert!(matches!(err, EnvelopeError::Record(_)), "{err:?}");
    }
}

#[test]
fn seal_with_fixed_rng_is_deterministic_and_rng_overrun_is_detected() {
    let sk = SecretKey::from_bytes([1u8; 32]);
    for kem in [Kem::X25519, Kem::XWing] {
        let cfg = sk.public_config(kem);
        let need = crypto::encap_randomness_len(kem);
        let mut r1 = crypto::PreDrawnRng::new(Zeroizing::new(vec![5u8; need]));
        let mut r2 = crypto::PreDrawnRng::new(Zeroizing::new(vec![5u8; need]));
        let a = seal_with_rng(&cfg, &meta(), b"{}", &mut r1).unwrap();
        let b = seal_with_rng(&cfg, &meta(), b"{}", &mut r2).unwrap();
        assert!(r1.ok() && r2.ok());
        assert_eq!(a, b);
        let mut short = crypto::PreDrawnRng::new(Zeroizing::new(vec![5u8; need - 1]));
        let _ = seal_with_rng(&cfg, &meta(), b"{}", &mut short).unwrap();
        assert!(!short.ok(), "{kem:?}: the overrun must be noticed");
    }
}

#[test]
fn uuid_from_random_bytes() {
    assert_eq!(
        uuid_v4_from([0xff; 16]),
        "ffffffff-ffff-4fff-bfff-ffffffffffff"
    );
    assert_eq!(
        uuid_v4_from([0; 16]),
        "00000000-0000-4000-8000-000000000000"
    );
    assert!(meta::is_uuid_v4(&new_submission_id().unwrap()));
}
