//! The first pass of `agency export` ([`crate::export`]): which submissions
//! a later one `replaces` (the traveler edited and resubmitted), which travel
//! documents appear in several submissions, and the PAXLST rule that a
//! flight's message lists a document once.

use crate::paxlst::{self, PaxEntry};
use crate::store::StoredSubmission;
use checker_wasm::TravelRecord;
use std::collections::HashMap;

/// A travel document: issuing state (ISO 3166-1 alpha-3 where one exists)
/// and number (upper case, no blanks).
pub type DocKey = (String, String);

pub fn doc_key(t: &checker_wasm::record::Traveler) -> Option<DocKey> {
    let number = paxlst::code_value(&t.document_number);
    if number.is_empty() {
        return None;
    }
    let state =
        paxlst::country(&t.issuing_state).unwrap_or_else(|| paxlst::code_value(&t.issuing_state));
    Some((state, number))
}

/// What the first pass learns about one opened submission.
#[derive(Debug)]
pub struct Seen {
    /// Receipt reference.
    pub reference: String,
    /// `submissionId`.
    pub submission_id: String,
    /// The meta's `replaces`.
    pub replaces: Option<String>,
}

/// The first pass: who replaces whom, which documents repeat.
#[derive(Debug, Default)]
pub struct Index {
    /// The opened submissions, in order of receipt.
    pub seen: Vec<Seen>,
    /// `submissionId` → index in `seen`.
    pub by_id: HashMap<String, usize>,
    /// Submission index → index of the latest submission replacing it.
    pub replaced_by: HashMap<usize, usize>,
    /// Document → (submission index, traveler index), in order of receipt.
    documents: HashMap<DocKey, Vec<(usize, usize)>>,
}

impl Index {
    /// Records an opened submission.
    pub fn add(&mut self, sub: &StoredSubmission, replaces: Option<String>, record: &TravelRecord) {
        let i = self.seen.len();
        for (t, traveler) in record.travelers.iter().enumerate() {
            if let Some(k) = doc_key(traveler) {
                self.documents.entry(k).or_default().push((i, t));
            }
        }
        self.by_id.insert(sub.submission_id.clone(), i);
        self.seen.push(Seen {
            reference: sub.reference.clone(),
            submission_id: sub.submission_id.clone(),
            replaces,
        });
    }

    /// Resolves the replacements once every submission is added.
    pub fn finish(&mut self) {
        for (i, s) in self.seen.iter().enumerate() {
            if let Some(&old) = s.replaces.as_ref().and_then(|r| self.by_id.get(r))
                && old != i
            {
                // Listed oldest first: the latest replacement wins.
                self.replaced_by.insert(old, i);
            }
        }
    }

    /// Whether no later submission replaces submission `i`.
    pub fn current(&self, i: usize) -> bool {
        !self.replaced_by.contains_key(&i)
    }

    /// Other submissions holding traveler `t`'s document of submission `i`.
    pub fn others(&self, i: usize, t: &checker_wasm::record::Traveler) -> Vec<(usize, usize)> {
        doc_key(t)
            .and_then(|k| self.documents.get(&k))
            .map(|v| v.iter().copied().filter(|&(j, _)| j != i).collect())
            .unwrap_or_default()
    }
}

/// A PAXLST message lists a document once: when several current
/// submissions put the same document on the same flight, the latest
/// received one is sent and the others are listed as excluded.
pub fn one_per_document_and_flight(
    pax: Vec<(usize, PaxEntry)>,
    index: &Index,
    excluded: &mut Vec<(String, usize, String)>,
) -> Vec<PaxEntry> {
    let key = |e: &PaxEntry| paxlst::flight_key(&e.trip).ok().zip(doc_key(&e.traveler));
    let mut last: HashMap<(paxlst::FlightKey, DocKey), usize> = HashMap::new();
    for (n, (_, e)) in pax.iter().enumerate() {
        if let Some(k) = key(e) {
            last.insert(k, n);
        }
    }
    let mut out = Vec::with_capacity(pax.len());
    for (n, (_, e)) in pax.iter().enumerate() {
        match key(e).and_then(|k| last.get(&k)) {
            Some(&kept) if kept != n => {
                let later = pax
                    .get(kept)
                    .and_then(|(j, _)| index.seen.get(*j))
                    .map_or("", |s| s.reference.as_str());
                excluded.push((
                    e.reference.clone(),
                    e.index,
                    format!("the same document is in the later submission {later} on this flight"),
                ));
            }
            _ => out.push(e.clone()),
        }
    }
    out
}
