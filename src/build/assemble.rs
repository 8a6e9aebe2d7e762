//! Step 6, assemble: what is made from many pages at once, and the files.
//!
//! Takes the course, its sources, the resolved bodies and the rendered
//! pages; gives every file of the site: the pages, the print page (every
//! module on one page, ids numbered per module), the search index (joined
//! from one share per page, each reused while its page is unchanged), the
//! navigation script shared by every page, the theme's assets and the files
//! copied from `content/`.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::escape::script_json;
use crate::memo::{Memo, fingerprint};
use crate::output::OutputFile;
use crate::route::Route;
use crate::search;

use super::load::Course;
use super::markdown::Source;
use super::pages::{Model, render_page};
use super::resolve::{Resolved, url_path};
use super::views::{PrintModule, PrintPart, PrintView, View};

/// Every file of the site.
pub struct Assembled {
    pub files: Vec<OutputFile>,
    /// How many of them are pages.
    pub pages: usize,
}

/// Put the site together.
pub fn assemble(
    course: &Course,
    sources: &[Source],
    resolved: &Resolved,
    pages: Vec<OutputFile>,
    memo: &Memo,
    diags: &mut Diagnostics,
) -> Result<Assembled, Diagnostics> {
    let (print, index) = rayon::join(
        || print_page(course, sources, resolved, memo),
        || search_index(course, sources, resolved, memo),
    );
    let mut files = pages;
    match print {
        Ok(f) => files.push(f),
        Err(d) => diags.push(d),
    }
    let pages = files.len();
    files.push(toc_script(course, resolved));
    files.push(index);
    for (path, bytes) in &course.theme.assets {
        files.push(OutputFile {
            path: path.clone(),
            bytes: Arc::new(bytes.clone()),
        });
    }
    for asset in &course.content.assets {
        let shown = std::path::PathBuf::from(crate::folders::CONTENT).join(asset);
        match std::fs::read(course.root.join(&shown)) {
            Ok(bytes) => files.push(OutputFile {
                path: url_path(asset),
                bytes: Arc::new(bytes),
            }),
            Err(e) => diags.push(Diagnostic::error(shown, format!("cannot read: {e}"))),
        }
    }
    if diags.has_errors() {
        return Err(std::mem::take(diags));
    }
    Ok(Assembled { files, pages })
}

/// Every module in order on one page. Module pages and the print page sit at
/// the same depth, so bodies are resolved for their module's own URL; ids get
/// the module's number so they stay unique on one page.
fn print_page(
    course: &Course,
    sources: &[Source],
    resolved: &Resolved,
    memo: &Memo,
) -> Result<OutputFile, Diagnostic> {
    let by_file: HashMap<&std::path::Path, &Source> = sources.iter().map(|s| (s.file, s)).collect();
    let modules: Vec<(usize, &crate::content::Module)> =
        course.content.modules().enumerate().collect();
    let bodies: Vec<String> = modules
        .par_iter()
        .map(|(i, m)| {
            let Some(source) = by_file.get(m.doc.path.as_path()) else {
                return String::new();
            };
            let idp = format!("m{}-", i + 1);
            let body = resolved.resolver.body(source, &source.url, &idp, memo);
            body.html.clone()
        })
        .collect();
    let mut bodies = bodies.into_iter();
    let mut n = 0;
    let view = View::Print(PrintView {
        parts: course
            .content
            .parts
            .iter()
            .map(|part| PrintPart {
                title: &part.title,
                modules: part
                    .modules
                    .iter()
                    .map(|m| {
                        n += 1;
                        PrintModule {
                            anchor: format!("m{n}"),
                            title: &m.doc.meta.title,
                            summary: m.doc.meta.summary.as_deref(),
                            duration: m.doc.meta.duration,
                            objectives: &m.doc.meta.objectives,
                            body: bodies.next().unwrap_or_default(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    });
    let title = course.theme.strings.get("print_course");
    render_page(course, &Route::Print.url(), title, &view, None, memo)
}

/// The search index: part introductions, modules, pages (the glossary) and
/// exercises, each page's share reused while its inputs are unchanged.
fn search_index(
    course: &Course,
    sources: &[Source],
    resolved: &Resolved,
    memo: &Memo,
) -> OutputFile {
    let indexed: Vec<(&Source, &str, search::Kind)> = sources
        .iter()
        .filter_map(|s| s.search.map(|(title, kind)| (s, title, kind)))
        .collect();
    let shares: Vec<Arc<search::Fragment>> = indexed
        .par_iter()
        .enumerate()
        .map(|(number, (s, title, kind))| {
            let key = fingerprint(&(number, title, *kind as u8, s.key, &s.url));
            memo.get_or("search", key, || {
                search::Fragment::page(number, title, &s.url, *kind, &s.rendered)
            })
        })
        .collect();
    let exercises: Vec<search::Fragment> = course
        .exercises
        .iter()
        .zip(&resolved.resolver.exercises)
        .enumerate()
        .map(|(i, (e, r))| {
            let url = Route::Exercise { id: &e.spec.id }.url();
            search::Fragment::text(
                shares.len() + i,
                &e.spec.title,
                &url,
                search::Kind::Exercise,
                &r.text,
            )
        })
        .collect();
    search::assemble(shares.iter().map(Arc::as_ref).chain(exercises.iter()))
}

/// The whole course's navigation as one shared script, so pages stay small.
fn toc_script(course: &Course, resolved: &Resolved) -> OutputFile {
    let mut trains: HashMap<&str, Vec<Value>> = HashMap::new();
    for (e, r) in course.exercises.iter().zip(&resolved.resolver.exercises) {
        for m in &e.spec.modules {
            trains
                .entry(m.as_str())
                .or_default()
                .push(json!([e.spec.id, r.scored]));
        }
    }
    let content = &course.content;
    let parts: Vec<Value> = content
        .parts
        .iter()
        .map(|p| {
            json!({
                "t": p.title, "u": Route::Part { part: &p.slug }.url(),
                "m": p.modules.iter().map(|m| json!({
                    "t": m.doc.meta.title, "u": Route::module(&m.id).url(),
                    "x": trains.get(m.id.as_str()).cloned().unwrap_or_default(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let pages: Vec<Value> = content
        .pages
        .iter()
        .map(|p| json!({"t": p.doc.meta.title, "u": Route::Page { slug: &p.slug }.url()}))
        .collect();
    let model = Model {
        course,
        modules: Vec::new(),
        rendered: HashMap::new(),
        resolved,
        edition: course.edition,
    };
    let data = json!({
        "home": Route::Home.url(), "parts": parts, "pages": pages,
        "more": model.tool_links(&Route::Home.url()),
        "exercises": {"t": course.theme.strings.get("exercises"), "u": Route::ExerciseIndex.url()},
    });
    OutputFile {
        path: Route::Toc.url(),
        bytes: Arc::new(format!("window.fokusToc={};\n", script_json(&data)).into_bytes()),
    }
}
