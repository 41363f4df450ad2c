//! `agency-load`: posts N pre-sealed envelopes with C concurrent keep-alive
//! connections to one or more running `agency serve` instances (connection
//! `i` goes to the `i mod k`-th `--url`, as a round-robin load balancer
//! would) and prints the number of durable submissions per second (each
//! counted only once its 201 has arrived, i.e. after the commit), with the
//! latency percentiles. Loopback targets only.
//!
//! ```text
//! agency-load --url http://127.0.0.1:8080 [--url …] --key-config keys/agency.pub.json [--record r.json] [-n 20000] [-c 64] [--min-rate 2000]
//! ```
//!
//! The last line is machine-readable:
//! `result: rate=R p50_ms=X p99_ms=Y acknowledged=N`.

use agency::client::{Connection, parse_url};
use agency::keys;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const SAMPLE_RECORD: &str = r#"{"schema":1,"travelers":[{"documentCode":"P","documentNumber":"TR1234567","issuingState":"TWN","expiryDate":"2031-05-01","surname":"LIN","givenNames":"MEI HUA","birthDate":"1988-03-14","sex":"F","nationality":"TWN"}],"trip":{"flight":"BR198","departureAirport":"TPE","arrivalAirport":"NRT","departureDate":"2026-12-01","arrivalDate":"2026-12-01","purpose":"tourism","addressInJapan":"1-1 Marunouchi, Chiyoda-ku, Tokyo","lengthOfStayDays":7},"contact":{"email":"mei@example.com","phone":"+886912345678"}}"#;

struct Args {
    urls: Vec<String>,
    key_config: String,
    record: Option<String>,
    count: usize,
    concurrency: usize,
    /// Budget: fail (exit 1) below this many durable submissions per second.
    min_rate: Option<f64>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        urls: Vec::new(),
        key_config: String::new(),
        record: None,
        count: 10_000,
        concurrency: 64,
        min_rate: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--url" => args.urls.push(value()?),
            "--key-config" => args.key_config = value()?,
            "--record" => args.record = Some(value()?),
            "-n" | "--count" => args.count = value()?.parse().map_err(|_| "bad count")?,
            "-c" | "--concurrency" => {
                args.concurrency = value()?.parse().map_err(|_| "bad concurrency")?
            }
            "--min-rate" => args.min_rate = Some(value()?.parse().map_err(|_| "bad --min-rate")?),
            "-h" | "--help" => {
                return Err("usage: agency-load --url http://127.0.0.1:PORT --key-config FILE [--record FILE] [-n N] [-c C] [--min-rate R]".into());
            }
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    if args.urls.is_empty() || args.key_config.is_empty() {
        return Err("--url and --key-config are required".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agency-load: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let addrs: Vec<SocketAddr> = args
        .urls
        .iter()
        .map(|u| parse_url(u))
        .collect::<Result<_, _>>()?;
    if addrs.iter().any(|a| !a.ip().is_loopback()) {
        return Err("agency-load only targets loopback addresses".into());
    }
    let config = keys::read_public_config(std::path::Path::new(&args.key_config))?;
    let record = match &args.record {
        Some(p) => std::fs::read(p).map_err(|e| format!("cannot read {p}: {e}"))?,
        None => SAMPLE_RECORD.as_bytes().to_vec(),
    };
    eprintln!("sealing {} envelopes…", args.count);
    let seal_start = Instant::now();
    let envelopes: Vec<Vec<u8>> = (0..args.count)
        .map(|_| keys::seal_record(&config, &record).map(|(_, e)| e))
        .collect::<Result<_, _>>()?;
    eprintln!(
        "sealed in {:.1} s ({} bytes each)",
        seal_start.elapsed().as_secs_f64(),
        envelopes.first().map_or(0, Vec::len)
    );
    let envelopes = Arc::new(envelopes);
    let next = Arc::new(AtomicUsize::new(0));
    let created = Arc::new(AtomicUsize::new(0));
    let other = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut threads = Vec::new();
    for t in 0..args.concurrency.max(1) {
        let addr = addrs[t % addrs.len()];
        let (envelopes, next, created, other, failed) = (
            envelopes.clone(),
            next.clone(),
            created.clone(),
            other.clone(),
            failed.clone(),
        );
        threads.push(std::thread::spawn(move || {
            let mut latencies = Vec::new();
            let mut conn: Option<Connection> = None;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(body) = envelopes.get(i) else { break };
                if conn.as_ref().is_none_or(Connection::is_closed) {
                    conn = Connection::connect(addr).ok();
                }
                let Some(c) = conn.as_mut() else {
                    failed.fetch_add(1, Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                };
                let t = Instant::now();
                match c.request(
                    "POST",
                    "/api/v1/submissions",
                    &[("Content-Type", "application/octet-stream")],
                    body,
                ) {
                    Ok(r) if r.status == 201 => {
                        created.fetch_add(1, Ordering::Relaxed);
                        latencies.push(t.elapsed());
                    }
                    Ok(_) => {
                        other.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        conn = None;
                    }
                }
            }
            latencies
        }));
    }
    let mut latencies: Vec<Duration> = Vec::new();
    for t in threads {
        latencies.extend(t.join().unwrap_or_default());
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let ok = created.load(Ordering::Relaxed);
    println!(
        "posted {} envelopes with {} connections in {elapsed:.2} s: {ok} acknowledged (201), {} other status, {} failed",
        args.count,
        args.concurrency,
        other.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed)
    );
    println!(
        "latency ms: p50 {:.1}, p99 {:.1}, max {:.1}",
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
    let rate = ok as f64 / elapsed;
    println!("durable submissions/s: {rate:.0}");
    println!(
        "result: rate={rate:.0} p50_ms={:.2} p99_ms={:.2} acknowledged={ok}",
        pct(0.5),
        pct(0.99)
    );
    if ok != args.count {
        return Err(format!(
            "only {ok} of {} submissions were acknowledged",
            args.count
        ));
    }
    if let Some(min) = args.min_rate
        && rate < min
    {
        return Err(format!("budget missed: {rate:.0}/s < {min:.0}/s"));
    }
    Ok(())
}
