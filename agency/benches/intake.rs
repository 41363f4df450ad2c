//! The intake's CPU per request, piece by piece (informational; no budget):
//! the receipt signature, the SHA-256 of a largest-size envelope, and the
//! reading of an envelope's header and meta that `submit` does.
//!
//! ```text
//! cargo bench -p agency --bench intake
//! ```

use agency::envelope_api::{self as envelope, Kem};
use agency::receipt::ReceiptKey;
use agency::{keys, server, util};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const SID: &str = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
const AT: &str = "2026-11-26T17:44:55.829206Z";
const RECORD: &[u8] = br#"{"schema":1,"travelers":[{"documentCode":"P","documentNumber":"TR1234567","issuingState":"TWN","expiryDate":"2031-05-01","surname":"LIN","givenNames":"MEI HUA","birthDate":"1988-03-14","sex":"F","nationality":"TWN"}],"trip":{"flight":"BR198","departureAirport":"TPE","arrivalAirport":"NRT","departureDate":"2026-12-01","arrivalDate":"2026-12-01","purpose":"tourism","addressInJapan":"1-1 Marunouchi, Chiyoda-ku, Tokyo","lengthOfStayDays":7},"contact":{"email":"mei@example.com","phone":"+886912345678"}}"#;

fn receipt(c: &mut Criterion) {
    let key = ReceiptKey::from_bytes(&[7; 32]);
    let sha = util::sha256_hex(b"envelope");
    c.bench_function("receipt signature (expanded key)", |b| {
        b.iter(|| key.signature(black_box("33A7BHNFP6"), SID, &sha, AT));
    });
    c.bench_function("receipt signed and serialized", |b| {
        b.iter(|| serde_json::to_vec(&key.sign(black_box("33A7BHNFP6"), SID, &sha, AT)));
    });
}

fn digest(c: &mut Criterion) {
    let body = vec![0xa5u8; server::DEFAULT_MAX_BODY];
    c.bench_function("sha256 of a 39,041-byte envelope", |b| {
        b.iter(|| util::sha256_hex(black_box(&body)));
    });
}

fn parsing(c: &mut Criterion) {
    let Ok((_, config)) = envelope::generate_keypair_os(Kem::X25519) else {
        eprintln!("no random generator: parsing not measured");
        return;
    };
    let Ok((_, sealed)) = keys::seal_record(&config, RECORD) else {
        eprintln!("sealing failed: parsing not measured");
        return;
    };
    c.bench_function(
        &format!("envelope header and meta read ({} bytes)", sealed.len()),
        |b| {
            b.iter(|| {
                envelope::parse_header(black_box(&sealed))
                    .map(|h| server::check_meta(&h.meta).is_ok())
            });
        },
    );
    c.bench_function("submission time and key id formatted", |b| {
        b.iter(|| (util::now_utc(), util::hex(black_box(&[1u8; 8]))));
    });
}

criterion_group!(benches, receipt, digest, parsing);
criterion_main!(benches);
