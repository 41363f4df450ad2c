//! Translations: English, Japanese, Traditional Chinese.
//!
//! One module per language. Interface strings are keyed by [`Key`] (each
//! language's table is an exhaustive `match`, so a missing string does not
//! compile); checker findings are keyed by [`Code`] (a test checks every
//! code in [`Code::ALL`] has a message in every language).

mod en;
mod ja;
mod zh_hant;

use checker_wasm::record::Purpose;
use checker_wasm::{Code, Issue};

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Japanese.
    Ja,
    /// Traditional Chinese (Taiwan).
    ZhHant,
}

impl Lang {
    /// All languages, in menu order.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ja, Lang::ZhHant];

    /// BCP 47 tag for `<html lang>` and `?lang=`.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::ZhHant => "zh-Hant",
        }
    }

    /// The language's own name, for the switcher.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
            Lang::ZhHant => "繁體中文",
        }
    }

    /// Parses a tag (`en`, `ja`, `zh-Hant`; case-insensitive, `zh-TW` too).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            "zh-hant" | "zh-tw" => Some(Lang::ZhHant),
            _ => None,
        }
    }

    /// An interface string.
    pub fn t(self, key: Key) -> &'static str {
        match self {
            Lang::En => en::ui(key),
            Lang::Ja => ja::ui(key),
            Lang::ZhHant => zh_hant::ui(key),
        }
    }

    /// The message template of a checker code, when this language has one.
    pub fn code_template(self, code: Code) -> Option<&'static str> {
        match self {
            Lang::En => en::code(code),
            Lang::Ja => ja::code(code),
            Lang::ZhHant => zh_hant::code(code),
        }
    }

    /// The month name / date pattern for a calendar date.
    pub fn format_date(self, year: u16, month: u8, day: u8) -> String {
        match self {
            Lang::En => format!(
                "{day} {} {year}",
                en::MONTHS
                    .get(usize::from(month).saturating_sub(1))
                    .unwrap_or(&"")
            ),
            Lang::Ja => format!("{year}年{month}月{day}日"),
            Lang::ZhHant => format!("{year}/{month:02}/{day:02}"),
        }
    }

    /// The label of a purpose of visit.
    pub fn purpose(self, p: Purpose) -> &'static str {
        self.t(purpose_key(p))
    }
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

/// Every interface string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Key {
    ServiceName,
    Continue,
    Back,
    Submit,
    Change,
    ThereIsAProblem,
    ErrorPrefix,
    WarningPrefix,
    LanguageNav,
    Loading,
    Optional,
    Choose,
    StartTitle,
    StartIntro,
    WhatYouNeed,
    NeedDocument,
    NeedFlight,
    NeedAddress,
    NeedContact,
    PrivacyTitle,
    PrivacyCollected,
    PrivacyRecipient,
    PrivacyEncrypted,
    PrivacyStorage,
    DocumentTitle,
    CompanionDocumentTitle,
    MrzLabel,
    MrzHint,
    ReaderHint,
    ReaderCaptured,
    EnterByHand,
    DidYouMean,
    UseCorrection,
    MrzPosition,
    PersonalTitle,
    CompanionPersonalTitle,
    FromMrzNote,
    Surname,
    GivenNames,
    GivenNamesHint,
    DocumentNumber,
    IssuingState,
    CountryCodeHint,
    Nationality,
    BirthDate,
    Sex,
    SexM,
    SexF,
    SexX,
    ExpiryDate,
    DateHint,
    TripTitle,
    Flight,
    FlightHint,
    DepartureAirport,
    ArrivalAirport,
    DepartureDate,
    ArrivalDate,
    Purpose,
    PurposeTourism,
    PurposeBusiness,
    PurposeVisitingFamily,
    PurposeStudy,
    PurposeWork,
    PurposeTransit,
    PurposeReturnHome,
    PurposeEvacuation,
    PurposeOther,
    Address,
    AddressHint,
    StayDays,
    ContactTitle,
    ContactIntro,
    Email,
    Phone,
    PhoneHint,
    CompanionsTitle,
    CompanionsIntro,
    TravelerN,
    You,
    AddTraveler,
    Remove,
    AccompaniedBy,
    MaxTravelers,
    ReviewTitle,
    SectionTravelers,
    SectionTrip,
    SectionContact,
    Consent,
    ConsentRequired,
    Sending,
    Retrying,
    SendBadRequest,
    SendConflict,
    SendTooLarge,
    SendUnsupported,
    SendUnprocessable,
    SendOther,
    SendSeal,
    ReceiptTitle,
    ReceiptReference,
    ReceiptTime,
    ReceiptQr,
    ReceiptKeep,
    PrerenderChecking,
    ReceiptWaitingTitle,
    ReceiptWaitingStored,
    ReceiptWaitingPage,
    SendNow,
    ReceiptRefusedTitle,
    PrivacyRecipientMany,
    PrivacyEncryptedMany,
    PrivacyFingerprint,
    PrivacyFingerprintNote,
    ReceiptLegWaiting,
    CheckReceiptLink,
    CheckReceiptTitle,
    CheckReceiptIntro,
    CheckReceiptLabel,
    CheckReceiptButton,
    CheckReceiptEmpty,
    ReceiptGenuine,
    ReceiptNotGenuine,
    ReceiptMalformed,
    ReceiptUnknownKey,
    ReceiptBadSignature,
    BackToAnswers,
    EarlierTitle,
    EarlierWaiting,
    EarlierReceived,
    EarlierRefused,
    Print,
    StartAgain,
    StillThere,
    StillThereBody,
    KioskResetSoon,
    FieldMrzLine,
    FieldPersonalNumber,
    FieldOptionalData,
    FieldComposite,
    FieldDocumentCode,
    FieldTravelers,
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
fn input_base(id: &str) -> &str {
    if id.starts_with("accompanied-by") {
        "accompanied-by"
    } else {
        id
    }
}

/// The interface key labelling a page input.
fn input_key(id: &str) -> Option<Key> {
    Some(match input_base(id) {
        "mrz" => Key::MrzLabel,
        "surname" => Key::Surname,
        "given-names" => Key::GivenNames,
        "document-number" => Key::DocumentNumber,
        "issuing-state" => Key::IssuingState,
        "nationality" => Key::Nationality,
        "birth-date" => Key::BirthDate,
        "sex" => Key::Sex,
        "expiry-date" => Key::ExpiryDate,
        "flight" => Key::Flight,
        "departure-airport" => Key::DepartureAirport,
        "arrival-airport" => Key::ArrivalAirport,
        "departure-date" => Key::DepartureDate,
        "arrival-date" => Key::ArrivalDate,
        "purpose" => Key::Purpose,
        "address" => Key::Address,
        "stay-days" => Key::StayDays,
        "email" => Key::Email,
        "phone" => Key::Phone,
        "accompanied-by" => Key::AccompaniedBy,
        _ => return None,
    })
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
    /// in Japanese and Chinese, its label).
    pub fn in_sentence(self, id: &str) -> Option<&'static str> {
        match self {
            Lang::En => en::in_sentence(input_base(id)),
            Lang::Ja | Lang::ZhHant => input_key(id).map(|k| self.t(k)),
        }
    }

    /// What to do when a required input is empty, naming it
    /// ("Enter your date of departure").
    pub fn required(self, id: &str) -> Option<&'static str> {
        let id = input_base(id);
        if id == "consent" {
            return Some(self.t(Key::ConsentRequired));
        }
        match self {
            Lang::En => en::required(id),
            Lang::Ja => ja::required(id),
            Lang::ZhHant => zh_hant::required(id),
        }
    }

    /// The field-aware template of a code whose own message does not name
    /// the field: `{label}` is the input's name inside a sentence, `{Label}`
    /// the same at the start of one; the code's parameters as in its template.
    pub fn field_template(self, code: Code) -> Option<&'static str> {
        match self {
            Lang::En => en::field_code(code),
            Lang::Ja => ja::field_code(code),
            Lang::ZhHant => zh_hant::field_code(code),
        }
    }

    /// An input's label, with "(optional)" when it may be left empty.
    pub fn input_label(self, key: Key, optional: bool) -> String {
        if !optional {
            return self.t(key).to_owned();
        }
        let sep = if self == Lang::En { " " } else { "" };
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

#[cfg(test)]
mod tests {
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
        let order = Issue::new(Code::TripDatesOrder, "trip.arrivalDate")
            .param("other", "trip.departureDate");
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
}
