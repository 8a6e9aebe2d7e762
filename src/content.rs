//! The course's Markdown sources: parts (folders under `content/`), modules
//! (Markdown files with YAML front matter) and stand-alone pages.
//!
//! Loading reads and checks every file in parallel and collects every error;
//! nothing here knows about HTML.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::memo::Memo;
use crate::source::read_unchanged;
use crate::yaml::{self, Seg};

/// Folder under the course root that holds parts and modules.
pub const CONTENT_DIR: &str = crate::folders::CONTENT;
/// File in a part folder (or in `content/`) that describes the part (or home page).
pub const INDEX_FILE: &str = "_index.md";

/// A learning objective of a module, referred to by exercises through its id.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    pub text: String,
}

/// Front matter of a module.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleMeta {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub objectives: Vec<Objective>,
    /// Minutes a training session on this module takes.
    #[serde(default)]
    pub duration: Option<u32>,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
}

/// Front matter of a part's `_index.md`, of `content/_index.md` and of stand-alone pages.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    /// `handout`: a stand-alone page that prints on one A4 page.
    #[serde(default)]
    pub kind: Option<PageKind>,
}

/// What a stand-alone page is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// An ordinary page (the default).
    Page,
    /// A one-page tool to print: a conversation guide, a note template, a checklist.
    Handout,
}

/// A Markdown source file split into typed front matter and body.
#[derive(Debug, Clone)]
pub struct Document<M> {
    /// Path relative to the course root, e.g. `content/roller/medbygger.md`.
    pub path: PathBuf,
    pub meta: M,
    /// The front matter's YAML text, kept to locate later errors.
    pub front_matter: std::sync::Arc<str>,
    pub body: Body,
    /// File line on which `body` starts.
    pub body_line: usize,
    /// The front matter's error, when `meta` holds only the values that
    /// could be read: the body is still checked, so one run reports both.
    pub broken: Option<Diagnostic>,
    /// Fingerprint of the file's text: later steps key what they make from
    /// the document by it instead of hashing the text again.
    pub hash: u64,
}

/// A document's Markdown after its front matter. A build lets go of a
/// module's body once it is rendered ([`Body::release`]): a course of
/// thousands of modules then never holds all its Markdown and all its HTML
/// at once (at 5,000 modules, about 50 MB less at the peak).
#[derive(Debug)]
pub struct Body(std::sync::Mutex<std::sync::Arc<str>>);

impl Body {
    pub fn new(text: std::sync::Arc<str>) -> Self {
        Body(std::sync::Mutex::new(text))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, std::sync::Arc<str>> {
        // A text is only ever replaced whole: one left by a panic is whole too.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The text; empty once released.
    pub fn text(&self) -> std::sync::Arc<str> {
        self.lock().clone()
    }

    /// Let go of the text (copies made by `clone`, such as those a
    /// rebuild's memo keeps, keep theirs).
    pub fn release(&self) {
        *self.lock() = std::sync::Arc::from("");
    }
}

impl Clone for Body {
    fn clone(&self) -> Self {
        Body::new(self.text())
    }
}

/// A module: one page of teaching, with objectives and exercises.
#[derive(Debug, Clone)]
pub struct Module {
    /// `part/slug`: how exercises and links name the module.
    pub id: String,
    /// The folder of the part the module belongs to.
    pub part: String,
    pub slug: String,
    pub doc: Document<ModuleMeta>,
}

/// A part: a folder of modules with a title and an introduction.
#[derive(Debug, Clone)]
pub struct Part {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub order: Option<i64>,
    /// The part's `_index.md`, when it has one.
    pub index: Option<Document<PageMeta>>,
    pub modules: Vec<Module>,
}

/// A page outside any part (for example the glossary, `content/ordliste.md`).
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub doc: Document<PageMeta>,
}

/// Everything under `content/`, in course order.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// `content/_index.md`: the home page's introduction.
    pub home: Option<Document<PageMeta>>,
    pub parts: Vec<Part>,
    pub pages: Vec<Page>,
    /// Non-Markdown files (images, PDFs) to copy, relative to `content/`.
    pub assets: Vec<PathBuf>,
    /// Sources left out because they are drafts, so a link to one can say so.
    pub drafts: Vec<PathBuf>,
    /// Warnings found while loading (backup copies of modules left out).
    pub warnings: Diagnostics,
    /// Files left out because another file has their address: (left out,
    /// kept). A link to one leads to the page at that address, so the one
    /// warning is not followed by link errors.
    pub same_address: Vec<(PathBuf, PathBuf)>,
    /// Errors in front matter that did not stop loading (the documents are
    /// kept with what could be read, so their bodies are checked too).
    pub errors: Diagnostics,
}

impl Content {
    /// All modules in course order.
    pub fn modules(&self) -> impl Iterator<Item = &Module> {
        self.parts.iter().flat_map(|p| p.modules.iter())
    }
}

pub use crate::names::is_url_safe;
pub use crate::source::is_ignored_name;

enum Entry {
    Home(PathBuf),
    PartIndex(String, PathBuf),
    Module(String, PathBuf),
    Page(PathBuf),
    Asset(PathBuf),
}

/// Load every part, module and page under `root/content`, reusing from
/// `memo` the modules whose text an earlier build parsed.
///
/// Drafts are left out unless `drafts` is true.
pub fn load(root: &Path, drafts: bool, memo: &Memo) -> Result<Content, Diagnostics> {
    let dir = root.join(CONTENT_DIR);
    let mut diags = Diagnostics::new();
    if !dir.is_dir() {
        return Err(Diagnostic::error(CONTENT_DIR, t!("content.no_folder"))
            .help(t!("content.no_folder_help"))
            .into());
    }
    let (entries, same_address) = scan(root, &mut diags);

    enum Loaded {
        Home(Document<PageMeta>),
        PartIndex(String, Document<PageMeta>),
        Module(String, Module),
        Page(Page),
        Asset(PathBuf),
    }
    let loaded: Vec<Result<Loaded, Diagnostic>> = entries
        .into_par_iter()
        .map(|e| match e {
            Entry::Home(p) => {
                read_unchanged(root, &p, memo, "page", || read_document(root, &p)).map(Loaded::Home)
            }
            Entry::PartIndex(part, p) => {
                read_unchanged(root, &p, memo, "page", || read_document(root, &p))
                    .map(|d| Loaded::PartIndex(part, d))
            }
            Entry::Module(part, p) => read_unchanged(root, &p, memo, "module", || {
                read_document(root, &p).map(|doc| module_from(&part, &p, doc))
            })
            .map(|module| Loaded::Module(part, module)),
            Entry::Page(p) => read_unchanged(root, &p, memo, "page", || read_document(root, &p))
                .map(|doc: Document<PageMeta>| {
                    let slug = address_of(&file_stem(&p));
                    Loaded::Page(Page { slug, doc })
                }),
            Entry::Asset(p) => Ok(Loaded::Asset(p)),
        })
        .collect();

    let mut content = Content {
        same_address,
        ..Content::default()
    };
    let mut parts: std::collections::BTreeMap<String, Part> = Default::default();
    let mut soft = Diagnostics::new();
    for item in loaded {
        if let Ok(item) = &item {
            let broken = match item {
                Loaded::Home(d) | Loaded::PartIndex(_, d) => &d.broken,
                Loaded::Page(p) => &p.doc.broken,
                Loaded::Module(_, m) => &m.doc.broken,
                Loaded::Asset(_) => &None,
            };
            soft.extend(broken.iter().cloned());
        }
        match item {
            Err(d) => diags.push(d),
            Ok(Loaded::Home(doc)) => content.home = Some(doc),
            Ok(Loaded::PartIndex(slug, doc)) => {
                let part = parts
                    .entry(slug.clone())
                    .or_insert_with(|| empty_part(&slug));
                part.title = doc.meta.title.clone();
                part.summary = doc.meta.summary.clone();
                part.order = doc.meta.order;
                part.index = Some(doc);
            }
            Ok(Loaded::Module(slug, module)) => {
                if module.doc.meta.draft && !drafts {
                    content.drafts.push(module.doc.path);
                    continue;
                }
                parts
                    .entry(slug.clone())
                    .or_insert_with(|| empty_part(&slug))
                    .modules
                    .push(module);
            }
            Ok(Loaded::Page(page)) => {
                if !page.doc.meta.draft || drafts {
                    content.pages.push(page);
                } else {
                    content.drafts.push(page.doc.path);
                }
            }
            Ok(Loaded::Asset(p)) => content.assets.push(p),
        }
    }
    for part in parts.values_mut() {
        part.modules.sort_by(|a, b| {
            order_key(a.doc.meta.order, &a.slug).cmp(&order_key(b.doc.meta.order, &b.slug))
        });
        check_objectives(part, &mut diags);
    }
    let (mut parts, draft_parts): (Vec<Part>, Vec<Part>) = parts
        .into_values()
        .partition(|p| !p.index.as_ref().is_some_and(|d| d.meta.draft && !drafts));
    for part in draft_parts {
        content.drafts.extend(part.index.map(|d| d.path));
        content
            .drafts
            .extend(part.modules.into_iter().map(|m| m.doc.path));
    }
    parts.sort_by_key(|a| order_key(a.order, &a.slug));
    content.parts = parts;
    content.pages.sort_by(|a, b| {
        order_key(a.doc.meta.order, &a.slug).cmp(&order_key(b.doc.meta.order, &b.slug))
    });
    content.assets.sort();

    if diags.has_errors() {
        diags.extend(soft);
        Err(diags)
    } else {
        content.warnings = diags;
        content.errors = soft;
        Ok(content)
    }
}

fn empty_part(slug: &str) -> Part {
    Part {
        slug: slug.to_string(),
        title: slug.to_string(),
        summary: None,
        order: None,
        index: None,
        modules: Vec::new(),
    }
}

fn order_key(order: Option<i64>, slug: &str) -> (i64, String) {
    (order.unwrap_or(i64::MAX), slug.to_string())
}

fn file_stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A file under `content/` that looks like a copy of a module rather than a
/// module: `x.md.orig`, `x.md.bak`, `x.md~1`, `x.MD`, `x.markdown`, `x.bak`.
///
/// Such files are never copied to the site (a backup holds the trainer notes
/// of the module it copies); the build warns and names them.
pub fn is_markdown_lookalike(name: &str) -> bool {
    if name.ends_with(".md") {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    let backup_ext = [
        ".bak", ".orig", ".rej", ".old", ".backup", ".save", ".sav", ".tmp", ".swp", ".copy",
    ];
    lower.contains(".md")
        || lower.contains(".markdown")
        || lower.contains(".mdown")
        || lower.contains(".mkd")
        || backup_ext.iter().any(|e| lower.ends_with(e))
}

/// Walk `content/` and classify each file; layout mistakes become diagnostics.
fn scan(root: &Path, diags: &mut Diagnostics) -> (Vec<Entry>, Vec<(PathBuf, PathBuf)>) {
    let mut out = Vec::new();
    let mut addresses = Addresses::default();
    for entry in crate::source::walk(root, Path::new(CONTENT_DIR), usize::MAX, diags) {
        let path = PathBuf::from(&entry.rel);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if entry.is_dir {
            // A folder name becomes the part's address as its slug (`Del 1` → `del-1`).
            if entry.depth == 1 && crate::names::slug(&name).is_empty() {
                diags.push(
                    Diagnostic::error(&entry.path, t!("content.part_name", name = &name))
                        .help(crate::names::rename_hint(&name, "")),
                );
            }
            continue;
        }
        let is_md = name.ends_with(".md");
        let full = entry.path.clone();
        if !is_md && is_markdown_lookalike(&name) {
            diags.push(
                Diagnostic::warning(&full, t!("content.backup")).help(t!("content.backup_help")),
            );
            continue;
        }
        match (entry.depth, is_md) {
            (_, false) => out.push(Entry::Asset(path)),
            (1, true) if name == INDEX_FILE => out.push(Entry::Home(full)),
            (1, true) => {
                if check_name(&full, &name, diags)
                    && addresses.claim(String::new(), &name, &full, diags)
                {
                    out.push(Entry::Page(full));
                }
            }
            (2, true) => {
                let folder = path
                    .components()
                    .next()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .unwrap_or_default();
                let part = address_of(&folder);
                if part.is_empty() {
                    continue; // the folder's name is reported above
                }
                if name == INDEX_FILE {
                    if addresses.claim(part.clone(), &name, &full, diags) {
                        out.push(Entry::PartIndex(part, full));
                    }
                } else if check_name(&full, &name, diags)
                    && addresses.claim(part.clone(), &name, &full, diags)
                {
                    out.push(Entry::Module(part, full));
                }
            }
            (_, true) => diags.push(
                Diagnostic::error(&full, t!("content.too_deep")).help(t!("content.too_deep_help")),
            ),
        }
    }
    (out, addresses.left_out)
}

/// The web-address name of a file or folder name: itself when it is
/// URL-safe, else its slug (`Øvelse 1` → `oevelse-1`), the one rule of
/// [`crate::names::slug`].
pub fn address_of(name: &str) -> String {
    if is_url_safe(name) {
        name.to_string()
    } else {
        crate::names::slug(name)
    }
}

/// The addresses the files under `content/` get, to warn when two files
/// would get the same one (`Øvelse 1.md` and `oevelse-1.md`).
#[derive(Default)]
struct Addresses {
    taken: std::collections::HashMap<(String, String), PathBuf>,
    /// (left out, kept).
    left_out: Vec<(PathBuf, PathBuf)>,
}

impl Addresses {
    /// Claim the address of file `name` in part `part` (empty: a stand-alone
    /// page); false, with a warning, when another file has it already.
    fn claim(&mut self, part: String, name: &str, path: &Path, diags: &mut Diagnostics) -> bool {
        let key = (part, address_of(name.trim_end_matches(".md")));
        match self.taken.get(&key) {
            Some(first) => {
                self.left_out.push((path.to_path_buf(), first.clone()));
                diags.push(
                    Diagnostic::warning(
                        path,
                        t!(
                            "content.same_address",
                            other = first.display(),
                            address = format!("{}.html", key.1)
                        ),
                    )
                    .help(t!("content.same_address_help")),
                );
                false
            }
            None => {
                self.taken.insert(key, path.to_path_buf());
                true
            }
        }
    }
}

fn check_name(path: &Path, name: &str, diags: &mut Diagnostics) -> bool {
    let stem = name.trim_end_matches(".md");
    if !address_of(stem).is_empty() {
        return true;
    }
    diags.push(
        Diagnostic::error(path, t!("content.file_name", name))
            .help(crate::names::rename_hint(stem, ".md")),
    );
    false
}

fn module_from(part: &str, path: &Path, doc: Document<ModuleMeta>) -> Module {
    let slug = address_of(&file_stem(path));
    Module {
        id: format!("{part}/{slug}"),
        part: part.to_string(),
        slug,
        doc,
    }
}

/// Read a Markdown file and parse its front matter as `M`.
pub fn read_document<M: DeserializeOwned>(
    root: &Path,
    path: &Path,
) -> Result<Document<M>, Diagnostic> {
    let text = crate::source::read_course_text(root, path)?;
    parse_document(text, path)
}

/// Split `text` into front matter and body and parse the front matter.
pub fn parse_document<M: DeserializeOwned>(
    text: String,
    path: &Path,
) -> Result<Document<M>, Diagnostic> {
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| (text == "---").then_some(""))
    else {
        let help = t!("content.front_matter_help");
        return Err(if text.trim().is_empty() {
            Diagnostic::error(path, t!("content.empty"))
                .at(1, 1)
                .help(help.clone())
        } else {
            Diagnostic::error(path, t!("content.no_front_matter"))
                .at(1, 1)
                .help(help)
        });
    };
    // Find the closing `---` (or `...`) line.
    let mut offset = 0;
    let mut close = None;
    for line in after_open.split_inclusive('\n') {
        let l = line.trim_end_matches('\n').trim_end();
        if l == "---" || l == "..." {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((fm_end, body_start)) = close else {
        return Err(Diagnostic::error(path, t!("content.unclosed"))
            .at(1, 1)
            .help(t!("content.unclosed_help")));
    };
    // Each part copied once, straight into the shared string it is kept as.
    let front_matter: std::sync::Arc<str> = after_open[..fm_end].into();
    let body: std::sync::Arc<str> = after_open[body_start..].into();
    let mut broken = None;
    let meta: M = match yaml::parse(&front_matter, path, 2) {
        Ok(meta) => meta,
        Err(d) if front_matter.trim().is_empty() => {
            return Err(d.help(t!("content.front_matter_empty_help")));
        }
        // A text too big or too deep to read is not read a second time.
        Err(d)
            if matches!(
                d.message.key(),
                Some("yaml.aliases_too_big" | "yaml.too_deep")
            ) =>
        {
            return Err(d);
        }
        Err(d) => match salvage(&front_matter, path) {
            Some(meta) => {
                broken = Some(d);
                meta
            }
            None => return Err(d),
        },
    };
    let body_line = 2 + front_matter.matches('\n').count() + 1;
    let hash = crate::memo::fingerprint(&(&front_matter, &body));
    Ok(Document {
        path: path.to_path_buf(),
        meta,
        front_matter,
        body: Body::new(body),
        body_line,
        broken,
        hash,
    })
}

/// The front matter's values that can be read, for a front matter with an
/// error: each key is kept when it is known and its value has the right
/// type; a missing or broken `title` becomes the file name (all there is
/// when the YAML cannot be read at all). `None` when it has too many keys
/// to try one by one.
fn salvage<M: DeserializeOwned>(front_matter: &str, path: &Path) -> Option<M> {
    use serde_yaml::{Mapping, Value};
    const MAX_KEYS: usize = 40;
    let original = match serde_yaml::from_str::<Value>(front_matter) {
        Ok(Value::Mapping(m)) => m,
        _ => Mapping::new(),
    };
    if original.len() > MAX_KEYS {
        return None;
    }
    let mut kept = Mapping::new();
    kept.insert("title".into(), Value::String(file_stem(path)));
    for (k, v) in original {
        let mut candidate = kept.clone();
        candidate.insert(k, v);
        if serde_yaml::from_value::<M>(Value::Mapping(candidate.clone())).is_ok() {
            kept = candidate;
        }
    }
    serde_yaml::from_value(Value::Mapping(kept)).ok()
}

impl<M> Document<M> {
    /// Position of a front-matter value, in file lines.
    pub fn locate(&self, at: &[Seg]) -> Option<crate::diagnostics::Position> {
        yaml::locate(&self.front_matter, at).map(|mut p| {
            p.line += 1;
            p
        })
    }
}

/// Module-level checks on front matter that serde cannot make.
fn check_objectives(part: &Part, diags: &mut Diagnostics) {
    for m in &part.modules {
        let doc = &m.doc;
        if doc.meta.title.trim().is_empty() {
            diags.push(
                Diagnostic::error(&doc.path, t!("content.title_empty"))
                    .at_position(doc.locate(&[Seg::Key("title")]))
                    .help(t!("content.title_empty_help")),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (i, o) in doc.meta.objectives.iter().enumerate() {
            let pos = doc.locate(&[Seg::Key("objectives"), Seg::Index(i)]);
            if !is_url_safe(&o.id) {
                diags.push(
                    Diagnostic::error(&doc.path, t!("content.objective_id", id = &o.id))
                        .at_position(pos)
                        .help(crate::names::id_hint(&o.id)),
                );
            }
            if !seen.insert(o.id.as_str()) {
                diags.push(
                    Diagnostic::error(&doc.path, t!("content.objective_twice", id = &o.id))
                        .at_position(pos)
                        .help(t!("content.objective_twice_help")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_body_is_empty_and_its_copies_keep_their_text() {
        let body = Body::new("Tekst\n".into());
        let kept = body.clone();
        body.release();
        assert_eq!(&*body.text(), "");
        assert_eq!(&*kept.text(), "Tekst\n");
    }

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let d: Document<PageMeta> =
            parse_document("---\ntitle: A\n---\nBody\n".into(), Path::new("a.md")).unwrap();
        assert_eq!(d.meta.title, "A");
        assert_eq!(&*d.body.text(), "Body\n");
        assert_eq!(d.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e =
            parse_document::<PageMeta>("---\ntitle: A\n".into(), Path::new("a.md")).unwrap_err();
        assert_eq!(e.message.key(), Some("content.unclosed"));
    }

    #[test]
    fn unknown_key_names_line() {
        let doc = parse_document::<ModuleMeta>(
            "---\ntitle: A\nvarighed: 3\norder: 2\n---\n".into(),
            Path::new("a.md"),
        )
        .unwrap();
        // The values that can be read are kept, so the body is checked too.
        assert_eq!((doc.meta.title.as_str(), doc.meta.order), ("A", Some(2)));
        let e = doc.broken.expect("the front matter's error");
        assert_eq!(
            e.message_in(crate::messages::Language::Da),
            "ukendt nøgle `varighed`"
        );
        assert_eq!(e.position.unwrap().line, 3);
        assert!(
            e.help_in(crate::messages::Language::Da)
                .unwrap()
                .contains("duration")
        );
    }

    #[test]
    fn editor_files_are_ignored() {
        for n in [
            ".#a.md",
            "a.md~",
            "a.md.swp",
            "4913",
            "#a.md#",
            "a.md___jb_tmp___",
        ] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("a.md"));
    }
}
