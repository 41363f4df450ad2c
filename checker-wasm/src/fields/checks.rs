//! The checks of single values behind [`super::check_field`]: names,
//! document numbers and codes, countries, dates, sex, flights, airports,
//! email, phone, postal codes, purposes and stays.

use super::{
    MAX_AGE_YEARS, MAX_DOCUMENT_NUMBER, MAX_EMAIL, MAX_NAME, MAX_NATIVE_NAME, MAX_PHONE_TYPED,
    MAX_STAY_DAYS,
};
use crate::airports;
use crate::countries;
use crate::date::{Date, DateError};
use crate::issue::{Code, Issue};
use crate::translit;
use serde::{Deserialize, Serialize};

pub(super) fn too_long(value: &str, max: usize) -> Result<(), Issue> {
    if value.chars().count() > max {
        Err(Issue::new(Code::TooLong, "").param("max", max))
    } else {
        Ok(())
    }
}

/// Checks a Latin-script name component (trimmed, non-empty).
pub(super) fn check_latin_name(v: &str) -> Result<(), Issue> {
    too_long(v, MAX_NAME)?;
    let form = translit::mrz_form(v)?;
    if form.is_empty() {
        // Only separators and apostrophes: point at the first one.
        let c = v.chars().next().unwrap_or(' ');
        return Err(Issue::new(Code::NameChar, "")
            .param("char", c)
            .param("position", 0));
    }
    Ok(())
}

/// Whether `c` is a kanji, hanzi or kana letter (CJK Unified Ideographs
/// and extensions A–I, CJK Compatibility Ideographs and their supplement,
/// hiragana, katakana incl. half-width and phonetic extensions, the
/// iteration marks `々 〻 ゝ ゞ ヽ ヾ`, `〆` and `〇`).
pub fn is_native_letter(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2EE5F}'
        | '\u{2F800}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309D}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FD}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{FF66}'..='\u{FF6F}'
        | '\u{FF71}'..='\u{FF9D}'
        | '\u{3005}'..='\u{3007}'
        | '\u{303B}'
    )
}

/// Whether `c` is punctuation allowed in a native-script name: the middle
/// dots `・ ･ · ‧` (between the parts of a foreign name), the long vowel
/// marks `ー ｰ`, the half-width voicing marks `ﾞ ﾟ`, the katakana double
/// hyphen `゠`, and spaces (ASCII and ideographic).
pub fn is_native_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{30FB}'
            | '\u{FF65}'
            | '\u{00B7}'
            | '\u{2027}'
            | '\u{30FC}'
            | '\u{FF70}'
            | '\u{FF9E}'
            | '\u{FF9F}'
            | '\u{30A0}'
            | '\u{3000}'
            | ' '
    )
}

/// Checks a native-script name component (trimmed, non-empty).
pub(super) fn check_native_name(v: &str) -> Result<(), Issue> {
    too_long(v, MAX_NATIVE_NAME)?;
    let script_error = |c: char, position: usize| {
        Issue::new(Code::NativeScript, "")
            .param("char", c)
            .param("position", position)
    };
    for (position, c) in v.chars().enumerate() {
        if !is_native_letter(c) && !is_native_punctuation(c) {
            return Err(script_error(c, position));
        }
    }
    if !v.chars().any(is_native_letter) {
        let c = v.chars().next().unwrap_or(' ');
        return Err(script_error(c, 0));
    }
    Ok(())
}

pub(crate) fn check_document_number(v: &str) -> Result<(), Issue> {
    let ok = v.len() <= MAX_DOCUMENT_NUMBER && v.bytes().all(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(Issue::new(Code::DocumentNumberFormat, "").param("max", MAX_DOCUMENT_NUMBER))
    }
}

/// Whether `code` is a travel-document code: `A`, `C`, `I`, `P` or `V`,
/// optionally followed by one letter (`PN`, `ID`, `AC`, `VN` …); lower case
/// accepted.
pub fn is_document_code(code: &str) -> bool {
    let b = code.trim().as_bytes();
    let first_ok = |c: u8| matches!(c.to_ascii_uppercase(), b'A' | b'C' | b'I' | b'P' | b'V');
    match b {
        [a] => first_ok(*a),
        [a, b] => first_ok(*a) && b.is_ascii_alphabetic(),
        _ => false,
    }
}

pub(super) fn check_document_code(v: &str) -> Result<(), Issue> {
    if is_document_code(v) {
        Ok(())
    } else {
        Err(Issue::new(Code::DocumentCodeFormat, "").param("found", short(v)))
    }
}

/// At most 40 characters of `v`, for echoing user input in messages.
pub(super) fn short(v: &str) -> String {
    let mut s: String = v.chars().take(40).collect();
    if v.chars().nth(40).is_some() {
        s.push('…');
    }
    s
}

/// The ISO 3166-1 alpha-3 form of a typed country code (`d` → `DEU`,
/// `twn` → `TWN`), or `None` when unknown.
pub fn country_iso(code: &str) -> Option<&'static str> {
    let code = code.trim();
    if code.is_empty() || code.len() > 3 {
        return None;
    }
    countries::to_iso(&code.to_ascii_uppercase())
}

pub(super) fn check_country(v: &str) -> Result<(), Issue> {
    let known = v.len() <= 3 && countries::is_known(&v.to_ascii_uppercase());
    if known {
        Ok(())
    } else {
        Err(Issue::new(Code::CountryUnknown, "").param("found", short(v)))
    }
}

/// Parses an ISO date, mapping failures to `date.format` / `date.invalid`.
///
/// # Errors
/// `date.format` when not `YYYY-MM-DD`; `date.invalid` (param `found`) when
/// not on the calendar. The issue's field is empty.
pub fn parse_date(v: &str) -> Result<Date, Issue> {
    Date::parse_iso(v.trim()).map_err(|e| match e {
        DateError::NotOnCalendar => {
            Issue::new(Code::DateInvalid, "").param("found", short(v.trim()))
        }
        _ => Issue::new(Code::DateFormat, ""),
    })
}

pub(super) fn check_birth_date(birth: Date, today: Date) -> Result<(), Issue> {
    if birth > today {
        return Err(Issue::new(Code::DateFuture, ""));
    }
    if age_on(birth, today) > MAX_AGE_YEARS {
        return Err(Issue::new(Code::DateTooOld, "").param("max", MAX_AGE_YEARS));
    }
    Ok(())
}

/// Age in completed years on `on` (0 when `on` is not after `birth`).
pub fn age_on(birth: Date, on: Date) -> u32 {
    birth.age_on(on)
}

/// `M`, `F` or `X` (lower case accepted), upper-cased.
pub fn parse_sex(v: &str) -> Option<char> {
    match v.trim() {
        "M" | "m" => Some('M'),
        "F" | "f" => Some('F'),
        "X" | "x" => Some('X'),
        _ => None,
    }
}

/// A parsed IATA flight designator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flight {
    /// Airline: 2-character IATA designator or 3-letter ICAO designator.
    pub airline: String,
    /// Flight number, 1–9999.
    pub number: u16,
    /// Operational suffix letter, if any.
    pub suffix: Option<char>,
}

impl std::fmt::Display for Flight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.airline, self.number)?;
        if let Some(s) = self.suffix {
            write!(f, "{s}")?;
        }
        Ok(())
    }
}

/// Parses an IATA flight designator: a 2-character airline designator
/// (letters or digits, not both digits) or a 3-letter ICAO designator, an
/// optional space, a 1–4 digit flight number (leading zeros allowed, not
/// all zeros) and an optional operational suffix letter. Lower case and
/// full-width characters are accepted.
pub fn parse_flight(v: &str) -> Option<Flight> {
    let s: Vec<u8> = v
        .trim()
        .chars()
        .map(translit::fold_width)
        .map(|c| {
            if c.is_ascii() {
                Some(c.to_ascii_uppercase() as u8)
            } else {
                None
            }
        })
        .collect::<Option<Vec<u8>>>()?;
    let three = s.len() > 3 && s.iter().take(3).all(u8::is_ascii_uppercase);
    let two_ok = |a: u8, b: u8| {
        (a.is_ascii_uppercase() || a.is_ascii_digit())
            && (b.is_ascii_uppercase() || b.is_ascii_digit())
            && !(a.is_ascii_digit() && b.is_ascii_digit())
    };
    let try_split = |n: usize| -> Option<Flight> {
        let (airline, rest) = (s.get(..n)?, s.get(n..)?);
        let rest = rest.strip_prefix(b" ").unwrap_or(rest);
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=4).contains(&digits) {
            return None;
        }
        let (num, tail) = rest.split_at(digits);
        let suffix = match tail {
            [] => None,
            [c] if c.is_ascii_uppercase() => Some(char::from(*c)),
            _ => return None,
        };
        let number = num
            .iter()
            .fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'));
        if number == 0 {
            return None;
        }
        Some(Flight {
            airline: String::from_utf8(airline.to_vec()).ok()?,
            number,
            suffix,
        })
    };
    if three && let Some(f) = try_split(3) {
        return Some(f);
    }
    match s.as_slice() {
        [a, b, ..] if two_ok(*a, *b) => try_split(2),
        _ => None,
    }
}

/// The canonical form of a flight designator: upper case, no space, no
/// leading zeros (`BR 0198` → `BR198`, `nh0852` → `NH852`).
pub fn normalize_flight(v: &str) -> Option<String> {
    parse_flight(v).map(|f| f.to_string())
}

pub(super) fn check_airport(v: &str, country: &str) -> Result<(), Issue> {
    let b = v.as_bytes();
    if b.len() != 3 || !b.iter().all(u8::is_ascii_alphabetic) {
        return Err(Issue::new(Code::AirportFormat, ""));
    }
    let code = v.to_ascii_uppercase();
    match airports::lookup(&code) {
        None => Err(Issue::new(Code::AirportUnknown, "").param("found", code)),
        Some(a) if a.country == country => Ok(()),
        Some(_) if country == "TWN" => {
            Err(Issue::new(Code::AirportNotTaiwan, "").param("found", code))
        }
        Some(_) => Err(Issue::new(Code::AirportNotJapan, "").param("found", code)),
    }
}

/// Pragmatic email check: exactly one `@`; a local part of 1–64
/// characters without blanks, control characters or empty dot-separated
/// parts; a domain with at least two labels of letters, digits and inner
/// hyphens (non-ASCII letters allowed, for internationalised domains), the
/// last of at least two characters; at most 254 characters in all.
pub fn is_email(v: &str) -> bool {
    if v.chars().count() > MAX_EMAIL {
        return false;
    }
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    if domain.contains('@') || local.is_empty() || local.chars().count() > 64 {
        return false;
    }
    let bad_local = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '(' | ')' | ',' | ':' | ';' | '<' | '>' | '[' | '\\' | ']' | '"'
            )
    };
    if local.chars().any(bad_local) || local.split('.').any(str::is_empty) {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars().count() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c == '-' || c.is_alphanumeric())
    };
    labels.iter().all(|l| label_ok(l))
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit()))
}

pub(super) fn check_email(v: &str) -> Result<(), Issue> {
    if is_email(v) {
        Ok(())
    } else {
        Err(Issue::new(Code::EmailFormat, ""))
    }
}

/// Normalises a phone number to E.164: it must start with `+`; spaces,
/// hyphens and parentheses typed between the digits are dropped
/// (full-width forms too); the result is `+` and 8–15 digits, the first not
/// `0`. `+886 (912) 345-678` → `+886912345678`.
pub fn normalize_phone(v: &str) -> Option<String> {
    let v = v.trim();
    if v.chars().count() > MAX_PHONE_TYPED {
        return None;
    }
    let mut chars = v.chars().map(translit::fold_width);
    if chars.next() != Some('+') {
        return None;
    }
    let mut out = String::from("+");
    for c in chars {
        match c {
            '0'..='9' => out.push(c),
            ' ' | '-' | '(' | ')' | '\u{2010}' | '\u{2212}' => {}
            _ => return None,
        }
    }
    let digits = out.len() - 1;
    let first_ok = out.as_bytes().get(1).is_some_and(|&b| b != b'0');
    ((8..=15).contains(&digits) && first_ok).then_some(out)
}

/// Normalises a Japanese postal code to `NNN-NNNN` (see the module notes
/// for what is accepted).
pub fn normalize_postal_code(v: &str) -> Option<String> {
    let v = v.trim();
    let v = v.strip_prefix('〒').map(str::trim_start).unwrap_or(v);
    let mut digits = String::with_capacity(8);
    let mut hyphen_at = None;
    for (i, c) in v.chars().map(translit::fold_width).enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '-' | '\u{2010}' | '\u{2212}' if hyphen_at.is_none() => hyphen_at = Some(i),
            _ => return None,
        }
    }
    if digits.len() != 7 || !matches!(hyphen_at, None | Some(3)) {
        return None;
    }
    let (a, b) = digits.split_at(3);
    Some(format!("{a}-{b}"))
}

/// Why the group travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Purpose {
    /// Sightseeing.
    Tourism,
    /// Business.
    Business,
    /// Visiting relatives or friends.
    VisitingFamily,
    /// Study.
    Study,
    /// Work.
    Work,
    /// Transit to a third country.
    Transit,
    /// Returning to one's home or residence in Japan.
    ReturnHome,
    /// Evacuation in a crisis.
    Evacuation,
    /// Anything else.
    Other,
}

impl Purpose {
    /// Every purpose, in display order.
    pub const ALL: &'static [Purpose] = &[
        Purpose::Tourism,
        Purpose::Business,
        Purpose::VisitingFamily,
        Purpose::Study,
        Purpose::Work,
        Purpose::Transit,
        Purpose::ReturnHome,
        Purpose::Evacuation,
        Purpose::Other,
    ];
}

/// A purpose of visit from its camelCase name (`tourism`,
/// `visitingFamily` …).
pub fn parse_purpose(v: &str) -> Option<Purpose> {
    use serde::Deserialize as _;
    // serde's own string deserializer: the same names as the record's
    // serde attributes, without pulling a JSON parser into the WebAssembly.
    Purpose::deserialize(
        serde::de::value::StrDeserializer::<serde::de::value::Error>::new(v.trim()),
    )
    .ok()
}

pub(super) fn check_length_of_stay(v: &str) -> Result<(), Issue> {
    let n = if v.len() <= 6 && v.bytes().all(|b| b.is_ascii_digit()) {
        v.parse::<u32>().ok()
    } else {
        None
    };
    check_stay_days(n.unwrap_or(0))
}

/// `stay.length` unless `days` is 1–365.
pub(crate) fn check_stay_days(days: u32) -> Result<(), Issue> {
    if (1..=MAX_STAY_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(Issue::new(Code::StayLength, "").param("max", MAX_STAY_DAYS))
    }
}
