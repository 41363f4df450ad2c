//! `agency backup`: a consistent copy of an intake database, taken while the
//! intake runs, as one SQLite file of the intake schema whatever the
//! backend (SQLite: `VACUUM INTO`, which reads one snapshot including the
//! rows still in the WAL; PostgreSQL: the rows of one repeatable-read
//! transaction written into a new SQLite file). The copy can be read by
//! every agency command (`export --db BACKUP`, `open --db BACKUP`).
//!
//! The output holds ciphertext only, but it is the whole intake: it is
//! written with mode 0600 into a temporary file beside `--out`, flushed,
//! checked, and renamed over `--out`; a symbolic link at `--out` is refused
//! (it could point anywhere the operator can write).

use crate::store::{self, DbTarget};
use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Removes the temporary file unless disarmed.
struct TempFile(Option<PathBuf>);

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(&p);
            let _ = std::fs::remove_file(journal_of(&p));
        }
    }
}

fn journal_of(p: &Path) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push("-journal");
    PathBuf::from(s)
}

/// Refuses `out` when it is a symbolic link or not a regular file.
fn check_out(out: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => Err(format!(
            "{} is a symbolic link; refusing to write the backup through it",
            out.display()
        )),
        Ok(m) if !m.file_type().is_file() => Err(format!(
            "{} exists and is not a regular file",
            out.display()
        )),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot inspect {}: {e}", out.display())),
    }
}

/// Copies `db` into `out`; returns the number of submissions copied.
pub fn backup(db: &DbTarget, out: &Path) -> Result<u64, String> {
    check_out(out)?;
    if let DbTarget::Sqlite(src) = db
        && let (Ok(a), Ok(b)) = (src.canonicalize(), out.canonicalize())
        && a == b
    {
        return Err("--out is the database itself".into());
    }
    let name = out
        .file_name()
        .ok_or_else(|| format!("{} names no file", out.display()))?;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut rnd = [0u8; 6];
    getrandom::fill(&mut rnd).map_err(|e| format!("no randomness: {e}"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        crate::util::hex(&rnd)
    ));
    // create_new: never follows or reuses anything already there.
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let mut guard = TempFile(Some(tmp.clone()));

    let archive =
        store::open_archive(db).map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    let copied = archive
        .backup_into(&tmp)
        .map_err(|e| format!("backup failed: {e}"))?;
    drop(archive);

    // The copy must read back as an intake database with every row.
    let check = crate::sqlite::SqliteReader::open(&tmp)
        .map_err(|e| format!("the backup does not read back: {e}"))?;
    let n = crate::store::Archive::count(&check)
        .map_err(|e| format!("the backup does not read back: {e}"))?;
    drop(check);
    if n != copied {
        return Err(format!("the backup holds {n} rows, {copied} were copied"));
    }
    File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("cannot flush {}: {e}", tmp.display()))?;
    check_out(out)?;
    std::fs::rename(&tmp, out).map_err(|e| format!("cannot rename to {}: {e}", out.display()))?;
    guard.0 = None;
    // The rename itself durable.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(n)
}
