//! Step 5, render pages: every page of the edition through its template.
//!
//! Takes the course, its sources and the resolved bodies; gives the HTML
//! file of every page kind that stands on its own (home, parts, modules,
//! stand-alone pages, exercises and their overview, progress, 404, and in the
//! trainer edition the answer key and day plan), each from a typed
//! [`View`]. Pages render in parallel; a page whose template, shared values,
//! view and body are all unchanged is taken from the memo.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
// Looked up for every module a page lists: FxHash hashes paths faster than SipHash.
use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::config::Edition;
use crate::content::{Module, Part};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::escape::script_json;
use crate::exercises::LoadedExercise;
use crate::markdown::Rendered;
use crate::memo::{Memo, fingerprint_serde};
use crate::output::OutputFile;
use crate::route::{Route, root_prefix};

use super::load::Course;
use super::markdown::Source;
use super::resolve::{Body, Embeds, Resolved};
use super::views::*;

/// Pages of one kind to render.
enum Job<'a> {
    Home,
    ExerciseIndex,
    NotFound,
    Progress,
    AnswerKey,
    DayPlan,
    Part(&'a Part),
    Module(usize),
    /// The slide deck of module number n (trainer edition).
    Deck(usize),
    /// The list of printable tools (handouts).
    Tools,
    Page(&'a crate::content::Page),
    Exercise(usize),
}

/// What page views are made from.
pub(super) struct Model<'a, 'r> {
    pub course: &'a Course,
    pub modules: Vec<&'a Module>,
    /// Each source's rendering, by file (for headings).
    pub rendered: FxHashMap<&'a Path, &'r Rendered>,
    /// Each source, by file, for filling its body.
    pub sources: FxHashMap<&'a Path, &'r Source<'a>>,
    pub resolved: &'r Resolved<'a>,
    pub edition: Edition,
}

/// What the pages step tells the steps after it.
pub struct Pages {
    /// How many pages were made.
    pub count: usize,
    /// The size of every Markdown body as shown on its own page.
    pub body_bytes: usize,
}

/// Render every page that stands on its own and hand each to `out` as soon
/// as it is made; each body is filled for its page here and not kept.
pub(super) fn render<'a>(
    course: &'a Course,
    sources: &[Source<'a>],
    resolved: &Resolved<'a>,
    memo: &Memo,
    out: &super::sink::Out,
    diags: &mut Diagnostics,
) -> Result<Pages, Diagnostics> {
    let model = Model {
        course,
        modules: course.content.modules().collect(),
        rendered: sources
            .iter()
            .map(|s| (s.file, s.rendered.as_ref()))
            .collect(),
        sources: sources.iter().map(|s| (s.file, s)).collect(),
        resolved,
        edition: course.edition,
    };
    let jobs = model.jobs();
    let done: Vec<(Option<Diagnostic>, Vec<Diagnostic>, usize)> = jobs
        .par_iter()
        .map(|job| {
            let (page, body) = model.page(job, memo);
            let (found, size) =
                body.map_or((Vec::new(), 0), |b| (b.diagnostics.clone(), b.html.len()));
            match page {
                Ok(f) => {
                    out.put(f);
                    (None, found, size)
                }
                Err(d) => (Some(d), found, size),
            }
        })
        .collect();
    let mut pages = Pages {
        count: 0,
        body_bytes: 0,
    };
    for (error, found, size) in done {
        diags.extend(found);
        match error {
            Some(d) => diags.push(d),
            None => pages.count += 1,
        }
        pages.body_bytes += size;
    }
    if let Some(d) = out.error() {
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(std::mem::take(diags));
    }
    Ok(pages)
}

impl<'a, 'r> Model<'a, 'r> {
    fn jobs(&self) -> Vec<Job<'a>> {
        let content = &self.course.content;
        let mut jobs = vec![Job::Home, Job::ExerciseIndex, Job::NotFound, Job::Progress];
        if self.edition == Edition::Trainer {
            jobs.extend([Job::AnswerKey, Job::DayPlan]);
            jobs.extend((0..self.modules.len()).map(Job::Deck));
        }
        if !self.resolved.training.handouts.is_empty() {
            jobs.push(Job::Tools);
        }
        jobs.extend(content.parts.iter().map(Job::Part));
        jobs.extend((0..self.modules.len()).map(Job::Module));
        jobs.extend(content.pages.iter().map(Job::Page));
        jobs.extend((0..self.course.exercises.len()).map(Job::Exercise));
        jobs
    }

    /// The body of the source `file`, filled for its own page.
    fn body(&self, file: &Path, memo: &Memo) -> Option<Arc<Body>> {
        let source = self.sources.get(file)?;
        Some(
            self.resolved
                .resolver
                .body(source, &source.url, "", Embeds::Card, memo),
        )
    }

    /// Render one page; also gives the body it holds.
    fn page(&self, job: &Job, memo: &Memo) -> (Result<OutputFile, Diagnostic>, Option<Arc<Body>>) {
        let t = &self.course.theme.strings;
        let content = &self.course.content;
        let (route, title, view, body): (Route, &str, View, Option<Arc<Body>>) = match job {
            Job::Home => {
                let from = Route::Home.url();
                let home = content.home.as_ref();
                let view = View::Home(HomeView {
                    parts: content
                        .parts
                        .iter()
                        .map(|p| part_summary(p, &from))
                        .collect(),
                    pages: content
                        .pages
                        .iter()
                        .map(|p| PageItem {
                            title: &p.doc.meta.title,
                            summary: p.doc.meta.summary.as_deref(),
                            url: Route::Page { slug: &p.slug }.url(),
                        })
                        .collect(),
                    exercise_count: self.course.exercises.len(),
                    exercises_url: Route::ExerciseIndex.url(),
                    tools: self.tool_links(&from),
                });
                let title = home.map_or("", |h| h.meta.title.as_str());
                (
                    Route::Home,
                    title,
                    view,
                    home.and_then(|h| self.body(&h.path, memo)),
                )
            }
            Job::Part(part) => {
                let route = Route::Part { part: &part.slug };
                let url = route.url();
                let (prev, next, _) = self.course_steps(&part.slug, None, &url);
                let view = View::Part(PartView {
                    part: part_summary(part, &url),
                    prev,
                    next,
                });
                let body = part.index.as_ref().and_then(|d| self.body(&d.path, memo));
                (route, part.title.as_str(), view, body)
            }
            Job::Module(i) => {
                let m = self.modules[*i];
                let route = Route::Module {
                    part: &m.part,
                    module: &m.slug,
                };
                let url = route.url();
                let body = self.body(&m.doc.path, memo);
                let rendered = self.rendered_of(&m.doc.path);
                let (prev, next, position) = self.course_steps(&m.part, Some(&m.slug), &url);
                let part = content.parts.iter().find(|p| p.slug == m.part);
                let view = View::Module(ModuleView {
                    module: ModuleInfo {
                        id: &m.id,
                        title: &m.doc.meta.title,
                        summary: m.doc.meta.summary.as_deref(),
                        duration: m.doc.meta.duration,
                        objectives: &m.doc.meta.objectives,
                        tags: &m.doc.meta.tags,
                        toc: rendered
                            .map(|r| r.headings.iter().filter(|h| h.level <= 3).collect())
                            .unwrap_or_default(),
                    },
                    part: part.map(|p| Link {
                        title: &p.title,
                        url: Route::Part { part: &p.slug }.from(&url),
                    }),
                    prev,
                    next,
                    position,
                    deck_url: self.resolved.training.deck_link(*i, &url),
                });
                (route, m.doc.meta.title.as_str(), view, body)
            }
            Job::Page(page) => {
                let page_view = PageView {
                    summary: page.doc.meta.summary.as_deref(),
                    toc: self
                        .rendered_of(&page.doc.path)
                        .map(|r| r.headings.iter().filter(|h| h.level == 2).collect())
                        .unwrap_or_default(),
                };
                let view = if page.doc.meta.kind == Some(crate::content::PageKind::Handout) {
                    View::Handout(page_view)
                } else {
                    View::Page(page_view)
                };
                let route = Route::Page { slug: &page.slug };
                (
                    route,
                    page.doc.meta.title.as_str(),
                    view,
                    self.body(&page.doc.path, memo),
                )
            }
            Job::Exercise(i) => {
                let ex = &self.course.exercises[*i];
                let route = Route::Exercise { id: &ex.spec.id };
                let url = route.url();
                let html = self.resolved.resolver.exercises.get(ex.spec.id.as_str());
                let view = View::Exercise(ExerciseView {
                    exercise: ExerciseInfo {
                        id: &ex.spec.id,
                        title: &ex.spec.title,
                        body: html.map_or("", |r| r.html.as_str()),
                        modules: self.module_links(&ex.spec.modules, &url),
                        questions: ex.spec.questions.len(),
                    },
                    exercises_url: Route::ExerciseIndex.from(&url),
                });
                (route, ex.spec.title.as_str(), view, None)
            }
            Job::ExerciseIndex => {
                let url = Route::ExerciseIndex.url();
                let view = View::Exercises(ExercisesView {
                    exercises: self
                        .course
                        .exercises
                        .iter()
                        .map(|e| self.exercise_item(e, &url))
                        .collect(),
                });
                (Route::ExerciseIndex, t.get("exercises"), view, None)
            }
            Job::AnswerKey => {
                let url = Route::AnswerKey.url();
                let view = View::AnswerKey(AnswerKeyView {
                    exercises: self
                        .course
                        .exercises
                        .iter()
                        .map(|e| KeyItem {
                            exercise: self.exercise_item(e, &url),
                            key: self
                                .resolved
                                .keys
                                .get(e.spec.id.as_str())
                                .map(String::as_str),
                        })
                        .collect(),
                });
                (Route::AnswerKey, t.get("answer_key"), view, None)
            }
            Job::DayPlan => {
                let view = View::DayPlan(self.resolved.training.dayplan_view());
                (Route::DayPlan, t.get("dayplan"), view, None)
            }
            Job::Deck(i) => {
                let m = self.modules[*i];
                let Some(deck) = self.resolved.training.deck_view(*i) else {
                    return (Err(Diagnostic::general(crate::t!("internal.deck"))), None);
                };
                let route = Route::Deck {
                    part: &m.part,
                    module: &m.slug,
                };
                (route, m.doc.meta.title.as_str(), View::Deck(deck), None)
            }
            Job::Tools => {
                let view = View::Tools(self.resolved.training.tools_view());
                (Route::Tools, t.get("tools"), view, None)
            }
            Job::Progress => {
                // Exercise titles for the progress list; only this page needs them.
                let titles: serde_json::Map<String, Value> = self
                    .course
                    .exercises
                    .iter()
                    .map(|e| {
                        let url = Route::Exercise { id: &e.spec.id }.url();
                        (e.spec.id.clone(), serde_json::json!([e.spec.title, url]))
                    })
                    .collect();
                // Before/after self-assessments, in course order (only this page shows them).
                let exercises = &self.resolved.resolver.exercises;
                let selfassessment = crate::exercises::selfassessment::tables(
                    self.course.exercises.iter().filter_map(|e| {
                        let shown = exercises.get(e.spec.id.as_str())?;
                        Some((&shown.view, e.spec.selfassessment))
                    }),
                );
                let view = View::Progress(ProgressView {
                    exercises_json: script_json(&Value::Object(titles)),
                    certificate: super::certificate::view(self.course, self.resolved),
                    selfassessment,
                });
                (Route::Progress, t.get("progress"), view, None)
            }
            Job::NotFound => (
                Route::NotFound,
                t.get("not_found_title"),
                View::NotFound(NotFoundView {}),
                None,
            ),
        };
        let page = render_page(
            self.course,
            &route.url(),
            title,
            &view,
            body.as_deref(),
            memo,
        );
        (page, body)
    }

    fn rendered_of(&self, file: &Path) -> Option<&'r Rendered> {
        self.rendered.get(file).copied()
    }

    /// The print, progress and (trainer edition) answer-key and day-plan pages.
    pub(super) fn tool_links(&self, from: &str) -> Vec<ShortLink<'a>> {
        let t = &self.course.theme.strings;
        let mut pages = vec![
            ("print_course", Route::Print),
            ("progress", Route::Progress),
        ];
        if !self.resolved.training.handouts.is_empty() {
            pages.push(("tools", Route::Tools));
        }
        if self.edition == Edition::Trainer {
            pages.extend([
                ("answer_key", Route::AnswerKey),
                ("dayplan", Route::DayPlan),
            ]);
        }
        pages
            .into_iter()
            .map(|(key, route)| ShortLink {
                t: t.get(key),
                u: route.from(from),
            })
            .collect()
    }

    /// The course read as one path, part introductions included: the previous
    /// and next page of a module (`Some(slug)`) or of a part's introduction
    /// (`None`), relative to `from`, and a module's place in its part.
    fn course_steps(
        &self,
        part_slug: &str,
        module: Option<&str>,
        from: &str,
    ) -> (Option<Step<'a>>, Option<Step<'a>>, Option<Position>) {
        let parts = &self.course.content.parts;
        let Some(pi) = parts.iter().position(|p| p.slug == part_slug) else {
            return (None, None, None);
        };
        let part_step = |p: &'a Part| Step {
            title: &p.title,
            url: Route::Part { part: &p.slug }.from(from),
            part: true,
        };
        let module_step = |m: &'a Module| Step {
            title: &m.doc.meta.title,
            url: Route::module(&m.id).from(from),
            part: false,
        };
        let part = &parts[pi];
        let next_part = || parts.get(pi + 1).map(part_step);
        match module.and_then(|slug| part.modules.iter().position(|m| m.slug == slug)) {
            Some(j) => (
                Some(match j.checked_sub(1) {
                    Some(k) => module_step(&part.modules[k]),
                    None => part_step(part),
                }),
                part.modules.get(j + 1).map(module_step).or_else(next_part),
                Some(Position {
                    n: j + 1,
                    of: part.modules.len(),
                    part: pi + 1,
                    parts: parts.len(),
                }),
            ),
            None => (
                pi.checked_sub(1).map(|k| {
                    let before = &parts[k];
                    before
                        .modules
                        .last()
                        .map_or_else(|| part_step(before), module_step)
                }),
                part.modules.first().map(module_step).or_else(next_part),
                None,
            ),
        }
    }

    /// An exercise in a list on the page at `from`.
    fn exercise_item(&self, e: &'a LoadedExercise, from: &str) -> ExerciseItem<'a> {
        ExerciseItem {
            id: &e.spec.id,
            title: &e.spec.title,
            url: Route::Exercise { id: &e.spec.id }.from(from),
            questions: e.spec.questions.len(),
            modules: self.module_links(&e.spec.modules, from),
        }
    }

    fn module_links(&self, ids: &[String], from: &str) -> Vec<Link<'a>> {
        ids.iter()
            .filter_map(|id| self.modules.iter().find(|m| &m.id == id))
            .map(|m| Link {
                title: &m.doc.meta.title,
                url: Route::module(&m.id).from(from),
            })
            .collect()
    }
}

/// A part and its modules, with URLs relative to the page at `from`.
fn part_summary<'a>(part: &'a Part, from: &str) -> PartSummary<'a> {
    PartSummary {
        slug: &part.slug,
        title: &part.title,
        summary: part.summary.as_deref(),
        url: Route::Part { part: &part.slug }.from(from),
        print_url: Route::PrintPart { part: &part.slug }.from(from),
        modules: part
            .modules
            .iter()
            .map(|m| ModuleItem {
                title: &m.doc.meta.title,
                summary: m.doc.meta.summary.as_deref(),
                duration: m.doc.meta.duration,
                url: Route::module(&m.id).from(from),
            })
            .collect(),
        duration: part
            .modules
            .iter()
            .filter_map(|m| m.doc.meta.duration)
            .sum(),
    }
}

/// Render `view` at `url` with its template; reused from the memo when the
/// template, the shared values, the view and the body are all unchanged.
pub(super) fn render_page(
    course: &Course,
    url: &str,
    title: &str,
    view: &View,
    body: Option<&Body>,
    memo: &Memo,
) -> Result<OutputFile, Diagnostic> {
    let key = if memo.keeps() {
        fingerprint_serde(
            course.seed,
            &(view.template(), url, title, view, body.map(|b| b.hash)),
        )
    } else {
        None
    };
    render_keyed(course, url, title, view, body, memo, key)
}

/// As [`render_page`], with the memo key given (`None`: not reused).
pub(super) fn render_keyed(
    course: &Course,
    url: &str,
    title: &str,
    view: &View,
    body: Option<&Body>,
    memo: &Memo,
    key: Option<u64>,
) -> Result<OutputFile, Diagnostic> {
    let template = view.template();
    let make = || -> Result<Arc<Vec<u8>>, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert("root", &root_prefix(url));
        match body {
            // Marked safe here, so the template prints it without the
            // `safe` filter's copy of every body.
            Some(b) => context.insert_value("body", tera::Value::safe_string(&b.html)),
            None => context.insert("body", &Value::Null),
        }
        context.insert(
            "page",
            &PageInfo {
                url: url.to_string(),
                title,
                kind: template.trim_end_matches(".html"),
            },
        );
        // The view's fields straight into Tera's values (through a JSON value
        // first, every body of a print page was copied twice more).
        if let Ok(fields) = tera::Context::from_serialize(view) {
            context.extend(fields);
        }
        // A page is its body and about this much around it.
        let size = body.map_or(0, |b| b.html.len()) + 16 * 1024;
        Ok(Arc::new(
            course.theme.render_bytes(template, &context, size)?,
        ))
    };
    let bytes = match key {
        Some(key) => Result::clone(&memo.get_or("page", key, make))?,
        None => make()?,
    };
    Ok(OutputFile {
        path: url.to_string(),
        bytes,
    })
}
