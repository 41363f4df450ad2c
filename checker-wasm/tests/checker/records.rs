//! Whole records: the specimen files under `testdata/records/`, the rules
//! of `validate_record` one by one, and a never-panics property.

use checker_wasm::record::{
    Contact, Purpose, TravelRecord, Traveler, Trip, ValidateOptions, ValidityRule,
};
use checker_wasm::{Date, Issue, validate_record};
use proptest::prelude::*;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Options {
    validity: Option<ValidityRule>,
    adult_age: Option<u32>,
    max_travelers: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    code: String,
    /// Exact field, or a prefix when it ends with `*`.
    field: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Specimen {
    description: String,
    today: Date,
    #[serde(default)]
    options: Option<Options>,
    record: TravelRecord,
    expect: Vec<Expected>,
    /// When true, further issues whose field falls under a wildcard
    /// (`travelers[0].mrz*`) expectation are tolerated: another module's
    /// exact findings are not this test's subject.
    #[serde(default)]
    expect_at_least: bool,
}

fn matches(e: &Expected, i: &Issue) -> bool {
    e.code == i.code.code()
        && match e.field.strip_suffix('*') {
            Some(prefix) => i.field.starts_with(prefix),
            None => e.field == i.field,
        }
}

fn options_for(s: &Specimen) -> ValidateOptions {
    let mut o = ValidateOptions::new(s.today);
    if let Some(x) = &s.options {
        if let Some(v) = x.validity {
            o.validity = v;
        }
        if let Some(a) = x.adult_age {
            o.adult_age = a;
        }
        if let Some(m) = x.max_travelers {
            o.max_travelers = m;
        }
    }
    o
}

#[test]
fn record_specimens() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/records");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "only {} record specimens", names.len());
    let (mut valid, mut invalid) = (0, 0);
    let mut failures = Vec::new();
    for path in &names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let s: Specimen = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!s.description.is_empty());
        if name.starts_with("valid") {
            assert!(
                s.expect.is_empty(),
                "{name}: valid specimens expect nothing"
            );
            valid += 1;
        } else {
            assert!(
                !s.expect.is_empty(),
                "{name}: invalid specimens expect something"
            );
            invalid += 1;
        }
        let issues = validate_record(&s.record, &options_for(&s));
        let mut unmatched: Vec<&Issue> = issues.iter().collect();
        let mut missing = Vec::new();
        for e in &s.expect {
            match unmatched.iter().position(|i| matches(e, i)) {
                Some(k) => {
                    unmatched.remove(k);
                }
                None => missing.push(format!("{} @ {}", e.code, e.field)),
            }
        }
        if s.expect_at_least {
            unmatched.retain(|i| {
                !s.expect.iter().any(|e| {
                    e.field
                        .strip_suffix('*')
                        .is_some_and(|p| i.field.starts_with(p))
                })
            });
        }
        if !missing.is_empty() || !unmatched.is_empty() {
            let extra: Vec<String> = unmatched
                .iter()
                .map(|i| format!("{} @ {} ({})", i.code, i.field, i.message))
                .collect();
            failures.push(format!("{name}: missing {missing:?}; unexpected {extra:?}"));
        }
        // Records survive a JSON round trip unchanged.
        let back: TravelRecord =
            serde_json::from_value(serde_json::to_value(&s.record).unwrap()).unwrap();
        assert_eq!(back, s.record, "{name}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(valid >= 2 && invalid >= 4);
}

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn adult(n: &str) -> Traveler {
    Traveler {
        document_code: "P".into(),
        document_number: n.into(),
        issuing_state: "TWN".into(),
        expiry_date: "2032-01-01".into(),
        surname: "Chen".into(),
        given_names: "Mei Ling".into(),
        birth_date: "1985-03-12".into(),
        sex: "F".into(),
        nationality: "TWN".into(),
        ..Traveler::default()
    }
}

fn record(travelers: Vec<Traveler>) -> TravelRecord {
    TravelRecord {
        schema: 1,
        travelers,
        trip: Trip {
            flight: "IT200".into(),
            departure_airport: "TPE".into(),
            arrival_airport: "KIX".into(),
            departure_date: "2026-06-10".into(),
            arrival_date: "2026-06-10".into(),
            purpose: Purpose::Evacuation,
            address_in_japan: "Osaka".into(),
            postal_code: None,
            contact_in_japan: None,
            length_of_stay_days: 10,
        },
        contact: Contact {
            email: "a@example.jp".into(),
            phone: "+886912345678".into(),
        },
    }
}

fn found(issues: &[Issue]) -> Vec<(String, String)> {
    issues
        .iter()
        .map(|i| (i.code.code().to_owned(), i.field.clone()))
        .collect()
}

fn today() -> ValidateOptions {
    ValidateOptions::new(d("2026-05-01"))
}

#[test]
fn a_clean_record_has_no_issues() {
    assert_eq!(
        found(&validate_record(
            &record(vec![adult("300000001")]),
            &today()
        )),
        []
    );
}

/// Free text refuses what shows nothing: control characters, bidirectional
/// overrides and isolates, zero-width and other format characters.
#[test]
fn free_text_refuses_invisible_and_control_characters() {
    for (hidden, codepoint) in [
        ('\u{202e}', "U+202E"),
        ('\u{2066}', "U+2066"),
        ('\u{200b}', "U+200B"),
        ('\u{feff}', "U+FEFF"),
        ('\u{ad}', "U+00AD"),
        ('\u{7}', "U+0007"),
        ('\n', "U+000A"),
        ('\u{e0041}', "U+E0041"),
    ] {
        let mut r = record(vec![adult("300000001")]);
        r.trip.address_in_japan = format!("Osaka{hidden}-shi");
        r.trip.contact_in_japan = Some(format!("{hidden}Tanaka 090"));
        let issues = validate_record(&r, &today());
        assert_eq!(
            found(&issues),
            [
                (
                    "text.hiddenChar".to_owned(),
                    "trip.addressInJapan".to_owned()
                ),
                (
                    "text.hiddenChar".to_owned(),
                    "trip.contactInJapan".to_owned()
                ),
            ],
            "{codepoint}"
        );
        assert_eq!(issues[0].params["codepoint"], codepoint);
        assert_eq!(issues[0].params["position"], "5");
        assert_eq!(issues[1].params["position"], "0");
    }
    // Japanese text, full-width spaces and emoji are fine.
    let mut r = record(vec![adult("300000001")]);
    r.trip.address_in_japan = "大阪府大阪市北区梅田1丁目\u{3000}ホテル・ABC 😀".into();
    assert_eq!(found(&validate_record(&r, &today())), []);
}

#[test]
fn validity_rules() {
    let mut t = adult("300000001");
    t.expiry_date = "2026-06-10".into(); // expires on the arrival day
    let r = record(vec![t]);
    let mut o = today();
    assert_eq!(found(&validate_record(&r, &o)), []);
    o.validity = ValidityRule::WholeStay; // needs 2026-06-20
    let issues = validate_record(&r, &o);
    assert_eq!(
        found(&issues),
        [("document.validity".into(), "travelers[0].expiryDate".into())]
    );
    assert_eq!(issues[0].params["expiry"], "2026-06-10");
    assert_eq!(issues[0].params["required"], "2026-06-20");
    o.validity = ValidityRule::Months { months: 3 };
    let issues = validate_record(&r, &o);
    assert_eq!(issues[0].params["required"], "2026-09-10");
    // Already expired today.
    let mut t = adult("300000001");
    t.expiry_date = "2026-04-30".into();
    let issues = validate_record(&record(vec![t]), &today());
    assert_eq!(
        found(&issues),
        [("document.expired".into(), "travelers[0].expiryDate".into())]
    );
    assert_eq!(issues[0].params["expiry"], "2026-04-30");
}

#[test]
fn group_rules() {
    let mut child = adult("300000002");
    child.birth_date = "2010-06-11".into(); // 15 on arrival
    let r = record(vec![adult("300000001"), child.clone()]);
    assert_eq!(
        found(&validate_record(&r, &today())),
        [(
            "group.minorUnaccompanied".into(),
            "travelers[1].accompaniedBy".into()
        )]
    );
    child.accompanied_by = Some(0);
    assert_eq!(
        found(&validate_record(
            &record(vec![adult("300000001"), child.clone()]),
            &today()
        )),
        []
    );
    // Adult age is an option.
    let mut o = today();
    o.adult_age = 15;
    let mut alone = child.clone();
    alone.accompanied_by = None;
    assert_eq!(
        found(&validate_record(&record(vec![alone.clone()]), &o)),
        []
    );
    // Self link, a link to another minor, a link out of range.
    let mut selfish = child.clone();
    selfish.accompanied_by = Some(0);
    let mut second = child.clone();
    second.document_number = "300000003".into();
    second.accompanied_by = Some(0);
    let mut lost = adult("300000004");
    lost.accompanied_by = Some(usize::MAX);
    let issues = validate_record(&record(vec![selfish, second, lost]), &today());
    assert_eq!(
        found(&issues),
        [
            ("group.link".into(), "travelers[0].accompaniedBy".into()),
            ("group.link".into(), "travelers[1].accompaniedBy".into()),
            ("group.link".into(), "travelers[2].accompaniedBy".into()),
        ]
    );
    assert_eq!(issues[0].params["age"], "18");
    // Duplicates: same state and number (D ≡ DEU); case-insensitive number.
    let mut a = adult("c01x00t47");
    a.issuing_state = "D".into();
    let mut b = adult("C01X00T47");
    b.issuing_state = "DEU".into();
    let mut c = adult("C01X00T47"); // same number, another state: fine
    c.issuing_state = "AUT".into();
    let issues = validate_record(&record(vec![a, b, c]), &today());
    assert_eq!(
        found(&issues),
        [(
            "group.duplicateDocument".into(),
            "travelers[1].documentNumber".into()
        )]
    );
    assert_eq!(issues[0].params["other"], "0");
    // Group size.
    let many: Vec<Traveler> = (0..31).map(|i| adult(&format!("3{i:08}"))).collect();
    assert_eq!(
        found(&validate_record(&record(many), &today())),
        [("group.size".into(), "travelers".into())]
    );
}

#[test]
fn long_names_warn() {
    let mut t = adult("300000001");
    t.surname = "Wolfeschlegelsteinhausenbergerdorff".into();
    t.given_names = "Hubert Blaine".into();
    let issues = validate_record(&record(vec![t]), &today());
    assert_eq!(
        found(&issues),
        [("name.long".into(), "travelers[0].givenNames".into())]
    );
    assert!(!issues[0].is_error());
}

#[test]
fn trip_dates() {
    let mut r = record(vec![adult("300000001")]);
    r.trip.departure_date = "2026-06-11".into();
    let issues = validate_record(&r, &today());
    assert_eq!(
        found(&issues),
        [("trip.datesOrder".into(), "trip.arrivalDate".into())]
    );
    assert_eq!(issues[0].params["other"], "trip.departureDate");
    r.trip.departure_date = "2026-04-30".into();
    r.trip.arrival_date = "10 June".into();
    assert_eq!(
        found(&validate_record(&r, &today())),
        [
            ("date.format".into(), "trip.arrivalDate".into()),
            ("trip.datesOrder".into(), "trip.departureDate".into()),
        ]
    );
    r.trip.arrival_date = String::new();
    r.trip.length_of_stay_days = 400;
    assert_eq!(
        found(&validate_record(&r, &today())),
        [
            ("field.required".into(), "trip.arrivalDate".into()),
            ("trip.datesOrder".into(), "trip.departureDate".into()),
            ("stay.length".into(), "trip.lengthOfStayDays".into()),
        ]
    );
}

fn arb_traveler() -> impl Strategy<Value = Traveler> {
    let s = || {
        prop_oneof![
            any::<String>(),
            "[A-Z0-9<]{0,12}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}"
        ]
    };
    (
        (s(), s(), s(), s(), s(), s()),
        (s(), s(), s(), s()),
        proptest::option::of(any::<String>()),
        proptest::option::of(prop_oneof![any::<usize>(), 0usize..4]),
        proptest::option::of(s()),
    )
        .prop_map(
            |((a, b, c, e, f, g), (h, i, j, k), mrz, acc, native)| Traveler {
                document_code: a,
                document_number: b,
                issuing_state: c,
                expiry_date: e,
                surname: f,
                given_names: g,
                native_surname: native.clone(),
                native_given_names: native,
                birth_date: h,
                sex: i,
                nationality: j,
                mrz: mrz.map(|m| format!("{k}\n{m}")),
                accompanied_by: acc,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn validate_record_never_panics(
        travelers in proptest::collection::vec(arb_traveler(), 0..5),
        strs in proptest::collection::vec(any::<String>(), 10),
        days in any::<u32>(),
        schema in any::<u32>(),
        months in any::<u8>(),
        today_days in -800_000i64..3_000_000,
    ) {
        let mut r = record(travelers);
        r.schema = schema;
        r.trip.flight = strs[0].clone();
        r.trip.departure_airport = strs[1].clone();
        r.trip.arrival_airport = strs[2].clone();
        r.trip.departure_date = strs[3].clone();
        r.trip.arrival_date = strs[4].clone();
        r.trip.address_in_japan = strs[5].clone();
        r.trip.postal_code = Some(strs[6].clone());
        r.trip.length_of_stay_days = days;
        r.contact.email = strs[7].clone();
        r.contact.phone = strs[8].clone();
        let today = Date::from_days_since_epoch(today_days).unwrap_or(d("2026-05-01"));
        for rule in [ValidityRule::OnArrival, ValidityRule::WholeStay, ValidityRule::Months { months }] {
            let mut o = ValidateOptions::new(today);
            o.validity = rule;
            for i in validate_record(&r, &o) {
                prop_assert!(!i.field.is_empty());
            }
        }
    }

    #[test]
    fn extreme_dates_never_panic(y in 1u16..=9999, m in 1u8..=12, dd in 1u8..=28, stay in any::<u32>(), months in any::<u8>()) {
        let date = Date::new(y, m, dd).unwrap().to_string();
        let mut t = adult("300000001");
        t.birth_date = date.clone();
        t.expiry_date = date.clone();
        let mut r = record(vec![t]);
        r.trip.departure_date = date.clone();
        r.trip.arrival_date = date;
        r.trip.length_of_stay_days = stay;
        for today in ["0001-01-01", "9999-12-31", "2026-05-01"] {
            for rule in [ValidityRule::WholeStay, ValidityRule::Months { months }] {
                let mut o = ValidateOptions::new(d(today));
                o.validity = rule;
                let _ = validate_record(&r, &o);
            }
        }
    }
}

#[test]
fn the_example_in_docs_record_md_is_valid() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/record.md");
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find("```json\n").expect("a JSON example") + "```json\n".len();
    let end = start + text[start..].find("```").unwrap();
    let r: TravelRecord = serde_json::from_str(&text[start..end]).unwrap();
    let issues = validate_record(&r, &today());
    // Its MRZ is genuine (check digits and all) and agrees with the typed fields.
    assert!(issues.is_empty(), "{issues:?}");
}
