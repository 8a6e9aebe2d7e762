//! Markdown to structured HTML with fokus's extensions.
//!
//! CommonMark plus tables, footnotes, strikethrough, task lists, heading ids
//! and GFM alerts, and fenced blocks with a special info string:
//! `vidste-du`, `tip`, `advarsel`, `refleksion` (callouts), `underviser`
//! (trainer notes) and `opgave` (embed an exercise). Raw HTML is shown as
//! text, never passed through.
//!
//! Links to other files, exercise embeds and element ids cannot be finished
//! while one file is rendered; the result is a list of [`Segment`]s whose
//! holes the resolve step fills in once every page's anchors are known.

mod lint;
mod segments;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

pub use self::segments::Segment;
use self::segments::{Hole, Item, Piece};
use crate::config::Edition;
use crate::diagnostics::Diagnostic;
use crate::escape::html as escape_html;
use crate::i18n::Strings;
use crate::messages::Text;
use crate::names::slug;
/// A heading of a page, for the in-page contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
    /// Where the heading's section starts in [`Rendered::text`], for search.
    #[serde(skip)]
    pub text_offset: usize,
}

/// A link to another source file (or an anchor on this page) waiting to be resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Embed {
    pub id: String,
    pub line: usize,
}

/// The result of rendering one Markdown source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML, with holes for links, embeds and ids.
    pub body: Vec<Segment>,
    /// Top-level headings with their ids, in order.
    pub headings: Vec<Heading>,
    pub links: Vec<PendingLink>,
    pub embeds: Vec<Embed>,
    pub diagnostics: Vec<Diagnostic>,
    /// Plain text of what the edition shows, for the search index.
    pub text: String,
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
pub(crate) enum Callout {
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

/// What a special fenced block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Special {
    Callout(Callout),
    Embed,
    /// Slides (`dias`): shown only in the trainer edition's decks, never on a page.
    Slides,
}

/// Every info string that makes a special block, Danish names first, then
/// the English aliases: the one list the renderer, the slide scanner and the
/// box-name check read.
pub(crate) const BOXES: [(&str, Special); 14] = [
    ("vidste-du", Special::Callout(Callout::Fact)),
    ("tip", Special::Callout(Callout::Tip)),
    ("advarsel", Special::Callout(Callout::Warning)),
    ("refleksion", Special::Callout(Callout::Reflection)),
    ("underviser", Special::Callout(Callout::Trainer)),
    ("opgave", Special::Embed),
    ("dias", Special::Slides),
    ("did-you-know", Special::Callout(Callout::Fact)),
    ("fact", Special::Callout(Callout::Fact)),
    ("warning", Special::Callout(Callout::Warning)),
    ("reflection", Special::Callout(Callout::Reflection)),
    ("trainer", Special::Callout(Callout::Trainer)),
    ("exercise", Special::Embed),
    ("slides", Special::Slides),
];

/// The special block a fenced block's info string names, if any.
pub(crate) fn special(info: &str) -> Option<Special> {
    let word = info.split_whitespace().next().unwrap_or("");
    BOXES
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, kind)| *kind)
}

/// Render Markdown sources for one edition, with the site's interface strings.
pub struct MarkdownRenderer<'a> {
    pub strings: &'a Strings,
    pub edition: Edition,
}

impl MarkdownRenderer<'_> {
    /// Render `src`, a Markdown text from `file` starting at file line `first_line`.
    pub fn render(&self, src: &str, file: &Path, first_line: usize) -> Rendered {
        self.render_as(src, file, first_line, false)
    }

    /// Render a short text (a prompt, an option) without a wrapping paragraph
    /// when it is a single paragraph.
    pub fn render_inline(&self, src: &str, file: &Path, line: usize) -> Rendered {
        self.render_as(src, file, line, true)
    }

    fn render_as(&self, src: &str, file: &Path, first_line: usize, inline: bool) -> Rendered {
        let mut state = State {
            r: self,
            file: file.to_path_buf(),
            out: Rendered {
                // The plain text is seldom longer than its source.
                text: String::with_capacity(src.len()),
                ..Rendered::default()
            },
            slugs: HashMap::new(),
            footnotes: HashMap::new(),
            in_trainer: false,
        };
        let piece = state.render(src, first_line, 0, inline);
        state.out.body = piece.into_segments();
        // Kept for the whole build: no spare capacity.
        state.out.text.shrink_to_fit();
        state.out
    }
}

struct State<'r, 'a> {
    r: &'r MarkdownRenderer<'a>,
    file: PathBuf,
    out: Rendered,
    /// Heading ids used so far, and the next number to try after each.
    slugs: HashMap<String, usize>,
    /// Footnote labels in the order they were first seen: their numbers.
    footnotes: HashMap<String, usize>,
    in_trainer: bool,
}

/// Line starts, and the last column counted (so that many positions on one
/// long line cost one pass over it, not one each).
struct LineIndex(Vec<usize>, std::cell::Cell<(usize, usize)>);

impl LineIndex {
    fn new(s: &str) -> Self {
        let mut v = vec![0];
        v.extend(memchr::memchr_iter(b'\n', s.as_bytes()).map(|i| i + 1));
        LineIndex(v, std::cell::Cell::new((usize::MAX, 0)))
    }
    /// 0-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).saturating_sub(1)
    }
    /// 1-based column (in characters) of a byte offset.
    fn column(&self, src: &str, offset: usize) -> usize {
        let start = self.0.get(self.line(offset)).copied().unwrap_or(0);
        let (last, col) = self.1.get();
        let column = if last >= start && last <= offset && last != usize::MAX {
            src.get(last..offset).map_or(0, |s| s.chars().count()) + col
        } else {
            src.get(start..offset).map_or(0, |s| s.chars().count()) + 1
        };
        self.1.set((offset, column));
        column
    }
}

/// Add `t` to the plain text `text`: a text without white space as it is
/// (it continues the word before it); otherwise each of its words after a
/// single space, and one space after the last if `t` ends in white space.
/// White space is what `char::is_whitespace` says; one pass over the bytes.
fn push_words(text: &mut String, t: &str) {
    let b = t.as_bytes();
    // Most texts are words between single ASCII spaces: then they go in whole,
    // without a leading space, after one space if the text needs it. A first
    // look, many bytes at a time, finds control characters, the first bytes
    // of wide spaces and two spaces; only a text with one is looked at closer.
    let maybe = crate::words::any_byte(b, crate::words::maybe_other_white)
        || crate::words::any_pair(b, |c, d| c == b' ' && d == b' ');
    let single = !maybe
        || !b.iter().enumerate().any(|(i, &c)| {
            crate::words::MAYBE_WHITE[usize::from(c)]
                && match c {
                    b' ' => b.get(i + 1) == Some(&b' '),
                    c => c < b' ' || crate::words::white_len(b, i) > 0,
                }
        });
    if single {
        match t.strip_prefix(' ') {
            None if !t.contains(' ') => text.push_str(t),
            body => {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
                text.push_str(body.unwrap_or(t));
            }
        }
        return;
    }
    // Otherwise word by word (tabs, line breaks, double or wide spaces); a
    // text with control characters but no white space is one word.
    if !(0..b.len()).any(|i| crate::words::white_len(b, i) > 0) {
        text.push_str(t);
        return;
    }
    for word in crate::words::split(t) {
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
        text.push_str(word);
    }
    if t.ends_with(char::is_whitespace) && !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}

/// How deep boxes may be nested in one another (each level is parsed again).
pub const MAX_BOX_DEPTH: usize = 16;

struct OpenHeading<'e> {
    text_offset: usize,
    level: u8,
    explicit_id: Option<String>,
    /// The line of a level-1 heading that is the first thing in a page's file.
    title_line: Option<usize>,
    text: String,
    items: Vec<Item<'e>>,
}

/// Where a link written in Markdown points, once rendering is done.
enum Href {
    /// Finished (an outside web address, or `#` after an error).
    Literal(String),
    /// Number `n` in [`Rendered::links`], resolved later.
    Pending(usize),
}

impl Href {
    fn into_piece(self) -> Piece {
        match self {
            Href::Literal(s) => Piece::text(s),
            Href::Pending(n) => {
                let mut p = Piece::default();
                p.push_hole(Hole::Link(n));
                p
            }
        }
    }
}

/// The one top-level paragraph of `items`, without its tags, if that is all there is.
fn only_paragraph(mut items: Vec<Item<'_>>) -> Result<Vec<Item<'_>>, Vec<Item<'_>>> {
    let opens = matches!(
        items.first(),
        Some(Item::Event(Event::Start(Tag::Paragraph)))
    );
    let closes = matches!(
        items.last(),
        Some(Item::Event(Event::End(TagEnd::Paragraph)))
    );
    // Paragraphs never nest, so a second top-level one would show as a second start.
    let single = items
        .iter()
        .filter(|i| matches!(i, Item::Event(Event::Start(Tag::Paragraph))))
        .count()
        == 1;
    if opens && closes && single && items.len() >= 2 {
        items.pop();
        items.remove(0);
        Ok(items)
    } else {
        Err(items)
    }
}

impl State<'_, '_> {
    fn error(&mut self, line: usize, message: Text, help: Text) {
        self.error_at(line, 1, message, help);
    }

    fn error_at(&mut self, line: usize, column: usize, message: Text, help: Text) {
        self.out.diagnostics.push(
            Diagnostic::error(&self.file, message)
                .at(line, column)
                .help(help),
        );
    }

    fn warn_at(&mut self, line: usize, column: usize, message: Text, help: Text) {
        self.out.diagnostics.push(
            Diagnostic::warning(&self.file, message)
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
        push_words(&mut self.out.text, t);
    }

    /// The number of footnote `label`: the order in which labels are first seen.
    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    /// Render `src` (starting at file line `first_line`); `depth` > 0 inside
    /// callouts; `inline` drops the paragraph around a text that is one paragraph.
    fn render<'s>(&mut self, src: &'s str, first_line: usize, depth: usize, inline: bool) -> Piece {
        let lines = LineIndex::new(src);
        let line_of = |offset: usize| first_line + lines.line(offset);
        // About one event for every 25 to 35 bytes of Markdown: sized at once, the
        // list seldom moves while it fills (its items are large).
        let mut items: Vec<Item<'s>> = Vec::with_capacity(src.len() / 24);
        let mut heading: Option<OpenHeading<'s>> = None;
        let mut iter = Parser::new_ext(src, options()).into_offset_iter();

        // Raw HTML is warned about once per block and once per line.
        let mut html_warned: Option<usize> = None;
        let mut in_html_block = false;

        macro_rules! emit {
            ($e:expr) => {{
                let item = $e;
                match heading.as_mut() {
                    Some(h) => h.items.push(item),
                    None => items.push(item),
                }
            }};
        }

        while let Some((event, range)) = iter.next() {
            // Found only for the events that need it: a binary search each.
            let at = range.start;
            let line = || line_of(at);
            match event {
                Event::Html(h) | Event::InlineHtml(h) => {
                    // One warning per HTML block and per line of inline HTML.
                    if html_warned != Some(line()) && (!in_html_block || html_warned.is_none()) {
                        let (message, help) = lint::raw_html(&h);
                        // In an exercise the text is a YAML value: its columns are not the file's.
                        let column = if self.file.extension().is_some_and(|x| x == "md") {
                            lines.column(src, range.start)
                        } else {
                            1
                        };
                        self.warn_at(line(), column, message, help);
                        html_warned = Some(line());
                    }
                    self.push_text(&h);
                    emit!(Item::Event(Event::Text(h)))
                }
                Event::Text(t) => {
                    self.push_text(&t);
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&t);
                    }
                    emit!(Item::Event(Event::Text(t)))
                }
                Event::Code(t) => {
                    self.push_text(&t);
                    if let Some(h) = heading.as_mut() {
                        h.text.push_str(&t);
                    }
                    emit!(Item::Event(Event::Code(t)))
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.push_text(" ");
                    emit!(Item::Event(event))
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if special(&info).is_some() =>
                {
                    let (content, content_line) = fenced_text(&mut iter, line_of);
                    let content_line = content_line.unwrap_or(line() + 1);
                    let piece = match special(&info) {
                        Some(Special::Callout(kind)) => {
                            self.callout(kind, &content, line(), content_line, depth)
                        }
                        Some(Special::Slides) => Piece::default(),
                        _ => self.embeds(&content, content_line),
                    };
                    items.push(Item::Piece(piece));
                }
                Event::Start(Tag::HtmlBlock) => {
                    in_html_block = true;
                    html_warned = None;
                    emit!(Item::Event(event))
                }
                Event::End(TagEnd::HtmlBlock) => {
                    in_html_block = false;
                    emit!(Item::Event(event))
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info))) => {
                    if let Some(name) = lint::near_box_name(info) {
                        let written = info.split_whitespace().next().unwrap_or("").to_string();
                        self.warn_at(
                            line(),
                            1,
                            t!("markdown.box_near", written, name),
                            t!("markdown.box_near_help", name),
                        );
                    }
                    emit!(Item::Event(event))
                }
                Event::Start(Tag::Heading { level, id, .. }) => {
                    // A `# Title` first in a page's file repeats the title the page shows.
                    let title_line = (level as u8 == 1
                        && depth == 0
                        && !inline
                        && items.is_empty()
                        && self.file.extension().is_some_and(|x| x == "md"))
                    .then(line);
                    heading = Some(OpenHeading {
                        title_line,
                        text_offset: self.out.text.len(),
                        level: level as u8,
                        explicit_id: id.map(|s| s.to_string()),
                        text: String::new(),
                        items: Vec::new(),
                    });
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = heading.take() {
                        if let Some(at) = h.title_line {
                            self.warn_at(
                                at,
                                1,
                                t!("markdown.title_heading", text = h.text.trim()),
                                t!("markdown.title_heading_help"),
                            );
                        }
                        let piece = self.heading(h, depth, line());
                        self.push_text(" ");
                        items.push(Item::Piece(piece));
                    }
                }
                Event::Start(Tag::Link {
                    dest_url, title, ..
                }) => {
                    let column = lines.column(src, range.start);
                    let mut tag = Piece::text("<a href=\"");
                    tag.push_piece(self.link(&dest_url, line(), column).into_piece());
                    tag.push_str("\"");
                    if !title.is_empty() {
                        tag.push_str(&format!(" title=\"{}\"", escape_html(&title)));
                    }
                    tag.push_str(">");
                    emit!(Item::Piece(tag))
                }
                Event::End(TagEnd::Link) => emit!(Item::Piece(Piece::text("</a>"))),
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
                    let mut tag = Piece::text("<img src=\"");
                    tag.push_piece(self.link(&dest_url, line(), column).into_piece());
                    tag.push_str(&format!("\" alt=\"{}\"", escape_html(&alt)));
                    if !title.is_empty() {
                        tag.push_str(&format!(" title=\"{}\"", escape_html(&title)));
                    }
                    tag.push_str(">");
                    emit!(Item::Piece(tag))
                }
                Event::TaskListMarker(done) => {
                    // A checkbox nobody can tick would need a label; a symbol with words is clearer.
                    let (symbol, words) = if done {
                        ("☑", "task_done")
                    } else {
                        ("☐", "task_open")
                    };
                    emit!(Item::Piece(Piece::text(format!(
                        "<span class=\"task\" aria-hidden=\"true\">{symbol}</span><span class=\"visually-hidden\">{}: </span>",
                        escape_html(self.r.strings.get(words))
                    ))))
                }
                Event::FootnoteReference(label) => {
                    let n = self.footnote_number(&label);
                    let mut p = Piece::text("<sup class=\"footnote-reference\"><a href=\"#");
                    p.push_hole(Hole::Id(escape_html(&label)));
                    p.push_str(&format!("\">{n}</a></sup>"));
                    emit!(Item::Piece(p))
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let n = self.footnote_number(&label);
                    let mut p = Piece::text("<div class=\"footnote-definition\" id=\"");
                    p.push_hole(Hole::Id(escape_html(&label)));
                    p.push_str(&format!(
                        "\"><sup class=\"footnote-definition-label\">{n}</sup>"
                    ));
                    items.push(Item::Block(p));
                }
                Event::Start(Tag::Table(_)) => {
                    // Focusable so a wide table scrolls by keyboard; no landmark role, so
                    // tables do not crowd the page's landmarks.
                    items.push(Item::Piece(Piece::text(
                        "<div class=\"table-wrap\" tabindex=\"0\">",
                    )));
                    items.push(Item::Event(event));
                }
                Event::End(TagEnd::Table) => {
                    items.push(Item::Event(event));
                    items.push(Item::Piece(Piece::text("</div>\n")));
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let kind = match kind {
                        BlockQuoteKind::Note => Callout::Note,
                        BlockQuoteKind::Tip => Callout::Tip,
                        BlockQuoteKind::Important => Callout::Important,
                        BlockQuoteKind::Warning => Callout::Warning,
                        BlockQuoteKind::Caution => Callout::Caution,
                    };
                    items.push(Item::Piece(Piece::text(self.callout_open(kind))));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    items.push(Item::Piece(Piece::text("</div>\n")))
                }
                // Block ends and table cells end a word in the plain text (search).
                Event::End(TagEnd::Paragraph)
                | Event::End(TagEnd::Item)
                | Event::End(TagEnd::TableCell) => {
                    self.push_text(" ");
                    emit!(Item::Event(event))
                }
                other => emit!(Item::Event(other)),
            }
        }
        let items = if inline {
            only_paragraph(items).unwrap_or_else(|all| all)
        } else {
            items
        };
        segments::write(items, src.len() * 3 / 2)
    }

    fn heading(&mut self, h: OpenHeading, depth: usize, line: usize) -> Piece {
        let inner = segments::write(h.items, h.text.len() + 16);
        let level = h.level.clamp(1, 6);
        if depth > 0 || self.in_trainer {
            // Headings inside boxes get no anchor: they are not part of the page outline.
            let mut p = Piece::text(format!("<h{level}>"));
            p.push_piece(inner);
            p.push_str(&format!("</h{level}>\n"));
            return p;
        }
        let id = match h.explicit_id {
            Some(id) => {
                if self.slugs.contains_key(&id) {
                    self.error(
                        line,
                        t!("markdown.heading_twice", id = &id),
                        t!("markdown.heading_twice_help"),
                    );
                }
                self.slugs.insert(id.clone(), 2);
                id
            }
            None => {
                let base = match slug(&h.text) {
                    s if s.is_empty() => "afsnit".to_string(),
                    s => s,
                };
                // Continue counting where the last heading with this text stopped,
                // so many equal headings take linear, not quadratic, time.
                let mut n = self.slugs.get(&base).copied().unwrap_or(1);
                let mut id = if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                };
                while self.slugs.contains_key(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                self.slugs.insert(base.clone(), n + 1);
                self.slugs.entry(id.clone()).or_insert(2);
                id
            }
        };
        self.out.headings.push(Heading {
            level,
            text: h.text.trim().to_string(),
            id: id.clone(),
            text_offset: h.text_offset,
        });
        let mut p = Piece::text(format!("<h{level} id=\""));
        p.push_hole(Hole::Id(escape_html(&id)));
        p.push_str("\">");
        p.push_piece(inner);
        p.push_str(&format!("</h{level}>\n"));
        p
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
    ) -> Piece {
        if depth >= MAX_BOX_DEPTH {
            self.error(
                line,
                t!("markdown.box_depth", depth = MAX_BOX_DEPTH),
                t!("markdown.box_depth_help"),
            );
            return Piece::default();
        }
        let was_trainer = self.in_trainer;
        if kind == Callout::Trainer {
            self.in_trainer = true;
        }
        let mut piece = Piece::text(self.callout_open(kind));
        if kind == Callout::Fact {
            let (body, source) = split_source(content);
            piece.push_piece(self.render(body, content_line, depth + 1, false));
            match source {
                Some(src) if !src.trim().is_empty() => {
                    let label = escape_html(self.r.strings.get("callout_source"));
                    piece.push_str(&format!("<p class=\"callout-source\">{label}: "));
                    piece.push_piece(self.render(src.trim(), content_line, depth + 1, true));
                    piece.push_str("</p>\n");
                }
                _ => self.error(
                    line,
                    t!("markdown.source_missing"),
                    t!("markdown.source_missing_help"),
                ),
            }
        } else {
            piece.push_piece(self.render(content, content_line, depth + 1, false));
        }
        piece.push_str("</div>\n");
        self.in_trainer = was_trainer;
        if kind == Callout::Trainer && self.r.edition != Edition::Trainer {
            // Rendered only to check it; the participant edition keeps no trace.
            return Piece::default();
        }
        piece
    }

    fn embeds(&mut self, content: &str, content_line: usize) -> Piece {
        let mut piece = Piece::default();
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
            piece.push_hole(Hole::Embed(n));
            piece.push_str("\n");
        }
        if !any {
            self.error(
                content_line.saturating_sub(1).max(1),
                t!("markdown.embed_empty"),
                t!("markdown.embed_empty_help"),
            );
        }
        piece
    }

    /// Where a link as written points; links to course files are resolved later.
    fn link(&mut self, dest: &str, line: usize, column: usize) -> Href {
        let dest = dest.trim();
        if let Some(scheme) = scheme(dest) {
            if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
                return Href::Literal(escape_html(dest));
            }
            self.error_at(
                line,
                column,
                t!("markdown.scheme", scheme = &scheme),
                t!("markdown.scheme_help"),
            );
            return Href::Literal("#".into());
        }
        if is_absolute(dest) {
            self.error_at(
                line,
                column,
                t!("markdown.absolute", dest),
                t!("markdown.absolute_help"),
            );
            return Href::Literal("#".into());
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (dest, None),
        };
        let is_source = [".md", ".yaml", ".yml"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if path.is_empty() && anchor.as_deref().is_none_or(str::is_empty) {
            return Href::Literal("#".into());
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
        Href::Pending(n)
    }
}

/// The text of a fenced block whose start event was just read, and the file
/// line its text starts on (none for an empty block).
pub fn fenced_text<'e>(
    events: &mut impl Iterator<Item = (Event<'e>, std::ops::Range<usize>)>,
    line_of: impl Fn(usize) -> usize,
) -> (String, Option<usize>) {
    let mut content = String::new();
    let mut first_line = None;
    for (ev, r) in events.by_ref() {
        match ev {
            Event::Text(t) => {
                first_line.get_or_insert(line_of(r.start));
                content.push_str(&t);
            }
            Event::End(TagEnd::CodeBlock) => break,
            _ => {}
        }
    }
    (content, first_line)
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
    fn plain_text_words_join_as_split_whitespace_joins_them() {
        // What push_words must do, written with the standard library's white space.
        fn reference(text: &mut String, t: &str) {
            if !t.contains(char::is_whitespace) {
                text.push_str(t);
                return;
            }
            for word in t.split_whitespace() {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
                text.push_str(word);
            }
            if t.ends_with(char::is_whitespace) && !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
        }
        // Every white space character, and the common case: words between single spaces.
        let rare = crate::words::samples::texts(&crate::words::samples::white_pieces(), 4000, 6);
        let common = crate::words::samples::texts(&[" ", "a", "å", "–", "."], 4000, 6);
        for t in rare.iter().chain(&common) {
            for before in ["", "ord", "ord "] {
                let (mut got, mut want) = (before.to_string(), before.to_string());
                push_words(&mut got, t);
                reference(&mut want, t);
                assert_eq!(got, want, "{t:?} after {before:?}");
            }
        }
    }

    /// The body with its holes shown as `{L0}`, `{X0}` and `{#id}`.
    fn shown(r: &Rendered) -> String {
        r.body
            .iter()
            .map(|s| match s {
                Segment::Html(h) => h.clone(),
                Segment::Link(n) => format!("{{L{n}}}"),
                Segment::Embed(n) => format!("{{X{n}}}"),
                Segment::Id(id) => format!("{{#{id}}}"),
            })
            .collect()
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render(
            "## Mål\n\n## Mål\n\n### Øvelse {#egen}\n",
            Edition::Participant,
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["maal", "maal-2", "egen"]);
        assert!(
            shown(&r).contains("<h2 id=\"{#maal-2}\">Mål</h2>"),
            "{}",
            shown(&r)
        );
    }

    #[test]
    fn raw_html_is_escaped() {
        let r = render(
            "<script>alert(1)</script>\n\nHej <b>du</b>",
            Edition::Participant,
        );
        assert!(!shown(&r).contains("<script>"), "{}", shown(&r));
        assert!(shown(&r).contains("&lt;b&gt;"));
    }

    #[test]
    fn trainer_notes_only_in_trainer_edition() {
        let src = "Før\n\n```underviser\nHemmelig note\n```\n\nEfter\n";
        let p = render(src, Edition::Participant);
        assert!(
            !shown(&p).contains("Hemmelig") && !p.text.contains("Hemmelig"),
            "{}",
            shown(&p)
        );
        let t = render(src, Edition::Trainer);
        assert!(shown(&t).contains("callout-trainer") && shown(&t).contains("Hemmelig"));
    }

    #[test]
    fn fact_box_needs_a_source() {
        let ok = render(
            "```vidste-du\n18 % har et CV.\n\nKilde: STAR 2020\n```\n",
            Edition::Participant,
        );
        assert!(ok.diagnostics.is_empty());
        assert!(
            shown(&ok).contains("<p class=\"callout-source\">Kilde: STAR 2020</p>"),
            "{}",
            shown(&ok)
        );
        let bad = render(
            "tekst\n\n```vidste-du\n18 % har et CV.\n```\n",
            Edition::Participant,
        );
        assert_eq!(bad.diagnostics.len(), 1);
        assert_eq!(bad.diagnostics[0].position.unwrap().line, 12);
    }

    #[test]
    fn links_become_holes_with_lines() {
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
        assert!(shown(&r).contains("href=\"https://x.dk\""));
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].position.unwrap().line, 11);
        assert!(
            shown(&r).contains("<a href=\"{L0}\">her</a>"),
            "{}",
            shown(&r)
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
        assert!(shown(&r).contains("callout-tip"), "{}", shown(&r));
    }

    #[test]
    fn private_use_characters_are_only_text() {
        let pua = "\u{E000}X3\u{E001} \u{E000}L0\u{E001} \u{E002}0\u{E003} \u{F8FF}";
        let r = render(
            &format!("# {pua}\n\n{pua} [a](\u{E000}X3\u{E001}.md)\n"),
            Edition::Participant,
        );
        assert_eq!(r.embeds, vec![]);
        assert_eq!(r.links.len(), 1);
        let holes = r
            .body
            .iter()
            .filter(|s| !matches!(s, Segment::Html(_)))
            .count();
        assert_eq!(holes, 2, "one id and one link: {:?}", r.body);
    }

    #[test]
    fn footnote_ids_are_holes() {
        let r = render("Tekst[^a].\n\n[^a]: Kilden.\n", Edition::Participant);
        let s = shown(&r);
        assert!(s.contains("<a href=\"#{#a}\">1</a>"), "{s}");
        assert!(
            s.contains("<div class=\"footnote-definition\" id=\"{#a}\">"),
            "{s}"
        );
    }

    #[test]
    fn many_equal_headings_get_numbered_ids() {
        let src = "## Mål\n\n".repeat(5000);
        let r = render(&src, Edition::Participant);
        assert_eq!(r.headings.last().map(|h| h.id.as_str()), Some("maal-5000"));
    }

    #[test]
    fn inline_rendering_drops_only_a_single_paragraph() {
        let strings = Strings::builtin(crate::config::Language::Da);
        let md = MarkdownRenderer {
            strings: &strings,
            edition: Edition::Participant,
        };
        let one = md.render_inline("*Hej* du", Path::new("a.md"), 1);
        assert_eq!(one.body, vec![Segment::Html("<em>Hej</em> du".into())]);
        let two = md.render_inline("Et\n\nTo", Path::new("a.md"), 1);
        assert_eq!(
            two.body,
            vec![Segment::Html("<p>Et</p>\n<p>To</p>\n".into())]
        );
    }
}
