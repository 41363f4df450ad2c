//! Shared helpers for the integration tests: the real binary, real SQLite
//! and PostgreSQL ([`pg`]), real HTTP on 127.0.0.1.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod pg;

use agency::envelope_api::{self as envelope, PublicKeyConfig, SecretKey};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_agency");

pub fn temp_dir(tag: &str) -> PathBuf {
    agency::util::temp_dir(tag)
}

/// Runs `agency ARGS` to completion.
pub fn agency(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run agency")
}

/// Generates a key pair with the CLI; returns (dir, secret, config).
pub fn keygen(dir: &Path, kem: &str) -> (PathBuf, SecretKey, PublicKeyConfig) {
    let out = agency(&["keygen", "--out", dir.to_str().unwrap(), "--kem", kem]);
    assert!(
        out.status.success(),
        "keygen failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = agency::keys::read_secret(&dir.join("agency.key")).unwrap();
    let config = agency::keys::read_public_config(&dir.join("agency.pub.json")).unwrap();
    (dir.to_path_buf(), secret, config)
}

pub fn record(flight: &str, date: &str, travelers: &[(&str, &str, &str, &str)]) -> String {
    let travelers: Vec<serde_json::Value> = travelers
        .iter()
        .map(|(surname, given, nat, number)| {
            serde_json::json!({
                "documentCode": "P", "documentNumber": number, "issuingState": nat,
                "expiryDate": "2034-05-01", "surname": surname, "givenNames": given,
                "birthDate": "1988-03-14", "sex": "F", "nationality": nat
            })
        })
        .collect();
    serde_json::json!({
        "schema": 1,
        "travelers": travelers,
        "trip": {
            "flight": flight, "departureAirport": "TPE", "arrivalAirport": "NRT",
            "departureDate": date, "arrivalDate": date, "purpose": "tourism",
            "addressInJapan": "1-1 Marunouchi, Chiyoda-ku, Tokyo", "lengthOfStayDays": 7
        },
        "contact": { "email": "mei@example.com", "phone": "+886912345678" }
    })
    .to_string()
}

pub fn sample_record() -> String {
    record(
        "BR198",
        "2030-12-01",
        &[("LIN", "MEI HUA", "TWN", "TR1234567")],
    )
}

/// Seals `record` with a fresh meta.
pub fn seal(config: &PublicKeyConfig, record: &str) -> (envelope::Meta, Vec<u8>) {
    agency::keys::seal_record(config, record.as_bytes()).unwrap()
}

/// `n` envelopes of one traveler each (given names `N0`, `N1`, …), with
/// their submission ids, for load tests.
pub fn sealed_batch(
    config: &PublicKeyConfig,
    n: usize,
    flight: &str,
    date: &str,
    (surname, nationality, number): (&str, &str, &str),
) -> Vec<(String, Vec<u8>)> {
    (0..n)
        .map(|i| {
            let given = format!("N{i}");
            let (meta, bytes) = seal(
                config,
                &record(flight, date, &[(surname, &given, nationality, number)]),
            );
            (meta.submission_id, bytes)
        })
        .collect()
}

/// What `--db` is given, and where the intake's log goes.
pub trait AsDb {
    fn db_arg(&self) -> String;
    fn log_path(&self) -> PathBuf;
}

impl AsDb for Path {
    fn db_arg(&self) -> String {
        self.to_str().unwrap().to_owned()
    }
    fn log_path(&self) -> PathBuf {
        self.with_extension("log")
    }
}

impl AsDb for PathBuf {
    fn db_arg(&self) -> String {
        self.as_path().db_arg()
    }
    fn log_path(&self) -> PathBuf {
        self.as_path().log_path()
    }
}

/// The two backends, for tests that run on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database of either backend.
#[derive(Debug, Clone)]
pub struct Db {
    pub arg: String,
    pub log: PathBuf,
    pub backend: Backend,
}

impl AsDb for Db {
    fn db_arg(&self) -> String {
        self.arg.clone()
    }
    fn log_path(&self) -> PathBuf {
        self.log.clone()
    }
}

impl Db {
    /// A new database named `name` in `dir` (SQLite) or in the shared
    /// cluster (PostgreSQL); `None` when PostgreSQL is missing and not
    /// required (the skip is announced).
    pub fn new(backend: Backend, dir: &Path, name: &str) -> Option<Db> {
        Some(match backend {
            Backend::Sqlite => {
                let path = dir.join(format!("{name}.sqlite"));
                Db {
                    arg: path.to_str().unwrap().to_owned(),
                    log: path.with_extension("log"),
                    backend,
                }
            }
            Backend::Postgres => Db {
                arg: pg::shared()?.fresh_db(name),
                log: dir.join(format!("{name}.log")),
                backend,
            },
        })
    }

    /// A new database in a cluster of the test's own.
    pub fn in_cluster(cluster: &pg::PgCluster, dir: &Path, name: &str) -> Db {
        Db {
            arg: cluster.fresh_db(name),
            log: dir.join(format!("{name}.log")),
            backend: Backend::Postgres,
        }
    }
}

/// A running `agency serve`, killed on drop.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Server {
    pub fn start(db: &(impl AsDb + ?Sized), key_configs: &[&Path], extra: &[&str]) -> Server {
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--db", &db.db_arg()]);
        for k in key_configs {
            cmd.args(["--key-config", k.to_str().unwrap()]);
        }
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(db.log_path())
            .unwrap();
        cmd.args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log);
        let mut child = cmd.spawn().expect("spawn agency serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = tx.send(line);
            }
            for _ in lines {}
        });
        let line = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                panic!("agency serve did not start");
            }
        };
        let addr = line
            .strip_prefix("listening on http://")
            .expect("listening line")
            .parse()
            .unwrap();
        Server { child, addr }
    }

    /// SIGKILL.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then wait (bounded) for a clean exit.
    pub fn terminate(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.kill();
    }

    pub fn post(&self, body: &[u8]) -> agency::client::HttpResponse {
        agency::client::request(
            self.addr,
            "POST",
            "/api/v1/submissions",
            &[("Content-Type", "application/octet-stream")],
            body,
        )
        .unwrap()
    }

    pub fn get(&self, path: &str) -> agency::client::HttpResponse {
        agency::client::request(self.addr, "GET", path, &[], b"").unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// All stored rows, read through the store: (submission_id, reference,
/// sha256, envelope).
pub fn rows(db: &(impl AsDb + ?Sized)) -> Vec<(String, String, String, Vec<u8>)> {
    use agency::store::{Archive, DbTarget, open_archive};
    let archive: Box<dyn Archive> = open_archive(&DbTarget::parse(&db.db_arg())).unwrap();
    let mut all = Vec::new();
    archive
        .list_since(None, &mut |s| {
            all.push((s.submission_id, s.reference, s.sha256, s.envelope));
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
    all
}

/// The cells of one CSV line whose fields are all quoted.
pub fn csv_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) => quoted = true,
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            (',', false) => cells.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

/// The interop venv's Python (`$ENVELOPE_INTEROP_PYTHON`, then
/// `tests/interop/.venv/bin/python`, then `python3`) when it can import
/// `module`; `None` (after a loud message) otherwise, which is a failure
/// under `ENVELOPE_INTEROP_REQUIRED=1` (as `cargo xtask test` sets).
pub fn interop_python(module: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut candidates = Vec::new();
    if let Some(p) = std::env::var_os("ENVELOPE_INTEROP_PYTHON") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(root.join("tests/interop/.venv/bin/python"));
    candidates.push(PathBuf::from("python3"));
    let found = candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        let msg = format!(
            "\n!!! interop test SKIPPED: no Python that imports {module}; install \
             tests/interop/requirements.txt (cargo xtask test does)\n"
        );
        assert!(
            std::env::var("ENVELOPE_INTEROP_REQUIRED").as_deref() != Ok("1"),
            "{msg}ENVELOPE_INTEROP_REQUIRED=1, so this is a failure."
        );
        eprintln!("{msg}");
    }
    found
}

/// `tests/interop/NAME`.
pub fn interop_script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/interop")
        .join(name)
}
