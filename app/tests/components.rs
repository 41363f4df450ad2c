//! Component tests in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p portal --target wasm32-unknown-unknown`
//!
//! Longer than 500 lines: one mounted-component scenario per test, all
//! sharing one browser page and its helpers.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use leptos::prelude::*;
use portal::config::{Agency, Colors, Config};
use portal::i18n::Lang;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn test_config() -> Arc<Config> {
    let key: envelope::PublicKeyConfig = serde_json::from_value(serde_json::json!({
        "kid": "0000000000000000", "kem": 32, "kdf": 1, "aead": 3, "publicKey": "AAAA"
    }))
    .unwrap();
    Arc::new(Config {
        agency: Agency {
            name: "Test Agency".into(),
            contact: "desk@example.org".into(),
        },
        recipients: vec![portal::config::Recipient {
            name: portal::config::LocalText::Plain("Test Agency".into()),
            endpoint: "/api/v1/submissions".into(),
            public_key: key,
            pin: portal::pins::Pin {
                sealing_kids: vec!["0000000000000000".into()],
                receipt_kid: "00112233445566ff".into(),
                receipt_public_key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8".into(),
                fingerprint: "0000 0000 0000 0000".into(),
            },
        }],
        languages: vec![Lang::En, Lang::Ja, Lang::ZhHant],
        kiosk: false,
        kiosk_idle_seconds: 120,
        validity: checker_wasm::ValidityRule::OnArrival,
        logo: None,
        colors: Colors {
            primary: "#1d4f91".into(),
            background: "#ffffff".into(),
        },
    })
}

struct Mounted {
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
    container: HtmlElement,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.container.remove();
    }
}

fn mount() -> Mounted {
    mount_portal(false)
}

/// The language packs the page would fetch (the build writes them as files).
fn install_packs() {
    for (lang, json) in [
        (Lang::En, include_str!("../src/i18n/packs/en.json")),
        (Lang::Ja, include_str!("../src/i18n/packs/ja.json")),
        (Lang::ZhHant, include_str!("../src/i18n/packs/zh-Hant.json")),
        (Lang::Id, include_str!("../src/i18n/packs/id.json")),
        (Lang::Vi, include_str!("../src/i18n/packs/vi.json")),
        (Lang::Fil, include_str!("../src/i18n/packs/fil.json")),
        (Lang::Th, include_str!("../src/i18n/packs/th.json")),
        (Lang::Ko, include_str!("../src/i18n/packs/ko.json")),
    ] {
        portal::i18n::pack::install(lang, json).unwrap();
    }
}

fn mount_portal(kiosk: bool) -> Mounted {
    install_packs();
    let doc = document();
    let container: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&container).unwrap();
    let cfg = test_config();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <portal::Portal config=cfg.clone() update_url=false kiosk=kiosk /> }.into_any()
    });
    Mounted {
        _handle: handle,
        container,
    }
}

async fn settle() {
    leptos::task::tick().await;
    gloo_timers::future::TimeoutFuture::new(40).await;
    leptos::task::tick().await;
}

fn el(id: &str) -> HtmlElement {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into()
}

fn exists(id: &str) -> bool {
    document().get_element_by_id(id).is_some()
}

async fn click(id: &str) {
    el(id).click();
    settle().await;
}

fn fire(target: &HtmlElement, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(name != "blur");
    let ev = web_sys::Event::new_with_event_init_dict(name, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

async fn type_into(id: &str, value: &str) {
    let e = el(id);
    if let Some(i) = e.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(t) = e.dyn_ref::<HtmlTextAreaElement>() {
        t.set_value(value);
    } else {
        panic!("#{id} is not a text input");
    }
    fire(&e, "input");
    fire(&e, "blur");
    settle().await;
}

fn value(id: &str) -> String {
    let e = el(id);
    if let Some(i) = e.dyn_ref::<HtmlInputElement>() {
        i.value()
    } else if let Some(t) = e.dyn_ref::<HtmlTextAreaElement>() {
        t.value()
    } else if let Some(s) = e.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else {
        panic!("#{id} has no value")
    }
}

/// ICAO 9303 check digit (weights 7, 3, 1), computed independently here.
fn cd(s: &str) -> char {
    let sum: u32 = s
        .chars()
        .zip([7u32, 3, 1].iter().cycle())
        .map(|(c, w)| {
            let v = match c {
                '0'..='9' => c as u32 - '0' as u32,
                'A'..='Z' => c as u32 - 'A' as u32 + 10,
                _ => 0,
            };
            v * w
        })
        .sum();
    char::from_digit(sum % 10, 10).unwrap()
}

/// A TD3 MRZ (2 × 44) for a Taiwanese passport, with correct check digits.
fn td3(surname: &str, given: &str, number: &str, birth: &str, sex: char, expiry: &str) -> String {
    let mut l1 = format!("P<TWN{surname}<<{}", given.replace(' ', "<"));
    while l1.len() < 44 {
        l1.push('<');
    }
    let personal = "<".repeat(14);
    let (n, b, e) = (
        format!("{number}{}", cd(number)),
        format!("{birth}{}", cd(birth)),
        format!("{expiry}{}", cd(expiry)),
    );
    let composite = cd(&format!("{n}{b}{e}{personal}<"));
    let l2 = format!("{n}TWN{b}{sex}{e}{personal}<{composite}");
    assert_eq!(l2.len(), 44);
    format!("{l1}\n{l2}")
}

fn specimen() -> String {
    td3("LIN", "MEI HUA", "312845678", "900115", 'F', "340101")
}

async fn to_document_step() {
    click("continue").await;
    assert!(exists("mrz"), "document page shows the MRZ box");
}

#[wasm_bindgen_test]
async fn mrz_step_fills_personal_details() {
    let _m = mount();
    to_document_step().await;
    let label = document()
        .query_selector("label[for=mrz]")
        .unwrap()
        .unwrap();
    assert_eq!(label.text_content().unwrap(), "Machine-readable zone");
    type_into("mrz", &specimen()).await;
    click("continue").await;
    assert!(exists("surname"), "personal page after a valid MRZ");
    assert_eq!(value("surname"), "LIN");
    assert_eq!(value("given-names"), "MEI HUA");
    assert_eq!(value("document-number"), "312845678");
    assert_eq!(value("issuing-state"), "TWN");
    assert_eq!(value("nationality"), "TWN");
    assert_eq!(value("birth-date"), "1990-01-15");
    assert_eq!(value("sex"), "F");
    assert_eq!(value("expiry-date"), "2034-01-01");
    // Cross-check: a typed surname that disagrees with the MRZ is flagged on blur.
    type_into("surname", "LEE").await;
    assert_eq!(
        el("surname").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(el("surname-error").text_content().unwrap().contains("LIN"));
    type_into("surname", "LIN").await;
    assert_eq!(el("surname").get_attribute("aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn error_summary_links_to_fields() {
    let _m = mount();
    to_document_step().await;
    click("enter-by-hand").await;
    assert!(exists("surname"));
    type_into("birth-date", "1990-02-30").await;
    assert_eq!(
        el("birth-date").get_attribute("aria-invalid").as_deref(),
        Some("true"),
        "checked on blur"
    );
    assert!(!exists("error-summary"), "no summary before Continue");
    click("continue").await;
    let summary = el("error-summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        el("error-summary-title").text_content().unwrap(),
        "There is a problem"
    );
    let links = summary.query_selector_all("a").unwrap();
    let hrefs: Vec<String> = (0..links.length())
        .map(|i| {
            links
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .get_attribute("href")
                .unwrap()
        })
        .collect();
    for id in [
        "surname",
        "document-number",
        "issuing-state",
        "nationality",
        "birth-date",
        "sex",
        "expiry-date",
    ] {
        assert!(
            hrefs.contains(&format!("#{id}")),
            "summary links #{id}: {hrefs:?}"
        );
        assert_eq!(
            el(id).get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "#{id} aria-invalid"
        );
        let described = el(id).get_attribute("aria-describedby").unwrap_or_default();
        assert!(
            described.split(' ').any(|d| d == format!("{id}-error")),
            "#{id} describedby {described}"
        );
        assert!(exists(&format!("{id}-error")));
    }
    assert!(
        !hrefs.contains(&"#given-names".to_owned()),
        "given names are optional"
    );
    assert!(
        el("birth-date-error")
            .text_content()
            .unwrap()
            .contains("Date of birth must be a real date")
    );
    let active = document().active_element().unwrap();
    assert_eq!(active.id(), "error-summary", "focus moves to the summary");
    // Following a link focuses the field.
    summary
        .query_selector("a[href='#nationality']")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(document().active_element().unwrap().id(), "nationality");
}

#[wasm_bindgen_test]
async fn did_you_mean_applies_only_when_accepted() {
    let _m = mount();
    to_document_step().await;
    let good = specimen();
    // A letter O typed for the digit 0 in the date of birth.
    let bad = good.replacen("TWN900115", "TWN9O0115", 1);
    assert_ne!(bad, good, "test MRZ was corrupted");
    type_into("mrz", &bad).await;
    assert!(exists("mrz-suggestion"), "a repair is offered");
    assert!(
        el("mrz-suggestion")
            .text_content()
            .unwrap()
            .contains("TWN900115")
    );
    assert_eq!(value("mrz"), bad, "not applied before accepting");
    assert_eq!(
        el("mrz").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    click("continue").await;
    assert!(exists("mrz"), "an invalid MRZ does not continue");
    assert_eq!(
        value("mrz"),
        bad,
        "Continue does not apply the repair either"
    );
    click("accept-suggestion").await;
    assert_eq!(value("mrz"), good);
    assert!(!exists("mrz-suggestion"));
    assert_eq!(el("mrz").get_attribute("aria-invalid"), None);
    click("continue").await;
    assert_eq!(value("birth-date"), "1990-01-15");
}

#[wasm_bindgen_test]
async fn language_switch_changes_labels_and_html_lang() {
    let _m = mount();
    let root = document().document_element().unwrap();
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(el("continue").text_content().unwrap(), "Continue");
    click("lang-ja").await;
    assert_eq!(root.get_attribute("lang").as_deref(), Some("ja"));
    assert_eq!(el("continue").text_content().unwrap(), "次へ");
    assert_eq!(
        el("lang-ja").get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    click("continue").await;
    let label = document()
        .query_selector("label[for=mrz]")
        .unwrap()
        .unwrap();
    assert_eq!(label.text_content().unwrap(), "機械読取領域（MRZ）");
    click("lang-zh-Hant").await;
    assert_eq!(root.get_attribute("lang").as_deref(), Some("zh-Hant"));
    assert_eq!(label_text("mrz"), "機器可讀區（MRZ）");
    // Errors are translated too.
    click("continue").await;
    assert_eq!(
        el("error-summary-title").text_content().unwrap(),
        "填寫內容有問題"
    );
    click("lang-en").await;
    assert_eq!(
        el("error-summary-title").text_content().unwrap(),
        "There is a problem"
    );
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
}

fn label_text(id: &str) -> String {
    document()
        .query_selector(&format!("label[for='{id}']"))
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
}

#[wasm_bindgen_test]
async fn document_reader_fills_the_document_step_from_any_page() {
    let _m = mount();
    // On the start page, with focus nowhere in particular.
    let mrz = specimen();
    for c in mrz.chars() {
        let key = if c == '\n' {
            "Enter".to_owned()
        } else {
            c.to_string()
        };
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(&key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        document().body().unwrap().dispatch_event(&ev).unwrap();
    }
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let enter =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    document().body().unwrap().dispatch_event(&enter).unwrap();
    assert!(
        enter.default_prevented(),
        "the reader's final Enter is consumed"
    );
    settle().await;
    assert!(exists("mrz"), "went to the document page");
    assert_eq!(value("mrz"), mrz);
    click("continue").await;
    assert_eq!(value("surname"), "LIN");
}

#[wasm_bindgen_test]
fn every_checker_code_is_translated() {
    install_packs();
    for &lang in &Lang::ALL {
        for &code in checker_wasm::Code::ALL {
            assert!(
                lang.code_template(code).is_some(),
                "{} has no message for {}",
                lang.tag(),
                code.code()
            );
        }
    }
}

#[wasm_bindgen_test]
async fn trip_page_offers_localised_airports() {
    let _m = mount();
    to_document_step().await;
    type_into("mrz", &specimen()).await;
    click("continue").await;
    click("continue").await;
    assert!(exists("flight"), "trip page");
    let select: web_sys::HtmlSelectElement = el("departure-airport").unchecked_into();
    let texts: Vec<String> = (0..select.length())
        .filter_map(|i| select.item(i))
        .map(|o| o.text_content().unwrap())
        .collect();
    assert!(texts.iter().any(|t| t.contains("TPE")), "{texts:?}");
    click("lang-ja").await;
    let select: web_sys::HtmlSelectElement = el("departure-airport").unchecked_into();
    let ja: Vec<String> = (0..select.length())
        .filter_map(|i| select.item(i))
        .map(|o| o.text_content().unwrap())
        .collect();
    assert_ne!(ja, texts, "names change with the language");
    click("lang-en").await;
}

#[wasm_bindgen_test]
async fn a_wrong_config_shows_an_error_page_naming_the_fields() {
    let mut raw: serde_json::Value =
        serde_json::from_str(include_str!("../../static/config.json")).unwrap();
    raw["colors"]["primary"] = "blue".into();
    raw["languages"] = serde_json::json!(["en", "fr"]);
    let problems = portal::config::parse(&raw.to_string()).unwrap_err();
    let doc = document();
    let container: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! { <portal::ConfigErrorPage problems=problems.clone() /> }.into_any()
    });
    settle().await;
    let text = el("config-error").text_content().unwrap();
    for field in ["publicKey", "colors.primary", "languages"] {
        assert!(text.contains(field), "{field} named in: {text}");
    }
    assert!(!exists("continue"), "no half-working form");
    drop(handle);
    container.remove();
}

/// The texts of the error summary's links.
fn summary_lines() -> Vec<String> {
    let links = el("error-summary").query_selector_all("a").unwrap();
    (0..links.length())
        .map(|i| links.item(i).unwrap().text_content().unwrap())
        .collect()
}

async fn to_trip_step() {
    to_document_step().await;
    type_into("mrz", &specimen()).await;
    click("continue").await;
    click("continue").await;
    assert!(exists("flight"), "trip page");
}

#[wasm_bindgen_test]
async fn empty_trip_page_summary_names_each_field() {
    let _m = mount();
    to_trip_step().await;
    click("continue").await;
    let lines = summary_lines();
    for expected in [
        "Enter your flight number",
        "Select the departure airport",
        "Select the arrival airport",
        "Enter your date of departure",
        "Enter your date of arrival",
        "Select the purpose of visit",
        "Enter an address or contact in Japan",
        "Enter the length of stay in days",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "{expected:?} in {lines:?}"
        );
    }
    let unique: std::collections::BTreeSet<&String> = lines.iter().collect();
    assert_eq!(unique.len(), lines.len(), "no line repeats: {lines:?}");
    assert!(
        !lines.iter().any(|l| l.contains("Enter this information")),
        "{lines:?}"
    );
    // Beside the field too.
    assert!(
        el("departure-date-error")
            .text_content()
            .unwrap()
            .contains("Enter your date of departure")
    );
    // And in Japanese and Chinese.
    click("lang-ja").await;
    let ja = summary_lines();
    assert!(
        ja.iter().any(|l| l == "出発日を入力してください。"),
        "{ja:?}"
    );
    assert!(ja.iter().any(|l| l == "便名を入力してください。"), "{ja:?}");
    click("lang-zh-Hant").await;
    let zh = summary_lines();
    assert!(zh.iter().any(|l| l == "請輸入出發日期。"), "{zh:?}");
    let unique: std::collections::BTreeSet<&String> = zh.iter().collect();
    assert_eq!(unique.len(), zh.len(), "no line repeats: {zh:?}");
    click("lang-en").await;
}

#[wasm_bindgen_test]
async fn departure_in_the_past_says_today_or_later() {
    let _m = mount();
    to_trip_step().await;
    type_into("departure-date", "2000-01-01").await;
    click("continue").await;
    let lines = summary_lines();
    assert!(
        lines
            .iter()
            .any(|l| l == "Date of departure must be today or later"),
        "{lines:?}"
    );
}

#[wasm_bindgen_test]
async fn required_fields_are_marked_and_optional_labels_say_so() {
    let _m = mount();
    to_document_step().await;
    assert_eq!(
        el("mrz").get_attribute("aria-required").as_deref(),
        Some("true")
    );
    click("enter-by-hand").await;
    for id in [
        "surname",
        "document-number",
        "issuing-state",
        "nationality",
        "birth-date",
        "sex",
        "expiry-date",
    ] {
        assert_eq!(
            el(id).get_attribute("aria-required").as_deref(),
            Some("true"),
            "#{id} aria-required"
        );
        assert!(!label_text(id).contains("optional"), "#{id}");
    }
    assert_eq!(el("given-names").get_attribute("aria-required"), None);
    assert_eq!(label_text("given-names"), "Given names (optional)");
    click("lang-ja").await;
    assert_eq!(label_text("given-names"), "名（任意）");
    click("lang-zh-Hant").await;
    assert_eq!(label_text("given-names"), "名（選填）");
    click("lang-en").await;
}

/// Every input, select and textarea now on the page.
fn controls() -> Vec<web_sys::Element> {
    let all = document()
        .query_selector_all("main input, main select, main textarea")
        .unwrap();
    (0..all.length())
        .map(|i| all.item(i).unwrap().unchecked_into())
        .collect()
}

#[wasm_bindgen_test]
async fn kiosk_mode_turns_autocomplete_off_everywhere() {
    let _m = mount_portal(true);
    to_document_step().await;
    let mut seen = Vec::new();
    let mut check = |page: &str| {
        let list = controls();
        assert!(!list.is_empty(), "{page}: controls");
        for c in list {
            assert_eq!(
                c.get_attribute("autocomplete").as_deref(),
                Some("off"),
                "{page}: #{} autocomplete",
                c.id()
            );
            seen.push(c.id());
        }
    };
    check("document");
    type_into("mrz", &specimen()).await;
    click("continue").await;
    check("personal");
    click("continue").await;
    check("trip");
    assert!(seen.iter().any(|id| id == "surname"), "{seen:?}");
    assert!(seen.iter().any(|id| id == "birth-date"), "{seen:?}");
    assert!(seen.iter().any(|id| id == "address"), "{seen:?}");
    assert!(seen.iter().any(|id| id == "purpose"), "{seen:?}");
}

#[wasm_bindgen_test]
async fn outside_kiosk_mode_inputs_keep_their_hints() {
    let _m = mount();
    to_document_step().await;
    click("enter-by-hand").await;
    assert_eq!(
        el("surname").get_attribute("autocomplete").as_deref(),
        Some("family-name")
    );
    assert_eq!(
        el("birth-date").get_attribute("autocomplete").as_deref(),
        Some("bday")
    );
}
