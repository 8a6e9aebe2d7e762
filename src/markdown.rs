//! Markdown to HTML with fokus's extensions.
//!
//! CommonMark plus tables, footnotes, strikethrough, task lists, heading ids
//! and GFM alerts, and fenced blocks with a special info string:
//! `vidste-du`, `tip`, `advarsel`, `refleksion` (callouts), `underviser`
//! (trainer notes) and `opgave` (embed an exercise). Raw HTML is shown as
//! text, never passed through.
//!
//! Links to other `.md` files (and to exercise `.yaml` files) and exercise
//! embeds cannot be resolved while one
//! file is rendered, so they are left as placeholders and recorded; the site
//! model fills them in once every page's anchors are known.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;

/// Which audience a build is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// For caseworkers: no trainer notes, no answer keys beyond self-check.
    #[default]
    Participant,
    /// For trainers: trainer notes shown.
    Trainer,
}

/// A heading of a page, for the in-page contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
    /// Where the heading's section starts in [`Rendered::text`], for search.
    #[serde(skip)]
    pub text_offset: usize,
}

/// A link to another source file (or an anchor on this page) waiting to be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLink {
    /// The path part as written (`../roller/medbygger.md`); empty for `#anchor`.
    pub path: String,
    pub anchor: Option<String>,
    pub line: usize,
    pub column: usize,
    /// A file copied beside the pages (an image, a PDF), not a page.
    pub asset: bool,
}

/// An exercise embedded in a page with an `opgave` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub id: String,
    pub line: usize,
}

/// The result of rendering one Markdown source.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML with placeholders for links and embeds (see [`fill_placeholders`]).
    pub html: String,
    /// Top-level headings with their ids, in order.
    pub headings: Vec<Heading>,
    pub links: Vec<PendingLink>,
    pub embeds: Vec<Embed>,
    pub diagnostics: Vec<Diagnostic>,
    /// Plain text of what the edition shows, for the search index.
    pub text: String,
}

const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// What a placeholder in rendered HTML stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// Index into [`Rendered::links`].
    Link(usize),
    /// Index into [`Rendered::embeds`].
    Embed(usize),
}

/// The placeholder text for link number `n`, as left in rendered HTML.
pub fn link_placeholder(n: usize) -> String {
    format!("{MARK_OPEN}L{n}{MARK_CLOSE}")
}

/// The placeholder text for embed number `n`, as left in rendered HTML.
pub fn embed_placeholder(n: usize) -> String {
    format!("{MARK_OPEN}X{n}{MARK_CLOSE}")
}

/// Replace every placeholder in `html` with what `fill` returns for it.
pub fn fill_placeholders(html: &str, mut fill: impl FnMut(Placeholder, &mut String)) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(start) = rest.find(MARK_OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + MARK_OPEN.len_utf8()..];
        let Some(end) = after.find(MARK_CLOSE) else {
            rest = after;
            continue;
        };
        let token = &after[..end];
        let parsed = token
            .strip_prefix('L')
            .and_then(|n| n.parse().ok())
            .map(Placeholder::Link)
            .or_else(|| {
                token
                    .strip_prefix('X')
                    .and_then(|n| n.parse().ok())
                    .map(Placeholder::Embed)
            });
        if let Some(p) = parsed {
            fill(p, &mut out);
        }
        rest = &after[end + MARK_CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// The Markdown extensions fokus turns on.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Callout {
    Fact,
    Tip,
    Warning,
    Reflection,
    Note,
    Important,
    Caution,
    Trainer,
}

impl Callout {
    fn class(self) -> &'static str {
        match self {
            Callout::Fact => "fact",
            Callout::Tip => "tip",
            Callout::Warning => "warning",
            Callout::Reflection => "reflection",
            Callout::Note => "note",
            Callout::Important => "important",
            Callout::Caution => "caution",
            Callout::Trainer => "trainer",
        }
    }
}

enum Special {
    Callout(Callout),
    Embed,
}

/// Info strings of the special fenced blocks (Danish first, English aliases).
fn special(info: &str) -> Option<Special> {
    let word = info.split_whitespace().next().unwrap_or("");
    Some(match word {
        "vidste-du" | "did-you-know" | "fact" => Special::Callout(Callout::Fact),
        "tip" => Special::Callout(Callout::Tip),
        "advarsel" | "warning" => Special::Callout(Callout::Warning),
        "refleksion" | "reflection" => Special::Callout(Callout::Reflection),
        "underviser" | "trainer" => Special::Callout(Callout::Trainer),
        "opgave" | "exercise" => Special::Embed,
        _ => return None,
    })
}

/// Render Markdown sources for one edition, with the site's interface strings.
pub struct MarkdownRenderer<'a> {
    pub strings: &'a Strings,
    pub edition: Edition,
}

impl MarkdownRenderer<'_> {
    /// Render `src`, a Markdown text from `file` starting at file line `first_line`.
    pub fn render(&self, src: &str, file: &Path, first_line: usize) -> Rendered {
        let mut state = State {
            r: self,
            file: file.to_path_buf(),
            out: Rendered::default(),
            slugs: HashMap::new(),
            in_trainer: false,
        };
        let html = state.render(src, first_line, 0);
        state.out.html = html;
        state.out
    }

    /// Render a short text (a prompt, an option) without a wrapping paragraph
    /// when it is a single paragraph.
    pub fn render_inline(&self, src: &str, file: &Path, line: usize) -> Rendered {
        let mut r = self.render(src, file, line);
        let trimmed = r.html.trim_end();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
            && !inner.contains("<p>")
        {
            r.html = inner.to_string();
        }
        r
    }
}

struct State<'r, 'a> {
    r: &'r MarkdownRenderer<'a>,
    file: PathBuf,
    out: Rendered,
    slugs: HashMap<String, usize>,
    in_trainer: bool,
}

struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(s: &str) -> Self {
        let mut v = vec![0];
        v.extend(s.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(v)
    }
    /// 0-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).saturating_sub(1)
    }
    /// 1-based column (in characters) of a byte offset.
    fn column(&self, src: &str, offset: usize) -> usize {
        let start = self.0[self.line(offset)];
        src.get(start..offset).map_or(0, |s| s.chars().count()) + 1
    }
}

struct OpenHeading<'e> {
    text_offset: usize,
    level: u8,
    explicit_id: Option<String>,
    text: String,
    events: Vec<Event<'e>>,
}

impl State<'_, '_> {
    fn error(&mut self, line: usize, message: impl Into<String>, help: impl Into<String>) {
        self.error_at(line, 1, message, help);
    }

    fn error_at(
        &mut self,
        line: usize,
        column: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.out.diagnostics.push(
            Diagnostic::error(&self.file, message)
                .at(line, column)
                .help(help),
        );
    }

    fn visible(&self) -> bool {
        !self.in_trainer || self.r.edition == Edition::Trainer
    }

    /// Add to the plain text, keeping single spaces between words so the
    /// search index can use slices of it as they are.
    fn push_text(&mut self, t: &str) {
        if !self.visible() {
            return;
        }
        let text = &mut self.out.text;
        if t.contains(char::is_whitespace) {
            for word in t.split_whitespace() {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
                text.push_str(word);
            }
            if t.ends_with(char::is_whitespace) && !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
        } else {
            text.push_str(t);
        }
    }

    /// Render `src` (starting at file line `first_line`); `depth` > 0 inside callouts.
    fn render(&mut self, src: &str, first_line: usize, depth: usize) -> String {
        let lines = LineIndex::new(src);
        let line_of = |offset: usize| first_line + lines.line(offset);
        let mut events: Vec<Event> = Vec::new();
        let mut heading: Option<OpenHeading> = None;
        let mut iter = Parser::new_ext(src, options()).into_offset_iter();

        macro_rules! emit {
            ($e:expr) => {{
                let e = $e;
                match heading.as_mut() {
                    Some(h) => h.events.push(e),
                    None => events.push(e),
                }
            }};
        }

        while let Some((event, range)) = iter.next() {
            let line = line_of(range.start);
            match event {
                Event::Html(h) | Event::InlineHtml(h) => {
                    self.push_text(&h);
                    emit!(Event::Text(h))
                }
                Event::Text(t) => {
                    self.push_text(&t);
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&t);
                    }
                    emit!(Event::Text(t))
                }
                Event::Code(t) => {
                    self.push_text(&t);
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&t);
                    }
                    emit!(Event::Code(t))
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.push_text(" ");
                    emit!(event)
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if special(&info).is_some() =>
                {
                    let mut content = String::new();
                    let mut content_line = None;
                    for (ev, r) in iter.by_ref() {
                        match ev {
                            Event::Text(t) => {
                                content_line.get_or_insert(line_of(r.start));
                                content.push_str(&t);
                            }
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    let content_line = content_line.unwrap_or(line + 1);
                    let html = match special(&info) {
                        Some(Special::Callout(kind)) => {
                            self.callout(kind, &content, line, content_line, depth)
                        }
                        _ => self.embeds(&content, content_line),
                    };
                    events.push(Event::Html(html.into()));
                }
                Event::Start(Tag::Heading { level, id, .. }) => {
                    heading = Some(OpenHeading {
                        text_offset: self.out.text.len(),
                        level: level as u8,
                        explicit_id: id.map(|s| s.to_string()),
                        text: String::new(),
                        events: Vec::new(),
                    });
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = heading.take() {
                        let html = self.heading(h, depth, line);
                        self.push_text(" ");
                        events.push(Event::Html(html.into()));
                    }
                }
                Event::Start(Tag::Link {
                    dest_url, title, ..
                }) => {
                    let column = lines.column(src, range.start);
                    let href = self.link(&dest_url, line, column);
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape_html(&title))
                    };
                    emit!(Event::InlineHtml(
                        format!("<a href=\"{href}\"{title}>").into()
                    ))
                }
                Event::End(TagEnd::Link) => emit!(Event::InlineHtml("</a>".into())),
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    // The alt text is the image's content; collect it as plain text.
                    let mut alt = String::new();
                    for (ev, _) in iter.by_ref() {
                        match ev {
                            Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                            Event::End(TagEnd::Image) => break,
                            _ => {}
                        }
                    }
                    let column = lines.column(src, range.start);
                    let src_attr = self.link(&dest_url, line, column);
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape_html(&title))
                    };
                    emit!(Event::InlineHtml(
                        format!(
                            "<img src=\"{src_attr}\" alt=\"{}\"{title}>",
                            escape_html(&alt)
                        )
                        .into()
                    ))
                }
                Event::TaskListMarker(done) => {
                    // A checkbox nobody can tick would need a label; a symbol with words is clearer.
                    let (symbol, words) = if done {
                        ("☑", "task_done")
                    } else {
                        ("☐", "task_open")
                    };
                    emit!(Event::InlineHtml(
                        format!(
                            "<span class=\"task\" aria-hidden=\"true\">{symbol}</span><span class=\"visually-hidden\">{}: </span>",
                            escape_html(self.r.strings.get(words))
                        )
                        .into()
                    ))
                }
                Event::Start(Tag::Table(_)) => {
                    let label = escape_html(self.r.strings.get("table_label"));
                    events.push(Event::Html(
                        format!("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{label}\">").into(),
                    ));
                    events.push(event);
                }
                Event::End(TagEnd::Table) => {
                    events.push(event);
                    events.push(Event::Html("</div>\n".into()));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let kind = match kind {
                        BlockQuoteKind::Note => Callout::Note,
                        BlockQuoteKind::Tip => Callout::Tip,
                        BlockQuoteKind::Important => Callout::Important,
                        BlockQuoteKind::Warning => Callout::Warning,
                        BlockQuoteKind::Caution => Callout::Caution,
                    };
                    events.push(Event::Html(self.callout_open(kind).into()));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    events.push(Event::Html("</div>\n".into()))
                }
                // Block ends and table cells end a word in the plain text (search).
                Event::End(TagEnd::Paragraph)
                | Event::End(TagEnd::Item)
                | Event::End(TagEnd::TableCell) => {
                    self.push_text(" ");
                    emit!(event)
                }
                other => emit!(other),
            }
        }
        let mut html = String::with_capacity(src.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    fn heading(&mut self, h: OpenHeading, depth: usize, line: usize) -> String {
        let mut inner = String::new();
        pulldown_cmark::html::push_html(&mut inner, h.events.into_iter());
        let level = h.level.clamp(1, 6);
        if depth > 0 || self.in_trainer {
            // Headings inside boxes get no anchor: they are not part of the page outline.
            return format!("<h{level}>{inner}</h{level}>\n");
        }
        let id = match h.explicit_id {
            Some(id) => {
                if self.slugs.contains_key(&id) {
                    self.error(
                        line,
                        format!("the heading id `{id}` is used twice on this page"),
                        "give each heading its own {#id}",
                    );
                }
                self.slugs.insert(id.clone(), 1);
                id
            }
            None => {
                let base = match slug(&h.text) {
                    s if s.is_empty() => "afsnit".to_string(),
                    s => s,
                };
                let mut id = base.clone();
                let mut n = 1;
                while self.slugs.contains_key(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                self.slugs.insert(id.clone(), 1);
                id
            }
        };
        self.out.headings.push(Heading {
            level,
            text: h.text.trim().to_string(),
            id: id.clone(),
            text_offset: h.text_offset,
        });
        format!("<h{level} id=\"{}\">{inner}</h{level}>\n", escape_html(&id))
    }

    fn callout_open(&self, kind: Callout) -> String {
        let title = escape_html(self.r.strings.get(&format!("callout_{}", kind.class())));
        format!(
            "<div class=\"callout callout-{}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n",
            kind.class()
        )
    }

    fn callout(
        &mut self,
        kind: Callout,
        content: &str,
        line: usize,
        content_line: usize,
        depth: usize,
    ) -> String {
        let was_trainer = self.in_trainer;
        if kind == Callout::Trainer {
            self.in_trainer = true;
        }
        let mut html = self.callout_open(kind);
        if kind == Callout::Fact {
            let (body, source) = split_source(content);
            html.push_str(&self.render(body, content_line, depth + 1));
            match source {
                Some(src) if !src.trim().is_empty() => {
                    let label = escape_html(self.r.strings.get("callout_source"));
                    let rendered = self.render(src.trim(), content_line, depth + 1);
                    let rendered = rendered.trim();
                    let rendered = rendered
                        .strip_prefix("<p>")
                        .and_then(|s| s.strip_suffix("</p>"))
                        .unwrap_or(rendered);
                    html.push_str(&format!("<p class=\"callout-source\">{label}: {rendered}</p>\n"));
                }
                _ => self.error(
                    line,
                    "a `vidste-du` box needs the source of its fact",
                    "end the box with a line `Kilde: …`, for example `Kilde: Fokusrevision 2020, Ressourceforløb, STAR`",
                ),
            }
        } else {
            html.push_str(&self.render(content, content_line, depth + 1));
        }
        html.push_str("</div>\n");
        self.in_trainer = was_trainer;
        if kind == Callout::Trainer && self.r.edition != Edition::Trainer {
            // Rendered only to check it; the participant edition keeps no trace.
            return String::new();
        }
        html
    }

    fn embeds(&mut self, content: &str, content_line: usize) -> String {
        let mut html = String::new();
        let mut any = false;
        for (i, line) in content.lines().enumerate() {
            let id = line.trim();
            if id.is_empty() {
                continue;
            }
            any = true;
            if !self.visible() {
                continue;
            }
            let n = self.out.embeds.len();
            self.out.embeds.push(Embed {
                id: id.to_string(),
                line: content_line + i,
            });
            html.push_str(&embed_placeholder(n));
            html.push('\n');
        }
        if !any {
            self.error(
                content_line.saturating_sub(1).max(1),
                "the `opgave` block names no exercise",
                "write the exercise's id inside the block, for example `mette-sygedagpenge`",
            );
        }
        html
    }

    /// The `href` for a link as written; internal links become placeholders.
    fn link(&mut self, dest: &str, line: usize, column: usize) -> String {
        let dest = dest.trim();
        if let Some(scheme) = scheme(dest) {
            if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
                return escape_html(dest);
            }
            self.error_at(
                line,
                column,
                format!("links with `{scheme}:` are not allowed"),
                "link to a web page (https://…), an e-mail address (mailto:…) or a course file (…/modul.md)",
            );
            return "#".into();
        }
        if is_absolute(dest) {
            self.error_at(
                line,
                column,
                format!("the link `{dest}` has an absolute path, which breaks under a sub-path and from disk"),
                "link to the source file with a relative path, for example `../roller/medbygger.md`",
            );
            return "#".into();
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (dest, None),
        };
        let is_source = [".md", ".yaml", ".yml"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if path.is_empty() && anchor.as_deref().is_none_or(str::is_empty) {
            return "#".into();
        }
        let n = self.out.links.len();
        self.out.links.push(PendingLink {
            path: path.to_string(),
            anchor,
            line,
            column,
            // Other files (images, PDFs) are copied beside the pages; their paths are
            // rebased for the page that shows them, like links.
            asset: !path.is_empty() && !is_source,
        });
        link_placeholder(n)
    }
}

/// Split a `vidste-du` box into its fact and the text after `Kilde:`.
fn split_source(content: &str) -> (&str, Option<&str>) {
    let trimmed = content.trim_end();
    let last_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let last = &trimmed[last_start..];
    for prefix in ["Kilde:", "kilde:", "Kilder:", "Source:", "source:"] {
        if let Some(src) = last.trim_start().strip_prefix(prefix) {
            return (&trimmed[..last_start], Some(src));
        }
    }
    (content, None)
}

/// The lowercased URL scheme of `s`, if it has one (`https`, `javascript`…).
fn scheme(s: &str) -> Option<String> {
    let colon = s.find(':')?;
    let candidate = &s[..colon];
    let valid = !candidate.is_empty()
        && candidate
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | ' ' | '\t'));
    valid.then(|| candidate.replace([' ', '\t'], "").to_ascii_lowercase())
}

fn is_absolute(s: &str) -> bool {
    s.starts_with('/') || s.starts_with('\\')
}

/// Escape text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A URL- and anchor-safe slug, correct for Danish: æ→ae, ø→oe, å→aa.
///
/// `"Sådan skriver I målet"` becomes `"saadan-skriver-i-maalet"`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped: Option<&str> = match c {
            'æ' | 'ä' => Some("ae"),
            'ø' | 'ö' => Some("oe"),
            'å' => Some("aa"),
            'ü' => Some("ue"),
            'ß' => Some("ss"),
            'é' | 'è' | 'ê' | 'ë' => Some("e"),
            'á' | 'à' | 'â' | 'ã' => Some("a"),
            'í' | 'ì' | 'î' | 'ï' => Some("i"),
            'ó' | 'ò' | 'ô' | 'õ' => Some("o"),
            'ú' | 'ù' | 'û' => Some("u"),
            'ñ' => Some("n"),
            'ç' => Some("c"),
            _ => None,
        };
        if let Some(m) = mapped {
            out.push_str(m);
            dash = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(src: &str, edition: Edition) -> Rendered {
        let strings = Strings::builtin(crate::config::Language::Da);
        MarkdownRenderer {
            strings: &strings,
            edition,
        }
        .render(src, Path::new("a.md"), 10)
    }

    #[test]
    fn danish_slugs() {
        assert_eq!(slug("Sådan skriver I målet"), "saadan-skriver-i-maalet");
        assert_eq!(slug("Blåbærgrød!"), "blaabaergroed");
        assert_eq!(slug("  Æbler & Øl "), "aebler-oel");
        assert_eq!(slug("💡"), "");
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render(
            "## Mål\n\n## Mål\n\n### Øvelse {#egen}\n",
            Edition::Participant,
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["maal", "maal-2", "egen"]);
        assert!(r.html.contains("<h2 id=\"maal-2\">Mål</h2>"));
    }

    #[test]
    fn raw_html_is_escaped() {
        let r = render(
            "<script>alert(1)</script>\n\nHej <b>du</b>",
            Edition::Participant,
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;"));
    }

    #[test]
    fn trainer_notes_only_in_trainer_edition() {
        let src = "Før\n\n```underviser\nHemmelig note\n```\n\nEfter\n";
        let p = render(src, Edition::Participant);
        assert!(
            !p.html.contains("Hemmelig") && !p.text.contains("Hemmelig"),
            "{}",
            p.html
        );
        let t = render(src, Edition::Trainer);
        assert!(t.html.contains("callout-trainer") && t.html.contains("Hemmelig"));
    }

    #[test]
    fn fact_box_needs_a_source() {
        let ok = render(
            "```vidste-du\n18 % har et CV.\n\nKilde: STAR 2020\n```\n",
            Edition::Participant,
        );
        assert!(ok.diagnostics.is_empty());
        assert!(
            ok.html
                .contains("<p class=\"callout-source\">Kilde: STAR 2020</p>"),
            "{}",
            ok.html
        );
        let bad = render(
            "tekst\n\n```vidste-du\n18 % har et CV.\n```\n",
            Edition::Participant,
        );
        assert_eq!(bad.diagnostics.len(), 1);
        assert_eq!(bad.diagnostics[0].position.unwrap().line, 12);
    }

    #[test]
    fn links_become_placeholders_with_lines() {
        let r = render(
            "Se [her](../b/c.md#mål) og\n[web](https://x.dk) og [x](javascript:alert(1))",
            Edition::Participant,
        );
        assert_eq!(
            r.links,
            vec![PendingLink {
                path: "../b/c.md".into(),
                anchor: Some("mål".into()),
                line: 10,
                column: 4,
                asset: false
            }]
        );
        assert!(r.html.contains("href=\"https://x.dk\""));
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].position.unwrap().line, 11);
        let filled = fill_placeholders(&r.html, |p, out| {
            assert_eq!(p, Placeholder::Link(0));
            out.push_str("../b/c.html#maal")
        });
        assert!(
            filled.contains("<a href=\"../b/c.html#maal\">her</a>"),
            "{filled}"
        );
    }

    #[test]
    fn embeds_are_recorded() {
        let r = render("Tekst\n\n```opgave\nmette\n```\n", Edition::Participant);
        assert_eq!(
            r.embeds,
            vec![Embed {
                id: "mette".into(),
                line: 13
            }]
        );
    }

    #[test]
    fn gfm_alerts_become_callouts() {
        let r = render("> [!TIP]\n> Brug tavlen.\n", Edition::Participant);
        assert!(r.html.contains("callout-tip"), "{}", r.html);
    }
}
