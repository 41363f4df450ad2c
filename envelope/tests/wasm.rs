#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Sealing and opening inside WebAssembly (run under Node by wasm-bindgen-test-runner):
//! `cargo test -p envelope --target wasm32-unknown-unknown`. Exercises getrandom's `wasm_js`
//! backend (crypto.getRandomValues) for keys, submission ids and encapsulation randomness.

use envelope::{
    EnvelopeError, Kem, Meta, generate_keypair_os, new_submission_id, open, parse_header, seal,
};
use wasm_bindgen_test::wasm_bindgen_test;

const RECORD: &[u8] =
    br#"{"surname":"ERIKSSON","givenNames":"ANNA MARIA","documentNumber":"L898902C3"}"#;

fn round_trip(kem: Kem) {
    let (sk, cfg) = generate_keypair_os(kem).unwrap();
    cfg.validate().unwrap();
    let meta = Meta::new(new_submission_id().unwrap(), "2025-11-26T17:29:00Z", 1);
    let env = seal(&cfg, &meta, RECORD).unwrap();
    let h = parse_header(&env).unwrap();
    assert_eq!(h.kem, kem.id());
    assert_eq!(env.len(), h.header_len + kem.enc_len() + 4096 + 16);
    let opened = open(&sk, &env).unwrap();
    assert_eq!(opened.record_json, RECORD);
    assert_eq!(opened.header.meta, meta);
    // OS randomness really is random here: two seals differ.
    assert_ne!(env, seal(&cfg, &meta, RECORD).unwrap());
    let mut bad = env.clone();
    bad[h.header_len + 7] ^= 1;
    assert_eq!(open(&sk, &bad).unwrap_err(), EnvelopeError::Decrypt);
}

#[wasm_bindgen_test]
fn seal_and_open_xwing_in_wasm() {
    round_trip(Kem::XWing);
}

#[wasm_bindgen_test]
fn seal_and_open_x25519_in_wasm() {
    round_trip(Kem::X25519);
}

#[wasm_bindgen_test]
fn documented_example_opens_in_wasm() {
    let examples: serde_json::Value =
        serde_json::from_str(include_str!("../testdata/examples.json")).unwrap();
    for ex in examples.as_array().unwrap() {
        let sk = envelope::SecretKey::from_base64(ex["secretKey"].as_str().unwrap()).unwrap();
        let env = hex::decode(ex["envelope"].as_str().unwrap()).unwrap();
        let opened = open(&sk, &env).unwrap();
        assert_eq!(
            opened.record_json,
            ex["record"].as_str().unwrap().as_bytes()
        );
    }
}
