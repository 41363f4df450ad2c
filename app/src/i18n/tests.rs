//! Tests of the messages, in every language.

use super::*;

#[test]
fn every_code_has_a_message_in_every_language() {
    let mut missing = Vec::new();
    for &lang in &Lang::ALL {
        for &code in Code::ALL {
            if lang.code_template(code).is_none() {
                missing.push(format!("{}: {}", lang.tag(), code.code()));
            }
        }
    }
    assert!(missing.is_empty(), "missing translations: {missing:?}");
}

/// The form's inputs that must be filled in, in page order.
fn required_inputs() -> impl Iterator<Item = &'static str> {
    crate::checks::FORM_INPUTS
        .iter()
        .copied()
        .flatten()
        .copied()
        .filter(|id| !OPTIONAL_INPUTS.contains(id))
}

#[test]
fn every_required_input_has_a_message_naming_it_in_every_language() {
    let mut wrong = Vec::new();
    for &lang in &Lang::ALL {
        for id in required_inputs() {
            let label = lang.in_sentence(id).unwrap_or_default();
            let message = field_message(lang, id, &Issue::new(Code::Required, ""));
            let generic = lang.code_template(Code::Required).unwrap_or_default();
            if label.is_empty()
                || lang.required(id).is_none()
                || message == generic
                || !message.to_lowercase().contains(&label.to_lowercase())
            {
                wrong.push(format!(
                    "{} {id}: {message:?} (label {label:?})",
                    lang.tag()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "required messages: {wrong:?}");
}

#[test]
fn required_messages_differ_between_inputs() {
    for &lang in &Lang::ALL {
        let mut seen = std::collections::BTreeSet::new();
        for id in required_inputs() {
            assert!(seen.insert(lang.required(id)), "{} {id}", lang.tag());
        }
    }
}

#[test]
fn field_aware_codes_name_the_field_in_every_language() {
    let ids: Vec<&str> = crate::checks::FORM_INPUTS
        .iter()
        .copied()
        .flatten()
        .copied()
        .collect();
    for &lang in &Lang::ALL {
        for &code in FIELD_AWARE_CODES {
            let t = lang.field_template(code);
            assert!(
                t.is_some_and(|t| t.contains("{label}") || t.contains("{Label}")),
                "{} {}: {t:?}",
                lang.tag(),
                code.code()
            );
        }
        for &id in &ids {
            let issue = Issue::new(Code::TooLong, "").param("max", 35);
            let m = field_message(lang, id, &issue);
            let label = lang.in_sentence(id).unwrap_or("?");
            assert!(m.to_lowercase().contains(&label.to_lowercase()), "{m}");
            assert!(m.contains("35") && !m.contains('{'), "{m}");
        }
    }
}

#[test]
fn trip_date_messages_name_their_field() {
    let before_today = Issue::new(Code::TripDatesOrder, "trip.departureDate")
        .param("other", "today")
        .param("today", "2026-11-26");
    assert_eq!(
        issue_message(Lang::En, &before_today),
        "Date of departure must be today or later"
    );
    assert_eq!(
        field_message(Lang::Ja, "departure-date", &before_today),
        "出発日には今日以降の日付を入力してください。"
    );
    let order =
        Issue::new(Code::TripDatesOrder, "trip.arrivalDate").param("other", "trip.departureDate");
    assert_eq!(
        issue_message(Lang::En, &order),
        "Date of arrival must be the same as or after the date of departure"
    );
    assert_eq!(
        issue_message(Lang::ZhHant, &order),
        "抵達日期不能早於出發日期。"
    );
    // From a single input, the checker field is only `date`: the input names it.
    let format = Issue::new(Code::DateFormat, "date");
    assert_eq!(
        field_message(Lang::En, "arrival-date", &format),
        "Date of arrival must be a date as year-month-day, for example 2026-11-26"
    );
    assert_eq!(
        field_message(
            Lang::En,
            "departure-date",
            &Issue::new(Code::Required, "date")
        ),
        "Enter your date of departure"
    );
    assert_eq!(
        issue_message(Lang::En, &Issue::new(Code::Required, "trip.flight")),
        "Enter your flight number"
    );
    assert_eq!(
        field_message(
            Lang::En,
            "accompanied-by-2",
            &Issue::new(Code::Required, "")
        ),
        "Select the accompanying adult"
    );
    // The consent box says what to confirm.
    assert_eq!(
        field_message(Lang::En, "consent", &Issue::new(Code::Required, "consent")),
        Lang::En.t(Key::ConsentRequired)
    );
}

#[test]
fn optional_labels() {
    assert_eq!(
        Lang::En.input_label(Key::GivenNames, true),
        "Given names (optional)"
    );
    assert_eq!(Lang::Ja.input_label(Key::GivenNames, true), "名（任意）");
    assert_eq!(
        Lang::ZhHant.input_label(Key::GivenNames, true),
        "名（選填）"
    );
    assert_eq!(Lang::En.input_label(Key::Surname, false), "Surname");
}

#[test]
fn translations_use_the_same_parameters_as_the_english_template() {
    fn params(t: &str) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        let mut rest = t;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            if let Some(close) = after.find('}') {
                out.insert(after[..close].to_owned());
                rest = &after[close + 1..];
            } else {
                break;
            }
        }
        out
    }
    for &code in Code::ALL {
        let reference = params(code.template());
        for &lang in &Lang::ALL {
            let t = lang.code_template(code).unwrap_or_default();
            assert_eq!(params(t), reference, "{} {}: {t}", lang.tag(), code.code());
        }
    }
}

#[test]
fn messages_use_params_and_localise_field_names() {
    let issue = Issue::new(Code::MrzCheckDigit, "documentNumber")
        .param("expected", 3)
        .param("found", 4)
        .at(1, 9, 10);
    let ja = issue_message(Lang::Ja, &issue);
    assert!(
        ja.contains('3') && ja.contains('4') && ja.contains("旅券番号"),
        "{ja}"
    );
    let en = issue_message(Lang::En, &issue);
    assert!(
        en.contains("Document number") && en.contains("line 2"),
        "{en}"
    );
    let zh = issue_message(Lang::ZhHant, &issue);
    assert!(zh.contains("證件號碼"), "{zh}");
}

#[test]
fn dates_per_locale() {
    assert_eq!(display_date(Lang::En, "2026-11-26"), "26 November 2026");
    assert_eq!(display_date(Lang::Ja, "2026-11-26"), "2026年11月26日");
    assert_eq!(display_date(Lang::ZhHant, "2026-11-26"), "2026/11/26");
    assert_eq!(display_date(Lang::Ja, "26/11/2026"), "26/11/2026");
}

#[test]
fn interface_strings_differ_between_languages() {
    for key in [
        Key::Continue,
        Key::Surname,
        Key::ThereIsAProblem,
        Key::Submit,
    ] {
        assert_ne!(Lang::En.t(key), Lang::Ja.t(key));
        assert_ne!(Lang::En.t(key), Lang::ZhHant.t(key));
    }
    assert_eq!(Lang::from_tag("zh-Hant"), Some(Lang::ZhHant));
    assert_eq!(Lang::from_tag("fr"), None);
}

/// The English pack, parsed (checker messages held to the checker's templates).
fn english() -> pack::Pack {
    pack::Pack::parse(Lang::En, pack::source(Lang::En), None).unwrap()
}

#[test]
fn every_pack_is_complete_with_the_english_placeholders() {
    let en = english();
    let mut problems = Vec::new();
    for &lang in &Lang::ALL {
        if let Err(p) = pack::Pack::parse(lang, pack::source(lang), Some(&en)) {
            problems.extend(p);
        }
    }
    assert!(problems.is_empty(), "language packs: {problems:#?}");
}

/// A pack of `lang` with one change made to its JSON.
fn changed(lang: Lang, change: impl FnOnce(&mut serde_json::Value)) -> Vec<String> {
    let mut v: serde_json::Value = serde_json::from_str(pack::source(lang)).unwrap();
    change(&mut v);
    pack::Pack::parse(lang, &v.to_string(), Some(&english()))
        .err()
        .unwrap_or_default()
}

#[test]
fn a_missing_extra_or_mistranslated_entry_is_refused() {
    for &lang in &Lang::ALL {
        let tag = lang.tag();
        let p = changed(lang, |v| {
            v["ui"].as_object_mut().unwrap().remove("Continue");
        });
        assert_eq!(p, vec![format!("{tag}: ui.Continue: missing")]);
        let p = changed(lang, |v| v["ui"]["Continu"] = "x".into());
        assert_eq!(p, vec![format!("{tag}: ui.Continu: unknown")]);
        let p = changed(lang, |v| v["ui"]["TravelerN"] = "{m}".into());
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with(&format!("{tag}: ui.TravelerN: placeholders")));
        let p = changed(lang, |v| {
            v["codes"]["mrz.checkDigit"] = "{field} {found}".into()
        });
        assert!(
            p.len() == 1 && p[0].contains("codes.mrz.checkDigit: placeholders"),
            "{p:?}"
        );
        let p = changed(lang, |v| {
            v["fieldCodes"]
                .as_object_mut()
                .unwrap()
                .remove("date.format");
        });
        assert_eq!(p, vec![format!("{tag}: fieldCodes.date.format: missing")]);
        let p = changed(lang, |v| {
            v["required"].as_object_mut().unwrap().remove("email");
        });
        assert_eq!(p, vec![format!("{tag}: required.email: missing")]);
        let p = changed(lang, |v| v["inSentence"]["e-mail"] = "x".into());
        assert_eq!(p, vec![format!("{tag}: inSentence.e-mail: unknown")]);
        let p = changed(lang, |v| v["ui"]["Submit"] = " ".into());
        assert_eq!(p, vec![format!("{tag}: ui.Submit: empty")]);
        let p = changed(lang, |v| v["colour"] = "x".into());
        assert!(
            p.len() == 1 && p[0].contains("not a language pack"),
            "{p:?}"
        );
    }
}

#[test]
fn every_language_has_its_own_name_and_date_form() {
    let dates = [
        (Lang::En, "26 November 2026"),
        (Lang::Ja, "2026年11月26日"),
        (Lang::ZhHant, "2026/11/26"),
        (Lang::Id, "26 November 2026"),
        (Lang::Vi, "26 tháng 11, 2026"),
        (Lang::Fil, "Nobyembre 26, 2026"),
        (Lang::Th, "26 พฤศจิกายน ค.ศ. 2026"),
        (Lang::Ko, "2026년 11월 26일"),
    ];
    for (lang, want) in dates {
        assert_eq!(display_date(lang, "2026-11-26"), want);
        assert_eq!(pack::get(lang).unwrap().name(), lang.native_name());
        assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
    }
    assert_eq!(display_date(Lang::Id, "2026-03-05"), "5 Maret 2026");
    assert_eq!(display_date(Lang::Fil, "2026-02-01"), "Pebrero 1, 2026");
    assert_eq!(display_date(Lang::Th, "2026-01-09"), "9 มกราคม ค.ศ. 2026");
}

#[test]
fn browser_preferences_pick_an_offered_language() {
    let all = Lang::ALL;
    assert_eq!(Lang::negotiate(["vi-VN", "en-US"], &all), Some(Lang::Vi));
    assert_eq!(Lang::negotiate(["in-ID"], &all), Some(Lang::Id));
    assert_eq!(Lang::negotiate(["tl"], &all), Some(Lang::Fil));
    assert_eq!(Lang::negotiate(["fil-PH"], &all), Some(Lang::Fil));
    assert_eq!(Lang::negotiate(["zh-TW"], &all), Some(Lang::ZhHant));
    assert_eq!(Lang::negotiate(["zh-Hant-HK"], &all), Some(Lang::ZhHant));
    assert_eq!(Lang::negotiate(["zh-CN", "ko-KR"], &all), Some(Lang::Ko));
    assert_eq!(Lang::negotiate(["zh-CN", "fr"], &all), None);
    assert_eq!(
        Lang::negotiate(["th-TH", "ja"], &[Lang::En, Lang::Ja]),
        Some(Lang::Ja)
    );
}

#[test]
fn new_languages_translate_messages_with_their_parameters() {
    let issue = Issue::new(Code::MrzCheckDigit, "documentNumber")
        .param("expected", 3)
        .param("found", 4)
        .at(1, 9, 10);
    for lang in [Lang::Id, Lang::Vi, Lang::Fil, Lang::Th, Lang::Ko] {
        let m = issue_message(lang, &issue);
        let en = issue_message(Lang::En, &issue);
        assert!(
            m.contains('3') && m.contains('4') && m.contains(lang.t(Key::DocumentNumber)),
            "{m}"
        );
        assert!(!m.contains('{') && m != en, "{m}");
        let e = field_message(lang, "email", &Issue::new(Code::Required, ""));
        assert!(e.contains(lang.in_sentence("email").unwrap()), "{e}");
    }
}

/// `glossary/<tag>.md` of each language but English.
fn glossary(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "",
        Lang::Ja => include_str!("glossary/ja.md"),
        Lang::ZhHant => include_str!("glossary/zh-Hant.md"),
        Lang::Id => include_str!("glossary/id.md"),
        Lang::Vi => include_str!("glossary/vi.md"),
        Lang::Fil => include_str!("glossary/fil.md"),
        Lang::Th => include_str!("glossary/th.md"),
        Lang::Ko => include_str!("glossary/ko.md"),
    }
}

#[test]
fn glossary_terms_are_used_and_alternatives_are_not() {
    let mut wrong = Vec::new();
    for &lang in &Lang::ALL[1..] {
        let json: serde_json::Value = serde_json::from_str(pack::source(lang)).unwrap();
        let mut texts = Vec::new();
        for section in ["ui", "codes", "fieldCodes", "inSentence", "required"] {
            for v in json[section].as_object().unwrap().values() {
                texts.push(v.as_str().unwrap().to_lowercase());
            }
        }
        let all = texts.join("\n");
        let rows: Vec<Vec<&str>> = glossary(lang)
            .lines()
            .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| English"))
            .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
            .collect();
        assert!(
            rows.len() >= 10,
            "{}: glossary rows {}",
            lang.tag(),
            rows.len()
        );
        for row in rows {
            let [english, term, avoid] = row[..] else {
                wrong.push(format!("{}: row {row:?}", lang.tag()));
                continue;
            };
            if !term
                .split(" / ")
                .any(|t| all.contains(&t.trim().to_lowercase()))
            {
                wrong.push(format!("{}: {english}: '{term}' is not used", lang.tag()));
            }
            for a in avoid.split(',').map(str::trim).filter(|a| !a.is_empty()) {
                if all.contains(&a.to_lowercase()) {
                    wrong.push(format!(
                        "{}: {english}: '{a}' is used, not '{term}'",
                        lang.tag()
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "glossaries: {wrong:#?}");
}

#[test]
fn the_unchecked_reading_of_the_browser_gives_the_checked_pack() {
    let en = english();
    for &lang in &Lang::ALL {
        let checked = pack::Pack::parse(lang, pack::source(lang), Some(&en)).unwrap();
        let read = pack::Pack::read(lang, pack::source(lang)).unwrap();
        assert_eq!(
            format!("{read:?}"),
            format!("{checked:?}"),
            "{}",
            lang.tag()
        );
    }
    assert!(pack::Pack::read(Lang::Vi, pack::source(Lang::Th)).is_err());
    assert!(pack::Pack::read(Lang::Vi, "{").is_err());
    assert!(pack::Pack::read(Lang::Vi, r#"{"lang": "vi", "ui": ["x"]}"#).is_err());
    assert!(pack::Pack::read(Lang::Vi, r#"{"lang": "vi", "ui": {"start": 1}}"#).is_err());
    // What the reader does not know is skipped; what it lacks is empty.
    let bare = pack::Pack::read(Lang::Vi, r#"{"lang": "vi", "extra": [1, {}], "ui": {}}"#).unwrap();
    assert_eq!((bare.name(), bare.in_sentence("surname")), ("", None));
}
