//! The reading side of [`PgStore`]: [`Archive`] for `export`, `open --db`
//! and `backup`. A listing is one repeatable-read, read-only transaction
//! read through a portal, [`FETCH_ROWS`] rows per round trip, handed to the
//! caller's thread through a bounded channel (the callback need not be
//! `Send`, and a slow consumer holds back the reads, not memory).

use super::{COLUMNS, FETCH_ROWS, PgStore, pool_error};
use crate::store::{Archive, StoreError, StoredSubmission};
use deadpool_postgres::Pool;
use std::ops::ControlFlow;
use tokio::sync::mpsc;

fn stored(row: &tokio_postgres::Row) -> StoredSubmission {
    StoredSubmission {
        reference: row.get(0),
        submission_id: row.get(1),
        key_id: row.get(2),
        received_at: row.get(3),
        sha256: row.get(4),
        envelope: row.get(5),
    }
}

async fn list_task(
    pool: Pool,
    since: String,
    out: mpsc::Sender<Result<StoredSubmission, StoreError>>,
) -> Result<(), StoreError> {
    let mut client = pool.get().await.map_err(pool_error)?;
    let tx = client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    let stmt = tx
        .prepare(&format!(
            "SELECT {COLUMNS} FROM submissions WHERE received_at >= $1 ORDER BY seq"
        ))
        .await?;
    let portal = tx.bind(&stmt, &[&since]).await?;
    loop {
        let rows = tx.query_portal(&portal, FETCH_ROWS).await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            if out.send(Ok(stored(row))).await.is_err() {
                return Ok(()); // the reader stopped
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

impl Archive for PgStore {
    fn list_since(
        &self,
        since: Option<&str>,
        each: &mut dyn FnMut(StoredSubmission) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let (tx, mut rx) = mpsc::channel(FETCH_ROWS as usize);
        let (pool, since) = (self.pool.clone(), since.unwrap_or("").to_owned());
        let errors = tx.clone();
        self.handle.spawn(async move {
            if let Err(e) = list_task(pool, since, tx).await {
                let _ = errors.send(Err(e)).await;
            }
        });
        while let Some(item) = rx.blocking_recv() {
            if each(item?).is_break() {
                break;
            }
        }
        Ok(())
    }

    fn count(&self) -> Result<u64, StoreError> {
        let pool = self.pool.clone();
        let n: i64 = self.call(async move {
            let client = pool.get().await.map_err(pool_error)?;
            let row = client
                .query_one("SELECT count(*) FROM submissions", &[])
                .await?;
            Ok::<i64, StoreError>(row.get(0))
        })??;
        u64::try_from(n).map_err(|_| StoreError::new("negative count"))
    }

    fn find(&self, submission_id: &str) -> Result<Option<StoredSubmission>, StoreError> {
        let (pool, id) = (self.pool.clone(), submission_id.to_owned());
        self.call(async move {
            let client = pool.get().await.map_err(pool_error)?;
            let row = client
                .query_opt(
                    &format!("SELECT {COLUMNS} FROM submissions WHERE submission_id = $1"),
                    &[&id],
                )
                .await?;
            Ok(row.as_ref().map(stored))
        })?
    }

    fn find_reference(&self, reference: &str) -> Result<Vec<StoredSubmission>, StoreError> {
        let (pool, r) = (self.pool.clone(), reference.to_owned());
        self.call(async move {
            let client = pool.get().await.map_err(pool_error)?;
            let rows = client
                .query(
                    &format!("SELECT {COLUMNS} FROM submissions WHERE reference = $1 ORDER BY seq"),
                    &[&r],
                )
                .await?;
            Ok(rows.iter().map(stored).collect())
        })?
    }
}
