//! `cargo xtask bench intake`: the same `agency-load` run (release builds,
//! one X25519 key, N envelopes, C keep-alive connections) against
//! 1. `agency serve` on SQLite,
//! 2. one `agency serve` on PostgreSQL,
//! 3. two `agency serve` on one PostgreSQL database (connections split
//!    between them, as by a round-robin load balancer),
//!
//! side by side: durable submissions per second, p50 and p99. Each backend
//! gets a warm-up run, then `INTAKE_BENCH_ROUNDS` rounds (default 3) on the
//! same instances; the median round is reported with the spread (lowest and
//! highest rate). Budgets, checked on the median, that fail the bench:
//! SQLite ≥ 15,000/s, PostgreSQL with two instances ≥ 5,000/s (on the 2-core machine that runs the load, the database and the
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
const WARM_UP_COUNT: &str = "4000";
const CONNECTIONS: &str = "64";
/// Rounds per backend unless `INTAKE_BENCH_ROUNDS` says otherwise.
const DEFAULT_ROUNDS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq)]
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

/// A backend's rounds: the median one (by rate) and the spread.
struct Summary {
    median: Figures,
    lowest: f64,
    highest: f64,
}

fn rounds() -> Result<usize> {
    match std::env::var("INTAKE_BENCH_ROUNDS") {
        Err(_) => Ok(DEFAULT_ROUNDS),
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!(
                "INTAKE_BENCH_ROUNDS={v:?}: a whole number ≥ 1 is needed"
            )),
        },
    }
}

/// The round with the median rate (the lower middle one of an even count).
fn summarize(mut runs: Vec<Figures>) -> Option<Summary> {
    runs.sort_by(|a, b| a.rate.total_cmp(&b.rate));
    let median = *runs.get((runs.len().checked_sub(1)?) / 2)?;
    Some(Summary {
        median,
        lowest: runs.first()?.rate,
        highest: runs.last()?.rate,
    })
}

/// A warm-up run, then [`rounds`] measured ones.
fn measure(urls: &[&str], key: &std::path::Path) -> Result<Summary> {
    eprintln!("warm-up ({WARM_UP_COUNT} envelopes, not counted)");
    load(urls, key, WARM_UP_COUNT)?;
    let n = rounds()?;
    let mut runs = Vec::with_capacity(n);
    for i in 1..=n {
        eprintln!("round {i} of {n}");
        runs.push(load(urls, key, COUNT)?);
    }
    summarize(runs).ok_or_else(|| "no rounds".into())
}

fn load(urls: &[&str], key: &std::path::Path, count: &str) -> Result<Figures> {
    let mut cmd = Command::new(root().join("target/release/agency-load"));
    for u in urls {
        cmd.args(["--url", u]);
    }
    let out = cmd
        .args(["-n", count, "-c", CONNECTIONS])
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
    let mut results: Vec<(&str, Summary, Option<f64>)> = Vec::new();

    eprintln!("\n-- SQLite, one instance");
    {
        let db = dir.join("bench.sqlite");
        let intake = Intake::start(db.to_str().ok_or("path")?, &key)?;
        std::thread::sleep(Duration::from_millis(300));
        results.push((
            "SQLite, 1 instance",
            measure(&[&intake.1], &key)?,
            Some(SQLITE_MIN),
        ));
    }
    let cluster = pg::PgCluster::start("bench").ok_or("PostgreSQL is not installed")?;
    eprintln!("\n-- PostgreSQL, one instance");
    {
        let url = cluster.fresh_db("bench_one");
        let intake = Intake::start(&url, &key)?;
        std::thread::sleep(Duration::from_millis(300));
        results.push(("PostgreSQL, 1 instance", measure(&[&intake.1], &key)?, None));
    }
    eprintln!("\n-- PostgreSQL, two instances");
    {
        let url = cluster.fresh_db("bench_two");
        let a = Intake::start(&url, &key)?;
        let b = Intake::start(&url, &key)?;
        std::thread::sleep(Duration::from_millis(300));
        results.push((
            "PostgreSQL, 2 instances",
            measure(&[&a.1, &b.1], &key)?,
            Some(PG_TWO_MIN),
        ));
    }
    drop(cluster);
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "\nintake: {COUNT} envelopes, {CONNECTIONS} connections, release builds; \
         median of {} rounds after a warm-up",
        rounds()?
    );
    println!(
        "{:<26} {:>10} {:>17} {:>9} {:>9}  budget (on the median)",
        "", "durable/s", "spread", "p50 ms", "p99 ms"
    );
    let mut missed = Vec::new();
    for (name, s, budget) in &results {
        let f = &s.median;
        let verdict = match budget {
            Some(min) if f.rate < *min => {
                missed.push(format!("{name}: {:.0}/s < {min:.0}/s", f.rate));
                format!("≥ {min:.0} MISSED")
            }
            Some(min) => format!("≥ {min:.0} ok"),
            None => "-".into(),
        };
        let spread = format!("{:.0}–{:.0}", s.lowest, s.highest);
        println!(
            "{name:<26} {:>10.0} {spread:>17} {:>9.2} {:>9.2}  {verdict}",
            f.rate, f.p50, f.p99
        );
    }
    if missed.is_empty() {
        Ok(())
    } else {
        Err(format!("budget missed: {}", missed.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(rate: f64) -> Figures {
        Figures {
            rate,
            p50: rate / 1000.0,
            p99: rate / 100.0,
        }
    }

    #[test]
    fn the_median_round_and_its_spread() {
        let s = summarize(vec![f(9_637.0), f(15_666.0), f(13_925.0)]).unwrap();
        assert_eq!(s.median, f(13_925.0));
        assert_eq!((s.lowest, s.highest), (9_637.0, 15_666.0));
        let even = summarize(vec![f(4.0), f(1.0), f(3.0), f(2.0)]).unwrap();
        assert_eq!(even.median, f(2.0));
        let one = summarize(vec![f(7.0)]).unwrap();
        assert_eq!((one.median.rate, one.lowest, one.highest), (7.0, 7.0, 7.0));
        assert!(summarize(Vec::new()).is_none());
    }
}
