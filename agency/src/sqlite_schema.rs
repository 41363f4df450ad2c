//! The SQLite intake's schema, and the migration of older databases to it.

use crate::reference;
use crate::store::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// One random index, not two: `submission_id` and `reference` are both
/// random, so every submission lands in a random leaf of each index on
/// them, and a commit writes each leaf it touched whole (a 4 KiB page for
/// a 50-byte entry). Since the reference is derived from the submission id
/// ([`reference::reference_of`]), one unique index on the pair serves the
/// lookups by id (reference computed, then the pair), by reference (its
/// prefix) and keeps ids unique. Rows from schema 1 kept their random
/// references: they are marked `legacy_reference = 1` and have a partial
/// index on `submission_id`, which new rows never enter. `legacy_reference`
/// comes before `envelope` so that reading it never walks the envelope's
/// overflow pages.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS submissions (
    seq              INTEGER PRIMARY KEY,
    submission_id    TEXT NOT NULL,
    reference        TEXT NOT NULL,
    legacy_reference INTEGER NOT NULL DEFAULT 0,
    key_id           TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    envelope         BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS submissions_reference_id
    ON submissions (reference, submission_id);
CREATE UNIQUE INDEX IF NOT EXISTS submissions_legacy_id
    ON submissions (submission_id) WHERE legacy_reference = 1;
CREATE INDEX IF NOT EXISTS submissions_received_at ON submissions (received_at);
";

/// Schema version written to `PRAGMA user_version`.
///
/// 1: references were random and `UNIQUE`. 2: references are derived from
/// the submission id ([`reference::reference_of`]), so two submissions may
/// share one; `submission_id` unique, `reference` indexed. 3: one unique
/// index on `(reference, submission_id)` instead of those two, and
/// `legacy_reference` (see [`SCHEMA`]).
pub(crate) const SCHEMA_VERSION: i64 = 3;

/// The first version with the index on `(reference, submission_id)`.
pub(crate) const PAIR_INDEX_SINCE: i64 = 3;

/// Refuses a database made by a newer version of the intake (read or
/// written, it would be misread).
pub(crate) fn refuse_newer(version: i64) -> Result<(), StoreError> {
    if version > SCHEMA_VERSION {
        return Err(StoreError::new(format!(
            "the database has schema version {version}; this version of agency knows up to {SCHEMA_VERSION}"
        )));
    }
    Ok(())
}

/// Versions 1 and 2 → 3: the table rebuilt (SQLite cannot drop a
/// constraint in place), rows and `seq` kept: the old table is set aside
/// with its indexes, [`SCHEMA`] creates the new one, the rows are copied,
/// then [`mark_legacy`] marks the rows whose reference is not derived.
const MIGRATE_SET_ASIDE: &str = "
ALTER TABLE submissions RENAME TO submissions_old;
DROP INDEX IF EXISTS submissions_received_at;
DROP INDEX IF EXISTS submissions_reference;
";
const MIGRATE_COPY: &str = "
INSERT INTO submissions (seq, submission_id, reference, key_id, received_at, sha256, envelope)
    SELECT seq, submission_id, reference, key_id, received_at, sha256, envelope
    FROM submissions_old ORDER BY seq;
DROP TABLE submissions_old;
";

/// Whether `reference` is not the one derived from `submission_id` (a row
/// of schema 1, or copied from such a database).
pub(crate) fn is_legacy(submission_id: &str, reference: &str) -> bool {
    reference != reference::reference_of(submission_id)
}

/// Sets `legacy_reference` on the rows whose reference is not derived.
fn mark_legacy(tx: &rusqlite::Transaction<'_>) -> Result<u64, StoreError> {
    let legacy: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT seq, submission_id, reference FROM submissions")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut legacy = Vec::new();
        for row in rows {
            let (seq, id, reference) = row?;
            if is_legacy(&id, &reference) {
                legacy.push(seq);
            }
        }
        legacy
    };
    let mut mark = tx.prepare("UPDATE submissions SET legacy_reference = 1 WHERE seq = ?1")?;
    for seq in &legacy {
        mark.execute([seq])?;
    }
    Ok(legacy.len() as u64)
}

/// Creates the schema, or brings an older database to [`SCHEMA_VERSION`].
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    refuse_newer(version)?;
    let migrating = version == 1 || version == 2;
    if migrating {
        let rows: i64 = tx.query_row("SELECT count(*) FROM submissions", [], |r| r.get(0))?;
        tracing::info!(
            from = version,
            to = SCHEMA_VERSION,
            rows,
            "migrating the database"
        );
        tx.execute_batch(MIGRATE_SET_ASIDE)?;
        tx.execute_batch(SCHEMA)?;
        tx.execute_batch(MIGRATE_COPY)?;
        let legacy = mark_legacy(&tx)?;
        tracing::info!(rows, legacy, "migrated");
    } else {
        tx.execute_batch(SCHEMA)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    if migrating {
        // The copy went through the WAL, which would otherwise keep its size
        // (that of the table) on disk for as long as the intake runs.
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    }
    Ok(())
}
