//! `cargo xtask bench intake`: the same `agency-load` run (release builds,
//! one X25519 key, N envelopes, C keep-alive connections) against
//! 1. `agency serve` on SQLite,
//! 2. one `agency serve` on PostgreSQL,
//! 3. two `agency serve` on one PostgreSQL database (connections split
//!    between them, as by a round-robin load balancer),
//!
//! side by side: durable submissions per second, p50 and p99. Budgets that
//! fail the bench: SQLite ≥ 15,000/s, PostgreSQL with two instances ≥
//! 5,000/s (on the 2-core machine that runs the load, the database and the
//! intakes). PostgreSQL is a throwaway cluster (see
//! `agency/tests/common/pg.rs`), fsync and `synchronous_commit` on.

use crate::{Result, root, run};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

#[path = "../../agency/tests/common/pg.rs"]
mod pg;

/// Budget for SQLite (durable submissions per second).
const SQLITE_MIN: f64 = 15_000.0;
/// Budget for PostgreSQL with two instances.
const PG_TWO_MIN: f64 = 5_000.0;

const COUNT: &str = "20000";
const CONNECTIONS: &str = "64";

struct Figures {
    rate: f64,
    p50: f64,
    p99: f64,
}

/// Starts `agency serve` on a free port; kills it on drop.
struct Intake(Child, String);

impl Intake {
    fn start(db: &str, key: &std::path::Path) -> Result<Intake> {
        let mut child = Command::new(root().join("target/release/agency"))
            .args(["serve", "--listen", "127.0.0.1:0", "--rate-limit", "0"])
            .args(["--db", db])
            .arg("--key-config")
            .arg(key)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("starting agency serve: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .ok_or_else(|| format!("agency serve did not start: {line:?}"))?
            .to_owned();
        Ok(Intake(child, url))
    }
}

impl Drop for Intake {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn load(urls: &[&str], key: &std::path::Path) -> Result<Figures> {
    let mut cmd = Command::new(root().join("target/release/agency-load"));
    for u in urls {
        cmd.args(["--url", u]);
    }
    let out = cmd
        .args(["-n", COUNT, "-c", CONNECTIONS])
        .arg("--key-config")
        .arg(key)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("agency-load: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    if !out.status.success() {
        return Err("agency-load failed".into());
    }
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("result: "))
        .ok_or("no result line from agency-load")?;
    let field = |name: &str| -> Result<f64> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("no {name} in {line:?}"))
    };
    Ok(Figures {
        rate: field("rate")?,
        p50: field("p50_ms")?,
        p99: field("p99_ms")?,
    })
}

pub fn run_bench() -> Result {
    crate::tools::ensure_postgres()?;
    run(crate::cargo().args(["build", "--locked", "--release", "-p", "agency", "--bins"]))?;
    let dir = std::env::temp_dir().join(format!("intake-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    run(Command::new(root().join("target/release/agency"))
        .args(["keygen", "--kem", "x25519", "--out"])
        .arg(&dir))?;
    let key = dir.join("agency.pub.json");
    let mut results: Vec<(&str, Figures, Option<f64>)> = Vec::new();

    eprintln!("\n-- SQLite, one instance");
    {
        let db = dir.join("bench.sqlite");
        let intake = Intake::start(db.to_str().ok_or("path")?, &key)?;
        std::thread::sleep(Duration::from_millis(300));
        results.push((
            "SQLite, 1 instance",
            load(&[&intake.1], &key)?,
            Some(SQLITE_MIN),
        ));
    }
    let cluster = pg::PgCluster::start("bench").ok_or("PostgreSQL is not installed")?;
    eprintln!("\n-- PostgreSQL, one instance");
    {
        let url = cluster.fresh_db("bench_one");
        let intake = Intake::start(&url, &key)?;
        std::thread::sleep(Duration::from_millis(300));
        results.push(("PostgreSQL, 1 instance", load(&[&intake.1], &key)?, None));
    }
    eprintln!("\n-- PostgreSQL, two instances");
    {
        let url = cluster.fresh_db("bench_two");
        let a = Intake::start(&url, &key)?;
        let b = Intake::start(&url, &key)?;
        std::thread::sleep(Duration::from_millis(300));
        results.push((
            "PostgreSQL, 2 instances",
            load(&[&a.1, &b.1], &key)?,
            Some(PG_TWO_MIN),
        ));
    }
    drop(cluster);
    let _ = std::fs::remove_dir_all(&dir);

    println!("\nintake: {COUNT} envelopes, {CONNECTIONS} connections, release builds");
    println!(
        "{:<26} {:>14} {:>9} {:>9}  budget",
        "", "durable/s", "p50 ms", "p99 ms"
    );
    let mut missed = Vec::new();
    for (name, f, budget) in &results {
        let verdict = match budget {
            Some(min) if f.rate < *min => {
                missed.push(format!("{name}: {:.0}/s < {min:.0}/s", f.rate));
                format!("≥ {min:.0} MISSED")
            }
            Some(min) => format!("≥ {min:.0} ok"),
            None => "-".into(),
        };
        println!(
            "{name:<26} {:>14.0} {:>9.2} {:>9.2}  {verdict}",
            f.rate, f.p50, f.p99
        );
    }
    if missed.is_empty() {
        Ok(())
    } else {
        Err(format!("budget missed: {}", missed.join("; ")))
    }
}
