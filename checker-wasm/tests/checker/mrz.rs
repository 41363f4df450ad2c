//! Data-driven MRZ tests (`testdata/mrz/{valid,invalid}.txt`, format
//! described at the top of each file), fuzz regressions, and behaviour that
//! is easier to state in code.

use crate::{testdata, today};
use checker_wasm::mrz::{MrzFormat, MrzReport, check_digit, validate_mrz};
use checker_wasm::{Code, Severity};

/// One vector: its name, its input, and the expectation lines.
#[derive(Debug)]
struct Case {
    name: String,
    line_no: usize,
    input: String,
    expect: Vec<(String, String)>,
}

const FIELD_KEYS: &[&str] = &[
    "format",
    "documentCode",
    "issuingState",
    "surname",
    "givenNames",
    "documentNumber",
    "nationality",
    "birthDate",
    "sex",
    "expiryDate",
    "optionalData",
    "optionalData2",
];

fn key_of(line: &str) -> Option<(&str, &str)> {
    let (k, v) = line.split_once(':')?;
    (FIELD_KEYS.contains(&k) || matches!(k, "issue" | "suggestion" | "input"))
        .then(|| (k, v.trim()))
}

/// `"…"` with `\n`, `\r`, `\t`, `\\`, `\"` and `\u{…}` escapes.
fn unquote(s: &str) -> String {
    let inner = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .expect("input must be quoted");
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            other => panic!("bad escape {other:?}"),
        }
    }
    out
}

/// `input: "…"` with `repeat(N)` allowed after it: `input: "A" * 2000`.
fn parse_input(v: &str) -> String {
    match v.rsplit_once(" * ") {
        Some((s, n)) if n.parse::<usize>().is_ok() => unquote(s).repeat(n.parse().unwrap()),
        _ => unquote(v),
    }
}

fn parse(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut cur: Option<Case> = None;
    let mut mrz_lines: Vec<String> = Vec::new();
    let flush = |cur: &mut Option<Case>, mrz_lines: &mut Vec<String>, cases: &mut Vec<Case>| {
        if let Some(mut c) = cur.take() {
            if !mrz_lines.is_empty() {
                assert!(c.input.is_empty(), "{}: both MRZ lines and input:", c.name);
                c.input = mrz_lines.join("\n");
            }
            if !c.input.is_empty() || !c.expect.is_empty() {
                cases.push(c);
            }
        }
        mrz_lines.clear();
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if line.is_empty() {
            flush(&mut cur, &mut mrz_lines, &mut cases);
            continue;
        }
        let case = cur.get_or_insert_with(|| Case {
            name: String::new(),
            line_no: i + 1,
            input: String::new(),
            expect: Vec::new(),
        });
        if let Some(comment) = line.strip_prefix('#') {
            if case.name.is_empty() {
                case.name = comment.trim().to_owned();
            }
        } else if let Some((k, v)) = key_of(line) {
            if k == "input" {
                case.input = parse_input(v);
            } else {
                case.expect.push((k.to_owned(), v.to_owned()));
            }
        } else {
            assert!(
                case.expect.is_empty(),
                "line {}: MRZ line after expectations",
                i + 1
            );
            mrz_lines.push(line.to_owned());
        }
    }
    flush(&mut cur, &mut mrz_lines, &mut cases);
    cases
}

fn field(report: &MrzReport, key: &str) -> String {
    let f = &report.fields;
    let date = |d: Option<checker_wasm::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    match key {
        "format" => report
            .format
            .map(MrzFormat::as_str)
            .unwrap_or("none")
            .to_owned(),
        "documentCode" => f.document_code.to_string(),
        "issuingState" => f.issuing_state.to_string(),
        "surname" => f.surname.to_string(),
        "givenNames" => f.given_names.to_string(),
        "documentNumber" => f.document_number.to_string(),
        "nationality" => f.nationality.to_string(),
        "birthDate" => date(f.birth_date),
        "sex" => f.sex.to_string(),
        "expiryDate" => date(f.expiry_date),
        "optionalData" => f.optional_data.to_string(),
        "optionalData2" => f.optional_data2.to_string(),
        _ => unreachable!(),
    }
}

/// Checks one case; returns the problems found.
fn check_case(case: &Case, want_valid: bool) -> Vec<String> {
    let report = validate_mrz(&case.input, today());
    let mut problems = Vec::new();
    if report.valid != want_valid {
        problems.push(format!("valid is {}", report.valid));
    }
    let mut want_issues = Vec::new();
    let mut want_suggestion = Vec::new();
    for (k, v) in &case.expect {
        match k.as_str() {
            "issue" => want_issues.push(v.clone()),
            "suggestion" => want_suggestion.push(v.clone()),
            _ => {
                let got = field(&report, k);
                if &got != v {
                    problems.push(format!("{k}: got {got:?}, want {v:?}"));
                }
            }
        }
    }
    // Issues: exactly the listed ones, in order; listed params must match.
    let pos = |o: Option<u8>| o.map_or("-".to_owned(), |v| v.to_string());
    let got: Vec<String> = report
        .issues
        .iter()
        .map(|i| format!("{} {} {} {}", i.code, pos(i.line), pos(i.start), pos(i.end)))
        .collect();
    let want_heads: Vec<String> = want_issues
        .iter()
        .map(|w| w.split(' ').take(4).collect::<Vec<_>>().join(" "))
        .collect();
    if got != want_heads {
        problems.push(format!("issues: got {got:#?}, want {want_heads:#?}"));
    } else {
        for (w, issue) in want_issues.iter().zip(&report.issues) {
            for p in w.split(' ').skip(4) {
                let (name, value) = p.split_once('=').expect("param=value");
                let value = value.replace("\\s", " ");
                if issue.params.get(name) != Some(&value) {
                    problems.push(format!(
                        "{}: param {name} is {:?}, want {value:?}",
                        issue.code,
                        issue.params.get(name)
                    ));
                }
            }
        }
    }
    let got_suggestion = report
        .suggestion
        .as_ref()
        .map(|s| s.lines.clone())
        .unwrap_or_default();
    if got_suggestion != want_suggestion {
        problems.push(format!(
            "suggestion: got {got_suggestion:?}, want {want_suggestion:?}"
        ));
    }
    // Invariants that hold for every report.
    if report.valid == report.issues.iter().any(|i| i.severity == Severity::Error) {
        problems.push("valid disagrees with severities".to_owned());
    }
    if report.suggestion.is_some() && report.valid {
        problems.push("a suggestion on a valid report".to_owned());
    }
    problems
}

fn run_file(name: &str, want_valid: bool, min_cases: usize) {
    let text = std::fs::read_to_string(testdata(name)).unwrap();
    let cases = parse(&text);
    assert!(
        cases.len() >= min_cases,
        "{name}: only {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        assert!(
            !case.name.is_empty(),
            "{name}:{}: case without a reason",
            case.line_no
        );
        let problems = check_case(case, want_valid);
        if !problems.is_empty() {
            failures.push(format!(
                "{name}:{} {}\n  {}",
                case.line_no,
                case.name,
                problems.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn valid_vectors() {
    run_file("mrz/valid.txt", true, 30);
}

#[test]
fn invalid_vectors() {
    run_file("mrz/invalid.txt", false, 40);
}

#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = testdata("mrz/fuzz-regressions");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let report = validate_mrz(&text, today());
        assert_eq!(
            report.valid,
            !report.issues.iter().any(|i| i.severity == Severity::Error),
            "{path:?}"
        );
    }
}

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

#[test]
fn issues_are_ordered_by_line_and_column() {
    // Errors on both lines, reported in reverse order internally.
    let text = "P<XYZERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C37ABC7408123Q1204150ZE184226B<<<<<19";
    let r = validate_mrz(text, today());
    let keys: Vec<_> = r.issues.iter().map(|i| (i.line, i.start)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(r.issues.len() >= 6, "{:#?}", r.issues);
    assert!(!r.valid);
}

#[test]
fn check_digit_issue_carries_expected_found_and_position() {
    let text = TD3.replace("C36UTO", "C37UTO");
    let r = validate_mrz(&text, today());
    let i = r
        .issues
        .iter()
        .find(|i| i.code == Code::MrzCheckDigit && i.field == "documentNumber")
        .unwrap();
    assert_eq!((i.line, i.start, i.end), (Some(1), Some(9), Some(10)));
    assert_eq!(i.params["expected"], "6");
    assert_eq!(i.params["found"], "7");
    assert_eq!(i.params["field"], "documentNumber");
    assert_eq!(
        i.message,
        "Check digit for documentNumber is 7; the field gives 6."
    );
    // The composite covers the document number's check digit too.
    assert!(
        r.issues
            .iter()
            .any(|i| i.code == Code::MrzCheckDigit && i.field == "composite")
    );
}

#[test]
fn json_shape() {
    let r = validate_mrz(TD3, today());
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["format"], "TD3");
    assert_eq!(v["fields"]["documentNumber"], "L898902C3");
    assert_eq!(v["fields"]["birthDate"], "1974-08-12");
    assert_eq!(v["issues"][0]["code"], "mrz.specimen");
    assert_eq!(v["suggestion"], serde_json::Value::Null);
}

#[test]
fn suggestion_warning_describes_the_change() {
    let text = TD3.replace("7408122F", "74O8122F");
    let r = validate_mrz(&text, today());
    assert!(!r.valid);
    let s = r
        .issues
        .iter()
        .find(|i| i.code == Code::MrzSuggestion)
        .unwrap();
    assert_eq!(s.severity, Severity::Warning);
    assert_eq!((s.line, s.start, s.end), (Some(1), Some(15), Some(16)));
    assert_eq!(
        s.message,
        "Check digits pass if 'O' at line 2, column 16 is read as '0'."
    );
    assert_eq!(
        r.suggestion.unwrap().lines,
        TD3.lines().map(str::to_owned).collect::<Vec<_>>()
    );
}

#[test]
fn specimen_check_digits_by_hand() {
    assert_eq!(check_digit(b"D23145890"), Some(7));
    assert_eq!(check_digit(b"L8988901C"), Some(4));
    assert_eq!(check_digit(b"400907"), Some(8));
    assert_eq!(check_digit(b"961210"), Some(9));
}

#[test]
fn huge_and_odd_inputs_are_cheap_and_safe() {
    let start = std::time::Instant::now();
    for text in [
        "<".repeat(10_000_000),
        "\n".repeat(1_000_000),
        "é".repeat(88),
        "\u{0}".repeat(90),
        format!("{}\n{}", "«".repeat(44), "\u{1F600}".repeat(44)),
        "P<".repeat(44),
    ] {
        let r = validate_mrz(&text, today());
        assert!(!r.valid);
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}
