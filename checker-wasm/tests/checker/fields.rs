//! Single fields: the specimen files under `testdata/fields/`, the
//! normalisers, the documentation of every code, and a never-panics
//! property.

use checker_wasm::fields::{self, FieldKind, validate_field};
use checker_wasm::record::ValidateOptions;
use checker_wasm::{Code, Date, translit};
use proptest::prelude::*;
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/fields")
}

/// Undoes the escapes of the specimen files (`\s`, `\t`, `\\`, `\u{HEX}`).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('s') => out.push(' '),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                assert_eq!(chars.next(), Some('{'), "bad escape in {s}");
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let cp = u32::from_str_radix(&hex, 16).expect("hex");
                out.push(char::from_u32(cp).expect("code point"));
            }
            other => panic!("bad escape \\{other:?} in {s}"),
        }
    }
    out
}

struct Case {
    line: usize,
    kind: String,
    value: String,
    expected: String,
    reason: String,
}

/// Reads a specimen file: `(today, cases)`.
fn read_cases(name: &str) -> (Date, Vec<Case>) {
    let path = data_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut today = Date::new(2026, 5, 1).unwrap();
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(d) = line.strip_prefix("#! today: ") {
            today = Date::parse_iso(d.trim()).unwrap();
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cols.len(),
            4,
            "{name}:{}: expected 4 tab-separated columns",
            i + 1
        );
        assert!(
            cols[3].starts_with("# "),
            "{name}:{}: reason must start with '# '",
            i + 1
        );
        cases.push(Case {
            line: i + 1,
            kind: cols[0].to_owned(),
            value: unescape(cols[1]),
            expected: cols[2].to_owned(),
            reason: cols[3][2..].to_owned(),
        });
    }
    (today, cases)
}

fn run_validation_file(name: &str, must_pass: bool) -> usize {
    let (today, cases) = read_cases(name);
    let options = ValidateOptions::new(today);
    let mut failures = Vec::new();
    for c in &cases {
        let kind = FieldKind::from_name(&c.kind)
            .unwrap_or_else(|| panic!("{name}:{}: unknown kind {}", c.line, c.kind));
        let issues = validate_field(kind, &c.value, &options);
        let got: Vec<&str> = issues.iter().map(|i| i.code.code()).collect();
        let want: Vec<&str> = if c.expected == "-" {
            Vec::new()
        } else {
            c.expected.split(',').map(str::trim).collect()
        };
        assert_eq!(
            want.is_empty(),
            must_pass,
            "{name}:{}: file holds the wrong kind of case",
            c.line
        );
        for w in &want {
            assert!(
                Code::from_code(w).is_some(),
                "{name}:{}: unknown code {w}",
                c.line
            );
        }
        for i in &issues {
            assert_eq!(i.field, c.kind, "{name}:{}: issue field", c.line);
            assert!(
                !i.message.contains('{'),
                "{name}:{}: unrendered message {}",
                c.line,
                i.message
            );
        }
        if got != want {
            failures.push(format!(
                "{name}:{} {} {:?} ({}): want {want:?}, got {got:?}",
                c.line, c.kind, c.value, c.reason
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    cases.len()
}

#[test]
fn valid_specimens_pass() {
    let n = run_validation_file("valid.tsv", true);
    assert!(n >= 80, "only {n} valid cases");
}

#[test]
fn invalid_specimens_fail_with_the_expected_codes() {
    let n = run_validation_file("invalid.tsv", false);
    assert!(n >= 70, "only {n} invalid cases");
}

#[test]
fn every_field_kind_has_valid_and_invalid_specimens() {
    let (_, valid) = read_cases("valid.tsv");
    let (_, invalid) = read_cases("invalid.tsv");
    for k in FieldKind::ALL {
        assert!(
            valid.iter().any(|c| c.kind == k.name()),
            "no valid specimen for {}",
            k.name()
        );
        if k.is_required() || *k != FieldKind::GivenNames {
            assert!(
                invalid.iter().any(|c| c.kind == k.name()),
                "no invalid specimen for {}",
                k.name()
            );
        }
    }
}

#[test]
fn normaliser_specimens() {
    let (_, cases) = read_cases("normalize.tsv");
    let mut failures = Vec::new();
    for c in &cases {
        let got: Option<String> = match c.kind.as_str() {
            "flight" => fields::normalize_flight(&c.value),
            "phone" => fields::normalize_phone(&c.value),
            "postalCode" => fields::normalize_postal_code(&c.value),
            "mrzForm" => translit::mrz_form(&c.value).ok(),
            k if k.starts_with("mrzName") => {
                let width: usize = k["mrzName".len()..].parse().unwrap();
                let (s, g) = c.value.split_once('|').expect("surname|given");
                let out = translit::mrz_name(s, g, width);
                assert_eq!(out.len(), width, "line {}", c.line);
                Some(out)
            }
            k => panic!("normalize.tsv:{}: unknown kind {k}", c.line),
        };
        let want = (c.expected != "!").then(|| c.expected.clone());
        if got != want {
            failures.push(format!(
                "normalize.tsv:{} {} {:?}: want {want:?}, got {got:?}",
                c.line, c.kind, c.value
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases.len() >= 30);
}

#[test]
fn docs_codes_md_lists_every_code() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/codes.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut missing = Vec::new();
    for c in Code::ALL {
        // Each code has a table row: | `code` | severity | …
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", c.code())));
        match row {
            None => missing.push(c.code().to_owned()),
            Some(row) => {
                let sev = match c.severity() {
                    checker_wasm::Severity::Error => "error",
                    checker_wasm::Severity::Warning => "warning",
                };
                assert!(
                    row.contains(&format!("| {sev} |")),
                    "{}: severity not {sev} in docs",
                    c.code()
                );
            }
        }
    }
    assert!(missing.is_empty(), "docs/codes.md lacks: {missing:?}");
    // And no stale codes in the docs.
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let code = line
            .trim_start_matches("| `")
            .split('`')
            .next()
            .unwrap_or_default();
        assert!(
            Code::from_code(code).is_some(),
            "docs/codes.md documents unknown code {code}"
        );
    }
}

#[test]
fn age_on_counts_completed_years() {
    let b = Date::new(2008, 2, 29).unwrap();
    assert_eq!(fields::age_on(b, Date::new(2026, 2, 28).unwrap()), 17);
    assert_eq!(fields::age_on(b, Date::new(2026, 3, 1).unwrap()), 18);
    assert_eq!(fields::age_on(b, Date::new(2000, 1, 1).unwrap()), 0);
}

#[test]
fn issues_serialise_with_camel_case_fields() {
    let issues = validate_field(
        FieldKind::GivenNames,
        "An1",
        &ValidateOptions::new(Date::new(2026, 1, 1).unwrap()),
    );
    let json = serde_json::to_value(&issues).unwrap();
    assert_eq!(json[0]["code"], "name.invalidChar");
    assert_eq!(json[0]["field"], "givenNames");
    assert_eq!(json[0]["params"]["char"], "1");
    assert_eq!(json[0]["params"]["position"], "2");
    let kind: FieldKind = serde_json::from_str("\"lengthOfStay\"").unwrap();
    assert_eq!(kind, FieldKind::LengthOfStay);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn validate_field_never_panics(s in any::<String>(), k in 0usize..FieldKind::ALL.len()) {
        let options = ValidateOptions::new(Date::new(2026, 5, 1).unwrap());
        let kind = FieldKind::ALL[k];
        for issue in validate_field(kind, &s, &options) {
            prop_assert_eq!(issue.field.as_str(), kind.name());
        }
    }

    #[test]
    fn name_functions_never_panic_and_stay_in_the_mrz_alphabet(
        s in any::<String>(), g in any::<String>(), width in 0usize..50
    ) {
        let field = translit::mrz_name(&s, &g, width);
        prop_assert_eq!(field.len(), width);
        prop_assert!(field.bytes().all(|b| b.is_ascii_uppercase() || b == b'<'));
        if let Ok(form) = translit::mrz_form(&s) {
            prop_assert!(form.bytes().all(|b| b.is_ascii_uppercase() || b == b'<'));
            prop_assert!(!form.starts_with('<') && !form.ends_with('<') && !form.contains("<<"));
            // The MRZ form of a name always matches the name.
            prop_assert!(translit::matches_mrz(&s, &form, false));
        }
        let _ = translit::matches_mrz(&s, &g, true);
    }

    #[test]
    fn latin_names_from_the_table_round_trip(s in "[A-Za-zÀ-ÖØ-öø-ÿĀ-ž' -]{1,40}") {
        // Every Latin-1 and Latin Extended-A letter is transliterable.
        let form = translit::mrz_form(&s);
        prop_assert!(form.is_ok(), "{:?}", form);
    }

    #[test]
    fn normalisers_are_idempotent(s in "[+0-9A-Za-z ()-]{0,20}") {
        if let Some(p) = fields::normalize_phone(&s) {
            prop_assert_eq!(fields::normalize_phone(&p), Some(p.clone()));
        }
        if let Some(f) = fields::normalize_flight(&s) {
            prop_assert_eq!(fields::normalize_flight(&f), Some(f.clone()));
        }
        if let Some(p) = fields::normalize_postal_code(&s) {
            prop_assert_eq!(fields::normalize_postal_code(&p), Some(p.clone()));
        }
    }
}
