//! SIGKILL of the intake under load: every acknowledged submission survives.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use agency::client::Connection;
use common::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[test]
fn sigkill_under_load_loses_no_acknowledged_submission() {
    let dir = temp_dir("crash");
    let (keys, secret, config) = keygen(&dir.join("keys"), "x25519");
    let db = dir.join("intake.sqlite");
    let key_config = keys.join("agency.pub.json");
    let mut server = Server::start(&db, &[&key_config], &["--rate-limit", "0"]);
    const N: usize = 3000;
    let envelopes = Arc::new(sealed_batch(
        &config,
        N,
        "CI100",
        "2030-12-02",
        ("WANG", "TWN", "TR7654321"),
    ));
    let next = Arc::new(AtomicUsize::new(0));
    let acked: Arc<Mutex<Vec<(usize, serde_json::Value)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut handles = Vec::new();
    for _ in 0..16 {
        let (envelopes, next, acked, stop, addr) = (
            envelopes.clone(),
            next.clone(),
            acked.clone(),
            stop.clone(),
            server.addr,
        );
        handles.push(std::thread::spawn(move || {
            let Ok(mut conn) = Connection::connect(addr) else {
                return;
            };
            while !stop.load(Ordering::Relaxed) {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((_, body)) = envelopes.get(i) else {
                    return;
                };
                match conn.request(
                    "POST",
                    "/api/v1/submissions",
                    &[("Content-Type", "application/octet-stream")],
                    body,
                ) {
                    Ok(r) if r.status == 201 => acked.lock().unwrap().push((i, r.json().unwrap())),
                    Ok(r) => panic!("unexpected status {}", r.status),
                    Err(_) => return, // the server died mid-request: not acknowledged
                }
            }
        }));
    }
    // Kill once a good part of the load has been acknowledged (bounded wait).
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap().len() < N / 4 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        h.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    let attempted = next.load(Ordering::Relaxed).min(N);
    assert!(acked.len() >= N / 4, "only {} acknowledged", acked.len());
    assert!(
        attempted < N,
        "the kill happened after the load ended; nothing was tested"
    );

    // Restart on the same database.
    let server = Server::start(&db, &[&key_config], &["--rate-limit", "0"]);
    assert_eq!(server.get("/healthz").status, 200);
    let stored = rows(&db);
    let by_id: std::collections::HashMap<&str, &(String, String, String, Vec<u8>)> =
        stored.iter().map(|r| (r.0.as_str(), r)).collect();
    assert_eq!(by_id.len(), stored.len(), "no submission stored twice");
    for (i, receipt) in &acked {
        let (id, body) = &envelopes[*i];
        let row = by_id
            .get(id.as_str())
            .unwrap_or_else(|| panic!("acknowledged submission {id} lost"));
        assert_eq!(&row.3, body);
        assert_eq!(receipt["reference"], row.1);
        let opened = agency::envelope_api::open(&secret, &row.3).unwrap();
        assert!(
            String::from_utf8(opened.record_json)
                .unwrap()
                .contains("WANG")
        );
    }
    // Acknowledged ones re-posted: the same receipt; the rest can be sent again.
    for (i, receipt) in acked.iter().take(20) {
        let r = server.post(&envelopes[*i].1);
        assert_eq!(r.status, 200);
        assert_eq!(&r.json().unwrap(), receipt);
    }
    let unacked: Vec<usize> = (0..N)
        .filter(|i| !acked.iter().any(|(a, _)| a == i))
        .take(20)
        .collect();
    for i in unacked {
        assert!(matches!(server.post(&envelopes[i].1).status, 200 | 201));
    }
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}
