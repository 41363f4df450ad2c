//! Command line of the `agency` binary.
//!
//! Longer than 500 lines: every subcommand's flags and help text, declared
//! together so that the command line reads as one table.

use crate::export::{self, ExportOptions, Format};
use crate::files::AtomicFile;
use crate::keys;
use crate::listener::ConnLimits;
use crate::paxlst::PaxlstOptions;
use crate::proxy::TrustedProxies;
use crate::ratelimit;
use crate::receipt::{ReceiptKeyConfig, SignedReceipt};
use crate::server::{self, ServerConfig};
use crate::store::{self, DbTarget};
use crate::util;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The agency side of pre-departure submissions.
#[derive(Debug, Parser)]
#[command(name = "agency", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Makes a keys directory: DIR/agency.key (secret, mode 0600), DIR/agency.pub.json,
    /// the receipt key DIR/receipt.key and receipt.pub.json, and DIR/pins.json.
    Keygen {
        /// Directory for the key files (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Key encapsulation: xwing (hybrid post-quantum, default) or x25519.
        #[arg(long, default_value = "xwing")]
        kem: String,
        /// Rotation: a new current sealing key; the current one moves to DIR/older/ and still opens.
        #[arg(long, conflicts_with = "force")]
        add: bool,
        /// Replace the current sealing key (it is not kept).
        #[arg(long)]
        force: bool,
    },
    /// Seals a record JSON file to a public key config.
    Seal {
        /// Public key config (agency.pub.json).
        #[arg(long)]
        key_config: PathBuf,
        /// The record (TravelRecord JSON).
        #[arg(long = "in")]
        input: PathBuf,
        /// Where to write the envelope.
        #[arg(long)]
        out: PathBuf,
    },
    /// Opens an envelope (a file, or a stored submission) and prints the record JSON.
    Open {
        #[command(flatten)]
        keys: SecretKeys,
        /// The envelope file.
        #[arg(long = "in", required_unless_present = "db", conflicts_with = "db")]
        input: Option<PathBuf>,
        /// Intake database (SQLite file, backup or postgres:// URL) to read the submission from.
        #[arg(long, requires = "which")]
        db: Option<String>,
        /// With --db: the stored submission's submissionId.
        #[arg(long, group = "which")]
        submission_id: Option<String>,
        /// With --db: the reference the traveler was given (every submission holding it).
        #[arg(long, group = "which")]
        reference: Option<String>,
    },
    /// Writes a consistent copy of an intake database (SQLite or PostgreSQL) to a SQLite file, while the intake runs.
    Backup {
        /// Intake database: a SQLite file or a postgres:// URL.
        #[arg(long)]
        db: String,
        /// The backup file (SQLite, mode 0600; written through a temporary file and renamed).
        #[arg(long)]
        out: PathBuf,
    },
    /// Runs the intake server.
    Serve {
        /// Address to listen on (port 0: any free port; the chosen address is printed).
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// Database: a SQLite file (created if missing) or a postgres:// URL (schema created or migrated).
        #[arg(long)]
        db: String,
        /// Keys directory: accepts its current and older public keys, signs receipts with its
        /// receipt.key (its secret sealing keys are not read).
        #[arg(long, required_unless_present = "key_config")]
        keys: Option<PathBuf>,
        /// Accepted public key config (repeatable).
        #[arg(long = "key-config")]
        key_config: Vec<PathBuf>,
        /// Receipt-signing key (default: receipt.key of --keys, or beside the first --key-config).
        #[arg(long)]
        receipt_key: Option<PathBuf>,
        /// Portal folder to serve (index.html fallback).
        #[arg(long = "static")]
        static_dir: Option<PathBuf>,
        /// Origin allowed to post cross-origin (repeatable).
        #[arg(long = "cors-origin")]
        cors_origin: Vec<String>,
        /// Intake origin the served portal may connect to, added to CSP connect-src (repeatable).
        #[arg(long = "connect-origin")]
        connect_origin: Vec<String>,
        /// Largest accepted envelope in bytes.
        #[arg(long, default_value_t = server::DEFAULT_MAX_BODY)]
        max_body: usize,
        /// Submissions per minute per client address (N or N/min; 0 turns it off).
        #[arg(long, default_value = "600/min")]
        rate_limit: String,
        /// Reverse proxy (ADDR or ADDR/LEN) whose Forwarded / X-Forwarded-For name the client (repeatable).
        #[arg(long = "trusted-proxy")]
        trusted_proxy: Vec<String>,
        /// Most connections kept open; at the cap the longest-idle one is closed for a new one.
        #[arg(long, default_value_t = crate::listener::DEFAULT_MAX_CONNECTIONS)]
        max_connections: usize,
        /// Most connections from one client address (trusted proxies excepted); at the cap its longest-idle one is closed.
        #[arg(long, default_value_t = crate::listener::DEFAULT_MAX_PER_ADDRESS)]
        max_connections_per_address: usize,
        /// Seconds a client has to send a request head (also the keep-alive idle timeout).
        #[arg(long, default_value_t = crate::listener::DEFAULT_HEAD_TIMEOUT.as_secs())]
        head_timeout: u64,
        /// Seconds a response may wait for the client to read any of it; then the connection is closed.
        #[arg(long, default_value_t = crate::listener::DEFAULT_SEND_TIMEOUT.as_secs())]
        send_timeout: u64,
        /// Most submissions handled at once; above it, 503 with Retry-After.
        #[arg(long, default_value_t = server::DEFAULT_MAX_IN_FLIGHT)]
        max_in_flight: usize,
        /// Free space the database's file system must keep (bytes, or 256MiB, 1G; 0 turns it off); below it, 503.
        #[arg(long, default_value = "256MiB")]
        min_free_disk: String,
    },
    /// Opens, re-validates and exports stored submissions.
    Export {
        #[command(flatten)]
        keys: SecretKeys,
        /// Intake database: a SQLite file, a backup or a postgres:// URL.
        #[arg(long)]
        db: String,
        /// jsonl, csv or paxlst.
        #[arg(long)]
        format: Format,
        /// Only submissions received at or after this RFC 3339 time (or YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Output file (created with mode 0600); standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
        /// PAXLST: UNB sender identification.
        #[arg(long, default_value = "AGENCY")]
        sender: String,
        /// PAXLST: UNB recipient identification.
        #[arg(long, default_value = "JPNAPI")]
        recipient: String,
        /// PAXLST: reporting party name (NAD+MS).
        #[arg(long, default_value = "AGENCY")]
        reporting_party: String,
        /// PAXLST: also include records that have error findings.
        #[arg(long)]
        include_invalid: bool,
        /// Document-validity rule, as in the portal's config: onArrival, wholeStay or months:N.
        #[arg(long, default_value = "onArrival")]
        validity: String,
    },
    /// Checks a signed receipt (its JSON or its QR text): exit 0 when genuine, 1 when not.
    VerifyReceipt {
        /// The agency's receipt key: receipt.pub.json or pins.json.
        #[arg(long)]
        key_config: PathBuf,
        /// The receipt (standard input when absent).
        #[arg(long)]
        receipt: Option<PathBuf>,
    },
}

/// The secret sealing keys of `open` and `export`: one file or a keys directory.
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
struct SecretKeys {
    /// Secret key file (agency.key).
    #[arg(long)]
    key: Option<PathBuf>,
    /// Keys directory: its current and older secret keys (the envelope's key id picks one).
    #[arg(long)]
    keys: Option<PathBuf>,
}

impl SecretKeys {
    fn keyring(&self) -> Result<keys::Keyring, String> {
        match (&self.key, &self.keys) {
            (Some(file), _) => Ok(keys::Keyring::single(keys::read_secret(file)?)),
            (None, Some(dir)) => keys::Keyring::from_dir(dir),
            (None, None) => Err("pass --key FILE or --keys DIR".into()),
        }
    }
}

/// Parses `onArrival`, `wholeStay` or `months:N` (also the JSON of the
/// portal config's `passportValidity`).
fn parse_validity(s: &str) -> Result<checker_wasm::ValidityRule, String> {
    use checker_wasm::ValidityRule;
    let bad = || format!("--validity {s:?}: onArrival, wholeStay or months:N");
    if s.trim_start().starts_with('{') {
        return serde_json::from_str(s).map_err(|_| bad());
    }
    match s {
        "onArrival" => Ok(ValidityRule::OnArrival),
        "wholeStay" => Ok(ValidityRule::WholeStay),
        _ => s
            .strip_prefix("months:")
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|&n| n > 0)
            .map(|months| ValidityRule::Months { months })
            .ok_or_else(bad),
    }
}

/// `agency verify-receipt`: Ok(true) genuine, Ok(false) not (reason printed).
fn verify_receipt(key_config: &Path, receipt: Option<&Path>) -> Result<bool, String> {
    let text = std::fs::read_to_string(key_config)
        .map_err(|e| format!("cannot read {}: {e}", key_config.display()))?;
    let key =
        ReceiptKeyConfig::from_json(&text).map_err(|e| format!("{}: {e}", key_config.display()))?;
    let mut input = String::new();
    match receipt {
        Some(p) => {
            input = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        }
        None => {
            std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut input)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
        }
    }
    let verdict = SignedReceipt::parse(&input).and_then(|r| r.verify(&key).map(|()| r));
    match verdict {
        Ok(r) => {
            println!(
                "genuine: reference {} received {} (receipt key {})",
                r.reference, r.received_at, r.kid
            );
            Ok(true)
        }
        Err(e) => {
            println!("not genuine: {e} ({})", e.code());
            Ok(false)
        }
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e != NOT_GENUINE {
                eprintln!("agency: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Keygen {
            out,
            kem,
            add,
            force,
        } => {
            let kem = keys::parse_kem(&kem)?;
            let mode = match (add, force) {
                (true, _) => keys::KeygenMode::Add,
                (false, true) => keys::KeygenMode::Force,
                (false, false) => keys::KeygenMode::New,
            };
            let o = keys::keygen(&out, kem, mode)?;
            if o.sealing_created {
                println!(
                    "secret key: {} (mode 0600; keep it offline, never share it)",
                    o.secret_path.display()
                );
            } else {
                println!("sealing key kept: {}", o.secret_path.display());
            }
            if let Some(old) = &o.retired {
                println!(
                    "older key {old} moved to {}/{old}.key (still opened)",
                    out.join(keys::OLDER_DIR).display()
                );
            }
            println!("public key config: {}", o.public_path.display());
            println!("key id: {}", o.config.kid);
            println!("fingerprint: {}", o.pins.fingerprint);
            if o.receipt_created {
                println!(
                    "receipt key: {} (mode 0600; for the intake)",
                    out.join(keys::RECEIPT_SECRET_FILE).display()
                );
            }
            println!("receipt key id: {}", o.receipt.kid);
            println!("pins: {}", out.join(keys::PINS_FILE).display());
            Ok(())
        }
        Command::Seal {
            key_config,
            input,
            out,
        } => {
            let config = keys::read_public_config(&key_config)?;
            let record = std::fs::read(&input)
                .map_err(|e| format!("cannot read {}: {e}", input.display()))?;
            let (meta, sealed) = keys::seal_record(&config, &record)?;
            std::fs::write(&out, sealed)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!("submissionId: {}", meta.submission_id);
            Ok(())
        }
        Command::Open {
            keys,
            input,
            db,
            submission_id,
            reference,
        } => {
            let keyring = keys.keyring()?;
            let envelopes = match (input, db) {
                (Some(input), _) => vec![
                    std::fs::read(&input)
                        .map_err(|e| format!("cannot read {}: {e}", input.display()))?,
                ],
                (None, Some(db)) => stored_envelopes(
                    &DbTarget::parse(&db),
                    submission_id.as_deref(),
                    reference.as_deref(),
                )?,
                (None, None) => return Err("--in or --db is needed".into()),
            };
            let mut stdout = std::io::stdout().lock();
            for bytes in envelopes {
                let opened = keyring
                    .open(&bytes)
                    .map_err(|e| format!("cannot open: {e} ({})", e.code()))?;
                stdout
                    .write_all(&opened.record_json)
                    .map_err(|e| e.to_string())?;
                if !opened.record_json.ends_with(b"\n") {
                    stdout.write_all(b"\n").map_err(|e| e.to_string())?;
                }
            }
            Ok(())
        }
        Command::Backup { db, out } => {
            let target = DbTarget::parse(&db);
            let n = crate::backup::backup(&target, &out)?;
            println!(
                "backup of {}: {n} submissions in {} (mode 0600)",
                target.display(),
                out.display()
            );
            Ok(())
        }
        Command::Serve {
            listen,
            db,
            keys: keys_dir,
            key_config,
            receipt_key,
            static_dir,
            cors_origin,
            connect_origin,
            max_body,
            rate_limit,
            trusted_proxy,
            max_connections,
            max_connections_per_address,
            head_timeout,
            send_timeout,
            max_in_flight,
            min_free_disk,
        } => {
            let mut keys_list = match &keys_dir {
                Some(dir) => keys::public_configs_in(dir)?,
                None => Vec::new(),
            };
            for p in &key_config {
                keys_list.push(keys::read_public_config(p)?);
            }
            let receipt_key = match (&receipt_key, &keys_dir, key_config.first()) {
                (Some(file), _, _) => keys::read_receipt_key(file)?,
                (None, Some(dir), _) => keys::receipt_key_in(dir)?,
                (None, None, Some(config)) => keys::receipt_key_in(
                    config
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .unwrap_or(std::path::Path::new(".")),
                )?,
                (None, None, None) => return Err("pass --keys DIR or --key-config FILE".into()),
            };
            let config = ServerConfig {
                keys: keys_list,
                receipt_key,
                max_body,
                rate_limit_per_min: ratelimit::parse_rate(&rate_limit)?,
                trusted_proxies: TrustedProxies::parse(&trusted_proxy)?,
                max_in_flight,
                min_free_disk: util::parse_size(&min_free_disk)
                    .map_err(|e| format!("--min-free-disk: {e}"))?,
                cors_origins: cors_origin,
                connect_origins: connect_origin,
                static_dir,
            };
            if head_timeout == 0 {
                return Err("--head-timeout must be at least 1 second".into());
            }
            if send_timeout == 0 {
                return Err("--send-timeout must be at least 1 second".into());
            }
            let limits = ConnLimits {
                max_connections: max_connections.max(1),
                max_per_address: max_connections_per_address.max(1),
                head_timeout: std::time::Duration::from_secs(head_timeout),
                send_timeout: std::time::Duration::from_secs(send_timeout),
                exempt: config.trusted_proxies.clone(),
            };
            serve(&listen, &DbTarget::parse(&db), &config, limits)
        }
        Command::Export {
            keys,
            db,
            format,
            since,
            out,
            sender,
            recipient,
            reporting_party,
            include_invalid,
            validity,
        } => {
            let keyring = keys.keyring()?;
            let db = DbTarget::parse(&db);
            let reader = store::open_archive(&db)
                .map_err(|e| format!("cannot open {}: {e}", db.display()))?;
            let reader = reader.as_ref();
            let since = since.as_deref().map(util::parse_since).transpose()?;
            let today = util::today().ok_or("the system date is out of range")?;
            let mut validate = checker_wasm::ValidateOptions::new(today);
            validate.validity = parse_validity(&validity)?;
            let now = chrono::Utc::now();
            let options = ExportOptions {
                format,
                since,
                validate,
                paxlst: PaxlstOptions {
                    sender,
                    recipient,
                    reporting_party,
                    interchange_ref: now.format("%y%m%d%H%M%S").to_string(),
                    prepared: (
                        now.format("%y%m%d").to_string(),
                        now.format("%H%M").to_string(),
                    ),
                },
                include_invalid,
            };
            let mut list =
                |since: Option<&str>,
                 each: &mut dyn FnMut(
                    crate::store::StoredSubmission,
                ) -> std::ops::ControlFlow<()>| { reader.list_since(since, each) };
            let summary = match &out {
                Some(path) => {
                    let mut file = AtomicFile::create(path, 0o600, true)?;
                    let summary = export::export(&mut list, &keyring, &options, &mut file)?;
                    file.commit()?;
                    summary
                }
                None => {
                    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
                    export::export(&mut list, &keyring, &options, &mut w)?
                }
            };
            for f in &summary.failed {
                eprintln!(
                    "failed: reference={} submissionId={} code={} reason={}",
                    f.reference, f.submission_id, f.code, f.message
                );
            }
            for n in &summary.same_document {
                let more = n.count.saturating_sub(n.others.len());
                eprintln!(
                    "same document: reference={} traveler={} alsoIn={}{}",
                    n.reference,
                    n.traveler,
                    n.others.join(","),
                    if more > 0 {
                        format!(" (+{more} more)")
                    } else {
                        String::new()
                    }
                );
            }
            for (reference, i, reason) in &summary.excluded {
                eprintln!(
                    "excluded from PAXLST: reference={reference} traveler={i} reason={reason}"
                );
            }
            eprintln!(
                "summary: read={} exported={} travelers={} withErrors={} failed={} excluded={} \
                 replaced={} sameDocument={}",
                summary.read,
                summary.exported,
                summary.travelers,
                summary.with_errors,
                summary.failed.len(),
                summary.excluded.len(),
                summary.replaced,
                summary.same_document.len()
            );
            Ok(())
        }
        Command::VerifyReceipt {
            key_config,
            receipt,
        } => {
            if verify_receipt(&key_config, receipt.as_deref())? {
                Ok(())
            } else {
                Err(NOT_GENUINE.into())
            }
        }
    }
}

/// The envelopes of `--db` chosen by `--submission-id` or `--reference`.
fn stored_envelopes(
    db: &DbTarget,
    submission_id: Option<&str>,
    reference: Option<&str>,
) -> Result<Vec<Vec<u8>>, String> {
    let archive =
        store::open_archive(db).map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    let found = match (submission_id, reference) {
        (Some(id), _) => archive
            .find(id)
            .map_err(|e| e.to_string())?
            .into_iter()
            .collect(),
        (None, Some(r)) => archive
            .find_reference(&r.trim().to_ascii_uppercase())
            .map_err(|e| e.to_string())?,
        (None, None) => return Err("--db needs --submission-id or --reference".into()),
    };
    if found.is_empty() {
        return Err("no such submission is stored".into());
    }
    Ok(found.into_iter().map(|s| s.envelope).collect())
}

/// The error `run` returns for a receipt that is not genuine (the reason is
/// already on stdout): exit 1, nothing more on stderr.
const NOT_GENUINE: &str = "\0not genuine";

fn serve(
    listen: &str,
    db: &DbTarget,
    config: &ServerConfig,
    limits: ConnLimits,
) -> Result<(), String> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let store = store::open_store(db).map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    let app = server::router(store.clone(), config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let result = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!("listening on http://{addr}");
        let _ = std::io::stdout().flush();
        server::serve(listener, app, limits)
            .await
            .map_err(|e| format!("server error: {e}"))
    });
    drop(runtime);
    store.close();
    result
}
