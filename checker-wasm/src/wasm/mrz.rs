//! `validateMrz`: the JS renderings of a reading. The usual call (ASCII
//! text) crosses once each way: the text is copied into [`INPUT`], read,
//! and the report goes back as words in [`WORDS`] that `js/report.js` cuts
//! the fields out of the caller's own string with; anything else goes
//! back as the packed report (see `packed`). Nothing about the MRZ is
//! decided here: the verdicts are the reading's.

use super::packed::{FORMATS, PARAM_NAMES, Packed, is_separator, push_codes};
use super::{js, today_option};
use crate::Code;
use crate::date::Date;
use crate::mrz::finding::Finding;
use crate::mrz::grid::{Grid, MAX_INPUT, Span};
use crate::mrz::reading::{self, Reading, trailing, trim_fillers};
use crate::mrz::{Input, report};
use wasm_bindgen::prelude::*;

/// The codes and fields the words carry findings of (no repair, no
/// letters), in the order of the JS tables (see `tables`).
const QUICK_CODES: [Code; 4] = [
    Code::MrzSpecimen,
    Code::MrzExpired,
    Code::MrzCheckDigit,
    Code::MrzLongNumberFillerCheck,
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

/// A date word for no date (a date field that is no date).
const NO_DATE: u32 = u32::MAX;

/// Words of the format and the fields (see [`field_words`]).
const FIELD_WORDS: usize = 14;

/// Words of the format and fields, then of the largest set of findings
/// the words carry: seven findings of two words and up to three
/// parameters.
const WORDS_CAP: usize = FIELD_WORDS + 40;

/// Longest input copied into [`INPUT`]; longer ones cross the usual way
/// (and are rejected as too long anyway).
const INPUT_CAP: usize = 2 * MAX_INPUT;

thread_local! {
    /// A report as words, read by JavaScript.
    static WORDS: std::cell::RefCell<[u32; WORDS_CAP]> = const { std::cell::RefCell::new([0; WORDS_CAP]) };
    /// The packed report's buffer, reused from call to call.
    static PACKED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    /// Where JavaScript copies an ASCII input.
    static INPUT: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; INPUT_CAP]);
}

/// What `mrz_init` sends: sections apart by U+001F (the words' codes as
/// `push_codes` writes them, their fields, the parameter names, the format
/// names, each list apart by U+001E; then the number of field words, the
/// words' capacity and the word for no date).
pub(super) fn tables() -> String {
    let mut out = String::new();
    push_codes(&mut out, &QUICK_CODES);
    out.push('\u{1f}');
    out.push_str(&QUICK_FIELDS.join("\u{1e}"));
    out.push('\u{1f}');
    out.push_str(&PARAM_NAMES.join("\u{1e}"));
    out.push('\u{1f}');
    let formats: Vec<&str> = FORMATS.iter().map(|f| f.as_str()).collect();
    out.push_str(&formats.join("\u{1e}"));
    out.push('\u{1f}');
    out.push_str(&format!("{FIELD_WORDS}\u{1e}{WORDS_CAP}\u{1e}{NO_DATE}"));
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
    super::init();
    let usual = INPUT.with_borrow_mut(|buf| {
        // The usual call, in one crossing: ASCII text (nearly every MRZ)
        // and no options or a well-formed `today`.
        let (n, today) = usual_input(text, options_value, buf)?;
        let today = match today {
            Some(d) => Ok(d),
            None => super::js_today(),
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

/// Copies an ASCII string into `buf` from JavaScript without allocating,
/// and reads `options.today` in the same crossing: the number of bytes and
/// the day (`None`: the clock's). `None` for anything else (not ASCII, not
/// a string, very long, options to look at closely), which then takes the
/// general way.
fn usual_input(text: &JsValue, options: &JsValue, buf: &mut [u8]) -> Option<(usize, Option<Date>)> {
    let ptr = u32::try_from(buf.as_mut_ptr().expose_provenance()).ok()?;
    let cap = u32::try_from(buf.len()).ok()?;
    // `YYYYMMDD * 4096 + length`, exact in a double; negative: not usual.
    let r = js::mrz_input(text, options, ptr, cap);
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

/// The report for `text`; `js` is the same text as the caller's string
/// when `text` is ASCII (offsets then match).
fn validate_text(text: &[u8], js: Option<&JsValue>, today: Date) -> JsValue {
    PACKED.with_borrow_mut(|out| {
        out.clear();
        let input = crate::mrz::read_bytes(text);
        if let (Input::Grid(g), Some(js)) = (&input, js)
            && let Some(origin) = g.origin
            && let Some(report) = words_report(js, g, origin, today, out)
        {
            return report;
        }
        // Every character of a field, a parameter or a message that is not
        // from a constant comes from the input: without separators there,
        // nothing needs escaping.
        let report = crate::mrz::report_input(input, today);
        let mut p = Packed {
            out,
            escape: text.iter().any(|&b| is_separator(b)),
        };
        p.report(&report);
        js::build_mrz_report(p.out)
    })
}

/// The fields of a reading as words: the format, every text field as
/// `start | end << 16` (UTF-16 offsets into the caller's string; a long
/// document number's continuation apart), the dates as the offset of
/// `YYMMDD` `| century << 16` ([`NO_DATE`] for none), the names' filler
/// flags.
fn field_words(r: &Reading<'_>, origin: [u16; 3]) -> [u32; FIELD_WORDS] {
    let (g, l) = (r.grid, r.layout);
    let at = |s: Span| {
        let o = u32::from(origin.get(usize::from(s.line)).copied().unwrap_or(0));
        (o + u32::from(s.start)) | (o + u32::from(s.end)) << 16
    };
    let name = |from: usize, to: usize| -> (u32, bool) {
        let n = l.name;
        let (Ok(from), Ok(to)) = (u8::try_from(from), u8::try_from(to)) else {
            return (at(Span { end: n.start, ..n }), false);
        };
        let part = trim_fillers(
            Span {
                line: n.line,
                start: n.start + from,
                end: n.start + to.max(from),
            },
            g,
        );
        (at(part), g.slice(part).contains(&b'<'))
    };
    let (surname, surname_fillers) = name(0, r.name.primary_end);
    let (given, given_fillers) = name(r.name.secondary_start, r.name.end);
    let date = |s: Span, d: Option<Date>| {
        d.map_or(NO_DATE, |d| {
            (at(s) & 0xFFFF) | u32::from(d.year() / 100) << 16
        })
    };
    let empty = Span {
        line: l.sex.line,
        start: 0,
        end: 0,
    };
    [
        FORMATS.iter().position(|&f| f == r.format).unwrap_or(0) as u32,
        at(trim_fillers(l.doc_code, g)),
        at(trailing(l.state, g)),
        surname,
        given,
        at(r.number),
        r.long.map_or(0, |n| at(n.rest)),
        at(trailing(l.nationality, g)),
        at(l.sex),
        at(r.optional),
        at(r.optional2.unwrap_or(empty)),
        date(l.birth, r.birth.date()),
        date(l.expiry, r.expiry.date()),
        u32::from(surname_fillers) | u32::from(given_fillers) << 1,
    ]
}

/// The report as words (see `js/report.js`): fields always, findings as
/// words when they are of [`QUICK_CODES`] and nothing is suggested, else
/// packed beside them. `None` when the fields cannot be cut out of the
/// caller's string (a character outside the MRZ set).
fn words_report(
    js: &JsValue,
    g: &Grid,
    origin: [u16; 3],
    today: Date,
    out: &mut String,
) -> Option<JsValue> {
    let r = reading::read(g, today);
    if r.unclean {
        return None;
    }
    let fields = field_words(&r, origin);
    WORDS.with_borrow_mut(|words| {
        let (head, rest) = words.split_at_mut_checked(FIELD_WORDS)?;
        head.copy_from_slice(&fields);
        let ptr = u32::try_from(head.as_mut_ptr().expose_provenance()).ok()?;
        // One walk; nothing is allocated when there is nothing to report.
        let mut findings = Vec::new();
        let sum = r.findings(&mut |f: Finding| findings.push(f));
        if !sum.any {
            return Some(js::mrz_quick(js, ptr));
        }
        let mut letters: Vec<_> = findings.iter().filter_map(reading::letter_change).collect();
        if sum.unrepaired {
            letters.clear();
        }
        let changes = if r.needs_repair(&sum) {
            r.repair()
        } else {
            None
        };
        let valid = !sum.errors;
        reading::sort_by_position(&mut findings, |f| (Some(f.at.line), Some(f.at.start)));
        if changes.is_none()
            && letters.is_empty()
            && let Some(n) = encode_findings(&findings, &r, rest)
            && let Ok(n) = u32::try_from(n)
        {
            return Some(js::mrz_quick_findings(js, ptr, n, u32::from(valid)));
        }
        let mut lines = Vec::new();
        if let Some(changes) = &changes {
            findings.extend(
                changes
                    .iter()
                    .map(|c| reading::change_finding(g, r.layout, c)),
            );
            let all: Vec<_> = changes.iter().chain(&letters).copied().collect();
            lines = report::repaired_lines(g, &all);
        } else if !letters.is_empty() && !r.needs_repair(&sum) {
            lines = report::repaired_lines(g, &letters);
        }
        reading::sort_by_position(&mut findings, |f| (Some(f.at.line), Some(f.at.start)));
        // MRZ characters and constants only: nothing to escape.
        out.push(if valid { '1' } else { '0' });
        let mut p = Packed { out, escape: false };
        p.findings(&findings);
        p.out.push('\u{1f}');
        p.lines(&lines);
        Some(js::mrz_quick_issues(js, ptr, p.out))
    })
}

/// Findings as 32-bit words for `mrz_quick_findings`: per finding, `code |
/// field << 4 | parameters << 8`, `line | start << 8 | end << 16`, and per
/// parameter `name | kind << 8 | char << 16` where kind 0 is the one
/// character `char`, 1 the finding's field, 2 the expiry date as the report
/// gives it. `None` when a finding does not fit (the packed report then
/// carries them).
fn encode_findings(findings: &[Finding], r: &Reading<'_>, words: &mut [u32]) -> Option<usize> {
    let expiry = r.expiry.date()?;
    let mut n = 0;
    let mut put = |w: u32| -> Option<()> {
        *words.get_mut(n)? = w;
        n += 1;
        Some(())
    };
    for f in findings {
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
