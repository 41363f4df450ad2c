//! Several intake instances on one PostgreSQL database, over real sockets:
//! thousands of posts spread over two instances, SIGKILL of one of them,
//! PostgreSQL stopped (`immediate`) and restarted under load, and
//! idempotency across instances. Skipped (loudly) without PostgreSQL unless
//! `AGENCY_PG_REQUIRED=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use agency::client::Connection;
use common::*;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const OCTET: (&str, &str) = ("Content-Type", "application/octet-stream");
const NO_LIMIT: &[&str] = &["--rate-limit", "0"];

/// What the load saw.
#[derive(Default)]
struct Seen {
    /// Envelope index → receipt of its 201 or 200.
    acked: Mutex<Vec<(usize, serde_json::Value)>>,
    /// 503 answers, and how many of them carried Retry-After.
    unavailable: AtomicUsize,
    with_retry_after: AtomicUsize,
    /// Requests that failed without an answer.
    failed: AtomicUsize,
}

impl Seen {
    /// Waits (at most a minute) until `n` submissions are acknowledged;
    /// how many are.
    fn wait_acked(&self, n: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.acked.lock().unwrap().len() < n && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.acked.lock().unwrap().len()
    }
}

/// `threads` clients posting `envelopes` over `addrs` (thread t starts on
/// `addrs[t % len]`, and moves to the next address when its connection
/// fails, as a load balancer would). An envelope answered 503 or not at all
/// is retried after a short pause until `stop` is set or `deadline`.
fn load(
    addrs: Vec<SocketAddr>,
    envelopes: Arc<Vec<(String, Vec<u8>)>>,
    threads: usize,
    seen: Arc<Seen>,
    stop: Arc<AtomicBool>,
    deadline: Instant,
) -> Vec<std::thread::JoinHandle<()>> {
    let next = Arc::new(AtomicUsize::new(0));
    (0..threads)
        .map(|t| {
            let (addrs, envelopes, seen, stop, next) = (
                addrs.clone(),
                envelopes.clone(),
                seen.clone(),
                stop.clone(),
                next.clone(),
            );
            std::thread::spawn(move || {
                let mut target = t % addrs.len();
                let mut conn: Option<Connection> = None;
                'each: loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((_, body)) = envelopes.get(i) else {
                        return;
                    };
                    loop {
                        if stop.load(Ordering::Relaxed) || Instant::now() > deadline {
                            return;
                        }
                        if conn.as_ref().is_none_or(Connection::is_closed) {
                            conn = Connection::connect(addrs[target]).ok();
                        }
                        let Some(c) = conn.as_mut() else {
                            target = (target + 1) % addrs.len();
                            std::thread::sleep(Duration::from_millis(20));
                            continue;
                        };
                        match c.request("POST", "/api/v1/submissions", &[OCTET], body) {
                            Ok(r) if r.status == 201 || r.status == 200 => {
                                seen.acked.lock().unwrap().push((i, r.json().unwrap()));
                                continue 'each;
                            }
                            Ok(r) if r.status == 503 => {
                                seen.unavailable.fetch_add(1, Ordering::Relaxed);
                                if r.header("retry-after").is_some() {
                                    seen.with_retry_after.fetch_add(1, Ordering::Relaxed);
                                }
                                std::thread::sleep(Duration::from_millis(50));
                            }
                            Ok(r) => panic!(
                                "unexpected status {}: {}",
                                r.status,
                                String::from_utf8_lossy(&r.body)
                            ),
                            Err(_) => {
                                seen.failed.fetch_add(1, Ordering::Relaxed);
                                conn = None;
                                target = (target + 1) % addrs.len();
                            }
                        }
                    }
                }
            })
        })
        .collect()
}

/// Every acknowledged envelope is stored once, with its receipt, and opens.
fn check_acked(
    db: &Db,
    envelopes: &[(String, Vec<u8>)],
    acked: &[(usize, serde_json::Value)],
    secret: &agency::envelope_api::SecretKey,
) -> usize {
    let stored = rows(db);
    let by_id: HashMap<&str, &(String, String, String, Vec<u8>)> =
        stored.iter().map(|r| (r.0.as_str(), r)).collect();
    assert_eq!(by_id.len(), stored.len(), "no submission stored twice");
    for (i, receipt) in acked {
        let (id, body) = &envelopes[*i];
        let row = by_id
            .get(id.as_str())
            .unwrap_or_else(|| panic!("acknowledged submission {id} lost"));
        assert_eq!(&row.3, body);
        assert_eq!(receipt["reference"], row.1);
        assert_eq!(receipt["sha256"], row.2);
        agency::envelope_api::open(secret, &row.3).unwrap();
    }
    stored.len()
}

#[test]
fn thousands_of_posts_over_two_instances_are_each_stored_once() {
    let dir = temp_dir("scale-two");
    let (keys, secret, config) = keygen(&dir.join("keys"), "x25519");
    let key = keys.join("agency.pub.json");
    let Some(db) = Db::new(Backend::Postgres, &dir, "two") else {
        return;
    };
    let a = Server::start(&db, &[&key], NO_LIMIT);
    let b = Server::start(&db, &[&key], NO_LIMIT);
    const N: usize = 3000;
    let envelopes = Arc::new(sealed_batch(
        &config,
        N,
        "BR198",
        "2030-12-01",
        ("LIN", "TWN", "TR1234567"),
    ));
    let seen = Arc::new(Seen::default());
    let t = Instant::now();
    let handles = load(
        vec![a.addr, b.addr],
        envelopes.clone(),
        32,
        seen.clone(),
        Arc::default(),
        Instant::now() + Duration::from_secs(120),
    );
    for h in handles {
        h.join().unwrap();
    }
    let took = t.elapsed();
    let acked = seen.acked.lock().unwrap().clone();
    assert_eq!(acked.len(), N, "every post acknowledged");
    assert_eq!(seen.unavailable.load(Ordering::Relaxed), 0);
    assert_eq!(check_acked(&db, &envelopes, &acked, &secret), N);
    eprintln!("{N} posts over two instances in {took:?}");

    // The same id with the same bytes posted to both instances at once:
    // one row, one receipt (from either); other bytes: 409 from both.
    let fresh = sealed_batch(&config, 50, "BR198", "2030-12-01", ("LIN", "TWN", "TR1"));
    let both: Vec<_> = fresh
        .iter()
        .flat_map(|(_, body)| [(a.addr, body.clone()), (b.addr, body.clone())])
        .map(|(addr, body)| {
            std::thread::spawn(move || {
                let r =
                    agency::client::request(addr, "POST", "/api/v1/submissions", &[OCTET], &body)
                        .unwrap();
                (r.status, r.json().unwrap())
            })
        })
        .collect();
    let answers: Vec<(u16, serde_json::Value)> =
        both.into_iter().map(|h| h.join().unwrap()).collect();
    for pair in answers.chunks(2) {
        let mut statuses = [pair[0].0, pair[1].0];
        statuses.sort();
        assert_eq!(statuses, [200, 201], "{pair:?}");
        assert_eq!(pair[0].1, pair[1].1, "the same receipt from both instances");
    }
    let (meta, _) = seal(&config, &sample_record());
    let first = agency::envelope_api::seal(&config, &meta, sample_record().as_bytes()).unwrap();
    let other = agency::envelope_api::seal(&config, &meta, sample_record().as_bytes()).unwrap();
    assert_ne!(first, other);
    assert_eq!(a.post(&first).status, 201);
    assert_eq!(b.post(&other).status, 409);
    assert_eq!(a.post(&other).status, 409);
    assert_eq!(b.post(&first).status, 200);
    assert_eq!(rows(&db).len(), N + 51);
    drop((a, b));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sigkill_of_one_instance_loses_nothing_it_acknowledged() {
    let dir = temp_dir("scale-kill");
    let (keys, secret, config) = keygen(&dir.join("keys"), "x25519");
    let key = keys.join("agency.pub.json");
    let Some(db) = Db::new(Backend::Postgres, &dir, "kill") else {
        return;
    };
    let mut a = Server::start(&db, &[&key], NO_LIMIT);
    let b = Server::start(&db, &[&key], NO_LIMIT);
    const N: usize = 3000;
    let envelopes = Arc::new(sealed_batch(
        &config,
        N,
        "CI100",
        "2030-12-02",
        ("WANG", "TWN", "TR7654321"),
    ));
    let seen = Arc::new(Seen::default());
    let handles = load(
        vec![a.addr, b.addr],
        envelopes.clone(),
        16,
        seen.clone(),
        Arc::default(),
        Instant::now() + Duration::from_secs(120),
    );
    seen.wait_acked(N / 4);
    a.kill();
    let at_kill = seen.acked.lock().unwrap().len();
    for h in handles {
        h.join().unwrap();
    }
    assert!((N / 4..N).contains(&at_kill), "killed at {at_kill} of {N}");
    assert!(
        seen.failed.load(Ordering::Relaxed) > 0,
        "the kill cut requests off"
    );
    // The survivor took over: every envelope is acknowledged once.
    let acked = seen.acked.lock().unwrap().clone();
    assert!(acked.len() >= N, "{} acknowledged", acked.len());
    assert_eq!(check_acked(&db, &envelopes, &acked, &secret), N);
    // A sample opens through the CLI, read from PostgreSQL.
    let key_file = keys.join("agency.key");
    for (i, _) in acked.iter().take(3) {
        let out = agency(&[
            "open",
            "--key",
            key_file.to_str().unwrap(),
            "--db",
            &db.arg,
            "--submission-id",
            &envelopes[*i].0,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("WANG"));
    }
    assert_eq!(b.get("/healthz").status, 200);
    drop(b);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn postgres_stopped_and_restarted_under_load() {
    let dir = temp_dir("scale-outage");
    let (keys, secret, config) = keygen(&dir.join("keys"), "x25519");
    let key = keys.join("agency.pub.json");
    let Some(cluster) = pg::PgCluster::start("outage") else {
        return;
    };
    let db = Db::in_cluster(&cluster, &dir, "outage");
    let a = Server::start(&db, &[&key], NO_LIMIT);
    let b = Server::start(&db, &[&key], NO_LIMIT);
    const N: usize = 2000;
    let envelopes = Arc::new(sealed_batch(
        &config,
        N,
        "CI100",
        "2030-12-02",
        ("CHEN", "TWN", "TR5555555"),
    ));
    let seen = Arc::new(Seen::default());
    let handles = load(
        vec![a.addr, b.addr],
        envelopes.clone(),
        16,
        seen.clone(),
        Arc::default(),
        Instant::now() + Duration::from_secs(150),
    );
    seen.wait_acked(N / 4);
    cluster.stop_immediate();
    let at_stop = seen.acked.lock().unwrap().len();
    assert!(at_stop < N, "the load ended before the outage");
    // While it is away: 503 with Retry-After, from the API and /healthz.
    let t = Instant::now();
    while seen.unavailable.load(Ordering::Relaxed) < 20 && t.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let h = healthz_until(&a, 503);
    assert_eq!(h.status, 503);
    assert_eq!(h.json().unwrap()["code"], "storage_unavailable");
    assert!(h.header("retry-after").is_some());
    let during = seen.acked.lock().unwrap().len();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        seen.acked.lock().unwrap().len(),
        during,
        "nothing acknowledged while the database is away"
    );
    cluster.start_server();
    for h in handles {
        h.join().unwrap();
    }
    let unavailable = seen.unavailable.load(Ordering::Relaxed);
    assert!(unavailable >= 20, "{unavailable} 503 answers");
    assert_eq!(seen.with_retry_after.load(Ordering::Relaxed), unavailable);
    // Recovered by itself: every envelope acknowledged, none lost.
    let acked = seen.acked.lock().unwrap().clone();
    assert_eq!(
        acked.len(),
        N,
        "every envelope acknowledged after the restart"
    );
    assert_eq!(check_acked(&db, &envelopes, &acked, &secret), N);
    assert_eq!(healthz_until(&a, 200).status, 200);
    assert_eq!(healthz_until(&b, 200).status, 200);
    eprintln!(
        "outage: {at_stop} acknowledged before, {unavailable} answers 503 meanwhile, all {N} after"
    );
    drop((a, b));
    drop(cluster);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Polls `/healthz` until it answers `status` (at most 10 s).
fn healthz_until(server: &Server, status: u16) -> agency::client::HttpResponse {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = server.get("/healthz");
        if r.status == status || Instant::now() > deadline {
            return r;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_schema_is_created_once_and_a_newer_one_is_refused() {
    let dir = temp_dir("scale-schema");
    let (keys, _secret, config) = keygen(&dir.join("keys"), "x25519");
    let key = keys.join("agency.pub.json");
    let secret = keys.join("agency.key");
    let Some(db) = Db::new(Backend::Postgres, &dir, "schema") else {
        return;
    };
    let cluster = pg::shared().unwrap();
    // Reading commands do not create a schema: an empty database is refused.
    let out = agency(&[
        "export",
        "--key",
        secret.to_str().unwrap(),
        "--db",
        &db.arg,
        "--format",
        "jsonl",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no intake data"));
    // Three instances started at once create it once (advisory lock).
    let servers: Vec<Server> = std::thread::scope(|s| {
        let starts: Vec<_> = (0..3)
            .map(|_| s.spawn(|| Server::start(&db, &[&key], NO_LIMIT)))
            .collect();
        starts.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        cluster.psql(&db.arg, "SELECT count(*), max(version) FROM agency_schema"),
        "1|2"
    );
    assert_eq!(
        servers[2].post(&seal(&config, &sample_record()).1).status,
        201
    );
    drop(servers);
    // A newer schema is refused at start, not misread.
    cluster.psql(&db.arg, "UPDATE agency_schema SET version = 9");
    let out = std::process::Command::new(BIN)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--db",
            &db.arg,
            "--key-config",
        ])
        .arg(&key)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("schema version 9"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // And the password of a URL never shows in a message (nothing listens
    // on port 1).
    let url = db
        .arg
        .replace("agency@", "agency:hunter2@")
        .replace(&format!("127.0.0.1:{}", cluster.port), "127.0.0.1:1");
    let out = agency(&[
        "backup",
        "--db",
        &url,
        "--out",
        dir.join("b.sqlite").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("hunter2") && stderr.contains("***"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
