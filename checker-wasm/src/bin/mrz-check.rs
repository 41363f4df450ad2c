//! `mrz-check`: validate machine-readable zones in bulk.
//!
//! Reads MRZs from standard input, one block per MRZ, blocks separated by a
//! blank line, and prints one JSON report per block, one per line, in input
//! order, in the same shape as the JavaScript `validateMrz`.
//!
//! ```text
//! mrz-check [--today YYYY-MM-DD] [--json-lines] < manifest.txt
//! ```
//!
//! With `--json-lines`, each line of the input is one MRZ as a JSON string
//! (exactly as given: line breaks, blanks and all), as tests compare
//! engines with.
//!
//! Exit status: 0 when every MRZ is valid, 1 when at least one is not,
//! 2 on a usage or I/O error.

use checker_wasm::{Date, validate_mrz};
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

const USAGE: &str = "usage: mrz-check [--today YYYY-MM-DD] [--json-lines] < FILE
Reads machine-readable zones from standard input, one block per MRZ, blocks
separated by a blank line (with --json-lines: one JSON string per line);
prints one JSON report per MRZ, one per line.
Exit status: 0 all valid, 1 some invalid, 2 usage or I/O error.";

fn system_today() -> Option<Date> {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Date::from_days_since_epoch(i64::try_from(secs / 86_400).ok()?)
}

struct Args {
    today: Option<Date>,
    json_lines: bool,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut today = None;
    let mut json_lines = false;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let value = if arg == "--json-lines" {
            json_lines = true;
            continue;
        } else if arg == "--today" {
            args.next().ok_or("--today needs a date (YYYY-MM-DD)")?
        } else if let Some(v) = arg.strip_prefix("--today=") {
            v.to_owned()
        } else if arg == "-h" || arg == "--help" {
            return Err(String::new());
        } else {
            return Err(format!("unknown argument {arg:?}"));
        };
        today = Some(
            Date::parse_iso(&value)
                .map_err(|_| format!("--today: {value:?} is not a date (YYYY-MM-DD)"))?,
        );
    }
    Ok(Args { today, json_lines })
}

fn run() -> Result<bool, String> {
    let args = parse_args(std::env::args().skip(1))?;
    let today = match args.today {
        Some(d) => d,
        None => system_today().ok_or("the system clock gives no valid date; pass --today")?,
    };
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut all_valid = true;
    if args.json_lines {
        for (n, line) in stdin.lines().enumerate() {
            let line = line.map_err(|e| format!("reading standard input: {e}"))?;
            if line.trim().is_empty() {
                continue;
            }
            let text: String = serde_json::from_str(&line)
                .map_err(|e| format!("line {}: not a JSON string: {e}", n + 1))?;
            let report = validate_mrz(&text, today);
            all_valid &= report.valid;
            serde_json::to_writer(&mut out, &report).map_err(|e| e.to_string())?;
            out.write_all(b"\n").map_err(|e| e.to_string())?;
        }
        out.flush().map_err(|e| e.to_string())?;
        return Ok(all_valid);
    }
    let mut block = String::new();
    let mut flush = |block: &mut String, out: &mut BufWriter<_>| -> Result<(), String> {
        if block.trim().is_empty() {
            block.clear();
            return Ok(());
        }
        let report = validate_mrz(block, today);
        all_valid &= report.valid;
        serde_json::to_writer(&mut *out, &report).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())?;
        block.clear();
        Ok(())
    };
    for line in stdin.lines() {
        let line = line.map_err(|e| format!("reading standard input: {e}"))?;
        if line.trim().is_empty() {
            flush(&mut block, &mut out)?;
        } else {
            block.push_str(&line);
            block.push('\n');
        }
    }
    flush(&mut block, &mut out)?;
    out.flush().map_err(|e| e.to_string())?;
    Ok(all_valid)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            if e.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("mrz-check: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
