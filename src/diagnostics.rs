//! Diagnostics: every problem fokus finds in a course, as a value.
//!
//! The library never prints. Each step collects [`Diagnostic`]s (file, line,
//! column, message, help) so that one run reports every error it can find, and
//! the command-line edge (or the serve overlay) decides how to show them.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

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
    pub message: String,
    /// What the author can do to fix it, or what is allowed.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error about `file` with no known position yet.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.into()),
            position: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning about `file`; warnings never fail a build.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// An error that belongs to no file (a bad command-line value, for example).
    pub fn general(message: impl Into<String>) -> Self {
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
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let location = self.location();
        if location.is_empty() {
            write!(f, "{kind}: {}", self.message)?;
        } else {
            write!(f, "{kind}: {location}: {}", self.message)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
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

/// Print diagnostics to stderr with a source snippet under each one.
///
/// `root` is the course root that relative file paths are read from; a file
/// that cannot be read again is shown without a snippet.
pub fn emit(diagnostics: &Diagnostics, root: &Path, color: bool) {
    let choice = if color {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    };
    // Buffered: thousands of diagnostics are written in few system calls.
    let mut out = termcolor::BufferedStandardStream::stderr(choice);
    let config = term::Config::default();
    // Each file is read once, however many diagnostics point into it.
    let mut sources: std::collections::HashMap<PathBuf, Option<Source>> = Default::default();
    for d in diagnostics.sorted() {
        let emitted = d.file.as_ref().zip(d.position).and_then(|(file, pos)| {
            let source = sources
                .entry(file.clone())
                .or_insert_with(|| snippet_for(file, root))
                .as_ref()?;
            let excerpt = source.excerpt(pos)?;
            let one = OneLine {
                name: file.display().to_string(),
                text: excerpt.text,
                line: pos.line,
                column: pos.column,
            };
            let mut cs = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
            }
            .with_message(shorten(&d.message, MAX_MESSAGE_CHARS))
            .with_label(Label::primary((), excerpt.offset..excerpt.offset));
            if let Some(help) = &d.help {
                cs = cs.with_note(format!("help: {}", shorten(help, MAX_MESSAGE_CHARS)));
            }
            term::emit(&mut out, &config, &one, &cs).ok()
        });
        if emitted.is_none() {
            let _ = writeln!(out, "{}", Shortened(d));
        }
    }
    let _ = out.flush();
}

/// Longest message or help printed in full; longer ones are cut in the middle.
const MAX_MESSAGE_CHARS: usize = 600;
/// Longest source line shown whole; longer ones are shown around the column.
const MAX_LINE_CHARS: usize = 160;

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

/// A diagnostic printed with its message and help shortened.
struct Shortened<'a>(&'a Diagnostic);

impl fmt::Display for Shortened<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = Diagnostic {
            message: shorten(&self.0.message, MAX_MESSAGE_CHARS),
            help: self
                .0
                .help
                .as_deref()
                .map(|h| shorten(h, MAX_MESSAGE_CHARS)),
            ..self.0.clone()
        };
        d.fmt(f)
    }
}

/// A source file read once, with the start of every line.
struct Source {
    text: String,
    starts: Vec<usize>,
    /// For long lines: the byte offset of every 1,024th character, made on
    /// first use, so that many diagnostics on one long line stay cheap.
    checkpoints: std::cell::RefCell<std::collections::HashMap<usize, Vec<usize>>>,
}

/// The line to show under a diagnostic (shortened around the column) and
/// the byte offset of the column in it.
struct Excerpt {
    text: String,
    offset: usize,
}

impl Source {
    fn new(text: String) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            text,
            starts,
            checkpoints: Default::default(),
        }
    }

    fn excerpt(&self, pos: Position) -> Option<Excerpt> {
        let start = *self.starts.get(pos.line.checked_sub(1)?)?;
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let col = pos.column.saturating_sub(1);
        // Count characters only as far as needed: lines may be megabytes long.
        let from = col.saturating_sub(MAX_LINE_CHARS / 2);
        let (skip_from, skip) = if from < 1024 {
            (0, from)
        } else {
            let mut cps = self.checkpoints.borrow_mut();
            let cp = cps
                .entry(pos.line)
                .or_insert_with(|| line.char_indices().step_by(1024).map(|(i, _)| i).collect());
            match cp.get(from / 1024) {
                Some(&b) => (b, from % 1024),
                None => return None,
            }
        };
        let mut chars = line[skip_from..].char_indices().skip(skip);
        let mut text = String::new();
        let mut offset = None;
        if from > 0 {
            text.push('…');
        }
        for (k, (_, c)) in (&mut chars).take(MAX_LINE_CHARS).enumerate() {
            if from + k == col {
                offset = Some(text.len());
            }
            text.push(c);
        }
        let offset = offset.unwrap_or(text.len());
        if chars.next().is_some() {
            text.push('…');
        }
        Some(Excerpt { text, offset })
    }
}

/// One shortened line of a file, shown with its real line and column numbers.
struct OneLine {
    name: String,
    text: String,
    line: usize,
    column: usize,
}

impl<'a> codespan_reporting::files::Files<'a> for OneLine {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;
    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.name)
    }
    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }
    fn line_index(&'a self, (): (), _: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(0)
    }
    fn line_number(&'a self, (): (), i: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line + i)
    }
    fn column_number(
        &'a self,
        (): (),
        _: usize,
        _: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.column)
    }
    fn line_range(
        &'a self,
        (): (),
        i: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        if i == 0 {
            Ok(0..self.text.len())
        } else {
            Err(codespan_reporting::files::Error::LineTooLarge { given: i, max: 0 })
        }
    }
}

fn snippet_for(file: &Path, root: &Path) -> Option<Source> {
    let text = if file.is_absolute() {
        crate::source::read_text(file, file).ok()?
    } else {
        crate::source::read_course_text(root, file).ok()?
    };
    Some(Source::new(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_help() {
        let d = Diagnostic::error("content/a.md", "unknown key `titel`")
            .at(3, 1)
            .help("allowed keys: title");
        assert_eq!(
            d.to_string(),
            "error: content/a.md:3:1: unknown key `titel`\n  help: allowed keys: title"
        );
    }

    #[test]
    fn excerpt_counts_characters_and_shortens_long_lines() {
        let src = Source::new("æøå\nblå bær\n".into());
        let e = src.excerpt(Position { line: 2, column: 5 }).unwrap();
        assert_eq!((e.text.as_str(), e.offset), ("blå bær", 5));
        assert!(src.excerpt(Position { line: 9, column: 1 }).is_none());
        let long = format!("{}X{}", "a".repeat(100_000), "b".repeat(100_000));
        let src = Source::new(long);
        let e = src
            .excerpt(Position {
                line: 1,
                column: 100_001,
            })
            .unwrap();
        assert!(
            e.text.chars().count() <= MAX_LINE_CHARS + 2,
            "{}",
            e.text.len()
        );
        assert_eq!(&e.text[e.offset..e.offset + 1], "X");
        assert!(e.text.starts_with('…') && e.text.ends_with('…'));
    }

    #[test]
    fn sorted_puts_errors_first() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::warning("b.md", "w"));
        ds.push(Diagnostic::error("c.md", "e"));
        let sorted = ds.sorted();
        assert_eq!(sorted[0].message, "e");
        assert_eq!(ds.error_count(), 1);
        assert_eq!(ds.warning_count(), 1);
    }
}
