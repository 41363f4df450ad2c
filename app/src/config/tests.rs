use super::*;

fn new_key() -> serde_json::Value {
    let (_, public) = envelope::generate_keypair_os(envelope::Kem::XWing).unwrap();
    serde_json::to_value(&public).unwrap()
}

fn pin_for(kids: &[&str]) -> Pin {
    Pin {
        sealing_kids: kids.iter().map(|k| (*k).to_owned()).collect(),
        receipt_kid: "00112233445566ff".into(),
        receipt_public_key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8".into(),
        fingerprint: crate::pins::fingerprint_of(kids[0]),
    }
}

fn kid(key: &serde_json::Value) -> String {
    key["kid"].as_str().unwrap().to_owned()
}

/// The config with a fresh key, and pins naming it.
fn with_key(mut cfg: serde_json::Value) -> (String, Vec<Pin>) {
    let key = new_key();
    let pins = vec![pin_for(&[&kid(&key)])];
    cfg["publicKey"] = key;
    (cfg.to_string(), pins)
}

fn parse_keyed(cfg: serde_json::Value) -> Result<Config, Vec<ConfigProblem>> {
    let (text, pins) = with_key(cfg);
    parse_with(&text, &pins)
}

fn committed() -> serde_json::Value {
    serde_json::from_str(include_str!("../../../static/config.json")).unwrap()
}

fn fields(r: Result<Config, Vec<ConfigProblem>>) -> Vec<String> {
    r.err()
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.field)
        .collect()
}

#[test]
fn committed_config_is_valid_once_the_key_is_replaced() {
    assert_eq!(
        fields(parse_with(
            &committed().to_string(),
            &[pin_for(&["0123456789abcdef"])]
        )),
        vec!["publicKey"],
        "placeholder key is refused"
    );
    let cfg = parse_keyed(committed()).unwrap();
    assert_eq!(cfg.languages, Lang::ALL.to_vec());
    assert_eq!(cfg.recipients.len(), 1, "one recipient, as before");
    assert_eq!(cfg.recipients[0].endpoint, "/api/v1/submissions");
    assert_eq!(
        cfg.recipients[0].name.get(Lang::Ja),
        committed()["agency"]["name"].as_str().unwrap()
    );
    assert_eq!(cfg.validity, ValidityRule::OnArrival);
}

#[test]
fn each_wrong_field_is_named() {
    let mut c = committed();
    c["colors"]["primary"] = "blue".into();
    c["languages"] = serde_json::json!(["en", "fr"]);
    c["kioskIdleSeconds"] = 5.into();
    c["endpoint"] = "ftp://x/".into();
    c["passportValidity"] = serde_json::json!({"rule": "months", "months": 0});
    let got = fields(parse_keyed(c));
    for f in [
        "colors.primary",
        "languages",
        "kioskIdleSeconds",
        "endpoint",
        "passportValidity.months",
    ] {
        assert!(got.contains(&f.to_owned()), "{f} not reported: {got:?}");
    }
    let mut c = committed();
    c["publicKey"]["kid"] = "0000000000000000".into();
    let mut key = new_key();
    let pins = vec![pin_for(&[&kid(&key)])];
    key["kid"] = "0000000000000000".into();
    c["publicKey"] = key;
    assert_eq!(
        fields(parse_with(&c.to_string(), &pins)),
        vec!["publicKey"],
        "kid must match the key"
    );
    assert_eq!(fields(parse_with("{", &[])), vec!["config.json"]);
    let mut c = committed();
    c["colour"] = "#000000".into();
    assert_eq!(
        fields(parse_keyed(c)),
        vec!["config.json"],
        "unknown fields are refused"
    );
    let mut c = committed();
    c["passportValidity"] = serde_json::json!({"rule": "months", "months": 6});
    assert_eq!(
        parse_keyed(c).unwrap().validity,
        ValidityRule::Months { months: 6 }
    );
}

#[test]
fn texts_and_keys_of_the_wrong_shape_are_explained() {
    let messages = |c: serde_json::Value| -> Vec<String> {
        parse_keyed(c)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect()
    };
    let mut c = committed();
    c["agency"]["name"] = 5.into();
    let got = messages(c);
    assert!(
        got.len() == 1 && got[0].contains("a text, or texts by language tag"),
        "{got:?}"
    );
    let mut c = committed();
    c["agency"]["contact"] = serde_json::json!({"en": "+886 2 1234", "ja": ["x"]});
    let got = messages(c);
    assert!(
        got.len() == 1 && got[0].contains("'ja': a text is expected"),
        "{got:?}"
    );
    let mut c = committed();
    c["agency"]["contact"] = serde_json::json!({"en": "+886 2 1234", "ja": "+886 2 5678"});
    let cfg = parse_keyed(c).unwrap();
    assert_eq!(cfg.agency_contact(Lang::Ja), "+886 2 5678");
    assert_eq!(cfg.agency_contact(Lang::Ko), "+886 2 1234");
    // A key that is not `agency keygen`'s shape names the field.
    let key = new_key();
    let pins = vec![pin_for(&[&kid(&key)])];
    let mut c = committed();
    let mut bare = key.clone();
    bare.as_object_mut().unwrap().remove("kem");
    c["publicKey"] = bare;
    let got = parse_with(&c.to_string(), &pins).err().unwrap_or_default();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].field, "publicKey");
    assert!(
        got[0].message.contains("not a public key configuration"),
        "{got:?}"
    );
    // The right length, a pinned kid, but the bytes of another key: the id does not match.
    let mut c = committed();
    let mut other = new_key();
    other["kid"] = key["kid"].clone();
    c["publicKey"] = other;
    let got = parse_with(&c.to_string(), &pins).err().unwrap_or_default();
    assert!(
        got.len() == 1 && got[0].message.contains("does not match the key"),
        "{got:?}"
    );
}

#[test]
fn languages_default_to_all_eight() {
    let mut c = committed();
    c.as_object_mut().unwrap().remove("languages");
    assert_eq!(parse_keyed(c).unwrap().languages, Lang::ALL.to_vec());
    let mut c = committed();
    c["languages"] = serde_json::json!(["vi", "en"]);
    let cfg = parse_keyed(c).unwrap();
    assert_eq!(cfg.languages, vec![Lang::Vi, Lang::En]);
    assert_eq!(cfg.default_lang(), Lang::Vi);
}

#[test]
fn agency_name_and_contact_per_language() {
    let mut c = committed();
    c["languages"] = serde_json::json!(["en", "th", "ko"]);
    c["agency"] = serde_json::json!({
        "name": {"en": "Pre-departure Desk", "th": "โต๊ะตรวจก่อนออกเดินทาง"},
        "contact": "desk@example.org",
    });
    let cfg = parse_keyed(c).unwrap();
    assert_eq!(cfg.agency_name(Lang::Th), "โต๊ะตรวจก่อนออกเดินทาง");
    assert_eq!(cfg.agency_name(Lang::En), "Pre-departure Desk");
    // No Korean entry: the first language's.
    assert_eq!(cfg.agency_name(Lang::Ko), "Pre-departure Desk");
    assert_eq!(cfg.agency_contact(Lang::Ko), "desk@example.org");
    // A plain string still works (the committed config has one).
    let cfg = parse_keyed(committed()).unwrap();
    assert_eq!(cfg.agency_name(Lang::Vi), cfg.agency_name(Lang::En));
    assert!(!cfg.agency_name(Lang::Vi).is_empty());

    let mut c = committed();
    c["languages"] = serde_json::json!(["en", "th"]);
    c["agency"] = serde_json::json!({
        "name": {"th": "โต๊ะ", "xx": "?", "ko": "데스크"},
        "contact": {"en": " "},
    });
    let got = fields(parse_keyed(c));
    assert_eq!(
        got,
        vec![
            "agency.name.ko",
            "agency.name.xx",
            "agency.name",
            "agency.contact.en"
        ],
        "not in languages, unknown, no entry in the first language, empty"
    );
    let mut c = committed();
    c["agency"]["name"] = "".into();
    assert_eq!(fields(parse_keyed(c)), vec!["agency.name"]);
}

#[test]
fn a_key_that_is_not_pinned_is_refused() {
    let (text, _) = with_key(committed());
    let other = vec![pin_for(&["0123456789abcdef"])];
    let problems = parse_with(&text, &other).unwrap_err();
    assert_eq!(fields(Err(problems.clone())), vec!["publicKey"]);
    assert!(
        problems[0]
            .message
            .contains("not one this portal was built with")
    );
    let unpinned = parse_with(&text, &[]).unwrap_err();
    assert!(
        unpinned[0].message.contains("built without pinned keys"),
        "{unpinned:?}"
    );
}

#[test]
fn an_older_pinned_key_is_still_accepted() {
    let key = new_key();
    let pins = vec![pin_for(&["0123456789abcdef", &kid(&key)])];
    let mut c = committed();
    c["publicKey"] = key;
    assert!(parse_with(&c.to_string(), &pins).is_ok());
}

#[test]
fn several_recipients_each_with_its_pin() {
    let (a, b) = (new_key(), new_key());
    let pins = vec![pin_for(&[&kid(&a)]), pin_for(&[&kid(&b)])];
    let mut c = committed();
    c.as_object_mut().unwrap().remove("publicKey");
    c.as_object_mut().unwrap().remove("endpoint");
    c["recipients"] = serde_json::json!([
        {"name": {"en": "Immigration Agency (Taiwan)", "zh-Hant": "移民署"}, "endpoint": "/api/v1/submissions", "publicKey": a},
        {"name": "Immigration Services Agency of Japan", "endpoint": "https://intake.example.jp/api/v1/submissions", "publicKey": b},
    ]);
    let cfg = parse_with(&c.to_string(), &pins).unwrap();
    assert_eq!(cfg.recipients.len(), 2);
    assert_eq!(cfg.recipients[0].name.get(Lang::ZhHant), "移民署");
    assert_eq!(
        cfg.recipients[0].name.get(Lang::Ja),
        "Immigration Agency (Taiwan)",
        "English stands in"
    );
    assert_eq!(cfg.recipients[1].pin, pins[1]);
    assert_eq!(cfg.recipients[1].kid(), kid(&b));

    // The same agency twice, a bad endpoint, a swapped second key.
    let mut twice = c.clone();
    twice["recipients"][1]["publicKey"] = a.clone();
    assert_eq!(
        fields(parse_with(&twice.to_string(), &pins)),
        vec!["recipients[1].publicKey"]
    );
    let mut bad = c.clone();
    bad["recipients"][1]["endpoint"] = "http://evil.example/".into();
    bad["recipients"][0]["publicKey"] = new_key();
    assert_eq!(
        fields(parse_with(&bad.to_string(), &pins)),
        vec!["recipients[0].publicKey", "recipients[1].endpoint"]
    );
    // A recipient's name is checked as the agency's is.
    let mut named = c.clone();
    named["recipients"][1]["name"] = serde_json::json!({"en": "ISA", "xx": "?"});
    assert_eq!(
        fields(parse_with(&named.to_string(), &pins)),
        vec!["recipients[1].name.xx"]
    );
    named["recipients"][1]["name"] = "  ".into();
    assert_eq!(
        fields(parse_with(&named.to_string(), &pins)),
        vec!["recipients[1].name"]
    );
    let mut both = c.clone();
    both["publicKey"] = a;
    assert_eq!(
        fields(parse_with(&both.to_string(), &pins)),
        vec!["publicKey"]
    );
    let mut none = c;
    none["recipients"] = serde_json::json!([]);
    assert_eq!(
        fields(parse_with(&none.to_string(), &pins)),
        vec!["recipients"]
    );
}

#[test]
fn a_local_text_is_one_text_or_texts_by_language() {
    let plain: LocalText = serde_json::from_str(r#""Desk""#).unwrap();
    assert_eq!(plain, LocalText::from("Desk"));
    let per: LocalText = serde_json::from_str(r#"{"en": "Desk", "ja": "窓口"}"#).unwrap();
    assert_eq!(per.get(Lang::Ja), "窓口");
    assert_eq!(per.get(Lang::Ko), "Desk", "English stands in");
    for bad in ["1", "null", r#"["Desk"]"#, r#"{"en": 1}"#] {
        assert!(
            serde_json::from_str::<LocalText>(bad).is_err(),
            "{bad} refused"
        );
    }
}

#[test]
fn colours_and_endpoints() {
    assert!(is_hex_colour("#1d4f91"));
    assert!(!is_hex_colour("#1d4f9"));
    assert!(!is_hex_colour("red"));
    assert!(!is_hex_colour("#1d4f9g"));
    assert!(is_endpoint("/api/v1/submissions"));
    assert!(is_endpoint("https://intake.example.org/api/v1/submissions"));
    assert!(is_endpoint("http://localhost:8080/api"));
    assert!(!is_endpoint("http://evil.example/api"));
    assert!(!is_endpoint("//evil.example/api"));
    assert!(!is_endpoint("javascript:alert(1)"));
    assert!(!is_endpoint("https://user@host/"));
    assert!(is_same_origin_path("branding/logo.svg"));
    assert!(!is_same_origin_path("https://cdn.example/logo.svg"));
    assert!(!is_same_origin_path("data:image/svg+xml,abc"));
}
