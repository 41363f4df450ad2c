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

    /// Other submissions holding traveler `t`'s document of submission `i`:
    /// the first [`MAX_LISTED`] in order of receipt, and how many in all
    /// (so that many submissions of one document cannot make the export
    /// grow with their square).
    pub fn others(&self, i: usize, t: &checker_wasm::record::Traveler) -> Others {
        let Some(all) = doc_key(t).and_then(|k| self.documents.get(&k)) else {
            return Others::default();
        };
        // Entries are in order of submission: this one's are contiguous.
        let own = all.partition_point(|&(j, _)| j <= i) - all.partition_point(|&(j, _)| j < i);
        Others {
            listed: all
                .iter()
                .copied()
                .filter(|&(j, _)| j != i)
                .take(MAX_LISTED)
                .collect(),
            total: all.len() - own,
        }
    }
}

/// Most other submissions listed for one traveler's document.
pub const MAX_LISTED: usize = 10;

/// The other submissions holding a document: (submission index, traveler
/// index) of the first [`MAX_LISTED`], and the count of all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Others {
    /// The first ones, in order of receipt.
    pub listed: Vec<(usize, usize)>,
    /// How many in all.
    pub total: usize,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn record(number: &str) -> TravelRecord {
        serde_json::from_value(serde_json::json!({
            "schema": 1,
            "travelers": [{"documentCode": "P", "documentNumber": number, "issuingState": "D",
                "expiryDate": "2034-05-01", "surname": "LIN", "givenNames": "MEI",
                "birthDate": "1988-03-14", "sex": "F", "nationality": "TWN"}],
            "trip": {"flight": "BR198", "departureAirport": "TPE", "arrivalAirport": "NRT",
                "departureDate": "2030-12-01", "arrivalDate": "2030-12-01", "purpose": "tourism",
                "addressInJapan": "Tokyo", "lengthOfStayDays": 7},
            "contact": {"email": "a@example.com", "phone": "+886912345678"}
        }))
        .unwrap()
    }

    fn sub(n: usize) -> StoredSubmission {
        StoredSubmission {
            reference: format!("REF{n}"),
            submission_id: format!("id-{n}"),
            key_id: String::new(),
            received_at: String::new(),
            sha256: String::new(),
            envelope: Vec::new(),
        }
    }

    #[test]
    fn many_submissions_of_one_document_list_a_bounded_number() {
        let mut index = Index::default();
        for n in 0..15 {
            // "DEU" and "D", blanks and case: the same document.
            let number = if n % 2 == 0 {
                "c01x00t47"
            } else {
                "C01X 00T47"
            };
            index.add(&sub(n), None, &record(number));
        }
        index.add(&sub(15), Some("id-3".into()), &record("OTHER"));
        index.finish();
        let t = &record("C01X00T47").travelers[0];
        let o = index.others(4, t);
        assert_eq!(o.total, 14);
        assert_eq!(o.listed.len(), MAX_LISTED);
        assert!(o.listed.iter().all(|&(j, _)| j != 4));
        assert!(!index.current(3));
        assert_eq!(index.replaced_by.get(&3), Some(&15));
        assert!(index.current(4));
        assert_eq!(index.others(15, &record("OTHER").travelers[0]).total, 0);
    }
}
