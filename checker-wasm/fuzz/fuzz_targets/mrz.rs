//! `validate_mrz` on arbitrary UTF-8: never panics, `valid` agrees with the
//! severities, and a suggestion always passes every check digit.
#![no_main]

use checker_wasm::{Date, Severity, validate_mrz};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Some(today) = Date::new(2026, 11, 26) else {
        return;
    };
    let report = validate_mrz(text, today);
    assert_eq!(
        report.valid,
        !report.issues.iter().any(|i| i.severity == Severity::Error)
    );
    if let Some(s) = &report.suggestion {
        assert!(!report.valid);
        let again = validate_mrz(&s.lines.join("\n"), today);
        assert!(
            !again
                .issues
                .iter()
                .any(|i| i.code.code() == "mrz.checkDigit")
        );
    }
});
