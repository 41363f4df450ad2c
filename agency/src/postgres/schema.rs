//! The PostgreSQL schema: created by the first instance to start, under an
//! advisory lock (instances started together do not race), its version in
//! table `agency_schema`; a newer version is refused, never misread.

use super::pool_error;
use crate::store::StoreError;
use deadpool_postgres::Pool;

/// Schema version kept in `agency_schema` (the same numbering as SQLite's
/// `user_version`; PostgreSQL starts at 2: references derived, not unique).
const SCHEMA_VERSION: i32 = 2;

/// Taken by every instance while it creates or migrates the schema, so that
/// instances started together do not race.
const SCHEMA_LOCK: i64 = 0x6167_656e_6379; // "agency"

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS submissions (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id text   NOT NULL UNIQUE,
    reference     text   NOT NULL,
    key_id        text   NOT NULL,
    received_at   text   NOT NULL,
    sha256        text   NOT NULL,
    envelope      bytea  NOT NULL
);
-- Ciphertext does not compress: do not try.
ALTER TABLE submissions ALTER COLUMN envelope SET STORAGE EXTERNAL;
CREATE INDEX IF NOT EXISTS submissions_received_at ON submissions (received_at);
CREATE INDEX IF NOT EXISTS submissions_reference ON submissions (reference);
";

pub(super) async fn check_schema(pool: Pool) -> Result<(), StoreError> {
    let client = pool.get().await.map_err(pool_error)?;
    let has: bool = client
        .query_one(
            "SELECT to_regclass('agency_schema') IS NOT NULL AND to_regclass('submissions') IS NOT NULL",
            &[],
        )
        .await?
        .get(0);
    if !has {
        return Err(StoreError::new("this database holds no intake data"));
    }
    let version: Option<i32> = client
        .query_opt("SELECT version FROM agency_schema", &[])
        .await?
        .map(|r| r.get(0));
    match version {
        Some(v) if v > SCHEMA_VERSION => Err(StoreError::new(format!(
            "the database has schema version {v}; this intake knows up to {SCHEMA_VERSION}"
        ))),
        Some(_) => Ok(()),
        None => Err(StoreError::new("this database has no schema version")),
    }
}

pub(super) async fn migrate(pool: Pool) -> Result<(), StoreError> {
    let mut client = pool.get().await.map_err(pool_error)?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
        .await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS agency_schema (version integer NOT NULL)")
        .await?;
    let version: Option<i32> = tx
        .query_opt("SELECT version FROM agency_schema", &[])
        .await?
        .map(|r| r.get(0));
    match version {
        Some(v) if v > SCHEMA_VERSION => {
            return Err(StoreError::new(format!(
                "the database has schema version {v}; this intake knows up to {SCHEMA_VERSION}"
            )));
        }
        Some(_) => tx.batch_execute(SCHEMA).await?,
        None => {
            tx.batch_execute(SCHEMA).await?;
            tx.execute(
                "INSERT INTO agency_schema (version) VALUES ($1)",
                &[&SCHEMA_VERSION],
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
