//! Printing diagnostics: the command line's edge, where problems found by
//! the library are shown to the author with a snippet of their source.

use std::io::Write;
use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

use crate::diagnostics::{Diagnostic, Diagnostics, Position, Severity};

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
    let stream = termcolor::StandardStream::stderr(choice);
    let mut out = stream.lock();
    let config = term::Config::default();
    for d in diagnostics.sorted() {
        let emitted = snippet_for(d, root).and_then(|(name, source)| {
            let file = SimpleFile::new(name, source);
            let offset = byte_offset(file.source(), d.position?)?;
            let mut cs = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
            }
            .with_message(&d.message)
            .with_label(Label::primary((), offset..offset));
            if let Some(help) = &d.help {
                cs = cs.with_note(format!("help: {help}"));
            }
            term::emit(&mut out, &config, &file, &cs).ok()
        });
        if emitted.is_none() {
            let _ = writeln!(out, "{d}");
        }
    }
}

fn snippet_for(d: &Diagnostic, root: &Path) -> Option<(String, String)> {
    let file = d.file.as_ref()?;
    d.position?;
    let path = if file.is_absolute() {
        file.clone()
    } else {
        root.join(file)
    };
    let meta = std::fs::metadata(&path).ok()?;
    if meta.len() > crate::source::MAX_FILE_BYTES {
        return None;
    }
    let text = crate::source::normalise(std::fs::read(&path).ok()?).ok()?;
    Some((file.display().to_string(), text))
}

/// Byte offset of a 1-based line and column (columns count characters).
fn byte_offset(source: &str, pos: Position) -> Option<usize> {
    let mut line_start = 0;
    for _ in 1..pos.line {
        line_start += source[line_start..].find('\n')? + 1;
    }
    let line = &source[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let col = line
        .char_indices()
        .nth(pos.column.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    Some(line_start + col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offset_counts_characters_not_bytes() {
        let src = "æøå\nblå bær\n";
        assert_eq!(byte_offset(src, Position { line: 2, column: 5 }), Some(12));
        assert_eq!(byte_offset(src, Position { line: 9, column: 1 }), None);
    }
}
