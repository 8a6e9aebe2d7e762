//! Placeholder text: the sentences `fokus init` and `fokus new` write for the
//! author to replace, and the check that warns when one is left.
//!
//! The sentences are the `placeholder.*` messages of the message table, so
//! a generated file is in the course's language and the check knows every
//! sentence in both languages; nothing hidden is added to the file.

use std::path::Path;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::content::{Content, Document};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::exercises::LoadedExercise;
use crate::memo::{Memo, fingerprint};
use crate::messages::{Language, table};

/// The prefix of the placeholder keys in the message table.
const PREFIX: &str = "placeholder.";

/// The placeholder `key` (without the prefix) in `lang`.
pub fn text(lang: Language, key: &str) -> &'static str {
    message(lang, PREFIX, key)
}

/// The message `prefix` + `key` in `lang` (empty when there is none).
fn message(lang: Language, prefix: &str, key: &str) -> &'static str {
    table(lang)
        .get(&format!("{prefix}{key}"))
        .map_or("", String::as_str)
}

/// What a `{…:key}` in a template stands for.
#[derive(Clone, Copy)]
enum Fill {
    /// `{p:key}`: a sentence the author must replace (the check warns if left).
    Placeholder,
    /// `{c:key}`: the YAML comment `comment.key`.
    Comment,
    /// `{x:key}`: example text `example.key`, fine to keep as it is.
    Example,
}

/// `template` with every `{p:key}` replaced by the placeholder `key` in
/// `lang`, every `{c:key}` by the comment `comment.key` as YAML comment
/// lines (`# …`, each line indented like the first), and every `{x:key}` by
/// the example text `example.key`.
pub fn fill(template: &str, lang: Language) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    loop {
        let next = [
            ("{p:", Fill::Placeholder),
            ("{c:", Fill::Comment),
            ("{x:", Fill::Example),
        ]
        .into_iter()
        .filter_map(|(open, kind)| rest.find(open).map(|at| (at, kind)))
        .min_by_key(|(at, _)| *at);
        let Some((open, kind)) = next else {
            break;
        };
        out.push_str(&rest[..open]);
        let after = &rest[open + 3..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let key = &after[..close];
        match kind {
            Fill::Comment => {
                let indent: String = out
                    .rsplit('\n')
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| *c == ' ')
                    .collect();
                let lines: Vec<String> = message(lang, "comment.", key)
                    .lines()
                    .map(|l| format!("# {l}"))
                    .collect();
                out.push_str(&lines.join(&format!("\n{indent}")));
            }
            Fill::Example => out.push_str(message(lang, "example.", key)),
            Fill::Placeholder => out.push_str(text(lang, key)),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Every placeholder sentence in both languages.
fn sentences() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = [Language::Da, Language::En]
        .into_iter()
        .flat_map(|lang| {
            table(lang)
                .iter()
                .filter(|(k, _)| k.starts_with(PREFIX))
                .map(|(_, v)| v.trim())
        })
        .filter(|s| !s.is_empty())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Every placeholder sentence, found in one pass over a text (the check reads
/// every source of the course on each rebuild of `fokus serve`).
struct Sentences {
    all: Vec<&'static str>,
    matcher: Option<AhoCorasick>,
}

impl Sentences {
    fn new(all: Vec<&'static str>) -> Sentences {
        // Leftmost-first lets the matcher skip ahead with a SIMD prefilter
        // (about ten times faster on course text than the standard semantics);
        // the sentences never overlap, so the same ones are found.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&all)
            .ok();
        Sentences { all, matcher }
    }

    /// Built once: the message table does not change while fokus runs.
    fn get() -> &'static Sentences {
        static SENTENCES: OnceLock<Sentences> = OnceLock::new();
        SENTENCES.get_or_init(|| Sentences::new(sentences()))
    }
}

/// The placeholder sentences left in `text` (whose first line is file line
/// `first_line`): the first one's line and sentence, and how many in all.
fn find(text: &str, first_line: usize, sentences: &Sentences) -> Option<Found> {
    let matcher = sentences.matcher.as_ref()?;
    let mut matches = matcher.find_iter(text);
    let first = matches.next()?;
    let before = &text[..first.start()];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some(Found {
        line: first_line + before.matches('\n').count(),
        column: before[line_start..].chars().count() + 1,
        sentence: sentences
            .all
            .get(first.pattern().as_usize())
            .map_or_else(String::new, |s| s.to_string()),
        count: 1 + matches.count(),
    })
}

/// Where the first placeholder sentence of a text is, and how many there are.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    line: usize,
    column: usize,
    sentence: String,
    count: usize,
}

fn warn(path: &Path, found: Option<Found>, diags: &mut Diagnostics) {
    if let Some(f) = found {
        let sentence = crate::diagnostics::shorten(&f.sentence, 60);
        let message = if f.count > 1 {
            t!("check.placeholder_left_more", sentence, more = f.count - 1)
        } else {
            t!("check.placeholder_left", sentence)
        };
        diags.push(
            Diagnostic::warning(path, message)
                .at(f.line, f.column)
                .help(t!("check.placeholder_left_help")),
        );
    }
}

/// One warning per file that still holds placeholder text from `init` or
/// `new`. What a document holds is reused from `memo` while it is unchanged.
pub fn check(content: &Content, exercises: &[LoadedExercise], memo: &Memo) -> Diagnostics {
    use rayon::prelude::*;
    let sentences = Sentences::get();
    /// What the check reads of a document.
    type Doc<'d> = (&'d Path, &'d str, std::sync::Arc<str>, usize, u64);
    fn of<M>(d: &Document<M>) -> Doc<'_> {
        (&d.path, &d.front_matter, d.body.text(), d.body_line, d.hash)
    }
    // In course order: the home page, each part's introduction and modules, the pages.
    let mut docs: Vec<Doc> = content.home.iter().map(of).collect();
    for part in &content.parts {
        docs.extend(part.index.iter().map(of));
        docs.extend(part.modules.iter().map(|m| of(&m.doc)));
    }
    docs.extend(content.pages.iter().map(|p| of(&p.doc)));
    // Each file is searched on its own, in parallel; the warnings keep the order.
    let found: Vec<(&Path, Option<Found>)> = docs
        .par_iter()
        .map(|&(path, front_matter, ref body, body_line, hash)| {
            let found = memo.get_or("placeholders", fingerprint(&(hash, body_line)), || {
                let (head, rest) = (
                    find(front_matter, 2, sentences),
                    find(body, body_line, sentences),
                );
                let count =
                    head.as_ref().map_or(0, |f| f.count) + rest.as_ref().map_or(0, |f| f.count);
                head.or(rest).map(|f| Found { count, ..f })
            });
            (path, Option::clone(&found))
        })
        .chain(
            exercises
                .par_iter()
                .map(|ex| (ex.path.as_path(), find(&ex.text, 1, sentences))),
        )
        .collect();
    let mut diags = Diagnostics::new();
    for (path, found) in found {
        warn(path, found, &mut diags);
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_exist_in_both_languages_and_fill_templates() {
        let da = fill("a: {p:scenario}\n", Language::Da);
        assert_eq!(
            fill("x:\n  {c:question_branching}\n  y: 1", Language::En),
            "x:\n  # branching: a conversation in nodes; the first node is the start. A node\n  # with `choices` leads on with `next`; a node with an `outcome`\n  # (good, mixed or poor) and no choices is an ending.\n  y: 1"
        );
        let en = fill("a: {p:scenario}\n", Language::En);
        assert!(da.len() > 10 && en.len() > 10 && da != en, "{da} {en}");
        let all = sentences();
        assert!(all.len() >= 20, "{}", all.len());
        // Short, common sentences would flag real text.
        for s in &all {
            assert!(s.chars().count() >= 15, "too short to recognise: {s}");
            // The matcher's leftmost-first semantics find what the standard ones would.
            for other in &all {
                assert!(s == other || !s.contains(other), "{other} is inside {s}");
            }
        }
        let all = Sentences::new(all);
        let found = find(&format!("x\n{da}y\n{en}"), 10, &all).unwrap();
        assert_eq!((found.line, found.column, found.count), (11, 4, 2));
        assert_eq!(find("Et rigtigt kursus.\n", 1, &all), None);
    }
}
