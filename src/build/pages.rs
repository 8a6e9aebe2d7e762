//! The page models: what each template gets to render.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};

use super::cache;
use super::schedule;
use super::script_json;
use crate::config::CourseConfig;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::exercises::LoadedExercise;
use crate::exercises::render::RenderedExercise;
use crate::markdown::{Edition, Rendered};
use crate::output::OutputFile;
use crate::render::Theme;
use crate::site;

/// Markers for module bodies on the print page (private-use characters no template writes).
const PRINT_MARK_OPEN: &str = "\u{E002}";
const PRINT_MARK_CLOSE: &str = "\u{E003}";

/// Where the print-the-whole-course page is written.
pub const PRINT_URL: &str = "udskrift/index.html";
/// Where the learner's progress page is written.
pub const PROGRESS_URL: &str = "fremskridt/index.html";
/// Where the trainer edition's answer key for the whole course is written.
pub const KEY_URL: &str = "facit/index.html";
/// Where the trainer edition's day plan is written.
pub const DAYPLAN_URL: &str = "dagsplan/index.html";

/// Values every template gets.
pub(super) struct SiteContext {
    pub site: Value,
    pub strings: Value,
    pub strings_json: String,
}

impl SiteContext {
    pub fn new(config: &CourseConfig, theme: &Theme, edition: Edition) -> Self {
        let course_key = crate::markdown::slug(&config.title);
        SiteContext {
            site: json!({
                "title": config.title,
                "subtitle": config.subtitle,
                "organisation": config.organisation,
                "footer": config.footer,
                "lang": config.language.code(),
                "edition": edition,
                "key": if course_key.is_empty() { "kursus".to_string() } else { course_key },
            }),
            strings: serde_json::to_value(&theme.strings).unwrap_or(Value::Null),
            strings_json: script_json(
                &serde_json::to_value(theme.strings.for_scripts()).unwrap_or(Value::Null),
            ),
        }
    }
}

pub(super) enum PageJob<'a> {
    Home,
    Print,
    Progress,
    AnswerKey,
    DayPlan,
    Part(&'a crate::content::Part),
    Module(usize),
    Page(&'a crate::content::Page),
    Exercise(&'a LoadedExercise),
    ExerciseIndex,
    NotFound,
}

pub(super) struct Model<'a> {
    pub content: &'a Content,
    pub modules: &'a [&'a crate::content::Module],
    pub exercises: &'a [LoadedExercise],
    pub rendered_ex: &'a [RenderedExercise],
    pub ex_html: &'a HashMap<&'a str, String>,
    pub bodies: &'a HashMap<PathBuf, Body<'a>>,
    /// Pages of the previous build: URL → (fingerprint of everything the page was made from, bytes).
    pub cached: &'a HashMap<String, (u64, Arc<Vec<u8>>)>,
    /// Fingerprint of what every page shares: templates, settings, interface strings.
    pub seed: u64,
    /// Module bodies with their ids already prefixed for the print page, when kept
    /// between builds; otherwise they are prefixed while the page is assembled.
    pub print_bodies: Option<&'a HashMap<PathBuf, Arc<String>>>,
    /// Answer keys per exercise (trainer edition only).
    pub keys: &'a HashMap<&'a str, String>,
    pub theme: &'a Theme,
    pub edition: Edition,
}

impl Model<'_> {
    /// Every page of the edition.
    pub fn jobs(&self) -> Vec<PageJob<'_>> {
        let mut jobs = vec![
            PageJob::Home,
            PageJob::ExerciseIndex,
            PageJob::NotFound,
            PageJob::Print,
            PageJob::Progress,
        ];
        if self.edition == Edition::Trainer {
            jobs.extend([PageJob::AnswerKey, PageJob::DayPlan]);
        }
        jobs.extend(self.content.parts.iter().map(PageJob::Part));
        jobs.extend((0..self.modules.len()).map(PageJob::Module));
        jobs.extend(self.content.pages.iter().map(PageJob::Page));
        jobs.extend(self.exercises.iter().map(PageJob::Exercise));
        jobs
    }

    /// Render one page; also returns the fingerprint it can be reused under.
    pub fn page(&self, job: &PageJob) -> Result<(OutputFile, Option<u64>), Diagnostic> {
        // The body (large, already fingerprinted) goes to the template beside the context.
        let mut page_body: Option<&Body> = None;
        let (template, url, title, extra) = match job {
            PageJob::Print => (
                "print.html",
                PRINT_URL.to_string(),
                self.theme.strings.get("print_course").to_string(),
                json!({}),
            ),
            PageJob::Progress => {
                // Exercise titles for the progress list; only this page needs them.
                let titles: serde_json::Map<String, Value> = self
                    .exercises
                    .iter()
                    .map(|e| {
                        (
                            e.spec.id.clone(),
                            json!([e.spec.title, site::exercise_url(&e.spec.id)]),
                        )
                    })
                    .collect();
                (
                    "progress.html",
                    PROGRESS_URL.to_string(),
                    self.theme.strings.get("progress").to_string(),
                    json!({ "exercises_json": script_json(&Value::Object(titles)) }),
                )
            }
            PageJob::AnswerKey => {
                let list: Vec<Value> = self
                    .exercises
                    .iter()
                    .map(|e| {
                        json!({
                            "id": e.spec.id, "title": e.spec.title,
                            "url": site::relative(KEY_URL, &site::exercise_url(&e.spec.id)),
                            "modules": self.module_links(&e.spec.modules, KEY_URL),
                            "key": self.keys.get(e.spec.id.as_str()),
                        })
                    })
                    .collect();
                (
                    "answer_key.html",
                    KEY_URL.to_string(),
                    self.theme.strings.get("answer_key").to_string(),
                    json!({ "exercises": list }),
                )
            }
            PageJob::DayPlan => {
                let items: Vec<schedule::Item> = self
                    .modules
                    .iter()
                    .map(|m| {
                        let part_slug = m.id.split('/').next().unwrap_or("");
                        let part = self
                            .content
                            .parts
                            .iter()
                            .find(|p| p.slug == part_slug)
                            .map_or("", |p| p.title.as_str());
                        schedule::Item {
                            title: &m.doc.meta.title,
                            url: site::relative(DAYPLAN_URL, &site::module_url(part_slug, &m.slug)),
                            part,
                            minutes: m.doc.meta.duration,
                        }
                    })
                    .collect();
                let days = schedule::plan(&items);
                (
                    "dayplan.html",
                    DAYPLAN_URL.to_string(),
                    self.theme.strings.get("dayplan").to_string(),
                    json!({ "days": days }),
                )
            }
            PageJob::Home => {
                page_body = self
                    .content
                    .home
                    .as_ref()
                    .and_then(|h| self.bodies.get(&h.path));
                let title = self.content.home.as_ref().map(|h| h.meta.title.clone());
                let parts: Vec<Value> = self
                    .content
                    .parts
                    .iter()
                    .map(|p| self.part_value(p, site::HOME_URL))
                    .collect();
                let pages: Vec<Value> = self.content.pages.iter()
                    .map(|p| json!({"title": p.doc.meta.title, "summary": p.doc.meta.summary, "url": site::page_url(&p.slug)}))
                    .collect();
                (
                    "index.html",
                    site::HOME_URL.to_string(),
                    title.unwrap_or_default(),
                    json!({
                        "parts": parts, "pages": pages,
                        "exercise_count": self.exercises.len(), "exercises_url": site::exercises_index_url(),
                        "tools": self.tool_links(site::HOME_URL),
                    }),
                )
            }
            PageJob::Part(part) => {
                let url = site::part_url(&part.slug);
                page_body = part.index.as_ref().and_then(|d| self.bodies.get(&d.path));
                ("part.html", url.clone(), part.title.clone(), {
                    let (prev, next, _) = self.course_steps(&part.slug, None, &url);
                    json!({ "part": self.part_value(part, &url), "prev": prev, "next": next })
                })
            }
            PageJob::Module(i) => {
                let m = self.modules[*i];
                let part_slug = m.id.split('/').next().unwrap_or("");
                let part = self.content.parts.iter().find(|p| p.slug == part_slug);
                let url = site::module_url(part_slug, &m.slug);
                page_body = self.bodies.get(&m.doc.path);
                let rendered = page_body.map_or(&EMPTY, |b| b.rendered);
                let (prev, next, position) = self.course_steps(part_slug, Some(&m.slug), &url);
                let toc: Vec<&crate::markdown::Heading> =
                    rendered.headings.iter().filter(|h| h.level <= 3).collect();
                (
                    "module.html",
                    url.clone(),
                    m.doc.meta.title.clone(),
                    json!({
                        "module": {
                            "id": m.id, "title": m.doc.meta.title, "summary": m.doc.meta.summary,
                            "duration": m.doc.meta.duration, "objectives": m.doc.meta.objectives,
                            "tags": m.doc.meta.tags, "toc": toc,
                        },
                        "part": part.map(|p| json!({"title": p.title, "url": site::relative(&url, &site::part_url(&p.slug))})),
                        "prev": prev, "next": next, "position": position,
                    }),
                )
            }
            PageJob::Page(page) => {
                let url = site::page_url(&page.slug);
                page_body = self.bodies.get(&page.doc.path);
                let rendered = page_body.map_or(&EMPTY, |b| b.rendered);
                (
                    "page.html",
                    url,
                    page.doc.meta.title.clone(),
                    json!({
                        "summary": page.doc.meta.summary, "toc": rendered.headings.iter().filter(|h| h.level == 2).collect::<Vec<_>>(),
                    }),
                )
            }
            PageJob::Exercise(ex) => {
                let url = site::exercise_url(&ex.spec.id);
                (
                    "exercise.html",
                    url.clone(),
                    ex.spec.title.clone(),
                    json!({
                        "exercise": {
                            "id": ex.spec.id, "title": ex.spec.title, "body": self.ex_html[ex.spec.id.as_str()],
                            "modules": self.module_links(&ex.spec.modules, &url),
                            "questions": ex.spec.questions.len(),
                        },
                        "exercises_url": site::relative(&url, &site::exercises_index_url()),
                    }),
                )
            }
            PageJob::ExerciseIndex => {
                let url = site::exercises_index_url();
                let list: Vec<Value> = self
                    .exercises
                    .iter()
                    .zip(self.rendered_ex)
                    .map(|(e, _)| {
                        json!({
                            "id": e.spec.id, "title": e.spec.title,
                            "url": site::relative(&url, &site::exercise_url(&e.spec.id)),
                            "questions": e.spec.questions.len(),
                            "modules": self.module_links(&e.spec.modules, &url),
                        })
                    })
                    .collect();
                (
                    "exercises.html",
                    url,
                    self.theme.strings.get("exercises").to_string(),
                    json!({ "exercises": list }),
                )
            }
            PageJob::NotFound => (
                "404.html",
                "404.html".to_string(),
                self.theme.strings.get("not_found_title").to_string(),
                json!({}),
            ),
        };
        // The page is made from its template, the shared values, this context and (print
        // page) the module bodies: when none of them changed, the last build's bytes are it.
        let print_parts = matches!(job, PageJob::Print).then(|| self.print_parts());
        let key = match job {
            PageJob::Print => {
                let hashes: Vec<u64> = self
                    .modules
                    .iter()
                    .filter_map(|m| self.bodies.get(&m.doc.path))
                    .map(|b| b.hash)
                    .collect();
                cache::fingerprint_json(
                    self.seed,
                    &(template, &url, &title, &extra, &print_parts, hashes),
                )
            }
            _ => cache::fingerprint_json(
                self.seed,
                &(template, &url, &title, &extra, page_body.map(|b| b.hash)),
            ),
        };
        if let Some((k, bytes)) = self.cached.get(&url)
            && Some(*k) == key
        {
            return Ok((
                OutputFile {
                    path: url,
                    bytes: bytes.clone(),
                },
                key,
            ));
        }
        let mut context = tera::Context::new();
        context.insert("root", &site::root_prefix(&url));
        match page_body {
            Some(b) => context.insert("body", b.html.as_str()),
            None => context.insert("body", &Value::Null),
        }
        context.insert(
            "page",
            &json!({ "url": url, "title": title, "kind": template.trim_end_matches(".html") }),
        );
        if let Value::Object(map) = extra {
            for (k, v) in map {
                context.insert(k, &v);
            }
        }
        if let Some(parts) = &print_parts {
            context.insert("parts", parts);
        }
        let mut html = self.theme.render(template, &context)?;
        if let PageJob::Print = job {
            html = self.splice_print_bodies(&html);
        }
        Ok((
            OutputFile {
                path: url,
                bytes: Arc::new(html.into_bytes()),
            },
            key,
        ))
    }

    /// Every module in order for the print page. Module pages and the print page
    /// sit at the same depth, so the bodies' links work unchanged; ids get the
    /// module's number so they stay unique on one page.
    fn print_parts(&self) -> Vec<PrintPart<'_>> {
        let mut n = 0;
        self.content
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
                            // The (large) body is spliced in after templating; see `splice_print_bodies`.
                            body: format!("{PRINT_MARK_OPEN}{}{PRINT_MARK_CLOSE}", n - 1),
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    /// Put each module's body in place of its marker on the rendered print page,
    /// with its ids prefixed by the module's number so they stay unique.
    fn splice_print_bodies(&self, page: &str) -> String {
        let modules: Vec<&Path> = self.modules.iter().map(|m| m.doc.path.as_path()).collect();
        let mut out = String::with_capacity(
            page.len() + self.bodies.values().map(|b| b.html.len()).sum::<usize>(),
        );
        let mut rest = page;
        while let Some(start) = rest.find(PRINT_MARK_OPEN) {
            out.push_str(&rest[..start]);
            let after = &rest[start + PRINT_MARK_OPEN.len()..];
            let Some(end) = after.find(PRINT_MARK_CLOSE) else {
                break;
            };
            if let Some(path) = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| modules.get(i))
            {
                let n = after[..end].parse::<usize>().unwrap_or(0) + 1;
                match self.print_bodies.and_then(|p| p.get(*path)) {
                    Some(prefixed) => out.push_str(prefixed),
                    None => {
                        let body = self.bodies.get(*path).map_or("", |b| b.html.as_str());
                        out.push_str(&prefix_ids(body, &format!("m{n}-")));
                    }
                }
            }
            rest = &after[end + PRINT_MARK_CLOSE.len()..];
        }
        out.push_str(rest);
        out
    }

    fn part_value(&self, part: &crate::content::Part, from: &str) -> Value {
        let modules: Vec<Value> = part.modules.iter().map(|m| json!({
            "title": m.doc.meta.title, "summary": m.doc.meta.summary, "duration": m.doc.meta.duration,
            "url": site::relative(from, &site::module_url(&part.slug, &m.slug)),
        })).collect();
        let duration: u32 = part
            .modules
            .iter()
            .filter_map(|m| m.doc.meta.duration)
            .sum();
        json!({
            "slug": part.slug, "title": part.title, "summary": part.summary,
            "url": site::relative(from, &site::part_url(&part.slug)),
            "modules": modules, "duration": duration,
        })
    }

    /// The course read as one path, part introductions included: the previous and next
    /// page of a module (`Some(slug)`) or of a part's introduction (`None`), as
    /// `{title, url}` relative to `from`, and a module's place in its part,
    /// `{n, of, part}` ("modul 3 af 5").
    fn course_steps(
        &self,
        part_slug: &str,
        module: Option<&str>,
        from: &str,
    ) -> (Value, Value, Value) {
        let parts = &self.content.parts;
        let Some(pi) = parts.iter().position(|p| p.slug == part_slug) else {
            return (Value::Null, Value::Null, Value::Null);
        };
        let part_link = |p: &crate::content::Part| json!({"title": p.title, "url": site::relative(from, &site::part_url(&p.slug)), "part": true});
        let module_link = |p: &crate::content::Part, m: &crate::content::Module| json!({"title": m.doc.meta.title, "url": site::relative(from, &site::module_url(&p.slug, &m.slug))});
        let part = &parts[pi];
        let next_part = parts.get(pi + 1).map_or(Value::Null, part_link);
        match module.and_then(|slug| part.modules.iter().position(|m| m.slug == slug)) {
            Some(j) => (
                j.checked_sub(1)
                    .map_or_else(|| part_link(part), |k| module_link(part, &part.modules[k])),
                part.modules
                    .get(j + 1)
                    .map_or(next_part, |m| module_link(part, m)),
                json!({"n": j + 1, "of": part.modules.len(), "part": pi + 1, "parts": parts.len()}),
            ),
            None => (
                pi.checked_sub(1).map_or(Value::Null, |k| {
                    let before = &parts[k];
                    before
                        .modules
                        .last()
                        .map_or_else(|| part_link(before), |m| module_link(before, m))
                }),
                part.modules
                    .first()
                    .map_or(next_part, |m| module_link(part, m)),
                Value::Null,
            ),
        }
    }

    /// The print, progress and (trainer edition) answer-key and day-plan pages, as `{t, u}` links.
    fn tool_links(&self, from: &str) -> Vec<Value> {
        let mut pages = vec![("print_course", PRINT_URL), ("progress", PROGRESS_URL)];
        if self.edition == Edition::Trainer {
            pages.extend([("answer_key", KEY_URL), ("dayplan", DAYPLAN_URL)]);
        }
        pages
            .into_iter()
            .map(|(key, url)| json!({"t": self.theme.strings.get(key), "u": site::relative(from, url)}))
            .collect()
    }

    fn module_links(&self, ids: &[String], from: &str) -> Vec<Value> {
        ids.iter().filter_map(|id| self.modules.iter().find(|m| &m.id == id)).map(|m| {
            let p = m.id.split('/').next().unwrap_or("");
            json!({"title": m.doc.meta.title, "url": site::relative(from, &site::module_url(p, &m.slug))})
        }).collect()
    }

    /// The whole course's navigation as one shared script, so pages stay small.
    pub fn toc_script(&self) -> String {
        let scored: HashMap<&str, usize> = self
            .exercises
            .iter()
            .zip(self.rendered_ex)
            .map(|(e, r)| (e.spec.id.as_str(), r.scored))
            .collect();
        let mut trains: HashMap<&str, Vec<Value>> = HashMap::new();
        for e in self.exercises {
            for m in &e.spec.modules {
                trains
                    .entry(m.as_str())
                    .or_default()
                    .push(json!([e.spec.id, scored[e.spec.id.as_str()]]));
            }
        }
        let parts: Vec<Value> = self
            .content
            .parts
            .iter()
            .map(|p| {
                json!({
                    "t": p.title, "u": site::part_url(&p.slug),
                    "m": p.modules.iter().map(|m| json!({
                        "t": m.doc.meta.title, "u": site::module_url(&p.slug, &m.slug),
                        "x": trains.get(m.id.as_str()).cloned().unwrap_or_default(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let pages: Vec<Value> = self
            .content
            .pages
            .iter()
            .map(|p| json!({"t": p.doc.meta.title, "u": site::page_url(&p.slug)}))
            .collect();
        let data = json!({
            "home": site::HOME_URL, "parts": parts, "pages": pages, "more": self.tool_links(site::HOME_URL),
            "exercises": {"t": self.theme.strings.get("exercises"), "u": site::exercises_index_url()},
        });
        format!("window.fokusToc={};\n", script_json(&data))
    }
}

/// A page body with its links resolved, the rendering it came from and a fingerprint.
pub(super) struct Body<'a> {
    pub html: Arc<String>,
    pub rendered: &'a Rendered,
    pub hash: u64,
}

/// A part on the print page.
#[derive(serde::Serialize)]
struct PrintPart<'a> {
    title: &'a str,
    modules: Vec<PrintModule<'a>>,
}

/// A module on the print page.
#[derive(serde::Serialize)]
struct PrintModule<'a> {
    anchor: String,
    title: &'a str,
    summary: Option<&'a str>,
    duration: Option<u32>,
    objectives: &'a [crate::content::Objective],
    body: String,
}

/// Prefix every element id (and every reference to one) in `html`, so that
/// many pages' bodies can share one page.
pub fn prefix_ids(html: &str, prefix: &str) -> String {
    let mut out = html.to_string();
    for attr in [
        " id=\"",
        " for=\"",
        " aria-controls=\"",
        " aria-labelledby=\"",
        " aria-describedby=\"",
        " href=\"#",
    ] {
        out = out.replace(attr, &format!("{attr}{prefix}"));
    }
    out
}

static EMPTY: Rendered = Rendered {
    html: String::new(),
    headings: Vec::new(),
    links: Vec::new(),
    embeds: Vec::new(),
    diagnostics: Vec::new(),
    text: String::new(),
};
