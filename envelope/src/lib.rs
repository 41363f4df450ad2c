//! Envelope v1.
