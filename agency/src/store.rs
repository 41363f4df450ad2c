//! Storage of received envelopes, behind two small traits: [`Archive`]
//! (reading, used by `export`, `open` and `backup`) and [`Store`] (the
//! intake's writes). Two backends: SQLite ([`crate::sqlite`], one file) and
//! PostgreSQL ([`crate::postgres`], several intake instances on one
//! database). [`open_store`] and [`open_archive`] pick one from `--db`.
//!
//! Only what the intake may know is stored: the ciphertext, its SHA-256,
//! the submission id and key id from the envelope header, the time of
//! receipt and the reference handed to the traveler. Nothing personal.

use crate::receipt::ReceiptKey;
use serde::Serialize;
use std::fmt;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
    /// The receipt's signature, when the store made it (see
    /// [`Store::sign_receipts_with`]); otherwise the server signs.
    #[serde(skip)]
    pub signature: Option<ReceiptSignature>,
}

impl Receipt {
    /// A receipt not yet signed.
    pub fn unsigned(reference: String, received_at: String, sha256: String) -> Receipt {
        Receipt {
            reference,
            received_at,
            sha256,
            signature: None,
        }
    }
}

/// A receipt signature made by the store, with the key id that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptSignature {
    /// Key id of the receipt key ([`ReceiptKey::kid`]).
    pub kid: String,
    /// Ed25519 signature, base64url without padding.
    pub signature: String,
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

impl PutOutcome {
    /// The receipt handed back, if any.
    pub fn receipt(&self) -> Option<&Receipt> {
        match self {
            PutOutcome::Created(r) | PutOutcome::Duplicate(r) => Some(r),
            PutOutcome::Conflict => None,
        }
    }

    /// The receipt handed back, if any, to sign it.
    pub fn receipt_mut(&mut self) -> Option<&mut Receipt> {
        match self {
            PutOutcome::Created(r) | PutOutcome::Duplicate(r) => Some(r),
            PutOutcome::Conflict => None,
        }
    }
}

/// Fewest receipts in a batch for a store to sign them on another thread
/// while its commit is flushed; fewer are signed after the commit (handing
/// them over would cost more than it saves).
pub const PARALLEL_SIGN_MIN: usize = 4;

/// What [`ReceiptKey::signatures`] signs for each of a batch's receipts
/// (each with its submission id), in their order.
pub fn signing_inputs<'a>(receipts: impl Iterator<Item = (&'a Receipt, &'a str)>) -> Vec<String> {
    receipts
        .map(|(r, id)| crate::receipt::signing_input(&r.reference, id, &r.sha256, &r.received_at))
        .collect()
}

/// Gives each receipt its signature, made by `key` from [`signing_inputs`]
/// over the same receipts in the same order.
pub fn attach_signatures<'a>(
    key: &ReceiptKey,
    receipts: impl Iterator<Item = &'a mut Receipt>,
    signatures: Vec<String>,
) {
    for (r, signature) in receipts.zip(signatures) {
        r.signature = Some(ReceiptSignature {
            kid: key.kid().to_owned(),
            signature,
        });
    }
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

/// Read access to stored submissions, from either backend.
pub trait Archive: Send + Sync {
    /// Calls `each` for every submission received at or after `since`
    /// (RFC 3339 UTC in the stored format; `None` for all), oldest first,
    /// until it returns [`ControlFlow::Break`]. The rows seen are one
    /// consistent snapshot (one statement in SQLite, one repeatable-read
    /// transaction in PostgreSQL).
    fn list_since(
        &self,
        since: Option<&str>,
        each: &mut dyn FnMut(StoredSubmission) -> ControlFlow<()>,
    ) -> Result<(), StoreError>;

    /// Number of stored submissions.
    fn count(&self) -> Result<u64, StoreError>;

    /// The submission with this `submissionId`, if stored.
    fn find(&self, submission_id: &str) -> Result<Option<StoredSubmission>, StoreError>;

    /// The submissions with this reference (usually one; references are
    /// 50 bits, so two submissions may share one).
    fn find_reference(&self, reference: &str) -> Result<Vec<StoredSubmission>, StoreError>;

    /// Writes a consistent copy of every submission into `out`, an empty
    /// file that becomes a SQLite intake database (the one backup format of
    /// both backends). Returns the number of rows copied. The default copies
    /// one [`Archive::list_since`] snapshot; SQLite uses `VACUUM INTO`.
    fn backup_into(&self, out: &Path) -> Result<u64, StoreError> {
        crate::sqlite::copy_into(out, &mut |each| self.list_since(None, each))
    }
}

/// Where `--db` points: a PostgreSQL URL or a SQLite file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbTarget {
    /// `postgres://…` or `postgresql://…`.
    Postgres(String),
    /// Anything else: a SQLite file.
    Sqlite(PathBuf),
}

impl DbTarget {
    /// Reads a `--db` value.
    pub fn parse(db: &str) -> DbTarget {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            DbTarget::Postgres(db.to_owned())
        } else {
            DbTarget::Sqlite(PathBuf::from(db))
        }
    }

    /// For messages: the file, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            DbTarget::Sqlite(p) => p.display().to_string(),
            DbTarget::Postgres(url) => crate::postgres::redact_url(url),
        }
    }
}

/// Opens the intake's store (creating or migrating the schema).
pub fn open_store(db: &DbTarget) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match db {
        DbTarget::Sqlite(p) => Arc::new(crate::sqlite::SqliteStore::open(p)?),
        DbTarget::Postgres(url) => Arc::new(crate::postgres::PgStore::open(
            url,
            crate::postgres::PgOptions::default(),
        )?),
    })
}

/// Opens an existing intake database for reading (never creates one).
pub fn open_archive(db: &DbTarget) -> Result<Box<dyn Archive>, StoreError> {
    Ok(match db {
        DbTarget::Sqlite(p) => Box::new(crate::sqlite::SqliteReader::open(p)?),
        DbTarget::Postgres(url) => Box::new(crate::postgres::PgStore::open_existing(url)?),
    })
}

/// Durable storage of envelopes.
pub trait Store: Archive {
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

    /// Whether the store can take writes now.
    fn health(&self) -> Result<(), StoreError>;

    /// Bytes free for this store's writes, when the store can tell (SQLite:
    /// the file system holding the database, as available to this user).
    /// `Ok(None)`: unknown, no watermark applies. Must be cheap (one system
    /// call, no I/O through the writer); the server caches it for a second.
    fn free_bytes(&self) -> Result<Option<u64>, StoreError> {
        Ok(None)
    }

    /// Finishes what is queued and stops writing (also done on drop).
    fn close(&self) {}

    /// Asks the store to sign the receipts it hands back with `key`
    /// ([`Receipt::signature`]), e.g. while its commit is being flushed.
    /// The default ignores it (the server then signs).
    fn sign_receipts_with(&self, key: &ReceiptKey) {
        let _ = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(i: usize) -> NewSubmission {
        let body = format!("envelope {i}").into_bytes();
        NewSubmission {
            submission_id: format!("1b4e28ba-2fa1-4d3b-a3f5-{i:012x}"),
            key_id: "0011223344556677".into(),
            sha256: crate::util::sha256_hex(&body),
            received_at: "2026-11-26T17:44:55.829206Z".into(),
            envelope: body,
        }
    }

    /// Signs with `store`: every receipt of 200 concurrent puts (batched
    /// by the store) carries the key's signature, and a replay gets the
    /// same receipt, signature included.
    fn signs_receipts(store: &dyn Store) {
        let key = ReceiptKey::from_bytes(&[3; 32]);
        store.sign_receipts_with(&key);
        let (tx, rx) = mpsc::channel();
        for i in 0..200 {
            let tx = tx.clone();
            store.put_with(sub(i), Box::new(move |r| tx.send((i, r)).unwrap()));
        }
        drop(tx);
        let mut n = 0;
        for (i, outcome) in rx {
            let PutOutcome::Created(r) = outcome.unwrap() else {
                panic!("not created")
            };
            let id = sub(i).submission_id;
            let s = r.signature.clone().unwrap();
            assert_eq!(s.kid, key.kid());
            assert_eq!(
                s.signature,
                key.signature(&r.reference, &id, &r.sha256, &r.received_at)
            );
            let signed =
                key.with_signature(&r.reference, &id, &r.sha256, &r.received_at, s.signature);
            assert_eq!(signed.verify(&key.config()), Ok(()));
            n += 1;
        }
        assert_eq!(n, 200);
        let PutOutcome::Created(first) = store.put(sub(200)).unwrap() else {
            panic!("not created")
        };
        assert!(first.signature.is_some());
        assert_eq!(store.put(sub(200)).unwrap(), PutOutcome::Duplicate(first));
    }

    /// The SQLite store signs during its commit.
    #[test]
    fn the_sqlite_store_signs_receipts() {
        let dir = crate::util::temp_dir("store-sign");
        let store = crate::sqlite::SqliteStore::open(&dir.join("db.sqlite")).unwrap();
        signs_receipts(&store);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// The PostgreSQL store signs while its commit is flushed, too.
    #[test]
    fn the_postgres_store_signs_receipts() {
        let Some(cluster) = crate::test_pg::PgCluster::start("store-sign") else {
            return;
        };
        let url = cluster.fresh_db("store_sign");
        let store =
            crate::postgres::PgStore::open(&url, crate::postgres::PgOptions::default()).unwrap();
        signs_receipts(&store);
        store.close();
    }
}
