//! Pre-departure travel-document checker.
//!
//! A pure library: no browser, no clock, no I/O. Everything that depends on
//! the current date takes `today` as an argument. Findings are data
//! ([`Issue`]) with a stable [`Code`], so user interfaces translate them.
//!
//! * [`validate_mrz`] — ICAO Doc 9303 machine-readable zones (TD1, TD2, TD3,
//!   MRV-A, MRV-B), detected automatically, with check-digit repair
//!   suggestions.
//! * [`fields`] — single form fields (names, dates, flight numbers, airports,
//!   email, phone, postal codes …).
//! * [`record`] — the [`TravelRecord`] that travelers submit and agencies
//!   receive, and [`validate_record`].
#![forbid(unsafe_code)]

pub mod airports;
pub mod countries;
pub mod date;
pub mod fields;
pub mod issue;
pub mod mrz;
pub mod options;
pub mod record;
pub mod text;
pub mod translit;

/// The JS API (wasm-bindgen), a facade over the rest: compiled for
/// WebAssembly with the `js-api` feature (the npm package), left out of
/// Rust users' modules (the portal turns the feature off).
#[cfg(all(target_arch = "wasm32", feature = "js-api"))]
pub mod wasm;

pub use date::Date;
pub use issue::{Code, Issue, Params, Severity};
pub use mrz::{MrzFields, MrzFormat, MrzReport, Suggestion, validate_mrz, validate_mrz_bytes};
pub use record::{TravelRecord, ValidateOptions, ValidityRule, validate_record};
