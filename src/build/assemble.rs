//! Step 6, assemble: what is made from many pages at once, and the files.
//!
//! Takes the course, its sources, the resolved bodies and the rendered
//! pages; gives every file of the site: the pages, the print page (every
//! module on one page, ids numbered per module), the search index (joined
//! from one share per page, each reused while its page is unchanged), the
//! navigation script shared by every page, the theme's assets and the files
//! copied from `content/`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{Value, json};

use crate::content::{Module, Part};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::escape::{self, script_json};
use crate::memo::{Memo, fingerprint, fingerprint_serde};
use crate::output::OutputFile;
use crate::route::Route;
use crate::search;

use super::load::Course;
use super::markdown::Source;
use super::pages::{Model, Pages, render_keyed};
use super::resolve::{Embeds, Resolved, url_path};
use super::sink::Out;
use super::views::{PrintModule, PrintPart, PrintView, View};

/// Put the site together: the files made from many pages at once, the
/// copied files and the offline worker, each handed to `out` once made.
/// Gives the number of pages, print pages included.
pub(super) fn assemble(
    course: &Course,
    sources: &[Source],
    resolved: &Resolved,
    pages: Pages,
    memo: &Memo,
    out: &Out,
    diags: &mut Diagnostics,
) -> Result<usize, Diagnostics> {
    // First what every page loads, so that the pages are complete...
    out.put(toc_script(course, resolved));
    for (path, bytes) in &course.theme.assets {
        out.put(OutputFile {
            path: path.clone(),
            bytes: Arc::new(bytes.clone()),
        });
    }
    for asset in &course.content.assets {
        let shown = std::path::PathBuf::from(crate::folders::CONTENT).join(asset);
        match crate::source::read_course_bytes(&course.root, &shown) {
            Ok(bytes) => out.put(OutputFile {
                path: url_path(asset),
                bytes: Arc::new(bytes),
            }),
            Err(d) => diags.push(d),
        }
    }
    if !diags.has_errors() {
        out.pages_ready();
    }
    // ...then what is made from all of them.
    let linked = pages.body_bytes > PRINT_INLINE_BYTES;
    let (print, ()) = rayon::join(
        || print_pages(course, sources, resolved, linked, memo, out),
        || search_index(course, sources, resolved, memo, out),
    );
    let mut count = pages.count;
    for page in print {
        match page {
            Ok(()) => count += 1,
            Err(d) => diags.push(d),
        }
    }
    if let Some(d) = out.error() {
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(std::mem::take(diags));
    }
    if out.offline_worker() {
        match service_worker(course, out) {
            Ok(worker) => out.put(worker),
            Err(d) => {
                diags.push(d);
                return Err(std::mem::take(diags));
            }
        }
    }
    if let Some(d) = out.error() {
        diags.push(d);
        return Err(std::mem::take(diags));
    }
    Ok(count)
}

/// Up to this many bytes, the offline worker keeps the whole course at the
/// first visit; a larger course is kept page by page as it is read, and whole
/// when the learner presses "Gem kurset til offline brug".
pub const OFFLINE_AUTO_BYTES: usize = 25 * 1024 * 1024;

/// The service worker: this build's version (a fingerprint of every file put
/// so far) and the list of files to keep, in the theme's worker template.
fn service_worker(course: &Course, out: &Out) -> Result<OutputFile, Diagnostic> {
    let (listed, total) = out.listed();
    let version = format!("{:016x}", fingerprint(&listed));
    let paths: Vec<&str> = listed.iter().map(|(p, _)| p.as_str()).collect();
    let mut context = tera::Context::new();
    context.insert("key_json", &script_json(&course.key));
    context.insert("version_json", &script_json(&version));
    context.insert("files_json", &script_json(&paths));
    context.insert("auto", &(total <= OFFLINE_AUTO_BYTES));
    let js = course.theme.render("sw.js", &context)?;
    Ok(OutputFile {
        path: Route::ServiceWorker.url(),
        bytes: Arc::new(js.into_bytes()),
    })
}

/// Above this many bytes of module bodies, the whole-course print page lists
/// the parts' print pages instead of holding every module (a browser struggles
/// to lay out and print much more in one page).
pub const PRINT_INLINE_BYTES: usize = 4 * 1024 * 1024;

/// The print pages: the whole course on one page (or, when it is larger than
/// [`PRINT_INLINE_BYTES`], a list of its parts), and one page per part. Module
/// bodies are filled for the page they are on; ids get the module's number so
/// they stay unique on a page.
fn print_pages(
    course: &Course,
    sources: &[Source],
    resolved: &Resolved,
    linked: bool,
    memo: &Memo,
    out: &Out,
) -> Vec<Result<(), Diagnostic>> {
    let by_file: FxHashMap<&Path, &Source> = sources.iter().map(|s| (s.file, s)).collect();
    let mut first = 1;
    let mut jobs: Vec<(Option<&Part>, usize)> = vec![(None, 1)];
    for part in &course.content.parts {
        jobs.push((Some(part), first));
        first += part.modules.len();
    }
    let t = &course.theme.strings;
    jobs.par_iter()
        .map(|&(only, _)| {
            let route = match only {
                Some(p) => Route::PrintPart { part: &p.slug },
                None => Route::Print,
            };
            let url = route.url();
            let parts = course
                .content
                .parts
                .iter()
                .filter(|p| only.is_none_or(|o| std::ptr::eq(o, *p)))
                .map(|part| {
                    let number = 1 + course
                        .content
                        .parts
                        .iter()
                        .position(|p| std::ptr::eq(p, part))
                        .unwrap_or(0);
                    let start = jobs
                        .iter()
                        .find(|(p, _)| p.is_some_and(|p| std::ptr::eq(p, part)))
                        .map_or(1, |j| j.1);
                    let inline = only.is_some() || !linked;
                    PrintPart {
                        title: &part.title,
                        number,
                        running: escape::css_string(&format!(
                            "{} {number} · {}",
                            t.get("part"),
                            part.title
                        )),
                        url: Route::PrintPart { part: &part.slug }.from(&url),
                        count: part.modules.len(),
                        modules: if inline {
                            part.modules
                                .iter()
                                .enumerate()
                                .map(|(i, m)| {
                                    let label = format!("{number}.{}", i + 1);
                                    print_module(
                                        m,
                                        (start + i, label),
                                        &url,
                                        &by_file,
                                        resolved,
                                        memo,
                                    )
                                })
                                .collect()
                        } else {
                            Vec::new()
                        },
                    }
                })
                .collect();
            let view = View::Print(PrintView {
                parts,
                linked: only.is_none() && linked,
                part_page: only.is_some(),
                page_label: escape::css_string(t.get("print_page_label")),
            });
            let title = match only {
                Some(p) => format!("{}: {}", t.get("print_part"), p.title),
                None => t.get("print_course").to_string(),
            };
            // Reused by the bodies' fingerprints, not by hashing every body's text again.
            let key = match (&view, memo.keeps()) {
                (View::Print(v), true) => fingerprint_serde(
                    course.seed,
                    &("print", view.template(), &url, &title, v.key()),
                ),
                _ => None,
            };
            render_keyed(course, &url, &title, &view, None, memo, key).map(|page| out.put(page))
        })
        .collect()
}

/// Module number `n` of the course (numbered `label` on paper) on the print page at `url`.
fn print_module<'a>(
    m: &'a Module,
    (n, label): (usize, String),
    url: &str,
    by_file: &FxHashMap<&Path, &Source>,
    resolved: &Resolved,
    memo: &Memo,
) -> PrintModule<'a> {
    let (body, body_hash) =
        by_file
            .get(m.doc.path.as_path())
            .map_or((tera::Value::safe_string(""), 0), |source| {
                // The whole-course page is as deep as a module page: bodies as on their own page.
                let at = if crate::route::depth(url) == crate::route::depth(&source.url) {
                    source.url.as_str()
                } else {
                    url
                };
                let idp = format!("m{n}-");
                let body = resolved
                    .resolver
                    .body(source, at, &idp, Embeds::Whole, memo);
                (tera::Value::safe_string(&body.html), body.hash)
            });
    PrintModule {
        anchor: format!("m{n}"),
        number: label,
        title: &m.doc.meta.title,
        summary: m.doc.meta.summary.as_deref(),
        duration: m.doc.meta.duration,
        objectives: &m.doc.meta.objectives,
        body,
        body_hash,
    }
}

/// The search index: part introductions, modules, pages (the glossary) and
/// exercises, each page's share reused while its inputs are unchanged.
fn search_index(course: &Course, sources: &[Source], resolved: &Resolved, memo: &Memo, out: &Out) {
    let indexed: Vec<(&Source, &str, search::Kind)> = sources
        .iter()
        .filter_map(|s| s.search.map(|(title, kind)| (s, title, kind)))
        .collect();
    let exercises: Vec<(&crate::exercises::LoadedExercise, &super::resolve::Shown)> = course
        .exercises
        .iter()
        .filter_map(|e| {
            Some((
                e,
                resolved
                    .resolver
                    .exercises
                    .get(e.spec.id.as_str())?
                    .as_ref(),
            ))
        })
        .collect();
    // Shares are made a batch at a time, so the index never holds every page's text twice.
    let share = |number: usize| -> Arc<search::Fragment> {
        match indexed.get(number) {
            Some((s, title, kind)) => {
                let key = fingerprint(&(number, title, *kind as u8, s.key, &s.url));
                memo.get_or("search", key, || {
                    search::Fragment::page(number, title, &s.url, *kind, &s.rendered)
                })
            }
            None => {
                let (e, r) = exercises[number - indexed.len()];
                let url = Route::Exercise { id: &e.spec.id }.url();
                Arc::new(search::Fragment::text(
                    number,
                    &e.spec.title,
                    &url,
                    search::Kind::Exercise,
                    &r.view.text,
                ))
            }
        }
    };
    search::assemble_into(
        indexed.len() + exercises.len(),
        |range| range.into_par_iter().map(share).collect(),
        &course.config.search.synonyms,
        &|f| out.put(f),
    );
}

/// The whole course's navigation as one shared script, so pages stay small.
fn toc_script(course: &Course, resolved: &Resolved) -> OutputFile {
    let mut trains: HashMap<&str, Vec<Value>> = HashMap::new();
    for e in &course.exercises {
        let Some(r) = resolved.resolver.exercises.get(e.spec.id.as_str()) else {
            continue;
        };
        for m in &e.spec.modules {
            trains
                .entry(m.as_str())
                .or_default()
                .push(match r.view.pass {
                    Some(pass) => json!([e.spec.id, r.view.scored_shown(), pass]),
                    None => json!([e.spec.id, r.view.scored_shown()]),
                });
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
        rendered: FxHashMap::default(),
        sources: FxHashMap::default(),
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
