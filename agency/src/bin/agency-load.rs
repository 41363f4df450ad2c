//! `agency-load`: posts N pre-sealed envelopes with C concurrent keep-alive
//! connections to one or more running `agency serve` instances (connection
//! `i` goes to the `i mod k`-th `--url`, as a round-robin load balancer
//! would) and prints the number of durable submissions per second (each
//! counted only once its 201 has arrived, i.e. after the commit), with the
//! latency percentiles. Loopback targets only.
//!
//! The C connections are tasks on one thread (non-blocking sockets, one
//! `epoll`), not C threads: on the machine that also runs the intake, a
//! thread per connection cost a wake-up and a task switch per answer, CPU
//! taken from the intake being measured. Each connection still sends one
//! request and waits for its whole answer before the next, as a traveler's
//! browser does.
//!
//! ```text
//! agency-load --url http://127.0.0.1:8080 [--url …] --key-config keys/agency.pub.json [--record r.json] [-n 20000] [-c 64] [--min-rate 2000]
//! ```
//!
//! The last line is machine-readable:
//! `result: rate=R p50_ms=X p99_ms=Y acknowledged=N`.

use agency::client::parse_url;
use agency::keys;
use std::io;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

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
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let start = Instant::now();
    let tally = runtime.block_on(post_all(&addrs, envelopes, args.concurrency.max(1)));
    let Tally {
        mut latencies,
        created,
        other,
        failed,
    } = tally;
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let ok = created;
    println!(
        "posted {} envelopes with {} connections in {elapsed:.2} s: {ok} acknowledged (201), {} other status, {} failed",
        args.count, args.concurrency, other, failed
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

/// What the connections saw.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    created: usize,
    other: usize,
    failed: usize,
}

/// Posts every envelope over `concurrency` connections (tasks on this
/// thread), each taking the next envelope once its answer has arrived.
async fn post_all(addrs: &[SocketAddr], envelopes: Vec<Vec<u8>>, concurrency: usize) -> Tally {
    let envelopes = Rc::new(envelopes);
    let next = Rc::new(std::cell::Cell::new(0usize));
    let local = tokio::task::LocalSet::new();
    let mut tasks = Vec::new();
    for t in 0..concurrency {
        let addr = addrs[t % addrs.len()];
        let (envelopes, next) = (envelopes.clone(), next.clone());
        tasks.push(local.spawn_local(async move {
            let mut tally = Tally::default();
            let mut conn: Option<HttpConn> = None;
            loop {
                let i = next.get();
                let Some(body) = envelopes.get(i) else { break };
                next.set(i + 1);
                if conn.is_none() {
                    conn = HttpConn::connect(addr).await.ok();
                }
                let Some(c) = conn.as_mut() else {
                    tally.failed += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let t = Instant::now();
                match c.post(addr, body).await {
                    Ok(201) => {
                        tally.created += 1;
                        tally.latencies.push(t.elapsed());
                    }
                    Ok(_) => tally.other += 1,
                    Err(_) => {
                        tally.failed += 1;
                        conn = None;
                    }
                }
                if conn.as_ref().is_some_and(|c| c.closed) {
                    conn = None;
                }
            }
            tally
        }));
    }
    local
        .run_until(async move {
            let mut all = Tally::default();
            for task in tasks {
                if let Ok(t) = task.await {
                    all.latencies.extend(t.latencies);
                    all.created += t.created;
                    all.other += t.other;
                    all.failed += t.failed;
                } else {
                    all.failed += 1;
                }
            }
            all
        })
        .await
}

/// One keep-alive HTTP/1.1 connection: a request, then its whole answer.
struct HttpConn {
    stream: TcpStream,
    /// Bytes read and not yet used (the answer's head and body).
    buf: Vec<u8>,
    /// The server said `Connection: close`.
    closed: bool,
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_owned())
}

impl HttpConn {
    async fn connect(addr: SocketAddr) -> io::Result<HttpConn> {
        let stream = tokio::time::timeout(Duration::from_secs(10), TcpStream::connect(addr))
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "connect timed out"))??;
        stream.set_nodelay(true)?;
        Ok(HttpConn {
            stream,
            buf: Vec::with_capacity(4096),
            closed: false,
        })
    }

    /// Posts `body` as an envelope; the answer's status (its body is read
    /// and dropped). At most 60 s, as the blocking client allows.
    async fn post(&mut self, addr: SocketAddr, body: &[u8]) -> io::Result<u16> {
        tokio::time::timeout(Duration::from_secs(60), self.exchange(addr, body))
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "no answer in 60 s"))?
    }

    async fn exchange(&mut self, addr: SocketAddr, body: &[u8]) -> io::Result<u16> {
        let mut msg = format!(
            "POST /api/v1/submissions HTTP/1.1\r\nHost: {addr}\r\n\
             Content-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        msg.extend_from_slice(body);
        self.stream.write_all(&msg).await?;
        self.buf.clear();
        let head_end = loop {
            if let Some(p) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
            if self.buf.len() > 64 * 1024 {
                return Err(bad("answer head too long"));
            }
            self.fill().await?;
        };
        let head = std::str::from_utf8(&self.buf[..head_end]).map_err(|_| bad("head not UTF-8"))?;
        let mut lines = head.split("\r\n");
        let status: u16 = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("bad status line"))?;
        let mut length = None;
        for line in lines {
            if let Some((name, value)) = line.split_once(':') {
                let (name, value) = (name.trim(), value.trim());
                if name.eq_ignore_ascii_case("content-length") {
                    length = Some(
                        value
                            .parse::<usize>()
                            .map_err(|_| bad("bad content-length"))?,
                    );
                } else if name.eq_ignore_ascii_case("connection")
                    && value.eq_ignore_ascii_case("close")
                {
                    self.closed = true;
                } else if name.eq_ignore_ascii_case("transfer-encoding") {
                    return Err(bad("chunked answers are not read by agency-load"));
                }
            }
        }
        let length = length.ok_or_else(|| bad("answer without content-length"))?;
        while self.buf.len() < head_end + length {
            self.fill().await?;
        }
        Ok(status)
    }

    async fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 4096];
        let n = self.stream.read(&mut chunk).await?;
        if n == 0 {
            self.closed = true;
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}
