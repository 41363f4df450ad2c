//! The JS facade, compiled to wasm32 and run under Node by
//! wasm-bindgen-test-runner (`cargo test --target wasm32-unknown-unknown`).
#![cfg(all(target_arch = "wasm32", feature = "js-api"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use checker_wasm::{Date, validate_mrz};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap()
}

fn options() -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"today".into(), &"2026-11-26".into()).unwrap();
    o.into()
}

#[wasm_bindgen_test]
fn core_runs_in_wasm() {
    let report = validate_mrz(TD3, Date::new(2026, 11, 26).unwrap());
    assert!(report.valid);
    assert_eq!(report.fields.document_number, "L898902C3");
}

#[wasm_bindgen_test]
fn js_report_has_the_documented_shape() {
    let report = checker_wasm::wasm::validate_mrz_result(&TD3.into(), &options()).unwrap();
    assert_eq!(get(&report, "valid"), JsValue::TRUE);
    assert_eq!(get(&report, "format").as_string().as_deref(), Some("TD3"));
    assert!(get(&report, "suggestion").is_null());
    let fields = get(&report, "fields");
    assert_eq!(
        get(&fields, "birthDate").as_string().as_deref(),
        Some("1974-08-12")
    );
    assert_eq!(
        get(&fields, "givenNames").as_string().as_deref(),
        Some("ANNA MARIA")
    );
    let issues = js_sys::Array::from(&get(&report, "issues"));
    assert!(issues.length() >= 1);
    let first = issues.get(0);
    assert_eq!(
        get(&first, "severity").as_string().as_deref(),
        Some("warning")
    );
}

#[wasm_bindgen_test]
fn bad_options_are_errors_not_panics() {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"today".into(), &"yesterday".into()).unwrap();
    assert!(checker_wasm::wasm::validate_mrz_result(&TD3.into(), &o.into()).is_err());
    assert!(checker_wasm::wasm::validate_field_js("nope".into(), "x", JsValue::UNDEFINED).is_err());
    assert!(
        checker_wasm::wasm::validate_record_js(JsValue::from_f64(3.0), JsValue::UNDEFINED).is_err()
    );
}

#[wasm_bindgen_test]
fn today_defaults_to_the_clock() {
    let report = checker_wasm::wasm::validate_mrz_result(&TD3.into(), &JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "valid"), JsValue::TRUE);
}
