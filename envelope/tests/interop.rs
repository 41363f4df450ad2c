#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(not(target_arch = "wasm32"))]
//! Interoperability with an independent implementation of docs/envelope.md:
//! `tests/interop/envelope_v1.py` (pyca/cryptography >= 50 for HPKE, everything else written
//! from the spec page). Envelopes sealed here are opened there and vice versa.
//!
//! Python is looked up as `$ENVELOPE_INTEROP_PYTHON`, then `tests/interop/.venv/bin/python`, then
//! `python3`; it must import `cryptography.hazmat.primitives.hpke`. Install with
//! `python3 -m pip install -r tests/interop/requirements.txt`. Without it the test is skipped with a
//! loud message, unless `ENVELOPE_INTEROP_REQUIRED=1`, which turns the skip into a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use envelope::{Kem, Meta, SecretKey, open, parse_header, seal};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn script() -> PathBuf {
    repo_root().join("tests/interop/envelope_v1.py")
}

fn find_python() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(p) = std::env::var_os("ENVELOPE_INTEROP_PYTHON") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(repo_root().join("tests/interop/.venv/bin/python"));
    candidates.push(PathBuf::from("python3"));
    candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import cryptography.hazmat.primitives.hpke"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn python_or_skip() -> Option<PathBuf> {
    let py = find_python();
    if py.is_none() {
        let msg = "\n\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                   !!! envelope interop test SKIPPED: no Python with cryptography >= 50\n\
                   !!! (cryptography.hazmat.primitives.hpke). Install with:\n\
                   !!!   python3 -m pip install -r tests/interop/requirements.txt\n\
                   !!! or point ENVELOPE_INTEROP_PYTHON at such an interpreter.\n\
                   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n";
        assert!(
            std::env::var("ENVELOPE_INTEROP_REQUIRED").as_deref() != Ok("1"),
            "{msg}ENVELOPE_INTEROP_REQUIRED=1, so this is a failure."
        );
        eprintln!("{msg}");
    }
    py
}

struct Py(PathBuf);

impl Py {
    /// Runs the script; Ok(()) on success, Err(stderr) otherwise.
    fn run(&self, args: &[&str]) -> Result<(), String> {
        let out = Command::new(&self.0)
            .arg(script())
            .args(args)
            .output()
            .expect("run python");
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// `open --secret <secret> --in <envelope> --out <out>`, plus
    /// `--meta-out <meta_out>` when given.
    fn open(
        &self,
        secret: &Path,
        envelope: &Path,
        out: &Path,
        meta_out: Option<&Path>,
    ) -> Result<(), String> {
        let mut args = vec![
            "open",
            "--secret",
            s(secret),
            "--in",
            s(envelope),
            "--out",
            s(out),
        ];
        if let Some(meta) = meta_out {
            args.extend(["--meta-out", s(meta)]);
        }
        self.run(&args)
    }
}

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!(
        "envelope-interop-{tag}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn record(n: usize) -> Vec<u8> {
    let body = "Åsa Ñúñez ".repeat(n);
    format!(r#"{{"surname":"NÚÑEZ","note":"{body}","n":{n}}}"#).into_bytes()
}

#[test]
fn independent_python_implementation_interoperates() {
    let Some(python) = python_or_skip() else {
        return;
    };
    let py = Py(python);
    for (kem, tag) in [(Kem::XWing, "xwing"), (Kem::X25519, "x25519")] {
        let dir = temp_dir(tag);
        let (sk, cfg) = envelope::generate_keypair_os(kem).unwrap();
        let key_path = dir.join("agency.key");
        let cfg_path = dir.join("agency.json");
        std::fs::write(&key_path, sk.to_base64()).unwrap();
        std::fs::write(&cfg_path, serde_json::to_vec(&cfg).unwrap()).unwrap();
        py.run(&["check-config", "--config", s(&cfg_path)])
            .expect("python accepts our key config");

        for n in [1usize, 400, 2200] {
            let rec = record(n);
            assert!(rec.len() <= envelope::MAX_RECORD_LEN);

            // Rust seals, Python opens.
            let meta = Meta::new(
                envelope::new_submission_id().unwrap(),
                "2025-11-26T17:29:00Z",
                3,
            );
            // One of them a resubmission: the optional `replaces` member too.
            let meta = if n == 400 {
                meta.replacing(envelope::new_submission_id().unwrap())
            } else {
                meta
            };
            let env = seal(&cfg, &meta, &rec).unwrap();
            let env_path = dir.join("rust.env");
            let out_path = dir.join("python-opened.json");
            let meta_path = dir.join("python-meta.json");
            std::fs::write(&env_path, &env).unwrap();
            py.open(&key_path, &env_path, &out_path, Some(&meta_path))
                .unwrap_or_else(|e| panic!("{tag}/{n}: python failed to open our envelope: {e}"));
            assert_eq!(std::fs::read(&out_path).unwrap(), rec, "{tag}/{n}: record");
            let py_meta: Meta =
                serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
            assert_eq!(py_meta, meta, "{tag}/{n}: meta");

            // Python rejects a tampered copy.
            let mut bad = env.clone();
            *bad.last_mut().unwrap() ^= 0x80;
            std::fs::write(&env_path, &bad).unwrap();
            let err = py
                .open(&key_path, &env_path, &out_path, None)
                .expect_err("python opened a tampered envelope");
            assert!(err.contains("envelope.decrypt"), "{err}");

            // Python seals, Rust opens.
            let rec_path = dir.join("record.json");
            let py_env_path = dir.join("python.env");
            std::fs::write(&rec_path, &rec).unwrap();
            let sid = envelope::new_submission_id().unwrap();
            py.run(&[
                "seal",
                "--config",
                s(&cfg_path),
                "--record",
                s(&rec_path),
                "--out",
                s(&py_env_path),
                "--submission-id",
                &sid,
                "--created-at",
                "2025-11-26T17:29:00.123Z",
                "--schema",
                "4",
            ])
            .unwrap_or_else(|e| panic!("{tag}/{n}: python failed to seal: {e}"));
            let py_env = std::fs::read(&py_env_path).unwrap();
            let h = parse_header(&py_env).expect("python envelope parses");
            assert_eq!(h.kem, kem.id());
            let rust_h = parse_header(&env).unwrap();
            assert_eq!(
                py_env.len() - h.header_len,
                env.len() - rust_h.header_len,
                "{tag}/{n}: same enc + ciphertext sizes from both implementations"
            );
            let opened = open(&sk, &py_env).expect("rust opens the python envelope");
            assert_eq!(opened.record_json, rec);
            assert_eq!(
                opened.header.meta,
                Meta::new(sid.clone(), "2025-11-26T17:29:00.123Z", 4)
            );
            let mut bad = py_env.clone();
            bad[h.header_len + 3] ^= 1;
            assert_eq!(
                open(&sk, &bad).unwrap_err(),
                envelope::EnvelopeError::Decrypt
            );
        }

        // Wrong key: both sides report the key id mismatch.
        let other = SecretKey::from_bytes([0x42; 32]);
        let other_path = dir.join("other.key");
        std::fs::write(&other_path, other.to_base64()).unwrap();
        let env = seal(
            &cfg,
            &Meta::new(
                envelope::new_submission_id().unwrap(),
                "2025-11-26T17:29:00Z",
                1,
            ),
            b"{}",
        )
        .unwrap();
        let env_path = dir.join("rust.env");
        std::fs::write(&env_path, &env).unwrap();
        let err = py
            .open(&other_path, &env_path, &dir.join("x"), None)
            .expect_err("python opened with the wrong key");
        assert!(err.contains("envelope.key_id_mismatch"), "{err}");
        assert_eq!(
            open(&other, &env).unwrap_err(),
            envelope::EnvelopeError::KeyIdMismatch
        );

        std::fs::remove_dir_all(&dir).ok();
    }
}

#[test]
fn independent_python_implementation_opens_the_documented_examples() {
    let Some(python) = python_or_skip() else {
        return;
    };
    let py = Py(python);
    let examples: serde_json::Value = serde_json::from_slice(
        &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/examples.json"))
            .unwrap(),
    )
    .unwrap();
    let dir = temp_dir("examples");
    for ex in examples.as_array().unwrap() {
        let key_path = dir.join("key");
        let env_path = dir.join("env");
        let out_path = dir.join("out");
        std::fs::write(&key_path, ex["secretKey"].as_str().unwrap()).unwrap();
        std::fs::write(
            &env_path,
            hex::decode(ex["envelope"].as_str().unwrap()).unwrap(),
        )
        .unwrap();
        py.open(&key_path, &env_path, &out_path, None)
            .unwrap_or_else(|e| panic!("{}: {e}", ex["name"]));
        assert_eq!(
            std::fs::read(&out_path).unwrap(),
            ex["record"].as_str().unwrap().as_bytes()
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
