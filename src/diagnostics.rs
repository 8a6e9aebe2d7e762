//! Diagnostics: every problem fokus finds in a course, as a value.
//!
//! The library never prints. Each step collects [`Diagnostic`]s (file, line,
//! column, message, help) so that one run reports every error it can find, and
//! the command-line edge (or the serve overlay) decides how to show them.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::messages::{Language, Text};

/// How serious a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based, as editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// A position at the start of `line`.
    pub fn line(line: usize) -> Self {
        Position { line, column: 1 }
    }
}

/// One problem found in the course: what, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path of the file, relative to the course root where possible.
    pub file: Option<PathBuf>,
    pub position: Option<Position>,
    /// What is wrong, rendered in the course's language at the edge.
    pub message: Text,
    /// What the author can do to fix it, or what is allowed.
    /// Boxed, so that a diagnostic (an `Err` on many paths) stays small.
    pub help: Option<Box<Text>>,
}

impl Diagnostic {
    /// An error about `file` with no known position yet.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.into()),
            position: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning about `file`; warnings never fail a build.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// An error that belongs to no file (a bad command-line value, for example).
    pub fn general(message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            position: None,
            message: message.into(),
            help: None,
        }
    }

    /// Attach a line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some(Position {
            line: line.max(1),
            column: column.max(1),
        });
        self
    }

    /// Attach an optional position.
    pub fn at_position(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }

    /// Attach advice on how to fix the problem.
    pub fn help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(Box::new(help.into()));
        self
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> String {
        let mut s = match &self.file {
            Some(f) => f.display().to_string(),
            None => String::new(),
        };
        if let Some(p) = self.position {
            s.push_str(&format!(":{}:{}", p.line, p.column));
        }
        s
    }
}

impl Diagnostic {
    /// The message in `lang`.
    pub fn message_in(&self, lang: Language) -> String {
        self.message.render(lang)
    }

    /// The help line in `lang`, if any.
    pub fn help_in(&self, lang: Language) -> Option<String> {
        self.help.as_ref().map(|h| h.render(lang))
    }

    /// "fejl" or "advarsel" (or in English) for this diagnostic.
    pub fn kind_in(&self, lang: Language) -> String {
        crate::messages::word(
            lang,
            match self.severity {
                Severity::Error => "label.error",
                Severity::Warning => "label.warning",
            },
        )
    }

    /// The whole diagnostic as plain text in `lang`:
    /// `fejl: file:line:col: message` and an indented help line.
    pub fn render(&self, lang: Language) -> String {
        let kind = self.kind_in(lang);
        let location = self.location();
        let mut s = if location.is_empty() {
            format!("{kind}: {}", self.message_in(lang))
        } else {
            format!("{kind}: {location}: {}", self.message_in(lang))
        };
        if let Some(help) = self.help_in(lang) {
            let label = crate::messages::word(lang, "label.help");
            s.push_str(&format!("\n  {label}: {help}"));
        }
        s
    }
}

/// In Danish, the default language; the edge uses [`Diagnostic::render`].
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::Da))
    }
}

/// Everything a run found, in the order found; sorted before it is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Diagnostics::default()
    }

    /// Add one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Add many.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All diagnostics, errors first, then by file and position.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| (a.severity, &a.file, a.position).cmp(&(b.severity, &b.file, b.position)));
        v.dedup();
        v
    }

    /// Iterate in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.items.extend(iter);
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.sorted() {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// `text` cut to at most `max` characters, with `…` where text was left out.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let half = max / 2;
    let head: String = text.chars().take(half).collect();
    let tail: String = {
        let rev: Vec<char> = text.chars().rev().take(half).collect();
        rev.into_iter().rev().collect()
    };
    format!("{head} … {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_help() {
        let d = Diagnostic::error("content/a.md", t!("yaml.unknown_key", key = "titel"))
            .at(3, 1)
            .help(t!("yaml.allowed_keys", keys = "title"));
        assert_eq!(
            d.to_string(),
            "fejl: content/a.md:3:1: ukendt nøgle `titel`\n  hjælp: tilladte nøgler: title"
        );
        assert_eq!(
            d.render(Language::En),
            "error: content/a.md:3:1: unknown key `titel`\n  help: allowed keys: title"
        );
    }

    #[test]
    fn sorted_puts_errors_first() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::warning("b.md", Text::raw("w")));
        ds.push(Diagnostic::error("c.md", Text::raw("e")));
        let sorted = ds.sorted();
        assert_eq!(sorted[0].message, Text::raw("e"));
        assert_eq!(ds.error_count(), 1);
        assert_eq!(ds.warning_count(), 1);
    }
}
