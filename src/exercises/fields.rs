//! The one door through which an exercise's Markdown becomes HTML.
//!
//! The quiz views ([`super::view`]) never call the Markdown renderer
//! themselves: the build passes a [`Fields`] that knows the page, resolves
//! (or marks) links and keeps the problems it finds. [`PlaceholderFields`] is
//! the implementation over [`MarkdownRenderer`] whose HTML still carries link
//! placeholders, filled later by the build's link pass.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::markdown::{MarkdownRenderer, PendingLink, Placeholder, fill_placeholders};

/// Turns one Markdown field of an exercise into finished HTML (links already resolved for
/// the exercise's page depth) and records its text for search and its problems.
pub trait Fields {
    /// A field that may hold paragraphs, lists, callouts… (like `MarkdownRenderer::render`).
    fn block(&mut self, src: &str, line: usize) -> String;
    /// A field shown inside a line, such as a prompt or an option (like `render_inline`).
    fn inline(&mut self, src: &str, line: usize) -> String;
}

/// [`Fields`] over today's [`MarkdownRenderer`]: links stay placeholders,
/// numbered across all fields of one exercise, and are collected in `links`.
pub struct PlaceholderFields<'a> {
    md: &'a MarkdownRenderer<'a>,
    /// The exercise file, for diagnostics.
    file: &'a Path,
    pub links: Vec<PendingLink>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> PlaceholderFields<'a> {
    pub fn new(md: &'a MarkdownRenderer<'a>, file: &'a Path) -> Self {
        PlaceholderFields {
            md,
            file,
            links: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn take(&mut self, r: crate::markdown::Rendered, line: usize) -> String {
        // Placeholders count from zero in each rendering: renumber into ours.
        let base = self.links.len();
        self.links.extend(r.links);
        self.diagnostics.extend(r.diagnostics);
        if !r.embeds.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(self.file, "an exercise cannot embed another exercise")
                    .at(line, 1)
                    .help("remove the `opgave` block from the exercise text"),
            );
        }
        fill_placeholders(&r.html, |p, out| {
            if let Placeholder::Link(n) = p {
                out.push_str(&crate::markdown::link_placeholder(base + n));
            }
        })
    }
}

impl Fields for PlaceholderFields<'_> {
    fn block(&mut self, src: &str, line: usize) -> String {
        let r = self.md.render(src, self.file, line);
        self.take(r, line)
    }

    fn inline(&mut self, src: &str, line: usize) -> String {
        let r = self.md.render_inline(src, self.file, line);
        self.take(r, line)
    }
}
