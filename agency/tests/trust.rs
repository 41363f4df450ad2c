//! Keys directories, rotation and signed receipts, through the real binary
//! (and, for receipts, the independent Python verifier in tests/interop/).
//!
//! Longer than 500 lines: one scenario per test, each through the real
//! binary; they share the key-directory helpers at the top.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use agency::envelope_api::{self as envelope, Kem};
use agency::receipt::{ReceiptKey, SignedReceipt};
use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Seals `record` to the current key of `keys` into `out`.
fn seal_to(config: &Path, record: &str, out: &Path) -> String {
    let rec = out.with_extension("json");
    std::fs::write(&rec, record).unwrap();
    let stdout = ok(agency(&[
        "seal",
        "--key-config",
        arg(config),
        "--in",
        arg(&rec),
        "--out",
        arg(out),
    ]));
    stdout
        .trim()
        .strip_prefix("submissionId: ")
        .unwrap()
        .to_owned()
}

/// `agency serve --keys DIR` on `db`.
fn serve_keys(db: &Path, keys: &Path) -> Server {
    Server::start(db, &[], &["--keys", arg(keys), "--rate-limit", "0"])
}

#[test]
fn two_keys_directories_each_open_only_their_own_envelopes() {
    let dir = temp_dir("trust-two");
    let (a, b) = (dir.join("a"), dir.join("b"));
    ok(agency(&["keygen", "--out", arg(&a)]));
    ok(agency(&["keygen", "--out", arg(&b), "--kem", "x25519"]));
    let rec = sample_record();
    let ea = dir.join("a.env");
    let eb = dir.join("b.env");
    seal_to(&a.join("agency.pub.json"), &rec, &ea);
    seal_to(&b.join("agency.pub.json"), &rec, &eb);
    for (keys, own, other) in [(&a, &ea, &eb), (&b, &eb, &ea)] {
        let opened = ok(agency(&["open", "--keys", arg(keys), "--in", arg(own)]));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&opened).unwrap(),
            serde_json::from_str::<serde_json::Value>(&rec).unwrap()
        );
        let refused = agency(&["open", "--keys", arg(keys), "--in", arg(other)]);
        assert!(!refused.status.success());
        assert!(refused.stdout.is_empty());
        let err = String::from_utf8_lossy(&refused.stderr);
        assert!(err.contains("envelope.unknown_key_id"), "{err}");
    }

    // One intake accepting both; each directory exports only its own.
    let db = dir.join("intake.sqlite");
    let server = Server::start(
        &db,
        &[&a.join("agency.pub.json"), &b.join("agency.pub.json")],
        &["--receipt-key", arg(&a.join("receipt.key"))],
    );
    for e in [&ea, &eb] {
        assert_eq!(server.post(&std::fs::read(e).unwrap()).status, 201);
    }
    drop(server);
    for keys in [&a, &b] {
        let out = agency(&[
            "export",
            "--keys",
            arg(keys),
            "--db",
            arg(&db),
            "--format",
            "jsonl",
        ]);
        let stdout = ok(out.clone());
        assert_eq!(stdout.lines().count(), 1, "{stdout}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("code=open_failed:envelope.unknown_key_id"),
            "{err}"
        );
        assert!(err.contains("summary: read=2 exported=1 "), "{err}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn rotation_keeps_older_keys_opening_through_open_export_and_serve() {
    let dir = temp_dir("trust-rotate");
    let keys = dir.join("keys");
    let first = ok(agency(&["keygen", "--out", arg(&keys)]));
    let old = json(&keys.join("agency.pub.json"));
    let old_kid = old["kid"].as_str().unwrap().to_owned();
    let receipt_kid = json(&keys.join("receipt.pub.json"))["kid"]
        .as_str()
        .unwrap()
        .to_owned();
    // The fingerprint is printed and pinned: the kid in four groups.
    let fp: String = old_kid
        .to_ascii_uppercase()
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap().to_owned())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(first.contains(&format!("fingerprint: {fp}")), "{first}");
    let pins = json(&keys.join("pins.json"));
    assert_eq!(pins["sealingKids"], serde_json::json!([old_kid]));
    assert_eq!(pins["fingerprint"], fp.as_str());
    assert_eq!(pins["receiptKid"], receipt_kid.as_str());
    assert_eq!(mode(&keys.join("receipt.key")), 0o600);

    // An envelope sealed to the first key, received before the rotation.
    let db = dir.join("intake.sqlite");
    let e1 = dir.join("e1.env");
    seal_to(&keys.join("agency.pub.json"), &sample_record(), &e1);
    let server = serve_keys(&db, &keys);
    assert_eq!(server.post(&std::fs::read(&e1).unwrap()).status, 201);
    drop(server);

    // Without --add or --force, an existing directory is refused.
    let again = agency(&["keygen", "--out", arg(&keys)]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--add"));

    // Rotate.
    let rotated = ok(agency(&["keygen", "--out", arg(&keys), "--add"]));
    assert!(rotated.contains(&old_kid), "{rotated}");
    let new = json(&keys.join("agency.pub.json"));
    let new_kid = new["kid"].as_str().unwrap().to_owned();
    assert_ne!(new_kid, old_kid);
    let older_key = keys.join("older").join(format!("{old_kid}.key"));
    assert_eq!(mode(&older_key), 0o600);
    assert_eq!(
        json(&keys.join("older").join(format!("{old_kid}.pub.json"))),
        old
    );
    let pins = json(&keys.join("pins.json"));
    assert_eq!(pins["sealingKids"], serde_json::json!([new_kid, old_kid]));
    assert_eq!(
        pins["receiptKid"],
        receipt_kid.as_str(),
        "the receipt key stays"
    );

    // The intake accepts both keys; envelopes sealed to either are stored.
    let e2 = dir.join("e2.env");
    seal_to(&keys.join("agency.pub.json"), &sample_record(), &e2);
    let e3 = dir.join("e3.env");
    std::fs::write(dir.join("old.pub.json"), old.to_string()).unwrap();
    seal_to(&dir.join("old.pub.json"), &sample_record(), &e3);
    let server = serve_keys(&db, &keys);
    for e in [&e2, &e3] {
        assert_eq!(server.post(&std::fs::read(e).unwrap()).status, 201);
    }
    drop(server);
    // open and export with the directory: every envelope, whichever key.
    for e in [&e1, &e2, &e3] {
        ok(agency(&["open", "--keys", arg(&keys), "--in", arg(e)]));
    }
    let out = agency(&[
        "export",
        "--keys",
        arg(&keys),
        "--db",
        arg(&db),
        "--format",
        "jsonl",
    ]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(ok(out).lines().count(), 3);
    assert!(err.contains("summary: read=3 exported=3 "), "{err}");
    // --key FILE still works, with the current key only.
    let out = agency(&[
        "open",
        "--key",
        arg(&keys.join("agency.key")),
        "--in",
        arg(&e1),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("envelope.key_id_mismatch"));

    // A second rotation keeps both older keys, most recent first.
    ok(agency(&["keygen", "--out", arg(&keys), "--add"]));
    let newest = json(&keys.join("agency.pub.json"))["kid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        json(&keys.join("pins.json"))["sealingKids"],
        serde_json::json!([newest, new_kid, old_kid])
    );
    ok(agency(&["open", "--keys", arg(&keys), "--in", arg(&e1)]));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_directory_from_before_receipts_gets_a_receipt_key_and_keeps_its_sealing_key() {
    let dir = temp_dir("trust-upgrade");
    let (secret, config) = envelope::generate_keypair_os(Kem::X25519).unwrap();
    std::fs::write(dir.join("agency.key"), secret.to_base64()).unwrap();
    std::fs::set_permissions(
        dir.join("agency.key"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    std::fs::write(
        dir.join("agency.pub.json"),
        serde_json::to_string(&config).unwrap(),
    )
    .unwrap();
    // serve refuses to start without a receipt key, saying how to make one.
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--db",
            arg(&dir.join("i.sqlite")),
            "--key-config",
            arg(&dir.join("agency.pub.json")),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("serve started without a receipt key");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success());
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(
        err.contains("receipt") && err.contains("agency keygen --out"),
        "{err}"
    );
    let out = ok(agency(&["keygen", "--out", arg(&dir)]));
    assert!(out.contains("sealing key kept"), "{out}");
    assert_eq!(
        json(&dir.join("agency.pub.json"))["kid"],
        config.kid.as_str()
    );
    assert_eq!(mode(&dir.join("receipt.key")), 0o600);
    let server = Server::start(&dir.join("i.sqlite"), &[&dir.join("agency.pub.json")], &[]);
    assert_eq!(server.get("/healthz").status, 200);
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

/// `agency verify-receipt` on `text`: (exit 0, stdout).
fn verify_cli(key_config: &Path, text: &str, via_stdin: bool, dir: &Path) -> (bool, String) {
    let out = if via_stdin {
        let mut child = Command::new(BIN)
            .args(["verify-receipt", "--key-config", arg(key_config)])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    } else {
        let f = dir.join("receipt.txt");
        std::fs::write(&f, text).unwrap();
        agency(&[
            "verify-receipt",
            "--key-config",
            arg(key_config),
            "--receipt",
            arg(&f),
        ])
    };
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code == Some(0), String::from_utf8(out.stdout).unwrap())
}

/// tests/interop/receipt_v1.py on `text`: (exit 0, stdout).
fn verify_py(py: &Path, key_config: &Path, text: &str, dir: &Path) -> (bool, String) {
    let f = dir.join("receipt-py.txt");
    std::fs::write(&f, text).unwrap();
    let out = Command::new(py)
        .arg(interop_script("receipt_v1.py"))
        .args([
            "verify",
            "--key-config",
            arg(key_config),
            "--receipt",
            arg(&f),
        ])
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code == Some(0), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn signed_receipts_verify_and_altered_or_forged_ones_fail_here_and_in_python() {
    let dir = temp_dir("trust-receipts");
    let keys = dir.join("keys");
    let other = dir.join("other");
    ok(agency(&["keygen", "--out", arg(&keys), "--kem", "x25519"]));
    ok(agency(&["keygen", "--out", arg(&other), "--kem", "x25519"]));
    let db = dir.join("intake.sqlite");
    let server = serve_keys(&db, &keys);
    let env = dir.join("e.env");
    let sid = seal_to(&keys.join("agency.pub.json"), &sample_record(), &env);
    let bytes = std::fs::read(&env).unwrap();
    let first = server.post(&bytes);
    assert_eq!(first.status, 201);
    let receipt = first.json().unwrap();
    // The members, in the documented order.
    let body = String::from_utf8(first.body.clone()).unwrap();
    let order: Vec<usize> = [
        "\"reference\":",
        "\"submissionId\":",
        "\"sha256\":",
        "\"receivedAt\":",
        "\"kid\":",
        "\"signature\":",
    ]
    .iter()
    .map(|m| {
        body.find(m)
            .unwrap_or_else(|| panic!("{m} missing: {body}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{body}");
    assert_eq!(receipt.as_object().unwrap().len(), 6, "{body}");
    assert_eq!(receipt["submissionId"], sid.as_str());
    assert_eq!(receipt["kid"], json(&keys.join("receipt.pub.json"))["kid"]);
    assert_eq!(receipt["sha256"], agency::util::sha256_hex(&bytes).as_str());
    // A retry of the same envelope gets the very same signed receipt.
    let again = server.post(&bytes);
    assert_eq!(again.status, 200);
    assert_eq!(again.json().unwrap(), receipt);
    drop(server);

    let json_text = receipt.to_string();
    let parsed = SignedReceipt::parse(&json_text).unwrap();
    let compact = parsed.compact();
    assert!(compact.starts_with("PDR1/"), "{compact}");
    assert_eq!(compact.split('/').count(), 7);

    let pub_json = keys.join("receipt.pub.json");
    let pins = keys.join("pins.json");
    let py = interop_python("cryptography.hazmat.primitives.asymmetric.ed25519");
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    let received = receipt["receivedAt"].as_str().unwrap().to_owned();

    // Genuine: JSON or compact, by file or stdin, with receipt.pub.json or pins.json.
    for (key, text, stdin) in [
        (&pub_json, &json_text, false),
        (&pins, &compact, true),
        (&pub_json, &format!("  {compact}\n"), false),
        (&pins, &json_text, true),
    ] {
        let (genuine, stdout) = verify_cli(key, text, stdin, &dir);
        assert!(genuine, "{stdout}");
        assert!(
            stdout.contains("genuine") && stdout.contains(&reference) && stdout.contains(&received),
            "{stdout}"
        );
        if let Some(py) = &py {
            let (genuine, stdout) = verify_py(py, key, text, &dir);
            assert!(genuine, "python: {stdout}");
        }
    }

    // Not genuine, each for its own reason.
    let with = |field: &str, value: &str| {
        let mut r = receipt.clone();
        r[field] = value.into();
        r.to_string()
    };
    let flip_digit = |s: &str| {
        let mut c: Vec<char> = s.chars().collect();
        let i = c.iter().rposition(char::is_ascii_digit).unwrap();
        c[i] = if c[i] == '1' { '2' } else { '1' };
        c.into_iter().collect::<String>()
    };
    let other_sid = "6f1c2d3e-4b5a-4c6d-8e7f-90a1b2c3d4e5";
    let mut moved = receipt.clone();
    moved["submissionId"] = other_sid.into();
    moved["reference"] = envelope::reference_of(other_sid).into();
    // Signed by another key that claims to be the agency's.
    let forger = agency::keys::read_receipt_key(&other.join("receipt.key")).unwrap();
    let mut forged = forger.sign(
        &reference,
        &sid,
        receipt["sha256"].as_str().unwrap(),
        &received,
    );
    forged.kid = receipt["kid"].as_str().unwrap().to_owned();
    // Signed by another key, saying so.
    let foreign = forger.sign(
        &reference,
        &sid,
        receipt["sha256"].as_str().unwrap(),
        &received,
    );
    let sig = receipt["signature"].as_str().unwrap();
    let other_pub = other.join("receipt.pub.json");
    let cases: Vec<(String, &str, &PathBuf)> = vec![
        (
            with("receivedAt", &flip_digit(&received)),
            "receipt.bad_signature",
            &pub_json,
        ),
        (
            with("sha256", &flip_digit(receipt["sha256"].as_str().unwrap())),
            "receipt.bad_signature",
            &pub_json,
        ),
        (moved.to_string(), "receipt.bad_signature", &pub_json),
        (
            with("reference", &envelope::reference_of(other_sid)),
            "receipt.reference_mismatch",
            &pub_json,
        ),
        (
            compact.replace(&received, &flip_digit(&received)),
            "receipt.bad_signature",
            &pins,
        ),
        (forged.compact(), "receipt.bad_signature", &pub_json),
        (
            serde_json::to_string(&foreign).unwrap(),
            "receipt.wrong_key",
            &pub_json,
        ),
        (json_text.clone(), "receipt.wrong_key", &other_pub),
        (
            with("signature", &sig[..sig.len() - 2]),
            "receipt.malformed",
            &pub_json,
        ),
        (
            compact.rsplit_once('/').unwrap().0.to_owned(),
            "receipt.malformed",
            &pub_json,
        ),
        ("{}".into(), "receipt.malformed", &pub_json),
        ("hello".into(), "receipt.malformed", &pub_json),
    ];
    for (text, code, key) in &cases {
        let (genuine, stdout) = verify_cli(key, text, false, &dir);
        assert!(!genuine, "accepted: {text}");
        assert!(
            stdout.starts_with("not genuine:") && stdout.contains(code),
            "{code}: {stdout}"
        );
        if let Some(py) = &py {
            let (genuine, stdout) = verify_py(py, key, text, &dir);
            assert!(!genuine, "python accepted: {text}");
            assert!(stdout.contains(code), "python, {code}: {stdout}");
        }
    }
    // The worked example of docs/envelope.md §4.2, in both verifiers.
    let example_key = dir.join("example.pub.json");
    std::fs::write(
        &example_key,
        r#"{"kid": "addae3134934e139", "alg": "Ed25519", "publicKey": "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg"}"#,
    )
    .unwrap();
    let example = "PDR1/33A7BHNFP6/1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b/\
        708d29190cefe1cfb47c2f71eac66f0cf882466a9cfb11b4456347a49a1be14d/\
        2026-11-26T17:44:55.829206Z/addae3134934e139/\
        xEWY7VW33uC-CzMzWh1kdRojUSK69N4kuOC6U33qeeUIywYRGSU5qf5k5V-9RgdBI4H2ZrZ1zAMAXhSOM567Ag";
    assert!(verify_cli(&example_key, example, false, &dir).0);
    if let Some(py) = &py {
        assert!(verify_py(py, &example_key, example, &dir).0);
    }
    // The signing input is exactly the documented string.
    let k = ReceiptKey::from_bytes(&[1; 32]);
    assert_eq!(
        agency::receipt::signing_input("A", "B", "C", "D"),
        "pre-departure receipt v1\nA\nB\nC\nD"
    );
    assert_eq!(k.kid().len(), 16);
    std::fs::remove_dir_all(dir).unwrap();
}
