//! Small file-based CLI over the `envelope` crate, for interoperability runs and manual tests.
//! (The agency's real CLI lives in the `agency` crate.)
//!
//! ```text
//! envelope_tool keygen --kem xwing|x25519 --secret OUT.key --config OUT.json
//! envelope_tool seal   --config CFG.json --record REC.json --out ENV.bin
//!                      [--submission-id UUID] [--created-at RFC3339] [--schema N]
//! envelope_tool open   --secret KEY --in ENV.bin --out REC.json [--meta-out META.json]
//! envelope_tool header --in ENV.bin
//! ```
//!
//! The secret key file holds the standard base64 of the 32 secret bytes.

use std::collections::HashMap;
use std::process::ExitCode;

use envelope::{Kem, Meta, PublicKeyConfig, SecretKey};

fn usage() -> ExitCode {
    eprintln!(
        "usage:\n  envelope_tool keygen --kem xwing|x25519 --secret OUT.key --config OUT.json\n  \
         envelope_tool seal --config CFG.json --record REC.json --out ENV.bin [--submission-id UUID] \
         [--created-at RFC3339] [--schema N]\n  \
         envelope_tool open --secret KEY --in ENV.bin --out REC.json [--meta-out META.json]\n  \
         envelope_tool header --in ENV.bin"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        return usage();
    };
    let mut opts = HashMap::new();
    let mut it = rest.iter();
    while let Some(flag) = it.next() {
        let (Some(name), Some(value)) = (flag.strip_prefix("--"), it.next()) else {
            return usage();
        };
        opts.insert(name.to_string(), value.clone());
    }
    match run(cmd, &opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("envelope_tool: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn get<'a>(opts: &'a HashMap<String, String>, name: &str) -> Result<&'a str, String> {
    opts.get(name)
        .map(String::as_str)
        .ok_or_else(|| format!("missing --{name}"))
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

fn write(path: &str, data: &[u8]) -> Result<(), String> {
    std::fs::write(path, data).map_err(|e| format!("{path}: {e}"))
}

fn err(e: envelope::EnvelopeError) -> String {
    format!("{} ({})", e, e.code())
}

fn run(cmd: &str, opts: &HashMap<String, String>) -> Result<(), String> {
    match cmd {
        "keygen" => {
            let kem = match get(opts, "kem")? {
                "xwing" => Kem::XWing,
                "x25519" => Kem::X25519,
                other => return Err(format!("unknown --kem {other}")),
            };
            let (sk, cfg) = envelope::generate_keypair_os(kem).map_err(err)?;
            write(
                get(opts, "secret")?,
                format!("{}\n", sk.to_base64()).as_bytes(),
            )?;
            let json = serde_json::to_vec_pretty(&cfg).map_err(|e| e.to_string())?;
            write(get(opts, "config")?, &json)
        }
        "seal" => {
            let cfg: PublicKeyConfig = serde_json::from_slice(&read(get(opts, "config")?)?)
                .map_err(|e| format!("config: {e}"))?;
            let record = read(get(opts, "record")?)?;
            let submission_id = match opts.get("submission-id") {
                Some(id) => id.clone(),
                None => envelope::new_submission_id().map_err(err)?,
            };
            let created_at = match opts.get("created-at") {
                Some(t) => t.clone(),
                None => now_rfc3339()?,
            };
            let schema = match opts.get("schema") {
                Some(s) => s.parse().map_err(|e| format!("--schema: {e}"))?,
                None => 1,
            };
            let meta = Meta::new(submission_id, created_at, schema);
            let env = envelope::seal(&cfg, &meta, &record).map_err(err)?;
            write(get(opts, "out")?, &env)
        }
        "open" => {
            let key_text = String::from_utf8(read(get(opts, "secret")?)?)
                .map_err(|_| "secret key file is not text".to_string())?;
            let sk = SecretKey::from_base64(&key_text).map_err(err)?;
            let opened = envelope::open(&sk, &read(get(opts, "in")?)?).map_err(err)?;
            write(get(opts, "out")?, &opened.record_json)?;
            if let Some(path) = opts.get("meta-out") {
                let json = serde_json::to_vec(&opened.header.meta).map_err(|e| e.to_string())?;
                write(path, &json)?;
            }
            Ok(())
        }
        "header" => {
            let h = envelope::parse_header(&read(get(opts, "in")?)?).map_err(err)?;
            let json = serde_json::json!({
                "version": h.version,
                "kid": h.kid_hex(),
                "kem": h.kem,
                "kdf": h.kdf,
                "aead": h.aead,
                "meta": h.meta,
                "headerLen": h.header_len,
                "encLen": h.enc_len,
            });
            println!("{json}");
            Ok(())
        }
        other => Err(format!("unknown command {other}")),
    }
}

/// Current UTC time as `YYYY-MM-DDTHH:MM:SSZ` (the library itself reads no clock).
fn now_rfc3339() -> Result<String, String> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    let days = i64::try_from(secs / 86_400).map_err(|e| e.to_string())?;
    let rem = secs % 86_400;
    let date = checker_wasm::Date::from_days_since_epoch(days).ok_or("clock out of range")?;
    Ok(format!(
        "{date}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    ))
}
