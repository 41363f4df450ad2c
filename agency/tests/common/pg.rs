//! A throwaway PostgreSQL cluster for the tests: `initdb` in a temporary
//! folder, the server on a free port of 127.0.0.1, fsync on (durability is
//! what is tested), run as the `postgres` user when the tests run as root
//! (PostgreSQL refuses root).
//!
//! Without PostgreSQL the tests that need it are skipped, loudly, unless
//! `AGENCY_PG_REQUIRED=1` (set by `cargo xtask test`, which installs it):
//! then they fail.
//!
//! Self-contained: `cargo xtask bench intake` includes this file too.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where PostgreSQL's server programs are: `$PG_BIN`, the newest
/// `/usr/lib/postgresql/N/bin` (Debian), or `initdb` on `PATH`.
pub fn bin_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return Some(bin);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join("initdb").exists() && d.join("pg_ctl").exists())
}

/// A fresh folder under the system temp dir.
fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!(
        "agency-{tag}-{}-{nanos:x}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn required() -> bool {
    std::env::var("AGENCY_PG_REQUIRED").is_ok_and(|v| v == "1")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A running cluster; stopped and removed on drop (and by a watchdog if the
/// test process dies first).
pub struct PgCluster {
    pub dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
    as_postgres: bool,
    dbs: AtomicUsize,
}

impl PgCluster {
    /// Starts a new cluster, or `None` (after a loud notice) when
    /// PostgreSQL is not installed and not required.
    pub fn start(tag: &str) -> Option<PgCluster> {
        let Some(bin) = bin_dir() else {
            if required() {
                panic!("AGENCY_PG_REQUIRED=1 but no PostgreSQL found (initdb)");
            }
            eprintln!(
                "\n*** SKIPPED: {tag} needs PostgreSQL (initdb, pg_ctl), which is not installed; \
                 `cargo xtask test` installs it and makes this test required ***\n"
            );
            return None;
        };
        let dir = temp_dir(&format!("pg-{tag}"));
        let as_postgres = is_root();
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres:", dir.to_str().unwrap()])
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "chown to the postgres user failed (is the user there?)");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = PgCluster {
            dir,
            bin,
            port,
            as_postgres,
            dbs: AtomicUsize::new(0),
        };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "agency",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        let conf = format!(
            "listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{}'\n\
             max_connections = 200\nshared_buffers = 64MB\nfsync = on\nsynchronous_commit = on\n",
            cluster.dir.display()
        );
        std::fs::OpenOptions::new()
            .append(true)
            .open(data.join("postgresql.conf"))
            .and_then(|mut f| std::io::Write::write_all(&mut f, conf.as_bytes()))
            .unwrap();
        cluster.start_server();
        cluster.watchdog();
        Some(cluster)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn run(&self, program: &str, args: &[&str]) {
        let exe = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let out = cmd
            .args(args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", exe.display()));
        assert!(
            out.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `pg_ctl start`, waiting until it accepts connections.
    pub fn start_server(&self) {
        let data = self.data();
        let log = self.dir.join("server.log");
        self.run(
            "pg_ctl",
            &[
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
            ],
        );
    }

    /// `pg_ctl stop -m immediate`: like a crash (no checkpoint; the WAL is
    /// replayed at the next start).
    pub fn stop_immediate(&self) {
        let data = self.data();
        self.run(
            "pg_ctl",
            &[
                "stop",
                "-w",
                "-m",
                "immediate",
                "-D",
                data.to_str().unwrap(),
            ],
        );
    }

    /// Kills the cluster when the test process is gone (a panic that skips
    /// drop, or a SIGKILL of the test binary).
    fn watchdog(&self) {
        // The loop runs as the test's user (kill -0 of a root process fails
        // for another user); only pg_ctl runs as postgres.
        let as_user = if self.as_postgres {
            "runuser -u postgres -- "
        } else {
            ""
        };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {as_user}{ctl} stop -m immediate -D {data} >/dev/null 2>&1; rm -rf {dir}",
            pid = std::process::id(),
            ctl = self.bin.join("pg_ctl").display(),
            data = self.data().display(),
            dir = self.dir.display()
        );
        let mut cmd = Command::new("sh");
        cmd.args(["-c", &script]);
        let _ = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }

    /// A new, empty database in this cluster; its URL.
    pub fn fresh_db(&self, tag: &str) -> String {
        let n = self.dbs.fetch_add(1, Ordering::Relaxed);
        let name = format!(
            "{}_{n}",
            tag.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        );
        let out = Command::new(self.bin.join("createdb"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "agency",
                &name,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "createdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.url(&name)
    }

    pub fn url(&self, db: &str) -> String {
        format!("postgres://agency@127.0.0.1:{}/{db}", self.port)
    }

    /// Runs SQL with psql; returns its output (unaligned, tuples only).
    pub fn psql(&self, db_url: &str, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", db_url, "-c", sql])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "psql: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data();
        let exe = self.bin.join("pg_ctl");
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let _ = cmd
            .args(["stop", "-m", "immediate", "-D", data.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One cluster shared by the tests of this binary that do not stop it.
pub fn shared() -> Option<&'static PgCluster> {
    static SHARED: OnceLock<Option<PgCluster>> = OnceLock::new();
    SHARED.get_or_init(|| PgCluster::start("shared")).as_ref()
}

/// A place to keep logs of a PostgreSQL-backed intake.
pub fn log_dir(tag: &str) -> PathBuf {
    temp_dir(&format!("pglog-{tag}"))
}
