//! YAML with positions: typed parsing whose errors name line and column, and
//! a locator that finds where a value lives for errors found after parsing.
//!
//! serde_yaml reports positions only for the first error while parsing; the
//! checks that run later on the typed value (duplicate ids, missing targets)
//! use [`locate`] to point at the right line of the author's file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Parse `text` as `T`; `first_line` is the file line where `text` starts.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(file, "the YAML is empty").at(first_line, 1));
    }
    serde_yaml::from_str(text).map_err(|e| from_yaml_error(&e, file, first_line))
}

/// Turn a serde_yaml error into a diagnostic with position and advice.
pub fn from_yaml_error(e: &serde_yaml::Error, file: &Path, first_line: usize) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; the position goes in its own field.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let (message, help) = explain(&message);
    let mut d = Diagnostic::error(file, message);
    if let Some(loc) = e.location() {
        d = d.at(loc.line() + first_line - 1, loc.column());
    } else {
        d = d.at(first_line, 1);
    }
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// Rephrase serde's wording in an author's terms and split off the advice.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.split_once("unknown field `") {
        let (prefix, rest) = rest;
        if let Some((key, tail)) = rest.split_once('`') {
            let allowed = tail
                .split_once("expected one of ")
                .or_else(|| tail.split_once("expected "))
                .map(|(_, list)| list.replace('`', "").replace(" or ", ", "))
                .or_else(|| {
                    tail.contains("there are no fields")
                        .then(|| "none".to_string())
                });
            let at = prefix.trim_end_matches(": ").trim();
            let msg = if at.is_empty() {
                format!("unknown key `{key}`")
            } else {
                format!("unknown key `{key}` in `{at}`")
            };
            return (msg, allowed.map(|a| format!("allowed keys: {a}")));
        }
    }
    if let Some((at, rest)) = message.split_once("missing field `")
        && let Some((key, _)) = rest.split_once('`')
    {
        let at = at.trim_end_matches(": ").trim();
        let msg = if at.is_empty() {
            format!("the required key `{key}` is missing")
        } else {
            format!("the required key `{key}` is missing in `{at}`")
        };
        return (msg, Some(format!("add `{key}: …`")));
    }
    if message.contains("invalid type") || message.contains("invalid value") {
        return (
            message.to_string(),
            Some("check the value's type: text, a whole number, true/false or a list".into()),
        );
    }
    if message.contains("unknown variant") {
        let list = message
            .split_once(", expected one of ")
            .or_else(|| message.split_once(", expected "));
        let (msg, allowed) = match list {
            Some((m, list)) => (
                m.to_string(),
                Some(list.replace('`', "").replace(" or ", ", ")),
            ),
            None => (message.to_string(), None),
        };
        return (msg, allowed.map(|a| format!("allowed values: {a}")));
    }
    (message.to_string(), None)
}

/// Find where the value at `path` is written in block-style YAML `text`.
///
/// Returns the deepest position it could resolve (an ancestor when the rest
/// of the path is written in flow style), or `None` when nothing matched.
/// Lines are 1-based relative to `text`.
pub fn locate(text: &str, path: &[Seg]) -> Option<Position> {
    let toks = tokens(text);
    let (mut lo, mut hi) = (0, toks.len());
    let mut found = None;
    for seg in path {
        let range = &toks[lo..hi];
        let j = match seg {
            Seg::Key(k) => {
                let Some(indent) = range.iter().find(|t| !t.item).map(|t| t.indent) else {
                    return found;
                };
                range
                    .iter()
                    .position(|t| !t.item && t.indent == indent && is_key(t.text, k))
            }
            Seg::Index(n) => {
                let Some(indent) = range.iter().find(|t| t.item).map(|t| t.indent) else {
                    return found;
                };
                range
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.item && t.indent == indent)
                    .nth(*n)
                    .map(|(i, _)| i)
            }
        };
        let Some(j) = j else { return found };
        let tok = &range[j];
        found = Some(Position {
            line: tok.line,
            column: tok.indent + 1,
        });
        let is_key = matches!(seg, Seg::Key(_));
        let start = lo + j + 1;
        // A key's value may be a sequence written at the key's own indent.
        hi = toks[start..hi]
            .iter()
            .position(|t| t.indent < tok.indent || (t.indent == tok.indent && !(is_key && t.item)))
            .map_or(hi, |p| start + p);
        lo = start;
    }
    found
}

struct Tok<'a> {
    indent: usize,
    line: usize,
    item: bool,
    text: &'a str,
}

/// Split lines into tokens; `- a: b` becomes an item token and a text token.
fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut indent = raw.len() - trimmed.len();
        let mut rest = trimmed;
        while rest == "-" || rest.starts_with("- ") {
            out.push(Tok {
                indent,
                line: i + 1,
                item: true,
                text: rest,
            });
            let after = rest[1..].trim_start_matches(' ');
            indent += rest.len() - after.len();
            rest = after;
            if rest.is_empty() {
                break;
            }
        }
        if !rest.is_empty() {
            out.push(Tok {
                indent,
                line: i + 1,
                item: false,
                text: rest,
            });
        }
    }
    out
}

fn is_key(line: &str, key: &str) -> bool {
    for quote in ["", "\"", "'"] {
        if let Some(rest) = line
            .strip_prefix(quote)
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_prefix(quote))
        {
            let rest = rest.trim_start_matches(' ');
            if rest.starts_with(':') {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use Seg::*;

    const DOC: &str = "id: x\ntitle: T\nquestions:\n  - id: a\n    type: single\n    options:\n      - text: one\n        correct: true\n      - text: two\n  # a comment\n  - id: b\n    nodes:\n    - id: n1\n      choices:\n        - text: c\n          next: nowhere\n";

    #[test]
    fn locates_keys_and_items() {
        assert_eq!(
            locate(DOC, &[Key("title")]),
            Some(Position { line: 2, column: 1 })
        );
        assert_eq!(
            locate(DOC, &[Key("questions"), Index(1), Key("id")]),
            Some(Position {
                line: 11,
                column: 5
            })
        );
        assert_eq!(
            locate(DOC, &[Key("questions"), Index(0), Key("options"), Index(1)]),
            Some(Position { line: 9, column: 7 })
        );
        assert_eq!(
            locate(
                DOC,
                &[
                    Key("questions"),
                    Index(1),
                    Key("nodes"),
                    Index(0),
                    Key("choices"),
                    Index(0),
                    Key("next")
                ]
            ),
            Some(Position {
                line: 16,
                column: 11
            })
        );
    }

    #[test]
    fn falls_back_to_the_deepest_ancestor() {
        let doc = "modules: [a, b]\n";
        assert_eq!(
            locate(doc, &[Key("modules"), Index(1)]),
            Some(Position { line: 1, column: 1 })
        );
        assert_eq!(locate(doc, &[Key("nope")]), None);
    }

    #[test]
    fn unknown_field_names_key_and_allowed_keys() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct C {
            title: String,
            footer: Option<String>,
        }
        let d = parse::<C>("title: a\ntitel: b\n", Path::new("course.yaml"), 1).unwrap_err();
        assert_eq!(d.message, "unknown key `titel`");
        assert_eq!(d.position, Some(Position { line: 2, column: 1 }));
        assert_eq!(d.help.as_deref(), Some("allowed keys: title, footer"));
    }

    #[test]
    fn positions_are_offset_by_first_line() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct C {
            n: u32,
        }
        let d = parse::<C>("n: many\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!(d.position.map(|p| p.line), Some(2));
        assert!(d.message.contains("invalid type"), "{}", d.message);
    }
}
