//! The JavaScript API: a thin facade over the pure library, its own module
//! (the only one that knows wasm-bindgen and the clock): when the caller
//! leaves `today` out, it is read from the JavaScript `Date` (local
//! calendar day), then everything is delegated to the pure functions.
//!
//! `mrz` renders MRZ readings for JavaScript, `packed` writes the packed
//! report, `types` holds the TypeScript types; the JS half is
//! `js/report.js`, which receives its constants from [`init`].

mod from_js;
mod mrz;
mod packed;
mod types;

pub use mrz::{validate_mrz_js, validate_mrz_result};

use crate::date::Date;
use crate::fields::{FieldKind, validate_field};
use crate::record::{TravelRecord, ValidateOptions, ValidityRule, validate_record};
use packed::{pack_issues, push_codes};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The JS half (`js/report.js`).
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/js/report.js")]
    extern "C" {
        pub fn build_mrz_report(packed: &str) -> JsValue;
        pub fn mrz_init(memory: &JsValue, tables: &str);
        pub fn mrz_input(text: &JsValue, options: &JsValue, ptr: u32, cap: u32) -> f64;
        pub fn mrz_quick(text: &JsValue, words: u32) -> JsValue;
        pub fn mrz_quick_findings(text: &JsValue, words: u32, len: u32, valid: u32) -> JsValue;
        pub fn mrz_quick_issues(text: &JsValue, words: u32, issues: &str) -> JsValue;
        pub fn build_issues(packed: &str) -> JsValue;
        pub fn build_record_report(packed: &str) -> JsValue;
        pub fn build_codes(packed: &str) -> JsValue;
        pub fn option_today_code(options: &JsValue) -> i32;
        #[wasm_bindgen(catch)]
        pub fn option_today(options: &JsValue) -> Result<Option<String>, JsValue>;
    }
}

thread_local! {
    /// Whether the JS side has the module's memory and the constants.
    static INITIALISED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Sends the JS half the module's memory and every constant it shares
/// with Rust, once, before the first call of any export.
fn init() {
    INITIALISED.with(|done| {
        if !done.get() {
            js::mrz_init(&wasm_bindgen::memory(), &mrz::tables());
            done.set(true);
        }
    });
}

fn js_today() -> Result<Date, JsError> {
    let now = js_sys::Date::new_0();
    let (y, m, d) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    u16::try_from(y)
        .ok()
        .zip(u8::try_from(m).ok())
        .zip(u8::try_from(d).ok())
        .and_then(|((y, m), d)| Date::new(y, m, d))
        .ok_or_else(|| JsError::new("the system clock gives no valid date"))
}

/// Reads one property of the options object; `None` when absent.
fn option_field(object: &JsValue, key: &str) -> Result<Option<JsValue>, JsError> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(key))
        .map_err(|_| JsError::new("invalid options: not readable"))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

fn invalid(what: &str) -> JsError {
    JsError::new(&format!("invalid options: {what}"))
}

/// Reads `{ today?, validity?, adultAge?, maxTravelers? }`. Property by
/// property rather than through serde: this runs on every call, and the
/// common case is just `today`.
fn options(value: JsValue) -> Result<ValidateOptions, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(ValidateOptions::new(js_today()?));
    }
    let today = today_option(&value).map_err(|e| {
        JsError::new(
            &e.as_string()
                .or_else(|| js_sys::Error::from(e).message().as_string())
                .unwrap_or_else(|| "invalid options".into()),
        )
    })?;
    let mut options = ValidateOptions::new(today);
    if let Some(v) = option_field(&value, "validity")? {
        options.validity = from_js::from_value::<ValidityRule>(v)
            .map_err(|e| invalid(&format!("validity: {e}")))?;
    }
    let whole = |v: JsValue, name: &str| -> Result<u32, JsError> {
        v.as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=1000.0).contains(n))
            .map(|n| n as u32)
            .ok_or_else(|| invalid(&format!("{name} must be a whole number from 0 to 1000")))
    };
    if let Some(v) = option_field(&value, "adultAge")? {
        options.adult_age = whole(v, "adultAge")?;
    }
    if let Some(v) = option_field(&value, "maxTravelers")? {
        options.max_travelers = whole(v, "maxTravelers")? as usize;
    }
    Ok(options)
}

/// `options.today`, or the local date when absent. One crossing into JS
/// for the usual cases: no options, or `today` well formed, which arrives
/// as the number `YYYYMMDD` (`-1` when absent). Everything else (no
/// object, a wrong type or shape, a day not on the calendar) takes the
/// general path, which reports the error.
fn today_option(options: &JsValue) -> Result<Date, JsValue> {
    if options.is_undefined() || options.is_null() {
        return js_today().map_err(JsValue::from);
    }
    let code = js::option_today_code(options);
    if code == -1 {
        return js_today().map_err(JsValue::from);
    }
    if let (Ok(y), Ok(m), Ok(d)) = (
        u16::try_from(code / 10_000),
        u8::try_from(code / 100 % 100),
        u8::try_from(code % 100),
    ) && code >= 0
        && let Some(date) = Date::new(y, m, d)
    {
        return Ok(date);
    }
    match js::option_today(options)? {
        None => js_today().map_err(JsValue::from),
        Some(s) => Date::parse_iso(&s)
            .map_err(|_| invalid(&format!("today must be YYYY-MM-DD, got \"{s}\"")).into()),
    }
}

/// Validates one form field; returns its findings (empty when fine).
#[wasm_bindgen(js_name = validateField, unchecked_return_type = "Issue[]")]
pub fn validate_field_js(
    #[wasm_bindgen(unchecked_param_type = "FieldKind")] kind: JsValue,
    value: &str,
    #[wasm_bindgen(js_name = options, unchecked_optional_param_type = "ValidateOptions")]
    options_value: JsValue,
) -> Result<JsValue, JsError> {
    let name = kind
        .as_string()
        .ok_or_else(|| JsError::new("unknown field kind: expected a string"))?;
    let kind = FieldKind::deserialize(
        serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&name),
    )
    .map_err(|e| JsError::new(&format!("unknown field kind: {e}")))?;
    init();
    let opts = options(options_value)?;
    let issues = validate_field(kind, value, &opts);
    Ok(js::build_issues(&pack_issues(true, &issues)))
}

/// Validates a whole submission.
#[wasm_bindgen(js_name = validateRecord, unchecked_return_type = "RecordReport")]
pub fn validate_record_js(
    #[wasm_bindgen(unchecked_param_type = "TravelRecord")] record: JsValue,
    #[wasm_bindgen(js_name = options, unchecked_optional_param_type = "ValidateOptions")]
    options_value: JsValue,
) -> Result<JsValue, JsError> {
    init();
    let record: TravelRecord = from_js::from_value(record)
        .map_err(|e| JsError::new(&format!("not a TravelRecord: {e}")))?;
    let opts = options(options_value)?;
    let issues = validate_record(&record, &opts);
    Ok(js::build_record_report(&pack_issues(
        crate::issue::no_errors(&issues),
        &issues,
    )))
}

/// Every finding code with its severity and English template, for
/// translators and for checking a translation table is complete.
#[wasm_bindgen(js_name = listCodes, unchecked_return_type = "{ code: string; severity: \"error\" | \"warning\"; template: string }[]")]
pub fn list_codes() -> Result<JsValue, JsError> {
    // Codes and templates are constants without separators: one string,
    // codes apart by U+001D, fields by U+001E, severity as `e` or `w`.
    init();
    let mut out = String::with_capacity(8192);
    push_codes(&mut out, crate::Code::ALL);
    Ok(js::build_codes(&out))
}
