//! Step 3, render Markdown: every Markdown source becomes structured HTML.
//!
//! Takes the loaded course; gives one [`Source`] per page made from
//! Markdown (the home page, part introductions, modules, stand-alone pages),
//! in course order, each with its [`Rendered`] output: segments with holes
//! for links, embeds and ids, headings, links, embeds and search text.
//! Sources run in parallel; one whose text and settings an earlier build
//! rendered is taken from the memo. A module's slides are found here too,
//! and then its Markdown is let go of: nothing after this step reads it.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Edition;
use crate::content::{Body, Document};
use crate::markdown::{MarkdownRenderer, Rendered};
use crate::memo::{Memo, fingerprint};
use crate::route::Route;
use crate::search;

use super::load::Course;

/// A Markdown source rendered for its page.
pub struct Source<'a> {
    /// The file, relative to the course root.
    pub file: &'a Path,
    /// The root-relative URL of its page.
    pub url: String,
    /// Title and kind in the search index; the home page is not indexed.
    pub search: Option<(&'a str, search::Kind)>,
    pub rendered: Arc<Rendered>,
    /// Fingerprint of everything the rendering was made from.
    pub key: u64,
    /// A module's slide blocks (`None` for every other source).
    pub slides: Option<Arc<crate::slides::Scan>>,
}

/// Render every Markdown source of the course, in course order.
pub fn render<'a>(course: &'a Course, edition: Edition, memo: &Memo) -> Vec<Source<'a>> {
    let md = MarkdownRenderer {
        strings: &course.theme.strings,
        edition,
    };
    let setting = fingerprint(&(edition, &course.theme.strings));
    sources(course)
        .into_par_iter()
        .map(|(doc, url, search)| {
            let (file, body, body_line, hash) = doc;
            // The document's hash stands for its body: the text is not hashed again.
            let key = fingerprint(&(setting, file, hash, body_line));
            let text = body.text();
            let rendered = memo.get_or("markdown", key, || md.render(&text, file, body_line));
            let module = matches!(search, Some((_, search::Kind::Module)));
            let slides = module.then(|| {
                memo.get_or("slides", fingerprint(&(hash, body_line)), || {
                    crate::slides::scan(&text, body_line)
                })
            });
            if module {
                body.release();
            }
            Source {
                file,
                url,
                search,
                rendered,
                key,
                slides,
            }
        })
        .collect()
}

/// (file, body, first line of the body, the document's hash).
type Text<'a> = (&'a Path, &'a Body, usize, u64);

/// A source to render: its text, its page's URL, its title and kind in search.
type Planned<'a> = (Text<'a>, String, Option<(&'a str, search::Kind)>);

/// Every Markdown source that becomes (part of) a page, in course order.
fn sources(course: &Course) -> Vec<Planned<'_>> {
    fn text<M>(d: &Document<M>) -> Text<'_> {
        (&d.path, &d.body, d.body_line, d.hash)
    }
    let content = &course.content;
    let mut v = Vec::new();
    if let Some(home) = &content.home {
        v.push((text(home), Route::Home.url(), None));
    }
    for part in &content.parts {
        if let Some(idx) = &part.index {
            let url = Route::Part { part: &part.slug }.url();
            v.push((
                text(idx),
                url,
                Some((part.title.as_str(), search::Kind::Part)),
            ));
        }
        for m in &part.modules {
            let url = Route::Module {
                part: &part.slug,
                module: &m.slug,
            }
            .url();
            let title = m.doc.meta.title.as_str();
            v.push((text(&m.doc), url, Some((title, search::Kind::Module))));
        }
    }
    for p in &content.pages {
        let url = Route::Page { slug: &p.slug }.url();
        let title = p.doc.meta.title.as_str();
        v.push((text(&p.doc), url, Some((title, search::Kind::Page))));
    }
    v
}
