//! Abuse resistance of the intake, over real sockets on 127.0.0.1: idle and
//! slow connections, the body cap, the client address behind proxies, the
//! rate limit's tokens, the admission limit, the free-disk watermark and a
//! `/healthz` flood, a trickling body, the per-address connection cap and a
//! client that does not read its response. Each on both backends, except
//! the free-disk watermark and the flood on a locked file (SQLite's).
//!
//! (Over 500 lines: one scenario per limit, each kept whole to read as a
//! specification.)
//!
//! Longer than 500 lines: one attack per test over real sockets, sharing
//! the connection helpers at the top.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use agency::client::{HttpResponse, request};
use agency::envelope_api as envelope;
use common::*;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const OCTET: (&str, &str) = ("Content-Type", "application/octet-stream");

fn code(r: &HttpResponse) -> String {
    r.json().unwrap()["code"].as_str().unwrap().to_owned()
}

fn post_with(addr: SocketAddr, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    let mut all = vec![OCTET];
    all.extend_from_slice(headers);
    request(addr, "POST", "/api/v1/submissions", &all, body).unwrap()
}

/// Whether the server has closed `s` (EOF, reset, or an answer such as 408),
/// waiting at most `wait`.
fn closed_by_server(s: &mut TcpStream, wait: Duration) -> bool {
    s.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 512];
    match s.read(&mut buf) {
        // EOF (0) or an answer (n > 0): either way the server is done with it.
        Ok(n) => n == 0 || buf[..n].starts_with(b"HTTP/1.1 "),
        Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
    }
}

/// Reads one response's status line from a raw socket.
fn read_status(s: &mut TcpStream) -> u16 {
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "closed before an answer");
        got.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&got);
    line.split(' ').nth(1).unwrap().parse().unwrap()
}

/// Runs a test on SQLite and on PostgreSQL (skipped loudly without it,
/// unless required): `NAME::sqlite` and `NAME::postgres`.
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(super::Backend::Sqlite);
            }
            #[test]
            fn postgres() {
                super::$name(super::Backend::Postgres);
            }
        }
    };
}

fn setup(
    tag: &str,
    kem: &str,
) -> (
    std::path::PathBuf,
    std::path::PathBuf,
    envelope::PublicKeyConfig,
) {
    let dir = temp_dir(tag);
    let (keys, _secret, config) = keygen(&dir.join("keys"), kem);
    (dir, keys.join("agency.pub.json"), config)
}

both!(hundreds_of_idle_connections_do_not_lock_travelers_out);
fn hundreds_of_idle_connections_do_not_lock_travelers_out(backend: Backend) {
    let (dir, key, config) = setup("abuse-idle", "x25519");
    // With the default caps (512, 64 per address), 300 idle sockets from one
    // address push out their own oldest ones.
    let Some(db) = Db::new(backend, &dir, "default") else {
        return;
    };
    let server = Server::start(&db, &[&key], &["--rate-limit", "0"]);
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    let (_, body) = seal(&config, &sample_record());
    let t = Instant::now();
    let r = server.post(&body);
    let default_cap = t.elapsed();
    assert_eq!(r.status, 201);
    assert!(default_cap < Duration::from_secs(3), "{default_cap:?}");
    drop(idle);
    drop(server);

    // Above a cap of 64, the longest-idle connections make room.
    let Some(db) = Db::new(backend, &dir, "capped") else {
        return;
    };
    let server = Server::start(
        &db,
        &[&key],
        &["--rate-limit", "0", "--max-connections", "64"],
    );
    let mut idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    let (_, body) = seal(&config, &sample_record());
    let t = Instant::now();
    let r = server.post(&body);
    let capped = t.elapsed();
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    assert!(capped < Duration::from_secs(3), "{capped:?}");
    // The server keeps at most 64: the others were closed (oldest first).
    let closed = idle
        .iter_mut()
        .map(|s| closed_by_server(s, Duration::from_millis(20)))
        .filter(|c| *c)
        .count();
    assert!(
        closed >= 300 - 64,
        "only {closed} of 300 idle sockets closed"
    );
    assert!(
        closed_by_server(&mut idle[0], Duration::from_millis(20)),
        "the oldest is closed"
    );
    eprintln!(
        "genuine POST with 300 idle sockets: {default_cap:?} (cap 512), {capped:?} (cap 64, {closed} closed)"
    );
    assert_eq!(rows(&db).len(), 1);
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

both!(slow_and_silent_connections_are_closed_after_the_head_timeout);
fn slow_and_silent_connections_are_closed_after_the_head_timeout(backend: Backend) {
    let (dir, key, config) = setup("abuse-slow", "x25519");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let server = Server::start(&db, &[&key], &["--rate-limit", "0", "--head-timeout", "2"]);
    let start = Instant::now();
    let mut silent = TcpStream::connect(server.addr).unwrap();
    let mut slow = TcpStream::connect(server.addr).unwrap();
    slow.write_all(b"POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // One header line every 300 ms: the head is never complete.
    let mut slow_closed = None;
    for i in 0..40 {
        if slow
            .write_all(format!("X-Slow-{i}: y\r\n").as_bytes())
            .is_err()
            || closed_by_server(&mut slow, Duration::from_millis(300))
        {
            slow_closed = Some(start.elapsed());
            break;
        }
    }
    let slow_closed = slow_closed.expect("the slowloris connection stayed open for 12 s");
    assert!(
        slow_closed >= Duration::from_millis(1500) && slow_closed < Duration::from_secs(5),
        "{slow_closed:?}"
    );
    assert!(closed_by_server(&mut silent, Duration::from_secs(3)));
    let silent_closed = start.elapsed();
    assert!(silent_closed < Duration::from_secs(5), "{silent_closed:?}");
    // An idle keep-alive connection after a request is closed the same way,
    // and a genuine POST is unaffected by all this.
    let mut conn = agency::client::Connection::connect(server.addr).unwrap();
    let (_, body) = seal(&config, &sample_record());
    let r = conn
        .request("POST", "/api/v1/submissions", &[OCTET], &body)
        .unwrap();
    assert_eq!(r.status, 201);
    std::thread::sleep(Duration::from_millis(2600));
    let r = conn.request("GET", "/healthz", &[], b"");
    assert!(
        r.is_err() || conn.is_closed(),
        "the idle keep-alive was kept"
    );
    // A head larger than 16 KiB is refused at once (hyper's default would
    // buffer about 400 KiB per connection).
    let mut big = TcpStream::connect(server.addr).unwrap();
    let head = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(20 * 1024)
    );
    let _ = big.write_all(head.as_bytes());
    let t = Instant::now();
    assert!(closed_by_server(&mut big, Duration::from_secs(1)));
    assert!(t.elapsed() < Duration::from_secs(1));
    eprintln!("slowloris closed after {slow_closed:?}, silent after {silent_closed:?}");
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

/// The largest envelope `parse_header` accepts: an X-Wing envelope of the
/// largest record, its meta padded with spaces to the meta limit (the intake
/// does not decrypt, so it cannot tell).
fn largest_envelope(config: &envelope::PublicKeyConfig) -> Vec<u8> {
    let (meta, _) = seal(config, &sample_record());
    let prefix = br#"{"schema":1,"pad":""#;
    let mut record = prefix.to_vec();
    record.resize(envelope::MAX_RECORD_LEN - 2, b'x');
    record.extend_from_slice(b"\"}");
    assert_eq!(record.len(), envelope::MAX_RECORD_LEN);
    let sealed = envelope::seal(config, &meta, &record).unwrap();
    let header = envelope::parse_header(&sealed).unwrap();
    let mut meta_json = sealed[envelope::FIXED_HEADER_LEN..header.header_len].to_vec();
    meta_json.resize(envelope::MAX_META_LEN, b' ');
    let mut out = sealed[..envelope::FIXED_HEADER_LEN - 2].to_vec();
    out.extend_from_slice(&(envelope::MAX_META_LEN as u16).to_be_bytes());
    out.extend_from_slice(&meta_json);
    out.extend_from_slice(&sealed[header.header_len..]);
    envelope::parse_header(&out).unwrap();
    out
}

both!(default_body_cap_takes_the_largest_envelope_and_nothing_more);
fn default_body_cap_takes_the_largest_envelope_and_nothing_more(backend: Backend) {
    let (dir, key, config) = setup("abuse-cap", "xwing");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let server = Server::start(&db, &[&key], &["--rate-limit", "0"]);
    let largest = largest_envelope(&config);
    assert_eq!(largest.len(), agency::server::DEFAULT_MAX_BODY);
    let r = server.post(&largest);
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    for n in [
        agency::server::DEFAULT_MAX_BODY + 1,
        40 * 1024 + 1,
        256 * 1024,
    ] {
        let r = server.post(&vec![1u8; n]);
        assert_eq!(r.status, 413, "{n}");
        assert_eq!(code(&r), "body_too_large");
    }
    // One byte more than the largest, as a well-formed prefix: still 413.
    let r = server.post(&[largest.as_slice(), b"x"].concat());
    assert_eq!(r.status, 413);
    assert_eq!(rows(&db).len(), 1);
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

both!(forwarded_addresses_count_only_from_trusted_proxies);
fn forwarded_addresses_count_only_from_trusted_proxies(backend: Backend) {
    let (dir, key, config) = setup("abuse-proxy", "x25519");
    let post = |server: &Server, headers: &[(&str, &str)]| {
        post_with(server.addr, headers, &seal(&config, &sample_record()).1).status
    };
    // No trusted proxy: spoofed headers are ignored, every post is 127.0.0.1.
    let Some(db) = Db::new(backend, &dir, "direct") else {
        return;
    };
    let server = Server::start(&db, &[&key], &["--rate-limit", "2/min"]);
    assert_eq!(post(&server, &[("X-Forwarded-For", "198.51.100.1")]), 201);
    assert_eq!(post(&server, &[("Forwarded", "for=198.51.100.2")]), 201);
    assert_eq!(post(&server, &[("X-Forwarded-For", "198.51.100.3")]), 429);
    assert_eq!(post(&server, &[("Forwarded", "for=198.51.100.4")]), 429);
    drop(server);

    // 127.0.0.1 trusted: the right-most untrusted address is the client.
    let Some(db) = Db::new(backend, &dir, "proxied") else {
        return;
    };
    let server = Server::start(
        &db,
        &[&key],
        &["--rate-limit", "2/min", "--trusted-proxy", "127.0.0.0/8"],
    );
    let a = ("X-Forwarded-For", "198.51.100.1");
    assert_eq!(post(&server, &[a]), 201);
    assert_eq!(post(&server, &[a]), 201);
    assert_eq!(post(&server, &[a]), 429);
    // Another traveler behind the same proxy has their own bucket.
    assert_eq!(post(&server, &[("X-Forwarded-For", "198.51.100.2")]), 201);
    // A forged left-most entry does not help: the proxy appended the real one.
    assert_eq!(
        post(
            &server,
            &[("X-Forwarded-For", "203.0.113.50, 198.51.100.1")]
        ),
        429
    );
    // Forwarded (RFC 7239), quoted IPv6 with a port.
    let f = ("Forwarded", "for=\"[2001:db8::1]:4711\";proto=https");
    assert_eq!(post(&server, &[f]), 201);
    assert_eq!(post(&server, &[f]), 201);
    assert_eq!(post(&server, &[f]), 429);
    drop(server);
    // No client address in the log.
    let log = std::fs::read_to_string(dir.join("proxied.log")).unwrap();
    assert!(log.contains("429"));
    for addr in ["198.51.100.", "203.0.113.", "2001:db8", "127.0.0.1"] {
        assert!(!log.contains(addr), "{addr} in the log");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

both!(requests_refused_before_their_body_spend_no_token);
fn requests_refused_before_their_body_spend_no_token(backend: Backend) {
    let (dir, key, config) = setup("abuse-tokens", "x25519");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let server = Server::start(&db, &[&key], &["--rate-limit", "2/min"]);
    let (_, good) = seal(&config, &sample_record());
    for _ in 0..5 {
        let r = request(
            server.addr,
            "POST",
            "/api/v1/submissions",
            &[("Content-Type", "text/plain")],
            &good,
        )
        .unwrap();
        assert_eq!(r.status, 415);
        let r = server.post(&vec![0u8; agency::server::DEFAULT_MAX_BODY + 1]);
        assert_eq!(r.status, 413);
        let r = request(server.addr, "POST", "/api/v1/elsewhere", &[OCTET], &good).unwrap();
        assert_eq!(r.status, 404);
        let r = request(server.addr, "PUT", "/api/v1/submissions", &[OCTET], &good).unwrap();
        assert_eq!(r.status, 405);
    }
    assert_eq!(server.post(&good).status, 201);
    assert_eq!(server.post(&seal(&config, &sample_record()).1).status, 201);
    let r = server.post(&seal(&config, &sample_record()).1);
    assert_eq!(r.status, 429, "the third body-reading request is limited");
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Holds the intake's writes back for `hold` (SQLite: another process's
/// exclusive lock, shorter than the intake's busy timeout; PostgreSQL: a
/// table lock in another session), from a thread that is returned.
fn hold_writes(db: &Db, hold: Duration) -> std::thread::JoinHandle<()> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let db = db.clone();
    let handle = std::thread::spawn(move || match db.backend {
        Backend::Sqlite => {
            let locker = rusqlite::Connection::open(&db.arg).unwrap();
            locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
            ready_tx.send(()).unwrap();
            std::thread::sleep(hold);
            locker.execute_batch("ROLLBACK").unwrap();
        }
        Backend::Postgres => {
            let sql = format!(
                "BEGIN; LOCK TABLE submissions IN EXCLUSIVE MODE; SELECT 'locked'; SELECT pg_sleep({}); COMMIT;",
                hold.as_secs_f64()
            );
            let mut child = std::process::Command::new(pg::bin_dir().unwrap().join("psql"))
                .args(["-X", "-A", "-t", &db.arg, "-c", &sql])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            // psql prints after the whole command; give the lock a moment.
            std::thread::sleep(Duration::from_millis(300));
            ready_tx.send(()).unwrap();
            let mut out = String::new();
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            assert!(child.wait().unwrap().success());
            assert!(out.contains("locked"), "{out}");
        }
    });
    ready_rx.recv().unwrap();
    handle
}

both!(admission_limit_answers_503_with_retry_after);
fn admission_limit_answers_503_with_retry_after(backend: Backend) {
    let (dir, key, config) = setup("abuse-admission", "x25519");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let server = Server::start(&db, &[&key], &["--rate-limit", "0", "--max-in-flight", "2"]);
    assert_eq!(server.post(&seal(&config, &sample_record()).1).status, 201);
    // Two submissions waiting for the database hold both places.
    let held = hold_writes(&db, Duration::from_millis(1500));
    let waiting: Vec<_> = (0..2)
        .map(|_| {
            let (_, body) = seal(&config, &sample_record());
            let addr = server.addr;
            std::thread::spawn(move || post_with(addr, &[], &body).status)
        })
        .collect();
    std::thread::sleep(Duration::from_millis(400));
    let (_, third) = seal(&config, &sample_record());
    let r = server.post(&third);
    assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(code(&r), "overloaded");
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=10).contains(&retry), "{retry}");
    // Static files and health are not behind the admission limit.
    assert!(matches!(server.get("/healthz").status, 200 | 503));
    // The waiting ones are stored once the database is free; then there
    // is room again.
    held.join().unwrap();
    for w in waiting {
        assert_eq!(w.join().unwrap(), 201);
    }
    assert_eq!(server.post(&third).status, 201);
    assert_eq!(rows(&db).len(), 4);
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Sends a submission's head and the first 100 bytes of its body.
fn start_slow_post(addr: SocketAddr, body: &[u8]) -> TcpStream {
    let mut s = TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(&body[..100]).unwrap();
    s
}

both!(a_trickling_body_holds_no_admission_place);
fn a_trickling_body_holds_no_admission_place(backend: Backend) {
    let (dir, key, config) = setup("abuse-trickle", "x25519");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let server = Server::start(&db, &[&key], &["--rate-limit", "0", "--max-in-flight", "1"]);
    let slow: Vec<(TcpStream, Vec<u8>)> = (0..3)
        .map(|_| {
            let (_, body) = seal(&config, &sample_record());
            (start_slow_post(server.addr, &body), body)
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // Three bodies arriving slowly, one place: a genuine traveler still gets in.
    let r = server.post(&seal(&config, &sample_record()).1);
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    for (mut s, body) in slow {
        s.write_all(&body[100..]).unwrap();
        assert_eq!(read_status(&mut s), 201);
    }
    assert_eq!(rows(&db).len(), 4);
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

both!(one_address_cannot_take_every_connection);
fn one_address_cannot_take_every_connection(backend: Backend) {
    let (dir, key, config) = setup("abuse-per-address", "x25519");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let args = ["--rate-limit", "0", "--max-connections-per-address", "8"];
    let server = Server::start(&db, &[&key], &args);
    // Idle sockets beyond the address's cap push out its oldest idle ones.
    let mut idle: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    assert_eq!(server.post(&seal(&config, &sample_record()).1).status, 201);
    let closed = idle
        .iter_mut()
        .filter_map(|s| closed_by_server(s, Duration::from_millis(20)).then_some(()))
        .count();
    assert!(closed >= 20 - 8, "only {closed} of 20 closed");
    drop(idle);
    // Eight busy connections (bodies on their way): the ninth is refused.
    let busy: Vec<(TcpStream, Vec<u8>)> = (0..8)
        .map(|_| {
            let (_, body) = seal(&config, &sample_record());
            (start_slow_post(server.addr, &body), body)
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut ninth = TcpStream::connect(server.addr).unwrap();
    assert!(
        closed_by_server(&mut ninth, Duration::from_secs(2)),
        "a ninth connection of a busy address was kept"
    );
    for (mut s, body) in busy {
        s.write_all(&body[100..]).unwrap();
        assert_eq!(read_status(&mut s), 201);
    }
    drop(server);
    // Behind a trusted proxy every traveler shares its address: no cap.
    let Some(db) = Db::new(backend, &dir, "proxied") else {
        return;
    };
    let server = Server::start(
        &db,
        &[&key],
        &[&args[..], &["--trusted-proxy", "127.0.0.1"]].concat(),
    );
    let busy: Vec<(TcpStream, Vec<u8>)> = (0..12)
        .map(|_| {
            let (_, body) = seal(&config, &sample_record());
            (start_slow_post(server.addr, &body), body)
        })
        .collect();
    for (mut s, body) in busy {
        s.write_all(&body[100..]).unwrap();
        assert_eq!(read_status(&mut s), 201);
    }
    assert_eq!(rows(&db).len(), 12);
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_client_that_does_not_read_its_response_is_cut_off() {
    let (dir, key, config) = setup("abuse-slow-reader", "x25519");
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("index.html"), "<!doctype html><title>p</title>").unwrap();
    // Far more than the socket buffers of both ends hold.
    const BIG: usize = 48 << 20;
    std::fs::write(site.join("big.bin"), vec![7u8; BIG]).unwrap();
    let db = dir.join("intake.sqlite");
    let server = Server::start(
        &db,
        &[&key],
        &["--static", site.to_str().unwrap(), "--send-timeout", "2"],
    );
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(b"GET /big.bin HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n")
        .unwrap();
    // Read nothing for longer than the send timeout, then everything.
    std::thread::sleep(Duration::from_millis(4500));
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut got = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    let t = Instant::now();
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the server kept the connection: {e} after {got} bytes"),
        }
    }
    assert!(got < BIG, "the whole file arrived ({got} bytes)");
    assert!(t.elapsed() < Duration::from_secs(5));
    // The intake is unaffected.
    assert_eq!(server.post(&seal(&config, &sample_record()).1).status, 201);
    eprintln!("slow reader cut off after {got} of {BIG} bytes");
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn below_the_disk_watermark_submissions_and_healthz_get_503_but_files_are_served() {
    let backend = Backend::Sqlite;
    let (dir, key, config) = setup("abuse-disk", "x25519");
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>portal</title>",
    )
    .unwrap();
    // The default watermark (256 MiB) is met on this machine.
    let Some(db) = Db::new(backend, &dir, "ok") else {
        return;
    };
    let server = Server::start(&db, &[&key], &["--static", site.to_str().unwrap()]);
    assert_eq!(server.get("/healthz").status, 200);
    assert_eq!(server.post(&seal(&config, &sample_record()).1).status, 201);
    drop(server);
    // A watermark above any disk's free space.
    let Some(db) = Db::new(backend, &dir, "full") else {
        return;
    };
    let server = Server::start(
        &db,
        &[&key],
        &[
            "--static",
            site.to_str().unwrap(),
            "--min-free-disk",
            "8EiB",
        ],
    );
    let r = server.post(&seal(&config, &sample_record()).1);
    assert_eq!(r.status, 503);
    assert_eq!(code(&r), "storage_full");
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!(retry >= 1);
    let h = server.get("/healthz");
    assert_eq!(h.status, 503);
    assert_eq!(code(&h), "storage_full");
    assert!(h.header("retry-after").is_some());
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("portal"));
    assert!(rows(&db).is_empty(), "nothing stored, nothing acknowledged");
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_healthz_flood_does_not_tie_up_the_writer() {
    let backend = Backend::Sqlite;
    let (dir, key, config) = setup("abuse-healthz", "x25519");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let server = Server::start(&db, &[&key], &["--rate-limit", "0"]);
    assert_eq!(server.get("/healthz").status, 200);
    // While another process holds the write lock, every writer ping waits
    // for SQLite's busy timeout (2 s). 400 health checks in a flood would
    // queue 800 s of pings if each reached the writer.
    let locker = rusqlite::Connection::open(&db.arg).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    std::thread::sleep(Duration::from_millis(1100));
    let addr = server.addr;
    let flood: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                let mut conn = agency::client::Connection::connect(addr).unwrap();
                let mut statuses = Vec::new();
                for _ in 0..50 {
                    if conn.is_closed() {
                        conn = agency::client::Connection::connect(addr).unwrap();
                    }
                    statuses.push(conn.request("GET", "/healthz", &[], b"").unwrap().status);
                }
                statuses
            })
        })
        .collect();
    let statuses: Vec<u16> = flood.into_iter().flat_map(|h| h.join().unwrap()).collect();
    assert_eq!(statuses.len(), 400);
    assert!(statuses.iter().all(|s| *s == 200 || *s == 503));
    locker.execute_batch("ROLLBACK").unwrap();
    let t = Instant::now();
    let r = server.post(&seal(&config, &sample_record()).1);
    let took = t.elapsed();
    assert_eq!(r.status, 201);
    assert!(took < Duration::from_secs(5), "the POST waited {took:?}");
    eprintln!("POST after a 400-request /healthz flood on a locked database: {took:?}");
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}
