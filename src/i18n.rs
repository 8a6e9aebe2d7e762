//! Interface strings per language.
//!
//! Templates and scripts never hard-code a word a reader sees: they look it
//! up here. The tables live in the theme (`themes/default/i18n/<lang>.yaml`)
//! and are compiled into the binary, so every course has them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::config::Language;

const DA: &str = include_str!("../themes/default/i18n/da.yaml");
const EN: &str = include_str!("../themes/default/i18n/en.yaml");

/// Keys the theme's scripts (fokus.js, search.js, progress.js) look up; a test
/// keeps this list in step with the scripts.
pub const SCRIPT_KEYS: &[&str] = &[
    "home",
    "done",
    "check",
    "retry",
    "hint",
    "solution",
    "reset_done",
    "correct",
    "incorrect",
    "partly",
    "score",
    "choose_first",
    "accepted_answers",
    "move_up",
    "move_down",
    "saved",
    "restart",
    "position",
    "icon_correct",
    "icon_incorrect",
    "print_page",
    "read",
    "not_read",
    "not_started",
    "my_reflections",
    "no_reflections",
    "delete_all",
    "deleted",
    "search_results",
    "search_one",
    "search_none",
    "search_loading",
    "search_unavailable",
    "modules",
    "missed",
    "your_path",
    "match_options",
];
/// Key prefixes the scripts complete at run time (`kind_module`, `outcome_good`).
pub const SCRIPT_KEY_PREFIXES: &[&str] = &["offline_", "kind_", "outcome_", "icon_", "pass_"];

/// The interface strings for one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The built-in table for `lang`.
    pub fn builtin(lang: Language) -> Strings {
        // Read once per language: `fokus serve` loads the theme at every rebuild.
        static DA_TABLE: OnceLock<Strings> = OnceLock::new();
        static EN_TABLE: OnceLock<Strings> = OnceLock::new();
        let (table, text) = match lang {
            Language::Da => (&DA_TABLE, DA),
            Language::En => (&EN_TABLE, EN),
        };
        // The tables are part of the binary and covered by tests; an empty
        // table only makes every lookup fall back to its key.
        table
            .get_or_init(|| Strings(serde_yaml::from_str(text).unwrap_or_default()))
            .clone()
    }

    /// Merge another table over this one (a theme's or a course's overrides).
    pub fn overlay(&mut self, other: BTreeMap<String, String>) {
        self.0.extend(other);
    }

    /// The string for `key`, or the key itself so a missing entry is visible, not fatal.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map(String::as_str).unwrap_or(key)
    }

    /// Only the strings the theme's scripts read, for the JSON every page carries.
    pub fn for_scripts(&self) -> Strings {
        Strings(
            self.0
                .iter()
                .filter(|(k, _)| {
                    SCRIPT_KEYS.contains(&k.as_str())
                        || SCRIPT_KEY_PREFIXES.iter().any(|p| k.starts_with(p))
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
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
    fn every_string_a_script_asks_for_is_shipped() {
        let strings = Strings::builtin(Language::Da);
        let shipped = strings.for_scripts();
        let scripts = [
            include_str!("../themes/default/static/assets/fokus.js"),
            include_str!("../themes/default/static/assets/search.js"),
            include_str!("../themes/default/static/assets/progress.js"),
            include_str!("../themes/default/static/assets/offline.js"),
        ]
        .concat();
        // Quoted words that are data-attribute names or message types in the scripts, not strings.
        let attributes = ["next", "exercise", "progress"];
        for key in strings.keys().filter(|k| !attributes.contains(k)) {
            if scripts.contains(&format!("'{key}'")) {
                assert!(
                    shipped.0.contains_key(key),
                    "scripts use `{key}` but SCRIPT_KEYS lacks it"
                );
            }
        }
        assert!(
            shipped.0.len() < 64,
            "only what scripts read: {}",
            shipped.0.len()
        );
    }

    #[test]
    fn lookups() {
        let s = Strings::builtin(Language::Da);
        assert_eq!(s.get("next"), "Næste");
        assert_eq!(s.get("no_such_key"), "no_such_key");
    }
}
