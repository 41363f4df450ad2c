//! Criterion benches of `validate_mrz`: each format, valid and with one
//! check-digit error (which also runs the repair search).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use checker_wasm::{Date, validate_mrz};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const CASES: &[(&str, &str)] = &[
    (
        "TD3 valid",
        "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234568JPN7310227M3304156<<<<<<<<<<<<<<08",
    ),
    (
        "TD3 check-digit error",
        "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234563JPN7310227M3304156<<<<<<<<<<<<<<08",
    ),
    (
        "TD3 confusion (repair)",
        "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<\nTK01234568JPN731O227M3304156<<<<<<<<<<<<<<08",
    ),
    (
        "TD3 run together",
        "P<JPNSUZUKI<<ICHIRO<<<<<<<<<<<<<<<<<<<<<<<<<TK01234568JPN7310227M3304156<<<<<<<<<<<<<<08",
    ),
    (
        "TD3 specimen, expired (warnings) valid",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ),
    (
        "TD1 valid",
        "I<NLDSPECI20142999999990<<<<<<\n6503101F3003105NLDXY9<<<<<<<<6\nDE<BRUIJN<<WILLEKE<<<<<<<<<<<<",
    ),
    (
        "TD1 check-digit error",
        "I<NLDSPECI20142999999990<<<<<<\n6503101F3003105NLDXY9<<<<<<<<1\nDE<BRUIJN<<WILLEKE<<<<<<<<<<<<",
    ),
    (
        "TD2 valid",
        "I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<\nABCD12345<FRA7512319F29010196780<<<4",
    ),
    (
        "TD2 check-digit error",
        "I<FRADUPONT<<MARIE<<<<<<<<<<<<<<<<<<\nABCD12345<FRA7512318F29010196780<<<4",
    ),
    (
        "MRVA valid",
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    ),
    (
        "MRVA check-digit error",
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C3XXX4009078F96121096ZE184226B<<<<<<",
    ),
    (
        "MRVB valid",
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<",
    ),
    (
        "MRVB check-digit error",
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009071F9612109<<<<<<<<",
    ),
];

fn bench(c: &mut Criterion) {
    let today = Date::new(2026, 11, 26).unwrap();
    let mut group = c.benchmark_group("validate_mrz");
    group.throughput(Throughput::Elements(1));
    for (name, text) in CASES {
        // The cases are what their names say.
        let r = validate_mrz(text, today);
        assert_eq!(
            r.valid,
            name.ends_with("valid") || name.ends_with("together"),
            "{name}: {:?}",
            r.issues
        );
        group.bench_function(*name, |b| {
            b.iter(|| validate_mrz(black_box(text), black_box(today)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
