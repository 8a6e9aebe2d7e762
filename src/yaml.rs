//! YAML with positions: typed parsing whose errors name line and column, and
//! a locator that finds where a value lives for errors found after parsing.
//!
//! serde_yaml reports positions only for the first error while parsing; the
//! checks that run later on the typed value (duplicate ids, missing targets)
//! use [`locate`] to point at the right line of the author's file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};
use crate::messages::Text;

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
        return Err(Diagnostic::error(file, t!("yaml.empty")).at(first_line, 1));
    }
    check_expansion(text).map_err(|limit| {
        Diagnostic::error(file, t!("yaml.aliases_too_big", mb = limit / 1_048_576))
            .at(first_line, 1)
            .help(t!("yaml.aliases_too_big_help"))
    })?;
    serde_yaml::from_str(text).map_err(|e| from_yaml_error(&e, file, first_line, text))
}

/// How much text the aliases of a document may add: its own size plus 1 MB.
pub const ALIAS_ALLOWANCE: usize = 1024 * 1024;

/// Check that `text`, with every alias expanded, stays within twice its
/// size plus [`ALIAS_ALLOWANCE`] (counting each scalar's bytes and one per
/// node); returns the limit when it does not.
///
/// serde_yaml refuses alias trees that grow exponentially ("repetition limit
/// exceeded") but not one large string aliased a thousand times: that needs
/// gigabytes. This pass walks the document as serde_yaml will (aliases
/// replayed) without keeping anything, and stops as soon as the limit is
/// passed, so it costs at most the limit in time and nothing in memory.
/// Without an anchor (`&`) there can be no alias, and the pass is skipped.
pub fn check_expansion(text: &str) -> Result<(), usize> {
    if !text.contains('&') {
        return Ok(());
    }
    let limit = text.len().saturating_mul(2).saturating_add(ALIAS_ALLOWANCE);
    let mut budget = Budget { left: limit };
    for doc in serde_yaml::Deserializer::from_str(text) {
        match serde::de::DeserializeSeed::deserialize(&mut budget, doc) {
            Ok(()) => {}
            Err(e) if e.to_string().contains(OVER_BUDGET) => return Err(limit),
            // Other errors are reported by the real parse, with positions.
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

const OVER_BUDGET: &str = "fokus: expansion budget exceeded";

/// A visitor that keeps nothing and counts what it is shown.
struct Budget {
    left: usize,
}

impl Budget {
    fn spend<E: serde::de::Error>(&mut self, n: usize) -> Result<(), E> {
        match self.left.checked_sub(n.saturating_add(1)) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(E::custom(OVER_BUDGET)),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for &mut Budget {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for &mut Budget {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.spend(v.len())
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.spend(v.len())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while seq.next_element_seed(&mut *self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while map.next_key_seed(&mut *self)?.is_some() {
            map.next_value_seed(&mut *self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        let ((), variant) = data.variant_seed(&mut *self)?;
        variant.newtype_variant_seed(&mut *self)
    }
}

/// Turn a serde_yaml error into a diagnostic with one position and advice in
/// plain words; `text` is the YAML that was parsed, for advice that quotes it.
pub fn from_yaml_error(
    e: &serde_yaml::Error,
    file: &Path,
    first_line: usize,
    text: &str,
) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line L column C" (and sometimes a second
    // position, ", while parsing … at line …"); the one position the author
    // needs goes in its own field, so every position is cut from the words.
    let message = match full.find(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let message = crate::diagnostics::shorten(&message, 300);
    let line = e.location().map(|l| l.line());
    let source_line = line.and_then(|l| text.lines().nth(l.saturating_sub(1)));
    let (message, help) = explain(&message, source_line);
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

/// Split serde_yaml's `path.to[0]: message` into the path and the message.
fn split_path(message: &str) -> (&str, &str) {
    if let Some((path, rest)) = message.split_once(": ") {
        let is_path = !path.is_empty()
            && !path.contains(' ')
            && path
                .chars()
                .all(|c| c.is_alphanumeric() || "._-[]".contains(c));
        if is_path {
            return (path, rest);
        }
    }
    ("", message)
}

/// A `expected one of `a`, `b`` list as `a, b`.
fn list_of(expected: &str) -> String {
    expected
        .trim_start_matches("one of ")
        .replace('`', "")
        .replace(" or ", ", ")
}

/// serde's name of what a value is (`sequence`, `string "x"`) in the table's words.
fn kind_of(found: &str) -> Text {
    let found = found.trim();
    let word = found.split([' ', ',']).next().unwrap_or("");
    match word {
        "sequence" => t!("yaml.kind.list"),
        "map" => t!("yaml.kind.map"),
        "string" => t!("yaml.kind.text"),
        "integer" | "floating" => t!("yaml.kind.number"),
        "boolean" => t!("yaml.kind.bool"),
        "unit" | "null" => t!("yaml.kind.nothing"),
        _ => Text::raw(found),
    }
}

/// serde's name of the expected type (`a string`, `u32`, `struct Option`) in the table's words.
fn expected_kind(expected: &str) -> Text {
    let e = expected.trim();
    if e.contains("string") || e == "a character" {
        t!("yaml.kind.text")
    } else if e.starts_with('u') && e[1..].chars().all(|c| c.is_ascii_digit()) {
        t!("yaml.kind.whole_number")
    } else if (e.starts_with('i') && e[1..].chars().all(|c| c.is_ascii_digit()))
        || e.starts_with('f') && e[1..].chars().all(|c| c.is_ascii_digit())
    {
        t!("yaml.kind.number")
    } else if e.contains("bool") {
        t!("yaml.kind.bool")
    } else if e.contains("sequence") || e.starts_with("a list") {
        t!("yaml.kind.list")
    } else if e.starts_with("struct") || e.contains("map") {
        t!("yaml.kind.map")
    } else {
        Text::raw(e.replace('`', ""))
    }
}

/// A key and its value on one source line, for advice that quotes the text.
fn key_and_value(line: &str) -> Option<(&str, &str)> {
    let body = line.trim_start().trim_start_matches("- ");
    let (key, value) = body.split_once(':')?;
    let value = value.trim();
    (!key.trim().is_empty() && !value.is_empty()).then_some((key.trim(), value))
}

/// Rephrase serde's and the YAML parser's wording in a trainer's terms, with the fix.
fn explain(message: &str, line: Option<&str>) -> (Text, Option<Text>) {
    let (at, rest) = split_path(message);
    let at_key = |t: Text| -> Text {
        if at.is_empty() {
            t
        } else {
            t!("yaml.in_key", message = t, at)
        }
    };
    if let Some(tail) = rest.strip_prefix("unknown field `")
        && let Some((key, tail)) = tail.split_once('`')
    {
        let allowed = tail
            .split_once("expected ")
            .map(|(_, list)| list_of(list))
            .or_else(|| tail.contains("there are no fields").then(String::new));
        let help = allowed.map(|keys| {
            if keys.is_empty() {
                t!("yaml.no_keys_allowed")
            } else {
                t!("yaml.allowed_keys", keys)
            }
        });
        return (at_key(t!("yaml.unknown_key", key)), help);
    }
    if let Some(tail) = rest.strip_prefix("missing field `")
        && let Some((key, _)) = tail.split_once('`')
    {
        return (
            at_key(t!("yaml.missing_key", key)),
            Some(t!("yaml.missing_key_help", key)),
        );
    }
    if let Some(tail) = rest.strip_prefix("duplicate field `")
        && let Some((key, _)) = tail.split_once('`')
    {
        return (
            at_key(t!("yaml.duplicate_key", key)),
            Some(t!("yaml.duplicate_key_help")),
        );
    }
    if rest.starts_with("duplicate entry") {
        return (
            at_key(t!("yaml.duplicate_entry")),
            Some(t!("yaml.duplicate_key_help")),
        );
    }
    if let Some(tail) = rest.strip_prefix("unknown variant `")
        && let Some((value, tail)) = tail.split_once('`')
    {
        let help = tail
            .split_once("expected ")
            .map(|(_, list)| t!("yaml.allowed_values", values = list_of(list)));
        return (at_key(t!("yaml.unknown_value", value)), help);
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(tail) = rest.strip_prefix(prefix)
            && let Some((found, expected)) = tail.rsplit_once(", expected ")
        {
            let quoted = found
                .split_once(['"', '`'])
                .map(|(_, v)| v.trim_end_matches(['"', '`']).to_string());
            let message = match quoted {
                Some(value) if prefix == "invalid value: " => {
                    t!(
                        "yaml.invalid_value",
                        value,
                        expected = expected_kind(expected)
                    )
                }
                Some(value) => t!(
                    "yaml.wrong_type_value",
                    found = kind_of(found),
                    value,
                    expected = expected_kind(expected)
                ),
                None => t!(
                    "yaml.wrong_type",
                    found = kind_of(found),
                    expected = expected_kind(expected)
                ),
            };
            let help = if found.starts_with("sequence") && expected.contains("string") {
                t!("yaml.list_for_text_help")
            } else {
                t!("yaml.wrong_type_help")
            };
            return (at_key(message), Some(help));
        }
    }
    if rest.starts_with("mapping values are not allowed") {
        let help = match line.and_then(key_and_value) {
            Some((key, value)) => {
                let value = crate::diagnostics::shorten(value, 60).replace('"', "\\\"");
                t!("yaml.colon_help", example = format!("{key}: \"{value}\""))
            }
            None => t!("yaml.colon_help", example = "prompt: \"Hanne: »…«\""),
        };
        return (t!("yaml.colon"), Some(help));
    }
    if rest.starts_with("block sequence entries are not allowed") {
        return (t!("yaml.dash"), Some(t!("yaml.dash_help")));
    }
    if rest.starts_with("found character that cannot start any token") {
        let tab = line.is_some_and(|l| l.trim_end().starts_with('\t') || l.contains("\t"));
        return if tab {
            (t!("yaml.tab"), Some(t!("yaml.tab_help")))
        } else {
            (t!("yaml.bad_start"), Some(t!("yaml.bad_start_help")))
        };
    }
    if rest.contains("did not find expected key")
        || rest.contains("did not find expected '-' indicator")
        || rest.contains("did not find expected node content")
    {
        return (t!("yaml.indent"), Some(t!("yaml.indent_help")));
    }
    if rest.contains("found unexpected end of stream") || rest.contains("quoted scalar") {
        return (
            t!("yaml.unclosed_quote"),
            Some(t!("yaml.unclosed_quote_help")),
        );
    }
    if rest.contains("unknown anchor") || rest.contains("undefined alias") {
        return (
            t!("yaml.unknown_alias"),
            Some(t!("yaml.unknown_alias_help")),
        );
    }
    if rest.contains("recursion limit") || rest.contains("repetition limit") {
        return (t!("yaml.too_deep"), Some(t!("yaml.too_deep_help")));
    }
    if rest.contains("did not match any variant") {
        return (
            at_key(t!("yaml.no_variant")),
            Some(t!("yaml.wrong_type_help")),
        );
    }
    (
        t!("yaml.other", detail = message),
        Some(t!("yaml.other_help")),
    )
}

/// Find where the value at `path` is written in block-style YAML `text`.
///
/// Returns the deepest position it could resolve (an ancestor when the rest
/// of the path is written in flow style), or `None` when nothing matched.
/// Lines are 1-based relative to `text`. To look up many paths in one text,
/// make a [`Locator`] once.
pub fn locate(text: &str, path: &[Seg]) -> Option<Position> {
    Locator::new(text).locate(text, path)
}

/// The block structure of a YAML text, made once so that each lookup costs
/// time in proportion to the path and the siblings passed, not to the text
/// (an exercise with 10,000 nodes looks up tens of thousands of paths).
#[derive(Debug, Clone, Default)]
pub struct Locator {
    toks: Vec<OwnedTok>,
    /// For a token as a list item: index of the first later token at its
    /// indent or shallower (where its subtree ends).
    end_item: Vec<usize>,
    /// For a token as a key: the first later token that is shallower, or a
    /// key (not an item) at the same indent.
    end_key: Vec<usize>,
}

#[derive(Debug, Clone)]
struct OwnedTok {
    indent: usize,
    line: usize,
    item: bool,
    start: usize,
    end: usize,
}

impl Locator {
    /// Index the block structure of `text`.
    pub fn new(text: &str) -> Self {
        let base = text.as_ptr() as usize;
        let toks: Vec<OwnedTok> = tokens(text)
            .into_iter()
            .map(|t| {
                let start = t.text.as_ptr() as usize - base;
                OwnedTok {
                    indent: t.indent,
                    line: t.line,
                    item: t.item,
                    start,
                    end: start + t.text.len(),
                }
            })
            .collect();
        let n = toks.len();
        let (mut end_item, mut end_key) = (vec![n; n], vec![n; n]);
        // Monotonic stacks from the right: the next token at most as deep.
        let mut le: Vec<usize> = Vec::new();
        let mut lt: Vec<usize> = Vec::new();
        let mut next_key_at: std::collections::HashMap<usize, usize> = Default::default();
        for j in (0..n).rev() {
            let ind = toks[j].indent;
            while le.last().is_some_and(|&k| toks[k].indent > ind) {
                le.pop();
            }
            end_item[j] = le.last().copied().unwrap_or(n);
            while lt.last().is_some_and(|&k| toks[k].indent >= ind) {
                lt.pop();
            }
            let shallower = lt.last().copied().unwrap_or(n);
            let same_key = next_key_at.get(&ind).copied().unwrap_or(n);
            end_key[j] = shallower.min(same_key);
            le.push(j);
            lt.push(j);
            if !toks[j].item {
                next_key_at.insert(ind, j);
            }
        }
        Locator {
            toks,
            end_item,
            end_key,
        }
    }

    /// Like [`locate`], for the `text` this locator was made from.
    pub fn locate(&self, text: &str, path: &[Seg]) -> Option<Position> {
        let toks = &self.toks;
        let (mut lo, mut hi) = (0, toks.len());
        let mut found = None;
        for seg in path {
            let j = match seg {
                Seg::Key(k) => {
                    let Some(first) = (lo..hi).find(|&i| !toks[i].item) else {
                        return found;
                    };
                    let indent = toks[first].indent;
                    let mut j = first;
                    loop {
                        let t = &toks[j];
                        if !t.item && t.indent == indent && is_key(text.get(t.start..t.end)?, k) {
                            break Some(j);
                        }
                        // On to the next key at this indent.
                        let next = self.end_key[j];
                        if next >= hi || toks[next].indent != indent || toks[next].item {
                            break None;
                        }
                        j = next;
                    }
                }
                Seg::Index(n) => {
                    let Some(first) = (lo..hi).find(|&i| toks[i].item) else {
                        return found;
                    };
                    let indent = toks[first].indent;
                    let mut j = first;
                    let mut left = *n;
                    loop {
                        if left == 0 {
                            break Some(j);
                        }
                        let next = self.end_item[j];
                        if next >= hi || toks[next].indent != indent || !toks[next].item {
                            break None;
                        }
                        left -= 1;
                        j = next;
                    }
                }
            };
            let Some(j) = j else { return found };
            let tok = &toks[j];
            found = Some(Position {
                line: tok.line,
                column: tok.indent + 1,
            });
            let end = match seg {
                Seg::Key(_) => self.end_key[j],
                Seg::Index(_) => self.end_item[j],
            };
            lo = j + 1;
            hi = end.min(hi);
        }
        found
    }
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
    use crate::messages::Language;
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
        assert_eq!(d.message_in(Language::Da), "ukendt nøgle `titel`");
        assert_eq!(d.message_in(Language::En), "unknown key `titel`");
        assert_eq!(d.position, Some(Position { line: 2, column: 1 }));
        assert_eq!(
            d.help_in(Language::Da).as_deref(),
            Some("tilladte nøgler: title, footer")
        );
    }

    #[test]
    fn one_string_aliased_many_times_is_refused_cheaply() {
        let big = "x".repeat(1 << 20);
        let mut doc = format!("a: &s \"{big}\"\nb: [");
        for _ in 0..2000 {
            doc.push_str("*s, ");
        }
        doc.push_str("]\n");
        let start = std::time::Instant::now();
        assert!(check_expansion(&doc).is_err());
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        let d = parse::<serde_yaml::Value>(&doc, Path::new("x.yaml"), 1).unwrap_err();
        assert_eq!(d.message.key(), Some("yaml.aliases_too_big"));
        // A few aliases of a short text are fine.
        let ok = "a: &s hej\nb: [*s, *s, *s]\n";
        assert!(check_expansion(ok).is_ok());
        assert!(parse::<serde_yaml::Value>(ok, Path::new("x.yaml"), 1).is_ok());
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
        assert_eq!(
            d.message_in(Language::Da),
            "her skal stå et helt tal, men der står en tekst (`many`) (under `n`)"
        );
    }
}
