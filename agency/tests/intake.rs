//! The intake server over real HTTP on 127.0.0.1, with real SQLite (and
//! the bad-request corpus on PostgreSQL too).
//!
//! (Over 500 lines: the bad-request corpus and the static-file cases are
//! long lists, kept together.)
//!
//! Longer than 500 lines: one scenario per test over real sockets and
//! databases; they share the server and client helpers at the top.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use agency::client::{Connection, request};
use agency::envelope_api as envelope;
use common::*;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Every answer per submission id: (status, JSON body).
type Answers = HashMap<String, Vec<(u16, serde_json::Value)>>;

const OCTET: (&str, &str) = ("Content-Type", "application/octet-stream");

fn code(r: &agency::client::HttpResponse) -> String {
    r.json().unwrap()["code"].as_str().unwrap().to_owned()
}

#[test]
fn thousands_of_concurrent_posts_are_each_stored_exactly_once() {
    thousands_of_concurrent_posts(Backend::Sqlite);
}

#[test]
fn thousands_of_concurrent_posts_on_postgres() {
    thousands_of_concurrent_posts(Backend::Postgres);
}

fn thousands_of_concurrent_posts(backend: Backend) {
    let dir = temp_dir("intake-load");
    let (keys, _secret, config) = keygen(&dir.join("keys"), "x25519");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let server = Server::start(
        &db,
        &[&keys.join("agency.pub.json")],
        &["--rate-limit", "0"],
    );
    const N: usize = 3000;
    const THREADS: usize = 48;
    let envelopes = Arc::new(sealed_batch(
        &config,
        N,
        "BR198",
        "2030-12-01",
        ("LIN", "TWN", "TR1234567"),
    ));
    // Every thread posts its share, then re-posts a few envelopes of other
    // threads (concurrent replays must get the first receipt, never a row).
    let receipts: Arc<Mutex<Answers>> = Arc::default();
    let mut handles = Vec::new();
    for t in 0..THREADS {
        let (envelopes, receipts, addr) = (envelopes.clone(), receipts.clone(), server.addr);
        handles.push(std::thread::spawn(move || {
            let mut conn = Connection::connect(addr).unwrap();
            let mine = (t..N)
                .step_by(THREADS)
                .chain((0..10).map(|k| (t * 61 + k * 7) % N));
            for i in mine {
                let (id, body) = &envelopes[i];
                if conn.is_closed() {
                    conn = Connection::connect(addr).unwrap();
                }
                let r = conn
                    .request("POST", "/api/v1/submissions", &[OCTET], body)
                    .unwrap();
                receipts
                    .lock()
                    .unwrap()
                    .entry(id.clone())
                    .or_default()
                    .push((r.status, r.json().unwrap()));
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    let receipts = receipts.lock().unwrap();
    assert_eq!(receipts.len(), N);
    let rows = rows(&db);
    assert_eq!(rows.len(), N, "each submission stored exactly once");
    let by_id: HashMap<&str, &(String, String, String, Vec<u8>)> =
        rows.iter().map(|r| (r.0.as_str(), r)).collect();
    assert_eq!(by_id.len(), N);
    let mut references = HashSet::new();
    let mut replays = 0;
    for (id, body) in envelopes.iter() {
        let answers = &receipts[id];
        let created: Vec<_> = answers.iter().filter(|(s, _)| *s == 201).collect();
        assert_eq!(created.len(), 1, "exactly one 201 for {id}: {answers:?}");
        let first = &created[0].1;
        for (status, receipt) in answers {
            assert!(*status == 201 || *status == 200, "{status}");
            assert_eq!(receipt, first, "replays get the first receipt");
        }
        replays += answers.len() - 1;
        let row = by_id[id.as_str()];
        assert_eq!(&row.3, body);
        assert_eq!(first["reference"], row.1);
        assert_eq!(first["sha256"], agency::util::sha256_hex(body));
        assert_eq!(row.2, agency::util::sha256_hex(body));
        assert!(agency::reference::is_reference(&row.1));
        assert!(references.insert(row.1.clone()));
    }
    assert!(replays > 0);
    assert_eq!(server.get("/healthz").status, 200);
    drop(server);
    // Logs name method, path, status and latency; never an id or reference.
    let log = std::fs::read_to_string(&db.log).unwrap();
    assert!(log.contains("/api/v1/submissions") && log.contains("201"));
    for (id, _) in envelopes.iter().take(50) {
        assert!(!log.contains(id.as_str()));
    }
    for r in references.iter().take(50) {
        assert!(!log.contains(r.as_str()));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// `agency-load` (the bench's generator, its connections on one thread)
/// gets every envelope acknowledged, and the intake holds each one once;
/// a budget it cannot meet fails it.
#[test]
fn the_load_generator_posts_every_envelope_once() {
    let dir = temp_dir("intake-generator");
    let (keys, _secret, _config) = keygen(&dir.join("keys"), "x25519");
    let db = dir.join("intake.sqlite");
    let server = Server::start(
        &db,
        &[&keys.join("agency.pub.json")],
        &["--rate-limit", "0"],
    );
    let url = format!("http://{}", server.addr);
    let key = keys.join("agency.pub.json");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_agency-load"))
            .args(["--url", &url, "--key-config", key.to_str().unwrap()])
            .args(["-n", "300", "-c", "16"])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("300 acknowledged (201), 0 other status, 0 failed"),
        "{text}"
    );
    let result = text.lines().find(|l| l.starts_with("result: ")).unwrap();
    assert!(result.ends_with(" acknowledged=300"), "{result}");
    let stored = rows(&db);
    assert_eq!(stored.len(), 300);
    let ids: HashSet<&String> = stored.iter().map(|r| &r.0).collect();
    assert_eq!(ids.len(), 300);
    // A budget no machine meets: the run still posts, then exits 1.
    let out = run(&["--min-rate", "1000000000"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("budget missed"));
    assert_eq!(rows(&db).len(), 600);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

fn with_meta(meta: &envelope::Meta, config: &envelope::PublicKeyConfig) -> Vec<u8> {
    envelope::seal(config, meta, sample_record().as_bytes()).unwrap()
}

#[test]
fn bad_requests_get_their_status_and_code_and_the_server_keeps_serving() {
    bad_request_corpus(Backend::Sqlite);
}

#[test]
fn bad_requests_on_postgres() {
    bad_request_corpus(Backend::Postgres);
}

fn bad_request_corpus(backend: Backend) {
    let dir = temp_dir("intake-bad");
    let (keys, _secret, config) = keygen(&dir.join("keys"), "xwing");
    let (_, _, other) = keygen(&dir.join("other"), "xwing");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let server = Server::start(
        &db,
        &[&keys.join("agency.pub.json")],
        &["--max-body", "65536", "--rate-limit", "0"],
    );
    let (meta, good) = seal(&config, &sample_record());

    let r = server.post(&good);
    assert_eq!(r.status, 201);
    let receipt = r.json().unwrap();
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(receipt["reference"].as_str().unwrap().len(), 10);
    assert!(receipt["receivedAt"].as_str().unwrap().ends_with('Z'));
    // Same bytes again: 200 with the first receipt.
    let again = server.post(&good);
    assert_eq!(again.status, 200);
    assert_eq!(again.json().unwrap(), receipt);

    let mut bad_version = good.clone();
    bad_version[0] = 2;
    let mut bad_meta = good.clone();
    let key = b"\"submissionId\":\"";
    let at = bad_meta.windows(key.len()).position(|w| w == key).unwrap() + key.len() + 14;
    assert_eq!(bad_meta[at], b'4');
    bad_meta[at] = b'1'; // UUID version 1: not a random id
    let (_, mut flipped) = seal(&config, &sample_record());
    let last = flipped.len() - 1;
    flipped[last] ^= 1; // still well-formed: the intake cannot tell, it stores it
    let mut garbage_suite = vec![1u8];
    garbage_suite.extend(std::iter::repeat_n(0xab, 6000));
    let schema2 = with_meta(
        &envelope::Meta {
            schema: 2,
            ..meta.clone()
        },
        &config,
    );
    let replay_other_bytes = with_meta(&meta, &config);
    assert_ne!(replay_other_bytes, good);
    let (_, unknown_key) = seal(&other, &sample_record());

    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "truncated",
            good[..good.len() / 2].to_vec(),
            400,
            "malformed_envelope",
        ),
        (
            "truncated header",
            good[..10].to_vec(),
            400,
            "malformed_envelope",
        ),
        ("empty", Vec::new(), 400, "malformed_envelope"),
        (
            "extra bytes",
            [good.as_slice(), b"x"].concat(),
            400,
            "malformed_envelope",
        ),
        (
            "garbage text",
            b"hello, this is not an envelope".to_vec(),
            400,
            "unsupported_version",
        ),
        ("bad version", bad_version, 400, "unsupported_version"),
        ("garbage suite", garbage_suite, 422, "unsupported_suite"),
        ("bad meta", bad_meta, 422, "invalid_meta"),
        ("unsupported schema", schema2, 422, "invalid_meta"),
        ("unknown key id", unknown_key, 422, "unknown_key"),
        (
            "replay with other bytes",
            replay_other_bytes,
            409,
            "submission_conflict",
        ),
        ("oversized", vec![1u8; 70_000], 413, "body_too_large"),
    ];
    for (name, body, status, want) in &cases {
        let r = server.post(body);
        assert_eq!(
            r.status,
            *status,
            "{name}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert_eq!(code(&r), *want, "{name}");
        assert!(!r.json().unwrap()["message"].as_str().unwrap().is_empty());
        assert_eq!(r.header("cache-control"), Some("no-store"), "{name}");
    }
    let flipped_status = server.post(&flipped).status;
    assert_eq!(
        flipped_status, 201,
        "the intake does not decrypt; export will report it"
    );

    for ct in [
        None,
        Some("text/plain"),
        Some("application/json"),
        Some("application/octet-stream; x=1"),
        Some("multipart/form-data"),
    ] {
        let headers: Vec<(&str, &str)> = ct.map(|c| vec![("Content-Type", c)]).unwrap_or_default();
        let r = request(server.addr, "POST", "/api/v1/submissions", &headers, &good).unwrap();
        assert_eq!(r.status, 415, "{ct:?}");
        assert_eq!(code(&r), "unsupported_media_type");
    }
    // A chunked body over the cap (no Content-Length to refuse early).
    let mut conn = Connection::connect(server.addr).unwrap();
    let mut raw = b"POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..20 {
        raw.extend_from_slice(format!("{:x}\r\n", 4096).as_bytes());
        raw.extend(std::iter::repeat_n(b'z', 4096));
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let r = conn.raw(&raw).unwrap();
    assert_eq!(r.status, 413);
    assert_eq!(code(&r), "body_too_large");
    // Not HTTP at all.
    let mut conn = Connection::connect(server.addr).unwrap();
    let r = conn.raw(b"\x16\x03\x01 garbage\r\n\r\n");
    assert!(r.map(|r| r.status == 400).unwrap_or(true));

    let r = request(server.addr, "GET", "/api/v1/submissions", &[], b"").unwrap();
    assert_eq!(r.status, 405);
    assert_eq!(code(&r), "method_not_allowed");
    let r = server.get("/api/v2/nothing");
    assert_eq!(r.status, 404);
    assert_eq!(code(&r), "not_found");

    // Still serving, and only the good envelopes were stored.
    assert_eq!(server.get("/healthz").status, 200);
    assert_eq!(server.post(&seal(&config, &sample_record()).1).status, 201);
    assert_eq!(rows(&db).len(), 3);
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn rate_limit_answers_429_with_retry_after() {
    rate_limit(Backend::Sqlite);
}

#[test]
fn rate_limit_on_postgres() {
    rate_limit(Backend::Postgres);
}

fn rate_limit(backend: Backend) {
    let dir = temp_dir("intake-rate");
    let (keys, _secret, config) = keygen(&dir.join("keys"), "x25519");
    let Some(db) = Db::new(backend, &dir, "intake") else {
        return;
    };
    let server = Server::start(
        &db,
        &[&keys.join("agency.pub.json")],
        &["--rate-limit", "3/min"],
    );
    for _ in 0..3 {
        assert_eq!(server.post(&seal(&config, &sample_record()).1).status, 201);
    }
    let r = server.post(&seal(&config, &sample_record()).1);
    assert_eq!(r.status, 429);
    assert_eq!(code(&r), "rate_limited");
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=20).contains(&retry), "{retry}");
    // Health checks and static files are not rate limited.
    assert_eq!(server.get("/healthz").status, 200);
    assert_eq!(rows(&db).len(), 3);
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Polls `/healthz` until it answers `status` (at most 5 s; its result is
/// cached for a second).
fn healthz_until(server: &Server, status: u16) -> agency::client::HttpResponse {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let r = server.get("/healthz");
        if r.status == status || std::time::Instant::now() > deadline {
            return r;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn healthz_reports_an_unavailable_database() {
    let dir = temp_dir("intake-health");
    let (keys, _secret, config) = keygen(&dir.join("keys"), "x25519");
    let db = dir.join("intake.sqlite");
    let server = Server::start(&db, &[&keys.join("agency.pub.json")], &[]);
    let ok = server.get("/healthz");
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json().unwrap()["status"], "ok");
    // Another process takes the write lock: the intake cannot commit.
    let locker = rusqlite::Connection::open(&db).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    // The health result is reused for a second: it turns within about that.
    let r = healthz_until(&server, 503);
    assert_eq!(r.status, 503);
    assert_eq!(code(&r), "storage_unavailable");
    assert!(r.header("retry-after").is_some());
    let (_, body) = seal(&config, &sample_record());
    let r = server.post(&body);
    assert_eq!(r.status, 503, "never acknowledged without a commit");
    assert_eq!(code(&r), "storage_unavailable");
    locker.execute_batch("ROLLBACK").unwrap();
    assert_eq!(healthz_until(&server, 200).status, 200);
    assert_eq!(
        server.post(&body).status,
        201,
        "the client's retry succeeds"
    );
    assert_eq!(rows(&db).len(), 1);
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn cors_preflight_and_security_headers() {
    let dir = temp_dir("intake-cors");
    let (keys, _secret, config) = keygen(&dir.join("keys"), "x25519");
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("assets")).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>portal</title>",
    )
    .unwrap();
    std::fs::write(site.join("assets/app.js"), "console.log(1)").unwrap();
    std::fs::write(dir.join("secret.txt"), "outside").unwrap();
    let db = dir.join("intake.sqlite");
    let server = Server::start(
        &db,
        &[&keys.join("agency.pub.json")],
        &[
            "--static",
            site.to_str().unwrap(),
            "--cors-origin",
            "https://portal.example",
            "--cors-origin",
            "https://other-portal.example",
            "--connect-origin",
            "https://intake.example",
        ],
    );
    let preflight = |origin: &str| {
        request(
            server.addr,
            "OPTIONS",
            "/api/v1/submissions",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            b"",
        )
        .unwrap()
    };
    let allowed = preflight("https://portal.example");
    assert!(allowed.status < 300, "{}", allowed.status);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://portal.example")
    );
    assert!(
        allowed
            .header("access-control-allow-methods")
            .unwrap()
            .contains("POST")
    );
    assert!(
        allowed
            .header("access-control-allow-headers")
            .unwrap()
            .to_ascii_lowercase()
            .contains("content-type")
    );
    assert_eq!(
        preflight("https://other-portal.example").header("access-control-allow-origin"),
        Some("https://other-portal.example")
    );
    let denied = preflight("https://evil.example");
    assert_eq!(denied.header("access-control-allow-origin"), None);
    // The real POST from an allowed origin carries the echo; from another, not.
    let (_, body) = seal(&config, &sample_record());
    let r = request(
        server.addr,
        "POST",
        "/api/v1/submissions",
        &[OCTET, ("Origin", "https://portal.example")],
        &body,
    )
    .unwrap();
    assert_eq!(r.status, 201);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://portal.example")
    );
    let (_, body) = seal(&config, &sample_record());
    let r = request(
        server.addr,
        "POST",
        "/api/v1/submissions",
        &[OCTET, ("Origin", "https://evil.example")],
        &body,
    )
    .unwrap();
    assert_eq!(r.header("access-control-allow-origin"), None);

    let csp = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
               connect-src 'self' https://intake.example; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
               base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    for (path, want_body) in [
        ("/", "portal"),
        ("/assets/app.js", "console.log(1)"),
        ("/some/client/route", "portal"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            String::from_utf8_lossy(&r.body).contains(want_body),
            "{path}"
        );
        assert_eq!(r.header("content-security-policy"), Some(csp), "{path}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(r.header("cross-origin-opener-policy"), Some("same-origin"));
        assert!(
            r.header("permissions-policy")
                .unwrap()
                .contains("geolocation=()")
        );
        assert_eq!(
            r.header("access-control-allow-origin"),
            None,
            "no CORS on static files"
        );
    }
    assert!(
        server
            .get("/assets/app.js")
            .header("content-type")
            .unwrap()
            .contains("javascript")
    );
    // No way out of the folder.
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/../../secret.txt",
    ] {
        let r = server.get(path);
        assert!(
            !String::from_utf8_lossy(&r.body).contains("outside"),
            "{path}"
        );
    }
    // API responses: headers too, and no-store.
    let h = server.get("/healthz");
    assert_eq!(h.header("cache-control"), Some("no-store"));
    assert_eq!(h.header("x-content-type-options"), Some("nosniff"));
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn static_files_are_served_precompressed_and_cached_by_name() {
    let dir = temp_dir("intake-static");
    let (keys, _secret, _config) = keygen(&dir.join("keys"), "x25519");
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    // Distinct contents, so the test sees which file was served.
    let files: &[(&str, &[u8])] = &[
        ("index.html", b"<!doctype html><title>portal</title>"),
        ("index.html.br", b"INDEX-BROTLI"),
        ("index.html.gz", b"INDEX-GZIP"),
        ("x-0123456789abcdef_bg.wasm", b"\0asm plain"),
        ("x-0123456789abcdef_bg.wasm.br", b"WASM-BROTLI"),
        ("x-0123456789abcdef_bg.wasm.gz", b"WASM-GZIP"),
        ("boot-0123456789abcdef.js", b"console.log('boot')"),
        ("sw.js", b"self.addEventListener('fetch', () => {})"),
        ("manifest.webmanifest", b"{\"name\":\"portal\"}"),
        ("config.json", b"{}"),
    ];
    for (name, contents) in files {
        std::fs::write(site.join(name), contents).unwrap();
    }
    let db = dir.join("intake.sqlite");
    let server = Server::start(
        &db,
        &[&keys.join("agency.pub.json")],
        &["--static", site.to_str().unwrap()],
    );
    let get = |path: &str, accept: Option<&str>| {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("Accept-Encoding", a)).into_iter().collect();
        request(server.addr, "GET", path, &headers, b"").unwrap()
    };
    let varies = |r: &agency::client::HttpResponse| {
        r.headers
            .iter()
            .filter(|(n, _)| n == "vary")
            .flat_map(|(_, v)| v.split(','))
            .any(|v| v.trim().eq_ignore_ascii_case("accept-encoding"))
    };
    const IMMUTABLE: &str = "public, max-age=31536000, immutable";
    let wasm = "/x-0123456789abcdef_bg.wasm";
    for (accept, body, encoding) in [
        (Some("br, gzip"), &b"WASM-BROTLI"[..], Some("br")),
        (Some("gzip, deflate, br"), b"WASM-BROTLI", Some("br")),
        (Some("gzip"), b"WASM-GZIP", Some("gzip")),
        (Some("br;q=0.5, gzip"), b"WASM-GZIP", Some("gzip")),
        (None, b"\0asm plain", None),
        (Some("identity"), b"\0asm plain", None),
        (Some("zstd"), b"\0asm plain", None),
    ] {
        let r = get(wasm, accept);
        assert_eq!(r.status, 200, "{accept:?}");
        assert_eq!(r.body, body, "{accept:?}");
        assert_eq!(r.header("content-encoding"), encoding, "{accept:?}");
        assert_eq!(
            r.header("content-type"),
            Some("application/wasm"),
            "{accept:?}"
        );
        assert!(varies(&r), "{accept:?}: {:?}", r.headers);
        assert_eq!(r.header("cache-control"), Some(IMMUTABLE), "{accept:?}");
        assert_eq!(
            r.header("content-length"),
            Some(body.len().to_string().as_str()),
            "{accept:?}"
        );
    }
    // Content types of the original files; only hashed names are immutable.
    for (path, content_type, cache) in [
        ("/boot-0123456789abcdef.js", "text/javascript", IMMUTABLE),
        ("/sw.js", "text/javascript", "no-cache"),
        (
            "/manifest.webmanifest",
            "application/manifest+json",
            "no-cache",
        ),
        ("/config.json", "application/json", "no-cache"),
        ("/index.html", "text/html", "no-cache"),
        ("/", "text/html", "no-cache"),
    ] {
        let r = get(path, Some("br, gzip"));
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("content-type").unwrap().starts_with(content_type),
            "{path}: {:?}",
            r.header("content-type")
        );
        assert_eq!(r.header("cache-control"), Some(cache), "{path}");
        assert!(varies(&r), "{path}");
    }
    // index.html itself, and the SPA fallback for unknown paths (a
    // hashed-looking one too: never immutable), precompressed as well.
    for path in [
        "/index.html",
        "/",
        "/trip/step-2",
        "/portal-fedcba9876543210_bg.wasm",
    ] {
        for (accept, body, encoding) in [
            (Some("br, gzip"), &b"INDEX-BROTLI"[..], Some("br")),
            (Some("gzip"), b"INDEX-GZIP", Some("gzip")),
            (None, b"<!doctype html><title>portal</title>", None),
        ] {
            let r = get(path, accept);
            assert_eq!(r.status, 200, "{path} {accept:?}");
            assert_eq!(r.body, body, "{path} {accept:?}");
            assert_eq!(r.header("content-encoding"), encoding, "{path} {accept:?}");
            assert!(
                r.header("content-type").unwrap().starts_with("text/html"),
                "{path} {accept:?}"
            );
            assert_eq!(
                r.header("cache-control"),
                Some("no-cache"),
                "{path} {accept:?}"
            );
            assert!(varies(&r), "{path} {accept:?}");
        }
    }
    // A file without precompressed variants is sent as it is.
    let r = get("/boot-0123456789abcdef.js", Some("br, gzip"));
    assert_eq!(r.body, b"console.log('boot')");
    assert_eq!(r.header("content-encoding"), None);
    // The API keeps no-store and has nothing to negotiate.
    let h = get("/healthz", Some("br, gzip"));
    assert_eq!(h.header("cache-control"), Some("no-store"));
    assert_eq!(h.header("content-encoding"), None);
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}
