//! The options every check takes: `today` (the library has no clock), the
//! document-validity rule and the group rules.

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// How long a document must stay valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "rule")]
pub enum ValidityRule {
    /// Valid on the day of arrival.
    OnArrival,
    /// Valid until the last day of the stay.
    WholeStay,
    /// Valid for at least `months` months after arrival.
    Months {
        /// Months after arrival.
        months: u8,
    },
}

/// Options for [`validate_record`] and the field validators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidateOptions {
    /// Today's date (the library has no clock).
    pub today: Date,
    /// Document-validity rule.
    pub validity: ValidityRule,
    /// Age from which a traveler counts as an adult (default 18).
    pub adult_age: u32,
    /// Most travelers in one submission (default 30).
    pub max_travelers: usize,
}

impl ValidateOptions {
    /// Defaults for `today`: valid on arrival, adults from 18, up to 30 travelers.
    pub fn new(today: Date) -> Self {
        ValidateOptions {
            today,
            validity: ValidityRule::OnArrival,
            adult_age: 18,
            max_travelers: 30,
        }
    }
}
