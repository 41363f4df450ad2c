//! English.

use super::Key;
use checker_wasm::Code;

pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(super) fn ui(key: Key) -> &'static str {
    match key {
        Key::ServiceName => "Pre-departure travel information",
        Key::Continue => "Continue",
        Key::Back => "Back",
        Key::Submit => "Submit",
        Key::Change => "Change",
        Key::ThereIsAProblem => "There is a problem",
        Key::ErrorPrefix => "Error:",
        Key::WarningPrefix => "Check:",
        Key::LanguageNav => "Language",
        Key::Loading => "Loading…",
        Key::Optional => "(optional)",
        Key::Choose => "Choose",
        Key::StartTitle => "Tell us about your trip to Japan before you fly",
        Key::StartIntro => {
            "Use this service to send your travel document and trip details before you leave Taiwan. It takes about 5 minutes for each traveler."
        }
        Key::WhatYouNeed => "What you will need",
        Key::NeedDocument => "the passport or travel document of each traveler",
        Key::NeedFlight => "your flight number and dates",
        Key::NeedAddress => "the address where you will stay in Japan",
        Key::NeedContact => "an email address and a phone number",
        Key::PrivacyTitle => "How we use your information",
        Key::PrivacyCollected => {
            "We collect the details of your travel document (names, document number, nationality, date of birth, sex, dates), your flight, your address in Japan and your contact details."
        }
        Key::PrivacyRecipient => {
            "Only {agency} receives them, to prepare your arrival. Contact: {contact}."
        }
        Key::PrivacyEncrypted => {
            "Your answers are encrypted in this browser before they are sent, so only {agency} can read them."
        }
        Key::PrivacyStorage => {
            "What you type is not stored in this browser: closing the page clears it. After you submit, only the sealed (encrypted) submission is kept on this device, until it has been sent."
        }
        Key::DocumentTitle => "Your travel document",
        Key::CompanionDocumentTitle => "Travel document of traveler {n}",
        Key::MrzLabel => "Machine-readable zone",
        Key::MrzHint => {
            "The 2 or 3 lines of letters, numbers and < signs at the bottom of the photo page. Type or paste them, one line per row."
        }
        Key::ReaderHint => "If there is a document reader, place the photo page on it now.",
        Key::ReaderCaptured => "The document reader read a machine-readable zone.",
        Key::EnterByHand => "Enter the details by hand instead",
        Key::DidYouMean => "Did you mean",
        Key::UseCorrection => "Use this correction",
        Key::MrzPosition => "(line {line}, position {column})",
        Key::PersonalTitle => "Your personal details",
        Key::CompanionPersonalTitle => "Personal details of traveler {n}",
        Key::FromMrzNote => {
            "We filled these in from the machine-readable zone. Check them against the document."
        }
        Key::Surname => "Surname",
        Key::GivenNames => "Given names",
        Key::GivenNamesHint => "As on the document. Leave empty if the document has only one name.",
        Key::DocumentNumber => "Document number",
        Key::IssuingState => "Issuing state",
        Key::CountryCodeHint => "3-letter code as on the document, for example TWN or JPN",
        Key::Nationality => "Nationality",
        Key::BirthDate => "Date of birth",
        Key::Sex => "Sex",
        Key::SexM => "Male (M)",
        Key::SexF => "Female (F)",
        Key::SexX => "Unspecified (X)",
        Key::ExpiryDate => "Date of expiry",
        Key::DateHint => "Year-month-day, for example 2026-11-26",
        Key::TripTitle => "Your trip",
        Key::Flight => "Flight number",
        Key::FlightHint => "Airline code and number, for example BR198",
        Key::DepartureAirport => "Departure airport",
        Key::ArrivalAirport => "Arrival airport",
        Key::DepartureDate => "Date of departure",
        Key::ArrivalDate => "Date of arrival",
        Key::Purpose => "Purpose of visit",
        Key::PurposeTourism => "Tourism",
        Key::PurposeBusiness => "Business",
        Key::PurposeVisitingFamily => "Visiting family or friends",
        Key::PurposeStudy => "Study",
        Key::PurposeWork => "Work",
        Key::PurposeTransit => "Transit",
        Key::PurposeReturnHome => "Returning home",
        Key::PurposeEvacuation => "Evacuation",
        Key::PurposeOther => "Other",
        Key::Address => "Address or contact in Japan",
        Key::AddressHint => "Hotel, home address, or a person who can be reached",
        Key::StayDays => "Length of stay in days",
        Key::ContactTitle => "How can we contact you?",
        Key::ContactIntro => "We will use these only about this trip.",
        Key::Email => "Email address",
        Key::Phone => "Phone number",
        Key::PhoneHint => "With the country code, for example +886 912 345 678",
        Key::CompanionsTitle => "Travel companions",
        Key::CompanionsIntro => {
            "Add family or group members who travel with you on the same flight. Each needs their own travel document. Children must be linked to an adult of the group."
        }
        Key::TravelerN => "Traveler {n}",
        Key::You => "you",
        Key::AddTraveler => "Add a traveler",
        Key::Remove => "Remove",
        Key::AccompaniedBy => "Accompanying adult",
        Key::MaxTravelers => "You can add up to {max} travelers in one submission.",
        Key::ReviewTitle => "Check your answers before sending",
        Key::SectionTravelers => "Travelers",
        Key::SectionTrip => "Trip",
        Key::SectionContact => "Contact",
        Key::Consent => "I confirm these answers are correct and agree to send them to {agency}",
        Key::ConsentRequired => "Confirm your answers are correct to send them.",
        Key::Sending => "Sending…",
        Key::Retrying => "Not sent yet. It tries again by itself (attempt {n}).",
        Key::SendBadRequest => "The service could not read the submission. Please start again.",
        Key::SendConflict => {
            "This submission was already received with different answers. Please start again."
        }
        Key::SendTooLarge => "The submission is too large. Send fewer travelers at once.",
        Key::SendUnsupported => {
            "The service did not accept the format of the submission. Please ask staff for help."
        }
        Key::SendUnprocessable => {
            "The service could not open the submission; it may have changed its key. Reload the page and try again."
        }
        Key::SendOther => "Something went wrong (HTTP {status}). Please try again.",
        Key::SendSeal => {
            "Your answers could not be encrypted in this browser. Reload the page and try again."
        }
        Key::ReceiptTitle => "Submission received",
        Key::ReceiptReference => "Your reference",
        Key::ReceiptTime => "Received",
        Key::ReceiptQr => "Show this code to staff at check-in.",
        Key::ReceiptKeep => "Keep the reference: print this page or write it down.",
        Key::ReceiptWaitingTitle => "Sealed — waiting for a connection",
        Key::ReceiptWaitingStored => {
            "Your answers are sealed (encrypted) on this device. They are sent by themselves as soon as there is a connection, even if you close this page. Keep the reference below."
        }
        Key::ReceiptWaitingPage => {
            "Your answers are sealed (encrypted). This browser cannot keep them, so keep this page open until they are sent."
        }
        Key::SendNow => "Send now",
        Key::ReceiptRefusedTitle => "Your submission was not accepted",
        Key::PrivacyRecipientMany => {
            "Only the agencies listed below receive them, to prepare your arrival. Contact: {contact}."
        }
        Key::PrivacyEncryptedMany => {
            "Your answers are encrypted in this browser before they are sent, separately for each of these agencies, so only they can read them."
        }
        Key::PrivacyFingerprint => "{agency} — key fingerprint {fingerprint}",
        Key::PrivacyFingerprintNote => {
            "Each agency publishes its key fingerprint. Compare it with the one shown here to check that this is the genuine site."
        }
        Key::ReceiptLegWaiting => "Not received yet. It will be sent automatically.",
        Key::CheckReceiptLink => "Check a receipt (for check-in staff)",
        Key::CheckReceiptTitle => "Check a receipt",
        Key::CheckReceiptIntro => {
            "Scan the QR code on the traveler's receipt with a reader, or paste or type its text. Nothing personal is shown or sent."
        }
        Key::CheckReceiptLabel => "Text of the receipt's QR code",
        Key::CheckReceiptButton => "Check",
        Key::CheckReceiptEmpty => "Enter the text of the receipt's QR code.",
        Key::ReceiptGenuine => "Genuine receipt from {agency}",
        Key::ReceiptNotGenuine => "Not a genuine receipt",
        Key::ReceiptMalformed => {
            "This is not the text of a receipt. Check that the whole QR code was read, then try again."
        }
        Key::ReceiptUnknownKey => {
            "It was not signed by any agency this portal knows. Do not accept it."
        }
        Key::ReceiptBadSignature => {
            "Its signature does not match: it was changed or forged. Do not accept it."
        }
        Key::BackToAnswers => "Back to your answers",
        Key::EarlierTitle => "Submissions from this device",
        Key::EarlierWaiting => {
            "Reference {reference}: sealed, waiting for a connection. It is sent by itself."
        }
        Key::EarlierReceived => "Reference {reference}: received.",
        Key::EarlierRefused => {
            "Reference {reference}: not accepted. {reason} Fill in the form again."
        }
        Key::PrerenderChecking => {
            "You can type it now. It is checked as soon as the page has finished loading."
        }
        Key::Print => "Print",
        Key::StartAgain => "Start again",
        Key::StillThere => "Are you still there?",
        Key::StillThereBody => {
            "For your privacy, your answers will be cleared in {seconds} seconds."
        }
        Key::KioskResetSoon => {
            "This page will be cleared for the next traveler in {seconds} seconds."
        }
        Key::FieldMrzLine => "line",
        Key::FieldPersonalNumber => "Personal number",
        Key::FieldOptionalData => "Optional data",
        Key::FieldComposite => "the whole zone (composite)",
        Key::FieldDocumentCode => "Document type",
        Key::FieldTravelers => "Travelers",
    }
}

pub(super) fn code(code: Code) -> Option<&'static str> {
    Some(match code {
        Code::MrzEmpty => "Enter the machine-readable zone.",
        Code::MrzFormat => {
            "This does not look like a machine-readable zone: it should be 2 lines of 44 or 36 characters, or 3 lines of 30 (found {lengths})."
        }
        Code::MrzLineLength => "Line {line} has {found} characters; it should have {expected}.",
        Code::MrzInvalidChar => {
            "'{char}' cannot be in a machine-readable zone: only capital letters A–Z, digits 0–9 and <."
        }
        Code::MrzCheckDigit => {
            "The check digit for {field} is {found}, but the field gives {expected}: check for a typing mistake."
        }
        Code::MrzPersonalNumberCheckDigit => {
            "The personal number check digit may be < only when the personal number is empty."
        }
        Code::MrzLongNumberFillerCheck => {
            "The document number's check digit includes the filler, as on some genuine cards."
        }
        Code::MrzLongNumber => {
            "The document number continues in the optional data but has no check digit there."
        }
        Code::MrzNotNumeric => "{field} must be digits; found '{found}'.",
        Code::MrzDocumentCode => "Document code '{found}' is not valid for this kind of document.",
        Code::MrzTd2Passport => {
            "Passport '{found}' in the two-line, 36-character layout, as Germany's temporary passport: not the usual passport layout, so check that the details match your document."
        }
        Code::MrzIssuingState => "Issuing state '{found}' is not a known country code.",
        Code::MrzNationality => "Nationality '{found}' is not a known country code.",
        Code::MrzSpecimen => {
            "'UTO' is ICAO's specimen state: this is a sample document, not a real one."
        }
        Code::MrzSex => "Sex must be M, F, X or <; found '{found}'.",
        Code::MrzDate => "{field} '{found}' is not a real date.",
        Code::MrzExpiryRange => "Date of expiry {found} is too far from today to be right.",
        Code::MrzExpired => "This document expired on {date}.",
        Code::MrzNameTruncated => {
            "The name fills the whole field and may have been shortened on the document."
        }
        Code::MrzNameEmpty => "The name in the machine-readable zone is empty.",
        Code::MrzNameDigit => {
            "The name has the digit '{char}' at line {line}, position {column}: names have letters only."
        }
        Code::MrzLetterSuggestion => {
            "'{found}' at line {line}, position {column} is most likely the letter '{expected}': there are no digits here."
        }
        Code::MrzFiller => "{field} starts with a < or has < signs in the wrong place.",
        Code::MrzSuggestion => {
            "The check digits pass if '{found}' at line {line}, position {column} is read as '{expected}'."
        }
        Code::Required => "Enter this information.",
        Code::TooLong => "Use at most {max} characters.",
        Code::NameChar => {
            "'{char}' cannot be used in a name here: use Latin letters, spaces, hyphens and apostrophes."
        }
        Code::NameLong => {
            "This name is longer than a machine-readable zone can hold: check it matches your document."
        }
        Code::NativeScript => {
            "Use Japanese or Chinese characters here (kanji, kana or hanzi); '{char}' is not one."
        }
        Code::DateFormat => "Enter the date as year-month-day, for example 2026-11-26.",
        Code::DateInvalid => "{found} is not a real date.",
        Code::DateFuture => "This date is in the future.",
        Code::DatePast => "This date is in the past.",
        Code::DateTooOld => "This date is too far in the past.",
        Code::CountryUnknown => {
            "'{found}' is not a known country code: use 3 letters, for example TWN or JPN."
        }
        Code::SexInvalid => "Choose M, F or X.",
        Code::DocumentNumberFormat => {
            "A document number has only letters and digits, at most {max}."
        }
        Code::DocumentCodeFormat => {
            "'{found}' is not a travel-document type (for example P, PN, ID, C, V)."
        }
        Code::FlightFormat => {
            "Enter the flight as airline code and number, for example BR198 or JL 802."
        }
        Code::AirportFormat => "Choose an airport.",
        Code::AirportUnknown => "'{found}' is not an airport served for this trip.",
        Code::AirportNotTaiwan => "The departure airport must be in Taiwan.",
        Code::AirportNotJapan => "The arrival airport must be in Japan.",
        Code::EmailFormat => "Enter an email address like name@example.com.",
        Code::PhoneFormat => {
            "Enter the phone number with the country code, for example +886 912 345 678."
        }
        Code::PostalCodeFormat => "Japanese postal codes look like 100-0001.",
        Code::PurposeInvalid => "Choose a purpose of visit from the list.",
        Code::StayLength => "The length of stay must be between 1 and {max} days.",
        Code::TripDatesOrder => "{field} cannot be before {other}.",
        Code::DocumentValidity => {
            "The document expires on {expiry}; it must be valid until at least {required}."
        }
        Code::DocumentExpired => "The document expired on {expiry}.",
        Code::CrossMismatch => "This does not match the machine-readable zone, which says '{mrz}'.",
        Code::GroupMinorAlone => "A traveler under {age} must travel with an adult of the group.",
        Code::GroupLink => {
            "The accompanying adult must be another traveler of this group, aged {age} or over."
        }
        Code::GroupSize => "You can send at most {max} travelers in one submission.",
        Code::RecordNoTravelers => "Add at least one traveler.",
        Code::RecordSchema => "Record schema {found} is not supported (expected {expected}).",
        Code::GroupDuplicate => "This document is already used by another traveler in this group.",
        _ => return None,
    })
}

/// A page input as named inside a sentence.
pub(super) fn in_sentence(id: &str) -> Option<&'static str> {
    Some(match id {
        "mrz" => "machine-readable zone",
        "surname" => "surname",
        "given-names" => "given names",
        "document-number" => "document number",
        "issuing-state" => "issuing state",
        "nationality" => "nationality",
        "birth-date" => "date of birth",
        "sex" => "sex",
        "expiry-date" => "date of expiry",
        "flight" => "flight number",
        "departure-airport" => "departure airport",
        "arrival-airport" => "arrival airport",
        "departure-date" => "date of departure",
        "arrival-date" => "date of arrival",
        "purpose" => "purpose of visit",
        "address" => "address or contact in Japan",
        "stay-days" => "length of stay",
        "email" => "email address",
        "phone" => "phone number",
        "accompanied-by" => "accompanying adult",
        _ => return None,
    })
}

/// What to do when a required input is empty.
pub(super) fn required(id: &str) -> Option<&'static str> {
    Some(match id {
        "mrz" => "Enter the machine-readable zone",
        "surname" => "Enter your surname",
        "document-number" => "Enter your document number",
        "issuing-state" => "Enter the issuing state",
        "nationality" => "Enter your nationality",
        "birth-date" => "Enter your date of birth",
        "sex" => "Select your sex",
        "expiry-date" => "Enter the date of expiry",
        "flight" => "Enter your flight number",
        "departure-airport" => "Select the departure airport",
        "arrival-airport" => "Select the arrival airport",
        "departure-date" => "Enter your date of departure",
        "arrival-date" => "Enter your date of arrival",
        "purpose" => "Select the purpose of visit",
        "address" => "Enter an address or contact in Japan",
        "stay-days" => "Enter the length of stay in days",
        "email" => "Enter your email address",
        "phone" => "Enter your phone number",
        "accompanied-by" => "Select the accompanying adult",
        _ => return None,
    })
}

/// Field-aware templates (`{label}`, `{Label}`) of codes whose own message
/// does not name the field. Keep this function last: tests/e2e/strings.mjs
/// reads the `Code::` entries after its name as field-aware ones.
pub(super) fn field_code(code: Code) -> Option<&'static str> {
    Some(match code {
        Code::TooLong => "{Label} must be {max} characters or fewer",
        Code::NameChar => {
            "{Label} must only include Latin letters, spaces, hyphens and apostrophes: '{char}' cannot be used"
        }
        Code::NameLong => {
            "{Label} is longer than a machine-readable zone can hold: check it matches your document"
        }
        Code::NativeScript => {
            "{Label} must be in Japanese or Chinese characters (kanji, kana or hanzi): '{char}' is not one"
        }
        Code::DateFormat => "{Label} must be a date as year-month-day, for example 2026-11-26",
        Code::DateInvalid => "{Label} must be a real date: {found} does not exist",
        Code::DateFuture => "{Label} must be in the past",
        Code::DatePast => "{Label} must be today or later",
        Code::DateTooOld => "{Label} is too far in the past",
        Code::CountryUnknown => {
            "{Label} must be a 3-letter country code, for example TWN or JPN: '{found}' is not one"
        }
        Code::SexInvalid => "{Label} must be M, F or X",
        Code::DocumentNumberFormat => "{Label} must only include letters and digits, at most {max}",
        Code::AirportFormat => "Select the {label} from the list",
        Code::AirportUnknown => {
            "Select the {label} from the list: '{found}' is not an airport served for this trip"
        }
        Code::TripDatesOrder => "{Label} must be the same as or after the {other}",
        Code::CrossMismatch => {
            "{Label} does not match the machine-readable zone, which says '{mrz}'"
        }
        Code::GroupDuplicate => "{Label} is already used by another traveler in this group",
        Code::DocumentExpired => "The document has expired: its {label} is {expiry}",
        Code::DocumentValidity => {
            "{Label} must be {required} or later: the document expires on {expiry}"
        }
        _ => return None,
    })
}
