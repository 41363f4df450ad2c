//! PostgreSQL implementation of [`Store`]: several `agency serve` instances
//! on one database, with no coordination between them beyond the database.
//!
//! * Group commit, as with SQLite: every [`Store::put_with`] is queued; a few
//!   writer tasks ([`PgOptions::writers`]) each take everything waiting (up
//!   to [`MAX_BATCH`]) and store it with one multi-row
//!   `INSERT … ON CONFLICT (submission_id) DO NOTHING` in one transaction,
//!   committed with `synchronous_commit = on` (set for every transaction, so
//!   a server default of `off` cannot weaken it): a request is answered
//!   only after the commit is flushed. One flush serves a whole batch.
//!   With a receipt key ([`Store::sign_receipts_with`]), the batch's
//!   receipts are signed together on a blocking thread while the commit
//!   waits for the flush.
//! * Idempotency across instances rests on the `UNIQUE` submission id: when
//!   two instances insert the same id at once, the second waits for the
//!   first's commit, inserts nothing, and reads the first's row (same bytes:
//!   the same receipt; other bytes: a conflict). Batches insert in id order,
//!   so two batches cannot deadlock on each other's ids; a deadlock or
//!   serialization failure anyway is retried.
//! * While the database is away every put fails at once (the pool's connect
//!   fails, or the query on a broken connection does), the server answers
//!   503 with `Retry-After`, and the pool reconnects by itself when the
//!   database is back. A put whose commit's outcome is unknown (connection
//!   lost during `COMMIT`) is answered as failed: the client retries and the
//!   retry finds the row, or stores it.
//!
//! Reading (`export`, `open`, `backup`) is in [`archive`].
//!
//! The store has its own small tokio runtime, so that the blocking parts of
//! the trait (used by `export`, `backup`, `/healthz` through
//! `spawn_blocking`) need no caller runtime.

mod archive;
mod schema;

use crate::receipt::ReceiptKey;
use crate::reference;
use crate::store::{self, NewSubmission, PutOutcome, PutReply, Receipt, Store, StoreError};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_postgres::NoTls;
use tokio_postgres::error::SqlState;

/// Most submissions committed in one transaction.
pub const MAX_BATCH: usize = 512;

/// How long a blocking call waits for the database.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Connect timeout when the URL gives none.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Rows fetched per round trip by [`Archive::list_since`].
pub(crate) const FETCH_ROWS: i32 = 256;

const INSERT: &str = "
INSERT INTO submissions (submission_id, reference, key_id, received_at, sha256, envelope)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[])
ON CONFLICT (submission_id) DO NOTHING
RETURNING submission_id";

const EXISTING: &str = "SELECT submission_id, reference, received_at, sha256 FROM submissions WHERE submission_id = ANY($1)";

pub(crate) const COLUMNS: &str = "reference, submission_id, key_id, received_at, sha256, envelope";

/// Settings of a [`PgStore`].
#[derive(Debug, Clone, Copy)]
pub struct PgOptions {
    /// Batches committed at once by one instance (each on its connection).
    pub writers: usize,
    /// Connections kept by one instance (writers, health checks, reads).
    pub pool_size: usize,
}

impl Default for PgOptions {
    fn default() -> Self {
        PgOptions {
            writers: 4,
            pool_size: 8,
        }
    }
}

/// The URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    // A password may be given as a query parameter …
    let url = match url.find("password=") {
        Some(i) => {
            let end = url[i..].find('&').map_or(url.len(), |j| i + j);
            format!("{}password=***{}", &url[..i], &url[end..])
        }
        None => url.to_owned(),
    };
    // … or in the user info.
    let Some((scheme, rest)) = url.split_once("://") else {
        return url;
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        _ => url,
    }
}

fn pg_error(e: &tokio_postgres::Error) -> StoreError {
    // The database's own message (never a row's content: the statements
    // carry their data as parameters) or the connection failure.
    match e.as_db_error() {
        Some(db) => StoreError::new(format!(
            "PostgreSQL: {} ({})",
            db.message(),
            db.code().code()
        )),
        None => StoreError::new(format!("PostgreSQL: {e}")),
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        pg_error(&e)
    }
}

pub(crate) fn pool_error(e: deadpool_postgres::PoolError) -> StoreError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => pg_error(&e),
        other => StoreError::new(format!("PostgreSQL unavailable: {other}")),
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

type Job = (NewSubmission, PutReply);

/// The PostgreSQL store. Dropping it lets the writers finish the queue.
pub struct PgStore {
    runtime: Mutex<Option<tokio::runtime::Runtime>>,
    handle: tokio::runtime::Handle,
    pool: Pool,
    sender: Mutex<Option<mpsc::UnboundedSender<Job>>>,
    writers_done: Mutex<Option<std::sync::mpsc::Receiver<()>>>,
    writers: usize,
    /// The key the writers sign receipts with ([`Store::sign_receipts_with`]).
    signer: Arc<Mutex<Option<ReceiptKey>>>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("writers", &self.writers)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects, creates or migrates the schema, and starts the writers.
    pub fn open(url: &str, options: PgOptions) -> Result<PgStore, StoreError> {
        let store = PgStore::connect(url, options)?;
        store.call(schema::migrate(store.pool.clone()))??;
        store.start_writers();
        Ok(store)
    }

    /// Connects to an existing intake database for reading; refuses a
    /// database without the schema (or with a newer one).
    pub fn open_existing(url: &str) -> Result<PgStore, StoreError> {
        let store = PgStore::connect(
            url,
            PgOptions {
                writers: 0,
                pool_size: 2,
            },
        )?;
        store.call(schema::check_schema(store.pool.clone()))??;
        Ok(store)
    }

    fn connect(url: &str, options: PgOptions) -> Result<PgStore, StoreError> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError::new(format!("invalid PostgreSQL URL: {e}")))?;
        // The password may come from the environment rather than the
        // command line (which other local users can read).
        if config.get_password().is_none()
            && let Ok(password) = std::env::var("PGPASSWORD")
        {
            config.password(password);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("agency");
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("postgres")
            .enable_all()
            .build()
            .map_err(|e| StoreError::new(format!("cannot start the PostgreSQL runtime: {e}")))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = {
            let _entered = runtime.enter();
            Pool::builder(manager)
                .max_size(options.pool_size.max(options.writers + 1).max(1))
                .runtime(Runtime::Tokio1)
                .wait_timeout(Some(CALL_TIMEOUT))
                .create_timeout(Some(CONNECT_TIMEOUT))
                .recycle_timeout(Some(CONNECT_TIMEOUT))
                .build()
                .map_err(|e| StoreError::new(format!("PostgreSQL pool: {e}")))?
        };
        Ok(PgStore {
            handle: runtime.handle().clone(),
            runtime: Mutex::new(Some(runtime)),
            pool,
            sender: Mutex::new(None),
            writers_done: Mutex::new(None),
            writers: options.writers,
            signer: Arc::new(Mutex::new(None)),
        })
    }

    fn start_writers(&self) {
        let (tx, rx) = mpsc::unbounded_channel::<Job>();
        let rx = Arc::new(tokio::sync::Mutex::new(rx));
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        for _ in 0..self.writers.max(1) {
            let (rx, pool, done) = (rx.clone(), self.pool.clone(), done_tx.clone());
            let signer = self.signer.clone();
            self.handle.spawn(async move {
                writer(rx, pool, &signer).await;
                let _ = done.send(());
            });
        }
        *lock(&self.sender) = Some(tx);
        *lock(&self.writers_done) = Some(done_rx);
    }

    /// Runs `fut` on the store's runtime and waits (bounded) for it.
    fn call<T: Send + 'static>(
        &self,
        fut: impl Future<Output = T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.handle.spawn(async move {
            let _ = tx.send(fut.await);
        });
        rx.recv_timeout(CALL_TIMEOUT + CONNECT_TIMEOUT)
            .map_err(|_| StoreError::new("PostgreSQL did not answer in time"))
    }

    /// Stops the writers after they have finished everything queued.
    pub fn close(&self) {
        drop(lock(&self.sender).take());
        if let Some(done) = lock(&self.writers_done).take() {
            for _ in 0..self.writers.max(1) {
                if done.recv_timeout(CALL_TIMEOUT * 2).is_err() {
                    break;
                }
            }
        }
        self.pool.close();
        if let Some(rt) = lock(&self.runtime).take() {
            rt.shutdown_background();
        }
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        self.close();
    }
}

/// One writer: takes a batch off the shared queue, stores it, answers it.
async fn writer(
    rx: Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<Job>>>,
    pool: Pool,
    signer: &Mutex<Option<ReceiptKey>>,
) {
    loop {
        let batch = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else {
                return;
            };
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            batch
        };
        let subs: Vec<&NewSubmission> = batch.iter().map(|(s, _)| s).collect();
        let key = lock(signer).clone();
        let outcomes = store_batch(&pool, &subs, key.as_ref()).await;
        match outcomes {
            Ok(outcomes) => {
                for ((_, reply), outcome) in batch.into_iter().zip(outcomes) {
                    reply(Ok(outcome));
                }
            }
            Err(e) => {
                for (_, reply) in batch {
                    reply(Err(e.clone()));
                }
            }
        }
    }
}

/// Stores a batch, retrying a deadlock or serialization failure.
async fn store_batch(
    pool: &Pool,
    subs: &[&NewSubmission],
    key: Option<&ReceiptKey>,
) -> Result<Vec<PutOutcome>, StoreError> {
    let mut attempt = 0;
    loop {
        match try_batch(pool, subs, key).await {
            Err(BatchError::Retry(e)) if attempt < 3 => {
                attempt += 1;
                tracing::warn!(error = %e, attempt, "batch retried");
            }
            Err(BatchError::Retry(e) | BatchError::Failed(e)) => return Err(e),
            Ok(o) => return Ok(o),
        }
    }
}

enum BatchError {
    Retry(StoreError),
    Failed(StoreError),
}

impl From<tokio_postgres::Error> for BatchError {
    fn from(e: tokio_postgres::Error) -> Self {
        let retry = e.code().is_some_and(|c| {
            *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE
        });
        if retry {
            BatchError::Retry(pg_error(&e))
        } else {
            BatchError::Failed(pg_error(&e))
        }
    }
}

/// A batch's receipt signatures: made after the commit, or meanwhile.
enum Signing {
    After(Vec<String>),
    During(tokio::task::JoinHandle<Vec<String>>),
}

/// Stores a batch in one transaction. With `key`, the receipts are signed
/// on a blocking thread while the commit is flushed (a batch of fewer than
/// [`store::PARALLEL_SIGN_MIN`] after it); unsigned receipts are signed by the
/// server.
async fn try_batch(
    pool: &Pool,
    subs: &[&NewSubmission],
    key: Option<&ReceiptKey>,
) -> Result<Vec<PutOutcome>, BatchError> {
    // The first of each submission id goes into the INSERT, in id order.
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, s) in subs.iter().enumerate() {
        first.entry(s.submission_id.as_str()).or_insert(i);
    }
    let mut unique: Vec<usize> = first.values().copied().collect();
    unique.sort_by(|a, b| subs[*a].submission_id.cmp(&subs[*b].submission_id));
    let ids: Vec<&str> = unique
        .iter()
        .map(|i| subs[*i].submission_id.as_str())
        .collect();
    let refs: Vec<String> = ids.iter().map(|id| reference::reference_of(id)).collect();
    let key_ids: Vec<&str> = unique.iter().map(|i| subs[*i].key_id.as_str()).collect();
    let received: Vec<&str> = unique
        .iter()
        .map(|i| subs[*i].received_at.as_str())
        .collect();
    let shas: Vec<&str> = unique.iter().map(|i| subs[*i].sha256.as_str()).collect();
    let envelopes: Vec<&[u8]> = unique
        .iter()
        .map(|i| subs[*i].envelope.as_slice())
        .collect();

    let mut client = pool
        .get()
        .await
        .map_err(|e| BatchError::Failed(pool_error(e)))?;
    let tx = client.transaction().await?;
    tx.batch_execute("SET LOCAL synchronous_commit = on; SET LOCAL statement_timeout = '15s'")
        .await?;
    let insert = tx.prepare_cached(INSERT).await?;
    let inserted: HashSet<String> = tx
        .query(
            &insert,
            &[&ids, &refs, &key_ids, &received, &shas, &envelopes],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let missing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !inserted.contains(*id))
        .collect();
    let mut existing: HashMap<String, Receipt> = HashMap::new();
    if !missing.is_empty() {
        let select = tx.prepare_cached(EXISTING).await?;
        for row in tx.query(&select, &[&missing]).await? {
            existing.insert(
                row.get(0),
                Receipt::unsigned(row.get(1), row.get(2), row.get(3)),
            );
        }
    }
    let mut outcomes = Vec::with_capacity(subs.len());
    for (i, s) in subs.iter().enumerate() {
        let id = s.submission_id.as_str();
        let origin = first.get(id).copied().unwrap_or(i);
        let outcome = if inserted.contains(id) {
            let stored = subs[origin];
            let receipt = Receipt::unsigned(
                reference::reference_of(id),
                stored.received_at.clone(),
                stored.sha256.clone(),
            );
            if origin == i {
                PutOutcome::Created(receipt)
            } else if stored.sha256 == s.sha256 {
                PutOutcome::Duplicate(receipt)
            } else {
                PutOutcome::Conflict
            }
        } else {
            match existing.get(id) {
                Some(r) if r.sha256 == s.sha256 => PutOutcome::Duplicate(r.clone()),
                Some(_) => PutOutcome::Conflict,
                None => {
                    // Neither inserted nor found: cannot happen under
                    // READ COMMITTED (a conflicting row is committed
                    // before ON CONFLICT skips it); fail, the client retries.
                    return Err(BatchError::Failed(StoreError::new(
                        "a conflicting row vanished",
                    )));
                }
            }
        };
        outcomes.push(outcome);
    }
    let signing = key.map(|key| {
        let inputs = store::signing_inputs(
            outcomes
                .iter()
                .zip(subs)
                .filter_map(|(o, s)| Some((o.receipt()?, s.submission_id.as_str()))),
        );
        if inputs.len() < store::PARALLEL_SIGN_MIN {
            Signing::After(inputs)
        } else {
            let key = key.clone();
            Signing::During(tokio::task::spawn_blocking(move || key.signatures(&inputs)))
        }
    });
    tx.commit().await?;
    if let (Some(key), Some(signing)) = (key, signing) {
        let signatures = match signing {
            Signing::After(inputs) => Some(key.signatures(&inputs)),
            // A signer that failed leaves the receipts to the server.
            Signing::During(handle) => handle.await.ok(),
        };
        if let Some(signatures) = signatures {
            let receipts = outcomes.iter_mut().filter_map(PutOutcome::receipt_mut);
            store::attach_signatures(key, receipts, signatures);
        }
    }
    Ok(outcomes)
}

impl Store for PgStore {
    fn put_with(&self, sub: NewSubmission, reply: PutReply) {
        let rejected = match lock(&self.sender).as_ref() {
            Some(tx) => tx.send((sub, reply)).err().map(|e| e.0.1),
            None => Some(reply),
        };
        if let Some(reply) = rejected {
            reply(Err(StoreError::new("the writers have stopped")));
        }
    }

    /// A connection from the pool, and a primary that takes writes (not a
    /// standby in recovery, not read-only).
    fn health(&self) -> Result<(), StoreError> {
        let pool = self.pool.clone();
        self.call(async move {
            let client = pool.get().await.map_err(pool_error)?;
            let row = client
                .query_one(
                    "SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'",
                    &[],
                )
                .await?;
            let (recovery, read_only): (bool, bool) = (row.get(0), row.get(1));
            if recovery || read_only {
                return Err(StoreError::new("the database does not take writes"));
            }
            Ok(())
        })?
    }

    fn close(&self) {
        PgStore::close(self);
    }

    fn sign_receipts_with(&self, key: &ReceiptKey) {
        *lock(&self.signer) = Some(key.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted() {
        assert_eq!(
            redact_url("postgres://agency:s3cret@db.example:5432/intake"),
            "postgres://agency:***@db.example:5432/intake"
        );
        assert_eq!(
            redact_url("postgresql://agency@/intake?host=/run/pg&password=x"),
            "postgresql://agency@/intake?host=/run/pg&password=***"
        );
        assert_eq!(
            redact_url("postgres://localhost/db"),
            "postgres://localhost/db"
        );
    }
}
