//! Unit tests of the single-field checks.
use super::*;
use crate::date::Date;

fn opts() -> ValidateOptions {
    ValidateOptions::new(Date::new(2026, 5, 1).unwrap())
}

fn codes(kind: FieldKind, v: &str) -> Vec<&'static str> {
    validate_field(kind, v, &opts())
        .iter()
        .map(|i| i.code.code())
        .collect()
}

#[test]
fn kinds_round_trip_through_serde() {
    for &k in FieldKind::ALL {
        let json = serde_json::to_value(k).unwrap();
        assert_eq!(json, k.name());
        assert_eq!(FieldKind::from_name(k.name()), Some(k));
        assert_eq!(serde_json::from_value::<FieldKind>(json).unwrap(), k);
    }
}

#[test]
fn required_and_optional() {
    assert_eq!(codes(FieldKind::Surname, "  "), ["field.required"]);
    assert!(codes(FieldKind::GivenNames, "").is_empty());
    assert!(codes(FieldKind::PostalCode, "").is_empty());
    let issues = validate_field(FieldKind::Email, "", &opts());
    assert_eq!(issues[0].field, "email");
}

#[test]
fn flights() {
    for (typed, norm) in [
        ("BR198", "BR198"),
        ("JL 802", "JL802"),
        ("CI0100", "CI100"),
        ("NH0852", "NH852"),
        ("MM620", "MM620"),
        ("IT200", "IT200"),
        ("7C1102", "7C1102"),
        ("BR 0198", "BR198"),
        ("jl802a", "JL802A"),
        ("EVA12", "EVA12"),
        ("ＢＲ１９８", "BR198"),
    ] {
        assert_eq!(normalize_flight(typed).as_deref(), Some(norm), "{typed}");
    }
    for bad in [
        "12345", "B", "BRX", "BR", "BR12345", "BR 0", "BR198AB", "BR  198", "B-R198", "BR-198",
        "BR198 ",
    ] {
        let ok = normalize_flight(bad).is_some();
        // A trailing blank is trimmed; everything else is rejected.
        assert_eq!(ok, bad == "BR198 ", "{bad}");
    }
    assert_eq!(
        parse_flight("7C1102").map(|f| f.airline),
        Some("7C".to_owned())
    );
    assert_eq!(
        parse_flight("JAL5").map(|f| (f.airline, f.number)),
        Some(("JAL".to_owned(), 5))
    );
}

#[test]
fn phones_and_postal_codes() {
    assert_eq!(
        normalize_phone("+886 (912) 345-678").as_deref(),
        Some("+886912345678")
    );
    assert_eq!(
        normalize_phone("+81-3-1234-5678").as_deref(),
        Some("+81312345678")
    );
    assert_eq!(normalize_phone("0912345678"), None);
    assert_eq!(normalize_phone("+0912345678"), None);
    assert_eq!(normalize_phone("+1234567"), None);
    assert_eq!(normalize_phone("+1234567890123456"), None);
    assert_eq!(normalize_phone("+886 912.345.678"), None);
    assert_eq!(
        normalize_postal_code("100-0001").as_deref(),
        Some("100-0001")
    );
    assert_eq!(
        normalize_postal_code("1000001").as_deref(),
        Some("100-0001")
    );
    assert_eq!(
        normalize_postal_code("〒１００－０００１").as_deref(),
        Some("100-0001")
    );
    assert_eq!(normalize_postal_code("1000-001"), None);
    assert_eq!(normalize_postal_code("100-00001"), None);
    assert_eq!(normalize_postal_code("100--0001"), None);
}

#[test]
fn emails() {
    for ok in ["a@b.co", "first.last+tag@example.com.tw", "名前@例え.jp"] {
        assert!(is_email(ok), "{ok}");
    }
    for bad in [
        "a@b",
        "a@@b.co",
        "a b@c.co",
        "@b.co",
        "a@b.c",
        "a@-b.co",
        "a..b@c.co",
        "a@b..co",
        "a@1.23",
    ] {
        assert!(!is_email(bad), "{bad}");
    }
    let long = format!("{}@example.com", "a".repeat(64));
    assert!(is_email(&long));
    let too_long = format!("a@{}.com", "b".repeat(250));
    assert!(!is_email(&too_long));
}

#[test]
fn dates_and_ages() {
    assert_eq!(codes(FieldKind::BirthDate, "2026-05-02"), ["date.future"]);
    assert!(codes(FieldKind::BirthDate, "2026-05-01").is_empty());
    assert!(codes(FieldKind::BirthDate, "1895-05-02").is_empty());
    assert_eq!(codes(FieldKind::BirthDate, "1895-05-01"), ["date.tooOld"]);
    assert_eq!(codes(FieldKind::BirthDate, "1990-02-30"), ["date.invalid"]);
    assert_eq!(codes(FieldKind::BirthDate, "01/02/1990"), ["date.format"]);
    assert_eq!(
        codes(FieldKind::ExpiryDate, "2026-04-30"),
        ["document.expired"]
    );
    assert!(codes(FieldKind::ExpiryDate, "2026-05-01").is_empty());
    let b = Date::new(2008, 5, 2).unwrap();
    assert_eq!(age_on(b, Date::new(2026, 5, 1).unwrap()), 17);
    assert_eq!(age_on(b, Date::new(2026, 5, 2).unwrap()), 18);
}

#[test]
fn native_names() {
    for ok in [
        "山田",
        "やまだ　たろう",
        "ヤマダ・タロウ",
        "陳 大文",
        "﨑山",
        "髙橋",
        "𠮷田",
        "約翰·史密斯",
        "ｻﾄｳ",
        "佐々木",
    ] {
        assert!(codes(FieldKind::NativeName, ok).is_empty(), "{ok}");
    }
    let issues = validate_field(FieldKind::NativeName, "山田Taro", &opts());
    assert_eq!(issues[0].code, Code::NativeScript);
    assert_eq!(issues[0].params["char"], "T");
    assert_eq!(issues[0].params["position"], "2");
    assert_eq!(codes(FieldKind::NativeName, "・ー"), ["nativeName.script"]);
    assert_eq!(
        codes(FieldKind::NativeName, "김민수"),
        ["nativeName.script"]
    );
}

#[test]
fn names() {
    assert!(codes(FieldKind::Surname, "O'Brien-Smith").is_empty());
    assert!(codes(FieldKind::GivenNames, "Zoë Ångström").is_empty());
    let i = validate_field(FieldKind::Surname, "Smith2", &opts());
    assert_eq!(
        (
            i[0].code,
            i[0].params["char"].as_str(),
            i[0].params["position"].as_str()
        ),
        (Code::NameChar, "2", "5")
    );
    assert_eq!(i[0].field, "surname");
    assert_eq!(codes(FieldKind::Surname, "'-"), ["name.invalidChar"]);
    // Positions count the blanks typed before the name.
    let i = validate_field(FieldKind::Surname, "\u{3000} Smith2", &opts());
    assert_eq!(i[0].params["position"], "7");
    assert_eq!(
        codes(FieldKind::Surname, &"a".repeat(101)),
        ["field.tooLong"]
    );
}

#[test]
fn codes_and_countries() {
    for ok in ["P", "PN", "ID", "C", "V", "AC", "I", "p"] {
        assert!(codes(FieldKind::DocumentCode, ok).is_empty(), "{ok}");
    }
    for bad in ["X", "P<", "PPP", "1"] {
        assert_eq!(
            codes(FieldKind::DocumentCode, bad),
            ["documentCode.format"],
            "{bad}"
        );
    }
    assert!(codes(FieldKind::Nationality, "D").is_empty());
    assert!(codes(FieldKind::Nationality, "twn").is_empty());
    assert_eq!(codes(FieldKind::Nationality, "UTO"), ["country.unknown"]);
    assert_eq!(
        codes(FieldKind::IssuingState, "TAIWAN"),
        ["country.unknown"]
    );
    assert_eq!(country_iso("D"), Some("DEU"));
    assert!(codes(FieldKind::DocumentNumber, "L898902C3").is_empty());
    assert_eq!(
        codes(FieldKind::DocumentNumber, "L898-902"),
        ["documentNumber.format"]
    );
}

#[test]
fn airports() {
    assert!(codes(FieldKind::DepartureAirport, "tpe").is_empty());
    assert_eq!(
        codes(FieldKind::DepartureAirport, "NRT"),
        ["airport.notTaiwan"]
    );
    assert_eq!(
        codes(FieldKind::ArrivalAirport, "KHH"),
        ["airport.notJapan"]
    );
    assert_eq!(codes(FieldKind::ArrivalAirport, "HKG"), ["airport.unknown"]);
    assert_eq!(codes(FieldKind::ArrivalAirport, "NR"), ["airport.format"]);
}
