//! Command line of the `agency` binary.

use crate::export::{self, ExportOptions, Format};
use crate::keys;
use crate::listener::ConnLimits;
use crate::paxlst::PaxlstOptions;
use crate::proxy::TrustedProxies;
use crate::ratelimit;
use crate::server::{self, ServerConfig};
use crate::store::{self, DbTarget};
use crate::util;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
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
    /// Generates a key pair: DIR/agency.key (secret, mode 0600) and DIR/agency.pub.json.
    Keygen {
        /// Directory for the key files (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Key encapsulation: xwing (hybrid post-quantum, default) or x25519.
        #[arg(long, default_value = "xwing")]
        kem: String,
        /// Replace existing key files.
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
        /// Secret key file (agency.key).
        #[arg(long)]
        key: PathBuf,
        /// The envelope file.
        #[arg(long = "in", required_unless_present = "db", conflicts_with = "db")]
        input: Option<PathBuf>,
        /// Intake database (SQLite file or postgres:// URL) to read the submission from.
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
        /// Accepted public key config (repeatable).
        #[arg(long = "key-config", required = true)]
        key_config: Vec<PathBuf>,
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
        /// Secret key file (agency.key).
        #[arg(long)]
        key: PathBuf,
        /// Intake database: a SQLite file or a postgres:// URL.
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
    },
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agency: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Keygen { out, kem, force } => {
            let kem = keys::parse_kem(&kem)?;
            let o = keys::keygen(&out, kem, force)?;
            println!(
                "secret key: {} (mode 0600; keep it offline, never share it)",
                o.secret_path.display()
            );
            println!("public key config: {}", o.public_path.display());
            println!("key id: {}", o.config.kid);
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
            key,
            input,
            db,
            submission_id,
            reference,
        } => {
            let secret = keys::read_secret(&key)?;
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
                let opened = crate::envelope_api::open(&secret, &bytes)
                    .map_err(|e| format!("cannot open: {e}"))?;
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
            key_config,
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
            let mut keys_list = Vec::new();
            for p in &key_config {
                keys_list.push(keys::read_public_config(p)?);
            }
            let config = ServerConfig {
                keys: keys_list,
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
            key,
            db,
            format,
            since,
            out,
            sender,
            recipient,
            reporting_party,
            include_invalid,
        } => {
            let secret = keys::read_secret(&key)?;
            let db = DbTarget::parse(&db);
            let reader = store::open_archive(&db)
                .map_err(|e| format!("cannot open {}: {e}", db.display()))?;
            let reader = reader.as_ref();
            let since = since.as_deref().map(util::parse_since).transpose()?;
            let today = util::today().ok_or("the system date is out of range")?;
            let now = chrono::Utc::now();
            let options = ExportOptions {
                format,
                since,
                validate: checker_wasm::ValidateOptions::new(today),
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
            let summary = match &out {
                Some(path) => {
                    let file = std::fs::OpenOptions::new()
                        .write(true)
                        .create(true)
                        .truncate(true)
                        .mode(0o600)
                        .open(path)
                        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                    let mut w = std::io::BufWriter::new(file);
                    export::export(reader, &secret, &options, &mut w)?
                }
                None => {
                    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
                    export::export(reader, &secret, &options, &mut w)?
                }
            };
            for f in &summary.failed {
                eprintln!(
                    "failed: reference={} submissionId={} code={} reason={}",
                    f.reference, f.submission_id, f.code, f.message
                );
            }
            for (reference, i, reason) in &summary.excluded {
                eprintln!(
                    "excluded from PAXLST: reference={reference} traveler={i} reason={reason}"
                );
            }
            eprintln!(
                "summary: read={} exported={} travelers={} withErrors={} failed={} excluded={}",
                summary.read,
                summary.exported,
                summary.travelers,
                summary.with_errors,
                summary.failed.len(),
                summary.excluded.len()
            );
            Ok(())
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
