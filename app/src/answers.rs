//! The answers as they stand now, read (untracked) from the form's
//! signals and handed to the pure checks of [`crate::checks`], which know
//! nothing of Leptos.

use crate::checks;
use checker_wasm::ValidateOptions;
use checker_wasm::record::TravelRecord;
use checker_wasm::record::ValidityRule;
use leptos::prelude::*;

/// Checker options for today under the agency's document-validity rule.
pub fn options() -> ValidateOptions {
    checks::options(crate::state::config().map_or(ValidityRule::OnArrival, |c| c.validity))
}

/// The whole record as the answers stand now (read untracked).
pub fn record() -> TravelRecord {
    let f = crate::state::form();
    f.travelers.with_untracked(|all| {
        f.trip.with_untracked(|trip| {
            f.contact
                .with_untracked(|c| checks::build_record(all, trip, c))
        })
    })
}
