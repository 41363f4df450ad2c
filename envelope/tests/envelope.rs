#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(not(target_arch = "wasm32"))]
//! Behaviour of the public API: round trips, tamper detection, every error kind.

use envelope::rand_core::{TryCryptoRng, TryRng};
use envelope::*;

/// Deterministic test RNG (SplitMix64); never use outside tests.
struct TestRng(u64);
impl TryRng for TestRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}
impl TryCryptoRng for TestRng {}

fn meta() -> Meta {
    Meta::new(
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        "2025-11-26T17:29:00.250Z",
        1,
    )
}

const RECORD: &[u8] = br#"{"surname":"ERIKSSON","givenNames":"ANNA MARIA","documentNumber":"L898902C3","nationality":"UTO"}"#;

fn keys(kem: Kem, seed: u64) -> (SecretKey, PublicKeyConfig) {
    generate_keypair(kem, &mut TestRng(seed))
}

#[test]
fn round_trip_both_suites() {
    for kem in [Kem::XWing, Kem::X25519] {
        let (sk, cfg) = keys(kem, 1);
        cfg.validate().unwrap();
        let env = seal(&cfg, &meta(), RECORD).unwrap();
        let h = parse_header(&env).unwrap();
        assert_eq!(h.version, 1);
        assert_eq!(h.suite(), kem.suite());
        assert_eq!(h.kem, kem.id());
        assert_eq!((h.kdf, h.aead), (0x0001, 0x0003));
        assert_eq!(h.key_id, cfg.key_id().unwrap());
        assert_eq!(h.kid_hex(), cfg.kid);
        assert_eq!(h.meta, meta());
        assert_eq!(h.enc_len, kem.enc_len());
        assert_eq!(env.len(), h.header_len + h.enc_len + PAD_BLOCK + TAG_LEN);
        let opened = open(&sk, &env).unwrap();
        assert_eq!(opened.record_json, RECORD);
        assert_eq!(opened.header, h);
        // Randomized: sealing twice gives different envelopes that both open.
        let env2 = seal(&cfg, &meta(), RECORD).unwrap();
        assert_ne!(env, env2);
        assert_eq!(open(&sk, &env2).unwrap().record_json, RECORD);
    }
}

#[test]
fn sizes_are_fixed_per_suite_and_reveal_only_the_block_count() {
    let (_, cfg) = keys(Kem::XWing, 2);
    let header_len = parse_header(&seal(&cfg, &meta(), b"1").unwrap())
        .unwrap()
        .header_len;
    for (len, blocks) in [
        (1usize, 1usize),
        (100, 1),
        (4092, 1),
        (4093, 2),
        (8188, 2),
        (8189, 3),
    ] {
        let rec = if len == 1 {
            "1".to_string()
        } else {
            format!("\"{}\"", "x".repeat(len - 2))
        };
        assert_eq!(rec.len(), len);
        let env = seal(&cfg, &meta(), rec.as_bytes()).unwrap();
        assert_eq!(
            env.len(),
            header_len + 1120 + blocks * PAD_BLOCK + 16,
            "record {len}"
        );
    }
}

#[test]
fn max_record_fits_and_one_more_byte_is_a_clear_error() {
    let (sk, cfg) = keys(Kem::X25519, 3);
    let rec = format!("\"{}\"", "y".repeat(MAX_RECORD_LEN - 2));
    let env = seal(&cfg, &meta(), rec.as_bytes()).unwrap();
    let h = parse_header(&env).unwrap();
    assert_eq!(env.len() - h.header_len - h.enc_len, MAX_CIPHERTEXT_LEN);
    assert_eq!(MAX_CIPHERTEXT_LEN, 9 * 4096 + 16);
    assert_eq!(open(&sk, &env).unwrap().record_json, rec.as_bytes());

    let big = format!("\"{}\"", "y".repeat(MAX_RECORD_LEN - 1));
    let err = seal(&cfg, &meta(), big.as_bytes()).unwrap_err();
    assert_eq!(
        err,
        EnvelopeError::RecordTooLarge {
            len: MAX_RECORD_LEN + 1,
            max: MAX_RECORD_LEN
        }
    );
    assert_eq!(err.code(), "envelope.record_too_large");
    assert!(err.to_string().contains("32768"));
}

/// Flips every byte of an envelope in turn; each variant must be rejected, with an error that
/// fits the region the byte belongs to.
fn flip_every_byte(kem: Kem) -> usize {
    let (sk, cfg) = keys(kem, 4);
    let env = seal(&cfg, &meta(), RECORD).unwrap();
    let h = parse_header(&env).unwrap();
    let meta_start = FIXED_HEADER_LEN;
    let mut tampered = env.clone();
    for i in 0..env.len() {
        tampered[i] ^= 0x01;
        let err = open(&sk, &tampered).expect_err("tampered envelope opened");
        let ok = match i {
            0 => err == EnvelopeError::Version(0),
            1..=8 => err == EnvelopeError::KeyIdMismatch,
            9..=14 => matches!(err, EnvelopeError::UnknownSuite { .. }),
            15..=16 => matches!(
                err,
                EnvelopeError::Meta(_)
                    | EnvelopeError::Truncated
                    | EnvelopeError::CiphertextLength { .. }
            ),
            // A flip inside meta either breaks the JSON / a field, or keeps it valid and is
            // caught by HPKE because the header is bound into `info`.
            _ if i < h.header_len && i >= meta_start => {
                matches!(err, EnvelopeError::Meta(_) | EnvelopeError::Decrypt)
            }
            _ => err == EnvelopeError::Decrypt,
        };
        assert!(ok, "byte {i}: unexpected {err:?}");
        tampered[i] ^= 0x01;
    }
    assert_eq!(tampered, env);
    env.len()
}

#[test]
fn every_byte_flipped_is_rejected_x25519() {
    assert!(flip_every_byte(Kem::X25519) > 4096);
}

#[test]
fn every_byte_flipped_is_rejected_xwing() {
    assert!(flip_every_byte(Kem::XWing) > 5000);
}

#[test]
fn wrong_key_is_key_id_mismatch() {
    for kem in [Kem::XWing, Kem::X25519] {
        let (_, cfg) = keys(kem, 5);
        let (other, _) = keys(kem, 6);
        let env = seal(&cfg, &meta(), RECORD).unwrap();
        let err = open(&other, &env).unwrap_err();
        assert_eq!(err, EnvelopeError::KeyIdMismatch);
        assert_eq!(err.code(), "envelope.key_id_mismatch");
    }
    // Same 32 secret bytes, other suite: still a different key.
    let (sk, cfg) = keys(Kem::X25519, 7);
    let env = seal(&cfg, &meta(), RECORD).unwrap();
    assert_ne!(
        sk.key_id(Kem::XWing).unwrap(),
        sk.key_id(Kem::X25519).unwrap()
    );
    assert_eq!(open(&sk, &env).unwrap().record_json, RECORD);
}

#[test]
fn right_key_id_but_wrong_secret_fails_decryption() {
    // Forge the key id of a victim key onto an envelope sealed to another key: the key-id check
    // passes for the victim, HPKE does not.
    let (victim, victim_cfg) = keys(Kem::X25519, 8);
    let (_, other_cfg) = keys(Kem::X25519, 9);
    let mut env = seal(&other_cfg, &meta(), RECORD).unwrap();
    env[1..9].copy_from_slice(&victim_cfg.key_id().unwrap());
    assert_eq!(open(&victim, &env).unwrap_err(), EnvelopeError::Decrypt);
}

#[test]
fn unknown_key_id_with_a_keyring() {
    let (a, _) = keys(Kem::XWing, 10);
    let (b, _) = keys(Kem::XWing, 11);
    let (c, c_cfg) = keys(Kem::XWing, 12);
    let env = seal(&c_cfg, &meta(), RECORD).unwrap();
    let err = open_with_any(&[a.clone(), b.clone()], &env).unwrap_err();
    assert_eq!(err, EnvelopeError::UnknownKeyId);
    assert_eq!(err.code(), "envelope.unknown_key_id");
    assert_eq!(open_with_any(&[a, c, b], &env).unwrap().record_json, RECORD);
}

#[test]
fn every_truncation_is_truncated_and_extension_is_ciphertext_length() {
    for kem in [Kem::X25519, Kem::XWing] {
        let (sk, cfg) = keys(kem, 13);
        let env = seal(&cfg, &meta(), RECORD).unwrap();
        for cut in 0..env.len() {
            assert_eq!(
                parse_header(&env[..cut]).unwrap_err(),
                EnvelopeError::Truncated,
                "{kem:?} cut at {cut}"
            );
        }
        assert_eq!(
            open(&sk, &env[..env.len() - 1]).unwrap_err(),
            EnvelopeError::Truncated
        );
        let mut longer = env.clone();
        longer.push(0);
        assert_eq!(
            open(&sk, &longer).unwrap_err(),
            EnvelopeError::CiphertextLength { len: 4096 + 16 + 1 }
        );
        // Two-block envelope cut by one byte: misaligned, not short.
        let rec = format!("\"{}\"", "z".repeat(5000));
        let env2 = seal(&cfg, &meta(), rec.as_bytes()).unwrap();
        assert!(matches!(
            parse_header(&env2[..env2.len() - 1]).unwrap_err(),
            EnvelopeError::CiphertextLength { .. }
        ));
        // Ten blocks: larger than any valid envelope.
        let h = parse_header(&env2).unwrap();
        let mut huge = env2[..h.header_len + h.enc_len].to_vec();
        huge.resize(huge.len() + 10 * PAD_BLOCK + TAG_LEN, 0);
        assert_eq!(
            parse_header(&huge).unwrap_err(),
            EnvelopeError::CiphertextLength {
                len: 10 * PAD_BLOCK + TAG_LEN
            }
        );
    }
}

#[test]
fn header_errors() {
    let (sk, cfg) = keys(Kem::X25519, 14);
    let env = seal(&cfg, &meta(), RECORD).unwrap();

    let mut v2 = env.clone();
    v2[0] = 2;
    assert_eq!(open(&sk, &v2).unwrap_err(), EnvelopeError::Version(2));
    assert_eq!(parse_header(&[0u8]).unwrap_err(), EnvelopeError::Version(0));
    assert_eq!(parse_header(&[]).unwrap_err(), EnvelopeError::Truncated);

    let mut shake = env.clone();
    shake[11..13].copy_from_slice(&0x0011u16.to_be_bytes());
    assert_eq!(
        parse_header(&shake).unwrap_err(),
        EnvelopeError::UnknownSuite {
            kem: 0x0020,
            kdf: 0x0011,
            aead: 0x0003
        }
    );
    // X25519 with the X-Wing id: the enc length no longer fits the 16 + k·4096 rule.
    let mut relabel = env.clone();
    relabel[9..11].copy_from_slice(&0x647Au16.to_be_bytes());
    assert!(parse_header(&relabel).is_err());

    let mut long_meta = env.clone();
    long_meta[15..17].copy_from_slice(&2000u16.to_be_bytes());
    assert!(
        matches!(parse_header(&long_meta).unwrap_err(), EnvelopeError::Meta(m) if m.contains("2000"))
    );
}

#[test]
fn meta_is_validated_on_seal() {
    let (_, cfg) = keys(Kem::X25519, 15);
    for bad in [
        Meta::new("not-a-uuid", "2025-11-26T17:29:00Z", 1),
        Meta::new(
            "0F8FAD5B-D9CB-469F-A165-70867728950E",
            "2025-11-26T17:29:00Z",
            1,
        ),
        Meta::new(
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "2025-11-26T17:29:00+01:00",
            1,
        ),
        Meta::new(
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "2025-02-30T17:29:00Z",
            1,
        ),
    ] {
        let err = seal(&cfg, &bad, RECORD).unwrap_err();
        assert!(matches!(err, EnvelopeError::Meta(_)), "{bad:?}: {err:?}");
        assert_eq!(err.code(), "envelope.meta");
    }
}

#[test]
fn record_must_be_json_on_seal() {
    let (_, cfg) = keys(Kem::X25519, 16);
    for bad in [&b""[..], b"{", b"hello", b"\xff\"\"", b"{} {}"] {
        assert!(matches!(
            seal(&cfg, &meta(), bad),
            Err(EnvelopeError::Record(_))
        ));
    }
}

#[test]
fn key_config_validation() {
    let (sk, cfg) = keys(Kem::XWing, 17);
    let json = serde_json::to_value(&cfg).unwrap();
    let obj = json.as_object().unwrap();
    let mut names: Vec<_> = obj.keys().cloned().collect();
    names.sort();
    assert_eq!(names, ["aead", "kdf", "kem", "kid", "publicKey"]);
    assert_eq!(obj["kem"], 0x647A);
    assert_eq!(cfg.kid.len(), 16);
    assert!(
        cfg.kid
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    let back: PublicKeyConfig = serde_json::from_value(json).unwrap();
    assert_eq!(back, cfg);
    assert_eq!(sk.public_config(Kem::XWing), cfg);

    let bad_kid = PublicKeyConfig {
        kid: "0000000000000000".into(),
        ..cfg.clone()
    };
    assert!(matches!(bad_kid.validate(), Err(EnvelopeError::BadKey(m)) if m.contains("kid")));
    assert!(matches!(bad_kid.validate_id(), Err(EnvelopeError::BadKey(m)) if m.contains("kid")));
    cfg.validate_id().unwrap();
    assert!(matches!(
        seal(&bad_kid, &meta(), RECORD),
        Err(EnvelopeError::BadKey(_))
    ));
    let upper_kid = PublicKeyConfig {
        kid: cfg.kid.to_uppercase(),
        ..cfg.clone()
    };
    assert!(upper_kid.validate().is_err());
    assert!(upper_kid.validate_id().is_err());

    let bad_b64 = PublicKeyConfig {
        public_key: "***".into(),
        ..cfg.clone()
    };
    assert!(matches!(bad_b64.validate(), Err(EnvelopeError::BadKey(_))));
    assert!(matches!(
        bad_b64.validate_id(),
        Err(EnvelopeError::BadKey(_))
    ));
    assert!(matches!(bad_b64.key_id(), Err(EnvelopeError::BadKey(_))));

    // An X25519-length key labelled X-Wing.
    let (_, x_cfg) = keys(Kem::X25519, 18);
    let mislabelled = PublicKeyConfig {
        kem: 0x647A,
        ..x_cfg.clone()
    };
    assert!(matches!(mislabelled.validate(), Err(EnvelopeError::BadKey(m)) if m.contains("1216")));
    assert!(
        matches!(mislabelled.validate_id(), Err(EnvelopeError::BadKey(m)) if m.contains("1216"))
    );
    let unknown_kem = PublicKeyConfig {
        kem: 0x0010,
        ..x_cfg.clone()
    };
    assert!(unknown_kem.validate_id().is_err());

    // Never negotiated down: a config naming another AEAD is refused, not "fixed".
    let aes = PublicKeyConfig {
        aead: 0x0001,
        ..x_cfg
    };
    assert_eq!(
        seal(&aes, &meta(), RECORD).unwrap_err(),
        EnvelopeError::UnknownSuite {
            kem: 0x0020,
            kdf: 1,
            aead: 1
        }
    );
}

#[test]
fn secret_key_encoding() {
    let (sk, _) = keys(Kem::X25519, 19);
    let b64 = sk.to_base64();
    assert_eq!(b64.len(), 44);
    let back = SecretKey::from_base64(&format!("  {b64}\n")).unwrap();
    assert_eq!(back.as_bytes(), sk.as_bytes());
    assert!(matches!(
        SecretKey::from_base64("AAAA"),
        Err(EnvelopeError::BadKey(_))
    ));
    assert!(matches!(
        SecretKey::from_base64("%%%"),
        Err(EnvelopeError::BadKey(_))
    ));
    assert_eq!(format!("{sk:?}"), "SecretKey(<redacted>)");
}

#[test]
fn os_keygen_and_submission_ids() {
    let (sk, cfg) = generate_keypair_os(Kem::XWing).unwrap();
    cfg.validate().unwrap();
    let env = seal(
        &cfg,
        &Meta::new(new_submission_id().unwrap(), "2025-01-01T00:00:00Z", 7),
        b"[]",
    )
    .unwrap();
    let opened = open(&sk, &env).unwrap();
    assert_eq!(opened.header.meta.schema, 7);
    assert_ne!(new_submission_id().unwrap(), new_submission_id().unwrap());
    let id = new_submission_id_with_rng(&mut TestRng(1));
    assert_eq!(id, new_submission_id_with_rng(&mut TestRng(1)));
    assert_eq!(&id[14..15], "4");
}

#[test]
fn error_codes_are_distinct_and_namespaced() {
    let all = [
        EnvelopeError::Truncated,
        EnvelopeError::Version(9),
        EnvelopeError::UnknownSuite {
            kem: 1,
            kdf: 2,
            aead: 3,
        },
        EnvelopeError::Meta("m".into()),
        EnvelopeError::CiphertextLength { len: 1 },
        EnvelopeError::KeyIdMismatch,
        EnvelopeError::UnknownKeyId,
        EnvelopeError::Decrypt,
        EnvelopeError::Padding,
        EnvelopeError::RecordTooLarge { len: 2, max: 1 },
        EnvelopeError::Record("r".into()),
        EnvelopeError::BadKey("k".into()),
        EnvelopeError::Random("x".into()),
    ];
    let mut codes: Vec<_> = all.iter().map(EnvelopeError::code).collect();
    assert!(codes.iter().all(|c| c.starts_with("envelope.")));
    assert!(all.iter().all(|e| !e.to_string().is_empty()));
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all.len());
}
