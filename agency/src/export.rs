//! `agency export`: opens every stored envelope, re-validates each record
//! with the checker (the client is never trusted), and writes JSON lines,
//! CSV or PAXLST. One bad envelope never stops the export: it is reported
//! in [`ExportSummary::failed`].

use crate::envelope_api::{self as envelope, SecretKey};
use crate::paxlst::{self, PaxEntry, PaxlstOptions};
use crate::store::{Archive, StoredSubmission};
use checker_wasm::{Issue, TravelRecord, ValidateOptions, validate_record};
use serde::Serialize;
use std::io::Write;
use std::ops::ControlFlow;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per envelope.
    Jsonl,
    /// One row per traveler.
    Csv,
    /// UN/EDIFACT PAXLST D:05B, one message per flight.
    Paxlst,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "jsonl" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "paxlst" => Ok(Format::Paxlst),
            _ => Err(format!("unknown format {s:?} (jsonl, csv or paxlst)")),
        }
    }
}

/// Export settings.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Output format.
    pub format: Format,
    /// Only envelopes received at or after this (stored format, UTC).
    pub since: Option<String>,
    /// The checker's options (today's date …).
    pub validate: ValidateOptions,
    /// PAXLST interchange settings.
    pub paxlst: PaxlstOptions,
    /// PAXLST: also include records that have error findings.
    pub include_invalid: bool,
}

/// An envelope that could not be exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// Receipt reference.
    pub reference: String,
    /// `submissionId`.
    pub submission_id: String,
    /// Stable reason code (`open_failed:<envelope code>`, `record_invalid`, …).
    pub code: String,
    /// Human-readable reason (never record content).
    pub message: String,
}

/// What an export did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Envelopes read from the database.
    pub read: usize,
    /// Records written.
    pub exported: usize,
    /// Travelers in the written records.
    pub travelers: usize,
    /// Records with at least one error finding.
    pub with_errors: usize,
    /// Envelopes that could not be opened or parsed.
    pub failed: Vec<Failure>,
    /// PAXLST only: travelers left out, with the reason
    /// (`reference`, traveler index, reason).
    pub excluded: Vec<(String, usize, String)>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonLine<'a> {
    reference: &'a str,
    received_at: &'a str,
    submission_id: &'a str,
    record: &'a TravelRecord,
    issues: &'a [Issue],
}

/// Describes a JSON error without quoting the input.
fn json_error(e: &serde_json::Error) -> String {
    let kind = match e.classify() {
        serde_json::error::Category::Io => "I/O error",
        serde_json::error::Category::Syntax => "not valid JSON",
        serde_json::error::Category::Data => "JSON that is not a TravelRecord",
        serde_json::error::Category::Eof => "truncated JSON",
    };
    format!("{kind} (line {}, column {})", e.line(), e.column())
}

/// Opens one stored envelope.
pub fn open_submission(
    secret: &SecretKey,
    sub: &StoredSubmission,
) -> Result<TravelRecord, Failure> {
    let fail = |code: String, message: String| Failure {
        reference: sub.reference.clone(),
        submission_id: sub.submission_id.clone(),
        code,
        message,
    };
    let opened = envelope::open(secret, &sub.envelope).map_err(|e| {
        fail(
            format!("open_failed:{}", e.code()),
            format!("cannot open the envelope: {e}"),
        )
    })?;
    if opened.header.meta.submission_id != sub.submission_id {
        return Err(fail(
            "meta_mismatch".into(),
            "the envelope's submissionId differs from the stored one".into(),
        ));
    }
    let record: TravelRecord = serde_json::from_slice(&opened.record_json).map_err(|e| {
        fail(
            "record_invalid".into(),
            format!("the record is {}", json_error(&e)),
        )
    })?;
    if record.schema != opened.header.meta.schema {
        return Err(fail(
            "schema_mismatch".into(),
            format!(
                "record schema {} differs from envelope schema {}",
                record.schema, opened.header.meta.schema
            ),
        ));
    }
    Ok(record)
}

const CSV_HEADER: &[&str] = &[
    "reference",
    "receivedAt",
    "submissionId",
    "traveler",
    "surname",
    "givenNames",
    "sex",
    "birthDate",
    "nationality",
    "documentCode",
    "documentNumber",
    "issuingState",
    "expiryDate",
    "flight",
    "departureAirport",
    "departureDate",
    "arrivalAirport",
    "arrivalDate",
    "issues",
];

/// One CSV field: quoted when needed (RFC 4180), and prefixed with `'` when
/// a spreadsheet would take it for a formula.
pub fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn csv_row(out: &mut dyn Write, fields: &[&str]) -> std::io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    writeln!(out, "{}", line.join(","))
}

/// The findings that concern traveler `i`: its own fields and the
/// record-level ones (trip, contact, group).
fn issues_for(issues: &[Issue], i: usize) -> String {
    let own = format!("travelers[{i}]");
    issues
        .iter()
        .filter(|is| {
            is.field.starts_with(&own)
                && !is.field[own.len()..].starts_with(|c: char| c.is_ascii_digit())
                || !is.field.starts_with("travelers[")
        })
        .map(|is| {
            let sev = if is.is_error() { "error" } else { "warning" };
            format!("{sev}:{}@{}", is.code.code(), is.field)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn write_csv(
    out: &mut dyn Write,
    sub: &StoredSubmission,
    record: &TravelRecord,
    issues: &[Issue],
) -> std::io::Result<()> {
    for (i, t) in record.travelers.iter().enumerate() {
        let idx = i.to_string();
        let tr = &record.trip;
        csv_row(
            out,
            &[
                &sub.reference,
                &sub.received_at,
                &sub.submission_id,
                &idx,
                &t.surname,
                &t.given_names,
                &t.sex,
                &t.birth_date,
                &t.nationality,
                &t.document_code,
                &t.document_number,
                &t.issuing_state,
                &t.expiry_date,
                &tr.flight,
                &tr.departure_airport,
                &tr.departure_date,
                &tr.arrival_airport,
                &tr.arrival_date,
                &issues_for(issues, i),
            ],
        )?;
    }
    Ok(())
}

/// Runs an export from `reader` (either backend's store) to `out`.
pub fn export(
    reader: &dyn Archive,
    secret: &SecretKey,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<ExportSummary, String> {
    let mut summary = ExportSummary::default();
    let mut pax: Vec<PaxEntry> = Vec::new();
    let mut io_error: Option<std::io::Error> = None;
    if options.format == Format::Csv {
        csv_row(out, CSV_HEADER).map_err(|e| format!("cannot write: {e}"))?;
    }
    reader
        .list_since(options.since.as_deref(), &mut |sub| {
            summary.read += 1;
            let record = match open_submission(secret, &sub) {
                Ok(r) => r,
                Err(f) => {
                    summary.failed.push(f);
                    return ControlFlow::Continue(());
                }
            };
            let issues = validate_record(&record, &options.validate);
            let has_errors = !checker_wasm::issue::no_errors(&issues);
            if has_errors {
                summary.with_errors += 1;
            }
            let written = match options.format {
                Format::Jsonl => serde_json::to_writer(
                    &mut *out,
                    &JsonLine {
                        reference: &sub.reference,
                        received_at: &sub.received_at,
                        submission_id: &sub.submission_id,
                        record: &record,
                        issues: &issues,
                    },
                )
                .map_err(std::io::Error::other)
                .and_then(|()| out.write_all(b"\n")),
                Format::Csv => write_csv(out, &sub, &record, &issues),
                Format::Paxlst => {
                    if has_errors && !options.include_invalid {
                        for i in 0..record.travelers.len() {
                            summary.excluded.push((
                                sub.reference.clone(),
                                i,
                                "the record has error findings".into(),
                            ));
                        }
                        return ControlFlow::Continue(());
                    }
                    for (index, t) in record.travelers.iter().enumerate() {
                        pax.push(PaxEntry {
                            reference: sub.reference.clone(),
                            index,
                            trip: record.trip.clone(),
                            traveler: t.clone(),
                        });
                    }
                    Ok(())
                }
            };
            if let Err(e) = written {
                io_error = Some(e);
                return ControlFlow::Break(());
            }
            summary.exported += 1;
            summary.travelers += record.travelers.len();
            ControlFlow::Continue(())
        })
        .map_err(|e| format!("cannot read the database: {e}"))?;
    if let Some(e) = io_error {
        return Err(format!("cannot write: {e}"));
    }
    if options.format == Format::Paxlst {
        let (text, excluded) = paxlst::render(&pax, &options.paxlst);
        for x in excluded {
            summary.excluded.push((x.reference, x.traveler, x.reason));
        }
        out.write_all(text.as_bytes())
            .map_err(|e| format!("cannot write: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write: {e}"))?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting_and_formula_guard() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("+1,2"), "\"'+1,2\"");
    }
}
