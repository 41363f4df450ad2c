//! `agency export`: opens every stored envelope, re-validates each record
//! with the checker (the client is never trusted) under the rules in force
//! when the intake received it, and writes JSON lines, CSV or PAXLST. One
//! bad envelope never stops the export: it is reported in
//! [`ExportSummary::failed`].
//!
//! Two passes over the store: the first opens every envelope to learn which
//! submissions another one `replaces` and which travel documents (issuing
//! state and number) appear in several submissions; the second writes,
//! with those flags. Only the envelopes of the first pass are written, so a
//! submission arriving meanwhile never appears unflagged.
//!
//! Longer than 500 lines: one pipeline (open, re-validate, render each
//! format), whose formats share the same re-validated rows.

use crate::csv::{self, CSV_HEADER};
use crate::envelope_api as envelope;
use crate::keys::Keyring;
use crate::names::{self, DocumentName};
use crate::paxlst::{self, PaxEntry, PaxlstOptions};
use crate::resubmissions::{Index, Others, one_per_document_and_flight};
use crate::store::{StoreError, StoredSubmission};
use checker_wasm::{Date, Issue, TravelRecord, ValidateOptions, validate_record};
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
    /// The checker's options (validity rule, adult age …). Their `today`
    /// is replaced, for each record, by the date (UTC) the intake received
    /// it: a record does not turn invalid because its flight has left.
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
    /// Written records that a later one replaces.
    pub replaced: usize,
    /// Travelers whose document is also in another submission.
    pub same_document: Vec<SameDocumentNote>,
}

/// A traveler whose document is also in other submissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SameDocumentNote {
    /// The submission's reference.
    pub reference: String,
    /// The traveler's index in it.
    pub traveler: usize,
    /// The other submissions' references (the first
    /// [`crate::resubmissions::MAX_LISTED`]).
    pub others: Vec<String>,
    /// How many other submissions hold the document.
    pub count: usize,
}

/// Lists the stored submissions received at or after `since`, oldest
/// first (what [`crate::store::Store::list_since`] does).
pub type ListFn<'a> = dyn FnMut(
        Option<&str>,
        &mut dyn FnMut(StoredSubmission) -> ControlFlow<()>,
    ) -> Result<(), StoreError>
    + 'a;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonLine<'a> {
    reference: &'a str,
    received_at: &'a str,
    submission_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaces: Option<&'a str>,
    current: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaced_by: Option<&'a str>,
    record: &'a TravelRecord,
    issues: &'a [Issue],
    names: &'a [DocumentName],
    same_document: Vec<SameDocument<'a>>,
}

/// A traveler's document also found in other submissions.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SameDocument<'a> {
    traveler: usize,
    /// How many other submissions hold the document.
    count: usize,
    /// The first of them (at most [`crate::resubmissions::MAX_LISTED`]).
    others: Vec<OtherSubmission<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OtherSubmission<'a> {
    reference: &'a str,
    submission_id: &'a str,
    traveler: usize,
    current: bool,
}

/// The date (UTC) of a stored `receivedAt`.
fn received_date(received_at: &str) -> Option<Date> {
    received_at.get(..10).and_then(|d| Date::parse_iso(d).ok())
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

/// Opens one stored envelope with the key its key id names; returns the
/// record and the meta's `replaces`.
pub fn open_submission(
    keys: &Keyring,
    sub: &StoredSubmission,
) -> Result<(TravelRecord, Option<String>), Failure> {
    let fail = |code: String, message: String| Failure {
        reference: sub.reference.clone(),
        submission_id: sub.submission_id.clone(),
        code,
        message,
    };
    let opened = keys
        .open(&sub.envelope)
        .map_err(|e: envelope::EnvelopeError| {
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
    Ok((record, opened.header.meta.replaces))
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

/// The flags of one written submission.
struct Flags<'a> {
    current: bool,
    replaced_by: Option<&'a str>,
    replaces: Option<&'a str>,
    /// Per traveler: the other submissions holding the same document.
    others: Vec<Others>,
}

fn write_csv(
    out: &mut dyn Write,
    sub: &StoredSubmission,
    record: &TravelRecord,
    issues: &[Issue],
    names: &[DocumentName],
    flags: &Flags<'_>,
    index: &Index,
) -> std::io::Result<()> {
    for (i, t) in record.travelers.iter().enumerate() {
        let idx = i.to_string();
        let tr = &record.trip;
        let (surname, given, source) = names.get(i).map_or(("", "", ""), |n| {
            (
                n.surname.as_str(),
                n.given_names.as_str(),
                n.source.as_str(),
            )
        });
        let same = flags.others.get(i).map_or_else(String::new, |o| {
            let mut refs: Vec<String> = o
                .listed
                .iter()
                .filter_map(|&(j, _)| index.seen.get(j).map(|s| s.reference.clone()))
                .collect();
            if o.total > o.listed.len() {
                refs.push(format!("(+{} more)", o.total - o.listed.len()));
            }
            refs.join(" ")
        });
        csv::row(
            out,
            &[
                &sub.reference,
                &sub.received_at,
                &sub.submission_id,
                if flags.current { "yes" } else { "no" },
                flags.replaced_by.unwrap_or_default(),
                flags.replaces.unwrap_or_default(),
                &idx,
                surname,
                given,
                source,
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
                &same,
                &t.surname,
                &t.given_names,
            ],
        )?;
    }
    Ok(())
}

/// Runs an export: `list` reads the store, `keys` open the envelopes.
pub fn export(
    list: &mut ListFn<'_>,
    keys: &Keyring,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<ExportSummary, String> {
    let mut summary = ExportSummary::default();
    // Pass 1: open everything, learn replacements and repeated documents.
    let mut index = Index::default();
    list(options.since.as_deref(), &mut |sub| {
        summary.read += 1;
        match open_submission(keys, &sub) {
            Ok((record, replaces)) => index.add(&sub, replaces, &record),
            Err(f) => summary.failed.push(f),
        }
        ControlFlow::Continue(())
    })
    .map_err(|e| format!("cannot read the database: {e}"))?;
    index.finish();

    // Pass 2: write, with the flags.
    let mut pax: Vec<(usize, PaxEntry)> = Vec::new();
    let mut io_error: Option<std::io::Error> = None;
    if options.format == Format::Csv {
        csv::row(out, CSV_HEADER).map_err(|e| format!("cannot write: {e}"))?;
    }
    let mut second = |sub: StoredSubmission| -> Result<(), std::io::Error> {
        let Some(&i) = index.by_id.get(&sub.submission_id) else {
            return Ok(());
        };
        let (record, replaces) = match open_submission(keys, &sub) {
            Ok(opened) => opened,
            Err(f) => {
                // Opened in the first pass: the stored row changed since.
                summary.failed.push(f);
                return Ok(());
            }
        };
        let Some(today) = received_date(&sub.received_at) else {
            summary.failed.push(Failure {
                reference: sub.reference.clone(),
                submission_id: sub.submission_id.clone(),
                code: "received_at_invalid".into(),
                message: "the stored time of receipt is not a date".into(),
            });
            return Ok(());
        };
        let validate = ValidateOptions {
            today,
            ..options.validate
        };
        let issues = validate_record(&record, &validate);
        let has_errors = !checker_wasm::issue::no_errors(&issues);
        let names: Vec<DocumentName> = record
            .travelers
            .iter()
            .map(|t| names::document_name(t, today))
            .collect();
        let current = index.current(i);
        let replaced_by = index
            .replaced_by
            .get(&i)
            .and_then(|&j| index.seen.get(j))
            .map(|s| s.submission_id.as_str());
        let flags = Flags {
            current,
            replaced_by,
            replaces: replaces.as_deref(),
            others: record
                .travelers
                .iter()
                .map(|t| index.others(i, t))
                .collect(),
        };
        for (t, others) in flags.others.iter().enumerate() {
            if others.total > 0 {
                summary.same_document.push(SameDocumentNote {
                    reference: sub.reference.clone(),
                    traveler: t,
                    others: others
                        .listed
                        .iter()
                        .filter_map(|&(j, _)| index.seen.get(j).map(|s| s.reference.clone()))
                        .collect(),
                    count: others.total,
                });
            }
        }
        if has_errors {
            summary.with_errors += 1;
        }
        if !current {
            summary.replaced += 1;
        }
        match options.format {
            Format::Jsonl => {
                let same_document = flags
                    .others
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.total > 0)
                    .map(|(t, o)| SameDocument {
                        traveler: t,
                        count: o.total,
                        others: o
                            .listed
                            .iter()
                            .filter_map(|&(j, tj)| {
                                index.seen.get(j).map(|s| OtherSubmission {
                                    reference: &s.reference,
                                    submission_id: &s.submission_id,
                                    traveler: tj,
                                    current: index.current(j),
                                })
                            })
                            .collect(),
                    })
                    .collect();
                serde_json::to_writer(
                    &mut *out,
                    &JsonLine {
                        reference: &sub.reference,
                        received_at: &sub.received_at,
                        submission_id: &sub.submission_id,
                        replaces: flags.replaces,
                        current,
                        replaced_by,
                        record: &record,
                        issues: &issues,
                        names: &names,
                        same_document,
                    },
                )
                .map_err(std::io::Error::other)?;
                out.write_all(b"\n")?;
            }
            Format::Csv => write_csv(out, &sub, &record, &issues, &names, &flags, &index)?,
            Format::Paxlst => {
                let replacer = index.replaced_by.get(&i).and_then(|&j| index.seen.get(j));
                let excluded = if let Some(by) = replacer {
                    Some(format!(
                        "replaced by the later submission {} ({})",
                        by.reference, by.submission_id
                    ))
                } else if has_errors && !options.include_invalid {
                    Some("the record has error findings".to_owned())
                } else {
                    None
                };
                if let Some(reason) = excluded {
                    for t in 0..record.travelers.len() {
                        summary
                            .excluded
                            .push((sub.reference.clone(), t, reason.clone()));
                    }
                    return Ok(());
                }
                for ((t, traveler), name) in record.travelers.iter().enumerate().zip(names) {
                    pax.push((
                        i,
                        PaxEntry {
                            reference: sub.reference.clone(),
                            index: t,
                            trip: record.trip.clone(),
                            traveler: traveler.clone(),
                            name,
                        },
                    ));
                }
            }
        }
        summary.exported += 1;
        summary.travelers += record.travelers.len();
        Ok(())
    };
    list(options.since.as_deref(), &mut |sub| match second(sub) {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            io_error = Some(e);
            ControlFlow::Break(())
        }
    })
    .map_err(|e| format!("cannot read the database: {e}"))?;
    if let Some(e) = io_error {
        return Err(format!("cannot write: {e}"));
    }
    if options.format == Format::Paxlst {
        let entries = one_per_document_and_flight(pax, &index, &mut summary.excluded);
        let (text, excluded) = paxlst::render(&entries, &options.paxlst);
        for x in excluded {
            summary.excluded.push((x.reference, x.traveler, x.reason));
        }
        out.write_all(text.as_bytes())
            .map_err(|e| format!("cannot write: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write: {e}"))?;
    Ok(summary)
}
