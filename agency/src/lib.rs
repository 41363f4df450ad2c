//! The agency side of pre-departure submissions: key generation, the intake
//! server (which only ever sees ciphertext), opening and export (JSON lines,
//! CSV, UN/EDIFACT PAXLST). See `docs/agency.md`.

pub mod backup;
pub mod cli;
pub mod client;
pub mod csv;
pub mod export;
pub mod files;
pub mod keys;
pub mod listener;
pub mod names;
pub mod paxlst;
pub mod postgres;
pub mod proxy;
pub mod ratelimit;
pub mod receipt;
pub mod reference;
pub mod resubmissions;
pub mod server;
pub mod sqlite;
pub mod sqlite_checkpoint;
pub mod sqlite_schema;
pub mod store;
pub mod util;

/// The integration tests' throwaway PostgreSQL cluster, for unit tests.
#[cfg(test)]
#[path = "../tests/common/pg.rs"]
mod test_pg;

/// The envelope API used throughout the crate.
pub use envelope as envelope_api;
