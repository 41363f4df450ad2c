//! Single form fields: formats, normalisers and the cross-check against an
//! MRZ.
//!
//! [`validate_field`] is the entry point used by the JavaScript API: one
//! [`FieldKind`], one typed value, the [`ValidateOptions`] (for `today`).
//! The same checks run inside [`crate::validate_record`], with field names
//! such as `travelers[0].surname`.
//!
//! Decisions (also in `docs/record.md`):
//! * Values are trimmed before checking. Empty required values give
//!   `field.required` and nothing else.
//! * Codes (document code and number, countries, sex, airports, flights)
//!   are accepted in lower case and compared upper-cased.
//! * Full-width ASCII (`ＢＲ１９８`, typed by Japanese and Chinese input
//!   methods) is folded to ASCII for names, flights, phones and postal
//!   codes.
//! * Japanese postal codes: `NNN-NNNN` or `NNNNNNN`, with ASCII or
//!   full-width digits, an optional leading `〒`, and the hyphen as `-`,
//!   `－`, `‐` or `−`; [`normalize_postal_code`] gives `NNN-NNNN`.

use crate::airports;
use crate::countries;
use crate::date::{Date, DateError};
use crate::issue::{Code, Issue};
use crate::mrz::MrzFields;
use crate::record::{Purpose, Traveler, ValidateOptions};
use crate::translit;
use serde::{Deserialize, Serialize};

/// Most characters in a Latin-script name component.
pub const MAX_NAME: usize = 100;
/// Most characters in a native-script name component.
pub const MAX_NATIVE_NAME: usize = 50;
/// Most characters in a document number (TD1 long numbers included).
pub const MAX_DOCUMENT_NUMBER: usize = 22;
/// Most characters in an email address (RFC 5321 path limit).
pub const MAX_EMAIL: usize = 254;
/// Most characters in free text (address, contact in Japan).
pub const MAX_TEXT: usize = 300;
/// Most characters accepted in a typed phone number (before normalising).
pub const MAX_PHONE_TYPED: usize = 32;
/// Oldest plausible age, in years, for a birth date.
pub const MAX_AGE_YEARS: u32 = 130;
/// Longest stay, in days.
pub const MAX_STAY_DAYS: u32 = 365;
/// Width of the narrowest MRZ name field (TD1); names whose MRZ form is
/// longer may appear truncated in an MRZ.
pub const MIN_MRZ_NAME_WIDTH: usize = 30;
/// Width of the widest MRZ name field (TD3, MRV-A); longer names are
/// truncated on every document (`name.long`).
pub const MAX_MRZ_NAME_WIDTH: usize = 39;

/// The kinds of field [`validate_field`] checks. Serialised in camelCase,
/// as the JavaScript API names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum FieldKind {
    /// Latin-script surname (required).
    Surname,
    /// Latin-script given names (optional: single-name documents).
    GivenNames,
    /// Native-script name (optional): kanji, kana, hanzi.
    NativeName,
    /// Document number, letters and digits.
    DocumentNumber,
    /// Document code: `P`, `PN`, `ID`, `C`, `V` …
    DocumentCode,
    /// Issuing state (3-letter code, or `D`).
    IssuingState,
    /// Nationality (3-letter code, or `D`).
    Nationality,
    /// Date of birth: not in the future, not more than 130 years ago.
    BirthDate,
    /// Date of expiry: not before today.
    ExpiryDate,
    /// `M`, `F` or `X`.
    Sex,
    /// IATA flight designator.
    Flight,
    /// Departure airport (Taiwan).
    DepartureAirport,
    /// Arrival airport (Japan).
    ArrivalAirport,
    /// Any ISO date `YYYY-MM-DD`.
    Date,
    /// Email address.
    Email,
    /// Phone number, E.164.
    Phone,
    /// Japanese postal code (optional).
    PostalCode,
    /// Purpose of visit, one of the [`Purpose`] names.
    Purpose,
    /// Length of stay in days, 1–365.
    LengthOfStay,
}

impl FieldKind {
    /// Every kind.
    pub const ALL: &'static [FieldKind] = &[
        FieldKind::Surname,
        FieldKind::GivenNames,
        FieldKind::NativeName,
        FieldKind::DocumentNumber,
        FieldKind::DocumentCode,
        FieldKind::IssuingState,
        FieldKind::Nationality,
        FieldKind::BirthDate,
        FieldKind::ExpiryDate,
        FieldKind::Sex,
        FieldKind::Flight,
        FieldKind::DepartureAirport,
        FieldKind::ArrivalAirport,
        FieldKind::Date,
        FieldKind::Email,
        FieldKind::Phone,
        FieldKind::PostalCode,
        FieldKind::Purpose,
        FieldKind::LengthOfStay,
    ];

    /// The camelCase name (also the `field` of its issues).
    pub const fn name(self) -> &'static str {
        match self {
            FieldKind::Surname => "surname",
            FieldKind::GivenNames => "givenNames",
            FieldKind::NativeName => "nativeName",
            FieldKind::DocumentNumber => "documentNumber",
            FieldKind::DocumentCode => "documentCode",
            FieldKind::IssuingState => "issuingState",
            FieldKind::Nationality => "nationality",
            FieldKind::BirthDate => "birthDate",
            FieldKind::ExpiryDate => "expiryDate",
            FieldKind::Sex => "sex",
            FieldKind::Flight => "flight",
            FieldKind::DepartureAirport => "departureAirport",
            FieldKind::ArrivalAirport => "arrivalAirport",
            FieldKind::Date => "date",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
            FieldKind::PostalCode => "postalCode",
            FieldKind::Purpose => "purpose",
            FieldKind::LengthOfStay => "lengthOfStay",
        }
    }

    /// Looks a kind up by its camelCase name.
    pub fn from_name(name: &str) -> Option<FieldKind> {
        FieldKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Whether an empty value is `field.required`. Given names, native
    /// names and postal codes are optional.
    pub const fn is_required(self) -> bool {
        !matches!(
            self,
            FieldKind::GivenNames | FieldKind::NativeName | FieldKind::PostalCode
        )
    }
}

/// Checks one field. Issues carry `kind.name()` as their field.
pub fn validate_field(kind: FieldKind, value: &str, options: &ValidateOptions) -> Vec<Issue> {
    check_field(kind, value, options, kind.name())
}

/// Checks one field, naming it `field` in the issues (e.g.
/// `travelers[0].surname`).
pub fn check_field(
    kind: FieldKind,
    value: &str,
    options: &ValidateOptions,
    field: &str,
) -> Vec<Issue> {
    let v = value.trim();
    if v.is_empty() {
        return if kind.is_required() {
            vec![Issue::new(Code::Required, field)]
        } else {
            Vec::new()
        };
    }
    // Positions are reported in the value as typed, blanks included.
    let lead = value.chars().take_while(|c| c.is_whitespace()).count();
    let one = |r: Result<(), Issue>| match r {
        Ok(()) => Vec::new(),
        Err(mut i) => {
            i.field = field.to_owned();
            if lead > 0 {
                let pos = i
                    .params
                    .get("position")
                    .and_then(|p| p.parse::<usize>().ok());
                if let Some(pos) = pos {
                    i = i.param("position", pos + lead);
                }
            }
            vec![i]
        }
    };
    match kind {
        FieldKind::Surname | FieldKind::GivenNames => one(check_latin_name(v)),
        FieldKind::NativeName => one(check_native_name(v)),
        FieldKind::DocumentNumber => one(check_document_number(v)),
        FieldKind::DocumentCode => one(check_document_code(v)),
        FieldKind::IssuingState | FieldKind::Nationality => one(check_country(v)),
        FieldKind::BirthDate => one(parse_date(v).and_then(|d| check_birth_date(d, options.today))),
        FieldKind::ExpiryDate => one(parse_date(v).and_then(|d| {
            if d < options.today {
                Err(Issue::new(Code::DocumentExpired, "").param("expiry", d))
            } else {
                Ok(())
            }
        })),
        FieldKind::Date => one(parse_date(v).map(|_| ())),
        FieldKind::Sex => one(parse_sex(v)
            .map(|_| ())
            .ok_or_else(|| Issue::new(Code::SexInvalid, ""))),
        FieldKind::Flight => one(normalize_flight(v)
            .map(|_| ())
            .ok_or_else(|| Issue::new(Code::FlightFormat, ""))),
        FieldKind::DepartureAirport => one(check_airport(v, "TWN")),
        FieldKind::ArrivalAirport => one(check_airport(v, "JPN")),
        FieldKind::Email => one(check_email(v)),
        FieldKind::Phone => one(normalize_phone(v)
            .map(|_| ())
            .ok_or_else(|| Issue::new(Code::PhoneFormat, ""))),
        FieldKind::PostalCode => one(normalize_postal_code(v)
            .map(|_| ())
            .ok_or_else(|| Issue::new(Code::PostalCodeFormat, ""))),
        FieldKind::Purpose => one(parse_purpose(v)
            .map(|_| ())
            .ok_or_else(|| Issue::new(Code::PurposeInvalid, ""))),
        FieldKind::LengthOfStay => one(check_length_of_stay(v)),
    }
}

fn too_long(value: &str, max: usize) -> Result<(), Issue> {
    if value.chars().count() > max {
        Err(Issue::new(Code::TooLong, "").param("max", max))
    } else {
        Ok(())
    }
}

/// Checks a Latin-script name component (trimmed, non-empty).
fn check_latin_name(v: &str) -> Result<(), Issue> {
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
fn check_native_name(v: &str) -> Result<(), Issue> {
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

fn check_document_number(v: &str) -> Result<(), Issue> {
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

fn check_document_code(v: &str) -> Result<(), Issue> {
    if is_document_code(v) {
        Ok(())
    } else {
        Err(Issue::new(Code::DocumentCodeFormat, "").param("found", short(v)))
    }
}

/// At most 40 characters of `v`, for echoing user input in messages.
fn short(v: &str) -> String {
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

fn check_country(v: &str) -> Result<(), Issue> {
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

fn check_birth_date(birth: Date, today: Date) -> Result<(), Issue> {
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

fn check_airport(v: &str, country: &str) -> Result<(), Issue> {
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

fn check_email(v: &str) -> Result<(), Issue> {
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

fn check_length_of_stay(v: &str) -> Result<(), Issue> {
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

/// Compares what a traveler typed with the fields read from their MRZ.
///
/// One `cross.mismatch` (param `mrz`: the MRZ's value) per disagreeing
/// field, named `{field_prefix}.{field}` (or just `{field}` when the prefix
/// is empty). Fields that are empty or malformed on either side are not
/// compared (their own checks report them). Names are compared through
/// Doc 9303 transliteration, accepting its alternative spellings; when the
/// typed name's MRZ form is longer than the narrowest MRZ name field
/// (30 characters) the MRZ name may be a truncation of it. Countries are
/// compared through their ISO form (`D` ≡ `DEU`); sex `X` matches `<`.
pub fn cross_check(traveler: &Traveler, mrz: &MrzFields, field_prefix: &str) -> Vec<Issue> {
    let name = |f: &str| {
        if field_prefix.is_empty() {
            f.to_owned()
        } else {
            format!("{field_prefix}.{f}")
        }
    };
    let mismatch =
        |f: &str, mrz_value: &str| Issue::new(Code::CrossMismatch, name(f)).param("mrz", mrz_value);
    let mut out = Vec::new();

    // Names.
    let surname = traveler.surname.trim();
    let given = traveler.given_names.trim();
    let truncation = translit::full_mrz_name(surname, given).len() > MIN_MRZ_NAME_WIDTH;
    let names_ok =
        translit::first_invalid(surname).is_none() && translit::first_invalid(given).is_none();
    if names_ok {
        let mrz_surname = mrz.surname.trim();
        if !surname.is_empty() {
            let ok =
                !mrz_surname.is_empty() && translit::matches_mrz(surname, mrz_surname, truncation);
            if !ok {
                out.push(mismatch("surname", mrz_surname));
            }
        }
        let mrz_given = mrz.given_names.trim();
        let ok = if given.is_empty() {
            mrz_given.is_empty()
        } else {
            !mrz_given.is_empty() && translit::matches_mrz(given, mrz_given, truncation)
        };
        // An empty typed surname with MRZ given names is a single-name case
        // handled by the required check; only compare given names when a
        // surname was typed or given names were.
        if !(ok || (surname.is_empty() && given.is_empty())) {
            out.push(mismatch("givenNames", mrz_given));
        }
    }

    // Document number.
    let number = traveler.document_number.trim();
    if !number.is_empty()
        && check_document_number(number).is_ok()
        && !mrz.document_number.is_empty()
    {
        let mrz_number = mrz.document_number.trim_matches('<');
        if !number.eq_ignore_ascii_case(mrz_number) {
            out.push(mismatch("documentNumber", mrz_number));
        }
    }

    // Dates.
    for (f, typed, read) in [
        ("birthDate", &traveler.birth_date, mrz.birth_date),
        ("expiryDate", &traveler.expiry_date, mrz.expiry_date),
    ] {
        if let (Ok(t), Some(r)) = (Date::parse_iso(typed.trim()), read)
            && t != r
        {
            out.push(mismatch(f, &r.to_string()));
        }
    }

    // Countries.
    for (f, typed, read) in [
        ("nationality", &traveler.nationality, &mrz.nationality),
        ("issuingState", &traveler.issuing_state, &mrz.issuing_state),
    ] {
        let read = read.trim_matches('<').trim();
        if let Some(t) = country_iso(typed)
            && !read.is_empty()
        {
            let r = countries::to_iso(read).unwrap_or(read);
            if t != r {
                out.push(mismatch(f, read));
            }
        }
    }

    // Sex.
    if let Some(t) = parse_sex(&traveler.sex) {
        let read = mrz.sex.trim();
        let r = match read {
            "<" | "" => 'X',
            _ => read.chars().next().unwrap_or('X'),
        };
        if !read.is_empty() && t != r {
            out.push(mismatch("sex", read));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn traveler() -> Traveler {
        Traveler {
            document_code: "P".into(),
            document_number: "L898902C3".into(),
            issuing_state: "D".into(),
            expiry_date: "2030-04-15".into(),
            surname: "Müller".into(),
            given_names: "Anna-Maria".into(),
            birth_date: "1974-08-12".into(),
            sex: "F".into(),
            nationality: "DEU".into(),
            ..Traveler::default()
        }
    }

    fn fields() -> MrzFields {
        MrzFields {
            document_code: "P".into(),
            issuing_state: "D".into(),
            surname: "MUELLER".into(),
            given_names: "ANNA MARIA".into(),
            document_number: "L898902C3".into(),
            nationality: "D".into(),
            birth_date: Date::new(1974, 8, 12),
            sex: "F".into(),
            expiry_date: Date::new(2030, 4, 15),
            ..MrzFields::default()
        }
    }

    #[test]
    fn cross_check_agrees_and_disagrees() {
        assert!(cross_check(&traveler(), &fields(), "travelers[0]").is_empty());
        let mut m = fields();
        m.document_number = "L898902C8".into();
        m.birth_date = Date::new(1974, 8, 21);
        m.sex = "M".into();
        m.nationality = "AUT".into();
        m.surname = "MILLER".into();
        let issues = cross_check(&traveler(), &m, "travelers[2]");
        let got: Vec<(&str, &str)> = issues
            .iter()
            .map(|i| (i.field.as_str(), i.params["mrz"].as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("travelers[2].surname", "MILLER"),
                ("travelers[2].documentNumber", "L898902C8"),
                ("travelers[2].birthDate", "1974-08-21"),
                ("travelers[2].nationality", "AUT"),
                ("travelers[2].sex", "M"),
            ]
        );
        assert!(issues.iter().all(|i| i.code == Code::CrossMismatch));
        let issues = cross_check(
            &traveler(),
            &MrzFields {
                given_names: "ANNA".into(),
                ..fields()
            },
            "",
        );
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "givenNames");
    }

    #[test]
    fn cross_check_allows_truncated_long_names() {
        let t = Traveler {
            surname: "Nilavadhanananda".into(),
            given_names: "Arnpol Petch Charonguang".into(),
            ..traveler()
        };
        let m = MrzFields {
            surname: "NILAVADHANANANDA".into(),
            given_names: "ARNPOL PETCH".into(),
            ..fields()
        };
        assert!(cross_check(&t, &m, "").is_empty());
        let m = MrzFields {
            given_names: "ARNPOL PETCH CHARONGUANG".into(),
            ..m
        };
        assert!(cross_check(&t, &m, "").is_empty());
        let m = MrzFields {
            given_names: "ARNPOL PATCH".into(),
            ..m
        };
        assert_eq!(cross_check(&t, &m, "").len(), 1);
        // Short names: no truncation allowed.
        let m = MrzFields {
            given_names: "ANNA".into(),
            ..fields()
        };
        let t = Traveler {
            given_names: "Anna Maria".into(),
            ..traveler()
        };
        assert_eq!(cross_check(&t, &m, "").len(), 1);
        // X matches <.
        let t = Traveler {
            sex: "X".into(),
            ..traveler()
        };
        assert!(
            cross_check(
                &t,
                &MrzFields {
                    sex: "<".into(),
                    ..fields()
                },
                ""
            )
            .is_empty()
        );
    }
}
