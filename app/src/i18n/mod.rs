//! Translations: English, Japanese, Traditional Chinese, Indonesian,
//! Vietnamese, Filipino, Thai and Korean.
//!
//! Every text of a language is in its language pack, `packs/<tag>.json`
//! ([`pack`]): interface strings keyed by [`Key`], checker findings keyed by
//! [`Code`], the form's inputs as named in a sentence and when left empty,
//! the date pattern. The packs are not in the wasm: the build writes each as
//! its own file and the page fetches only the language it shows
//! ([`load`]). A test refuses a pack with a missing or unknown entry or
//! with placeholders other than the English ones. `glossary/<tag>.md` holds
//! each language's terms and says how the translation was made and checked.

mod keys;
pub mod pack;
#[cfg(test)]
mod tests;
mod wire;

use checker_wasm::record::Purpose;
use checker_wasm::{Code, Issue};
pub use keys::Key;

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
    /// Traditional Chinese (Taiwan).
    ZhHant,
    /// Indonesian.
    Id,
    /// Vietnamese.
    Vi,
    /// Filipino.
    Fil,
    /// Thai.
    Th,
    /// Korean.
    Ko,
}

impl Lang {
    /// All languages, in menu order.
    pub const ALL: [Lang; 8] = [
        Lang::En,
        Lang::Ja,
        Lang::ZhHant,
        Lang::Id,
        Lang::Vi,
        Lang::Fil,
        Lang::Th,
        Lang::Ko,
    ];

    /// Position in [`Lang::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// BCP 47 tag for `<html lang>` and `?lang=`.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::ZhHant => "zh-Hant",
            Lang::Id => "id",
            Lang::Vi => "vi",
            Lang::Fil => "fil",
            Lang::Th => "th",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, for the switcher.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
            Lang::ZhHant => "繁體中文",
            Lang::Id => "Bahasa Indonesia",
            Lang::Vi => "Tiếng Việt",
            Lang::Fil => "Filipino",
            Lang::Th => "ไทย",
            Lang::Ko => "한국어",
        }
    }

    /// Parses a tag as `config.json` and `?lang=` give it (`en`, `ja`,
    /// `zh-Hant`, `id`, `vi`, `fil`, `th`, `ko`; case-insensitive, `zh-TW`
    /// too).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            "zh-hant" | "zh-tw" => Some(Lang::ZhHant),
            "id" => Some(Lang::Id),
            "vi" => Some(Lang::Vi),
            "fil" => Some(Lang::Fil),
            "th" => Some(Lang::Th),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }

    /// The language a browser's preferred-language tag asks for
    /// (`navigator.languages`: `vi-VN`, `zh-Hant-TW`, `tl`, `in` …); `zh`
    /// only when it says Traditional (`Hant`, or Taiwan, Hong Kong, Macau).
    pub fn from_preference(tag: &str) -> Option<Lang> {
        let lower = tag.to_ascii_lowercase();
        let mut parts = lower.split(['-', '_']);
        let primary = parts.next().unwrap_or_default();
        Some(match primary {
            "en" => Lang::En,
            "ja" => Lang::Ja,
            "zh" if parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo")) => Lang::ZhHant,
            "id" | "in" => Lang::Id,
            "vi" => Lang::Vi,
            "fil" | "tl" => Lang::Fil,
            "th" => Lang::Th,
            "ko" => Lang::Ko,
            _ => return None,
        })
    }

    /// The first of `preferred` (the browser's languages, most wanted
    /// first) that is among `offered`.
    pub fn negotiate<'a>(
        preferred: impl IntoIterator<Item = &'a str>,
        offered: &[Lang],
    ) -> Option<Lang> {
        preferred
            .into_iter()
            .filter_map(Lang::from_preference)
            .find(|l| offered.contains(l))
    }

    /// An interface string (empty while the language's pack is not
    /// installed).
    pub fn t(self, key: Key) -> &'static str {
        pack::get(self).map_or("", |p| p.ui(key))
    }

    /// The message template of a checker code, when this language has one.
    pub fn code_template(self, code: Code) -> Option<&'static str> {
        pack::get(self).and_then(|p| p.code(code))
    }

    /// A calendar date in this language's form.
    pub fn format_date(self, year: u16, month: u8, day: u8) -> String {
        pack::get(self).map_or_else(
            || format!("{year}-{month:02}-{day:02}"),
            |p| p.format_date(year, month, day),
        )
    }

    /// The label of a purpose of visit.
    pub fn purpose(self, p: Purpose) -> &'static str {
        self.t(purpose_key(p))
    }
}

/// Fetches and installs the pack of `lang` (through the boot script's
/// `portalPack(tag)`, which may already have started the fetch); at once
/// when it is installed.
pub async fn load(lang: Lang) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    if pack::is_installed(lang) {
        return Ok(());
    }
    let global = js_sys::global();
    let loader = js_sys::Reflect::get(&global, &wasm_bindgen::JsValue::from_str("portalPack"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| "no language pack loader (portalPack)".to_owned())?;
    let promise = loader
        .call1(&global, &wasm_bindgen::JsValue::from_str(lang.tag()))
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        .ok_or_else(|| "portalPack did not return a promise".to_owned())?;
    let text = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| {
            format!(
                "the {} language pack could not be loaded: {e:?}",
                lang.tag()
            )
        })?
        .as_string()
        .ok_or_else(|| format!("the {} language pack is not text", lang.tag()))?;
    pack::install(lang, &text).map_err(|p| p.join("; "))
}

/// The interface key naming a purpose.
pub fn purpose_key(p: Purpose) -> Key {
    match p {
        Purpose::Tourism => Key::PurposeTourism,
        Purpose::Business => Key::PurposeBusiness,
        Purpose::VisitingFamily => Key::PurposeVisitingFamily,
        Purpose::Study => Key::PurposeStudy,
        Purpose::Work => Key::PurposeWork,
        Purpose::Transit => Key::PurposeTransit,
        Purpose::ReturnHome => Key::PurposeReturnHome,
        Purpose::Evacuation => Key::PurposeEvacuation,
        _ => Key::PurposeOther,
    }
}

/// The stable value (`tourism`, `visitingFamily` …) of a purpose.
pub fn purpose_value(p: Purpose) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Formats an ISO date (`YYYY-MM-DD`) for display; other text is shown as typed.
pub fn display_date(lang: Lang, iso: &str) -> String {
    match checker_wasm::Date::parse_iso(iso) {
        Ok(d) => lang.format_date(d.year(), d.month(), d.day()),
        Err(_) => iso.to_owned(),
    }
}

/// Localised name of a checker field (`documentNumber`, `travelers[1].birthDate` …).
pub fn field_name(lang: Lang, field: &str) -> String {
    let leaf = field.rsplit('.').next().unwrap_or(field);
    let key = match leaf {
        "surname" => Key::Surname,
        "givenNames" => Key::GivenNames,
        "documentNumber" => Key::DocumentNumber,
        "issuingState" => Key::IssuingState,
        "nationality" => Key::Nationality,
        "birthDate" => Key::BirthDate,
        "sex" => Key::Sex,
        "expiryDate" => Key::ExpiryDate,
        "flight" => Key::Flight,
        "departureAirport" => Key::DepartureAirport,
        "arrivalAirport" => Key::ArrivalAirport,
        "departureDate" => Key::DepartureDate,
        "arrivalDate" => Key::ArrivalDate,
        "purpose" => Key::Purpose,
        "addressInJapan" => Key::Address,
        "lengthOfStayDays" => Key::StayDays,
        "email" => Key::Email,
        "phone" => Key::Phone,
        "mrz" => Key::MrzLabel,
        "personalNumber" => Key::FieldPersonalNumber,
        "optionalData" | "optionalData2" => Key::FieldOptionalData,
        "composite" | "compositeCheck" => Key::FieldComposite,
        "documentCode" => Key::FieldDocumentCode,
        "travelers" => Key::FieldTravelers,
        "accompaniedBy" => Key::AccompaniedBy,
        _ => return leaf.to_owned(),
    };
    lang.t(key).to_owned()
}

/// Replaces `{name}` placeholders with `value(name)`; unknown names stay.
pub fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        match after.find('}') {
            Some(close) => {
                let name = after.get(..close).unwrap_or_default();
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push_str(rest.get(open..).unwrap_or_default());
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Inputs that may be left empty (their labels say "(optional)").
pub const OPTIONAL_INPUTS: &[&str] = &["given-names"];

/// Codes whose own message does not name the field: beside an input and in
/// the error summary they are shown in a field-aware form ([`Lang::field_template`]).
pub const FIELD_AWARE_CODES: &[Code] = &[
    Code::TooLong,
    Code::NameChar,
    Code::NameLong,
    Code::NativeScript,
    Code::DateFormat,
    Code::DateInvalid,
    Code::DateFuture,
    Code::DatePast,
    Code::DateTooOld,
    Code::CountryUnknown,
    Code::SexInvalid,
    Code::DocumentNumberFormat,
    Code::AirportFormat,
    Code::AirportUnknown,
    Code::TripDatesOrder,
    Code::CrossMismatch,
    Code::GroupDuplicate,
    Code::DocumentExpired,
    Code::DocumentValidity,
];

/// The input id without a per-traveler suffix (`accompanied-by-2` → `accompanied-by`).
pub(crate) fn input_base(id: &str) -> &str {
    if id.starts_with("accompanied-by") {
        "accompanied-by"
    } else {
        id
    }
}

/// The page input a checker field is entered in (`trip.departureDate` →
/// `departure-date`); `None` when the field does not say (e.g. `date`).
pub fn input_of_field(field: &str) -> Option<&'static str> {
    let leaf = field.rsplit('.').next().unwrap_or(field);
    let leaf = leaf.split('[').next().unwrap_or(leaf);
    Some(match leaf {
        "mrz" => "mrz",
        "surname" => "surname",
        "givenNames" => "given-names",
        "documentNumber" => "document-number",
        "issuingState" => "issuing-state",
        "nationality" => "nationality",
        "birthDate" => "birth-date",
        "sex" => "sex",
        "expiryDate" => "expiry-date",
        "flight" => "flight",
        "departureAirport" => "departure-airport",
        "arrivalAirport" => "arrival-airport",
        "departureDate" => "departure-date",
        "arrivalDate" => "arrival-date",
        "purpose" => "purpose",
        "addressInJapan" | "postalCode" | "contactInJapan" => "address",
        "lengthOfStayDays" | "lengthOfStay" => "stay-days",
        "email" => "email",
        "phone" => "phone",
        "accompaniedBy" => "accompanied-by",
        _ => return None,
    })
}

/// Upper-cases the first letter (sentence-initial form of a label).
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

impl Lang {
    /// How a page input is named inside a sentence ("date of departure";
    /// in Japanese, Chinese, Thai and Korean, its label).
    pub fn in_sentence(self, id: &str) -> Option<&'static str> {
        pack::get(self).and_then(|p| p.in_sentence(input_base(id)))
    }

    /// What to do when a required input is empty, naming it
    /// ("Enter your date of departure").
    pub fn required(self, id: &str) -> Option<&'static str> {
        let id = input_base(id);
        if id == "consent" {
            return Some(self.t(Key::ConsentRequired));
        }
        pack::get(self).and_then(|p| p.required(id))
    }

    /// The field-aware template of a code whose own message does not name
    /// the field: `{label}` is the input's name inside a sentence, `{Label}`
    /// the same at the start of one; the code's parameters as in its template.
    pub fn field_template(self, code: Code) -> Option<&'static str> {
        pack::get(self).and_then(|p| p.field_code(code))
    }

    /// An input's label, with "(optional)" when it may be left empty.
    pub fn input_label(self, key: Key, optional: bool) -> String {
        if !optional {
            return self.t(key).to_owned();
        }
        let sep = pack::get(self).map_or(" ", pack::Pack::optional_separator);
        format!("{}{sep}{}", self.t(key), self.t(Key::Optional))
    }
}

/// A finding shown beside the input `id` (or in the error summary, linking
/// to it): the message names the input and says what to do.
pub fn field_message(lang: Lang, id: &str, issue: &Issue) -> String {
    if issue.code == Code::Required
        && let Some(text) = lang.required(id)
    {
        return text.to_owned();
    }
    match lang.in_sentence(id) {
        Some(label) => field_message_for(lang, id, label, issue),
        None => issue_message(lang, issue),
    }
}

fn field_message_for(lang: Lang, id: &str, label: &str, issue: &Issue) -> String {
    if issue.code == Code::Required
        && let Some(text) = lang.required(id)
    {
        return text.to_owned();
    }
    // "before today": the date must be today or later.
    let code = match issue.code {
        Code::TripDatesOrder if issue.params.get("other").is_some_and(|o| o == "today") => {
            Code::DatePast
        }
        c => c,
    };
    let Some(template) = lang.field_template(code) else {
        return code_message(lang, issue);
    };
    let other = issue
        .params
        .get("other")
        .and_then(|o| input_of_field(o))
        .and_then(|o| lang.in_sentence(o));
    fill(template, |name| match name {
        "label" => Some(label.to_owned()),
        "Label" => Some(capitalise(label)),
        "other" => other.map(str::to_owned),
        "date" | "expiry" | "required" => issue.params.get(name).map(|d| display_date(lang, d)),
        _ => issue.params.get(name).cloned(),
    })
}

/// A checker finding in `lang`, with its parameters (field names and
/// dates localised) and, for MRZ findings, the line and position. Findings
/// of an input's own field are named as [`field_message`] does.
pub fn issue_message(lang: Lang, issue: &Issue) -> String {
    if let Some(id) = input_of_field(&issue.field)
        && (issue.code == Code::Required || FIELD_AWARE_CODES.contains(&issue.code))
        && let Some(label) = lang.in_sentence(id)
    {
        return field_message_for(lang, id, label, issue);
    }
    code_message(lang, issue)
}

/// The code's own message, as the checker's template has it.
fn code_message(lang: Lang, issue: &Issue) -> String {
    let Some(template) = lang.code_template(issue.code) else {
        return issue.message.clone();
    };
    let text = fill(template, |name| match name {
        "field" => Some(field_name(
            lang,
            issue
                .params
                .get("field")
                .map_or(issue.field.as_str(), String::as_str),
        )),
        "other" => issue.params.get("other").map(|o| field_name(lang, o)),
        "line" => issue
            .params
            .get("line")
            .cloned()
            .or_else(|| issue.line.map(|l| (u32::from(l) + 1).to_string())),
        "date" | "expiry" | "required" => issue.params.get(name).map(|d| display_date(lang, d)),
        _ => issue.params.get(name).cloned(),
    });
    match (issue.line, issue.start, issue.params.contains_key("column")) {
        (Some(line), Some(start), false) if issue.code != Code::MrzLineLength => {
            let pos = fill(lang.t(Key::MrzPosition), |n| match n {
                "line" => Some((u32::from(line) + 1).to_string()),
                "column" => Some((u32::from(start) + 1).to_string()),
                _ => None,
            });
            format!("{text} {pos}")
        }
        _ => text,
    }
}

/// An interface string with `{name}` parameters filled in.
pub fn tf(lang: Lang, key: Key, params: &[(&str, &str)]) -> String {
    fill(lang.t(key), |name| {
        params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned())
    })
}
