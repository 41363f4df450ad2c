//! `validate_record` on arbitrary JSON: whatever parses as a `TravelRecord`
//! is validated without a panic, under each document-validity rule; every
//! finding has a code and a field; the record survives a JSON round trip.
#![no_main]

use checker_wasm::{Date, TravelRecord, ValidateOptions, ValidityRule, validate_record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(record) = serde_json::from_slice::<TravelRecord>(data) else {
        return;
    };
    let Some(today) = Date::new(2026, 12, 2) else {
        return;
    };
    for validity in [
        ValidityRule::OnArrival,
        ValidityRule::WholeStay,
        ValidityRule::Months { months: 6 },
    ] {
        let mut options = ValidateOptions::new(today);
        options.validity = validity;
        for issue in validate_record(&record, &options) {
            assert!(!issue.code.code().is_empty());
        }
    }
    let json = serde_json::to_vec(&record).expect("a parsed record serializes");
    let again: TravelRecord = serde_json::from_slice(&json).expect("and parses back");
    assert_eq!(again, record);
});
