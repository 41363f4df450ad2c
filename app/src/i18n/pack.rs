//! Language packs: every text of one language, in a JSON file of its own
//! (`packs/<tag>.json`), so only the language being read travels.
//!
//! The build (`app/postbuild.mjs`) writes each pack as
//! `i18n-<tag>-<hash>.json` into `dist/`; the boot script fetches the one
//! the page needs (`portalPack(tag)`, started before the wasm has arrived)
//! and the app installs it with [`install`] before drawing a page in that
//! language. Native builds (tests, tools) read the packs from the source
//! tree instead ([`get`]).
//!
//! A pack is complete or refused: [`Pack::parse`] reports every missing or
//! unknown entry and every placeholder that differs from English.

use super::wire::{Entries, Wire};
use super::{Key, Lang};
use checker_wasm::Code;
#[cfg(any(test, not(target_arch = "wasm32")))]
use serde::Deserialize;
#[cfg(any(test, not(target_arch = "wasm32")))]
use std::collections::BTreeMap;
#[cfg(any(test, not(target_arch = "wasm32")))]
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// A pack as written in `packs/<tag>.json`.
#[cfg(any(test, not(target_arch = "wasm32")))]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PackFile {
    /// BCP 47 tag, as [`Lang::tag`].
    lang: String,
    /// The language's own name (the switcher's label).
    name: String,
    /// Date pattern: `{day}`, `{month}` (number), `{dd}`/`{mm}` (two
    /// digits), `{monthName}` (from `months`), `{year}`.
    date: String,
    /// Month names, January first, when `date` uses `{monthName}`.
    #[serde(default)]
    months: Vec<String>,
    /// Between a label and "(optional)".
    optional_separator: String,
    /// Interface strings by [`Key::name`].
    ui: BTreeMap<String, String>,
    /// Checker messages by [`Code::code`].
    codes: BTreeMap<String, String>,
    /// Field-aware messages (`{label}`/`{Label}`) of
    /// [`super::FIELD_AWARE_CODES`], by code.
    field_codes: BTreeMap<String, String>,
    /// Each page input as named inside a sentence, by input id.
    in_sentence: BTreeMap<String, String>,
    /// What to do when a required input is empty, by input id.
    required: BTreeMap<String, String>,
}

/// One language's texts, ready for lookups.
#[derive(Debug)]
pub struct Pack {
    name: String,
    date: String,
    months: Vec<String>,
    optional_separator: String,
    ui: Vec<String>,
    codes: Vec<String>,
    field_codes: Vec<(Code, String)>,
    in_sentence: Entries,
    required: Entries,
}

/// The input ids a pack names (in a sentence, and when left empty).
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn input_ids() -> BTreeSet<&'static str> {
    crate::checks::FORM_INPUTS
        .iter()
        .copied()
        .flatten()
        .copied()
        .map(super::input_base)
        .collect()
}

/// The `{name}` placeholders of a template.
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn placeholders(template: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after.find('}') else { break };
        out.insert(after.get(..close).unwrap_or_default());
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out
}

/// Every problem of `found` against the `wanted` keys: missing, unknown,
/// empty, and (when `reference` gives the English text) placeholders that
/// differ.
#[cfg(any(test, not(target_arch = "wasm32")))]
fn check_section<'a>(
    section: &str,
    found: &BTreeMap<String, String>,
    wanted: impl IntoIterator<Item = &'a str>,
    reference: impl Fn(&str) -> Option<String>,
    problems: &mut Vec<String>,
) {
    let wanted: BTreeSet<&str> = wanted.into_iter().collect();
    for w in &wanted {
        match found.get(*w) {
            None => problems.push(format!("{section}.{w}: missing")),
            Some(t) if t.trim().is_empty() => problems.push(format!("{section}.{w}: empty")),
            Some(t) => {
                // `{Label}` is `{label}` at the start of a sentence.
                let same = |a: &str, b: &str| {
                    let norm = |t: &str| -> BTreeSet<String> {
                        placeholders(t)
                            .into_iter()
                            .map(|p| if p == "Label" { "label" } else { p }.to_owned())
                            .collect()
                    };
                    norm(a) == norm(b)
                };
                if let Some(r) = reference(w)
                    && !same(&r, t)
                {
                    problems.push(format!(
                        "{section}.{w}: placeholders {:?}, English has {:?}",
                        placeholders(t),
                        placeholders(&r)
                    ));
                }
            }
        }
    }
    for k in found.keys() {
        if !wanted.contains(k.as_str()) {
            problems.push(format!("{section}.{k}: unknown"));
        }
    }
}

impl Pack {
    /// Reads a pack without checking it (the tests check every pack the
    /// build ships, with [`Pack::parse`]), in one pass over its JSON.
    pub fn read(lang: Lang, json: &str) -> Result<Pack, String> {
        let mut w: Wire = serde_json::from_str(json)
            .map_err(|e| format!("{}: not a language pack: {e}", lang.tag()))?;
        if w.lang != lang.tag() {
            return Err(format!("{}: the pack is not of this language", lang.tag()));
        }
        Ok(Pack {
            ui: Key::ALL.iter().map(|k| w.ui.take(k.name())).collect(),
            codes: Code::ALL.iter().map(|c| w.codes.take(c.code())).collect(),
            field_codes: super::FIELD_AWARE_CODES
                .iter()
                .map(|c| (*c, w.field_codes.take(c.code())))
                .collect(),
            name: w.name,
            date: w.date,
            months: w.months,
            optional_separator: w.optional_separator,
            in_sentence: w.in_sentence,
            required: w.required,
        })
    }

    /// Parses and checks a pack for `lang`: every key, code and input
    /// present, nothing unknown, the placeholders of the English pack
    /// (`english`; `None` when parsing English itself, whose checker
    /// messages are held to the checker's own templates).
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub fn parse(lang: Lang, json: &str, english: Option<&Pack>) -> Result<Pack, Vec<String>> {
        let file: PackFile = serde_json::from_str(json)
            .map_err(|e| vec![format!("{}: not a language pack: {e}", lang.tag())])?;
        let mut problems = Vec::new();
        if file.lang != lang.tag() {
            problems.push(format!("lang: {:?}, expected {:?}", file.lang, lang.tag()));
        }
        if file.name != lang.native_name() {
            problems.push(format!(
                "name: {:?}, expected {:?}",
                file.name,
                lang.native_name()
            ));
        }
        let date_params = placeholders(&file.date);
        let allowed: BTreeSet<&str> = ["day", "dd", "month", "mm", "monthName", "year"].into();
        if !date_params.contains("year") || !date_params.is_subset(&allowed) {
            problems.push(format!("date: {:?} has unknown or no {{year}}", file.date));
        }
        if date_params.contains("monthName") && file.months.len() != 12 {
            problems.push("months: 12 names needed for {monthName}".to_owned());
        }
        let key_ref = |k: &str| {
            english.and_then(|e| {
                Key::ALL
                    .iter()
                    .position(|x| x.name() == k)
                    .and_then(|i| e.ui.get(i).cloned())
            })
        };
        check_section(
            "ui",
            &file.ui,
            Key::ALL.iter().map(|k| k.name()),
            key_ref,
            &mut problems,
        );
        check_section(
            "codes",
            &file.codes,
            Code::ALL.iter().map(|c| c.code()),
            |c| Code::from_code(c).map(|c| c.template().to_owned()),
            &mut problems,
        );
        let field_ref = |c: &str| {
            english.and_then(|e| {
                e.field_codes
                    .iter()
                    .find(|(x, _)| x.code() == c)
                    .map(|(_, t)| t.clone())
            })
        };
        check_section(
            "fieldCodes",
            &file.field_codes,
            super::FIELD_AWARE_CODES.iter().map(|c| c.code()),
            field_ref,
            &mut problems,
        );
        let ids = input_ids();
        check_section(
            "inSentence",
            &file.in_sentence,
            ids.iter().copied(),
            |_| None,
            &mut problems,
        );
        check_section(
            "required",
            &file.required,
            ids.iter()
                .copied()
                .filter(|id| !super::OPTIONAL_INPUTS.contains(id)),
            |_| None,
            &mut problems,
        );
        if !problems.is_empty() {
            return Err(problems
                .into_iter()
                .map(|p| format!("{}: {p}", lang.tag()))
                .collect());
        }
        let mut ui = file.ui;
        let mut codes = file.codes;
        let mut field_codes = file.field_codes;
        Ok(Pack {
            name: file.name,
            date: file.date,
            months: file.months,
            optional_separator: file.optional_separator,
            ui: Key::ALL
                .iter()
                .map(|k| ui.remove(k.name()).unwrap_or_default())
                .collect(),
            codes: Code::ALL
                .iter()
                .map(|c| codes.remove(c.code()).unwrap_or_default())
                .collect(),
            field_codes: super::FIELD_AWARE_CODES
                .iter()
                .map(|c| (*c, field_codes.remove(c.code()).unwrap_or_default()))
                .collect(),
            in_sentence: file.in_sentence.into(),
            required: file.required.into(),
        })
    }

    /// The language's own name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// An interface string.
    pub fn ui(&self, key: Key) -> &str {
        self.ui.get(key as usize).map_or("", String::as_str)
    }

    /// A checker code's message template.
    pub fn code(&self, code: Code) -> Option<&str> {
        Code::ALL
            .iter()
            .position(|c| *c == code)
            .and_then(|i| self.codes.get(i))
            .map(String::as_str)
    }

    /// A field-aware template.
    pub fn field_code(&self, code: Code) -> Option<&str> {
        self.field_codes
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, t)| t.as_str())
    }

    /// An input as named inside a sentence.
    pub fn in_sentence(&self, id: &str) -> Option<&str> {
        self.in_sentence.get(id)
    }

    /// What to do when a required input is empty.
    pub fn required(&self, id: &str) -> Option<&str> {
        self.required.get(id)
    }

    /// Between a label and "(optional)".
    pub fn optional_separator(&self) -> &str {
        &self.optional_separator
    }

    /// A calendar date in this language's form.
    pub fn format_date(&self, year: u16, month: u8, day: u8) -> String {
        super::fill(&self.date, |name| {
            Some(match name {
                "year" => year.to_string(),
                "month" => month.to_string(),
                "mm" => format!("{month:02}"),
                "day" => day.to_string(),
                "dd" => format!("{day:02}"),
                "monthName" => self
                    .months
                    .get(usize::from(month).saturating_sub(1))
                    .cloned()
                    .unwrap_or_else(|| month.to_string()),
                _ => return None,
            })
        })
    }
}

/// The installed packs, by [`Lang::index`].
static PACKS: [OnceLock<Pack>; Lang::ALL.len()] = [const { OnceLock::new() }; Lang::ALL.len()];

/// Installs the pack of `lang` from its JSON (once; a second install of the
/// same language keeps the first).
pub fn install(lang: Lang, json: &str) -> Result<(), Vec<String>> {
    let slot = PACKS.get(lang.index()).ok_or_else(Vec::new)?;
    if slot.get().is_some() {
        return Ok(());
    }
    let pack = Pack::read(lang, json).map_err(|e| vec![e])?;
    let _ = slot.set(pack);
    Ok(())
}

/// Whether the pack of `lang` is installed.
pub fn is_installed(lang: Lang) -> bool {
    PACKS
        .get(lang.index())
        .is_some_and(|slot| slot.get().is_some())
}

/// The pack of `lang`, when installed (native builds and unit tests: read
/// from the source tree on first use).
pub fn get(lang: Lang) -> Option<&'static Pack> {
    let slot = PACKS.get(lang.index())?;
    #[cfg(any(test, not(target_arch = "wasm32")))]
    if slot.get().is_none() {
        let _ = install(lang, source(lang));
    }
    slot.get()
}

/// The pack file of `lang` in the source tree (not in the wasm: there the
/// packs are separate files).
#[cfg(any(test, not(target_arch = "wasm32")))]
pub const fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("packs/en.json"),
        Lang::Ja => include_str!("packs/ja.json"),
        Lang::ZhHant => include_str!("packs/zh-Hant.json"),
        Lang::Id => include_str!("packs/id.json"),
        Lang::Vi => include_str!("packs/vi.json"),
        Lang::Fil => include_str!("packs/fil.json"),
        Lang::Th => include_str!("packs/th.json"),
        Lang::Ko => include_str!("packs/ko.json"),
    }
}
