//! The cross-check of what a traveler typed against their MRZ, beside the
//! record it belongs to.

use super::Traveler;
use crate::countries;
use crate::date::Date;
use crate::fields::{MIN_MRZ_NAME_WIDTH, check_document_number, country_iso, parse_sex};
use crate::issue::{Code, Issue};
use crate::mrz::MrzFields;
use crate::translit;

/// Compares what a traveler typed with the fields read from their MRZ.
///
/// One `cross.mismatch` (param `mrz`: the MRZ's value) per disagreeing
/// field, named `{field_prefix}.{field}` (or just `{field}` when the prefix
/// is empty). Fields that are empty or malformed on either side are not
/// compared (their own checks report them). Names are compared through
/// Doc 9303 transliteration, accepting its alternative spellings; when the
/// typed name's MRZ form is longer than the narrowest MRZ name field
/// (30 characters) the MRZ name may be a truncation of it. Countries are
/// compared through their ISO form (`D` ≡ `DEU`); sex `X` matches `<`.
pub fn cross_check(traveler: &Traveler, mrz: &MrzFields, field_prefix: &str) -> Vec<Issue> {
    let name = |f: &str| {
        if field_prefix.is_empty() {
            f.to_owned()
        } else {
            format!("{field_prefix}.{f}")
        }
    };
    let mismatch =
        |f: &str, mrz_value: &str| Issue::new(Code::CrossMismatch, name(f)).param("mrz", mrz_value);
    let mut out = Vec::new();

    // Names.
    let surname = traveler.surname.trim();
    let given = traveler.given_names.trim();
    let truncation = translit::full_mrz_name(surname, given).len() > MIN_MRZ_NAME_WIDTH;
    let names_ok =
        translit::first_invalid(surname).is_none() && translit::first_invalid(given).is_none();
    if names_ok {
        let mrz_surname = mrz.surname.trim();
        if !surname.is_empty() {
            let ok =
                !mrz_surname.is_empty() && translit::matches_mrz(surname, mrz_surname, truncation);
            if !ok {
                out.push(mismatch("surname", mrz_surname));
            }
        }
        let mrz_given = mrz.given_names.trim();
        let ok = if given.is_empty() {
            mrz_given.is_empty()
        } else {
            !mrz_given.is_empty() && translit::matches_mrz(given, mrz_given, truncation)
        };
        // An empty typed surname with MRZ given names is a single-name case
        // handled by the required check; only compare given names when a
        // surname was typed or given names were.
        if !(ok || (surname.is_empty() && given.is_empty())) {
            out.push(mismatch("givenNames", mrz_given));
        }
    }

    // Document number.
    let number = traveler.document_number.trim();
    if !number.is_empty()
        && check_document_number(number).is_ok()
        && !mrz.document_number.is_empty()
    {
        let mrz_number = mrz.document_number.trim_matches('<');
        if !number.eq_ignore_ascii_case(mrz_number) {
            out.push(mismatch("documentNumber", mrz_number));
        }
    }

    // Dates.
    for (f, typed, read) in [
        ("birthDate", &traveler.birth_date, mrz.birth_date),
        ("expiryDate", &traveler.expiry_date, mrz.expiry_date),
    ] {
        if let (Ok(t), Some(r)) = (Date::parse_iso(typed.trim()), read)
            && t != r
        {
            out.push(mismatch(f, &r.to_string()));
        }
    }

    // Countries.
    for (f, typed, read) in [
        ("nationality", &traveler.nationality, &mrz.nationality),
        ("issuingState", &traveler.issuing_state, &mrz.issuing_state),
    ] {
        let read = read.trim_matches('<').trim();
        if let Some(t) = country_iso(typed)
            && !read.is_empty()
        {
            let r = countries::to_iso(read).unwrap_or(read);
            if t != r {
                out.push(mismatch(f, read));
            }
        }
    }

    // Sex.
    if let Some(t) = parse_sex(&traveler.sex) {
        let read = mrz.sex.trim();
        let r = match read {
            "<" | "" => 'X',
            _ => read.chars().next().unwrap_or('X'),
        };
        if !read.is_empty() && t != r {
            out.push(mismatch("sex", read));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traveler() -> Traveler {
        Traveler {
            document_code: "P".into(),
            document_number: "L898902C3".into(),
            issuing_state: "D".into(),
            expiry_date: "2030-04-15".into(),
            surname: "Müller".into(),
            given_names: "Anna-Maria".into(),
            birth_date: "1974-08-12".into(),
            sex: "F".into(),
            nationality: "DEU".into(),
            ..Traveler::default()
        }
    }

    fn fields() -> MrzFields {
        MrzFields {
            document_code: "P".into(),
            issuing_state: "D".into(),
            surname: "MUELLER".into(),
            given_names: "ANNA MARIA".into(),
            document_number: "L898902C3".into(),
            nationality: "D".into(),
            birth_date: Date::new(1974, 8, 12),
            sex: "F".into(),
            expiry_date: Date::new(2030, 4, 15),
            ..MrzFields::default()
        }
    }

    #[test]
    fn cross_check_agrees_and_disagrees() {
        assert!(cross_check(&traveler(), &fields(), "travelers[0]").is_empty());
        let mut m = fields();
        m.document_number = "L898902C8".into();
        m.birth_date = Date::new(1974, 8, 21);
        m.sex = "M".into();
        m.nationality = "AUT".into();
        m.surname = "MILLER".into();
        let issues = cross_check(&traveler(), &m, "travelers[2]");
        let got: Vec<(&str, &str)> = issues
            .iter()
            .map(|i| (i.field.as_str(), i.params["mrz"].as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("travelers[2].surname", "MILLER"),
                ("travelers[2].documentNumber", "L898902C8"),
                ("travelers[2].birthDate", "1974-08-21"),
                ("travelers[2].nationality", "AUT"),
                ("travelers[2].sex", "M"),
            ]
        );
        assert!(issues.iter().all(|i| i.code == Code::CrossMismatch));
        let issues = cross_check(
            &traveler(),
            &MrzFields {
                given_names: "ANNA".into(),
                ..fields()
            },
            "",
        );
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "givenNames");
    }

    #[test]
    fn cross_check_allows_truncated_long_names() {
        let t = Traveler {
            surname: "Nilavadhanananda".into(),
            given_names: "Arnpol Petch Charonguang".into(),
            ..traveler()
        };
        let m = MrzFields {
            surname: "NILAVADHANANANDA".into(),
            given_names: "ARNPOL PETCH".into(),
            ..fields()
        };
        assert!(cross_check(&t, &m, "").is_empty());
        let m = MrzFields {
            given_names: "ARNPOL PETCH CHARONGUANG".into(),
            ..m
        };
        assert!(cross_check(&t, &m, "").is_empty());
        let m = MrzFields {
            given_names: "ARNPOL PATCH".into(),
            ..m
        };
        assert_eq!(cross_check(&t, &m, "").len(), 1);
        // Short names: no truncation allowed.
        let m = MrzFields {
            given_names: "ANNA".into(),
            ..fields()
        };
        let t = Traveler {
            given_names: "Anna Maria".into(),
            ..traveler()
        };
        assert_eq!(cross_check(&t, &m, "").len(), 1);
        // X matches <.
        let t = Traveler {
            sex: "X".into(),
            ..traveler()
        };
        assert!(
            cross_check(
                &t,
                &MrzFields {
                    sex: "<".into(),
                    ..fields()
                },
                ""
            )
            .is_empty()
        );
    }
}
