//! The build pipeline: load → validate → resolve → render → (write).
//!
//! [`build`] turns a course folder into the site's files in memory; `fokus
//! build` writes them with [`crate::output::write_site`], `fokus check` only
//! reports, and `fokus serve` serves the very same result.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::config::CourseConfig;
use crate::content::{Content, Document};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::exercises::render::RenderedExercise;
use crate::exercises::{self, LoadedExercise};
use crate::markdown::{
    Edition, MarkdownRenderer, Placeholder, Rendered, escape_html, fill_placeholders,
};
use crate::output::OutputFile;
use crate::render::Theme;
use crate::site::{self, LinkIndex};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The course folder (holds `course.yaml`).
    pub root: PathBuf,
    pub edition: Edition,
    /// Include modules marked `draft: true`.
    pub drafts: bool,
    /// Treat objectives no question checks as errors.
    pub strict: bool,
}

impl BuildOptions {
    /// Participant edition of the course at `root`, without drafts.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            edition: Edition::Participant,
            drafts: false,
            strict: false,
        }
    }
}

/// Counts for the one-line summary.
#[derive(Debug, Clone, Default)]
pub struct BuildStats {
    pub parts: usize,
    pub modules: usize,
    pub exercises: usize,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Time spent in each step, for `--timings`.
    pub phases: Vec<(&'static str, Duration)>,
}

impl BuildStats {
    /// `6 parts, 26 modules, 15 exercises: 45 pages (61 files) in 0.12 s`.
    pub fn summary(&self) -> String {
        format!(
            "{} parts, {} modules, {} exercises: {} pages ({} files) in {:.2} s",
            self.parts,
            self.modules,
            self.exercises,
            self.pages,
            self.files,
            self.elapsed.as_secs_f64()
        )
    }
}

/// A built site, ready to write or serve.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub files: Vec<OutputFile>,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    pub stats: BuildStats,
}

/// A Markdown source rendered for one page, waiting for its links.
struct PageSource<'a> {
    file: &'a Path,
    url: String,
    rendered: Rendered,
}

/// Build the course at `opts.root` into memory.
pub fn build(opts: &BuildOptions) -> Result<Site, Diagnostics> {
    let start = Instant::now();
    let mut phases = Vec::new();
    let mut lap = Instant::now();
    let mut mark = |name: &'static str| {
        phases.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let root = &opts.root;
    let config = CourseConfig::load(root).map_err(Diagnostics::from)?;
    let mut diags = Diagnostics::new();

    // Load: everything is read before anything is judged, so all errors show at once.
    let (theme, (content, exercises)) = rayon::join(
        || Theme::load(root, &config),
        || {
            rayon::join(
                || crate::content::load(root, opts.drafts),
                || exercises::load(root),
            )
        },
    );
    let theme = theme.map_err(|d| diags.extend(d)).ok();
    let content = content.map_err(|d| diags.extend(d)).ok();
    let exercises = exercises.map_err(|d| diags.extend(d)).ok();
    let (Some(theme), Some(content), Some(exercises)) = (theme, content, exercises) else {
        return Err(diags);
    };

    mark("load");
    // Validate.
    check_reserved_names(&content, &mut diags);
    let objectives: exercises::validate::ModuleObjectives = content
        .modules()
        .map(|m| {
            (
                m.id.clone(),
                m.doc.meta.objectives.iter().map(|o| o.id.clone()).collect(),
            )
        })
        .collect();
    exercises::validate::validate(&exercises, &objectives, &mut diags);
    diags.extend(exercises::objective_coverage(
        &content,
        &exercises,
        opts.strict,
    ));

    mark("validate");
    // Render Markdown (in parallel) and index every page's anchors.
    let md = MarkdownRenderer {
        strings: &theme.strings,
        edition: opts.edition,
    };
    let sources = markdown_sources(&content);
    let pages: Vec<PageSource> = sources
        .par_iter()
        .map(|(doc_path, body, line, url)| PageSource {
            file: doc_path,
            url: url.clone(),
            rendered: md.render(body, doc_path, *line),
        })
        .collect();
    let mut index = LinkIndex::default();
    for p in &pages {
        index.insert(
            p.file,
            p.url.clone(),
            p.rendered.headings.iter().map(|h| h.id.clone()),
        );
    }
    for e in &exercises {
        index.insert(&e.path, site::exercise_url(&e.spec.id), std::iter::empty());
    }
    let rendered_ex: Vec<RenderedExercise> = exercises
        .par_iter()
        .map(|e| exercises::render::render(e, &md, &theme.strings))
        .collect();
    let ex_by_id: HashMap<&str, (&LoadedExercise, &RenderedExercise)> = exercises
        .iter()
        .zip(&rendered_ex)
        .map(|(e, r)| (e.spec.id.as_str(), (e, r)))
        .collect();

    mark("markdown");
    // Resolve links and embeds.
    let ex_html: HashMap<&str, String> = exercises
        .iter()
        .zip(&rendered_ex)
        .map(|(e, r)| {
            let url = site::exercise_url(&e.spec.id);
            let html = resolve_links(&r.html, &r.links, &e.path, &url, &index, None, &mut diags);
            diags.extend(r.diagnostics.iter().cloned());
            (e.spec.id.as_str(), html)
        })
        .collect();
    let mut bodies: HashMap<PathBuf, (String, &Rendered)> = HashMap::new();
    let mut embedded_in: HashMap<String, Vec<String>> = HashMap::new();
    for p in &pages {
        diags.extend(p.rendered.diagnostics.iter().cloned());
        let own = index.get(p.file).cloned();
        let html = resolve_links(
            &p.rendered.html,
            &p.rendered.links,
            p.file,
            &p.url,
            &index,
            own.as_ref(),
            &mut diags,
        );
        let mut seen = BTreeSet::new();
        let html = fill_placeholders(&html, |ph, out| {
            let Placeholder::Embed(n) = ph else { return };
            let embed = &p.rendered.embeds[n];
            match ex_by_id.get(embed.id.as_str()) {
                Some((ex, _)) if seen.insert(embed.id.clone()) => {
                    embedded_in
                        .entry(embed.id.clone())
                        .or_default()
                        .push(p.url.clone());
                    out.push_str(&embed_html(ex, &ex_html[embed.id.as_str()], &p.url, &theme));
                }
                Some(_) => diags.push(
                    Diagnostic::error(
                        p.file,
                        format!("the exercise `{}` is embedded twice on this page", embed.id),
                    )
                    .at(embed.line, 1)
                    .help("embed each exercise once per page"),
                ),
                None => {
                    let mut ids: Vec<&str> = ex_by_id.keys().copied().collect();
                    ids.sort();
                    diags.push(
                        Diagnostic::error(p.file, format!("there is no exercise with the id `{}`", embed.id))
                            .at(embed.line, 1)
                            .help(if ids.is_empty() {
                                "the course has no exercises yet; create one with `fokus new exercise <id>`".to_string()
                            } else {
                                format!("exercises: {}", ids.join(", "))
                            }),
                    );
                }
            }
        });
        bodies.insert(p.file.to_path_buf(), (html, &p.rendered));
    }
    if diags.has_errors() {
        return Err(diags);
    }

    mark("resolve");
    // Render pages with the theme.
    let ctx = SiteContext::new(&config, &theme, opts.edition);
    let mut theme = theme;
    theme.set_globals(&[
        ("site", &ctx.site),
        ("t", &ctx.strings),
        ("strings_json", &Value::String(ctx.strings_json.clone())),
    ]);
    let theme = theme;
    let mut jobs: Vec<PageJob> = Vec::new();
    let modules: Vec<_> = content.modules().collect();
    for part in &content.parts {
        jobs.push(PageJob::Part(part));
    }
    for (i, m) in modules.iter().enumerate() {
        jobs.push(PageJob::Module(i));
        let _ = m;
    }
    for page in &content.pages {
        jobs.push(PageJob::Page(page));
    }
    for (e, _) in exercises.iter().zip(&rendered_ex) {
        jobs.push(PageJob::Exercise(e));
    }
    jobs.push(PageJob::Home);
    jobs.push(PageJob::ExerciseIndex);
    jobs.push(PageJob::NotFound);

    let model = Model {
        content: &content,
        modules: &modules,
        exercises: &exercises,
        rendered_ex: &rendered_ex,
        ex_html: &ex_html,
        bodies: &bodies,
        theme: &theme,
    };
    let rendered: Vec<Result<OutputFile, Diagnostic>> =
        jobs.par_iter().map(|job| model.page(job)).collect();
    let mut files =
        Vec::with_capacity(rendered.len() + theme.assets.len() + content.assets.len() + 1);
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    mark("templates");
    let pages_written = files.len();
    files.push(OutputFile {
        path: format!("{}/toc.js", site::ASSETS_DIR),
        bytes: model.toc_script().into_bytes(),
    });
    for (path, bytes) in &theme.assets {
        files.push(OutputFile {
            path: path.clone(),
            bytes: bytes.clone(),
        });
    }
    for asset in &content.assets {
        let src = root.join(crate::content::CONTENT_DIR).join(asset);
        match std::fs::read(&src) {
            Ok(bytes) => files.push(OutputFile {
                path: asset
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
                bytes,
            }),
            Err(e) => diags.push(Diagnostic::error(
                PathBuf::from("content").join(asset),
                format!("cannot read: {e}"),
            )),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    mark("assets");
    let stats = BuildStats {
        parts: content.parts.len(),
        modules: modules.len(),
        exercises: exercises.len(),
        pages: pages_written,
        files: files.len(),
        elapsed: start.elapsed(),
        phases,
    };
    Ok(Site {
        files,
        warnings: diags,
        stats,
    })
}

/// Every Markdown source that becomes (part of) a page: (file, body, first line, page URL).
fn markdown_sources(content: &Content) -> Vec<(&Path, &str, usize, String)> {
    fn entry<M>(d: &Document<M>, url: String) -> (&Path, &str, usize, String) {
        (&d.path, &d.body, d.body_line, url)
    }
    let mut v = Vec::new();
    if let Some(home) = &content.home {
        v.push(entry(home, site::HOME_URL.to_string()));
    }
    for part in &content.parts {
        if let Some(idx) = &part.index {
            v.push(entry(idx, site::part_url(&part.slug)));
        }
        for m in &part.modules {
            v.push(entry(&m.doc, site::module_url(&part.slug, &m.slug)));
        }
    }
    for p in &content.pages {
        v.push(entry(&p.doc, site::page_url(&p.slug)));
    }
    v
}

/// Names the site uses itself cannot be part or page names.
fn check_reserved_names(content: &Content, diags: &mut Diagnostics) {
    for part in &content.parts {
        if [site::EXERCISES_URL_DIR, site::ASSETS_DIR].contains(&part.slug.as_str()) {
            let path = PathBuf::from("content").join(&part.slug);
            diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "a part cannot be called `{}`: the site uses that folder itself",
                        part.slug
                    ),
                )
                .help("rename the folder"),
            );
        }
    }
    for page in &content.pages {
        if ["index", "404"].contains(&page.slug.as_str())
            || content.parts.iter().any(|p| p.slug == page.slug)
        {
            diags.push(
                Diagnostic::error(
                    &page.doc.path,
                    format!(
                        "a page cannot be called `{}`: that name is taken",
                        page.slug
                    ),
                )
                .help("rename the file"),
            );
        }
    }
}

/// Replace link placeholders with resolved relative URLs, collecting errors.
fn resolve_links(
    html: &str,
    links: &[crate::markdown::PendingLink],
    file: &Path,
    url: &str,
    index: &LinkIndex,
    own: Option<&site::Target>,
    diags: &mut Diagnostics,
) -> String {
    if links.is_empty() {
        return html.to_string();
    }
    fill_placeholders(html, |ph, out| match ph {
        Placeholder::Link(n) => match index.resolve(&links[n], file, url, own) {
            Ok(href) => out.push_str(&href),
            Err(d) => {
                diags.push(d);
                out.push('#');
            }
        },
        Placeholder::Embed(n) => {
            // Keep embed placeholders for the next pass.
            out.push('\u{E000}');
            out.push_str(&format!("X{n}"));
            out.push('\u{E001}');
        }
    })
}

/// The box an embedded exercise sits in on a module page.
fn embed_html(ex: &LoadedExercise, html: &str, page_url: &str, theme: &Theme) -> String {
    let id = escape_html(&ex.spec.id);
    format!(
        "<section class=\"exercise-embed\" aria-labelledby=\"ex-{id}\">\n<h2 id=\"ex-{id}\" class=\"exercise-title\">{}: {}</h2>\n{html}\
         <p class=\"exercise-link\"><a href=\"{}\">{}</a></p>\n</section>\n",
        escape_html(theme.strings.get("exercise")),
        escape_html(&ex.spec.title),
        escape_html(&site::relative(page_url, &site::exercise_url(&ex.spec.id))),
        escape_html(theme.strings.get("exercise_own_page")),
    )
}

/// Values every template gets.
struct SiteContext {
    site: Value,
    strings: Value,
    strings_json: String,
}

impl SiteContext {
    fn new(config: &CourseConfig, theme: &Theme, edition: Edition) -> Self {
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
            strings_json: script_json(&serde_json::to_value(&theme.strings).unwrap_or(Value::Null)),
        }
    }
}

enum PageJob<'a> {
    Home,
    Part(&'a crate::content::Part),
    Module(usize),
    Page(&'a crate::content::Page),
    Exercise(&'a LoadedExercise),
    ExerciseIndex,
    NotFound,
}

struct Model<'a> {
    content: &'a Content,
    modules: &'a [&'a crate::content::Module],
    exercises: &'a [LoadedExercise],
    rendered_ex: &'a [RenderedExercise],
    ex_html: &'a HashMap<&'a str, String>,
    bodies: &'a HashMap<PathBuf, (String, &'a Rendered)>,
    theme: &'a Theme,
}

impl Model<'_> {
    fn page(&self, job: &PageJob) -> Result<OutputFile, Diagnostic> {
        let (template, url, title, extra) = match job {
            PageJob::Home => {
                let body = self.content.home.as_ref().map(|h| self.body(&h.path));
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
                        "body": body.map(|b| b.0), "parts": parts, "pages": pages,
                        "exercise_count": self.exercises.len(), "exercises_url": site::exercises_index_url(),
                    }),
                )
            }
            PageJob::Part(part) => {
                let url = site::part_url(&part.slug);
                let body = part.index.as_ref().map(|d| self.body(&d.path).0);
                (
                    "part.html",
                    url.clone(),
                    part.title.clone(),
                    json!({ "part": self.part_value(part, &url), "body": body }),
                )
            }
            PageJob::Module(i) => {
                let m = self.modules[*i];
                let part_slug = m.id.split('/').next().unwrap_or("");
                let part = self.content.parts.iter().find(|p| p.slug == part_slug);
                let url = site::module_url(part_slug, &m.slug);
                let (html, rendered) = self.body(&m.doc.path);
                let link = |m: &crate::content::Module| {
                    let p = m.id.split('/').next().unwrap_or("");
                    json!({"title": m.doc.meta.title, "url": site::relative(&url, &site::module_url(p, &m.slug))})
                };
                let prev = i.checked_sub(1).map(|j| link(self.modules[j]));
                let next = self.modules.get(i + 1).map(|m| link(m));
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
                            "tags": m.doc.meta.tags, "body": html, "toc": toc,
                        },
                        "part": part.map(|p| json!({"title": p.title, "url": site::relative(&url, &site::part_url(&p.slug))})),
                        "prev": prev, "next": next,
                    }),
                )
            }
            PageJob::Page(page) => {
                let url = site::page_url(&page.slug);
                let (html, rendered) = self.body(&page.doc.path);
                (
                    "page.html",
                    url,
                    page.doc.meta.title.clone(),
                    json!({
                        "body": html, "summary": page.doc.meta.summary, "toc": rendered.headings.iter().filter(|h| h.level == 2).collect::<Vec<_>>(),
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
        let mut context = tera::Context::new();
        context.insert("root", &site::root_prefix(&url));
        context.insert(
            "page",
            &json!({ "url": url, "title": title, "kind": template.trim_end_matches(".html") }),
        );
        if let Value::Object(map) = extra {
            for (k, v) in map {
                context.insert(k, &v);
            }
        }
        let html = self.theme.render(template, &context)?;
        Ok(OutputFile {
            path: url,
            bytes: html.into_bytes(),
        })
    }

    fn body(&self, path: &Path) -> (String, &Rendered) {
        match self.bodies.get(path) {
            Some((html, r)) => (html.clone(), r),
            None => (String::new(), &EMPTY),
        }
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

    fn module_links(&self, ids: &[String], from: &str) -> Vec<Value> {
        ids.iter().filter_map(|id| self.modules.iter().find(|m| &m.id == id)).map(|m| {
            let p = m.id.split('/').next().unwrap_or("");
            json!({"title": m.doc.meta.title, "url": site::relative(from, &site::module_url(p, &m.slug))})
        }).collect()
    }

    /// The whole course's navigation as one shared script, so pages stay small.
    fn toc_script(&self) -> String {
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
            "home": site::HOME_URL, "parts": parts, "pages": pages,
            "exercises": {"t": self.theme.strings.get("exercises"), "u": site::exercises_index_url()},
        });
        format!("window.fokusToc={};\n", script_json(&data))
    }
}

static EMPTY: Rendered = Rendered {
    html: String::new(),
    headings: Vec::new(),
    links: Vec::new(),
    embeds: Vec::new(),
    diagnostics: Vec::new(),
    text: String::new(),
};

/// JSON safe to place in a script: `<`, `>`, `&`, U+2028 and U+2029 escaped.
pub fn script_json(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}
