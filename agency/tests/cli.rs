//! keygen / seal / open through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Unix permission bits of a file.
fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The public key configuration `keygen` wrote to `keys`.
fn public_config(keys: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(keys.join("agency.pub.json")).unwrap()).unwrap()
}

/// `agency seal` of the record in `input` to `out`.
fn seal_cli(key_config: &Path, input: &Path, out: &Path) -> Output {
    agency(&[
        "seal",
        "--key-config",
        arg(key_config),
        "--in",
        arg(input),
        "--out",
        arg(out),
    ])
}

/// `agency open` of the envelope in `input`.
fn open_cli(key: &Path, input: &Path) -> Output {
    agency(&["open", "--key", arg(key), "--in", arg(input)])
}

fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn keygen_writes_a_private_key_and_never_prints_it() {
    let dir = temp_dir("cli-keygen");
    let keys = dir.join("keys");
    let out = agency(&["keygen", "--out", arg(&keys)]);
    assert!(out.status.success());
    let secret_text = std::fs::read_to_string(keys.join("agency.key")).unwrap();
    let secret_line = secret_text.trim();
    assert_eq!(secret_text.lines().count(), 1);
    assert!(secret_line.len() >= 43, "base64 of 32 bytes");
    assert_eq!(mode(&keys.join("agency.key")), 0o600);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stdout.contains(secret_line) && !stderr.contains(secret_line),
        "the secret key was printed"
    );
    let config = public_config(&keys);
    assert_eq!(config["kem"], 0x647a, "X-Wing by default");
    assert!(
        stdout.contains(config["kid"].as_str().unwrap()),
        "the key id is shown"
    );
    // The secret key file is the one the config belongs to.
    let secret = agency::keys::read_secret(&keys.join("agency.key")).unwrap();
    assert_eq!(
        serde_json::to_value(secret.public_config(agency::envelope_api::Kem::XWing)).unwrap(),
        config
    );

    // No silent overwrite.
    let again = agency(&["keygen", "--out", arg(&keys)]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(keys.join("agency.key")).unwrap(),
        secret_text
    );
    // Even a lone public file blocks.
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("agency.pub.json"), "{}").unwrap();
    assert!(!agency(&["keygen", "--out", arg(&other)]).status.success());

    // --force replaces, still 0600, x25519 on request.
    let forced = agency(&["keygen", "--out", arg(&keys), "--force", "--kem", "x25519"]);
    assert!(forced.status.success());
    assert_ne!(
        std::fs::read_to_string(keys.join("agency.key")).unwrap(),
        secret_text
    );
    assert_eq!(mode(&keys.join("agency.key")), 0o600);
    let config = public_config(&keys);
    assert_eq!(config["kem"], 0x0020);
    assert!(
        !agency(&["keygen", "--out", arg(&keys), "--kem", "rsa"])
            .status
            .success()
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn seal_then_open_round_trips_through_the_cli() {
    let dir = temp_dir("cli-seal");
    for kem in ["xwing", "x25519"] {
        let keys = dir.join(kem);
        keygen(&keys, kem);
        let rec = sample_record();
        std::fs::write(dir.join("record.json"), &rec).unwrap();
        let env = dir.join(format!("{kem}.env"));
        let out = seal_cli(
            &keys.join("agency.pub.json"),
            &dir.join("record.json"),
            &env,
        );
        assert_success(&out);
        let bytes = std::fs::read(&env).unwrap();
        let header = agency::envelope_api::parse_header(&bytes).unwrap();
        assert_eq!(header.meta.schema, 1);
        assert!(String::from_utf8_lossy(&out.stdout).contains(&header.meta.submission_id));
        assert!(header.meta.created_at.ends_with('Z'));
        // The record is not in clear in the envelope.
        assert!(!String::from_utf8_lossy(&bytes).contains("MEI HUA"));

        let opened = open_cli(&keys.join("agency.key"), &env);
        assert_success(&opened);
        assert_eq!(String::from_utf8(opened.stdout).unwrap().trim_end(), rec);

        // Two seals of the same record: different ids and bytes.
        let env2 = dir.join(format!("{kem}-2.env"));
        assert!(
            seal_cli(
                &keys.join("agency.pub.json"),
                &dir.join("record.json"),
                &env2
            )
            .status
            .success()
        );
        let h2 = agency::envelope_api::parse_header(&std::fs::read(&env2).unwrap()).unwrap();
        assert_ne!(h2.meta.submission_id, header.meta.submission_id);
    }
    // Opening with the wrong key fails, without output on stdout.
    let wrong = open_cli(&dir.join("x25519/agency.key"), &dir.join("xwing.env"));
    assert!(!wrong.status.success());
    assert!(wrong.stdout.is_empty());
    // Not a record: refused before sealing.
    std::fs::write(dir.join("bad.json"), "not json").unwrap();
    let bad = seal_cli(
        &dir.join("xwing/agency.pub.json"),
        &dir.join("bad.json"),
        &dir.join("bad.env"),
    );
    assert!(!bad.status.success());
    assert!(!dir.join("bad.env").exists());
    std::fs::remove_dir_all(dir).unwrap();
}
