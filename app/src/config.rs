//! The agency's configuration, `config.json`, loaded at start.
//!
//! Everything is validated before the form is shown: a configuration that
//! is wrong in any field gives an error page naming the field, never a
//! half-working form.

use crate::i18n::Lang;
use crate::pins::Pin;
use checker_wasm::ValidityRule;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Shortest and longest kiosk idle timeout, in seconds.
pub const KIOSK_TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 15..=3600;

/// `config.json` as written by the agency.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawConfig {
    /// Agency shown in the header and privacy notice.
    pub agency: Agency,
    /// Where envelopes are posted (same origin path, or an absolute URL),
    /// when there is one recipient given by `endpoint` and `publicKey`.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// The agency's public key, as printed by `agency keygen` (one
    /// recipient; `recipients` lists several).
    #[serde(default)]
    pub public_key: Option<Box<RawValue>>,
    /// Every authority the record is sealed to, each separately.
    #[serde(default)]
    pub recipients: Option<Vec<RawRecipient>>,
    /// Offered languages, the first is the default (all eight when left out).
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    /// Kiosk mode (also `?kiosk=1`).
    #[serde(default)]
    pub kiosk: bool,
    /// Seconds of inactivity before the kiosk asks "Are you still there?".
    #[serde(default = "default_timeout")]
    pub kiosk_idle_seconds: u32,
    /// How long a passport must be valid.
    pub passport_validity: ValidityRule,
    /// Logo path (same origin).
    #[serde(default)]
    pub logo: Option<String>,
    /// Colours.
    pub colors: Colors,
}

/// One receiving authority as written in `config.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawRecipient {
    /// Its name: one text, or one per language tag (`{"en": …, "ja": …}`).
    pub name: LocalText,
    /// Its intake endpoint.
    pub endpoint: String,
    /// Its public key config, as `agency keygen` writes it.
    pub public_key: Box<RawValue>,
}

/// A text given once or per language (`{"en": "…", "ja": "…"}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalText {
    /// The same text in every language.
    Plain(String),
    /// By BCP 47 tag; a language without its own text takes English, or
    /// else the first one given.
    PerLang(BTreeMap<String, String>),
}

// Read by a visitor of the two shapes, rather than `#[serde(untagged)]`
// (whose buffering costs the wasm more code) or through `serde_json::Value`
// (the portal's only use of it, and several KB of the first load).
impl<'de> Deserialize<'de> for LocalText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LocalTextVisitor)
    }
}

/// The two shapes of a [`LocalText`].
struct LocalTextVisitor;

/// One text of a [`LocalText::PerLang`], with the error that names its tag.
struct TagText(String);

impl<'de> serde::de::Visitor<'de> for LocalTextVisitor {
    type Value = LocalText;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a text, or texts by language tag ({\"en\": \"…\", \"ja\": \"…\"})")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<LocalText, E> {
        Ok(LocalText::Plain(s.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<LocalText, E> {
        Ok(LocalText::Plain(s))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<LocalText, A::Error> {
        use serde::de::Error;
        let mut texts = BTreeMap::new();
        while let Some(tag) = map.next_key::<String>()? {
            match map.next_value::<TagText>() {
                Ok(TagText(text)) => {
                    texts.insert(tag, text);
                }
                Err(_) => return Err(A::Error::custom(format!("'{tag}': a text is expected"))),
            }
        }
        Ok(LocalText::PerLang(texts))
    }
}

impl<'de> Deserialize<'de> for TagText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(TagText)
    }
}

impl From<&str> for LocalText {
    fn from(s: &str) -> Self {
        LocalText::Plain(s.to_owned())
    }
}

impl LocalText {
    /// The text in `lang` (English stands in, or else the first one given).
    pub fn get(&self, lang: Lang) -> &str {
        self.get_with(lang, Lang::En)
    }

    /// The text in `lang`, else in `fallback` (the agency's first
    /// language), else the first one given.
    pub fn get_with(&self, lang: Lang, fallback: Lang) -> &str {
        match self {
            LocalText::Plain(s) => s,
            LocalText::PerLang(m) => {
                let by = |l: Lang| {
                    m.iter()
                        .find(|(k, _)| Lang::from_tag(k) == Some(l))
                        .map(|(_, v)| v.as_str())
                };
                by(lang)
                    .or_else(|| by(fallback))
                    .or_else(|| m.values().next().map(String::as_str))
                    .unwrap_or_default()
            }
        }
    }

    /// Every problem of a name or contact (the agency's, a recipient's),
    /// named under `field` (`agency.name`): an empty text, a tag that is not a language of the
    /// portal or not offered, no text in the first language.
    fn problems(&self, field: &str, languages: &[Lang], out: &mut Vec<ConfigProblem>) {
        match self {
            LocalText::Plain(s) if s.trim().is_empty() => {
                out.push(ConfigProblem::new(field, "it is empty"));
            }
            LocalText::Plain(_) => {}
            LocalText::PerLang(map) => {
                for (tag, text) in map {
                    match Lang::from_tag(tag) {
                        None => out.push(ConfigProblem::new(
                            &format!("{field}.{tag}"),
                            format!("'{tag}' is not a supported language: use {}", tags()),
                        )),
                        Some(l) if !languages.contains(&l) => out.push(ConfigProblem::new(
                            &format!("{field}.{tag}"),
                            format!("'{tag}' is not in languages"),
                        )),
                        Some(_) if text.trim().is_empty() => {
                            out.push(ConfigProblem::new(&format!("{field}.{tag}"), "it is empty"));
                        }
                        Some(_) => {}
                    }
                }
                if let Some(first) = languages.first()
                    && !map.keys().any(|t| Lang::from_tag(t) == Some(*first))
                {
                    out.push(ConfigProblem::new(
                        field,
                        format!(
                            "give it in the first language, {} (shown where a language has none)",
                            first.tag()
                        ),
                    ));
                }
            }
        }
    }
}

/// A receiving authority, validated: its key is one the portal was built
/// with ([`crate::pins`]).
#[derive(Debug, Clone)]
pub struct Recipient {
    /// Its name.
    pub name: LocalText,
    /// Where its envelopes are posted.
    pub endpoint: String,
    /// The key its copy is sealed to.
    pub public_key: envelope::PublicKeyConfig,
    /// Its pins: the receipt key its receipts are checked with, and the
    /// fingerprint shown in the privacy notice.
    pub pin: Pin,
}

impl Recipient {
    /// The sealing key id, which also names this recipient's copy in the
    /// outbox.
    pub fn kid(&self) -> &str {
        &self.public_key.kid
    }
}

/// Who runs the service.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Agency {
    /// Name of the agency: one text, or one per language tag (a language
    /// without its own shows the first language's).
    pub name: LocalText,
    /// Contact shown to travelers (phone, email or web page), as `name`.
    pub contact: LocalText,
}

/// The supported tags, for messages: `en, ja, …, ko`.
fn tags() -> String {
    Lang::ALL.map(Lang::tag).join(", ")
}

fn default_languages() -> Vec<String> {
    Lang::ALL.iter().map(|l| l.tag().to_owned()).collect()
}

/// Branding colours, `#rrggbb`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Colors {
    /// Buttons, links, header.
    pub primary: String,
    /// Page background.
    pub background: String,
}

fn default_endpoint() -> String {
    "/api/v1/submissions".to_owned()
}

fn default_timeout() -> u32 {
    120
}

/// A validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Agency.
    pub agency: Agency,
    /// The authorities the record is sealed to (at least one), each with
    /// its own endpoint, key and receipt key.
    pub recipients: Vec<Recipient>,
    /// Offered languages (non-empty).
    pub languages: Vec<Lang>,
    /// Kiosk mode from the configuration.
    pub kiosk: bool,
    /// Kiosk idle timeout.
    pub kiosk_idle_seconds: u32,
    /// Document-validity rule.
    pub validity: ValidityRule,
    /// Logo path.
    pub logo: Option<String>,
    /// Colours.
    pub colors: Colors,
}

impl Config {
    /// The default language (the first of `languages`).
    pub fn default_lang(&self) -> Lang {
        self.languages.first().copied().unwrap_or(Lang::En)
    }

    /// The agency's name in `lang`.
    pub fn agency_name(&self, lang: Lang) -> String {
        self.agency
            .name
            .get_with(lang, self.default_lang())
            .to_owned()
    }

    /// The agency's contact in `lang`.
    pub fn agency_contact(&self, lang: Lang) -> String {
        self.agency
            .contact
            .get_with(lang, self.default_lang())
            .to_owned()
    }

    /// The name in `lang` of the first recipient `which` picks (by its
    /// sealing or its receipt key id), or empty when none is.
    pub fn recipient_name(&self, lang: Lang, which: impl Fn(&Recipient) -> bool) -> String {
        self.recipients
            .iter()
            .find(|r| which(r))
            .map(|r| r.name.get_with(lang, self.default_lang()).to_owned())
            .unwrap_or_default()
    }
}

/// One thing wrong with the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The JSON field, e.g. `colors.primary`.
    pub field: String,
    /// What is wrong (English: this page is for the agency's staff).
    pub message: String,
}

impl ConfigProblem {
    fn new(field: &str, message: impl Into<String>) -> Self {
        ConfigProblem {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// `#rrggbb`.
pub fn is_hex_colour(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7 && b.first() == Some(&b'#') && b.iter().skip(1).all(u8::is_ascii_hexdigit)
}

/// A same-origin path (`/api/...`) or an absolute `https://` URL
/// (`http://` only for localhost).
pub fn is_endpoint(s: &str) -> bool {
    if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    if let Some(rest) = s.strip_prefix('/') {
        return !rest.starts_with('/');
    }
    let host_part = if let Some(rest) = s.strip_prefix("https://") {
        rest
    } else if let Some(rest) = s.strip_prefix("http://") {
        let host = rest.split(['/', ':']).next().unwrap_or_default();
        if host != "localhost" && host != "127.0.0.1" {
            return false;
        }
        rest
    } else {
        return false;
    };
    let host = host_part.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty() && !host.contains('@')
}

fn is_same_origin_path(s: &str) -> bool {
    s.starts_with('/') && !s.starts_with("//") && !s.contains(':') && !s.contains("..")
        || (!s.is_empty()
            && !s.contains(':')
            && !s.starts_with('/')
            && !s.contains("..")
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)))
}

/// Parses and validates `config.json` against the keys pinned in this
/// build.
pub fn parse(text: &str) -> Result<Config, Vec<ConfigProblem>> {
    let Some(pins) = crate::pins::compiled() else {
        return Err(vec![ConfigProblem::new(
            "PORTAL_PINS",
            "the keys pinned into this build are malformed: rebuild with cargo xtask build --keys DIR",
        )]);
    };
    parse_with(text, &pins)
}

/// [`parse`] against the given pins.
pub fn parse_with(text: &str, pins: &[Pin]) -> Result<Config, Vec<ConfigProblem>> {
    let raw: RawConfig = serde_json::from_str(text).map_err(|e| {
        vec![ConfigProblem::new(
            "config.json",
            format!("not a valid configuration file: {e}"),
        )]
    })?;
    validate(raw, pins)
}

/// A public key config from `config.json`, checked, and the pin it must
/// match; problems under `field`.
fn pinned_key(
    value: &RawValue,
    field: &str,
    pins: &[Pin],
    problems: &mut Vec<ConfigProblem>,
) -> Option<(envelope::PublicKeyConfig, Pin)> {
    // The suite, the length and the key id (a hash of the key) are checked
    // here; the key's structure is checked by the lazy module when it seals
    // (the pinned ids are of keys `agency keygen` made, so a key whose id is
    // pinned is one of them), which keeps the KEM code out of the first load.
    let key = match serde_json::from_str::<envelope::PublicKeyConfig>(value.get()) {
        Ok(pk) => match pk.validate_id() {
            Ok(()) => pk,
            Err(e) => {
                problems.push(ConfigProblem::new(
                    field,
                    format!("the public key is not usable: {e}"),
                ));
                return None;
            }
        },
        Err(e) => {
            problems.push(ConfigProblem::new(
                field,
                format!("not a public key configuration from `agency keygen`: {e}"),
            ));
            return None;
        }
    };
    if pins.is_empty() {
        problems.push(ConfigProblem::new(
            field,
            "this portal was built without pinned keys, so it seals to no key: build it with \
             `cargo xtask build --keys DIR` (DIR: the keys directory of `agency keygen`)",
        ));
        return None;
    }
    match pins.iter().find(|p| p.opens(&key.kid)) {
        Some(pin) => Some((key, pin.clone())),
        None => {
            problems.push(ConfigProblem::new(
                field,
                format!(
                    "key {} is not one this portal was built with: a changed config.json cannot \
                     change who receives the records; rebuild with `cargo xtask build --keys DIR` \
                     to change keys",
                    key.kid
                ),
            ));
            None
        }
    }
}

/// The recipients, from `recipients` or from `endpoint` + `publicKey`.
fn recipients(
    raw: &mut RawConfig,
    pins: &[Pin],
    languages: &[Lang],
    problems: &mut Vec<ConfigProblem>,
) -> Vec<Recipient> {
    let mut out: Vec<Recipient> = Vec::new();
    let listed = match (raw.recipients.take(), raw.public_key.take()) {
        (Some(list), None) => {
            if raw.endpoint.is_some() {
                problems.push(ConfigProblem::new(
                    "endpoint",
                    "give each recipient's endpoint in recipients, not endpoint",
                ));
            }
            if list.is_empty() {
                problems.push(ConfigProblem::new(
                    "recipients",
                    "at least one recipient is needed",
                ));
            }
            list.into_iter()
                .enumerate()
                .map(|(i, r)| (format!("recipients[{i}]."), r))
                .collect::<Vec<_>>()
        }
        (None, Some(key)) => vec![(
            String::new(),
            RawRecipient {
                name: raw.agency.name.clone(),
                endpoint: raw.endpoint.take().unwrap_or_else(default_endpoint),
                public_key: key,
            },
        )],
        (Some(_), Some(_)) => {
            problems.push(ConfigProblem::new(
                "publicKey",
                "give either publicKey (one recipient) or recipients, not both",
            ));
            return out;
        }
        (None, None) => {
            problems.push(ConfigProblem::new(
                "publicKey",
                "no public key: give publicKey, or recipients with a publicKey each",
            ));
            return out;
        }
    };
    for (prefix, r) in listed {
        // The one recipient of `publicKey` is the agency: its name is
        // checked as `agency.name`.
        if !prefix.is_empty() {
            r.name
                .problems(&format!("{prefix}name"), languages, problems);
        }
        if !is_endpoint(&r.endpoint) {
            problems.push(ConfigProblem::new(
                &format!("{prefix}endpoint"),
                format!(
                    "'{}' is not a path starting with / or an https:// URL",
                    r.endpoint
                ),
            ));
        }
        let field = format!("{prefix}publicKey");
        if let Some((public_key, pin)) = pinned_key(&r.public_key, &field, pins, problems) {
            if out.iter().any(|o| o.pin == pin) {
                problems.push(ConfigProblem::new(
                    &field,
                    "two recipients have keys of the same agency: list each agency once",
                ));
                continue;
            }
            out.push(Recipient {
                name: r.name,
                endpoint: r.endpoint,
                public_key,
                pin,
            });
        }
    }
    out
}

/// Validates a parsed configuration against `pins` (the keys this build
/// carries); reports every problem found.
pub fn validate(mut raw: RawConfig, pins: &[Pin]) -> Result<Config, Vec<ConfigProblem>> {
    let mut problems = Vec::new();
    let mut languages = Vec::new();
    if raw.languages.is_empty() {
        problems.push(ConfigProblem::new(
            "languages",
            format!("at least one language is needed ({})", tags()),
        ));
    }
    for tag in &raw.languages {
        match Lang::from_tag(tag) {
            Some(l) if !languages.contains(&l) => languages.push(l),
            Some(_) => problems.push(ConfigProblem::new(
                "languages",
                format!("'{tag}' is listed twice"),
            )),
            None => problems.push(ConfigProblem::new(
                "languages",
                format!("'{tag}' is not supported: use {}", tags()),
            )),
        }
    }
    let recipients = recipients(&mut raw, pins, &languages, &mut problems);
    raw.agency
        .name
        .problems("agency.name", &languages, &mut problems);
    raw.agency
        .contact
        .problems("agency.contact", &languages, &mut problems);
    if !KIOSK_TIMEOUT_RANGE.contains(&raw.kiosk_idle_seconds) {
        problems.push(ConfigProblem::new(
            "kioskIdleSeconds",
            format!(
                "{} is out of range: use {} to {} seconds",
                raw.kiosk_idle_seconds,
                KIOSK_TIMEOUT_RANGE.start(),
                KIOSK_TIMEOUT_RANGE.end()
            ),
        ));
    }
    if let ValidityRule::Months { months } = raw.passport_validity
        && (months == 0 || months > 24)
    {
        {
            problems.push(ConfigProblem::new(
                "passportValidity.months",
                "use 1 to 24 months",
            ));
        }
    }
    if let Some(logo) = &raw.logo
        && !is_same_origin_path(logo)
    {
        {
            problems.push(ConfigProblem::new(
                "logo",
                format!("'{logo}' is not a path on this site"),
            ));
        }
    }
    for (field, value) in [
        ("colors.primary", &raw.colors.primary),
        ("colors.background", &raw.colors.background),
    ] {
        if !is_hex_colour(value) {
            problems.push(ConfigProblem::new(
                field,
                format!("'{value}' is not a colour like #1d4f91"),
            ));
        }
    }
    match recipients {
        recipients if problems.is_empty() && !recipients.is_empty() => Ok(Config {
            agency: raw.agency,
            recipients,
            languages,
            kiosk: raw.kiosk,
            kiosk_idle_seconds: raw.kiosk_idle_seconds,
            validity: raw.passport_validity,
            logo: raw.logo,
            colors: raw.colors,
        }),
        _ => Err(problems),
    }
}

/// Name of the promise of `config.json`'s text (or `null`) that the boot
/// script (`app/postbuild.mjs`) starts at once, so the file does not wait
/// for the wasm.
pub const EARLY: &str = "portalConfig";

/// [`load`], taking the boot script's early fetch when there is one (once:
/// a later load fetches again); when that fetch failed, [`load`] fetches
/// again and says what is wrong.
pub async fn load_early(url: &str) -> Result<Config, Vec<ConfigProblem>> {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let key = wasm_bindgen::JsValue::from_str(EARLY);
    if let Ok(promise) = js_sys::Reflect::get(&global, &key)
        .and_then(|p| p.dyn_into::<js_sys::Promise>().map_err(|_| key.clone()))
    {
        let _ = js_sys::Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &key);
        if let Some(text) = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string())
        {
            return parse(&text);
        }
    }
    load(url).await
}

/// Fetches `config.json` (same origin, no cache) and validates it.
pub async fn load(url: &str) -> Result<Config, Vec<ConfigProblem>> {
    let response = gloo_net::http::Request::get(url)
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .map_err(|e| {
            vec![ConfigProblem::new(
                "config.json",
                format!("could not be loaded: {e}"),
            )]
        })?;
    if !response.ok() {
        return Err(vec![ConfigProblem::new(
            "config.json",
            format!("could not be loaded: HTTP {}", response.status()),
        )]);
    }
    let text = response.text().await.map_err(|e| {
        vec![ConfigProblem::new(
            "config.json",
            format!("could not be read: {e}"),
        )]
    })?;
    parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_key() -> serde_json::Value {
        let (_, public) = envelope::generate_keypair_os(envelope::Kem::XWing).unwrap();
        serde_json::to_value(&public).unwrap()
    }

    fn pin_for(kids: &[&str]) -> Pin {
        Pin {
            sealing_kids: kids.iter().map(|k| (*k).to_owned()).collect(),
            receipt_kid: "00112233445566ff".into(),
            receipt_public_key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8".into(),
            fingerprint: crate::pins::fingerprint_of(kids[0]),
        }
    }

    fn kid(key: &serde_json::Value) -> String {
        key["kid"].as_str().unwrap().to_owned()
    }

    /// The config with a fresh key, and pins naming it.
    fn with_key(mut cfg: serde_json::Value) -> (String, Vec<Pin>) {
        let key = new_key();
        let pins = vec![pin_for(&[&kid(&key)])];
        cfg["publicKey"] = key;
        (cfg.to_string(), pins)
    }

    fn parse_keyed(cfg: serde_json::Value) -> Result<Config, Vec<ConfigProblem>> {
        let (text, pins) = with_key(cfg);
        parse_with(&text, &pins)
    }

    fn committed() -> serde_json::Value {
        serde_json::from_str(include_str!("../../static/config.json")).unwrap()
    }

    fn fields(r: Result<Config, Vec<ConfigProblem>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| p.field)
            .collect()
    }

    #[test]
    fn committed_config_is_valid_once_the_key_is_replaced() {
        assert_eq!(
            fields(parse_with(
                &committed().to_string(),
                &[pin_for(&["0123456789abcdef"])]
            )),
            vec!["publicKey"],
            "placeholder key is refused"
        );
        let cfg = parse_keyed(committed()).unwrap();
        assert_eq!(cfg.languages, Lang::ALL.to_vec());
        assert_eq!(cfg.recipients.len(), 1, "one recipient, as before");
        assert_eq!(cfg.recipients[0].endpoint, "/api/v1/submissions");
        assert_eq!(
            cfg.recipients[0].name.get(Lang::Ja),
            committed()["agency"]["name"].as_str().unwrap()
        );
        assert_eq!(cfg.validity, ValidityRule::OnArrival);
    }

    #[test]
    fn each_wrong_field_is_named() {
        let mut c = committed();
        c["colors"]["primary"] = "blue".into();
        c["languages"] = serde_json::json!(["en", "fr"]);
        c["kioskIdleSeconds"] = 5.into();
        c["endpoint"] = "ftp://x/".into();
        c["passportValidity"] = serde_json::json!({"rule": "months", "months": 0});
        let got = fields(parse_keyed(c));
        for f in [
            "colors.primary",
            "languages",
            "kioskIdleSeconds",
            "endpoint",
            "passportValidity.months",
        ] {
            assert!(got.contains(&f.to_owned()), "{f} not reported: {got:?}");
        }
        let mut c = committed();
        c["publicKey"]["kid"] = "0000000000000000".into();
        let mut key = new_key();
        let pins = vec![pin_for(&[&kid(&key)])];
        key["kid"] = "0000000000000000".into();
        c["publicKey"] = key;
        assert_eq!(
            fields(parse_with(&c.to_string(), &pins)),
            vec!["publicKey"],
            "kid must match the key"
        );
        assert_eq!(fields(parse_with("{", &[])), vec!["config.json"]);
        let mut c = committed();
        c["colour"] = "#000000".into();
        assert_eq!(
            fields(parse_keyed(c)),
            vec!["config.json"],
            "unknown fields are refused"
        );
        let mut c = committed();
        c["passportValidity"] = serde_json::json!({"rule": "months", "months": 6});
        assert_eq!(
            parse_keyed(c).unwrap().validity,
            ValidityRule::Months { months: 6 }
        );
    }

    #[test]
    fn texts_and_keys_of_the_wrong_shape_are_explained() {
        let messages = |c: serde_json::Value| -> Vec<String> {
            parse_keyed(c)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|p| format!("{}: {}", p.field, p.message))
                .collect()
        };
        let mut c = committed();
        c["agency"]["name"] = 5.into();
        let got = messages(c);
        assert!(
            got.len() == 1 && got[0].contains("a text, or texts by language tag"),
            "{got:?}"
        );
        let mut c = committed();
        c["agency"]["contact"] = serde_json::json!({"en": "+886 2 1234", "ja": ["x"]});
        let got = messages(c);
        assert!(
            got.len() == 1 && got[0].contains("'ja': a text is expected"),
            "{got:?}"
        );
        let mut c = committed();
        c["agency"]["contact"] = serde_json::json!({"en": "+886 2 1234", "ja": "+886 2 5678"});
        let cfg = parse_keyed(c).unwrap();
        assert_eq!(cfg.agency_contact(Lang::Ja), "+886 2 5678");
        assert_eq!(cfg.agency_contact(Lang::Ko), "+886 2 1234");
        // A key that is not `agency keygen`'s shape names the field.
        let key = new_key();
        let pins = vec![pin_for(&[&kid(&key)])];
        let mut c = committed();
        let mut bare = key.clone();
        bare.as_object_mut().unwrap().remove("kem");
        c["publicKey"] = bare;
        let got = parse_with(&c.to_string(), &pins).err().unwrap_or_default();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].field, "publicKey");
        assert!(
            got[0].message.contains("not a public key configuration"),
            "{got:?}"
        );
        // The right length, a pinned kid, but the bytes of another key: the id does not match.
        let mut c = committed();
        let mut other = new_key();
        other["kid"] = key["kid"].clone();
        c["publicKey"] = other;
        let got = parse_with(&c.to_string(), &pins).err().unwrap_or_default();
        assert!(
            got.len() == 1 && got[0].message.contains("does not match the key"),
            "{got:?}"
        );
    }

    #[test]
    fn languages_default_to_all_eight() {
        let mut c = committed();
        c.as_object_mut().unwrap().remove("languages");
        assert_eq!(parse_keyed(c).unwrap().languages, Lang::ALL.to_vec());
        let mut c = committed();
        c["languages"] = serde_json::json!(["vi", "en"]);
        let cfg = parse_keyed(c).unwrap();
        assert_eq!(cfg.languages, vec![Lang::Vi, Lang::En]);
        assert_eq!(cfg.default_lang(), Lang::Vi);
    }

    #[test]
    fn agency_name_and_contact_per_language() {
        let mut c = committed();
        c["languages"] = serde_json::json!(["en", "th", "ko"]);
        c["agency"] = serde_json::json!({
            "name": {"en": "Pre-departure Desk", "th": "โต๊ะตรวจก่อนออกเดินทาง"},
            "contact": "desk@example.org",
        });
        let cfg = parse_keyed(c).unwrap();
        assert_eq!(cfg.agency_name(Lang::Th), "โต๊ะตรวจก่อนออกเดินทาง");
        assert_eq!(cfg.agency_name(Lang::En), "Pre-departure Desk");
        // No Korean entry: the first language's.
        assert_eq!(cfg.agency_name(Lang::Ko), "Pre-departure Desk");
        assert_eq!(cfg.agency_contact(Lang::Ko), "desk@example.org");
        // A plain string still works (the committed config has one).
        let cfg = parse_keyed(committed()).unwrap();
        assert_eq!(cfg.agency_name(Lang::Vi), cfg.agency_name(Lang::En));
        assert!(!cfg.agency_name(Lang::Vi).is_empty());

        let mut c = committed();
        c["languages"] = serde_json::json!(["en", "th"]);
        c["agency"] = serde_json::json!({
            "name": {"th": "โต๊ะ", "xx": "?", "ko": "데스크"},
            "contact": {"en": " "},
        });
        let got = fields(parse_keyed(c));
        assert_eq!(
            got,
            vec![
                "agency.name.ko",
                "agency.name.xx",
                "agency.name",
                "agency.contact.en"
            ],
            "not in languages, unknown, no entry in the first language, empty"
        );
        let mut c = committed();
        c["agency"]["name"] = "".into();
        assert_eq!(fields(parse_keyed(c)), vec!["agency.name"]);
    }

    #[test]
    fn a_key_that_is_not_pinned_is_refused() {
        let (text, _) = with_key(committed());
        let other = vec![pin_for(&["0123456789abcdef"])];
        let problems = parse_with(&text, &other).unwrap_err();
        assert_eq!(fields(Err(problems.clone())), vec!["publicKey"]);
        assert!(
            problems[0]
                .message
                .contains("not one this portal was built with")
        );
        let unpinned = parse_with(&text, &[]).unwrap_err();
        assert!(
            unpinned[0].message.contains("built without pinned keys"),
            "{unpinned:?}"
        );
    }

    #[test]
    fn an_older_pinned_key_is_still_accepted() {
        let key = new_key();
        let pins = vec![pin_for(&["0123456789abcdef", &kid(&key)])];
        let mut c = committed();
        c["publicKey"] = key;
        assert!(parse_with(&c.to_string(), &pins).is_ok());
    }

    #[test]
    fn several_recipients_each_with_its_pin() {
        let (a, b) = (new_key(), new_key());
        let pins = vec![pin_for(&[&kid(&a)]), pin_for(&[&kid(&b)])];
        let mut c = committed();
        c.as_object_mut().unwrap().remove("publicKey");
        c.as_object_mut().unwrap().remove("endpoint");
        c["recipients"] = serde_json::json!([
            {"name": {"en": "Immigration Agency (Taiwan)", "zh-Hant": "移民署"}, "endpoint": "/api/v1/submissions", "publicKey": a},
            {"name": "Immigration Services Agency of Japan", "endpoint": "https://intake.example.jp/api/v1/submissions", "publicKey": b},
        ]);
        let cfg = parse_with(&c.to_string(), &pins).unwrap();
        assert_eq!(cfg.recipients.len(), 2);
        assert_eq!(cfg.recipients[0].name.get(Lang::ZhHant), "移民署");
        assert_eq!(
            cfg.recipients[0].name.get(Lang::Ja),
            "Immigration Agency (Taiwan)",
            "English stands in"
        );
        assert_eq!(cfg.recipients[1].pin, pins[1]);
        assert_eq!(cfg.recipients[1].kid(), kid(&b));

        // The same agency twice, a bad endpoint, a swapped second key.
        let mut twice = c.clone();
        twice["recipients"][1]["publicKey"] = a.clone();
        assert_eq!(
            fields(parse_with(&twice.to_string(), &pins)),
            vec!["recipients[1].publicKey"]
        );
        let mut bad = c.clone();
        bad["recipients"][1]["endpoint"] = "http://evil.example/".into();
        bad["recipients"][0]["publicKey"] = new_key();
        assert_eq!(
            fields(parse_with(&bad.to_string(), &pins)),
            vec!["recipients[0].publicKey", "recipients[1].endpoint"]
        );
        // A recipient's name is checked as the agency's is.
        let mut named = c.clone();
        named["recipients"][1]["name"] = serde_json::json!({"en": "ISA", "xx": "?"});
        assert_eq!(
            fields(parse_with(&named.to_string(), &pins)),
            vec!["recipients[1].name.xx"]
        );
        named["recipients"][1]["name"] = "  ".into();
        assert_eq!(
            fields(parse_with(&named.to_string(), &pins)),
            vec!["recipients[1].name"]
        );
        let mut both = c.clone();
        both["publicKey"] = a;
        assert_eq!(
            fields(parse_with(&both.to_string(), &pins)),
            vec!["publicKey"]
        );
        let mut none = c;
        none["recipients"] = serde_json::json!([]);
        assert_eq!(
            fields(parse_with(&none.to_string(), &pins)),
            vec!["recipients"]
        );
    }

    #[test]
    fn a_local_text_is_one_text_or_texts_by_language() {
        let plain: LocalText = serde_json::from_str(r#""Desk""#).unwrap();
        assert_eq!(plain, LocalText::from("Desk"));
        let per: LocalText = serde_json::from_str(r#"{"en": "Desk", "ja": "窓口"}"#).unwrap();
        assert_eq!(per.get(Lang::Ja), "窓口");
        assert_eq!(per.get(Lang::Ko), "Desk", "English stands in");
        for bad in ["1", "null", r#"["Desk"]"#, r#"{"en": 1}"#] {
            assert!(
                serde_json::from_str::<LocalText>(bad).is_err(),
                "{bad} refused"
            );
        }
    }

    #[test]
    fn colours_and_endpoints() {
        assert!(is_hex_colour("#1d4f91"));
        assert!(!is_hex_colour("#1d4f9"));
        assert!(!is_hex_colour("red"));
        assert!(!is_hex_colour("#1d4f9g"));
        assert!(is_endpoint("/api/v1/submissions"));
        assert!(is_endpoint("https://intake.example.org/api/v1/submissions"));
        assert!(is_endpoint("http://localhost:8080/api"));
        assert!(!is_endpoint("http://evil.example/api"));
        assert!(!is_endpoint("//evil.example/api"));
        assert!(!is_endpoint("javascript:alert(1)"));
        assert!(!is_endpoint("https://user@host/"));
        assert!(is_same_origin_path("branding/logo.svg"));
        assert!(!is_same_origin_path("https://cdn.example/logo.svg"));
        assert!(!is_same_origin_path("data:image/svg+xml,abc"));
    }
}
