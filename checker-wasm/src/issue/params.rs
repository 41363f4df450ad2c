//! [`Params`]: the named parameters of a finding.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The named parameters of a finding, in name order (as a map in JSON).
///
/// A finding has at most a handful, so they are a sorted vector rather than
/// a `BTreeMap`: the same lookups and order, and in wasm 3 KB less code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// No parameters.
    pub const fn new() -> Self {
        Params(Vec::new())
    }

    /// Sets `name` to `value`, replacing an earlier value.
    pub fn insert(&mut self, name: String, value: String) {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(&name)) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (name, value)),
        }
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(name))
            .ok()
            .map(|at| &self.0[at].1)
    }

    /// Whether `name` is set.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The parameters in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `params["name"]`: the value, or `""` when `name` is not set (never a panic).
impl std::ops::Index<&str> for Params {
    type Output = String;

    fn index(&self, name: &str) -> &String {
        static NONE: String = String::new();
        self.get(name).unwrap_or(&NONE)
    }
}

impl<'a> IntoIterator for &'a Params {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl FromIterator<(String, String)> for Params {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(items: I) -> Self {
        let mut params = Params::new();
        for (k, v) in items {
            params.insert(k, v);
        }
        params
    }
}

impl Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::<String, String>::deserialize(d).map(|m| m.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::Params;

    #[test]
    fn keeps_name_order_and_replaces() {
        let mut p = Params::new();
        p.insert("found".into(), "4".into());
        p.insert("expected".into(), "3".into());
        p.insert("found".into(), "5".into());
        let all: Vec<_> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(all, [("expected", "3"), ("found", "5")]);
        assert_eq!(p.len(), 2);
        assert_eq!(p.get("found").map(String::as_str), Some("5"));
        assert!(p.contains_key("expected") && !p.contains_key("line"));
        assert_eq!(p["expected"], "3");
        assert_eq!(p["line"], "");
    }

    #[test]
    fn is_a_map_in_json() {
        let p: Params = [
            ("b".to_owned(), "2".to_owned()),
            ("a".to_owned(), "1".to_owned()),
        ]
        .into_iter()
        .collect();
        let json = serde_json::to_string(&p).unwrap_or_default();
        assert_eq!(json, r#"{"a":"1","b":"2"}"#);
        let back: Params = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, p);
        assert!(Params::new().is_empty());
    }
}
