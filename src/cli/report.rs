//! Printing diagnostics: the command line's edge, where problems found by
//! the library are shown to the author with a short excerpt of their source.
//! Output is bounded: each file is read once, long lines are shown around the
//! column, long messages are cut in the middle.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostics, Position, Severity, shorten};
use crate::messages::Language;

/// Print diagnostics to stderr in `lang`, with a source line under each one.
///
/// `root` is the course root that relative file paths are read from; a file
/// that cannot be read again is shown without a snippet. Colour is used only
/// when `color` is set and stderr is a terminal. Help lines are wrapped to
/// fit 80 columns.
pub fn emit(diagnostics: &Diagnostics, root: &Path, color: bool, lang: Language) {
    use std::io::IsTerminal;
    let color = color && std::io::stderr().is_terminal();
    let mut out = std::io::BufWriter::new(std::io::stderr().lock());
    let _ = out.write_all(render(diagnostics, root, color, lang).as_bytes());
    let _ = out.flush();
}

/// The text [`emit`] prints.
pub fn render(diagnostics: &Diagnostics, root: &Path, color: bool, lang: Language) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    // Each file is read once, however many diagnostics point into it.
    let mut sources: std::collections::HashMap<PathBuf, Option<Source>> = Default::default();
    let mut s = String::new();
    let help_label = crate::messages::word(lang, "label.help");
    for d in diagnostics.sorted() {
        let kind = d.kind_in(lang);
        let kind = match d.severity {
            Severity::Error => paint("1;31", &kind),
            Severity::Warning => paint("1;33", &kind),
        };
        let message = shorten(&d.message_in(lang), MAX_MESSAGE_CHARS);
        s.push_str(&wrap(&format!("{kind}: {message}"), WIDTH, ""));
        let location = d.location();
        if !location.is_empty() {
            s.push_str(&format!("  {} {location}\n", paint("34", "-->")));
        }
        let excerpt = d.file.as_ref().zip(d.position).and_then(|(file, pos)| {
            let source = sources
                .entry(file.clone())
                .or_insert_with(|| snippet_for(file, root))
                .as_ref()?;
            Some((pos, source.excerpt(pos)?))
        });
        if let Some((pos, excerpt)) = excerpt {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            let bar = paint("34", "|");
            let caret_at = excerpt.text[..excerpt.offset].chars().count();
            s.push_str(&format!("{pad} {bar}\n"));
            s.push_str(&format!(
                "{} {bar} {}\n",
                paint("34", &number),
                excerpt.text
            ));
            s.push_str(&format!(
                "{pad} {bar} {}{}\n",
                " ".repeat(caret_at),
                paint("1;31", "^")
            ));
        }
        if let Some(help) = d.help_in(lang) {
            let help = shorten(&help, MAX_MESSAGE_CHARS);
            s.push_str(&wrap(&format!("  = {help_label}: {help}"), WIDTH, "    "));
        }
        s.push('\n');
    }
    s
}

/// Columns the output is wrapped to.
const WIDTH: usize = 80;

/// `text` broken between words into lines of at most `width` characters
/// (a longer word stays whole), later lines starting with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(' ') {
        let w = visible_len(word);
        if len > 0 && len + 1 + w > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_string();
            len = indent.chars().count();
        } else if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += w;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// Characters that take a column (colour codes take none).
fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut esc = false;
    for c in s.chars() {
        match (esc, c) {
            (false, '\x1b') => esc = true,
            (true, 'm') => esc = false,
            (true, _) => {}
            _ => n += 1,
        }
    }
    n
}

/// Longest message or help printed in full; longer ones are cut in the middle.
const MAX_MESSAGE_CHARS: usize = 600;
/// Longest source line shown whole; longer ones are shown around the column.
const MAX_LINE_CHARS: usize = 160;

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
    use crate::diagnostics::Diagnostic;

    #[test]
    fn plain_text_without_colour_codes_fits_80_columns() {
        let mut ds = Diagnostics::new();
        ds.push(
            Diagnostic::error("course.yaml", t!("config.missing")).help(t!(
                "config.missing_help",
                root = "/en/meget/lang/sti/til/et/sted/hvor/der/ikke/er/noget/kursus"
            )),
        );
        let text = render(&ds, Path::new("/nowhere"), false, Language::Da);
        assert!(!text.contains('\x1b'), "{text}");
        assert!(
            text.starts_with("fejl: kurset har ingen course.yaml"),
            "{text}"
        );
        assert!(text.contains("hjælp:"), "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line:?}");
        }
        let colored = render(&ds, Path::new("/nowhere"), true, Language::En);
        assert!(colored.contains("\x1b[1;31merror\x1b[0m"), "{colored}");
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
}
