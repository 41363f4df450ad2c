//! The options every check takes: `today` (the library has no clock), the
//! document-validity rule and the group rules.

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// How long a document must stay valid.
///
/// As JSON: `{"rule": "onArrival" | "wholeStay"}` or `{"rule": "months",
/// "months": N}`. Deserialized by hand: serde's derive for an internally
/// tagged enum buffers the whole value first (serde's `Content`), which
/// cost the portal's wasm 8.8 KB raw, 3.2 KB gzip, for this one small type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "rule")]
pub enum ValidityRule {
    /// Valid on the day of arrival.
    OnArrival,
    /// Valid until the last day of the stay.
    WholeStay,
    /// Valid for at least `months` months after arrival.
    Months {
        /// Months after arrival.
        months: u8,
    },
}

impl<'de> Deserialize<'de> for ValidityRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        enum Rule {
            OnArrival,
            WholeStay,
            Months,
        }
        #[derive(Deserialize)]
        struct Raw {
            rule: Rule,
            #[serde(default)]
            months: Option<u8>,
        }
        let raw = Raw::deserialize(d)?;
        Ok(match raw.rule {
            Rule::OnArrival => ValidityRule::OnArrival,
            Rule::WholeStay => ValidityRule::WholeStay,
            Rule::Months => ValidityRule::Months {
                months: raw
                    .months
                    .ok_or_else(|| serde::de::Error::missing_field("months"))?,
            },
        })
    }
}

/// Options for [`validate_record`] and the field validators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidateOptions {
    /// Today's date (the library has no clock).
    pub today: Date,
    /// Document-validity rule.
    pub validity: ValidityRule,
    /// Age from which a traveler counts as an adult (default 18).
    pub adult_age: u32,
    /// Most travelers in one submission (default 30).
    pub max_travelers: usize,
}

impl ValidateOptions {
    /// Defaults for `today`: valid on arrival, adults from 18, up to 30 travelers.
    pub fn new(today: Date) -> Self {
        ValidateOptions {
            today,
            validity: ValidityRule::OnArrival,
            adult_age: 18,
            max_travelers: 30,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ValidityRule;

    fn parse(json: &str) -> Result<ValidityRule, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn validity_rule_reads_what_it_writes() {
        for rule in [
            ValidityRule::OnArrival,
            ValidityRule::WholeStay,
            ValidityRule::Months { months: 6 },
        ] {
            let json = serde_json::to_string(&rule).expect("serializes");
            assert_eq!(parse(&json), Ok(rule), "{json}");
        }
        assert_eq!(
            serde_json::to_string(&ValidityRule::Months { months: 3 }).expect("serializes"),
            r#"{"rule":"months","months":3}"#
        );
    }

    #[test]
    fn validity_rule_errors_name_what_is_wrong() {
        let months = parse(r#"{"rule":"months"}"#).expect_err("months missing");
        assert!(months.contains("missing field `months`"), "{months}");
        let rule = parse(r#"{"months":3}"#).expect_err("rule missing");
        assert!(rule.contains("missing field `rule`"), "{rule}");
        let unknown = parse(r#"{"rule":"forever"}"#).expect_err("unknown rule");
        assert!(unknown.contains("unknown variant `forever`"), "{unknown}");
        assert!(parse(r#"{"rule":"months","months":300}"#).is_err());
        assert!(parse(r#""onArrival""#).is_err());
    }
}
