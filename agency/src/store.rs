//! Storage of received envelopes, behind a small trait so that another
//! backend (PostgreSQL) can follow the SQLite one ([`crate::sqlite`]).
//!
//! Only what the intake may know is stored: the ciphertext, its SHA-256,
//! the submission id and key id from the envelope header, the time of
//! receipt and the reference handed to the traveler. Nothing personal.

use serde::Serialize;
use std::fmt;
use std::ops::ControlFlow;
use std::sync::mpsc;

/// A submission to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubmission {
    /// `submissionId` from the envelope meta (a UUID).
    pub submission_id: String,
    /// Key id from the envelope header, lowercase hex.
    pub key_id: String,
    /// SHA-256 of the envelope bytes, lowercase hex.
    pub sha256: String,
    /// Receipt time, RFC 3339 UTC with microseconds (`2025-01-01T00:00:00.000000Z`).
    pub received_at: String,
    /// The envelope, exactly as received.
    pub envelope: Vec<u8>,
}

/// What the traveler is given back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    /// Short human-friendly code (10 characters, Crockford base32).
    pub reference: String,
    /// When the envelope was first received (RFC 3339 UTC).
    pub received_at: String,
    /// SHA-256 of the envelope bytes, lowercase hex.
    pub sha256: String,
}

/// Result of [`Store::put`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutOutcome {
    /// Newly stored and committed.
    Created(Receipt),
    /// The same `submissionId` with the same bytes was stored before: the
    /// first receipt.
    Duplicate(Receipt),
    /// The same `submissionId` was stored before with other bytes.
    Conflict,
}

/// One stored submission, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSubmission {
    /// Reference given to the traveler.
    pub reference: String,
    /// `submissionId` from the envelope.
    pub submission_id: String,
    /// Key id (hex).
    pub key_id: String,
    /// Receipt time, RFC 3339 UTC.
    pub received_at: String,
    /// SHA-256 (hex).
    pub sha256: String,
    /// The envelope bytes.
    pub envelope: Vec<u8>,
}

/// A storage failure. The message names no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    message: String,
}

impl StoreError {
    /// A failure with a message.
    pub fn new(message: impl Into<String>) -> Self {
        StoreError {
            message: message.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "storage error: {}", self.message)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::new(e.to_string())
    }
}

/// Callback receiving the outcome of [`Store::put_with`].
pub type PutReply = Box<dyn FnOnce(Result<PutOutcome, StoreError>) + Send>;

/// Durable storage of envelopes.
pub trait Store: Send + Sync {
    /// Stores `sub` and calls `reply` once the outcome is durable (for
    /// [`PutOutcome::Created`]: after the commit). May call `reply` on
    /// another thread; never blocks on I/O itself.
    fn put_with(&self, sub: NewSubmission, reply: PutReply);

    /// Blocking form of [`Store::put_with`].
    fn put(&self, sub: NewSubmission) -> Result<PutOutcome, StoreError> {
        let (tx, rx) = mpsc::sync_channel(1);
        self.put_with(
            sub,
            Box::new(move |outcome| {
                let _ = tx.send(outcome);
            }),
        );
        rx.recv()
            .unwrap_or_else(|_| Err(StoreError::new("the writer stopped without answering")))
    }

    /// Calls `each` for every submission received at or after `since`
    /// (RFC 3339 UTC in the stored format; `None` for all), oldest first,
    /// until it returns [`ControlFlow::Break`].
    fn list_since(
        &self,
        since: Option<&str>,
        each: &mut dyn FnMut(StoredSubmission) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;

    /// Whether the store can take writes now.
    fn health(&self) -> Result<(), StoreError>;

    /// Number of stored submissions.
    fn count(&self) -> Result<u64, StoreError>;

    /// Bytes free for this store's writes, when the store can tell (SQLite:
    /// the file system holding the database, as available to this user).
    /// `Ok(None)`: unknown, no watermark applies. Must be cheap (one system
    /// call, no I/O through the writer); the server caches it for a second.
    fn free_bytes(&self) -> Result<Option<u64>, StoreError> {
        Ok(None)
    }
}
