//! `mrz-check`, the batch CLI, run as a real process.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Stdio};

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
const TD1: &str = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";

fn mrz_check(args: &[&str], stdin: &str) -> (i32, Vec<serde_json::Value>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mrz-check"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A usage error exits before reading: a broken pipe here is expected.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    let reports = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        out.status.code().unwrap(),
        reports,
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn one_report_per_block_in_order() {
    let bad_td1 = TD1.replacen("D231458907", "D231458908", 1);
    // CRLF line ends, a blank line with spaces, several blank lines, a garbage block.
    let input = format!(
        "{}\r\n\r\n{bad_td1}\n   \n\n\nHELLO WORLD\n",
        TD3.replace('\n', "\r\n")
    );
    let (code, reports, _) = mrz_check(&["--today", "2026-11-26"], &input);
    assert_eq!(code, 1, "some MRZs are invalid");
    assert_eq!(reports.len(), 3);
    assert_eq!(reports[0]["format"], "TD3");
    assert_eq!(reports[0]["valid"], true);
    assert_eq!(reports[0]["fields"]["birthDate"], "1974-08-12");
    assert_eq!(reports[0]["fields"]["givenNames"], "ANNA MARIA");
    assert_eq!(reports[0]["suggestion"], serde_json::Value::Null);
    assert_eq!(reports[1]["format"], "TD1");
    assert_eq!(reports[1]["valid"], false);
    let issue = reports[1]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "mrz.checkDigit")
        .expect("a check-digit issue");
    assert_eq!(issue["field"], "documentNumber");
    assert_eq!(
        (issue["line"].as_u64(), issue["start"].as_u64()),
        (Some(0), Some(14))
    );
    assert_eq!(reports[2]["valid"], false);
    assert_eq!(reports[2]["format"], serde_json::Value::Null);
}

#[test]
fn all_valid_exits_zero_and_today_matters() {
    let (code, reports, _) = mrz_check(&["--today=2026-11-26"], &format!("{TD3}\n\n{TD1}\n"));
    assert_eq!(code, 0);
    assert_eq!(reports.len(), 2);
    // The specimen expired in 2012: a warning relative to --today.
    let expired = |r: &serde_json::Value| {
        r["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["code"] == "mrz.expired")
    };
    assert!(expired(&reports[0]));
    let (_, reports, _) = mrz_check(&["--today", "2011-01-01"], TD3);
    assert!(!expired(&reports[0]));
}

#[test]
fn usage_errors_exit_two() {
    let (code, reports, err) = mrz_check(&["--today", "26/11/2026"], TD3);
    assert_eq!(code, 2);
    assert!(reports.is_empty());
    assert!(err.contains("not a date"), "{err}");
    let (code, _, err) = mrz_check(&["--frobnicate"], TD3);
    assert_eq!(code, 2);
    assert!(err.contains("unknown argument"), "{err}");
    let (code, reports, _) = mrz_check(&[], "");
    assert_eq!(code, 0);
    assert!(reports.is_empty());
}
