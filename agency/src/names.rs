//! Travelers' names as their travel document's MRZ writes them, for the
//! exports a border system reads (PAXLST, CSV): from the MRZ when the
//! traveler gave one, otherwise by the checker's own ICAO Doc 9303
//! transliteration (`checker_wasm::translit`, the project's only table).

use checker_wasm::record::Traveler;
use checker_wasm::{Date, translit, validate_mrz};
use serde::Serialize;

/// Where a [`DocumentName`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NameSource {
    /// Read from the traveler's MRZ.
    Mrz,
    /// The typed name, transliterated by Doc 9303.
    Transliterated,
}

impl NameSource {
    /// `mrz` or `transliterated`.
    pub fn as_str(self) -> &'static str {
        match self {
            NameSource::Mrz => "mrz",
            NameSource::Transliterated => "transliterated",
        }
    }
}

/// A name in MRZ letters: `A`–`Z` words separated by single spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentName {
    /// Primary identifier.
    pub surname: String,
    /// Secondary identifier (empty for single-name documents).
    pub given_names: String,
    /// Where it comes from.
    pub source: NameSource,
}

/// Words of `A`–`Z` only, fillers and blanks as single spaces; anything
/// else (a misread character) dropped.
fn mrz_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push(c);
        } else if (c == '<' || c.is_whitespace()) && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// The document name of `t`. `today` resolves the MRZ's two-digit years
/// (it does not change the name; pass the date the record was received).
pub fn document_name(t: &Traveler, today: Date) -> DocumentName {
    if let Some(mrz) = t.mrz.as_deref().filter(|m| !m.trim().is_empty()) {
        let report = validate_mrz(mrz, today);
        let surname = mrz_words(&report.fields.surname);
        if report.format.is_some() && !surname.is_empty() {
            return DocumentName {
                surname,
                given_names: mrz_words(&report.fields.given_names),
                source: NameSource::Mrz,
            };
        }
    }
    DocumentName {
        surname: mrz_words(&translit::mrz_form_lossy(&t.surname)),
        given_names: mrz_words(&translit::mrz_form_lossy(&t.given_names)),
        source: NameSource::Transliterated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 26).unwrap()
    }

    fn typed(surname: &str, given: &str, mrz: Option<&str>) -> DocumentName {
        let t = Traveler {
            surname: surname.into(),
            given_names: given.into(),
            mrz: mrz.map(str::to_owned),
            ..Traveler::default()
        };
        document_name(&t, today())
    }

    #[test]
    fn typed_names_follow_doc_9303() {
        let n = typed("Nguyễn", "Thị Ánh", None);
        assert_eq!(
            (n.surname.as_str(), n.given_names.as_str()),
            ("NGUYEN", "THI ANH")
        );
        assert_eq!(n.source, NameSource::Transliterated);
        let n = typed("Trần Văn Đức", "", None);
        assert_eq!(n.surname, "TRAN VAN DUC");
        assert_eq!(typed("Müller", "Jürgen", None).surname, "MUELLER");
        assert_eq!(typed("O'Neil", "Ann-Marie", None).given_names, "ANN MARIE");
        assert_eq!(typed("O'Neil", "", None).surname, "ONEIL");
        assert_eq!(typed("山田 Yamada", "", None).surname, "YAMADA");
    }

    #[test]
    fn the_mrz_wins_when_given() {
        let mrz = "P<D<<MULLER<<JURGEN<<<<<<<<<<<<<<<<<<<<<<<<<\n\
                   C01X00T478D<<6408125M3411016<<<<<<<<<<<<<<<8";
        let n = typed("Müller", "Jürgen", Some(mrz));
        assert_eq!(n.source, NameSource::Mrz);
        assert_eq!(
            (n.surname.as_str(), n.given_names.as_str()),
            ("MULLER", "JURGEN")
        );
        // An MRZ that cannot be read: the typed name, transliterated.
        let n = typed("Müller", "Jürgen", Some("garbage"));
        assert_eq!(n.source, NameSource::Transliterated);
        assert_eq!(n.surname, "MUELLER");
    }
}
