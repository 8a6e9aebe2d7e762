//! The build pipeline: load → validate → resolve → render → (write).
//!
//! [`build`] turns a course folder into the site's files in memory; `fokus
//! build` writes them with [`crate::output::write_site`], `fokus check` only
//! reports, and `fokus serve` serves the very same result.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::Value;

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
use crate::search;
use crate::site::{self, LinkIndex};

mod cache;
mod pages;
mod schedule;

pub use cache::BuildCache;

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
    rendered: Arc<Rendered>,
}

/// Build the course at `opts.root` into memory: a clean build.
pub fn build(opts: &BuildOptions) -> Result<Site, Diagnostics> {
    build_with_cache(opts, &mut BuildCache::none())
}

/// Build the course, reusing from `cache` whatever an earlier build made from
/// inputs that are still the same, and leaving this build's results in it.
pub fn build_with_cache(opts: &BuildOptions, cache: &mut BuildCache) -> Result<Site, Diagnostics> {
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
    let module_cache = cache.keep.then_some(&mut cache.modules);
    let (theme, (content, exercises)) = rayon::join(
        || Theme::load(root, &config),
        || {
            rayon::join(
                || crate::content::load_cached(root, opts.drafts, module_cache),
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
    cache.check_setting(opts.edition, &theme.strings);
    let sources = markdown_sources(&content);
    let pages: Vec<PageSource> = sources
        .par_iter()
        .map(|(doc_path, body, line, url)| {
            let rendered = match cache.markdown.get(*doc_path) {
                Some(c) if c.line == *line && c.body == *body => c.rendered.clone(),
                _ => Arc::new(md.render(body, doc_path, *line)),
            };
            PageSource {
                file: doc_path,
                url: url.clone(),
                rendered,
            }
        })
        .collect();
    cache.markdown = if !cache.keep {
        HashMap::new()
    } else {
        sources
            .iter()
            .zip(&pages)
            .map(|((path, body, line, _), p)| {
                let entry = cache::Markdown {
                    body: body.to_string(),
                    line: *line,
                    rendered: p.rendered.clone(),
                };
                (path.to_path_buf(), entry)
            })
            .collect()
    };
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
    for asset in &content.assets {
        index.insert_asset(
            PathBuf::from(crate::content::CONTENT_DIR).join(asset),
            url_path(asset),
        );
    }
    for draft in &content.drafts {
        index.insert_draft(draft);
    }
    for out in theme.assets.keys() {
        index.insert_asset(PathBuf::from("static").join(out), out.clone());
    }
    let rendered_ex: Vec<RenderedExercise> = exercises
        .par_iter()
        .map(|e| exercises::render::render(e, &md, &theme.strings))
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
    let resolver = Resolver {
        index: &index,
        exercises: exercises.iter().map(|e| (e.spec.id.as_str(), e)).collect(),
        ex_html: &ex_html,
        theme: &theme,
    };
    // A body can change only if its rendering, a link target, an exercise or the theme did.
    let mut ex_sorted: Vec<(&&str, &String)> = ex_html.iter().collect();
    ex_sorted.sort();
    let seen = cache::fingerprint(&(index.fingerprint(), ex_sorted, theme.fingerprint));
    let resolved: Vec<cache::Body> = pages
        .par_iter()
        .map(|p| {
            let key = cache::fingerprint(&(seen, &p.url));
            match cache.bodies.get(&p.url) {
                Some(c) if c.key == key && Arc::ptr_eq(&c.rendered, &p.rendered) => cache::Body {
                    rendered: c.rendered.clone(),
                    key,
                    html: c.html.clone(),
                    hash: c.hash,
                    diagnostics: c.diagnostics.clone(),
                },
                _ => {
                    let mut d = Diagnostics::new();
                    d.extend(p.rendered.diagnostics.iter().cloned());
                    let html = resolver.body(p, &p.url, &mut d);
                    let hash = cache::fingerprint(&html);
                    cache::Body {
                        rendered: p.rendered.clone(),
                        key,
                        html: Arc::new(html),
                        hash,
                        diagnostics: d,
                    }
                }
            }
        })
        .collect();
    let mut bodies: HashMap<PathBuf, pages::Body> = HashMap::new();
    cache.bodies.clear();
    for (body, p) in resolved.into_iter().zip(&pages) {
        diags.extend(body.diagnostics.iter().cloned());
        bodies.insert(
            p.file.to_path_buf(),
            pages::Body {
                html: body.html.clone(),
                rendered: &p.rendered,
                hash: body.hash,
            },
        );
        if cache.keep {
            cache.bodies.insert(p.url.clone(), body);
        }
    }
    let keys: HashMap<&str, String> = if opts.edition == Edition::Trainer {
        exercises
            .iter()
            .map(|e| {
                let k = exercises::render::render_key(e, &md, &theme.strings);
                let html = resolve_links(
                    &k.html,
                    &k.links,
                    &e.path,
                    pages::KEY_URL,
                    &index,
                    None,
                    &mut diags,
                );
                (e.spec.id.as_str(), html)
            })
            .collect()
    } else {
        HashMap::new()
    };
    if diags.has_errors() {
        return Err(diags);
    }

    mark("resolve");
    // Render pages with the theme.
    let ctx = pages::SiteContext::new(&config, &theme, opts.edition);
    let mut theme = theme;
    theme.set_globals(&[
        ("site", &ctx.site),
        ("t", &ctx.strings),
        ("strings_json", &Value::String(ctx.strings_json.clone())),
    ]);
    let theme = theme;
    let modules: Vec<_> = content.modules().collect();
    let cached_pages = std::mem::take(&mut cache.pages);
    // Kept between builds, the print page's prefixed bodies are redone only for changed modules.
    if cache.keep {
        let previous = std::mem::take(&mut cache.print);
        cache.print = modules
            .par_iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let body = bodies.get(&m.doc.path)?;
                let n = i + 1;
                let prefixed = match previous.get(&m.doc.path) {
                    Some((hash, num, p)) if *hash == body.hash && *num == n => p.clone(),
                    _ => Arc::new(pages::prefix_ids(&body.html, &format!("m{n}-"))),
                };
                Some((m.doc.path.clone(), (body.hash, n, prefixed)))
            })
            .collect();
    }
    let print_bodies: Option<HashMap<PathBuf, Arc<String>>> = cache.keep.then(|| {
        cache
            .print
            .iter()
            .map(|(k, (_, _, p))| (k.clone(), p.clone()))
            .collect()
    });
    let model = pages::Model {
        content: &content,
        modules: &modules,
        exercises: &exercises,
        rendered_ex: &rendered_ex,
        ex_html: &ex_html,
        bodies: &bodies,
        cached: &cached_pages,
        print_bodies: print_bodies.as_ref(),
        seed: cache::fingerprint(&(
            theme.fingerprint,
            ctx.site.to_string(),
            &ctx.strings_json,
            opts.edition,
        )),
        keys: &keys,
        theme: &theme,
        edition: opts.edition,
    };
    let jobs = model.jobs();
    // The search index is joined from per-page shares; a share is made again only
    // when its page's rendering, title or place in the index changed.
    let previous_fragments = std::mem::take(&mut cache.fragments);
    let (rendered, (index_files, fragments)) = rayon::join(
        || {
            jobs.par_iter()
                .map(|job| model.page(job))
                .collect::<Vec<Result<(OutputFile, Option<u64>), Diagnostic>>>()
        },
        || {
            search_index(
                &content,
                &pages,
                &exercises,
                &rendered_ex,
                &previous_fragments,
                &config.search.synonyms,
            )
        },
    );
    if cache.keep {
        cache.fragments = fragments;
    }
    let mut files =
        Vec::with_capacity(rendered.len() + theme.assets.len() + content.assets.len() + 2);
    for r in rendered {
        match r {
            Ok((f, key)) => {
                if let (true, Some(key)) = (cache.keep, key) {
                    cache.pages.insert(f.path.clone(), (key, f.bytes.clone()));
                }
                files.push(f);
            }
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
        bytes: Arc::new(model.toc_script().into_bytes()),
    });
    files.extend(index_files);
    for (path, bytes) in &theme.assets {
        files.push(OutputFile {
            path: path.clone(),
            bytes: Arc::new(bytes.clone()),
        });
    }
    for asset in &content.assets {
        let src = root.join(crate::content::CONTENT_DIR).join(asset);
        match std::fs::read(&src) {
            Ok(bytes) => files.push(OutputFile {
                path: url_path(asset),
                bytes: Arc::new(bytes),
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

/// A relative path with `/` separators, as in URLs.
fn url_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Everything a page body needs to have its links and embeds filled in.
struct Resolver<'a> {
    index: &'a LinkIndex,
    exercises: HashMap<&'a str, &'a LoadedExercise>,
    ex_html: &'a HashMap<&'a str, String>,
    theme: &'a Theme,
}

impl Resolver<'_> {
    /// The body of page `p` as shown at `url`: links resolved, exercises embedded.
    fn body(&self, p: &PageSource, url: &str, diags: &mut Diagnostics) -> String {
        let own = self.index.get(p.file);
        let html = resolve_links(
            &p.rendered.html,
            &p.rendered.links,
            p.file,
            url,
            self.index,
            own,
            diags,
        );
        let mut seen = BTreeSet::new();
        fill_placeholders(&html, |ph, out| {
            let Placeholder::Embed(n) = ph else { return };
            let embed = &p.rendered.embeds[n];
            match self.exercises.get(embed.id.as_str()) {
                Some(ex) if seen.insert(embed.id.clone()) => {
                    out.push_str(&embed_html(
                        ex,
                        &self.ex_html[embed.id.as_str()],
                        url,
                        self.theme,
                    ));
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
                    let mut ids: Vec<&str> = self.exercises.keys().copied().collect();
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
        })
    }
}

/// The search index: modules, part introductions, pages (the glossary) and
/// exercises, reusing the shares of `previous` whose inputs are unchanged.
fn search_index(
    content: &Content,
    pages: &[PageSource],
    exercises: &[LoadedExercise],
    rendered_ex: &[RenderedExercise],
    previous: &HashMap<String, cache::Fragment>,
    synonyms: &[Vec<String>],
) -> (Vec<OutputFile>, HashMap<String, cache::Fragment>) {
    let mut titles: HashMap<&Path, (&str, search::Kind)> = HashMap::new();
    for part in &content.parts {
        if let Some(idx) = &part.index {
            titles.insert(&idx.path, (&part.title, search::Kind::Part));
        }
        for m in &part.modules {
            titles.insert(&m.doc.path, (&m.doc.meta.title, search::Kind::Module));
        }
    }
    for p in &content.pages {
        titles.insert(&p.doc.path, (&p.doc.meta.title, search::Kind::Page));
    }
    let indexed: Vec<(&PageSource, &str, search::Kind)> = pages
        .iter()
        .filter_map(|p| titles.get(p.file).map(|(t, k)| (p, *t, *k)))
        .collect();
    let made: Vec<(String, cache::Fragment)> = indexed
        .par_iter()
        .enumerate()
        .map(|(number, (p, title, kind))| {
            let fragment = match previous.get(&p.url) {
                Some(f)
                    if f.number == number
                        && f.title == *title
                        && f.kind == *kind
                        && Arc::ptr_eq(&f.rendered, &p.rendered) =>
                {
                    f.fragment.clone()
                }
                _ => Arc::new(search::Fragment::page(
                    number,
                    title,
                    &p.url,
                    *kind,
                    &p.rendered,
                )),
            };
            let entry = cache::Fragment {
                rendered: p.rendered.clone(),
                number,
                title: title.to_string(),
                kind: *kind,
                fragment,
            };
            (p.url.clone(), entry)
        })
        .collect();
    let exercise_fragments: Vec<search::Fragment> = exercises
        .iter()
        .zip(rendered_ex)
        .enumerate()
        .map(|(i, (e, r))| {
            let url = site::exercise_url(&e.spec.id);
            search::Fragment::text(
                made.len() + i,
                &e.spec.title,
                &url,
                search::Kind::Exercise,
                &r.text,
            )
        })
        .collect();
    let files = search::assemble(
        made.iter()
            .map(|(_, f)| f.fragment.as_ref())
            .chain(exercise_fragments.iter()),
        synonyms,
    );
    (files, made.into_iter().collect())
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
        if site::RESERVED_DIRS.contains(&part.slug.as_str()) {
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
        // Embeds are filled in the next pass.
        Placeholder::Embed(n) => out.push_str(&crate::markdown::embed_placeholder(n)),
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

/// JSON safe to place in a script: `<`, `>`, `&`, U+2028 and U+2029 escaped,
/// so no text can close the `<script>` element or end a JavaScript line.
pub fn script_json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    let s = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    // These characters only occur inside JSON strings, where the escapes mean the same.
    const ESCAPES: [(char, &str); 5] = [
        ('<', "\\u003c"),
        ('>', "\\u003e"),
        ('&', "\\u0026"),
        ('\u{2028}', "\\u2028"),
        ('\u{2029}', "\\u2029"),
    ];
    ESCAPES.iter().fold(s, |s, (c, esc)| {
        if s.contains(*c) {
            s.replace(*c, esc)
        } else {
            s
        }
    })
}
