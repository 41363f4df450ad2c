//! `agency export` on a database of mixed good and bad envelopes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::os::unix::fs::PermissionsExt;

struct Fixture {
    dir: std::path::PathBuf,
    db: std::path::PathBuf,
    key: std::path::PathBuf,
    references: Vec<String>,
}

fn invalid_record() -> String {
    let mut v: serde_json::Value = serde_json::from_str(&record(
        "BR198",
        "2030-12-01",
        &[("CHEN", "YI", "TWN", "TR5550001")],
    ))
    .unwrap();
    v["travelers"][0]["birthDate"] = "1990-02-30".into();
    v["travelers"][0]["expiryDate"] = "2020-01-01".into();
    v.to_string()
}

fn good_records() -> Vec<String> {
    vec![
        record(
            "BR198",
            "2030-12-01",
            &[
                ("O'NEIL", "ANN MARIE", "D", "C01X00T47"),
                ("LIN", "MEI HUA", "TWN", "TR1234567"),
            ],
        ),
        record(
            "BR198",
            "2030-12-01",
            &[("SATO", "HANAKO", "JPN", "TK0000001")],
        ),
        record(
            "CI100",
            "2030-12-02",
            &[("WANG", "XIAOMING", "TWN", "TR7654321")],
        ),
    ]
}

/// Good records 0–2, then one sealed to key B, one that is JSON but no
/// TravelRecord, one damaged in transit, one that fails validation.
fn fixture(tag: &str) -> Fixture {
    let dir = temp_dir(tag);
    let (keys_a, _secret, config_a) = keygen(&dir.join("a"), "xwing");
    let (keys_b, _, config_b) = keygen(&dir.join("b"), "x25519");
    let db = dir.join("intake.sqlite");
    let server = Server::start(
        &db,
        &[
            &keys_a.join("agency.pub.json"),
            &keys_b.join("agency.pub.json"),
        ],
        &["--rate-limit", "0"],
    );
    let mut bodies: Vec<Vec<u8>> = good_records()
        .iter()
        .map(|r| seal(&config_a, r).1)
        .collect();
    bodies.push(seal(&config_b, &good_records()[1]).1);
    bodies.push(seal(&config_a, r#"{"schema":1,"hello":"world"}"#).1);
    let mut damaged = seal(&config_a, &good_records()[1]).1;
    let last = damaged.len() - 1;
    damaged[last] ^= 0x40;
    bodies.push(damaged);
    bodies.push(seal(&config_a, &invalid_record()).1);
    let mut references = Vec::new();
    for b in &bodies {
        let r = server.post(b);
        assert_eq!(r.status, 201);
        references.push(r.json().unwrap()["reference"].as_str().unwrap().to_owned());
    }
    drop(server);
    Fixture {
        key: keys_a.join("agency.key"),
        db,
        dir,
        references,
    }
}

fn export(f: &Fixture, args: &[&str]) -> (String, String) {
    let mut all = vec![
        "export",
        "--key",
        f.key.to_str().unwrap(),
        "--db",
        f.db.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let out = agency(&all);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "export failed: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

#[test]
fn good_records_validate_cleanly() {
    // The fixture's premise: the good records carry no error finding.
    let today = agency::util::today().unwrap();
    for r in good_records() {
        let rec: checker_wasm::TravelRecord = serde_json::from_str(&r).unwrap();
        let issues =
            checker_wasm::validate_record(&rec, &checker_wasm::ValidateOptions::new(today));
        assert!(checker_wasm::issue::no_errors(&issues), "{issues:#?}");
    }
}

#[test]
fn jsonl_and_csv_exports_report_bad_envelopes_and_go_on() {
    let f = fixture("export-jsonl");
    let (out, err) = export(&f, &["--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{out}");
    let goods = good_records();
    for (i, line) in lines.iter().take(3).enumerate() {
        assert_eq!(line["reference"], f.references[i].as_str());
        assert!(line["receivedAt"].as_str().unwrap().ends_with('Z'));
        assert!(line["submissionId"].as_str().unwrap().len() == 36);
        assert_eq!(
            line["record"],
            serde_json::from_str::<serde_json::Value>(&goods[i]).unwrap()
        );
        assert!(
            line["issues"]
                .as_array()
                .unwrap()
                .iter()
                .all(|is| is["severity"] != "error")
        );
    }
    let bad = &lines[3];
    assert_eq!(bad["reference"], f.references[6].as_str());
    let issues = bad["issues"].as_array().unwrap();
    assert!(
        issues.iter().any(|is| is["severity"] == "error"
            && is["field"].as_str().unwrap().starts_with("travelers[0]")),
        "{issues:?}"
    );
    // The failures, each with its reason, and the summary.
    assert!(
        err.contains(&format!("failed: reference={} ", f.references[3])),
        "{err}"
    );
    assert!(
        err.contains("code=open_failed:envelope.key_id_mismatch"),
        "{err}"
    );
    assert!(err.contains(&format!("failed: reference={} ", f.references[4])));
    assert!(err.contains("code=record_invalid"));
    assert!(err.contains(&format!("failed: reference={} ", f.references[5])));
    assert!(err.contains("code=open_failed:envelope.decrypt"));
    assert!(
        err.contains("summary: read=7 exported=4 travelers=5 withErrors=1 failed=3"),
        "{err}"
    );
    // No record content in the error report.
    assert!(!err.contains("hello") && !err.contains("SATO"));

    let (csv, _) = export(&f, &["--format", "csv"]);
    let rows: Vec<Vec<String>> = csv.lines().map(csv_cells).collect();
    assert_eq!(rows.len(), 1 + 5);
    // Every field is quoted.
    assert!(csv.lines().all(|l| l.starts_with('"') && l.ends_with('"')));
    assert_eq!(
        rows[0][..10],
        [
            "reference",
            "receivedAt",
            "submissionId",
            "current",
            "replacedBy",
            "replaces",
            "traveler",
            "surname",
            "givenNames",
            "nameSource"
        ]
    );
    assert_eq!(rows[0][22], "issues");
    let lin = rows.iter().find(|r| r[7] == "LIN").unwrap();
    assert_eq!(lin[0], f.references[0]);
    assert_eq!(
        &lin[3..17],
        &[
            "yes",
            "",
            "",
            "1",
            "LIN",
            "MEI HUA",
            "transliterated",
            "F",
            "1988-03-14",
            "TWN",
            "P",
            "TR1234567",
            "TWN",
            "2034-05-01"
        ]
    );
    assert_eq!(
        &lin[17..22],
        &["BR198", "TPE", "2030-12-01", "NRT", "2030-12-01"]
    );
    let chen = rows.iter().find(|r| r[7] == "CHEN").unwrap();
    assert!(chen[22].contains("error:"), "{chen:?}");

    // --since after everything: nothing; --out: a 0600 file with the same content.
    let (none, err) = export(
        &f,
        &["--format", "jsonl", "--since", "2999-01-01T00:00:00+09:00"],
    );
    assert!(none.is_empty());
    assert!(err.contains("summary: read=0 "));
    let (all, _) = export(&f, &["--format", "jsonl", "--since", "2000-01-01"]);
    assert_eq!(all.lines().count(), 4);
    let file = f.dir.join("out.jsonl");
    let (stdout, _) = export(&f, &["--format", "jsonl", "--out", file.to_str().unwrap()]);
    assert!(stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 4);
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // Fatal errors: non-zero.
    assert!(
        !agency(&[
            "export",
            "--key",
            f.key.to_str().unwrap(),
            "--db",
            f.dir.join("none.sqlite").to_str().unwrap(),
            "--format",
            "jsonl"
        ])
        .status
        .success()
    );
    assert!(
        !agency(&[
            "export",
            "--key",
            f.dir.join("nokey").to_str().unwrap(),
            "--db",
            f.db.to_str().unwrap(),
            "--format",
            "jsonl"
        ])
        .status
        .success()
    );
    assert!(
        !agency(&[
            "export",
            "--key",
            f.key.to_str().unwrap(),
            "--db",
            f.db.to_str().unwrap(),
            "--format",
            "xml"
        ])
        .status
        .success()
    );
    std::fs::remove_dir_all(&f.dir).unwrap();
}

#[test]
fn paxlst_export_segment_by_segment() {
    let f = fixture("export-paxlst");
    let (out, err) = export(
        &f,
        &[
            "--format",
            "paxlst",
            "--sender",
            "TWAGENCY",
            "--recipient",
            "JPNAPI",
            "--reporting-party",
            "Test Agency",
        ],
    );
    let segs: Vec<&str> = out.lines().collect();
    assert!(segs.iter().all(|s| s.ends_with('\'')), "{out}");
    assert_eq!(segs[0], "UNA:+.? '");
    let unb: Vec<&str> = segs[1].trim_end_matches('\'').split('+').collect();
    assert_eq!(&unb[..3], &["UNB", "UNOA:4", "TWAGENCY"]);
    assert_eq!(unb[3], "JPNAPI");
    let (date, time) = unb[4].split_once(':').unwrap();
    assert!(
        date.len() == 6
            && time.len() == 4
            && date.bytes().chain(time.bytes()).all(|b| b.is_ascii_digit())
    );
    let interchange_ref = unb[5];
    assert_eq!(unb[7], "APIS");

    let traveler = |name: &str, nat: &str, number: &str| {
        vec![
            format!("NAD+FL+++{name}'"),
            "ATT+2++F'".to_owned(),
            "DTM+329:880314'".to_owned(),
            format!("NAT+2+{nat}'"),
            format!("DOC+P:110:111+{number}'"),
            "DTM+36:340501'".to_owned(),
            format!("LOC+91+{nat}'"),
        ]
    };
    let mut want: Vec<String> = vec![
        "UNH+1+PAXLST:D:05B:UN:IATA+BR198/301201+01:F'".into(),
        "BGM+745'".into(),
        "NAD+MS+++TEST AGENCY'".into(),
        "TDT+20+BR198+++BR'".into(),
        "LOC+125+TPE'".into(),
        "DTM+189:301201:101'".into(),
        "LOC+87+NRT'".into(),
        "DTM+232:301201:101'".into(),
    ];
    // Names as the MRZ writes them: Doc 9303 omits the apostrophe.
    want.extend(traveler("ONEIL:ANN MARIE", "DEU", "C01X00T47"));
    want.extend(traveler("LIN:MEI HUA", "TWN", "TR1234567"));
    want.extend(traveler("SATO:HANAKO", "JPN", "TK0000001"));
    want.push("CNT+42:3'".into());
    want.push("UNT+31+1'".into());
    want.extend([
        "UNH+2+PAXLST:D:05B:UN:IATA+CI100/301202+01:F'".into(),
        "BGM+745'".into(),
        "NAD+MS+++TEST AGENCY'".into(),
        "TDT+20+CI100+++CI'".into(),
        "LOC+125+TPE'".into(),
        "DTM+189:301202:101'".into(),
        "LOC+87+NRT'".into(),
        "DTM+232:301202:101'".into(),
    ]);
    want.extend(traveler("WANG:XIAOMING", "TWN", "TR7654321"));
    want.push("CNT+42:1'".into());
    want.push("UNT+17+2'".into());
    want.push(format!("UNZ+2+{interchange_ref}'"));
    let got: Vec<String> = segs[2..].iter().map(|s| (*s).to_owned()).collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "segment {}", i + 2);
    }
    assert_eq!(got.len(), want.len());
    // UNT counts are the real number of segments from UNH to UNT.
    let mut start = None;
    for (i, s) in segs.iter().enumerate() {
        if s.starts_with("UNH+") {
            start = Some(i);
        }
        if let Some(n) = s.strip_prefix("UNT+") {
            let count: usize = n.split('+').next().unwrap().parse().unwrap();
            assert_eq!(count, i - start.unwrap() + 1);
        }
    }
    // The invalid record is left out and said so; the undecryptable are listed.
    assert!(
        err.contains(&format!(
            "excluded from PAXLST: reference={} traveler=0",
            f.references[6]
        )),
        "{err}"
    );
    assert!(!out.contains("CHEN"));
    assert!(err.contains("failed=3"));

    // With --include-invalid, the record is considered, but its impossible
    // birth date still cannot be written.
    let (out, err) = export(&f, &["--format", "paxlst", "--include-invalid"]);
    assert!(!out.contains("CHEN"));
    assert!(err.contains("reason=birth date is not YYYY-MM-DD"), "{err}");
    std::fs::remove_dir_all(&f.dir).unwrap();
}
