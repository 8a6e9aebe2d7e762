//! Step 4, resolve: fill in links, embedded exercises and ids.
//!
//! Takes the course and its rendered [`Source`]s; gives [`Resolved`]: the
//! link index (every page, its anchors, every copied file), each exercise's
//! finished HTML, the trainer's answer keys, and the [`Resolver`] that
//! fills a page body's holes for the page it is on (its own page in the
//! pages step; the print pages number each module's ids). Bodies are filled
//! where they are used and not kept, so the site's HTML is never all in
//! memory at once. Exercise and training errors stop the build after this
//! step, reported together with every page's link and embed errors; those
//! alone stop it after the pages step.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Edition;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::exercises::view::ExerciseView;
use crate::exercises::{self, Fields, ValidExercise};
use crate::links::{LinkIndex, Target};
use crate::markdown::{MarkdownRenderer, Rendered, Segment};
use crate::memo::{Memo, fingerprint};
use crate::render::Theme;
use crate::route::Route;

use super::load::Course;
use super::markdown::Source;

/// A page body with every hole filled.
pub struct Body {
    pub html: String,
    /// Fingerprint of `html`, for reusing the pages made from it (0 in a
    /// build without a memo, which reuses nothing).
    pub hash: u64,
    pub diagnostics: Vec<Diagnostic>,
}

/// How a filled body shows the exercises its `opgave` blocks name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Embeds {
    /// A card that links to the exercise's own page, with its state in this
    /// browser: the site's pages, which each stay within the page budget.
    Card,
    /// The whole exercise: the print pages, which must hold everything.
    Whole,
}

/// An exercise as shown on one page: its view (for search and counts), its
/// finished HTML and the problems of its Markdown fields.
pub struct Shown {
    pub view: ExerciseView,
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// What the resolve step gives the steps after it.
pub struct Resolved<'a> {
    pub resolver: Resolver<'a>,
    /// The trainer's answer key per exercise id (trainer edition only).
    pub keys: HashMap<&'a str, String>,
    /// Slide decks, the day plan and the handouts.
    pub(super) training: super::training::Training,
}

/// Everything a body needs to have its holes filled.
pub struct Resolver<'a> {
    pub index: LinkIndex,
    /// Each valid exercise as shown on its own page, by id.
    pub exercises: HashMap<&'a str, Arc<Shown>>,
    by_id: HashMap<&'a str, &'a ValidExercise>,
    /// Ids of every exercise file, valid or not.
    known: std::collections::HashSet<&'a str>,
    md: MarkdownRenderer<'a>,
    theme: &'a Theme,
    /// Fingerprint of the link index.
    index_fp: u64,
    /// Fingerprint of the Markdown settings (edition, interface strings).
    setting: u64,
    /// Fingerprint of all a filled body can depend on besides its own rendering.
    seen: u64,
}

/// Resolve every source and exercise of the course; `valid` are the
/// exercises that passed the check step.
pub fn resolve<'a>(
    course: &'a Course,
    valid: &'a [ValidExercise],
    sources: &[Source<'a>],
    edition: Edition,
    memo: &Memo,
    diags: &mut Diagnostics,
) -> Result<Resolved<'a>, Diagnostics> {
    let index = link_index(course, sources);
    let mut resolver = Resolver {
        // A build that keeps nothing looks nothing up by these fingerprints.
        index_fp: if memo.keeps() { index.fingerprint() } else { 0 },
        index,
        exercises: HashMap::new(),
        by_id: valid.iter().map(|e| (e.id(), e)).collect(),
        known: course
            .exercises
            .iter()
            .map(|e| e.spec.id.as_str())
            // An exercise that could not be read is reported once, not again at its embed.
            .chain(course.unreadable.iter().map(String::as_str))
            .collect(),
        md: MarkdownRenderer {
            strings: &course.theme.strings,
            edition,
        },
        theme: &course.theme,
        setting: fingerprint(&(edition, &course.theme.strings)),
        seen: 0,
    };
    let shown: Vec<(&str, Arc<Shown>)> = valid
        .par_iter()
        .map(|e| {
            let url = Route::Exercise { id: e.id() }.url();
            (e.id(), resolver.exercise_on(e, &url, "", memo))
        })
        .collect();
    for (_, s) in &shown {
        diags.extend(s.diagnostics.iter().cloned());
    }
    let keys: HashMap<&str, String> = if edition == Edition::Trainer {
        valid
            .iter()
            .map(|e| {
                let url = Route::AnswerKey.url();
                let mut fields = ExerciseFields::new(&resolver.md, &resolver.index, e, &url);
                let view = exercises::view::view(e, &mut fields);
                diags.extend(fields.diagnostics);
                let html =
                    exercises::render::key_html(&view, &course.theme, "").unwrap_or_else(|d| {
                        diags.push(d);
                        String::new()
                    });
                (e.id(), html)
            })
            .collect()
    } else {
        HashMap::new()
    };
    if memo.keeps() {
        let mut sorted: Vec<(&str, &str)> =
            shown.iter().map(|(id, s)| (*id, s.html.as_str())).collect();
        sorted.sort();
        // A body can change only if its rendering, a link target, an exercise or the theme did.
        resolver.seen = fingerprint(&(resolver.index_fp, &sorted, course.theme.fingerprint));
    }
    resolver.exercises = shown.into_iter().collect();
    let modules: Vec<&crate::content::Module> = course.content.modules().collect();
    // Found by the Markdown step, one per module, in course order as `modules`.
    let scans: Vec<Arc<crate::slides::Scan>> =
        sources.iter().filter_map(|s| s.slides.clone()).collect();
    debug_assert_eq!(scans.len(), modules.len());
    let training = super::training::prepare(
        &course.config,
        &course.content,
        &modules,
        &scans,
        &course.exercises,
        &resolver.md,
        &course.theme,
        &resolver.index,
        diags,
    );
    if diags.has_errors() {
        // Every page's own link and embed problems are reported with these
        // (a successful build fills each body in the pages step, for its page).
        let bodies: Vec<Arc<Body>> = sources
            .par_iter()
            .map(|s| resolver.body(s, &s.url, "", Embeds::Card, memo))
            .collect();
        for body in bodies {
            diags.extend(body.diagnostics.iter().cloned());
        }
        return Err(std::mem::take(diags));
    }
    Ok(Resolved {
        resolver,
        keys,
        training,
    })
}

impl Resolver<'_> {
    /// Exercise `ex` as shown on the page at `url` (links depend on the page's
    /// depth), with its ids prefixed by `idp`.
    fn exercise_on(&self, ex: &ValidExercise, url: &str, idp: &str, memo: &Memo) -> Arc<Shown> {
        let depth = crate::route::root_prefix(url);
        let source = &ex.source;
        let key = fingerprint(&(
            self.setting,
            self.theme.fingerprint,
            self.index_fp,
            &source.path,
            &source.text,
            depth,
            idp,
        ));
        memo.get_or("exercise", key, || {
            let mut fields = ExerciseFields::new(&self.md, &self.index, ex, url);
            let view = exercises::view::view(ex, &mut fields);
            let mut diagnostics = fields.diagnostics;
            let html = exercises::render::html(&view, self.theme, idp).unwrap_or_else(|d| {
                diagnostics.push(d);
                String::new()
            });
            Shown {
                view,
                html,
                diagnostics,
            }
        })
    }

    /// The body of `source` as shown on the page at `url`, with ids prefixed
    /// by `idp` and its exercises shown as `embeds` says.
    pub fn body(
        &self,
        source: &Source,
        url: &str,
        idp: &str,
        embeds: Embeds,
        memo: &Memo,
    ) -> Arc<Body> {
        let key = fingerprint(&(source.key, self.seen, url, idp, embeds));
        memo.get_or("body", key, || {
            let mut diagnostics = source.rendered.diagnostics.clone();
            let html = self.fill(source, url, idp, embeds, memo, &mut diagnostics);
            Body {
                // Only a memo's page keys read it.
                hash: if memo.keeps() { fingerprint(&html) } else { 0 },
                html,
                diagnostics,
            }
        })
    }

    /// Fill every hole of `source`'s rendering for the page at `url`.
    fn fill(
        &self,
        source: &Source,
        url: &str,
        idp: &str,
        embeds: Embeds,
        memo: &Memo,
        diags: &mut Vec<Diagnostic>,
    ) -> String {
        let (file, rendered) = (source.file, &source.rendered);
        let own = self.index.get(file);
        let mut seen = BTreeSet::new();
        let mut out = String::with_capacity(rendered.text.len() * 2 + 256);
        for seg in &rendered.body {
            match seg {
                Segment::Html(h) => out.push_str(h),
                Segment::Id(id) => {
                    out.push_str(idp);
                    out.push_str(id);
                }
                Segment::Link(n) => match rendered.links.get(*n) {
                    Some(link) => match self.index.resolve(link, file, url, own) {
                        Ok(href) => href.write(idp, &mut out),
                        Err(d) => {
                            diags.push(d);
                            out.push('#');
                        }
                    },
                    None => out.push('#'),
                },
                Segment::Embed(n) => {
                    let Some(embed) = rendered.embeds.get(*n) else {
                        continue;
                    };
                    match self.by_id.get(embed.id.as_str()) {
                        Some(ex) if seen.insert(embed.id.as_str()) => {
                            let html = match embeds {
                                Embeds::Card => {
                                    // The exercise's own page is where its questions are.
                                    let shown = match self.exercises.get(ex.id()) {
                                        Some(s) => Arc::clone(s),
                                        None => self.exercise_on(ex, url, idp, memo),
                                    };
                                    exercises::render::card_html(&shown.view, url, self.theme, idp)
                                }
                                Embeds::Whole => {
                                    let shown = self.exercise_on(ex, url, idp, memo);
                                    exercises::render::embed_html(
                                        &shown.view,
                                        &shown.html,
                                        url,
                                        self.theme,
                                        idp,
                                    )
                                }
                            };
                            match html {
                                Ok(html) => out.push_str(&html),
                                Err(d) => diags.push(d),
                            }
                        }
                        // An exercise with errors of its own is reported there.
                        None if self.known.contains(embed.id.as_str()) => {}
                        Some(_) => diags.push(
                            Diagnostic::error(file, t!("resolve.embed_twice", id = &embed.id))
                                .at(embed.line, 1)
                                .help(t!("resolve.embed_twice_help")),
                        ),
                        None => {
                            let mut ids: Vec<&str> = self.known.iter().copied().collect();
                            ids.sort();
                            diags.push(
                                Diagnostic::error(file, t!("resolve.no_exercise", id = &embed.id))
                                    .at(embed.line, 1)
                                    .help(if ids.is_empty() {
                                        t!("resolve.no_exercises_yet")
                                    } else {
                                        t!("completion.exercises", list = ids.join(", "))
                                    }),
                            );
                        }
                    }
                }
            }
        }
        out
    }
}

/// A short rendering (exercise text, a slide) finished for the page at `url`:
/// links resolved, ids prefixed with `idp`; it embeds no exercises.
pub fn finish(
    r: &Rendered,
    file: &Path,
    url: &str,
    idp: &str,
    index: &LinkIndex,
    diags: &mut impl Extend<Diagnostic>,
) -> String {
    let mut out = String::new();
    for seg in &r.body {
        match seg {
            Segment::Html(h) => out.push_str(h),
            Segment::Id(id) => {
                out.push_str(idp);
                out.push_str(id);
            }
            Segment::Embed(_) => {}
            Segment::Link(n) => match r.links.get(*n) {
                Some(link) => match index.resolve(link, file, url, None) {
                    Ok(href) => href.write(idp, &mut out),
                    Err(d) => {
                        diags.extend([d]);
                        out.push('#');
                    }
                },
                None => out.push('#'),
            },
        }
    }
    out
}

/// Every page, anchor and copied file a link can point to.
fn link_index(course: &Course, sources: &[Source]) -> LinkIndex {
    let mut index = LinkIndex::default();
    index.extend(
        sources
            .par_iter()
            .map(|s| {
                let anchors = s.rendered.headings.iter().map(|h| h.id.clone());
                (s.file.to_path_buf(), Target::new(s.url.clone(), anchors))
            })
            .collect(),
    );
    for e in &course.exercises {
        let url = Route::Exercise { id: &e.spec.id }.url();
        index.insert(&e.path, url, std::iter::empty());
    }
    for asset in &course.content.assets {
        index.insert_asset(
            PathBuf::from(crate::folders::CONTENT).join(asset),
            url_path(asset),
        );
    }
    for (left_out, kept) in &course.content.same_address {
        if let Some(t) = index.get(kept).cloned() {
            index.insert(left_out, t.url, t.anchors);
        }
    }
    for draft in &course.content.drafts {
        index.insert_draft(draft);
    }
    for out in course.theme.assets.keys() {
        index.insert_asset(PathBuf::from(crate::folders::STATIC).join(out), out.clone());
    }
    index
}

/// A relative path with `/` separators, as in URLs.
pub fn url_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The Markdown fields of one exercise, rendered and resolved for one page.
struct ExerciseFields<'r> {
    md: &'r MarkdownRenderer<'r>,
    index: &'r LinkIndex,
    file: &'r Path,
    url: String,
    diagnostics: Vec<Diagnostic>,
}

impl<'r> ExerciseFields<'r> {
    fn new(
        md: &'r MarkdownRenderer<'r>,
        index: &'r LinkIndex,
        ex: &'r ValidExercise,
        url: &str,
    ) -> Self {
        ExerciseFields {
            md,
            index,
            file: &ex.source.path,
            url: url.to_string(),
            diagnostics: Vec::new(),
        }
    }

    fn finish(&mut self, r: Rendered, line: usize) -> String {
        self.diagnostics.extend(r.diagnostics.iter().cloned());
        if !r.embeds.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(self.file, t!("resolve.nested_embed"))
                    .at(line, 1)
                    .help(t!("resolve.nested_embed_help")),
            );
        }
        finish(
            &r,
            self.file,
            &self.url,
            "",
            self.index,
            &mut self.diagnostics,
        )
    }
}

impl Fields for ExerciseFields<'_> {
    fn block(&mut self, src: &str, line: usize) -> String {
        let r = self.md.render(src, self.file, line);
        self.finish(r, line)
    }

    fn inline(&mut self, src: &str, line: usize) -> String {
        let r = self.md.render_inline(src, self.file, line);
        self.finish(r, line)
    }
}
