//! UN/EDIFACT PAXLST D:05B (passenger list) as profiled by the WCO/IATA/ICAO
//! API guidelines: one interchange, one message per flight.
//!
//! ```text
//! UNA:+.? '
//! UNB+UNOA:4+SENDER+RECIPIENT+YYMMDD:HHMM+REF++APIS'
//! UNH+1+PAXLST:D:05B:UN:IATA+BR198/250301+01:F'
//! BGM+745'
//! NAD+MS+++REPORTING PARTY'
//! TDT+20+BR198+++BR'
//! LOC+125+TPE'
//! DTM+189:250301:101'
//! LOC+87+NRT'
//! DTM+232:250301:101'
//! NAD+FL+++SURNAME:GIVEN NAMES'     ┐
//! ATT+2++F'                         │
//! DTM+329:900115'                   │ per traveler
//! NAT+2+JPN'                        │
//! DOC+P:110:111+TR1234567'          │
//! DTM+36:300101'                    │
//! LOC+91+TWN'                       ┘
//! CNT+42:2'
//! UNT+20+1'
//! UNZ+1+REF'
//! ```

use crate::names::DocumentName;
use checker_wasm::record::{Traveler, Trip};
use checker_wasm::{countries, translit};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Interchange-level settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaxlstOptions {
    /// UNB sender identification.
    pub sender: String,
    /// UNB recipient identification.
    pub recipient: String,
    /// Name of the reporting party (NAD+MS): the agency.
    pub reporting_party: String,
    /// Interchange control reference (UNB/UNZ), up to 14 characters.
    pub interchange_ref: String,
    /// Preparation date `YYMMDD` and time `HHMM` (UNB).
    pub prepared: (String, String),
}

/// One traveler on one trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaxEntry {
    /// Where the traveler came from (the submission reference).
    pub reference: String,
    /// Index of the traveler in the submission.
    pub index: usize,
    /// The trip of the submission.
    pub trip: Trip,
    /// The traveler.
    pub traveler: Traveler,
    /// The traveler's name as the document's MRZ writes it ([`crate::names`]).
    pub name: DocumentName,
}

/// A traveler left out of the interchange, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// Submission reference.
    pub reference: String,
    /// Index of the traveler in the submission.
    pub traveler: usize,
    /// Why.
    pub reason: String,
}

/// Escapes an EDIFACT value with the release character `?`.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\'' | '+' | ':' | '?') {
            out.push('?');
        }
        out.push(c);
    }
    out
}

/// Free text (the reporting party's name) in the UNOA repertoire: upper
/// case, letters transliterated by the checker's Doc 9303 table (the
/// project's only one), digits and `space . , - ( ) /` kept, anything else
/// dropped, runs of blanks as one space.
pub fn unoa_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(translit::fold_width) {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '(' | ')' | '/') {
            out.push(c);
        } else if let Some(spelling) = translit::letter(c).and_then(|s| s.first()) {
            out.push_str(spelling);
        }
    }
    out.trim_end().to_owned()
}

/// `YYYY-MM-DD` → `YYMMDD`.
pub fn yymmdd(date: &str) -> Option<String> {
    let d = checker_wasm::Date::parse_iso(date).ok()?;
    Some(format!(
        "{:02}{:02}{:02}",
        d.year() % 100,
        d.month(),
        d.day()
    ))
}

/// A country code for PAXLST: ISO 3166-1 alpha-3 where one exists (`D` →
/// `DEU`), else the Doc 9303 code as is (upper case, fillers removed).
pub fn country(code: &str) -> Option<String> {
    let bare: String = code.trim().trim_end_matches('<').to_ascii_uppercase();
    if bare.is_empty() || bare.len() > 3 || !bare.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(countries::to_iso(&bare).map_or(bare, str::to_owned))
}

/// A code or document number: upper case, blanks removed.
pub fn code_value(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

fn sex(s: &str) -> &'static str {
    match s.trim() {
        "M" | "m" => "M",
        "F" | "f" => "F",
        _ => "U",
    }
}

fn doc_type(code: &str) -> char {
    code.trim()
        .chars()
        .next()
        .map(|c| c.to_ascii_uppercase())
        .filter(|c| matches!(c, 'P' | 'I' | 'A' | 'C' | 'V'))
        .unwrap_or('P')
}

/// Message key: one PAXLST message per flight and departure date (and
/// route, so that one message never mixes airports).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlightKey {
    flight: String,
    departure_date: String,
    departure_airport: String,
    arrival_airport: String,
    arrival_date: String,
}

struct Traveller {
    segments: Vec<String>,
}

fn traveler_segments(t: &Traveler, name: &DocumentName) -> Result<Traveller, String> {
    let surname = name.surname.clone();
    let given = name.given_names.clone();
    if surname.is_empty() && given.is_empty() {
        return Err("no name in Latin letters".into());
    }
    let birth = yymmdd(&t.birth_date).ok_or("birth date is not YYYY-MM-DD")?;
    let expiry = yymmdd(&t.expiry_date).ok_or("expiry date is not YYYY-MM-DD")?;
    let nationality = country(&t.nationality).ok_or("nationality is not a country code")?;
    let issuer = country(&t.issuing_state).ok_or("issuing state is not a country code")?;
    let number = code_value(&t.document_number);
    if number.is_empty() {
        return Err("no document number".into());
    }
    let name = if given.is_empty() {
        escape(&surname)
    } else {
        format!("{}:{}", escape(&surname), escape(&given))
    };
    Ok(Traveller {
        segments: vec![
            format!("NAD+FL+++{name}"),
            format!("ATT+2++{}", sex(&t.sex)),
            format!("DTM+329:{birth}"),
            format!("NAT+2+{}", escape(&nationality)),
            format!(
                "DOC+{}:110:111+{}",
                doc_type(&t.document_code),
                escape(&number)
            ),
            format!("DTM+36:{expiry}"),
            format!("LOC+91+{}", escape(&issuer)),
        ],
    })
}

/// The message a trip's travelers go in, or why the trip cannot be written.
pub fn flight_key(trip: &Trip) -> Result<FlightKey, String> {
    let flight = code_value(&trip.flight);
    if flight.len() < 3 || !flight.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err("flight is not a designator".into());
    }
    let dep = code_value(&trip.departure_airport);
    let arr = code_value(&trip.arrival_airport);
    for a in [&dep, &arr] {
        if a.len() != 3 || !a.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err("airport is not an IATA code".into());
        }
    }
    let departure_date = yymmdd(&trip.departure_date).ok_or("departure date is not YYYY-MM-DD")?;
    let arrival_date = yymmdd(&trip.arrival_date).ok_or("arrival date is not YYYY-MM-DD")?;
    Ok(FlightKey {
        flight,
        departure_date,
        departure_airport: dep,
        arrival_airport: arr,
        arrival_date,
    })
}

/// Builds the interchange. Travelers whose data cannot be represented are
/// returned in the second element instead. With no representable traveler,
/// the interchange holds no message.
pub fn render(entries: &[PaxEntry], options: &PaxlstOptions) -> (String, Vec<Excluded>) {
    let mut excluded = Vec::new();
    let mut flights: BTreeMap<FlightKey, Vec<Traveller>> = BTreeMap::new();
    for e in entries {
        let result = flight_key(&e.trip)
            .and_then(|k| traveler_segments(&e.traveler, &e.name).map(|t| (k, t)));
        match result {
            Ok((k, t)) => flights.entry(k).or_default().push(t),
            Err(reason) => excluded.push(Excluded {
                reference: e.reference.clone(),
                traveler: e.index,
                reason,
            }),
        }
    }
    let mut out = String::new();
    let seg = |out: &mut String, s: &str| {
        out.push_str(s);
        out.push_str("'\n");
    };
    out.push_str("UNA:+.? '\n");
    let iref = escape(&options.interchange_ref);
    seg(
        &mut out,
        &format!(
            "UNB+UNOA:4+{}+{}+{}:{}+{iref}++APIS",
            escape(&options.sender),
            escape(&options.recipient),
            options.prepared.0,
            options.prepared.1
        ),
    );
    let mut messages = 0usize;
    for (k, travellers) in &flights {
        messages += 1;
        let mut body = vec![
            format!(
                "UNH+{messages}+PAXLST:D:05B:UN:IATA+{}/{}+01:F",
                k.flight, k.departure_date
            ),
            "BGM+745".to_owned(),
            format!("NAD+MS+++{}", escape(&unoa_text(&options.reporting_party))),
            format!(
                "TDT+20+{}+++{}",
                k.flight,
                k.flight.get(..2).unwrap_or_default()
            ),
            format!("LOC+125+{}", k.departure_airport),
            format!("DTM+189:{}:101", k.departure_date),
            format!("LOC+87+{}", k.arrival_airport),
            format!("DTM+232:{}:101", k.arrival_date),
        ];
        for t in travellers {
            body.extend(t.segments.iter().cloned());
        }
        body.push(format!("CNT+42:{}", travellers.len()));
        // UNT counts the segments from UNH to UNT, both included.
        body.push(format!("UNT+{}+{messages}", body.len() + 1));
        for s in &body {
            seg(&mut out, s);
        }
    }
    let _ = writeln!(out, "UNZ+{messages}+{iref}'");
    (out, excluded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use checker_wasm::record::Purpose;

    fn trip(flight: &str, date: &str) -> Trip {
        Trip {
            flight: flight.into(),
            departure_airport: "TPE".into(),
            arrival_airport: "NRT".into(),
            departure_date: date.into(),
            arrival_date: date.into(),
            purpose: Purpose::Tourism,
            address_in_japan: "Tokyo".into(),
            postal_code: None,
            contact_in_japan: None,
            length_of_stay_days: 5,
        }
    }

    fn entry(reference: &str, trip: Trip, traveler: Traveler) -> PaxEntry {
        let name =
            crate::names::document_name(&traveler, checker_wasm::Date::new(2025, 1, 1).unwrap());
        PaxEntry {
            reference: reference.into(),
            index: 0,
            trip,
            traveler,
            name,
        }
    }

    fn traveler(surname: &str, given: &str, nat: &str) -> Traveler {
        Traveler {
            document_code: "P".into(),
            document_number: "X1234567".into(),
            issuing_state: nat.into(),
            expiry_date: "2030-01-31".into(),
            surname: surname.into(),
            given_names: given.into(),
            birth_date: "1990-07-15".into(),
            sex: "F".into(),
            nationality: nat.into(),
            ..Traveler::default()
        }
    }

    fn opts() -> PaxlstOptions {
        PaxlstOptions {
            sender: "AGENCY".into(),
            recipient: "JPNAPI".into(),
            reporting_party: "Agency".into(),
            interchange_ref: "1".into(),
            prepared: ("250101".into(), "1200".into()),
        }
    }

    #[test]
    fn escaping_and_names() {
        assert_eq!(escape("O'NEIL+A:B?C"), "O?'NEIL?+A?:B??C");
        assert_eq!(unoa_text("Müller Reisen GmbH"), "MUELLER REISEN GMBH");
        assert_eq!(unoa_text("  Tōkyō   Travel (2) "), "TOKYO TRAVEL (2)");
        assert_eq!(unoa_text("Ærø'skøbing"), "AEROESKOEBING");
        assert_eq!(unoa_text("山田"), "");
        assert_eq!(country("D").as_deref(), Some("DEU"));
        assert_eq!(country("D<<").as_deref(), Some("DEU"));
        assert_eq!(country("twn").as_deref(), Some("TWN"));
        assert_eq!(country("12"), None);
        assert_eq!(yymmdd("1990-07-15").as_deref(), Some("900715"));
        assert_eq!(yymmdd("1990-02-30"), None);
    }

    #[test]
    fn one_message_per_flight_with_right_counts() {
        let entries = vec![
            entry(
                "A",
                trip("BR198", "2025-03-01"),
                traveler("O'Neil", "Ann", "D"),
            ),
            entry(
                "B",
                trip("CI100", "2025-03-01"),
                traveler("Lin", "Mei", "TWN"),
            ),
            entry(
                "C",
                trip("br 198", "2025-03-01"),
                traveler("Sato", "", "JPN"),
            ),
            entry("D", trip("BR198", "2025-03-01"), Traveler::default()),
        ];
        let (text, excluded) = render(&entries, &opts());
        assert_eq!(excluded.len(), 1);
        assert_eq!(excluded[0].reference, "D");
        let segs: Vec<&str> = text.lines().collect();
        assert_eq!(segs[0], "UNA:+.? '");
        assert_eq!(segs[1], "UNB+UNOA:4+AGENCY+JPNAPI+250101:1200+1++APIS'");
        assert_eq!(segs[2], "UNH+1+PAXLST:D:05B:UN:IATA+BR198/250301+01:F'");
        // Names as the MRZ writes them: the apostrophe is omitted.
        assert!(segs.contains(&"NAD+FL+++ONEIL:ANN'"));
        assert!(segs.contains(&"NAT+2+DEU'"));
        assert!(segs.contains(&"NAD+FL+++SATO'"));
        // BR198: 8 header segments + 2 travelers × 7 + CNT + UNT = 24.
        assert!(segs.contains(&"CNT+42:2'"));
        assert!(segs.contains(&"UNT+24+1'"));
        assert!(segs.contains(&"UNH+2+PAXLST:D:05B:UN:IATA+CI100/250301+01:F'"));
        assert!(segs.contains(&"UNT+17+2'"));
        assert_eq!(*segs.last().unwrap(), "UNZ+2+1'");
    }
}
