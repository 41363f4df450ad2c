//! Receipt references: 10 characters of Crockford base32, derived from the
//! submission id by [`envelope::reference_of`] (the portal computes the same
//! one before the intake has answered; see `docs/envelope.md`).

pub use envelope::{is_reference, reference_of};
