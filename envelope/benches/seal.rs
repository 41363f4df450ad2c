//! Seal and open per suite, plus key-id-only work (`parse_header`).
//! `cargo bench -p envelope --bench seal`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use envelope::{Kem, Meta, SecretKey, open, parse_header, seal};

const RECORD: &[u8] = br#"{"schema":1,"surname":"ERIKSSON","givenNames":"ANNA MARIA","documentNumber":"L898902C3","nationality":"UTO","dateOfBirth":"1974-08-12","sex":"F","dateOfExpiry":"2032-04-15","flight":"XY123","departure":"2025-12-01"}"#;

fn bench(c: &mut Criterion) {
    let meta = Meta::new(
        "6f1c2d3e-4b5a-4c6d-8e7f-90a1b2c3d4e5",
        "2025-11-26T17:29:00Z",
        1,
    );
    for (kem, name) in [(Kem::XWing, "xwing"), (Kem::X25519, "x25519")] {
        let sk = SecretKey::from_bytes([7u8; 32]);
        let cfg = sk.public_config(kem);
        let env = match seal(&cfg, &meta, RECORD) {
            Ok(env) => env,
            Err(e) => {
                eprintln!("seal failed: {e}");
                return;
            }
        };
        c.bench_function(&format!("seal/{name}"), |b| {
            b.iter(|| seal(black_box(&cfg), black_box(&meta), black_box(RECORD)))
        });
        c.bench_function(&format!("open/{name}"), |b| {
            b.iter(|| open(black_box(&sk), black_box(&env)))
        });
        c.bench_function(&format!("parse_header/{name}"), |b| {
            b.iter(|| parse_header(black_box(&env)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
