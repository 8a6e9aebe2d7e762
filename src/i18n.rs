//! Interface strings per language.
//!
//! Templates and scripts never hard-code a word a reader sees: they look it
//! up here. The tables live in the theme (`themes/default/i18n/<lang>.yaml`)
//! and are compiled into the binary, so every course has them.

use std::collections::BTreeMap;

use crate::config::Language;

const DA: &str = include_str!("../themes/default/i18n/da.yaml");
const EN: &str = include_str!("../themes/default/i18n/en.yaml");

/// The interface strings for one language.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The built-in table for `lang`.
    pub fn builtin(lang: Language) -> Strings {
        let text = match lang {
            Language::Da => DA,
            Language::En => EN,
        };
        // The tables are part of the binary and covered by tests; an empty
        // table only makes every lookup fall back to its key.
        Strings(serde_yaml::from_str(text).unwrap_or_default())
    }

    /// Merge another table over this one (a theme's or a course's overrides).
    pub fn overlay(&mut self, other: BTreeMap<String, String>) {
        self.0.extend(other);
    }

    /// The string for `key`, or the key itself so a missing entry is visible, not fatal.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map(String::as_str).unwrap_or(key)
    }

    /// All keys, for completeness checks.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_and_english_have_the_same_keys() {
        let da: Vec<_> = Strings::builtin(Language::Da)
            .keys()
            .map(str::to_owned)
            .collect();
        let en: Vec<_> = Strings::builtin(Language::En)
            .keys()
            .map(str::to_owned)
            .collect();
        assert!(da.len() > 40, "the Danish table did not parse");
        assert_eq!(da, en);
    }

    #[test]
    fn lookups() {
        let s = Strings::builtin(Language::Da);
        assert_eq!(s.get("next"), "Næste");
        assert_eq!(s.get("no_such_key"), "no_such_key");
    }
}
