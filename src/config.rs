//! `course.yaml`: the course's title, language, theme, footer and search synonyms.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;

/// File name of the course configuration, at the course root.
pub use crate::folders::CONFIG_FILE;

pub use crate::language::Language;

/// The longest `organisation` (in characters) that fits the certificate.
pub const MAX_ORGANISATION: usize = 120;

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
    /// How training days run, for the trainer's day plan.
    #[serde(default)]
    pub schedule: Option<Schedule>,
    /// Search settings.
    #[serde(default)]
    pub search: SearchConfig,
}

/// `schedule` in `course.yaml`: how a training day runs. Times are `HH:MM`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// How many training days the course has; more are a warning.
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default = "default_start")]
    pub start: String,
    #[serde(default = "default_end")]
    pub end: String,
    #[serde(default)]
    pub lunch: Lunch,
    #[serde(default, rename = "break")]
    pub breaks: Breaks,
    /// A block at the start of every day (welcome, the day's programme).
    #[serde(default)]
    pub opening: Option<Block>,
    /// A block at the end of every day (summing up, evaluation).
    #[serde(default)]
    pub closing: Option<Block>,
}

/// The lunch break: around `at`, for `minutes`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Lunch {
    #[serde(default = "default_lunch_at")]
    pub at: String,
    #[serde(default = "default_lunch_minutes")]
    pub minutes: u32,
}

impl Default for Lunch {
    fn default() -> Self {
        Lunch {
            at: default_lunch_at(),
            minutes: default_lunch_minutes(),
        }
    }
}

/// Short breaks: one at the latest after `every` minutes, `minutes` long.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Breaks {
    #[serde(default = "default_break_every")]
    pub every: u32,
    #[serde(default = "default_break_minutes")]
    pub minutes: u32,
}

impl Default for Breaks {
    fn default() -> Self {
        Breaks {
            every: default_break_every(),
            minutes: default_break_minutes(),
        }
    }
}

/// An opening or closing block.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub title: String,
    pub minutes: u32,
}

fn default_start() -> String {
    "09:00".into()
}
fn default_end() -> String {
    "15:30".into()
}
fn default_lunch_at() -> String {
    "12:00".into()
}
fn default_lunch_minutes() -> u32 {
    30
}
fn default_break_every() -> u32 {
    90
}
fn default_break_minutes() -> u32 {
    15
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            days: None,
            start: default_start(),
            end: default_end(),
            lunch: Lunch::default(),
            breaks: Breaks::default(),
            opening: None,
            closing: None,
        }
    }
}

/// `HH:MM` (or `H.MM`) as minutes after midnight.
pub fn parse_clock(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once([':', '.'])?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && m.to_string().len() <= 2).then_some(h * 60 + m)
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
            return Err(Diagnostic::error(display, t!("config.missing"))
                .help(t!("config.missing_help", root = root.display())));
        }
        let text = crate::source::read_course_text(root, display)?;
        let config: CourseConfig = crate::yaml::parse(&text, display, 1)?;
        if config.title.trim().is_empty() {
            let pos = crate::yaml::locate(&text, &[crate::yaml::Seg::Key("title")]);
            return Err(Diagnostic::error(display, t!("content.title_empty"))
                .at_position(pos)
                .help(t!("config.title_help")));
        }
        let theme_ok = !config.theme.is_empty()
            && config
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !theme_ok {
            let pos = crate::yaml::locate(&text, &[crate::yaml::Seg::Key("theme")]);
            return Err(
                Diagnostic::error(display, t!("config.theme_name", theme = &config.theme))
                    .at_position(pos)
                    .help(t!("config.theme_name_help")),
            );
        }
        if let Some(org) = &config.organisation {
            // It stands on the certificate's one A4 page and in every footer.
            let len = org.trim().chars().count();
            if len > MAX_ORGANISATION || org.trim().contains(['\n', '\r']) {
                let pos = crate::yaml::locate(&text, &[crate::yaml::Seg::Key("organisation")]);
                return Err(Diagnostic::error(
                    display,
                    t!("config.organisation", max = MAX_ORGANISATION, len = len),
                )
                .at_position(pos)
                .help(t!("config.organisation_help")));
            }
        }
        if let Some(s) = &config.schedule {
            check_schedule(s, &text, display)?;
        }
        check_completion(&config.completion, &text)?;
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
                return Err(
                    Diagnostic::error(display, crate::t!("config.synonyms_short"))
                        .at_position(at(0))
                        .help(crate::t!("config.synonyms_short_help")),
                );
            }
            for (w, word) in group.iter().enumerate() {
                let folded = crate::fold::fold(word.trim());
                let one_word = folded.len() >= 2
                    && folded
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
                if !one_word {
                    return Err(Diagnostic::error(
                        display,
                        crate::t!("config.synonym_not_word", word = word.as_str()),
                    )
                    .at_position(at(w))
                    .help(crate::t!("config.synonym_not_word_help")));
                }
            }
        }
        Ok(config)
    }
}

/// Times must be clock times, in order, and a break must come at least every so often.
fn check_schedule(s: &Schedule, text: &str, display: &Path) -> Result<(), Diagnostic> {
    use crate::yaml::Seg::Key;
    let at = |path: &[crate::yaml::Seg]| crate::yaml::locate(text, path);
    for (value, path) in [
        (&s.start, vec![Key("schedule"), Key("start")]),
        (&s.end, vec![Key("schedule"), Key("end")]),
        (&s.lunch.at, vec![Key("schedule"), Key("lunch"), Key("at")]),
    ] {
        if parse_clock(value).is_none() {
            return Err(Diagnostic::error(display, t!("config.time", value))
                .at_position(at(&path))
                .help(t!("config.time_help")));
        }
    }
    let (start, end) = (
        parse_clock(&s.start).unwrap_or(0),
        parse_clock(&s.end).unwrap_or(0),
    );
    if end <= start {
        return Err(Diagnostic::error(display, t!("config.day_order"))
            .at_position(at(&[Key("schedule"), Key("end")]))
            .help(t!("config.day_order_help", start = &s.start)));
    }
    if s.breaks.every == 0 || s.breaks.every > 90 {
        return Err(
            Diagnostic::error(display, t!("config.break_every", every = s.breaks.every))
                .at_position(at(&[Key("schedule"), Key("break"), Key("every")]))
                .help(t!("config.break_every_help")),
        );
    }
    if s.days == Some(0) {
        return Err(Diagnostic::error(display, t!("config.days_zero"))
            .at_position(at(&[Key("schedule"), Key("days")]))
            .help(t!("config.days_zero_help")));
    }
    Ok(())
}

/// Which audience a build is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// For caseworkers: no trainer notes, no answer keys beyond self-check.
    #[default]
    Participant,
    /// For trainers: trainer notes, answer key and day plan.
    Trainer,
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
                t!("config.completion_keyword", key, value = k),
            )
            .at_position(locate(text, &[Seg::Key("completion"), Seg::Key(key)]))
            .help(t!(
                "config.completion_keyword_help",
                key,
                example = if key == "modules" {
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
        return Err(
            Diagnostic::error(display, t!("config.pass_range", pass = pass.to_string()))
                .at_position(locate(text, &[Seg::Key("completion"), Seg::Key("pass")]))
                .help(t!("config.pass_range_help")),
        );
    }
    Ok(())
}
