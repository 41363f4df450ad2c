//! The JavaScript API: a thin facade over the pure library.
//!
//! Only this module knows about wasm-bindgen and the clock: when the caller
//! leaves `today` out, it is read from the JavaScript `Date` (local calendar
//! day), then everything is delegated to the pure functions.

use crate::date::Date;
use crate::fields::{FieldKind, validate_field};
use crate::record::{TravelRecord, ValidateOptions, ValidityRule, validate_record};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A finding. `code` is stable; translate it, use `message` only as a fallback. */
export interface Issue {
  code: string;
  severity: "error" | "warning";
  /** Field concerned: `documentNumber`, `travelers[0].surname`, `trip.flight` … */
  field: string;
  /** MRZ findings only: 0-based line and column range [start, end). */
  line?: number;
  start?: number;
  end?: number;
  params?: Record<string, string>;
  message: string;
}
export interface MrzFields {
  documentCode: string;
  issuingState: string;
  surname: string;
  givenNames: string;
  documentNumber: string;
  nationality: string;
  /** ISO `YYYY-MM-DD`, or null when not a real date. */
  birthDate: string | null;
  sex: string;
  expiryDate: string | null;
  optionalData: string;
  optionalData2: string;
}
export interface MrzReport {
  /** True exactly when no issue is an error. */
  valid: boolean;
  format: "TD1" | "TD2" | "TD3" | "MRVA" | "MRVB" | null;
  fields: MrzFields;
  issues: Issue[];
  /** Offered only when exactly one repair makes every check digit pass. */
  suggestion: { lines: string[] } | null;
}
export type ValidityRule =
  | { rule: "onArrival" }
  | { rule: "wholeStay" }
  | { rule: "months"; months: number };
export interface ValidateOptions {
  /** `YYYY-MM-DD`; defaults to today's local date. */
  today?: string;
  validity?: ValidityRule;
  adultAge?: number;
  maxTravelers?: number;
}
export type FieldKind =
  | "surname" | "givenNames" | "nativeName" | "documentNumber" | "documentCode"
  | "issuingState" | "nationality" | "birthDate" | "expiryDate" | "sex" | "flight"
  | "departureAirport" | "arrivalAirport" | "date" | "email" | "phone" | "postalCode"
  | "purpose" | "lengthOfStay";
/** The submission; see docs/record.md. */
export interface TravelRecord {
  schema: number;
  travelers: Traveler[];
  trip: Trip;
  contact: { email: string; phone: string };
}
export interface Traveler {
  documentCode: string;
  documentNumber: string;
  issuingState: string;
  expiryDate: string;
  surname: string;
  givenNames: string;
  nativeSurname?: string;
  nativeGivenNames?: string;
  birthDate: string;
  sex: string;
  nationality: string;
  mrz?: string;
  accompaniedBy?: number;
}
export interface Trip {
  flight: string;
  departureAirport: string;
  arrivalAirport: string;
  departureDate: string;
  arrivalDate: string;
  purpose: "tourism" | "business" | "visitingFamily" | "study" | "work" | "transit" | "returnHome" | "evacuation" | "other";
  addressInJapan: string;
  postalCode?: string;
  contactInJapan?: string;
  lengthOfStayDays: number;
}
export interface RecordReport {
  valid: boolean;
  issues: Issue[];
}
"#;

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
        options.validity = serde_wasm_bindgen::from_value::<ValidityRule>(v)
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

/// Issues as one packed string (see `build_mrz_report`): the first
/// character is `0` + 1 when `valid` + 2 when parts are escaped, then the
/// issues.
fn pack_issues(valid: bool, issues: &[crate::Issue]) -> String {
    let escape = issues.iter().any(|i| {
        i.field.bytes().any(is_separator)
            || i.message.bytes().any(is_separator)
            || i.params
                .iter()
                .any(|(k, v)| k.bytes().chain(v.bytes()).any(is_separator))
    });
    let mut out = String::with_capacity(64 * issues.len() + 1);
    out.push(char::from(b'0' + u8::from(valid) + 2 * u8::from(escape)));
    Packed {
        out: &mut out,
        escape,
    }
    .issues(issues);
    out
}

/// Validates a machine-readable zone (TD1, TD2, TD3, MRV-A, MRV-B).
///
/// Returns the report itself rather than a `Result` (which crosses as an
/// array and a table slot): an error is thrown once everything of this
/// call is released, so nothing is left behind by the throw.
#[wasm_bindgen(js_name = validateMrz, unchecked_return_type = "MrzReport")]
pub fn validate_mrz_js(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    #[wasm_bindgen(js_name = options, unchecked_optional_param_type = "ValidateOptions")]
    options_value: &JsValue,
) -> JsValue {
    match validate_mrz_result(text, options_value) {
        Ok(report) => report,
        Err(e) => wasm_bindgen::throw_val(e),
    }
}

/// [`validate_mrz_js`] with the error as a value (for Rust callers and
/// tests: a thrown error cannot be caught in Rust).
pub fn validate_mrz_result(text: &JsValue, options_value: &JsValue) -> Result<JsValue, JsValue> {
    let usual = INPUT.with_borrow_mut(|buf| {
        // The usual call, in one crossing: ASCII text (nearly every MRZ),
        // whose fast-path fields are then cut out of the caller's own
        // string, and no options or a well-formed `today`.
        let (n, today) = usual_input(text, options_value, buf)?;
        let today = match today {
            Some(d) => Ok(d),
            None => js_today(),
        };
        let ascii = buf.get(..n).unwrap_or(&[]);
        Some(today.map(|today| validate_text(ascii, Some(text), today)))
    });
    if let Some(report) = usual {
        return report.map_err(JsValue::from);
    }
    let today = today_option(options_value)?;
    match text.as_string() {
        Some(s) => Ok(validate_text(s.as_bytes(), None, today)),
        None => Err(JsError::new("validateMrz: the MRZ must be a string").into()),
    }
}

/// The report for `text`; `js` is the same text as the caller's string
/// when `text` is ASCII (offsets then match).
fn validate_text(text: &[u8], js: Option<&JsValue>, today: Date) -> JsValue {
    PACKED.with_borrow_mut(|out| {
        out.clear();
        // The fast path's reports hold MRZ characters and constants only:
        // nothing to escape there.
        let mut packed = Packed { out, escape: false };
        crate::mrz::with_mrz_bytes(
            text,
            today,
            &mut packed,
            |p, q| match (js, q.origin()) {
                (Some(js), Some(origin)) => quick_report(js, q, origin, p),
                _ => packed_quick(q, p),
            },
            |p, report| {
                // Every character of a field, a parameter or a message that
                // is not from a constant comes from the input: without
                // separators there, nothing needs escaping.
                p.escape = text.iter().any(|&b| is_separator(b));
                p.report(&report);
                build_mrz_report(p.out)
            },
        )
    })
}

/// The fast path's report as a packed string (see `build_mrz_report`).
fn packed_quick(q: &crate::mrz::Quick<'_>, p: &mut Packed<'_>) -> JsValue {
    p.out.clear();
    p.quick(q);
    build_mrz_report(p.out)
}

/// Longest input copied into [`INPUT`]; longer ones cross the usual way
/// (and are rejected as too long anyway).
const INPUT_CAP: usize = 2 * crate::mrz::MAX_INPUT;

/// Copies an ASCII string into `buf` from JavaScript without allocating,
/// and reads `options.today` in the same crossing: the number of bytes and
/// the day (`None`: the clock's). `None` for anything else (not ASCII, not
/// a string, very long, options to look at closely), which then takes the
/// general way.
fn usual_input(text: &JsValue, options: &JsValue, buf: &mut [u8]) -> Option<(usize, Option<Date>)> {
    MEMORY_SHARED.with(|shared| {
        if !shared.get() {
            mrz_init(&wasm_bindgen::memory(), &quick_tables());
            shared.set(true);
        }
    });
    let ptr = u32::try_from(buf.as_mut_ptr().expose_provenance()).ok()?;
    let cap = u32::try_from(buf.len()).ok()?;
    // `YYYYMMDD * 4096 + length`, exact in a double; negative: not usual.
    let r = mrz_input(text, options, ptr, cap);
    if !(0.0..100_000_000.0 * 4096.0).contains(&r) {
        return None;
    }
    let r = r as u64;
    let n = usize::try_from(r % 4096).ok().filter(|&n| n <= buf.len())?;
    let code = r / 4096;
    if code == 0 {
        return Some((n, None));
    }
    let day = Date::new(
        u16::try_from(code / 10_000).ok()?,
        u8::try_from(code / 100 % 100).ok()?,
        u8::try_from(code % 100).ok()?,
    )?;
    Some((n, Some(day)))
}

/// A report of the fast path whose fields JavaScript cuts out of the
/// caller's string. Written as words in [`WORDS`]: the format, every text
/// field as `start | end << 16` (UTF-16 offsets; a long document number's
/// continuation apart), the dates as the offset of `YYMMDD` `| century <<
/// 16`, the names' filler flags; then the findings, if any.
fn quick_report(
    js: &JsValue,
    q: &crate::mrz::Quick<'_>,
    origin: [u16; 3],
    p: &mut Packed<'_>,
) -> JsValue {
    use crate::mrz::Text;
    let at = |s: crate::mrz::Span| {
        let o = u32::from(origin.get(usize::from(s.line)).copied().unwrap_or(0));
        (o + u32::from(s.start)) | (o + u32::from(s.end)) << 16
    };
    let cut = |t: Text| at(q.span(t).0);
    let (surname, surname_fillers) = q.span(Text::Surname);
    let (given, given_fillers) = q.span(Text::GivenNames);
    let (birth, expiry) = q.date_spans();
    let date = |s: crate::mrz::Span, d: Date| (at(s) & 0xFFFF) | u32::from(d.year() / 100) << 16;
    let fields = [
        cut(Text::DocumentCode),
        cut(Text::IssuingState),
        at(surname),
        at(given),
        cut(Text::DocumentNumber),
        q.number_rest().map_or(0, at),
        cut(Text::Nationality),
        cut(Text::Sex),
        cut(Text::OptionalData),
        cut(Text::OptionalData2),
        date(birth, q.birth),
        date(expiry, q.expiry),
        u32::from(surname_fillers) | u32::from(given_fillers) << 1,
    ];
    WORDS.with_borrow_mut(|words| {
        // The format and the fields, then the findings (if any).
        let Some((head, rest)) = words.split_at_mut_checked(FIELD_WORDS) else {
            return packed_quick(q, p);
        };
        for (slot, w) in head
            .iter_mut()
            .zip(std::iter::once(q.format as u32).chain(fields))
        {
            *slot = w;
        }
        let Ok(ptr) = u32::try_from(head.as_mut_ptr().expose_provenance()) else {
            return packed_quick(q, p);
        };
        if !q.has_issues() {
            return mrz_quick(js, ptr);
        }
        let changes = q.repair();
        let changes = changes.as_deref().unwrap_or(&[]);
        if changes.is_empty()
            && let Some(n) = encode_findings(&q.findings(&[]), q.expiry, rest)
            && let Ok(n) = u32::try_from(n)
        {
            return mrz_quick_findings(js, ptr, n, u32::from(q.valid()));
        }
        p.out.push(if q.valid() { '1' } else { '0' });
        p.quick_issues(q, changes);
        mrz_quick_issues(js, ptr, p.out)
    })
}

/// The codes and fields the fast path reports without a repair, in the
/// order of the JS tables (see `mrz_init`).
const QUICK_CODES: [crate::Code; 4] = [
    crate::Code::MrzSpecimen,
    crate::Code::MrzExpired,
    crate::Code::MrzCheckDigit,
    crate::Code::MrzLongNumberFillerCheck,
];
const QUICK_FIELDS: [&str; 7] = [
    "issuingState",
    "nationality",
    "documentNumber",
    "birthDate",
    "expiryDate",
    "optionalData",
    "composite",
];

/// The tables `mrz_init` reads: each quick code as code, U+001E,
/// severity (`e` or `w`), U+001E, template, separated by U+001D; then
/// U+001F and the field names separated by U+001E.
fn quick_tables() -> String {
    let mut out = String::new();
    push_codes(&mut out, &QUICK_CODES);
    out.push('\u{1f}');
    out.push_str(&QUICK_FIELDS.join("\u{1e}"));
    out
}

/// Codes as code, U+001E, severity (`e` or `w`), U+001E, template,
/// separated by U+001D (constants without separators).
fn push_codes(out: &mut String, codes: &[crate::Code]) {
    for (i, c) in codes.iter().enumerate() {
        if i > 0 {
            out.push('\u{1d}');
        }
        out.push_str(c.code());
        out.push('\u{1e}');
        out.push(match c.severity() {
            crate::Severity::Error => 'e',
            crate::Severity::Warning => 'w',
        });
        out.push('\u{1e}');
        out.push_str(c.template());
    }
}

/// The fast path's findings as 32-bit words for `mrz_quick_findings`: per
/// finding, `code | field << 4 | parameters << 8`, `line | start << 8 |
/// end << 16`, and per parameter `name | kind << 8 | char << 16` where
/// kind 0 is the one character `char`, 1 the finding's field, 2 the
/// expiry date as the report gives it. `None` when a finding does not fit
/// (the packed report then carries them).
fn encode_findings(
    findings: &crate::mrz::Findings,
    expiry: Date,
    words: &mut [u32],
) -> Option<usize> {
    let mut n = 0;
    let mut put = |w: u32| -> Option<()> {
        *words.get_mut(n)? = w;
        n += 1;
        Some(())
    };
    for f in findings.iter() {
        let code = QUICK_CODES.iter().position(|&c| c == f.code)?;
        let field = QUICK_FIELDS.iter().position(|&x| x == f.field)?;
        let params = f.params().count();
        put(code as u32 | (field as u32) << 4 | (params as u32) << 8)?;
        put(u32::from(f.at.line) | u32::from(f.at.start) << 8 | u32::from(f.at.end) << 16)?;
        for (name, value) in f.params() {
            let index = PARAM_NAMES.iter().position(|&x| x == name)? as u32;
            let word = match value.as_bytes() {
                _ if name == "field" && value == f.field => index | 1 << 8,
                [c] => index | u32::from(*c) << 16,
                _ if name == "date" => {
                    if value.as_bytes() != crate::mrz::iso_date(expiry) {
                        return None;
                    }
                    index | 2 << 8
                }
                _ => return None,
            };
            put(word)?;
        }
    }
    Some(n)
}

/// Words of the format and the fields (see `quick_report`).
const FIELD_WORDS: usize = 14;

/// Words of the format and fields, then of the largest set of findings
/// without a repair: seven findings of two words and up to three
/// parameters.
const WORDS_CAP: usize = FIELD_WORDS + 40;

thread_local! {
    /// The fast path's findings as words, read by JavaScript.
    static WORDS: std::cell::RefCell<[u32; WORDS_CAP]> = const { std::cell::RefCell::new([0; WORDS_CAP]) };
    /// The packed report's buffer, reused from call to call.
    static PACKED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    /// Where JavaScript copies an ASCII input.
    static INPUT: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; INPUT_CAP]);
    /// Whether the JS side has the module's memory.
    static MEMORY_SHARED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The control characters U+001C–U+001F that separate (and escape in) the
/// packed report.
fn is_separator(b: u8) -> bool {
    (0x1C..=0x1F).contains(&b)
}

// How an MRZ report reaches JavaScript (fastest first; a check-in page may
// validate whole manifests):
// - the usual call (ASCII text, the fast path's report): the text is copied
//   in by `encodeInto` into a buffer kept from call to call, and the report
//   comes back as numbers: the fields as offsets into the caller's own
//   string (cut out by `mrz_quick`), findings as words that `mrz_quick_findings`
//   renders with the checker's own templates (`mrz_init` receives them once);
// - a repaired report of the fast path (`mrz_quick_issues`) and any other
//   report (`build_mrz_report`) come back as one packed string, below.
// A Node test holds every way to the same report.
//
// The packed report is one string of fields separated by U+001F, turned
// into the documented object by a few lines of JS: about eight times faster
// than `JSON.parse` of the same report. Field values are MRZ
// characters, spaces and ISO dates. Issues are separated by U+001D. One
// issue is: a character for the severity (`e` or `w`), three for line, start
// and end (`0` + the number, `!` when absent), the code, U+001E, the field,
// U+001E, the message, then for each parameter U+001E, its name as `0` + its
// index in `MRZ_PARAMS` (or `~`, the name and U+001E), and its value. The
// first part is `1` (valid) or `0`; when the input holds any of
// U+001C–U+001F, it is `3` or `2` and every such character inside a part is
// escaped as U+001C followed by `A`–`D`, so a separator never appears inside
// a part.
#[wasm_bindgen(inline_js = r#"
function mrz_unescape(s) {
  return s.replace(/\x1c([A-D])/g, (_, c) => String.fromCharCode(c.charCodeAt(0) - 37));
}

const MRZ_PARAMS = ['char', 'column', 'date', 'expected', 'field', 'found', 'lengths', 'line'];

function mrz_issues(s, esc) {
  const out = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    let d = s.indexOf('\x1d', i);
    if (d < 0) d = n;
    const severity = s.charCodeAt(i) === 101 ? 'error' : 'warning';
    const line = s.charCodeAt(i + 1) - 48;
    const start = s.charCodeAt(i + 2) - 48;
    const end = s.charCodeAt(i + 3) - 48;
    let j = s.indexOf('\x1e', i + 4);
    const code = s.slice(i + 4, j);
    i = j + 1;
    j = s.indexOf('\x1e', i);
    let field = s.slice(i, j);
    i = j + 1;
    j = s.indexOf('\x1e', i);
    if (j < 0 || j > d) j = d;
    let message = s.slice(i, j);
    let params;
    while (j < d) {
      if (params === undefined) params = {};
      let name;
      i = j + 2;
      const c = s.charCodeAt(j + 1);
      if (c === 126) {
        j = s.indexOf('\x1e', i);
        name = s.slice(i, j);
        if (esc) name = mrz_unescape(name);
        i = j + 1;
      } else {
        name = MRZ_PARAMS[c - 48];
      }
      j = s.indexOf('\x1e', i);
      if (j < 0 || j > d) j = d;
      params[name] = esc ? mrz_unescape(s.slice(i, j)) : s.slice(i, j);
    }
    if (esc) {
      field = mrz_unescape(field);
      message = mrz_unescape(message);
    }
    let o;
    if (line >= 0 && start >= 0 && end >= 0) {
      o = params === undefined
        ? { code, severity, field, line, start, end, message }
        : { code, severity, field, line, start, end, params, message };
    } else {
      o = { code, severity, field };
      if (line >= 0) o.line = line;
      if (start >= 0) o.start = start;
      if (end >= 0) o.end = end;
      if (params !== undefined) o.params = params;
      o.message = message;
    }
    out.push(o);
    i = d + 1;
  }
  return out;
}

function packed_issues(s) {
  return s.length > 1 ? mrz_issues(s.slice(1), s.charCodeAt(0) >= 50) : [];
}

export function build_issues(packed) {
  return packed_issues(packed);
}

export function build_record_report(packed) {
  return { valid: ((packed.charCodeAt(0) - 48) & 1) === 1, issues: packed_issues(packed) };
}

export function build_codes(packed) {
  return packed.split('\x1d').map((c) => {
    const [code, severity, template] = c.split('\x1e');
    return { code, severity: severity === 'e' ? 'error' : 'warning', template };
  });
}

let MEMORY = null;
let INPUT = null;
let INPUT_AT = -1;
const ENCODER = new TextEncoder();

let WORDS = null;
let WORDS_AT = -1;
let QUICK_CODES = null;
let QUICK_FIELDS = null;

// The module's memory, and the codes (with their templates, split at
// each `{name}`) and fields of `mrz_quick_findings`.
export function mrz_init(m, tables) {
  MEMORY = m;
  const [codes, fields] = tables.split('\x1f');
  QUICK_CODES = codes.split('\x1d').map((c) => {
    const [code, severity, template] = c.split('\x1e');
    return { code, severity: severity === 'e' ? 'error' : 'warning', parts: template.split(/\{([^}]*)\}/) };
  });
  QUICK_FIELDS = fields.split('\x1e');
}

// A message from its template's parts, as the checker renders it.
function render(parts, field, line, params) {
  let m = parts[0];
  for (let k = 1; k < parts.length; k += 2) {
    const name = parts[k];
    let v;
    if (name === 'field') v = field;
    else if (params !== undefined && Object.hasOwn(params, name)) v = params[name];
    else if (name === 'line') v = String(line + 1);
    else v = '{' + name + '}';
    m += v + parts[k + 1];
  }
  return m;
}

// A parameter's value from its word: a character, the field, the expiry date.
function param(x, field, fields) {
  const kind = (x >>> 8) & 3;
  return kind === 0 ? String.fromCharCode(x >>> 16) : kind === 1 ? field : fields.expiryDate;
}

// The fast path's report with findings given as words after the fields
// (see `encode_findings`).
export function mrz_quick_findings(s, p, n, valid) {
  const w = words(p);
  const fields = quick_fields(s, w);
  const issues = [];
  let i = 14;
  n += 14;
  while (i < n) {
    const head = w[i];
    const at = w[i + 1];
    i += 2;
    const c = QUICK_CODES[head & 15];
    const field = QUICK_FIELDS[(head >>> 4) & 15];
    const np = (head >>> 8) & 3;
    const line = at & 255;
    const start = (at >>> 8) & 255;
    const end = at >>> 16;
    // Unrolled: each store sees few keys, which keeps it fast.
    let params;
    if (np > 0) {
      params = {};
      let x = w[i++];
      params[MRZ_PARAMS[x & 255]] = param(x, field, fields);
      if (np > 1) {
        x = w[i++];
        params[MRZ_PARAMS[x & 255]] = param(x, field, fields);
        if (np > 2) {
          x = w[i++];
          params[MRZ_PARAMS[x & 255]] = param(x, field, fields);
        }
      }
    }
    const message = render(c.parts, field, line, params);
    issues.push(params === undefined
      ? { code: c.code, severity: c.severity, field, line, start, end, message }
      : { code: c.code, severity: c.severity, field, line, start, end, params, message });
  }
  return { valid: valid === 1, format: FORMATS[w[0]], fields, issues, suggestion: null };
}

// The usual call in one crossing: copies an ASCII string to `p` in the
// module's memory and returns `YYYYMMDD * 4096 + length` (`YYYYMMDD` is 0
// without `today`), or -1 when the text is not an ASCII string of at most
// `cap` characters or the options need a closer look. `encodeInto` into a
// view kept from call to call: a non-ASCII character takes more than one
// byte.
export function mrz_input(s, o, p, cap) {
  let t = 0;
  if (o !== undefined && o !== null) {
    t = option_today_code(o);
    if (t === -2) return -1;
    if (t === -1) t = 0;
  }
  if (typeof s !== 'string' || s.length > cap) return -1;
  let view = INPUT;
  if (INPUT_AT !== p || view.byteLength === 0) {
    view = INPUT = new Uint8Array(MEMORY.buffer, p, cap);
    INPUT_AT = p;
  }
  const r = ENCODER.encodeInto(s, view);
  return r.read === s.length && r.written === s.length ? t * 4096 + r.written : -1;
}

const FORMATS = ['TD1', 'TD2', 'TD3', 'MRVA', 'MRVB'];

function cut(s, x) {
  return s.slice(x & 0xffff, x >>> 16);
}

// A name: the span with each run of `<` as one space (the span starts and
// ends with a letter).
function name(s, x, fillers) {
  const e = x >>> 16;
  let a = x & 0xffff;
  if (!fillers) return s.slice(a, e);
  let out = '';
  for (;;) {
    const j = s.indexOf('<', a);
    if (j < 0 || j >= e) return out + s.slice(a, e);
    out += s.slice(a, j) + ' ';
    a = j + 1;
    while (a < e && s.charCodeAt(a) === 60) a++;
  }
}

// `YYYY-MM-DD` from the century (below 100) and the `YYMMDD` at `p`, as
// one string built from character codes (half the time of slicing and
// joining).
function date(s, x) {
  const p = x & 0xffff;
  const c = x >>> 16;
  return String.fromCharCode(
    48 + ((c / 10) | 0), 48 + (c % 10), s.charCodeAt(p), s.charCodeAt(p + 1), 45,
    s.charCodeAt(p + 2), s.charCodeAt(p + 3), 45, s.charCodeAt(p + 4), s.charCodeAt(p + 5));
}

// The words at `p` in the module's memory: the format and the fields of a
// fast-path report (`quick_report`), then its findings.
function words(p) {
  let w = WORDS;
  if (WORDS_AT !== p || w.byteLength === 0) {
    w = WORDS = new Uint32Array(MEMORY.buffer, p, 54); // WORDS_CAP
    WORDS_AT = p;
  }
  return w;
}

// The fields, cut out of the caller's string `s` (words 1–13).
function quick_fields(s, w) {
  const fl = w[13];
  return {
    documentCode: cut(s, w[1]), issuingState: cut(s, w[2]), surname: name(s, w[3], fl & 1),
    givenNames: name(s, w[4], fl & 2), documentNumber: cut(s, w[5]) + cut(s, w[6]), nationality: cut(s, w[7]),
    birthDate: date(s, w[11]), sex: cut(s, w[8]), expiryDate: date(s, w[12]), optionalData: cut(s, w[9]),
    optionalData2: cut(s, w[10]),
  };
}

export function mrz_quick(s, p) {
  const w = words(p);
  return {
    valid: true,
    format: FORMATS[w[0]],
    fields: quick_fields(s, w),
    issues: [],
    suggestion: null,
  };
}

// `packed`: `1` (valid) or `0`, the issues, U+001F, the suggested lines.
export function mrz_quick_issues(s, p, packed) {
  const w = words(p);
  const j = packed.indexOf('\x1f');
  const suggestion = packed.slice(j + 1);
  return {
    valid: packed.charCodeAt(0) === 49,
    format: FORMATS[w[0]],
    fields: quick_fields(s, w),
    issues: j > 1 ? mrz_issues(packed.slice(1, j), false) : [],
    suggestion: suggestion ? { lines: suggestion.split('\n') } : null,
  };
}

export function build_mrz_report(s) {
  // Parts by indexOf and slice: faster than split for these few parts.
  const v = s.charCodeAt(0);
  const esc = v >= 50;
  let i = 2;
  const part = () => {
    const j = s.indexOf('\x1f', i);
    const r = s.slice(i, j);
    i = j + 1;
    return esc ? mrz_unescape(r) : r;
  };
  const format = part();
  const documentCode = part(), issuingState = part(), surname = part(), givenNames = part();
  const documentNumber = part(), nationality = part(), birthDate = part(), sex = part();
  const expiryDate = part(), optionalData = part(), optionalData2 = part();
  const j = s.indexOf('\x1f', i);
  const issues = s.slice(i, j);
  const suggestion = esc ? mrz_unescape(s.slice(j + 1)) : s.slice(j + 1);
  return {
    valid: v === 49 || v === 51,
    format: format || null,
    fields: {
      documentCode, issuingState, surname, givenNames, documentNumber, nationality,
      birthDate: birthDate || null, sex, expiryDate: expiryDate || null, optionalData, optionalData2,
    },
    issues: issues ? mrz_issues(issues, esc) : [],
    suggestion: suggestion ? { lines: suggestion.split('\n') } : null,
  };
}

// The last well-formed `today` and its code: a page validating a manifest
// passes the same date every time.
let last_today = null;
let last_code = -2;

export function option_today_code(o) {
  if (o === undefined || o === null || typeof o !== 'object') return -2;
  const t = o.today;
  if (t === undefined || t === null) return -1;
  if (t === last_today) return last_code;
  if (typeof t !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(t)) return -2;
  const code = +t.slice(0, 4) * 10000 + +t.slice(5, 7) * 100 + +t.slice(8, 10);
  last_today = t;
  last_code = code;
  return code;
}

export function option_today(o) {
  if (o === undefined || o === null) return undefined;
  if (typeof o !== 'object') throw new Error('invalid options: expected an object');
  const t = o.today;
  if (t === undefined || t === null) return undefined;
  if (typeof t !== 'string') throw new Error(`invalid options: today must be YYYY-MM-DD, got ${typeof t}`);
  return t;
}
"#)]
extern "C" {
    fn build_mrz_report(packed: &str) -> JsValue;
    fn mrz_init(memory: &JsValue, tables: &str);
    fn mrz_input(text: &JsValue, options: &JsValue, ptr: u32, cap: u32) -> f64;
    fn mrz_quick(text: &JsValue, words: u32) -> JsValue;
    fn mrz_quick_findings(text: &JsValue, words: u32, len: u32, valid: u32) -> JsValue;
    fn mrz_quick_issues(text: &JsValue, words: u32, issues: &str) -> JsValue;
    fn build_issues(packed: &str) -> JsValue;
    fn build_record_report(packed: &str) -> JsValue;
    fn build_codes(packed: &str) -> JsValue;
    fn option_today_code(options: &JsValue) -> i32;
    #[wasm_bindgen(catch)]
    fn option_today(options: &JsValue) -> Result<Option<String>, JsValue>;
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
    let code = option_today_code(options);
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
    match option_today(options)? {
        None => js_today().map_err(JsValue::from),
        Some(s) => Date::parse_iso(&s)
            .map_err(|_| invalid(&format!("today must be YYYY-MM-DD, got {s:?}")).into()),
    }
}

/// `YYYY-MM-DD`, as `Date`'s `Display`, without the formatting machinery.
fn push_iso_date(out: &mut String, d: Date) {
    let bytes = crate::mrz::iso_date(d);
    out.push_str(std::str::from_utf8(&bytes).unwrap_or(""));
}

/// Parameter names sent as one character, `0` + the index (as
/// `MRZ_PARAMS` in the JS above).
const PARAM_NAMES: [&str; 8] = [
    "char", "column", "date", "expected", "field", "found", "lengths", "line",
];

/// The packed report described above `build_mrz_report`.
struct Packed<'a> {
    out: &'a mut String,
    /// Whether parts are escaped.
    escape: bool,
}

impl Packed<'_> {
    fn sep(&mut self, c: char) {
        self.out.push(c);
    }

    /// Text from the input (or a constant), escaped when needed.
    fn part(&mut self, s: &str) {
        if !self.escape {
            self.out.push_str(s);
            return;
        }
        for c in s.chars() {
            match u8::try_from(c) {
                Ok(b) if is_separator(b) => {
                    self.out.push('\u{1c}');
                    self.out.push(char::from(b'A' + (b - 0x1C)));
                }
                _ => self.out.push(c),
            }
        }
    }

    fn issues(&mut self, issues: &[crate::Issue]) {
        for (k, issue) in issues.iter().enumerate() {
            if k > 0 {
                self.sep('\u{1d}');
            }
            self.issue_head(
                issue.code,
                issue.severity,
                [issue.line, issue.start, issue.end],
            );
            self.part(&issue.field);
            self.sep('\u{1e}');
            self.part(&issue.message);
            for (name, value) in &issue.params {
                self.param(name, value);
            }
        }
    }

    /// Severity, position and code of one issue, and the separator.
    fn issue_head(&mut self, code: crate::Code, severity: crate::Severity, at: [Option<u8>; 3]) {
        self.out.push(match severity {
            crate::Severity::Error => 'e',
            crate::Severity::Warning => 'w',
        });
        for n in at {
            self.out
                .push(n.map_or('!', |n| char::from_u32(0x30 + u32::from(n)).unwrap_or('!')));
        }
        self.out.push_str(code.code());
        self.sep('\u{1e}');
    }

    fn param(&mut self, name: &str, value: &str) {
        self.sep('\u{1e}');
        match PARAM_NAMES.iter().position(|n| *n == name) {
            Some(i) => self.out.push(char::from(b'0' + i as u8)),
            None => {
                self.out.push('~');
                self.part(name);
                self.sep('\u{1e}');
            }
        }
        self.part(value);
    }

    /// The fast path's findings, written as [`Packed::issues`] writes the
    /// same issues, without building them (MRZ characters and constants
    /// only: nothing to escape).
    fn findings(&mut self, findings: &crate::mrz::Findings) {
        for (k, f) in findings.iter().enumerate() {
            if k > 0 {
                self.sep('\u{1d}');
            }
            let at = f.at;
            self.issue_head(
                f.code,
                f.code.severity(),
                [Some(at.line), Some(at.start), Some(at.end)],
            );
            self.out.push_str(f.field);
            self.sep('\u{1e}');
            f.message(self.out);
            for (name, value) in f.params() {
                self.param(name, value);
            }
        }
    }

    /// The report of the fast path, read straight from the MRZ.
    fn quick(&mut self, q: &crate::mrz::Quick<'_>) {
        use crate::mrz::Text;
        const SEP: char = '\u{1f}';
        self.out.push(match (self.escape, q.valid()) {
            (false, false) => '0',
            (false, true) => '1',
            (true, false) => '2',
            (true, true) => '3',
        });
        self.sep(SEP);
        self.out.push_str(q.format.as_str());
        for (i, t) in Text::ALL.into_iter().enumerate() {
            self.sep(SEP);
            if i == 6 {
                push_iso_date(self.out, q.birth);
                self.sep(SEP);
            }
            // MRZ characters only: nothing to escape.
            q.push(t, self.out);
            if i == 6 {
                self.sep(SEP);
                push_iso_date(self.out, q.expiry);
            }
        }
        self.sep(SEP);
        let changes = q.repair();
        self.quick_issues(q, changes.as_deref().unwrap_or(&[]));
    }

    /// The fast path's findings, U+001F, and the suggested lines (if any).
    fn quick_issues(&mut self, q: &crate::mrz::Quick<'_>, changes: &[crate::mrz::Change]) {
        self.findings(&q.findings(changes));
        self.sep('\u{1f}');
        if !changes.is_empty() {
            for (i, line) in q.repaired_lines(changes).iter().enumerate() {
                if i > 0 {
                    self.sep('\n');
                }
                self.out.push_str(line);
            }
        }
    }

    fn report(&mut self, report: &crate::MrzReport) {
        const SEP: char = '\u{1f}';
        let f = &report.fields;
        self.out.push(match (self.escape, report.valid) {
            (false, false) => '0',
            (false, true) => '1',
            (true, false) => '2',
            (true, true) => '3',
        });
        self.sep(SEP);
        self.out
            .push_str(report.format.map_or("", crate::MrzFormat::as_str));
        for part in [
            &f.document_code,
            &f.issuing_state,
            &f.surname,
            &f.given_names,
            &f.document_number,
            &f.nationality,
        ] {
            self.sep(SEP);
            self.part(part);
        }
        self.sep(SEP);
        if let Some(d) = f.birth_date {
            push_iso_date(self.out, d);
        }
        self.sep(SEP);
        self.part(&f.sex);
        self.sep(SEP);
        if let Some(d) = f.expiry_date {
            push_iso_date(self.out, d);
        }
        self.sep(SEP);
        self.part(&f.optional_data);
        self.sep(SEP);
        self.part(&f.optional_data2);
        self.sep(SEP);
        self.issues(&report.issues);
        self.sep(SEP);
        if let Some(s) = &report.suggestion {
            for (i, line) in s.lines.iter().enumerate() {
                if i > 0 {
                    self.sep('\n');
                }
                self.part(line);
            }
        }
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
    let opts = options(options_value)?;
    let issues = validate_field(kind, value, &opts);
    Ok(build_issues(&pack_issues(true, &issues)))
}

/// Validates a whole submission.
#[wasm_bindgen(js_name = validateRecord, unchecked_return_type = "RecordReport")]
pub fn validate_record_js(
    #[wasm_bindgen(unchecked_param_type = "TravelRecord")] record: JsValue,
    #[wasm_bindgen(js_name = options, unchecked_optional_param_type = "ValidateOptions")]
    options_value: JsValue,
) -> Result<JsValue, JsError> {
    let record: TravelRecord = serde_wasm_bindgen::from_value(record)
        .map_err(|e| JsError::new(&format!("not a TravelRecord: {e}")))?;
    let opts = options(options_value)?;
    let issues = validate_record(&record, &opts);
    Ok(build_record_report(&pack_issues(
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
    let mut out = String::with_capacity(8192);
    push_codes(&mut out, crate::Code::ALL);
    Ok(build_codes(&out))
}
