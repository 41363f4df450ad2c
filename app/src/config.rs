//! The agency's configuration, `config.json`, loaded at start.
//!
//! Everything is validated before the form is shown: a configuration that
//! is wrong in any field gives an error page naming the field, never a
//! half-working form.

use crate::i18n::Lang;
use checker_wasm::ValidityRule;
use serde::Deserialize;

/// Shortest and longest kiosk idle timeout, in seconds.
pub const KIOSK_TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 15..=3600;

/// `config.json` as written by the agency.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawConfig {
    /// Agency shown in the header and privacy notice.
    pub agency: Agency,
    /// Where envelopes are posted (same origin path, or an absolute URL).
    #[serde(default = "default_endpoint")]
    pub endpoint: String,
    /// The agency's public key, as printed by `agency keygen`.
    pub public_key: serde_json::Value,
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

/// Who runs the service.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Agency {
    /// Name of the agency.
    pub name: Localized,
    /// Contact shown to travelers (phone, email or web page).
    pub contact: Localized,
}

/// A text the agency gives once for every language (`"Desk"`) or per
/// language (`{"en": "Desk", "ja": "窓口"}`; a language without an entry
/// shows the entry of the first language in `languages`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Localized {
    /// The same text in every language.
    Plain(String),
    /// By language tag (`en`, `ja`, `zh-Hant`, `id`, `vi`, `fil`, `th`, `ko`).
    PerLanguage(std::collections::BTreeMap<String, String>),
}

impl From<&str> for Localized {
    fn from(s: &str) -> Self {
        Localized::Plain(s.to_owned())
    }
}

impl Localized {
    /// The text for `lang`, else for `fallback` (the default language),
    /// else the first one given.
    pub fn get(&self, lang: Lang, fallback: Lang) -> &str {
        match self {
            Localized::Plain(s) => s,
            Localized::PerLanguage(map) => {
                let by = |l: Lang| {
                    map.iter()
                        .find(|(tag, _)| Lang::from_tag(tag) == Some(l))
                        .map(|(_, v)| v.as_str())
                };
                by(lang)
                    .or_else(|| by(fallback))
                    .or_else(|| map.values().next().map(String::as_str))
                    .unwrap_or_default()
            }
        }
    }

    /// Every problem of this text, named under `field` (`agency.name`).
    fn problems(&self, field: &str, languages: &[Lang], out: &mut Vec<ConfigProblem>) {
        match self {
            Localized::Plain(s) if s.trim().is_empty() => {
                out.push(ConfigProblem::new(field, "it is empty"));
            }
            Localized::Plain(_) => {}
            Localized::PerLanguage(map) => {
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
    /// Intake endpoint.
    pub endpoint: String,
    /// Public key the record is sealed to.
    pub public_key: envelope::PublicKeyConfig,
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
        self.agency.name.get(lang, self.default_lang()).to_owned()
    }

    /// The agency's contact in `lang`.
    pub fn agency_contact(&self, lang: Lang) -> String {
        self.agency
            .contact
            .get(lang, self.default_lang())
            .to_owned()
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

/// Parses and validates `config.json`.
pub fn parse(text: &str) -> Result<Config, Vec<ConfigProblem>> {
    let raw: RawConfig = serde_json::from_str(text).map_err(|e| {
        vec![ConfigProblem::new(
            "config.json",
            format!("not a valid configuration file: {e}"),
        )]
    })?;
    validate(raw)
}

/// Validates a parsed configuration; reports every problem found.
pub fn validate(raw: RawConfig) -> Result<Config, Vec<ConfigProblem>> {
    let mut problems = Vec::new();
    if !is_endpoint(&raw.endpoint) {
        problems.push(ConfigProblem::new(
            "endpoint",
            format!(
                "'{}' is not a path starting with / or an https:// URL",
                raw.endpoint
            ),
        ));
    }
    let public_key = match serde_json::from_value::<envelope::PublicKeyConfig>(raw.public_key) {
        Ok(pk) => match pk.validate() {
            Ok(()) => Some(pk),
            Err(e) => {
                problems.push(ConfigProblem::new(
                    "publicKey",
                    format!("the public key is not usable: {e}"),
                ));
                None
            }
        },
        Err(e) => {
            problems.push(ConfigProblem::new(
                "publicKey",
                format!("not a public key configuration from `agency keygen`: {e}"),
            ));
            None
        }
    };
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
    match public_key {
        Some(public_key) if problems.is_empty() => Ok(Config {
            agency: raw.agency,
            endpoint: raw.endpoint,
            public_key,
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

    fn with_key(mut cfg: serde_json::Value) -> String {
        let (_, public) = envelope::generate_keypair_os(envelope::Kem::XWing).unwrap();
        cfg["publicKey"] = serde_json::to_value(&public).unwrap();
        cfg.to_string()
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
            fields(parse(&committed().to_string())),
            vec!["publicKey"],
            "placeholder key is refused"
        );
        let cfg = parse(&with_key(committed())).unwrap();
        assert_eq!(cfg.languages, Lang::ALL.to_vec());
        assert_eq!(cfg.endpoint, "/api/v1/submissions");
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
        let got = fields(parse(&with_key(c)));
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
        let mut key =
            serde_json::from_str::<serde_json::Value>(&with_key(committed())).unwrap()["publicKey"]
                .clone();
        key["kid"] = "0000000000000000".into();
        c["publicKey"] = key;
        assert_eq!(
            fields(parse(&c.to_string())),
            vec!["publicKey"],
            "kid must match the key"
        );
        assert_eq!(fields(parse("{")), vec!["config.json"]);
        let mut c = committed();
        c["colour"] = "#000000".into();
        assert_eq!(
            fields(parse(&with_key(c))),
            vec!["config.json"],
            "unknown fields are refused"
        );
        let mut c = committed();
        c["passportValidity"] = serde_json::json!({"rule": "months", "months": 6});
        assert_eq!(
            parse(&with_key(c)).unwrap().validity,
            ValidityRule::Months { months: 6 }
        );
    }

    #[test]
    fn languages_default_to_all_eight() {
        let mut c = committed();
        c.as_object_mut().unwrap().remove("languages");
        assert_eq!(parse(&with_key(c)).unwrap().languages, Lang::ALL.to_vec());
        let mut c = committed();
        c["languages"] = serde_json::json!(["vi", "en"]);
        let cfg = parse(&with_key(c)).unwrap();
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
        let cfg = parse(&with_key(c)).unwrap();
        assert_eq!(cfg.agency_name(Lang::Th), "โต๊ะตรวจก่อนออกเดินทาง");
        assert_eq!(cfg.agency_name(Lang::En), "Pre-departure Desk");
        // No Korean entry: the first language's.
        assert_eq!(cfg.agency_name(Lang::Ko), "Pre-departure Desk");
        assert_eq!(cfg.agency_contact(Lang::Ko), "desk@example.org");
        // A plain string still works (the committed config has one).
        let cfg = parse(&with_key(committed())).unwrap();
        assert_eq!(cfg.agency_name(Lang::Vi), cfg.agency_name(Lang::En));
        assert!(!cfg.agency_name(Lang::Vi).is_empty());

        let mut c = committed();
        c["languages"] = serde_json::json!(["en", "th"]);
        c["agency"] = serde_json::json!({
            "name": {"th": "โต๊ะ", "xx": "?", "ko": "데스크"},
            "contact": {"en": " "},
        });
        let got = fields(parse(&with_key(c)));
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
        assert_eq!(fields(parse(&with_key(c))), vec!["agency.name"]);
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
