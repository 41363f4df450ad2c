//! Key files, sealing and opening for the command line: the keys directory
//! (current and older sealing keys, the receipt-signing key, the portal's
//! pins), see `docs/agency.md`, "Keys".

use crate::envelope_api::{self as envelope, Kem, PublicKeyConfig, SecretKey};
use crate::files;
use crate::receipt::{ReceiptKey, ReceiptKeyConfig};
use crate::util;
use serde::{Deserialize, Serialize};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Name of the secret key file in the key directory.
pub const SECRET_FILE: &str = "agency.key";
/// Name of the public key config in the key directory.
pub const PUBLIC_FILE: &str = "agency.pub.json";
/// The receipt-signing secret (Ed25519) in the key directory.
pub const RECEIPT_SECRET_FILE: &str = "receipt.key";
/// The receipt key's public config in the key directory.
pub const RECEIPT_PUBLIC_FILE: &str = "receipt.pub.json";
/// What the portal pins, in the key directory.
pub const PINS_FILE: &str = "pins.json";
/// Older sealing keys, still opened: `older/<kid>.key`, `older/<kid>.pub.json`.
pub const OLDER_DIR: &str = "older";

/// Parses `xwing` / `x25519`.
pub fn parse_kem(s: &str) -> Result<Kem, String> {
    match s.to_ascii_lowercase().as_str() {
        "xwing" | "x-wing" => Ok(Kem::XWing),
        "x25519" => Ok(Kem::X25519),
        _ => Err(format!("unknown KEM {s:?} (xwing or x25519)")),
    }
}

/// How [`keygen`] treats a directory that already holds a sealing key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeygenMode {
    /// A new directory. On one that already holds a sealing key, only a
    /// missing receipt key is made; anything else is refused.
    New,
    /// Rotation: a new current sealing key; the current one moves to
    /// `older/` and stays usable.
    Add,
    /// Replaces the current sealing key (the old one is not kept).
    Force,
}

/// The portal's pins: `DIR/pins.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pins {
    /// Key ids of the sealing keys: the current one first, then the older ones.
    pub sealing_kids: Vec<String>,
    /// Key id of the receipt key.
    pub receipt_kid: String,
    /// The receipt public key, base64url without padding.
    pub receipt_public_key: String,
    /// The current sealing key id as `1A2B 3C4D 5E6F 7081`.
    pub fingerprint: String,
}

/// What [`keygen`] did.
#[derive(Debug)]
pub struct KeygenOutput {
    /// The current secret key file.
    pub secret_path: PathBuf,
    /// The current public key config file.
    pub public_path: PathBuf,
    /// The current public key config.
    pub config: PublicKeyConfig,
    /// Whether a new sealing key was made (false: only the receipt key was missing).
    pub sealing_created: bool,
    /// The key id of the sealing key moved to `older/` (`--add`).
    pub retired: Option<String>,
    /// The receipt key's public config.
    pub receipt: ReceiptKeyConfig,
    /// Whether the receipt key was made now.
    pub receipt_created: bool,
    /// `pins.json` as written.
    pub pins: Pins,
}

/// A key id as four groups of four upper-case hex digits: `1A2B 3C4D 5E6F 7081`.
pub fn fingerprint(kid: &str) -> String {
    let up = kid.to_ascii_uppercase();
    up.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn exists(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok()
}

fn json_line<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    let mut json = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    json.push('\n');
    Ok(json.into_bytes())
}

/// Writes a sealing key pair: the secret (0600) and its public config.
fn write_pair(
    secret_path: &Path,
    public_path: &Path,
    secret: &SecretKey,
    config: &PublicKeyConfig,
    replace: bool,
) -> Result<(), String> {
    let line = zeroize::Zeroizing::new(format!("{}\n", secret.to_base64()));
    files::write_file(secret_path, line.as_bytes(), 0o600, replace)?;
    files::write_file(public_path, &json_line(config)?, 0o644, replace)
}

/// The KEM a public key config names.
fn kem_of(config: &PublicKeyConfig) -> Result<Kem, String> {
    config
        .suite()
        .supported_kem()
        .map_err(|e| format!("key config {}: {e}", config.kid))
}

/// Reads a secret and its public config and checks that they belong together.
fn read_pair(
    secret_path: &Path,
    public_path: &Path,
) -> Result<(SecretKey, PublicKeyConfig), String> {
    let secret = read_secret(secret_path)?;
    let config = read_public_config(public_path)?;
    if secret.public_config(kem_of(&config)?) != config {
        return Err(format!(
            "{} is not the public key of {}",
            public_path.display(),
            secret_path.display()
        ));
    }
    Ok((secret, config))
}

/// `agency keygen`: the keys directory `dir` (see `docs/agency.md`, "Keys").
pub fn keygen(dir: &Path, kem: Kem, mode: KeygenMode) -> Result<KeygenOutput, String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let secret_path = dir.join(SECRET_FILE);
    let public_path = dir.join(PUBLIC_FILE);
    let receipt_path = dir.join(RECEIPT_SECRET_FILE);
    let has_sealing = exists(&secret_path) || exists(&public_path);
    let has_receipt = exists(&receipt_path);
    let mut retired = None;
    let mut sealing_created = true;
    match mode {
        KeygenMode::New if has_sealing => {
            if exists(&secret_path) && exists(&public_path) && !has_receipt {
                sealing_created = false;
            } else {
                let which = if exists(&secret_path) {
                    &secret_path
                } else {
                    &public_path
                };
                return Err(format!(
                    "{} exists; pass --add to add a new sealing key (the older ones stay usable) \
                     or --force to replace it",
                    which.display()
                ));
            }
        }
        KeygenMode::Add if has_sealing => {
            let (old, old_config) = read_pair(&secret_path, &public_path)?;
            let older = dir.join(OLDER_DIR);
            fs::create_dir_all(&older)
                .map_err(|e| format!("cannot create {}: {e}", older.display()))?;
            // Kept first, so that a crash never loses the old key.
            write_pair(
                &older.join(format!("{}.key", old_config.kid)),
                &older.join(format!("{}.pub.json", old_config.kid)),
                &old,
                &old_config,
                true,
            )?;
            retired = Some(old_config.kid);
        }
        _ => {}
    }
    let config = if sealing_created {
        let (secret, config) = envelope::generate_keypair_os(kem)
            .map_err(|e| format!("cannot generate a key: {e}"))?;
        write_pair(
            &secret_path,
            &public_path,
            &secret,
            &config,
            mode != KeygenMode::New,
        )?;
        config
    } else {
        read_pair(&secret_path, &public_path)?.1
    };
    let receipt_key = if has_receipt {
        read_receipt_key(&receipt_path)?
    } else {
        let key = ReceiptKey::generate()?;
        let mut line = key.to_base64();
        line.push('\n');
        files::write_file(&receipt_path, line.as_bytes(), 0o600, false)?;
        key
    };
    let receipt = receipt_key.config();
    files::write_file(
        &dir.join(RECEIPT_PUBLIC_FILE),
        &json_line(&receipt)?,
        0o644,
        true,
    )?;
    let pins = Pins {
        sealing_kids: sealing_kids(dir, &config.kid),
        receipt_kid: receipt.kid.clone(),
        receipt_public_key: receipt.public_key.clone(),
        fingerprint: fingerprint(&config.kid),
    };
    files::write_file(&dir.join(PINS_FILE), &json_line(&pins)?, 0o644, true)?;
    Ok(KeygenOutput {
        secret_path,
        public_path,
        config,
        sealing_created,
        retired,
        receipt,
        receipt_created: !has_receipt,
        pins,
    })
}

/// The current key id, then the older ones: most recently retired first
/// (the order of the previous `pins.json`), then any others by name.
fn sealing_kids(dir: &Path, current: &str) -> Vec<String> {
    let mut older: Vec<String> = older_kids(dir);
    older.sort();
    let previous: Vec<String> = fs::read_to_string(dir.join(PINS_FILE))
        .ok()
        .and_then(|t| serde_json::from_str::<Pins>(&t).ok())
        .map(|p| p.sealing_kids)
        .unwrap_or_default();
    let mut out = vec![current.to_owned()];
    for kid in previous.iter().chain(older.iter()) {
        if !out.contains(kid) && older.contains(kid) {
            out.push(kid.clone());
        }
    }
    out
}

/// Key ids of the public configs in `DIR/older/`.
fn older_kids(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir.join(OLDER_DIR)) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".pub.json"))
                .filter(|k| k.len() == 16 && k.bytes().all(|b| b.is_ascii_hexdigit()))
                .map(str::to_owned)
        })
        .collect()
}

/// Reads the receipt-signing key. Warns (on stderr) when others may read it.
pub fn read_receipt_key(path: &Path) -> Result<ReceiptKey, String> {
    warn_if_readable(path)?;
    let text = zeroize::Zeroizing::new(
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
    );
    ReceiptKey::from_base64(&text)
        .map_err(|e| format!("{} is not a receipt key ({e})", path.display()))
}

/// The receipt key of a keys directory, with a message saying how to make
/// one when there is none.
pub fn receipt_key_in(dir: &Path) -> Result<ReceiptKey, String> {
    let path = dir.join(RECEIPT_SECRET_FILE);
    if !exists(&path) {
        return Err(format!(
            "no receipt-signing key ({} is missing): run `agency keygen --out {}` to make one \
             (an existing sealing key is kept), or pass --receipt-key FILE",
            path.display(),
            dir.display()
        ));
    }
    read_receipt_key(&path)
}

/// The public configs of a keys directory: the current one first, then
/// the older ones (what an intake accepts; no secret is read).
pub fn public_configs_in(dir: &Path) -> Result<Vec<PublicKeyConfig>, String> {
    let mut out = vec![read_public_config(&dir.join(PUBLIC_FILE))?];
    for kid in sealing_kids(dir, &out[0].kid).iter().skip(1) {
        out.push(read_public_config(
            &dir.join(OLDER_DIR).join(format!("{kid}.pub.json")),
        )?);
    }
    Ok(out)
}

/// The secret sealing keys an `open` or `export` may use, found by the key
/// id an envelope names.
#[derive(Debug, Clone)]
pub struct Keyring {
    keys: Vec<([u8; 8], SecretKey)>,
    single: bool,
}

impl Keyring {
    /// One key (`--key FILE`): an envelope sealed to another key is
    /// `envelope.key_id_mismatch`.
    pub fn single(secret: SecretKey) -> Self {
        Keyring {
            keys: vec![([0; 8], secret)],
            single: true,
        }
    }

    /// Every secret key of a keys directory (`--keys DIR`): the current one
    /// and those in `older/`; an envelope sealed to none of them is
    /// `envelope.unknown_key_id`.
    pub fn from_dir(dir: &Path) -> Result<Self, String> {
        let mut paths = vec![(dir.join(SECRET_FILE), dir.join(PUBLIC_FILE))];
        let older = dir.join(OLDER_DIR);
        let current = read_public_config(&dir.join(PUBLIC_FILE))?;
        for kid in sealing_kids(dir, &current.kid).iter().skip(1) {
            paths.push((
                older.join(format!("{kid}.key")),
                older.join(format!("{kid}.pub.json")),
            ));
        }
        let mut keys = Vec::new();
        for (secret_path, public_path) in paths {
            if !exists(&secret_path) {
                continue;
            }
            let (secret, config) = read_pair(&secret_path, &public_path)?;
            let id = config
                .key_id()
                .map_err(|e| format!("{}: {e}", public_path.display()))?;
            keys.push((id, secret));
        }
        if keys.is_empty() {
            return Err(format!("no secret key in {}", dir.display()));
        }
        Ok(Keyring {
            keys,
            single: false,
        })
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is no key (never, once built).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Opens an envelope with the key its key id names.
    pub fn open(&self, bytes: &[u8]) -> Result<envelope::Opened, envelope::EnvelopeError> {
        if self.single
            && let Some((_, secret)) = self.keys.first()
        {
            return envelope::open(secret, bytes);
        }
        let header = envelope::parse_header(bytes)?;
        match self.keys.iter().find(|(id, _)| *id == header.key_id) {
            Some((_, secret)) => envelope::open(secret, bytes),
            None => Err(envelope::EnvelopeError::UnknownKeyId),
        }
    }
}

fn warn_if_readable(path: &Path) -> Result<(), String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.permissions().mode() & 0o077 != 0 {
        eprintln!(
            "warning: {} is readable by others; chmod 600 it",
            path.display()
        );
    }
    Ok(())
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
    warn_if_readable(path)?;
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
    let meta = envelope::Meta::new(
        envelope::new_submission_id().map_err(|e| format!("cannot draw a submission id: {e}"))?,
        util::now_created_at(),
        schema,
    );
    let sealed =
        envelope::seal(config, &meta, record_json).map_err(|e| format!("cannot seal: {e}"))?;
    Ok((meta, sealed))
}
