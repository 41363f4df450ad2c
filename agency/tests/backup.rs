//! `agency backup` while the intake runs, on both backends, and every
//! reading command (`export`, `open --db`) through the store of either
//! backend and of the backup file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

fn run_ok(args: &[&str]) -> (String, String) {
    let out = agency(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "agency {args:?}: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

fn export_jsonl(key: &Path, db: &str) -> Vec<serde_json::Value> {
    let (out, _) = run_ok(&[
        "export",
        "--key",
        key.to_str().unwrap(),
        "--db",
        db,
        "--format",
        "jsonl",
    ]);
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn backup_while_the_intake_runs(backend: Backend) {
    let dir = temp_dir("backup");
    let (keys, _secret, config) = keygen(&dir.join("keys"), "x25519");
    let key_config = keys.join("agency.pub.json");
    let secret = keys.join("agency.key");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let server = Server::start(&db, &[&key_config], &["--rate-limit", "0"]);
    let first = sealed_batch(&config, 300, "BR198", "2030-12-01", ("LIN", "TWN", "TR1"));
    for (_, body) in &first {
        assert_eq!(server.post(body).status, 201);
    }
    if backend == Backend::Sqlite {
        // The rows are still in the WAL: a copy of the main file alone
        // would miss them.
        let wal = std::fs::metadata(format!("{}-wal", db.arg)).unwrap();
        assert!(wal.len() > 100_000, "WAL of {} bytes", wal.len());
    }
    // More posts go on during the backup.
    let stop = Arc::new(AtomicBool::new(false));
    let posted = Arc::new(AtomicUsize::new(0));
    let more = sealed_batch(&config, 2000, "BR198", "2030-12-01", ("LIN", "TWN", "TR2"));
    let writer = {
        let (stop, posted, addr) = (stop.clone(), posted.clone(), server.addr);
        std::thread::spawn(move || {
            let mut conn = agency::client::Connection::connect(addr).unwrap();
            for (_, body) in &more {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let r = conn
                    .request(
                        "POST",
                        "/api/v1/submissions",
                        &[("Content-Type", "application/octet-stream")],
                        body,
                    )
                    .unwrap();
                assert_eq!(r.status, 201);
                posted.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    while posted.load(Ordering::Relaxed) < 50 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let out = dir.join("backup.sqlite");
    // An older backup is replaced whole.
    std::fs::write(&out, b"old backup").unwrap();
    let (said, _) = run_ok(&["backup", "--db", &db.arg, "--out", out.to_str().unwrap()]);
    let during = posted.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    assert!(said.contains("submissions in"), "{said}");
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Every row of the backup is the intake's, unchanged, and every row
    // acknowledged before the backup started is in it.
    let copy = rows(&out);
    let live = rows(&db);
    assert!(
        copy.len() >= 300 + 50 && copy.len() <= 300 + during,
        "{}",
        copy.len()
    );
    let live_by_id: std::collections::HashMap<_, _> =
        live.iter().map(|r| (r.0.clone(), r)).collect();
    for r in &copy {
        assert_eq!(live_by_id[&r.0], r);
    }
    for (id, _) in &first {
        assert!(
            copy.iter().any(|r| &r.0 == id),
            "{id} missing from the backup"
        );
    }
    // No temporary file left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Export reads the live store and the backup alike (the backup holds a
    // prefix of the live rows).
    let from_live = export_jsonl(&secret, &db.arg);
    let from_copy = export_jsonl(&secret, out.to_str().unwrap());
    assert_eq!(from_live.len(), live.len());
    assert_eq!(from_copy.len(), copy.len());
    let live_ids: std::collections::HashMap<_, _> = from_live
        .iter()
        .map(|v| (v["submissionId"].as_str().unwrap().to_owned(), v))
        .collect();
    // The same submissions, opened to the same records (the cross-references
    // between submissions, such as repeated documents, depend on what else
    // is in the store, so only the submission's own fields are compared).
    for v in &from_copy {
        let live = live_ids[v["submissionId"].as_str().unwrap()];
        for field in ["reference", "receivedAt", "record"] {
            assert_eq!(live[field], v[field], "{field}");
        }
    }
    // open --db by submission id and by reference, from both.
    let (id, _) = &first[7];
    let reference = agency::reference::reference_of(id);
    for source in [db.arg.as_str(), out.to_str().unwrap()] {
        let (record, _) = run_ok(&[
            "open",
            "--key",
            secret.to_str().unwrap(),
            "--db",
            source,
            "--submission-id",
            id,
        ]);
        assert!(record.contains("\"N7\""), "{record}");
        let (record, _) = run_ok(&[
            "open",
            "--key",
            secret.to_str().unwrap(),
            "--db",
            source,
            "--reference",
            &reference.to_lowercase(),
        ]);
        assert!(record.contains("\"N7\""), "{record}");
    }
    let missing = agency(&[
        "open",
        "--key",
        secret.to_str().unwrap(),
        "--db",
        &db.arg,
        "--submission-id",
        "00000000-0000-4000-8000-000000000000",
    ]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such submission"));
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sqlite_backup_while_the_intake_runs() {
    backup_while_the_intake_runs(Backend::Sqlite);
}

#[test]
fn postgres_backup_while_the_intake_runs() {
    backup_while_the_intake_runs(Backend::Postgres);
}

#[test]
fn backup_refuses_a_symlink_and_a_missing_database() {
    let dir = temp_dir("backup-refuse");
    let (keys, _secret, config) = keygen(&dir.join("keys"), "x25519");
    let db = dir.join("intake.sqlite");
    let server = Server::start(&db, &[&keys.join("agency.pub.json")], &[]);
    assert_eq!(server.post(&seal(&config, &sample_record()).1).status, 201);
    drop(server);
    let target = dir.join("elsewhere");
    std::fs::write(&target, b"keep me").unwrap();
    let link = dir.join("backup.sqlite");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = agency(&[
        "backup",
        "--db",
        db.to_str().unwrap(),
        "--out",
        link.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    // A database that is not there is not created by a backup.
    let absent = dir.join("absent.sqlite");
    let out = agency(&[
        "backup",
        "--db",
        absent.to_str().unwrap(),
        "--out",
        dir.join("b2.sqlite").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(!absent.exists());
    assert!(!dir.join("b2.sqlite").exists());
    // The database itself as --out is refused.
    let out = agency(&[
        "backup",
        "--db",
        db.to_str().unwrap(),
        "--out",
        db.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert_eq!(rows(&db).len(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}
