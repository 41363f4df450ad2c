//! Integration tests of the checker: one test binary, one module per area.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod fields;
mod layouts;
mod mrz;
mod props;
mod records;

use checker_wasm::Date;
use std::path::PathBuf;

/// The fixed "today" of every test.
pub fn today() -> Date {
    Date::new(2026, 11, 26).unwrap()
}

/// A file under `checker-wasm/testdata/`.
pub fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(rel)
}
