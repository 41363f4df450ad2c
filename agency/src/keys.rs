//! Key files, sealing and opening for the command line.

use crate::envelope_api::{self as envelope, Kem, PublicKeyConfig, SecretKey};
use crate::util;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Name of the secret key file in the key directory.
pub const SECRET_FILE: &str = "agency.key";
/// Name of the public key config in the key directory.
pub const PUBLIC_FILE: &str = "agency.pub.json";

/// Parses `xwing` / `x25519`.
pub fn parse_kem(s: &str) -> Result<Kem, String> {
    match s.to_ascii_lowercase().as_str() {
        "xwing" | "x-wing" => Ok(Kem::XWing),
        "x25519" => Ok(Kem::X25519),
        _ => Err(format!("unknown KEM {s:?} (xwing or x25519)")),
    }
}

/// What [`keygen`] wrote.
#[derive(Debug)]
pub struct KeygenOutput {
    /// The secret key file.
    pub secret_path: PathBuf,
    /// The public key config file.
    pub public_path: PathBuf,
    /// The public key config.
    pub config: PublicKeyConfig,
}

/// Writes `data` to `path` through a temporary file created with `mode`,
/// fsynced, then renamed into place.
fn write_file(path: &Path, data: &[u8], mode: u32, force: bool) -> Result<(), String> {
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(format!(
            "{} exists; pass --force to replace it",
            path.display()
        ));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)
            .map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
        // The umask may have removed bits but never adds any; set exactly.
        f.set_permissions(fs::Permissions::from_mode(mode))
            .map_err(|e| format!("cannot set the mode of {}: {e}", tmp.display()))?;
        f.write_all(data)
            .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        f.sync_all()
            .map_err(|e| format!("cannot sync {}: {e}", tmp.display()))?;
        fs::rename(&tmp, path).map_err(|e| format!("cannot move into {}: {e}", path.display()))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// `agency keygen`: a new key pair in `dir`.
pub fn keygen(dir: &Path, kem: Kem, force: bool) -> Result<KeygenOutput, String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let secret_path = dir.join(SECRET_FILE);
    let public_path = dir.join(PUBLIC_FILE);
    if !force {
        for p in [&secret_path, &public_path] {
            if fs::symlink_metadata(p).is_ok() {
                return Err(format!(
                    "{} exists; pass --force to replace the key",
                    p.display()
                ));
            }
        }
    }
    let (secret, config) =
        envelope::generate_keypair_os(kem).map_err(|e| format!("cannot generate a key: {e}"))?;
    let mut line = secret.to_base64();
    line.push('\n');
    write_file(&secret_path, line.as_bytes(), 0o600, force)?;
    let mut json =
        serde_json::to_string_pretty(&config).map_err(|e| format!("public key config: {e}"))?;
    json.push('\n');
    write_file(&public_path, json.as_bytes(), 0o644, force)?;
    Ok(KeygenOutput {
        secret_path,
        public_path,
        config,
    })
}

/// Reads a public key config file and validates it.
pub fn read_public_config(path: &Path) -> Result<PublicKeyConfig, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let config: PublicKeyConfig = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a public key config: {e}", path.display()))?;
    config
        .validate()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(config)
}

/// Reads a secret key file. Warns (on stderr) when others may read it.
pub fn read_secret(path: &Path) -> Result<SecretKey, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.permissions().mode() & 0o077 != 0 {
        eprintln!(
            "warning: {} is readable by others; chmod 600 it",
            path.display()
        );
    }
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // Never echo the content, not even in an error.
    SecretKey::from_base64(text.trim())
        .map_err(|e| format!("{} is not a secret key ({})", path.display(), e.code()))
}

/// `agency seal`: seals the record JSON in `record_json` to `config` with a
/// fresh submission id, `createdAt` now, and the record's `schema`.
pub fn seal_record(
    config: &PublicKeyConfig,
    record_json: &[u8],
) -> Result<(envelope::Meta, Vec<u8>), String> {
    let value: serde_json::Value =
        serde_json::from_slice(record_json).map_err(|e| format!("the record is not JSON: {e}"))?;
    let schema = value
        .get("schema")
        .and_then(serde_json::Value::as_u64)
        .and_then(|s| u32::try_from(s).ok())
        .ok_or("the record has no numeric \"schema\"")?;
    let meta = envelope::Meta {
        submission_id: envelope::new_submission_id()
            .map_err(|e| format!("cannot draw a submission id: {e}"))?,
        created_at: util::now_created_at(),
        schema,
    };
    let sealed =
        envelope::seal(config, &meta, record_json).map_err(|e| format!("cannot seal: {e}"))?;
    Ok((meta, sealed))
}
