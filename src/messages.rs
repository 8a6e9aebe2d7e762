//! Messages for the trainer: one table of every diagnostic, help line and
//! command-line sentence, in Danish and English.
//!
//! The library never renders text: a [`Text`] is a message key with its
//! arguments, and the edge (the terminal report, the serve overlay) renders
//! it in the course's language. The tables live in `i18n/messages.da.yaml`
//! and `i18n/messages.en.yaml` and are compiled into the binary; a test keeps
//! every key in both, with the same `{placeholders}`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

pub use crate::language::Language;

const DA: &str = include_str!("../i18n/messages.da.yaml");
const EN: &str = include_str!("../i18n/messages.en.yaml");

/// A message for the trainer, rendered in a language at the edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Text {
    /// A key of the message table and the values of its `{placeholders}`.
    Msg {
        key: &'static str,
        /// Boxed, so that a diagnostic stays small.
        args: Box<[(&'static str, Arg)]>,
    },
    /// Text that is the same in every language (a template engine's own words).
    Raw(String),
}

/// The value of one placeholder: plain text, or a message rendered in the same language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    Plain(String),
    Text(Text),
}

/// Values that can fill a placeholder.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl IntoArg for Text {
    fn into_arg(self) -> Arg {
        Arg::Text(self)
    }
}

macro_rules! plain_args {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                Arg::Plain(self.to_string())
            }
        }
    )*};
}
plain_args!(
    String, &String, &str, &&str, usize, u8, u16, u32, u64, i32, i64, char
);

impl IntoArg for std::path::Display<'_> {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

impl IntoArg for &std::io::Error {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

impl IntoArg for std::io::Error {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

/// A message from the table: `t!("key", name = value, other)`; `other` alone
/// means `other = other`.
#[macro_export]
macro_rules! t {
    ($key:literal $(, $name:ident $(= $value:expr)?)* $(,)?) => {
        $crate::messages::Text::Msg {
            key: $key,
            args: Box::new([$((stringify!($name), $crate::messages::IntoArg::into_arg($crate::t!(@value $name $(= $value)?)))),*]),
        }
    };
    (@value $name:ident = $value:expr) => { $value };
    (@value $name:ident) => { $name };
}

impl Text {
    /// Text that needs no translation.
    pub fn raw(text: impl Into<String>) -> Self {
        Text::Raw(text.into())
    }

    /// The table key, or `None` for raw text.
    pub fn key(&self) -> Option<&'static str> {
        match self {
            Text::Msg { key, .. } => Some(key),
            Text::Raw(_) => None,
        }
    }

    /// The message in `lang`, placeholders filled in.
    pub fn render(&self, lang: Language) -> String {
        match self {
            Text::Raw(s) => s.clone(),
            Text::Msg { key, args } => {
                let template = lookup(lang, key).unwrap_or(key);
                fill(template, |name| {
                    args.iter().find(|(n, _)| *n == name).map(|(_, a)| match a {
                        Arg::Plain(s) => s.clone(),
                        Arg::Text(t) => t.render(lang),
                    })
                })
            }
        }
    }
}

/// One message from the table without arguments, in `lang`.
pub fn word(lang: Language, key: &'static str) -> String {
    Text::Msg {
        key,
        args: Box::new([]),
    }
    .render(lang)
}

/// `template` with every `{name}` replaced by `value(name)` (left as is when unknown).
fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                match value(&after[..close]) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The `{placeholders}` of a template, sorted.
pub fn placeholders(template: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                found.push(after[..close].to_string());
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found.sort();
    found.dedup();
    found
}

type Table = HashMap<String, String>;

/// The message table of `lang`, parsed once.
pub fn table(lang: Language) -> &'static Table {
    static TABLES: OnceLock<(Table, Table)> = OnceLock::new();
    let (da, en) = TABLES.get_or_init(|| {
        (
            serde_yaml::from_str(DA).unwrap_or_default(),
            serde_yaml::from_str(EN).unwrap_or_default(),
        )
    });
    match lang {
        Language::Da => da,
        Language::En => en,
    }
}

fn lookup(lang: Language, key: &str) -> Option<&'static str> {
    table(lang).get(key).map(String::as_str)
}

/// `FOKUS_LANGUAGE=da|en`: messages in that language whatever the course's
/// language (a trainer who reads English better, or a test).
pub fn override_language() -> Option<Language> {
    match std::env::var("FOKUS_LANGUAGE").ok()?.trim() {
        "da" => Some(Language::Da),
        "en" => Some(Language::En),
        _ => None,
    }
}

/// The language of messages outside a course: `LC_ALL`, `LC_MESSAGES` or
/// `LANG` (`en…` is English; anything else, or nothing, is Danish).
pub fn env_language() -> Language {
    if let Some(lang) = override_language() {
        return lang;
    }
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty());
    language_of_locale(value.as_deref())
}

/// `en_GB.UTF-8` → English; `da_DK`, `C`, nothing → Danish.
pub fn language_of_locale(locale: Option<&str>) -> Language {
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("en") => Language::En,
        _ => Language::Da,
    }
}

/// The language of the course at `root` (its `language:` in course.yaml,
/// Danish when not given); outside a course, [`env_language`].
///
/// Read line by line so that a course.yaml with errors still gets its
/// errors in its own language.
pub fn course_language(root: &Path) -> Language {
    if let Some(lang) = override_language() {
        return lang;
    }
    match std::fs::read_to_string(root.join(crate::folders::CONFIG_FILE)) {
        Ok(text) => language_in_config(&text),
        Err(_) => env_language(),
    }
}

/// The `language:` of a course.yaml text; Danish when absent or unknown.
pub fn language_in_config(text: &str) -> Language {
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("language:") {
            let v = v
                .split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            if v == "en" {
                return Language::En;
            }
            return Language::Da;
        }
    }
    Language::Da
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Table {
        serde_yaml::from_str(text).expect("the message table is valid YAML")
    }

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_placeholders() {
        let (da, en) = (parse(DA), parse(EN));
        assert!(da.len() > 100, "{}", da.len());
        for (key, text) in &da {
            let other = en
                .get(key)
                .unwrap_or_else(|| panic!("`{key}` has no English text"));
            assert!(
                !text.trim().is_empty() && !other.trim().is_empty(),
                "{key} is empty"
            );
            assert_eq!(
                placeholders(text),
                placeholders(other),
                "placeholders of {key}"
            );
        }
        for key in en.keys() {
            assert!(da.contains_key(key), "`{key}` has no Danish text");
        }
    }

    /// Every `t!("key"` in the sources is in the table.
    #[test]
    fn every_key_used_in_the_sources_is_in_the_table() {
        let da = parse(DA);
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = 0;
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (i, _) in text.match_indices("t!(\"") {
                let before = text[..i].chars().next_back().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' {
                    continue; // `format!(` and the like
                }
                let rest = &text[i + 4..];
                let key = &rest[..rest.find('"').unwrap()];
                if key == "key" {
                    continue; // the macro's own documentation
                }
                used += 1;
                assert!(
                    da.contains_key(key),
                    "{}: `{key}` is not in i18n/messages.da.yaml",
                    entry.path().display()
                );
            }
        }
        assert!(used > 100, "{used}");
    }

    #[test]
    fn render_fills_placeholders_and_nested_messages() {
        let inner = Text::raw("indre");
        let t = Text::Msg {
            key: "test.nested",
            args: Box::new([("a", Arg::Plain("x".into())), ("b", Arg::Text(inner))]),
        };
        // An unknown key renders as itself, without panicking.
        assert_eq!(t.render(Language::Da), "test.nested");
        assert_eq!(
            fill("{a} og {b} {c} {ikke et navn}", |n| (n != "c")
                .then(|| n.to_uppercase())),
            "A og B {c} {ikke et navn}"
        );
    }

    #[test]
    fn language_follows_locale_and_course() {
        assert_eq!(language_of_locale(Some("en_GB.UTF-8")), Language::En);
        assert_eq!(language_of_locale(Some("da_DK.UTF-8")), Language::Da);
        assert_eq!(language_of_locale(Some("C")), Language::Da);
        assert_eq!(language_of_locale(None), Language::Da);
        assert_eq!(
            language_in_config("title: x\nlanguage: en # engelsk\n"),
            Language::En
        );
        assert_eq!(
            language_in_config("title: x\nlanguage: \"da\"\n"),
            Language::Da
        );
        assert_eq!(language_in_config("title: x\n"), Language::Da);
    }
}
