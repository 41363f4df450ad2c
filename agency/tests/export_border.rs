//! Exports a border system accepts: names as the MRZ writes them (PAXLST
//! read back by the independent EDIFACT parser pydifact), re-validation on
//! the day of receipt, replaced and repeated documents, CSV quoting and
//! formula neutralisation (read back by Python's csv module).
//!
//! Longer than 500 lines: one export scenario per test over a shared
//! fixture of stored submissions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use agency::envelope_api::{self as envelope, PublicKeyConfig};
use agency::store::{NewSubmission, Store};
use common::*;
use std::path::Path;
use std::process::Command;

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The ICAO 9303 check digit of `field`.
fn cd(field: &str) -> char {
    char::from(b'0' + checker_wasm::mrz::check_digit(field.as_bytes()).unwrap())
}

/// A TD3 (passport) MRZ. Dates `YYMMDD`.
#[allow(clippy::too_many_arguments)]
fn td3(
    state: &str,
    name: &str,
    number: &str,
    nationality: &str,
    birth: &str,
    sex: &str,
    expiry: &str,
) -> String {
    let pad = |s: &str, n: usize| format!("{s:<<n$}");
    let line1 = pad(&format!("P<{}{name}", pad(state, 3)), 44);
    let number = pad(number, 9);
    let optional = "<".repeat(14);
    let (n, b, e, o) = (
        format!("{number}{}", cd(&number)),
        format!("{birth}{}", cd(birth)),
        format!("{expiry}{}", cd(expiry)),
        format!("{optional}{}", cd(&optional)),
    );
    let composite = cd(&format!("{n}{b}{e}{o}"));
    let line2 = format!("{n}{}{b}{sex}{e}{o}{composite}", pad(nationality, 3));
    assert_eq!((line1.len(), line2.len()), (44, 44));
    format!("{line1}\n{line2}")
}

/// A one-traveler record; `mrz` is added when given.
fn traveler_record(
    names: (&str, &str),
    state: &str,
    number: &str,
    mrz_name: Option<&str>,
    trip: (&str, &str),
    expiry: &str,
) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&record(
        trip.0,
        trip.1,
        &[(names.0, names.1, state, number)],
    ))
    .unwrap();
    v["travelers"][0]["expiryDate"] = expiry.into();
    if let Some(mrz_name) = mrz_name {
        let yymmdd = |d: &str| d.replace('-', "")[2..].to_owned();
        v["travelers"][0]["mrz"] = td3(
            state,
            mrz_name,
            number,
            state,
            "880314",
            "F",
            &yymmdd(expiry),
        )
        .into();
    }
    v.to_string()
}

fn export(keys: &Path, db: &Path, args: &[&str]) -> (String, String) {
    let mut all = vec!["export", "--keys", arg(keys), "--db", arg(db)];
    all.extend_from_slice(args);
    let out = agency(&all);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "export failed: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

fn keys_and_config(dir: &Path) -> (std::path::PathBuf, PublicKeyConfig) {
    let keys = dir.join("keys");
    let (_, _, config) = keygen(&keys, "x25519");
    (keys, config)
}

#[test]
fn paxlst_names_are_the_mrz_names_read_back_by_pydifact() {
    let dir = temp_dir("border-paxlst");
    let (keys, config) = keys_and_config(&dir);
    let trip = ("BR198", "2030-12-01");
    let exp = "2034-05-01";
    // (record, expected surname, expected given names)
    let cases = [
        (
            traveler_record(
                ("Nguyễn", "Thị Ánh"),
                "VNM",
                "C1234567",
                Some("NGUYEN<<THI<ANH"),
                trip,
                exp,
            ),
            "NGUYEN",
            "THI ANH",
        ),
        (
            traveler_record(
                ("Müller", "Jürgen"),
                "D",
                "C01X00T47",
                Some("MUELLER<<JUERGEN"),
                trip,
                exp,
            ),
            "MUELLER",
            "JUERGEN",
        ),
        (
            traveler_record(
                ("Müller", "Anna-Lena"),
                "D",
                "C01X00T55",
                Some("MULLER<<ANNA<LENA"),
                trip,
                exp,
            ),
            "MULLER",
            "ANNA LENA",
        ),
        (
            traveler_record(
                ("Sukarno", ""),
                "IDN",
                "A1234567",
                Some("SUKARNO"),
                trip,
                exp,
            ),
            "SUKARNO",
            "",
        ),
        (
            traveler_record(("Trần", "Văn Đức"), "VNM", "C7654321", None, trip, exp),
            "TRAN",
            "VAN DUC",
        ),
        (
            traveler_record(("Müller", "Jürgen"), "D", "C01X00T63", None, trip, exp),
            "MUELLER",
            "JUERGEN",
        ),
    ];
    let db = dir.join("intake.sqlite");
    let server = Server::start(
        &db,
        &[&keys.join("agency.pub.json")],
        &["--rate-limit", "0"],
    );
    for (r, _, _) in &cases {
        assert_eq!(server.post(&seal(&config, r).1).status, 201);
    }
    drop(server);
    let edi = dir.join("flights.edi");
    let (_, err) = export(
        &keys,
        &db,
        &[
            "--format",
            "paxlst",
            "--out",
            arg(&edi),
            "--reporting-party",
            "Reisebüro Müller",
        ],
    );
    assert!(err.contains("excluded=0"), "every record is valid: {err}");
    let text = std::fs::read_to_string(&edi).unwrap();
    assert!(text.contains("NAD+MS+++REISEBUERO MUELLER'"), "{text}");

    let Some(py) = interop_python("pydifact") else {
        return;
    };
    let out = Command::new(py)
        .arg(interop_script("paxlst_read.py"))
        .arg(&edi)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages = read["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(read["declaredMessages"], 1);
    let m = &messages[0];
    assert_eq!(m["flight"], "BR198");
    assert_eq!(m["declaredSegments"], m["segments"], "UNT count: {m}");
    // 8 head segments, 7 per traveler, CNT and UNT.
    assert_eq!(m["segments"], 8 + 7 * cases.len() + 2);
    assert_eq!(m["cnt"], cases.len());
    let names: Vec<(String, String)> = m["travelers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["surname"].as_str().unwrap().to_owned(),
                t["givenNames"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = cases
        .iter()
        .map(|(_, s, g)| ((*s).to_owned(), (*g).to_owned()))
        .collect();
    assert_eq!(names, want);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_record_received_before_its_flight_left_stays_valid_after() {
    let dir = temp_dir("border-today");
    let (keys, config) = keys_and_config(&dir);
    // Flight on 2025-03-05, passport valid until 2025-06-30: both in the
    // past today, both fine on the day of receipt.
    let rec = traveler_record(
        ("Lin", "Mei Hua"),
        "TWN",
        "TR1234567",
        Some("LIN<<MEI<HUA"),
        ("BR198", "2025-03-05"),
        "2025-06-30",
    );
    let db = dir.join("intake.sqlite");
    let store = agency::sqlite::SqliteStore::open(&db).unwrap();
    for received_at in [
        "2025-03-01T08:00:00.000000Z".to_owned(),
        agency::util::now_utc(),
    ] {
        let (meta, bytes) = seal(&config, &rec);
        store
            .put(NewSubmission {
                submission_id: meta.submission_id,
                key_id: config.kid.clone(),
                sha256: agency::util::sha256_hex(&bytes),
                received_at,
                envelope: bytes,
            })
            .unwrap();
    }
    store.close();
    drop(store);
    let (out, _) = export(&keys, &db, &["--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let errors = |l: &serde_json::Value| -> Vec<String> {
        l["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["severity"] == "error")
            .map(|i| format!("{}@{}", i["code"], i["field"]))
            .collect()
    };
    assert!(
        lines[0]["receivedAt"]
            .as_str()
            .unwrap()
            .starts_with("2025-03-01")
    );
    assert_eq!(errors(&lines[0]), Vec::<String>::new());
    // The same record received today is late: flight gone, passport expired.
    let late = errors(&lines[1]).join(" ");
    assert!(
        late.contains("trip.departureDate") && late.contains("document.expired"),
        "{late}"
    );
    let (edi, err) = export(&keys, &db, &["--format", "paxlst"]);
    assert_eq!(edi.matches("NAD+FL+++LIN:MEI HUA'").count(), 1, "{edi}");
    assert!(
        err.contains("reason=the record has error findings"),
        "{err}"
    );
    // A stricter validity rule applies to the day of receipt too.
    let (out, _) = export(&keys, &db, &["--format", "jsonl", "--validity", "months:6"]);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert!(
        errors(&first)
            .iter()
            .any(|e| e.starts_with("\"document.validity\"")),
        "{first}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn replaced_and_repeated_documents_are_flagged_in_every_format() {
    let dir = temp_dir("border-dupes");
    let (keys, config) = keys_and_config(&dir);
    let trip = ("BR198", "2030-12-01");
    let exp = "2034-05-01";
    let lin = |given: &str| traveler_record(("Lin", given), "TWN", "TR1234567", None, trip, exp);
    let db = dir.join("intake.sqlite");
    let server = Server::start(
        &db,
        &[&keys.join("agency.pub.json")],
        &["--rate-limit", "0"],
    );
    let post = |meta: &envelope::Meta, record: &str| {
        let bytes = envelope::seal(&config, meta, record.as_bytes()).unwrap();
        let r = server.post(&bytes);
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        r.json().unwrap()["reference"].as_str().unwrap().to_owned()
    };
    let meta = || {
        envelope::Meta::new(
            envelope::new_submission_id().unwrap(),
            agency::util::now_created_at(),
            1,
        )
    };
    // A; B replaces A (the traveler edited it); C: the same passport again,
    // from another device; D: someone else.
    let (ma, mb, mc, md) = (meta(), meta(), meta(), meta());
    let mb = mb.replacing(ma.submission_id.clone());
    let ra = post(&ma, &lin("Mei"));
    let rb = post(&mb, &lin("Mei Hua"));
    let rc = post(&mc, &lin("Meihua"));
    let rd = post(
        &md,
        &traveler_record(("Wang", "Xiaoming"), "TWN", "TR7654321", None, trip, exp),
    );
    drop(server);

    let (out, err) = export(&keys, &db, &["--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["current"], false);
    assert_eq!(lines[0]["replacedBy"], mb.submission_id.as_str());
    assert_eq!(lines[1]["current"], true);
    assert_eq!(lines[1]["replaces"], ma.submission_id.as_str());
    assert_eq!(lines[2]["current"], true);
    assert!(lines[2].get("replaces").is_none());
    let others = |l: &serde_json::Value| -> Vec<String> {
        l["sameDocument"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["others"].as_array().unwrap().clone())
            .map(|o| o["reference"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(others(&lines[0]), [rb.clone(), rc.clone()]);
    assert_eq!(others(&lines[1]), [ra.clone(), rc.clone()]);
    assert_eq!(others(&lines[2]), [ra.clone(), rb.clone()]);
    assert!(others(&lines[3]).is_empty());
    assert_eq!(lines[0]["sameDocument"][0]["others"][0]["current"], true);
    assert_eq!(lines[1]["sameDocument"][0]["others"][0]["current"], false);
    assert!(
        err.contains(&format!(
            "same document: reference={ra} traveler=0 alsoIn={rb},{rc}"
        )),
        "{err}"
    );
    assert!(err.contains("replaced=1 sameDocument=3"), "{err}");

    // CSV: the same flags in columns.
    let (csv, _) = export(&keys, &db, &["--format", "csv"]);
    let rows: Vec<Vec<String>> = csv.lines().map(csv_cells).collect();
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let (current, replaced_by, same) = (col("current"), col("replacedBy"), col("sameDocumentIn"));
    assert_eq!(rows[1][current], "no");
    assert_eq!(rows[1][replaced_by], mb.submission_id);
    assert_eq!(rows[1][same], format!("{rb} {rc}"));
    assert_eq!(rows[2][current], "yes");
    assert_eq!(rows[2][col("replaces")], ma.submission_id);
    assert_eq!(rows[4][same], "");

    // PAXLST: the replaced record is left out; the passport goes once, from
    // the latest submission on that flight.
    let (edi, err) = export(&keys, &db, &["--format", "paxlst"]);
    assert_eq!(edi.matches("NAD+FL+++LIN:").count(), 1, "{edi}");
    assert!(edi.contains("NAD+FL+++LIN:MEIHUA'"), "{edi}");
    assert!(edi.contains("NAD+FL+++WANG:XIAOMING'"), "{edi}");
    assert!(edi.contains("CNT+42:2'"), "{edi}");
    assert!(
        err.contains(&format!(
            "excluded from PAXLST: reference={ra} traveler=0 reason=replaced by the later submission {rb} ({})",
            mb.submission_id
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "excluded from PAXLST: reference={rb} traveler=0 reason=the same document is in the later submission {rc} on this flight"
        )),
        "{err}"
    );
    let _ = rd;
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn csv_quotes_every_field_and_neutralises_formulas() {
    let dir = temp_dir("border-csv");
    let (keys, config) = keys_and_config(&dir);
    let mut v: serde_json::Value = serde_json::from_str(&record(
        "BR198",
        "2030-12-01",
        &[("LIN", "MEI", "TWN", "X")],
    ))
    .unwrap();
    let hostile = [
        ("surname", "  =1+1"),
        ("givenNames", "＝HYPERLINK(\"http://x\")"),
        ("sex", "@SUM(A1)"),
        ("documentNumber", "+81,\"2\""),
        ("documentCode", "－1"),
        ("issuingState", "\tTWN"),
        ("nationality", "\rTWN"),
        ("birthDate", "\u{3000}+1\nx"),
        ("expiryDate", "＋1"),
    ];
    for (field, value) in hostile {
        v["travelers"][0][field] = value.into();
    }
    v["trip"]["flight"] = "-2+3".into();
    v["trip"]["departureAirport"] = "﹦1".into();
    v["trip"]["arrivalAirport"] = "＠A1".into();
    let db = dir.join("intake.sqlite");
    let server = Server::start(
        &db,
        &[&keys.join("agency.pub.json")],
        &["--rate-limit", "0"],
    );
    assert_eq!(server.post(&seal(&config, &v.to_string()).1).status, 201);
    drop(server);
    let out = dir.join("travelers.csv");
    // An existing, looser file is replaced, and ends up 0600.
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    export(&keys, &db, &["--format", "csv", "--out", arg(&out)]);
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&out).unwrap().permissions())
            & 0o777,
        0o600
    );
    let text = std::fs::read_to_string(&out).unwrap();
    // A symbolic link is refused, and its target untouched.
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(dir.join("target.csv"), &link).unwrap();
    let refused = agency(&[
        "export",
        "--keys",
        arg(&keys),
        "--db",
        arg(&db),
        "--format",
        "csv",
        "--out",
        arg(&link),
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("symbolic link"));
    assert!(!dir.join("target.csv").exists());

    // Read back by an independent CSV reader (Python's csv module).
    let py = interop_python("csv").unwrap_or_else(|| "python3".into());
    let read = Command::new(py)
        .args([
            "-c",
            "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let rows: Vec<Vec<String>> = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    // Every field is quoted: the file is exactly the rows re-quoted.
    let requoted: String = rows
        .iter()
        .map(|r| {
            let cells: Vec<String> = r
                .iter()
                .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                .collect();
            format!("{}\n", cells.join(","))
        })
        .collect();
    assert_eq!(requoted, text);
    let header = &rows[0];
    let row = &rows[1];
    let cell = |name: &str| &row[header.iter().position(|c| c == name).unwrap()];
    let typed = [
        ("surnameAsTyped", "  =1+1"),
        ("givenNamesAsTyped", "＝HYPERLINK(\"http://x\")"),
        ("sex", "@SUM(A1)"),
        ("documentNumber", "+81,\"2\""),
        ("documentCode", "－1"),
        ("issuingState", "\tTWN"),
        ("nationality", "\rTWN"),
        ("birthDate", "\u{3000}+1\nx"),
        ("expiryDate", "＋1"),
        ("flight", "-2+3"),
        ("departureAirport", "﹦1"),
        ("arrivalAirport", "＠A1"),
    ];
    for (name, value) in typed {
        assert_eq!(cell(name), &format!("'{value}"), "{name}");
    }
    // The MRZ-form names hold letters only: nothing to neutralise.
    assert_eq!(cell("surname"), "");
    assert_eq!(cell("givenNames"), "HYPERLINKHTTPX");
    assert_eq!(cell("departureDate"), "2030-12-01");
    std::fs::remove_dir_all(dir).unwrap();
}
