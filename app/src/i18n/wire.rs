//! A language pack read straight from its JSON, in one pass: every section
//! a sorted list of (key, text), looked up by binary search.
//!
//! Not through `serde_json::Value` (which the portal needs nowhere else):
//! a `Value` costs the wasm its own deserializer and a `BTreeMap`.

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use std::fmt;

/// One section of a pack: (key, text), sorted by key.
#[derive(Debug, Default)]
pub(super) struct Entries(Vec<(String, String)>);

impl Entries {
    /// The text of `key`, taken out (`""` when the pack lacks it).
    pub(super) fn take(&mut self, key: &str) -> String {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(at) => std::mem::take(&mut self.0[at].1),
            Err(_) => String::new(),
        }
    }

    /// The text of `key`.
    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|at| self.0[at].1.as_str())
    }
}

/// From a checked pack's section (a `BTreeMap` is already in key order).
#[cfg(any(test, not(target_arch = "wasm32")))]
impl From<std::collections::BTreeMap<String, String>> for Entries {
    fn from(map: std::collections::BTreeMap<String, String>) -> Self {
        Entries(map.into_iter().collect())
    }
}

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Texts;
        impl<'de> Visitor<'de> for Texts {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of texts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut all = Vec::with_capacity(map.size_hint().unwrap_or(64));
                while let Some(entry) = map.next_entry::<String, String>()? {
                    all.push(entry);
                }
                all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                Ok(Entries(all))
            }
        }
        d.deserialize_map(Texts)
    }
}

/// A pack file as the app reads it: what it lacks is empty (the build's
/// tests check every shipped pack with [`super::pack::Pack::parse`]);
/// anything else in the file is skipped.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Wire {
    pub lang: String,
    pub name: String,
    pub date: String,
    pub months: Vec<String>,
    pub optional_separator: String,
    pub ui: Entries,
    pub codes: Entries,
    pub field_codes: Entries,
    pub in_sentence: Entries,
    pub required: Entries,
}
