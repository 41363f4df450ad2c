//! The agency's configuration, `config.json`, loaded at start.
//!
//! Everything is validated before the form is shown: a configuration that
//! is wrong in any field gives an error page naming the field, never a
//! half-working form.
//!
//! Longer than 500 lines: every field of config.json with its check and
//! the explanation an agency reads when it is wrong (tests in tests.rs).

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
mod tests;
