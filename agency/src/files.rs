//! Files the agency writes that hold secrets or personal data (keys,
//! exports): written to a temporary file beside the target, created with
//! the exact mode whatever the umask, fsynced, then renamed into place, so
//! that the target is never half-written, never keeps an older, looser mode
//! and is never a symbolic link someone planted.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A file being written; [`AtomicFile::commit`] puts it in place. Dropped
/// without a commit, the temporary file is removed and the target is
/// untouched.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<BufWriter<File>>,
}

/// Refuses a target that is a symbolic link; with `replace` false, also one
/// that exists at all.
fn check_target(path: &Path, replace: bool) -> Result<(), String> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(format!(
            "{} is a symbolic link; refusing to write through it",
            path.display()
        )),
        Ok(m) if m.is_dir() => Err(format!("{} is a directory", path.display())),
        Ok(_) if !replace => Err(format!(
            "{} exists; pass --force to replace it",
            path.display()
        )),
        _ => Ok(()),
    }
}

impl AtomicFile {
    /// Starts writing `path` with `mode` (e.g. `0o600`). Fails at once when
    /// `path` is a symbolic link or a directory, or exists and `replace` is
    /// false.
    pub fn create(path: &Path, mode: u32, replace: bool) -> Result<Self, String> {
        check_target(path, replace)?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| format!("{} is not a file name", path.display()))?;
        let mut rnd = [0u8; 6];
        let _ = getrandom::fill(&mut rnd);
        let tmp = dir.join(format!(
            ".{name}.tmp-{}-{}",
            std::process::id(),
            crate::util::hex(&rnd)
        ));
        // create_new: O_EXCL, which also refuses a symbolic link at `tmp`.
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)
            .map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
        let mut this = AtomicFile {
            path: path.to_path_buf(),
            tmp,
            file: None,
        };
        // The umask may have removed bits but never adds any; set exactly.
        file.set_permissions(fs::Permissions::from_mode(mode))
            .map_err(|e| format!("cannot set the mode of {}: {e}", this.tmp.display()))?;
        this.file = Some(BufWriter::new(file));
        Ok(this)
    }

    /// Flushes, fsyncs and renames the file into place (checking again
    /// that the target is no symbolic link), then fsyncs the directory.
    pub fn commit(mut self) -> Result<(), String> {
        let writer = self.file.take().ok_or("the file was already committed")?;
        let file = writer
            .into_inner()
            .map_err(|e| format!("cannot write {}: {}", self.tmp.display(), e.error()))?;
        file.sync_all()
            .map_err(|e| format!("cannot sync {}: {e}", self.tmp.display()))?;
        drop(file);
        check_target(&self.path, true)?;
        fs::rename(&self.tmp, &self.path)
            .map_err(|e| format!("cannot move into {}: {e}", self.path.display()))?;
        if let Some(dir) = self.path.parent()
            && let Ok(d) = File::open(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            })
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("the file was already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `data` to `path` in one go through an [`AtomicFile`].
pub fn write_file(path: &Path, data: &[u8], mode: u32, replace: bool) -> Result<(), String> {
    let mut f = AtomicFile::create(path, mode, replace)?;
    f.write_all(data)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    f.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn replaces_with_the_exact_mode_and_refuses_links() {
        let dir = crate::util::temp_dir("files");
        let p = dir.join("out.txt");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(write_file(&p, b"new", 0o600, false).is_err());
        write_file(&p, b"new", 0o600, true).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(mode(&p), 0o600);

        let target = dir.join("elsewhere");
        fs::write(&target, "keep").unwrap();
        let link = dir.join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = write_file(&link, b"x", 0o600, true).unwrap_err();
        assert!(e.contains("symbolic link"), "{e}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep");

        // Not committed: nothing changes, no temporary file is left.
        let mut f = AtomicFile::create(&p, 0o600, true).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        let left: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        fs::remove_dir_all(dir).unwrap();
    }
}
