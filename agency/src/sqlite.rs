//! SQLite implementation of [`Store`]: WAL journal, `synchronous=FULL`, and
//! one writer thread doing group commit.
//!
//! Every [`Store::put_with`] is queued to the writer thread. The writer takes
//! everything that is waiting (up to [`MAX_BATCH`]), runs the inserts in one
//! `BEGIN IMMEDIATE … COMMIT` transaction, and only after the commit has
//! returned (the WAL is fsynced with `synchronous=FULL`) answers every
//! request of the batch. One fsync is thus shared by all the submissions
//! that arrived while the previous one was running. While the commit is
//! being flushed, a helper thread signs the batch's receipts (when the
//! server gave the store its receipt key), and the WAL is copied into the
//! database file by the checkpointer ([`crate::sqlite_checkpoint`]), not
//! by the writer.
//!
//! The schema and its migrations are in [`crate::sqlite_schema`].
//!
//! Longer than 500 lines: about 580 of code (the writer thread's group
//! commit, reads, copies), then its unit tests, which need the private
//! writer.

use crate::receipt::ReceiptKey;
use crate::reference;
use crate::sqlite_checkpoint::{self as checkpoint, Checkpointer};
use crate::sqlite_schema::{PAIR_INDEX_SINCE, is_legacy, migrate, refuse_newer};
use crate::store::{
    self, Archive, NewSubmission, PutOutcome, PutReply, Receipt, Store, StoreError,
    StoredSubmission,
};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

/// Most submissions committed in one transaction.
pub const MAX_BATCH: usize = 1024;

/// Page size of a new database: 4 KiB, SQLite's default, set explicitly.
/// Each submission dirties a leaf of an index at random (of two, before
/// schema 3: `crate::sqlite_schema`), and WAL mode writes a whole page per
/// dirty page per commit, so smaller pages write fewer bytes: with schema 2,
/// 14.6 KB per 4.3 KB submission with 1 KiB pages (WAL and checkpoint),
/// 20 KB with 4 KiB. But the envelope then spans five
/// overflow pages instead of one, and every page is two `pwrite`s to the
/// WAL and one read and one write in the checkpoint: 29 file syscalls per
/// submission at 1 KiB, 11 at 4 KiB. On the 2-core machine the syscalls
/// cost more than the bytes: 73–85 µs of CPU per submission at 4 KiB
/// against 85–103 µs, 15,300–18,800/s against 13,600–16,000/s (paired runs
/// of `agency-load`, 2026-12-04; `docs/agency.md`, "Storage"). An existing
/// database keeps the page size it was made with (SQLite changes it only by
/// `VACUUM`).
pub const NEW_DB_PAGE_SIZE: i64 = 4096;

/// How long a connection waits for a lock held by another process.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// How long [`Store::health`] waits for the writer.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(5);

type PingReply = Box<dyn FnOnce(Result<(), StoreError>) + Send>;

enum Job {
    Put(NewSubmission, PutReply),
    Ping(PingReply),
}

/// The SQLite store. Dropping it lets the writer finish the queue and stop.
#[derive(Debug)]
pub struct SqliteStore {
    sender: Mutex<Option<Sender<Job>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    reader: SqliteReader,
    path: PathBuf,
    signer: Arc<Mutex<Option<ReceiptKey>>>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Job::Put(sub, _) => f.debug_tuple("Put").field(&sub.submission_id).finish(),
            Job::Ping(_) => f.write_str("Ping"),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Only takes effect on an empty database, and only before WAL mode.
    conn.pragma_update(None, "page_size", NEW_DB_PAGE_SIZE)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::new(format!(
            "could not switch to WAL (journal_mode = {mode})"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and starts the
    /// writer and the checkpointer.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        Self::open_with_wal_bound(path, checkpoint::WAL_BOUND_BYTES)
    }

    /// [`SqliteStore::open`] with another bound of the WAL's size (tests).
    pub fn open_with_wal_bound(path: &Path, wal_bound: u64) -> Result<SqliteStore, StoreError> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrate(&mut conn)?;
        let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        if sync != 2 {
            return Err(StoreError::new("could not set synchronous = FULL"));
        }
        checkpoint::bound_writer(&conn, wal_bound)?;
        let reader = SqliteReader::open(path)?;
        let checkpointer = Checkpointer::start(path)?;
        let signer = Arc::new(Mutex::new(None));
        let (tx, rx) = mpsc::channel();
        let writer_signer = signer.clone();
        let writer = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || writer_loop(conn, &rx, checkpointer, &writer_signer))
            .map_err(|e| StoreError::new(format!("cannot start the writer thread: {e}")))?;
        Ok(SqliteStore {
            sender: Mutex::new(Some(tx)),
            writer: Mutex::new(Some(writer)),
            reader,
            path: path.to_path_buf(),
            signer,
        })
    }

    fn send(&self, job: Job) -> Result<(), Box<Job>> {
        match lock(&self.sender).as_ref() {
            Some(tx) => tx.send(job).map_err(|e| Box::new(e.0)),
            None => Err(Box::new(job)),
        }
    }

    /// Stops the writer after it has finished everything queued.
    pub fn close(&self) {
        drop(lock(&self.sender).take());
        if let Some(handle) = lock(&self.writer).take() {
            let _ = handle.join();
        }
    }
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        self.close();
    }
}

impl Archive for SqliteStore {
    fn list_since(
        &self,
        since: Option<&str>,
        each: &mut dyn FnMut(StoredSubmission) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        self.reader.list_since(since, each)
    }

    fn count(&self) -> Result<u64, StoreError> {
        self.reader.count()
    }

    fn find(&self, submission_id: &str) -> Result<Option<StoredSubmission>, StoreError> {
        self.reader.find(submission_id)
    }

    fn find_reference(&self, reference: &str) -> Result<Vec<StoredSubmission>, StoreError> {
        self.reader.find_reference(reference)
    }

    fn backup_into(&self, out: &Path) -> Result<u64, StoreError> {
        self.reader.backup_into(out)
    }
}

impl Store for SqliteStore {
    fn put_with(&self, sub: NewSubmission, reply: PutReply) {
        if let Err(job) = self.send(Job::Put(sub, reply))
            && let Job::Put(_, reply) = *job
        {
            reply(Err(StoreError::new("the writer has stopped")));
        }
    }

    fn health(&self) -> Result<(), StoreError> {
        let (tx, rx) = mpsc::sync_channel(1);
        let ping = Job::Ping(Box::new(move |r| {
            let _ = tx.send(r);
        }));
        if self.send(ping).is_err() {
            return Err(StoreError::new("the writer has stopped"));
        }
        match rx.recv_timeout(HEALTH_TIMEOUT) {
            Ok(r) => r,
            Err(_) => Err(StoreError::new("the writer did not answer in time")),
        }
    }

    fn close(&self) {
        SqliteStore::close(self);
    }

    fn sign_receipts_with(&self, key: &ReceiptKey) {
        *lock(&self.signer) = Some(key.clone());
    }

    fn free_bytes(&self) -> Result<Option<u64>, StoreError> {
        let dir = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let st = rustix::fs::statvfs(dir)
            .map_err(|e| StoreError::new(format!("statvfs of the database folder: {e}")))?;
        Ok(Some(st.f_bavail.saturating_mul(st.f_frsize)))
    }
}

fn writer_loop(
    mut conn: Connection,
    rx: &Receiver<Job>,
    mut checkpointer: Checkpointer,
    signer: &Mutex<Option<ReceiptKey>>,
) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let key = lock(signer).clone();
        if run_batch(&mut conn, batch, key.as_ref()) {
            checkpointer.committed();
        }
    }
    // Leave the database tidy: fold the WAL into the main file.
    checkpointer.stop();
    let _ = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
}

enum Pending {
    Put(PutReply, Result<PutOutcome, StoreError>, String),
    Ping(PingReply),
}

/// Signs the receipts of `pending` with `key`, all in one batch
/// ([`ReceiptKey::signatures`]).
fn sign_all(key: &ReceiptKey, pending: &mut [Pending]) {
    let inputs = store::signing_inputs(pending.iter().filter_map(|p| match p {
        Pending::Put(_, Ok(outcome), id) => Some((outcome.receipt()?, id.as_str())),
        _ => None,
    }));
    let receipts = pending.iter_mut().filter_map(|p| match p {
        Pending::Put(_, Ok(outcome), _) => outcome.receipt_mut(),
        _ => None,
    });
    store::attach_signatures(key, receipts, key.signatures(&inputs));
}

/// Commits `tx`; with `key`, signs the receipts of `pending` meanwhile on
/// a helper thread (or after the commit, for a few).
fn commit_signing(
    tx: rusqlite::Transaction<'_>,
    pending: &mut [Pending],
    key: Option<&ReceiptKey>,
) -> rusqlite::Result<()> {
    let Some(key) = key else {
        return tx.commit();
    };
    if pending.len() < store::PARALLEL_SIGN_MIN {
        let committed = tx.commit();
        if committed.is_ok() {
            sign_all(key, pending);
        }
        return committed;
    }
    let (committed, signed) = std::thread::scope(|scope| {
        let signing = std::thread::Builder::new()
            .name("receipt-signer".into())
            .spawn_scoped(scope, || sign_all(key, pending));
        let committed = tx.commit();
        // A signer that failed leaves receipts unsigned: the server signs.
        let signed = signing.map(|handle| drop(handle.join())).is_ok();
        (committed, signed)
    });
    if !signed && committed.is_ok() {
        sign_all(key, pending);
    }
    committed
}

/// Runs one batch in one transaction; whether it was committed.
fn run_batch(conn: &mut Connection, batch: Vec<Job>, key: Option<&ReceiptKey>) -> bool {
    let tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => {
            let err = StoreError::from(e);
            for job in batch {
                match job {
                    Job::Put(_, reply) => reply(Err(err.clone())),
                    Job::Ping(reply) => reply(Err(err.clone())),
                }
            }
            return false;
        }
    };
    let mut pending = Vec::with_capacity(batch.len());
    for job in batch {
        match job {
            Job::Put(sub, reply) => {
                let outcome = put_one(&tx, &sub);
                pending.push(Pending::Put(reply, outcome, sub.submission_id));
            }
            Job::Ping(reply) => pending.push(Pending::Ping(reply)),
        }
    }
    match commit_signing(tx, &mut pending, key) {
        Ok(()) => {
            for p in pending {
                match p {
                    Pending::Put(reply, outcome, _) => reply(outcome),
                    Pending::Ping(reply) => reply(Ok(())),
                }
            }
            true
        }
        Err(e) => {
            // Nothing of this batch is durable: every request fails, including
            // duplicates that may have pointed at a row of this batch.
            let err = StoreError::from(e);
            for p in pending {
                match p {
                    Pending::Put(reply, ..) => reply(Err(err.clone())),
                    Pending::Ping(reply) => reply(Err(err.clone())),
                }
            }
            false
        }
    }
}

/// The condition that finds a submission by id, `?1` its derived reference
/// and `?2` the id: the pair in the unique index, or a schema-1 row in the
/// partial one (each an index lookup; `a_lookup_by_id_uses_the_indexes`).
/// A macro, so that the queries built on it are literals (`concat!`).
macro_rules! by_id {
    () => {
        "seq = coalesce(
    (SELECT seq FROM submissions WHERE reference = ?1 AND submission_id = ?2),
    (SELECT seq FROM submissions WHERE legacy_reference = 1 AND submission_id = ?2))"
    };
}

fn put_one(tx: &rusqlite::Transaction<'_>, sub: &NewSubmission) -> Result<PutOutcome, StoreError> {
    // The reference is the submission id's (the portal showed it already);
    // two submissions may share one (see `reference`), so no retry here.
    let reference = reference::reference_of(&sub.submission_id);
    let existing: Option<(String, String, String)> = tx
        .prepare_cached(concat!(
            "SELECT reference, received_at, sha256 FROM submissions WHERE ",
            by_id!()
        ))?
        .query_row([&reference, &sub.submission_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    if let Some((reference, received_at, sha256)) = existing {
        return Ok(if sha256 == sub.sha256 {
            PutOutcome::Duplicate(Receipt::unsigned(reference, received_at, sha256))
        } else {
            PutOutcome::Conflict
        });
    }
    tx.prepare_cached(
        "INSERT INTO submissions (submission_id, reference, key_id, received_at, sha256, envelope)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        sub.submission_id,
        reference,
        sub.key_id,
        sub.received_at,
        sub.sha256,
        sub.envelope
    ])?;
    Ok(PutOutcome::Created(Receipt::unsigned(
        reference,
        sub.received_at.clone(),
        sub.sha256.clone(),
    )))
}

/// Read access to an intake database (used by the store and by `export`).
#[derive(Debug)]
pub struct SqliteReader {
    conn: Mutex<Connection>,
    path: PathBuf,
    /// The database's schema version: `export` or `open` may read a
    /// database that no intake of this version has migrated yet.
    version: i64,
}

impl SqliteReader {
    /// Opens an existing database for reading (never creates one).
    pub fn open(path: &Path) -> Result<SqliteReader, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let has_table: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'submissions'",
            [],
            |r| r.get(0),
        )?;
        if !has_table {
            return Err(StoreError::new(format!(
                "{} is not an intake database",
                path.display()
            )));
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        refuse_newer(version)?;
        Ok(SqliteReader {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            version,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

const COLUMNS: &str = "reference, submission_id, key_id, received_at, sha256, envelope";

/// [`Archive::find`]'s query (`?1` the derived reference, `?2` the id) on
/// a database of schema `version` (before 3, `submission_id` had a unique
/// index of its own).
fn find_by_id_sql(version: i64) -> String {
    if version < PAIR_INDEX_SINCE {
        format!("SELECT {COLUMNS} FROM submissions WHERE submission_id = ?2")
    } else {
        format!("SELECT {COLUMNS} FROM submissions WHERE {}", by_id!())
    }
}

/// [`Archive::find_reference`]'s query.
fn find_by_reference_sql() -> String {
    format!("SELECT {COLUMNS} FROM submissions WHERE reference = ?1 ORDER BY seq")
}

fn stored(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredSubmission> {
    Ok(StoredSubmission {
        reference: row.get(0)?,
        submission_id: row.get(1)?,
        key_id: row.get(2)?,
        received_at: row.get(3)?,
        sha256: row.get(4)?,
        envelope: row.get(5)?,
    })
}

impl Archive for SqliteReader {
    fn list_since(
        &self,
        since: Option<&str>,
        each: &mut dyn FnMut(StoredSubmission) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM submissions WHERE received_at >= ?1 ORDER BY seq"
        ))?;
        let mut rows = stmt.query([since.unwrap_or("")])?;
        while let Some(row) = rows.next()? {
            if each(stored(row)?).is_break() {
                break;
            }
        }
        Ok(())
    }

    fn count(&self) -> Result<u64, StoreError> {
        let conn = lock(&self.conn);
        let n: i64 = conn.query_row("SELECT count(*) FROM submissions", [], |r| r.get(0))?;
        u64::try_from(n).map_err(|_| StoreError::new("negative count"))
    }

    fn find(&self, submission_id: &str) -> Result<Option<StoredSubmission>, StoreError> {
        let conn = lock(&self.conn);
        Ok(conn
            .prepare_cached(&find_by_id_sql(self.version))?
            .query_row(
                [
                    reference::reference_of(submission_id).as_str(),
                    submission_id,
                ],
                stored,
            )
            .optional()?)
    }

    fn find_reference(&self, reference: &str) -> Result<Vec<StoredSubmission>, StoreError> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(&find_by_reference_sql())?;
        let found = stmt
            .query_map([reference], stored)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(found)
    }

    /// `VACUUM INTO`: one read transaction, so the copy holds every row
    /// committed before it began (the WAL's included) and none half-written.
    fn backup_into(&self, out: &Path) -> Result<u64, StoreError> {
        let target = out
            .to_str()
            .ok_or_else(|| StoreError::new("the backup path is not UTF-8"))?;
        lock(&self.conn).execute("VACUUM INTO ?1", [target])?;
        let copy = Connection::open_with_flags(out, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let n: i64 = copy.query_row("SELECT count(*) FROM submissions", [], |r| r.get(0))?;
        u64::try_from(n).map_err(|_| StoreError::new("negative count"))
    }
}

/// Something that hands every row to a callback (an [`Archive::list_since`]).
pub type RowSource<'a> =
    dyn FnMut(&mut dyn FnMut(StoredSubmission) -> ControlFlow<()>) -> Result<(), StoreError> + 'a;

/// Writes the rows that `list` hands over into `out` (an empty file) as a
/// new SQLite intake database of the current schema, in one transaction.
/// Returns the number of rows written.
pub fn copy_into(out: &Path, list: &mut RowSource<'_>) -> Result<u64, StoreError> {
    let mut conn = Connection::open(out)?;
    migrate(&mut conn)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut n = 0u64;
    let mut failed: Option<StoreError> = None;
    {
        let mut insert = tx.prepare(
            "INSERT INTO submissions
                 (reference, submission_id, key_id, received_at, sha256, envelope, legacy_reference)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        list(&mut |s| match insert.execute(params![
            s.reference,
            s.submission_id,
            s.key_id,
            s.received_at,
            s.sha256,
            s.envelope,
            i64::from(is_legacy(&s.submission_id, &s.reference))
        ]) {
            Ok(_) => {
                n += 1;
                ControlFlow::Continue(())
            }
            Err(e) => {
                failed = Some(e.into());
                ControlFlow::Break(())
            }
        })?;
    }
    if let Some(e) = failed {
        return Err(e);
    }
    tx.commit()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlite_schema::SCHEMA_VERSION;

    fn sub(id: &str, body: &[u8]) -> NewSubmission {
        NewSubmission {
            submission_id: id.into(),
            key_id: "0011223344556677".into(),
            sha256: crate::util::sha256_hex(body),
            received_at: "2025-01-01T00:00:00.000000Z".into(),
            envelope: body.to_vec(),
        }
    }

    #[test]
    fn new_databases_get_4_kib_pages_and_old_ones_keep_theirs() {
        let dir = crate::util::temp_dir("sqlite-page-size");
        let page_size = |path: &Path| -> i64 {
            Connection::open(path)
                .unwrap()
                .query_row("PRAGMA page_size", [], |r| r.get(0))
                .unwrap()
        };
        let new = dir.join("new.sqlite");
        let store = SqliteStore::open(&new).unwrap();
        store
            .put(sub("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b", &[7; 5000]))
            .unwrap();
        store.close();
        assert_eq!(page_size(&new), 4096);
        // A database made with the 1 KiB pages of earlier versions opens
        // and takes submissions as before.
        let old = dir.join("old.sqlite");
        Connection::open(&old)
            .unwrap()
            .execute_batch("PRAGMA page_size = 1024; CREATE TABLE t (x); DROP TABLE t;")
            .unwrap();
        let store = SqliteStore::open(&old).unwrap();
        let id = "2c5f39cb-3fb2-4e4c-b4f6-f02ac6b8744c";
        assert!(matches!(
            store.put(sub(id, &[8; 5000])).unwrap(),
            PutOutcome::Created(_)
        ));
        assert_eq!(store.find(id).unwrap().unwrap().envelope, vec![8; 5000]);
        store.close();
        assert_eq!(page_size(&old), 1024);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn references_are_derived_and_may_be_shared() {
        let dir = crate::util::temp_dir("sqlite-reference");
        let store = SqliteStore::open(&dir.join("db.sqlite")).unwrap();
        let id = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
        let PutOutcome::Created(receipt) = store.put(sub(id, b"one")).unwrap() else {
            panic!("not created")
        };
        assert_eq!(receipt.reference, envelope::reference_of(id));
        assert_eq!(receipt.reference, "33A7BHNFP6");
        // A clash of references (50 bits: rare, never impossible) is stored.
        let conn = Connection::open(dir.join("db.sqlite")).unwrap();
        conn.execute(
            "INSERT INTO submissions (submission_id, reference, key_id, received_at, sha256, envelope)
             VALUES ('other', '33A7BHNFP6', 'k', 't', 's', x'00')",
            [],
        )
        .unwrap();
        assert_eq!(store.count().unwrap(), 2);
        drop((conn, store));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_version_1_database_is_migrated_with_its_rows() {
        let dir = crate::util::temp_dir("sqlite-migrate");
        let path = dir.join("db.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE submissions (
                    seq INTEGER PRIMARY KEY, submission_id TEXT NOT NULL UNIQUE,
                    reference TEXT NOT NULL UNIQUE, key_id TEXT NOT NULL,
                    received_at TEXT NOT NULL, sha256 TEXT NOT NULL, envelope BLOB NOT NULL);
                 CREATE INDEX submissions_received_at ON submissions (received_at);
                 INSERT INTO submissions VALUES (7, 'old', 'ABCDEFGHJK', 'k', '2025-01-01', 's', x'01');
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.count().unwrap(), 1);
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let (seq, reference): (i64, String) = conn
            .query_row("SELECT seq, reference FROM submissions", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((seq, reference.as_str()), (7, "ABCDEFGHJK"));
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'submissions' AND sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            indexes,
            [
                "submissions_legacy_id",
                "submissions_received_at",
                "submissions_reference_id"
            ]
        );
        // Its random reference is marked, and the row is found by id.
        let legacy: i64 = conn
            .query_row("SELECT legacy_reference FROM submissions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(legacy, 1);
        assert_eq!(store.find("old").unwrap().unwrap().envelope, [1]);
        // The reference is no longer unique.
        conn.execute(
            "INSERT INTO submissions (submission_id, reference, key_id, received_at, sha256, envelope)
             VALUES ('new', 'ABCDEFGHJK', 'k', 't', 's', x'00')",
            [],
        )
        .unwrap();
        drop(store);
        // Opening again is a no-op.
        let again = SqliteStore::open(&path).unwrap();
        assert_eq!(again.count().unwrap(), 2);
        // A newer schema is refused, not misread.
        conn.pragma_update(None, "user_version", 9).unwrap();
        drop(again);
        let err = SqliteStore::open(&path).unwrap_err();
        assert!(err.to_string().contains("schema version 9"), "{err}");
        let err = SqliteReader::open(&path).unwrap_err();
        assert!(err.to_string().contains("schema version 9"), "{err}");
        drop(conn);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A version-2 database: one row of schema 1 (random reference) and one
    /// of schema 2 (derived), each found, replayed and refused as before.
    #[test]
    fn a_version_2_database_keeps_its_receipts_and_idempotency() {
        let dir = crate::util::temp_dir("sqlite-migrate-2");
        let path = dir.join("db.sqlite");
        let old_id = "0b3f6a1c-1111-4a2b-8c3d-4e5f60718293";
        let new_id = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE submissions (
                    seq INTEGER PRIMARY KEY, submission_id TEXT NOT NULL UNIQUE,
                    reference TEXT NOT NULL, key_id TEXT NOT NULL,
                    received_at TEXT NOT NULL, sha256 TEXT NOT NULL, envelope BLOB NOT NULL);
                 CREATE INDEX submissions_received_at ON submissions (received_at);
                 CREATE INDEX submissions_reference ON submissions (reference);
                 PRAGMA user_version = 2;",
            )
            .unwrap();
            for (seq, id, reference, body) in [
                (3, old_id, "ABCDEFGHJK", b"old".as_slice()),
                (5, new_id, "33A7BHNFP6", b"new".as_slice()),
            ] {
                conn.execute(
                    "INSERT INTO submissions VALUES (?1, ?2, ?3, 'k', '2025-01-01', ?4, ?5)",
                    params![seq, id, reference, crate::util::sha256_hex(body), body],
                )
                .unwrap();
            }
        }
        // `export` and `open` read it before any intake has migrated it.
        {
            let reader = SqliteReader::open(&path).unwrap();
            assert_eq!(reader.find(old_id).unwrap().unwrap().envelope, b"old");
            assert_eq!(
                reader.find(new_id).unwrap().unwrap().reference,
                "33A7BHNFP6"
            );
            assert!(reader.find("nobody").unwrap().is_none());
            assert_eq!(reader.find_reference("ABCDEFGHJK").unwrap().len(), 1);
            assert_eq!(reader.count().unwrap(), 2);
        }
        let version: i64 = Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 2, "a reader never migrates");
        let store = SqliteStore::open(&path).unwrap();
        // The copy was folded into the database file and the WAL emptied.
        let wal = std::fs::metadata(dir.join("db.sqlite-wal")).map_or(0, |m| m.len());
        assert_eq!(wal, 0, "the WAL keeps the migration's copy");
        let marked: Vec<(i64, i64)> = Connection::open(&path)
            .unwrap()
            .prepare("SELECT seq, legacy_reference FROM submissions ORDER BY seq")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(marked, [(3, 1), (5, 0)]);
        for (id, reference, body) in [
            (old_id, "ABCDEFGHJK", b"old"),
            (new_id, "33A7BHNFP6", b"new"),
        ] {
            let found = store.find(id).unwrap().unwrap();
            assert_eq!(
                (found.reference.as_str(), found.envelope.as_slice()),
                (reference, body.as_slice())
            );
            assert_eq!(store.find_reference(reference).unwrap().len(), 1);
            let replay = store.put(sub(id, body)).unwrap();
            let PutOutcome::Duplicate(receipt) = replay else {
                panic!("{replay:?}")
            };
            assert_eq!(receipt.reference, reference);
            assert_eq!(store.put(sub(id, b"other")).unwrap(), PutOutcome::Conflict);
        }
        assert_eq!(store.count().unwrap(), 2);
        assert!(
            store
                .find("0b3f6a1c-0000-4a2b-8c3d-4e5f60718293")
                .unwrap()
                .is_none()
        );
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The lookups by id and by reference are index searches, never a scan
    /// of the table.
    #[test]
    fn a_lookup_by_id_uses_the_indexes() {
        let dir = crate::util::temp_dir("sqlite-plan");
        let path = dir.join("db.sqlite");
        drop(SqliteStore::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        let plan = |sql: &str, args: &[&str]| -> String {
            conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap()
                .join("\n")
        };
        let by_id = plan(&find_by_id_sql(SCHEMA_VERSION), &["A", "b"]);
        assert!(
            by_id.contains("USING COVERING INDEX submissions_reference_id"),
            "{by_id}"
        );
        assert!(
            by_id.contains("USING COVERING INDEX submissions_legacy_id"),
            "{by_id}"
        );
        assert!(by_id.contains("USING INTEGER PRIMARY KEY"), "{by_id}");
        let reference = plan(&find_by_reference_sql(), &["A"]);
        assert!(
            reference.contains("INDEX submissions_reference_id (reference=?)"),
            "{reference}"
        );
        for p in [&by_id, &reference] {
            assert!(!p.lines().any(|l| l.starts_with("SCAN submissions")), "{p}");
        }
        drop(conn);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn put_duplicate_conflict_and_list() {
        let dir = crate::util::temp_dir("sqlite-unit");
        let store = SqliteStore::open(&dir.join("db.sqlite")).unwrap();
        let first = store.put(sub("a", b"one")).unwrap();
        let PutOutcome::Created(receipt) = first else {
            panic!("{first:?}")
        };
        assert_eq!(receipt.reference.len(), 10);
        assert_eq!(
            store.put(sub("a", b"one")).unwrap(),
            PutOutcome::Duplicate(receipt.clone())
        );
        assert_eq!(store.put(sub("a", b"two")).unwrap(), PutOutcome::Conflict);
        assert!(matches!(
            store.put(sub("b", b"two")).unwrap(),
            PutOutcome::Created(_)
        ));
        store.health().unwrap();
        assert_eq!(store.count().unwrap(), 2);
        let mut seen = Vec::new();
        store
            .list_since(None, &mut |s| {
                seen.push((s.submission_id, s.envelope));
                ControlFlow::Continue(())
            })
            .unwrap();
        assert_eq!(
            seen,
            vec![
                ("a".to_string(), b"one".to_vec()),
                ("b".to_string(), b"two".to_vec())
            ]
        );
        let mut later = 0;
        store
            .list_since(Some("2026-01-01"), &mut |_| {
                later += 1;
                ControlFlow::Continue(())
            })
            .unwrap();
        assert_eq!(later, 0);
        let mode: String = Connection::open(dir.join("db.sqlite"))
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn concurrent_puts_are_batched_and_stored_once() {
        let dir = crate::util::temp_dir("sqlite-batch");
        let store = std::sync::Arc::new(SqliteStore::open(&dir.join("db.sqlite")).unwrap());
        let (tx, rx) = mpsc::channel();
        for i in 0..500 {
            let tx = tx.clone();
            // Every id twice: the second is a duplicate, never a second row.
            store.put_with(
                sub(
                    &format!("id-{}", i % 250),
                    format!("body-{}", i % 250).as_bytes(),
                ),
                Box::new(move |r| tx.send(r).unwrap()),
            );
        }
        drop(tx);
        let outcomes: Vec<_> = rx.iter().map(Result::unwrap).collect();
        assert_eq!(outcomes.len(), 500);
        let created = outcomes
            .iter()
            .filter(|o| matches!(o, PutOutcome::Created(_)))
            .count();
        let dup = outcomes
            .iter()
            .filter(|o| matches!(o, PutOutcome::Duplicate(_)))
            .count();
        assert_eq!((created, dup), (250, 250));
        assert_eq!(store.count().unwrap(), 250);
        drop(store);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
