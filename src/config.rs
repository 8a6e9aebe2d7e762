//! `course.yaml`: the course's title, language, theme, footer and search synonyms.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

/// File name of the course configuration, at the course root.
pub const CONFIG_FILE: &str = "course.yaml";

/// Language of the site's interface text (buttons, labels, headings).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Da,
    En,
}

impl Language {
    /// The BCP 47 code used in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Da => "da",
            Language::En => "en",
        }
    }
}

/// The parsed `course.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CourseConfig {
    /// Shown in every page's header and title.
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub language: Language,
    #[serde(default)]
    pub organisation: Option<String>,
    /// Name of a folder in `themes/`; `default` is built in.
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub footer: Option<String>,
    /// Search settings.
    #[serde(default)]
    pub search: SearchConfig,
}

/// `search:` in course.yaml.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Groups of words that find each other, for example `[fleksjob, flexjob]`;
    /// each word also finds the compounds that contain it.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
}

fn default_theme() -> String {
    "default".to_string()
}

impl CourseConfig {
    /// Load and check `course.yaml` from the course root.
    pub fn load(root: &Path) -> Result<CourseConfig, Diagnostic> {
        let display = Path::new(CONFIG_FILE);
        let path = root.join(CONFIG_FILE);
        if !path.is_file() {
            return Err(Diagnostic::error(display, "the course has no course.yaml")
                .help(format!(
                    "run fokus in a course folder (or pass --root), or create one with `fokus init <dir>`; looked in {}",
                    root.display()
                )));
        }
        let text = crate::source::read_text(&path, display)?;
        let config: CourseConfig = crate::yaml::parse(&text, display, 1)?;
        if config.title.trim().is_empty() {
            let pos = crate::yaml::locate(&text, &[crate::yaml::Seg::Key("title")]);
            return Err(Diagnostic::error(display, "`title` is empty")
                .at_position(pos)
                .help("give the course a title, for example `title: Fokus på evner`"));
        }
        let theme_ok = !config.theme.is_empty()
            && config
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !theme_ok {
            let pos = crate::yaml::locate(&text, &[crate::yaml::Seg::Key("theme")]);
            return Err(Diagnostic::error(
                display,
                format!("`theme: {}` is not a theme name", config.theme),
            )
            .at_position(pos)
            .help("use the name of a folder in themes/ (letters, digits, - and _), or `default`"));
        }
        for (g, group) in config.search.synonyms.iter().enumerate() {
            let at = |w: usize| {
                crate::yaml::locate(
                    &text,
                    &[
                        crate::yaml::Seg::Key("search"),
                        crate::yaml::Seg::Key("synonyms"),
                        crate::yaml::Seg::Index(g),
                        crate::yaml::Seg::Index(w),
                    ],
                )
            };
            if group.len() < 2 {
                return Err(Diagnostic::error(
                    display,
                    "a group of search synonyms needs at least two words",
                )
                .at_position(at(0))
                .help("write the words that should find each other in one list, for example `- [fleksjob, flexjob]`"));
            }
            for (w, word) in group.iter().enumerate() {
                let folded = crate::search::fold::fold(word.trim());
                let one_word = folded.len() >= 2
                    && folded
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
                if !one_word {
                    return Err(Diagnostic::error(
                        display,
                        format!("search synonym `{word}` is not one word"),
                    )
                    .at_position(at(w))
                    .help("a synonym is one word of letters and digits, at least two long (spaces, hyphens and punctuation are not searched)"));
                }
            }
        }
        Ok(config)
    }
}
