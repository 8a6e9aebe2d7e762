//! Rendered Markdown as structured output.
//!
//! A page body cannot be finished while its file is rendered: links to other
//! files need every page's anchors, embedded exercises need the exercises, and
//! element ids differ between a module's own page and the print page that
//! holds many modules. So rendering gives a list of [`Segment`]s: finished
//! HTML, and typed holes that later steps fill in. Holes are recorded where
//! the HTML writer is when it reaches them, never found again by looking for
//! special characters in the text, so nothing an author types can be taken
//! for one.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use pulldown_cmark::Event;

/// A piece of a rendered body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Finished HTML.
    Html(String),
    /// The `href`/`src` value of link number `n` in [`super::Rendered::links`].
    Link(usize),
    /// The exercise of embed number `n` in [`super::Rendered::embeds`].
    Embed(usize),
    /// An element id (already HTML-escaped), written with the page's id prefix.
    Id(String),
}

/// A hole in written HTML: what goes at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Hole {
    Link(usize),
    Embed(usize),
    Id(String),
}

/// HTML with holes at known byte offsets (ascending).
#[derive(Debug, Clone, Default)]
pub(super) struct Piece {
    pub html: String,
    pub holes: Vec<(usize, Hole)>,
}

impl Piece {
    /// Literal HTML without holes.
    pub fn text(html: impl Into<String>) -> Self {
        Piece {
            html: html.into(),
            holes: Vec::new(),
        }
    }

    /// Append literal HTML.
    pub fn push_str(&mut self, s: &str) {
        self.html.push_str(s);
    }

    /// Append a hole at the current end.
    pub fn push_hole(&mut self, hole: Hole) {
        self.holes.push((self.html.len(), hole));
    }

    /// Append another piece, moving its holes along.
    pub fn push_piece(&mut self, other: Piece) {
        let base = self.html.len();
        self.html.push_str(&other.html);
        self.holes
            .extend(other.holes.into_iter().map(|(at, h)| (base + at, h)));
    }

    /// Split into segments at the recorded offsets.
    pub fn into_segments(self) -> Vec<Segment> {
        let mut out = Vec::with_capacity(self.holes.len() * 2 + 1);
        let mut from = 0;
        for (at, hole) in self.holes {
            // Offsets come from the writer and are char boundaries; a bad one loses no text.
            if let Some(s) = self.html.get(from..at)
                && !s.is_empty()
            {
                out.push(Segment::Html(s.to_string()));
                from = at;
            }
            out.push(match hole {
                Hole::Link(n) => Segment::Link(n),
                Hole::Embed(n) => Segment::Embed(n),
                Hole::Id(id) => Segment::Id(id),
            });
        }
        if let Some(rest) = self.html.get(from..)
            && !rest.is_empty()
        {
            out.push(Segment::Html(rest.to_string()));
        }
        out
    }
}

/// An item of the event stream handed to the HTML writer.
pub(super) enum Item<'e> {
    /// A Markdown event, written by pulldown-cmark.
    Event(Event<'e>),
    /// Ready HTML with holes of its own (a box, a heading, an embed, a link tag).
    Piece(Piece),
    /// Ready HTML that starts a block: on a new line, as pulldown-cmark starts its blocks.
    Block(Piece),
}

/// A string the writer and the event iterator share, so the iterator knows
/// how much has been written when the writer asks for the next event.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<String>>);

impl fmt::Write for Shared {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

/// Write `items` as HTML with pulldown-cmark, keeping every hole's position.
///
/// pulldown-cmark's writer asks for the next event only after it has written
/// the previous one, so the length written when a [`Item::Piece`] is handed
/// over is exactly where that piece starts.
pub(super) fn write(items: Vec<Item<'_>>, capacity: usize) -> Piece {
    let out = Shared(Rc::new(RefCell::new(String::with_capacity(capacity))));
    let mut holes = Vec::new();
    let events = items.into_iter().map(|item| match item {
        Item::Event(e) => e,
        Item::Block(mut p) => {
            let written = out.0.borrow();
            if !written.is_empty() && !written.ends_with('\n') {
                p.html.insert(0, '\n');
                p.holes.iter_mut().for_each(|(at, _)| *at += 1);
            }
            let base = written.len();
            holes.extend(p.holes.into_iter().map(|(at, h)| (base + at, h)));
            Event::Html(p.html.into())
        }
        Item::Piece(p) => {
            let base = out.0.borrow().len();
            holes.extend(p.holes.into_iter().map(|(at, h)| (base + at, h)));
            Event::Html(p.html.into())
        }
    });
    // Writing to a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(out.clone(), events);
    let html = std::mem::take(&mut *out.0.borrow_mut());
    Piece { html, holes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_keep_hole_positions_through_the_writer() {
        let mut link = Piece::text("<a href=\"");
        link.push_hole(Hole::Link(0));
        link.push_str("\">");
        let items = vec![
            Item::Event(Event::Start(pulldown_cmark::Tag::Paragraph)),
            Item::Event(Event::Text("før \u{E000}X3\u{E001} ".into())),
            Item::Piece(link),
            Item::Event(Event::Text("her".into())),
            Item::Piece(Piece::text("</a>")),
            Item::Event(Event::End(pulldown_cmark::TagEnd::Paragraph)),
        ];
        let segs = write(items, 0).into_segments();
        assert_eq!(
            segs,
            vec![
                Segment::Html("<p>før \u{E000}X3\u{E001} <a href=\"".into()),
                Segment::Link(0),
                Segment::Html("\">her</a></p>\n".into()),
            ]
        );
    }
}
