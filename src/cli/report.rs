//! Printing diagnostics: the command line's edge, where problems found by
//! the library are shown to the author with a short excerpt of their source.
//! Output is bounded: each file is read once, long lines are shown around the
//! column, long messages are cut in the middle.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::term::{self, termcolor};

use crate::diagnostics::{Diagnostic, Diagnostics, Position, Severity, shorten};

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
}
