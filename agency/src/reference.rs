//! Receipt references: 10 characters of Crockford base32, derived from the
//! submission id by [`envelope::reference_of`] (the portal computes the same
//! one before the intake has answered; see `docs/envelope.md`).

pub use envelope::{
    REFERENCE_ALPHABET as ALPHABET, REFERENCE_LEN as LEN, encode_reference as encode, is_reference,
    reference_of,
};
