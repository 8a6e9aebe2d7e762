//! `course.yaml`: the course's title, language, theme and footer.

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
    /// What "completed" means, for the progress page and LMS packages.
    #[serde(default)]
    pub completion: Completion,
}

/// The completion rule: which modules must be opened, which exercises
/// answered, and optionally the pass mark (percent of the self-check score).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    #[serde(default)]
    pub modules: Selection,
    #[serde(default)]
    pub exercises: Selection,
    /// Percent (0–100) of the scored questions answered right.
    #[serde(default)]
    pub pass: Option<f64>,
}

/// `all`, `none`, or a list of ids.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Selection {
    Keyword(String),
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for Selection {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Selection;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`all`, `none` or a list of ids")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Selection, E> {
                Ok(Selection::Keyword(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Selection, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(Selection::List(ids))
            }
        }
        d.deserialize_any(V)
    }
}

impl Default for Selection {
    fn default() -> Self {
        Selection::Keyword("all".to_string())
    }
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
        check_completion(&config.completion, &text)?;
        Ok(config)
    }
}

/// The checks on `completion:` that need nothing but `course.yaml` itself.
fn check_completion(c: &Completion, text: &str) -> Result<(), Diagnostic> {
    use crate::yaml::{Seg, locate};
    let display = Path::new(CONFIG_FILE);
    for (key, sel) in [("modules", &c.modules), ("exercises", &c.exercises)] {
        if let Selection::Keyword(k) = sel
            && k != "all"
            && k != "none"
        {
            return Err(Diagnostic::error(
                display,
                format!("`completion.{key}: {k}` is not allowed"),
            )
            .at_position(locate(text, &[Seg::Key("completion"), Seg::Key(key)]))
            .help(format!(
                "write `{key}: all`, `{key}: none` or a list of ids, for example `{key}: [{}]`",
                if key == "modules" {
                    "grundlag/evner"
                } else {
                    "mette-sygedagpenge"
                }
            )));
        }
    }
    if let Some(pass) = c.pass
        && !(0.0..=100.0).contains(&pass)
    {
        return Err(Diagnostic::error(
            display,
            format!("`completion.pass: {pass}` is outside 0–100"),
        )
        .at_position(locate(text, &[Seg::Key("completion"), Seg::Key("pass")]))
        .help("the pass mark is a percent of the self-check score, for example `pass: 80`"));
    }
    Ok(())
}
