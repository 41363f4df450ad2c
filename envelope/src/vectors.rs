//! Official known-answer vectors (RFC 9180, draft-ietf-hpke-pq, X-Wing KEM) run through this
//! crate's own HPKE glue (`crate::crypto`), the same functions `seal` and `open` use.
//!
//! The vectors are part of the repository, in `envelope/testdata/hpke/` (copied unchanged from
//! the official sources its `README.md` names); `SHA256SUMS` there holds their checksums, which
//! `vector_files_match_sha256sums` checks, so a damaged copy fails rather than testing nothing.

use std::path::PathBuf;

use hpke::Kem as KemTrait;
use serde_json::Value;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::crypto::{self, PreDrawnRng, X25519Kem, XWingKem};
use crate::{Kem, SecretKey};

/// The vector files every test here relies on; `SHA256SUMS` must list exactly these.
const VECTOR_FILES: [&str; 3] = [
    "hpke_pq_xwing.json",
    "rfc9180_x25519.json",
    "xwing_kem.json",
];

fn vector_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/hpke");
    assert!(
        dir.join("SHA256SUMS").is_file(),
        "HPKE test vectors missing: expected {} (envelope/testdata/hpke in the repository)",
        dir.display()
    );
    dir
}

fn read(name: &str) -> Vec<u8> {
    let path = vector_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `SHA256SUMS` as (file name, lowercase hex digest), in file order.
fn sha256sums() -> Vec<(String, String)> {
    let text = String::from_utf8(read("SHA256SUMS")).expect("SHA256SUMS is UTF-8");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            // sha256sum's format: 64 hex digits, a space, a space or `*` (binary mode), the name.
            let (digest, rest) = l
                .split_once(' ')
                .unwrap_or_else(|| panic!("malformed SHA256SUMS line: {l:?}"));
            let name = rest.strip_prefix([' ', '*']).unwrap_or(rest);
            assert!(
                digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()),
                "malformed digest in SHA256SUMS line: {l:?}"
            );
            (name.to_owned(), digest.to_ascii_lowercase())
        })
        .collect()
}

#[test]
fn vector_files_match_sha256sums() {
    let sums = sha256sums();
    let mut listed: Vec<&str> = sums.iter().map(|(n, _)| n.as_str()).collect();
    listed.sort_unstable();
    assert_eq!(
        listed, VECTOR_FILES,
        "SHA256SUMS must list exactly the vector files"
    );
    // No other file sits beside them unchecked (the README and these sidecar files aside).
    for entry in std::fs::read_dir(vector_dir()).expect("list the vector folder") {
        let name = entry.expect("vector folder entry").file_name();
        let name = name.to_string_lossy();
        assert!(
            matches!(&*name, "README.md" | "SHA256SUMS" | ".gitattributes")
                || listed.contains(&&*name),
            "{name} in the vector folder is not covered by SHA256SUMS"
        );
    }
    for (name, expected) in &sums {
        let actual = hex::encode(Sha256::digest(read(name)));
        assert_eq!(
            &actual, expected,
            "{name}: SHA-256 differs from SHA256SUMS (corrupted or modified copy)"
        );
    }
}

fn load(name: &str) -> Vec<Value> {
    serde_json::from_slice(&read(name)).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

fn hx(v: &Value, field: &str) -> Vec<u8> {
    let s = v
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("vector lacks string field {field}"));
    hex::decode(s).unwrap_or_else(|e| panic!("field {field} is not hex: {e}"))
}

fn num(v: &Value, field: &str) -> u64 {
    v.get(field)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("vector lacks numeric field {field}"))
}

fn arr32(b: &[u8]) -> [u8; 32] {
    b.try_into().expect("32-byte value")
}

fn rng_from(bytes: Vec<u8>) -> PreDrawnRng {
    PreDrawnRng::new(Zeroizing::new(bytes))
}

fn clamp(mut sk: [u8; 32]) -> [u8; 32] {
    sk[0] &= 248;
    sk[31] &= 127;
    sk[31] |= 64;
    sk
}

/// Runs one base-mode HPKE vector: key derivation, deterministic encapsulation, every
/// encryption (sender and receiver, in sequence) and every export.
fn run_hpke_vector<K: KemTrait>(v: &Value, kem: Kem) -> usize {
    assert_eq!(num(v, "mode"), 0, "base mode only");
    let info = hx(v, "info");
    let sk_rm = arr32(&hx(v, "skRm"));
    let pk_rm = hx(v, "pkRm");

    // DeriveKeyPair(ikmR)
    let (sk, pk) = crypto::derive_keypair::<K>(&hx(v, "ikmR"));
    let expected_sk = match kem {
        Kem::X25519 => clamp(sk_rm),
        Kem::XWing => sk_rm,
    };
    assert_eq!(sk.as_slice(), expected_sk.as_slice(), "derived skRm");
    assert_eq!(pk, pk_rm, "derived pkRm");
    // The crate's SecretKey path gives the same public key.
    assert_eq!(SecretKey::from_bytes(sk_rm).public_key(kem).unwrap(), pk_rm);

    // Encap with the vector's ephemeral randomness.
    let mut rng = rng_from(hx(v, "ikmE"));
    let (enc, mut sender) = crypto::setup_sender::<K>(&pk_rm, &info, &mut rng).unwrap();
    assert!(
        rng.ok(),
        "encapsulation consumed more randomness than the vector's ikmE"
    );
    assert_eq!(enc, hx(v, "enc"), "enc");
    assert_eq!(enc.len(), kem.enc_len());

    let mut receiver = crypto::setup_receiver::<K>(&sk_rm, &enc, &info).unwrap();
    let encryptions = v
        .get("encryptions")
        .and_then(Value::as_array)
        .expect("encryptions");
    for (i, e) in encryptions.iter().enumerate() {
        let (aad, pt, ct) = (hx(e, "aad"), hx(e, "pt"), hx(e, "ct"));
        assert_eq!(sender.seal(&pt, &aad).unwrap(), ct, "seal #{i}");
        assert_eq!(receiver.open(&ct, &aad).unwrap(), pt, "open #{i}");
    }
    let exports = v.get("exports").and_then(Value::as_array).expect("exports");
    for (i, x) in exports.iter().enumerate() {
        let len = usize::try_from(num(x, "L")).unwrap();
        let mut out = vec![0u8; len];
        receiver
            .export(&hx(x, "exporter_context"), &mut out)
            .unwrap();
        assert_eq!(out, hx(x, "exported_value"), "receiver export #{i}");
        let mut out2 = vec![0u8; len];
        sender
            .export(&hx(x, "exporter_context"), &mut out2)
            .unwrap();
        assert_eq!(out2, out, "sender export #{i}");
    }
    // A wrong receiver key does not open the first ciphertext.
    let mut wrong = sk_rm;
    wrong[5] ^= 1;
    if let (Ok(mut r), Some(first)) = (
        crypto::setup_receiver::<K>(&wrong, &enc, &info),
        encryptions.first(),
    ) {
        assert!(r.open(&hx(first, "ct"), &hx(first, "aad")).is_err());
    }
    encryptions.len()
}

fn supported_suite(v: &Value, kem_id: u16) -> bool {
    num(v, "kem_id") == u64::from(kem_id) && num(v, "kdf_id") == 1 && num(v, "aead_id") == 3
}

#[test]
fn rfc9180_x25519_chacha_vectors() {
    let all = load("rfc9180_x25519.json");
    let mut ran = 0;
    for v in all.iter().filter(|v| supported_suite(v, 0x0020)) {
        let n = run_hpke_vector::<X25519Kem>(v, Kem::X25519);
        assert_eq!(n, 257);
        ran += 1;
    }
    assert_eq!(
        ran, 1,
        "expected exactly one X25519/HKDF-SHA256/ChaCha20-Poly1305 base entry"
    );
}

#[test]
fn hpke_pq_xwing_vectors() {
    let all = load("hpke_pq_xwing.json");
    let mut ran = 0;
    for v in all.iter().filter(|v| supported_suite(v, 0x647A)) {
        let n = run_hpke_vector::<XWingKem>(v, Kem::XWing);
        assert!(n >= 1);
        ran += 1;
    }
    assert_eq!(
        ran, 1,
        "expected exactly one X-Wing/HKDF-SHA256/ChaCha20-Poly1305 base entry"
    );
}

#[test]
fn xwing_kem_vectors() {
    let all = load("xwing_kem.json");
    assert!(!all.is_empty());
    for (i, v) in all.iter().enumerate() {
        let seed = arr32(&hx(v, "seed"));
        assert_eq!(hx(v, "sk"), seed.to_vec(), "#{i}: sk is the seed");
        let sk = SecretKey::from_bytes(seed);
        let pk = sk.public_key(Kem::XWing).unwrap();
        assert_eq!(pk, hx(v, "pk"), "#{i}: pk");
        let mut rng = rng_from(hx(v, "eseed"));
        let (ss, ct) = crypto::kem_encap::<XWingKem>(&pk, &mut rng).unwrap();
        assert!(rng.ok());
        assert_eq!(ct, hx(v, "ct"), "#{i}: ct");
        assert_eq!(ss, hx(v, "ss"), "#{i}: ss");
        assert_eq!(
            crypto::kem_decap::<XWingKem>(&seed, &hx(v, "ct")).unwrap(),
            hx(v, "ss"),
            "#{i}: decap"
        );
    }
}
