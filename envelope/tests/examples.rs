#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(not(target_arch = "wasm32"))]
//! The worked examples of docs/envelope.md, stored in `testdata/examples.json`: fixed secret key,
//! fixed encapsulation randomness, so the envelope bytes are reproducible. This test re-seals
//! them byte for byte, opens them, and checks the documented offsets.
//!
//! Regenerate (only when the format changes, which means a new version):
//! `ENVELOPE_REGENERATE_EXAMPLES=1 cargo test -p envelope --test examples`.

use std::path::PathBuf;

use envelope::rand_core::{TryCryptoRng, TryRng};
use envelope::*;
use serde_json::{Value, json};

/// Replays fixed bytes; panics if asked for more (tests only).
struct Replay(Vec<u8>, usize);
impl TryRng for Replay {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.copy_from_slice(&self.0[self.1..self.1 + dst.len()]);
        self.1 += dst.len();
        Ok(())
    }
}
impl TryCryptoRng for Replay {}

const RECORD: &str = r#"{"schema":1,"surname":"ERIKSSON","givenNames":"ANNA MARIA","documentNumber":"L898902C3","nationality":"UTO","dateOfBirth":"1974-08-12"}"#;

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/examples.json")
}

fn make(name: &str, kem: Kem) -> Value {
    let secret: [u8; 32] = core::array::from_fn(|i| i as u8);
    let sk = SecretKey::from_bytes(secret);
    let cfg = sk.public_config(kem);
    let randomness: Vec<u8> = (0..match kem {
        Kem::XWing => 64u8,
        Kem::X25519 => 32,
    })
        .map(|i| 0x80 + i)
        .collect();
    let meta = Meta::new(
        "6f1c2d3e-4b5a-4c6d-8e7f-90a1b2c3d4e5",
        "2025-11-26T17:29:00Z",
        1,
    );
    let mut rng = Replay(randomness.clone(), 0);
    let env = seal_with_rng(&cfg, &meta, RECORD.as_bytes(), &mut rng).unwrap();
    assert_eq!(rng.1, randomness.len(), "all encapsulation randomness used");
    let h = parse_header(&env).unwrap();
    json!({
        "name": name,
        "secretKey": sk.to_base64(),
        "config": cfg,
        "meta": meta,
        "record": RECORD,
        "encRandomness": hex::encode(&randomness),
        "headerLen": h.header_len,
        "encLen": h.enc_len,
        "ciphertextLen": env.len() - h.header_len - h.enc_len,
        "envelopeLen": env.len(),
        "header": hex::encode(&env[..h.header_len]),
        "info": hex::encode([INFO_PREFIX, &env[..h.header_len]].concat()),
        "envelope": hex::encode(&env),
    })
}

#[test]
fn documented_examples_reproduce_and_open() {
    let fresh = vec![make("x25519", Kem::X25519), make("xwing", Kem::XWing)];
    if std::env::var("ENVELOPE_REGENERATE_EXAMPLES").as_deref() == Ok("1") {
        std::fs::create_dir_all(path().parent().unwrap()).unwrap();
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let stored: Vec<Value> = serde_json::from_slice(&std::fs::read(path()).unwrap()).unwrap();
    assert_eq!(
        stored, fresh,
        "seal is no longer byte-for-byte reproducible"
    );

    for ex in &stored {
        let sk = SecretKey::from_base64(ex["secretKey"].as_str().unwrap()).unwrap();
        let env = hex::decode(ex["envelope"].as_str().unwrap()).unwrap();
        let opened = open(&sk, &env).unwrap();
        assert_eq!(opened.record_json, RECORD.as_bytes());
        // Documented offsets.
        let cfg: PublicKeyConfig = serde_json::from_value(ex["config"].clone()).unwrap();
        assert_eq!(env[0], 1);
        assert_eq!(env[1..9], cfg.key_id().unwrap());
        assert_eq!(u16::from_be_bytes([env[9], env[10]]), cfg.kem);
        assert_eq!(u16::from_be_bytes([env[11], env[12]]), 0x0001);
        assert_eq!(u16::from_be_bytes([env[13], env[14]]), 0x0003);
        let meta_len = usize::from(u16::from_be_bytes([env[15], env[16]]));
        assert_eq!(17 + meta_len, opened.header.header_len);
        assert_eq!(
            &env[17..17 + meta_len],
            br#"{"submissionId":"6f1c2d3e-4b5a-4c6d-8e7f-90a1b2c3d4e5","createdAt":"2025-11-26T17:29:00Z","schema":1}"#
        );
        assert_eq!(env.len(), 17 + meta_len + opened.header.enc_len + 4096 + 16);
    }
}

#[test]
fn spec_page_matches_the_implementation() {
    let doc = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/envelope.md"),
    )
    .expect("docs/envelope.md");
    let stored: Vec<Value> = serde_json::from_slice(&std::fs::read(path()).unwrap()).unwrap();
    for ex in &stored {
        let kid = ex["config"]["kid"].as_str().unwrap();
        assert!(doc.contains(kid), "doc lacks example kid {kid}");
        let total = ex["envelopeLen"].as_u64().unwrap().to_string();
        assert!(doc.contains(&total), "doc lacks example size {total}");
    }
    let x = &stored[0];
    assert!(doc.contains(x["config"]["publicKey"].as_str().unwrap()));
    let env = x["envelope"].as_str().unwrap();
    assert!(
        doc.contains(&env[env.len() - 32..]),
        "doc lacks the X25519 example tag"
    );
    let prefix_hex: Vec<String> = INFO_PREFIX.iter().map(|b| format!("{b:02x}")).collect();
    assert!(
        doc.contains(&prefix_hex.join(" ")),
        "doc lacks INFO_PREFIX bytes"
    );
    assert!(doc.contains(&hex::encode(INFO_PREFIX)));
    for (what, value) in [
        ("record cap", MAX_RECORD_LEN),
        ("max ciphertext", MAX_CIPHERTEXT_LEN),
        ("min ciphertext", MIN_CIPHERTEXT_LEN),
        ("max meta", MAX_META_LEN),
        (
            "max envelope",
            FIXED_HEADER_LEN + MAX_META_LEN + 1120 + MAX_CIPHERTEXT_LEN,
        ),
    ] {
        assert!(doc.contains(&value.to_string()), "doc lacks {what} {value}");
    }
    for code in [
        "envelope.truncated",
        "envelope.version",
        "envelope.unknown_suite",
        "envelope.meta",
        "envelope.ciphertext_length",
        "envelope.key_id_mismatch",
        "envelope.unknown_key_id",
        "envelope.decrypt",
        "envelope.padding",
        "envelope.record_too_large",
        "envelope.record",
        "envelope.bad_key",
        "envelope.random",
    ] {
        assert!(
            doc.contains(&format!("`{code}`")),
            "doc lacks error code {code}"
        );
    }
}
