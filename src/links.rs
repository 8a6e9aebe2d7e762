//! The link index: how a link written as a path to a source file becomes a
//! relative URL, and which anchors each page has.
//!
//! Every URL in the output is relative to the page that contains it, so the
//! site works under any sub-path and when opened from disk.

// Keys are the course's own paths and heading ids, hashed at every rebuild of
// `fokus serve`: FxHash is several times faster than SipHash on such keys.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::escape::html as escape_html;
use crate::markdown::PendingLink;
use crate::names::slug;
use crate::route::relative;

/// Where a resolved link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Href {
    /// Another page or file, relative to the linking page (HTML-escaped, with any `#anchor`).
    Url(String),
    /// An anchor on the linking page itself (HTML-escaped id).
    Anchor(String),
}

impl Href {
    /// Write the attribute value; `idp` is the page's id prefix (the print page numbers modules).
    pub fn write(&self, idp: &str, out: &mut String) {
        match self {
            Href::Url(u) => out.push_str(u),
            Href::Anchor(a) => {
                out.push('#');
                out.push_str(idp);
                out.push_str(a);
            }
        }
    }
}

/// A page a link can point to: its URL and the anchors it has.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: String,
    pub anchors: HashSet<String>,
}

impl Target {
    /// The page at `url` with these anchors.
    pub fn new(url: String, anchors: impl IntoIterator<Item = String>) -> Self {
        Target {
            url,
            anchors: anchors.into_iter().collect(),
        }
    }
}

/// Source path (`content/x/y.md`) → page, for resolving links between files.
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    targets: HashMap<PathBuf, Target>,
    drafts: HashSet<PathBuf>,
    /// Files copied into the site: source path (`content/a/b.png`) → output path (`a/b.png`).
    assets: HashMap<PathBuf, String>,
}

impl LinkIndex {
    /// Register the page built from `source`.
    pub fn insert(
        &mut self,
        source: &Path,
        url: String,
        anchors: impl IntoIterator<Item = String>,
    ) {
        self.targets
            .insert(source.to_path_buf(), Target::new(url, anchors));
    }

    /// Register many pages at once: `(source, target)` pairs made elsewhere
    /// (the build makes them in parallel).
    pub fn extend(&mut self, targets: Vec<(PathBuf, Target)>) {
        self.targets.reserve(targets.len());
        self.targets.extend(targets);
    }

    /// Remember a draft left out of the build, for a clearer error.
    pub fn insert_draft(&mut self, source: &Path) {
        self.drafts.insert(source.to_path_buf());
    }

    /// Register a file copied into the site from `source` to `output` (root-relative).
    pub fn insert_asset(&mut self, source: PathBuf, output: String) {
        self.assets.insert(source, output);
    }

    /// A fingerprint of every target, anchor, draft and file: equal fingerprints
    /// resolve every link the same way. Each entry is hashed on its own and
    /// the hashes are summed, so the maps' order does not matter and nothing
    /// is sorted (`fokus serve` takes this at every rebuild).
    pub fn fingerprint(&self) -> u64 {
        use crate::memo::fingerprint;
        fn bytes(p: &Path) -> &[u8] {
            p.as_os_str().as_encoded_bytes()
        }
        let sum = |hashes: &mut dyn Iterator<Item = u64>| hashes.fold(0u64, u64::wrapping_add);
        let targets = sum(&mut self.targets.iter().map(|(path, t)| {
            let anchors = sum(&mut t.anchors.iter().map(fingerprint));
            fingerprint(&(bytes(path), &t.url, anchors))
        }));
        let drafts = sum(&mut self.drafts.iter().map(|p| fingerprint(&bytes(p))));
        let assets = sum(&mut self.assets.iter().map(|(p, o)| fingerprint(&(bytes(p), o))));
        fingerprint(&(targets, drafts, assets))
    }

    /// The target for a source path.
    pub fn get(&self, source: &Path) -> Option<&Target> {
        self.targets.get(source)
    }

    /// Resolve `link`, written in `from_file`, for a page at `from_url`.
    ///
    /// `own` is the target of the page itself, for `#anchor` links.
    pub fn resolve(
        &self,
        link: &PendingLink,
        from_file: &Path,
        from_url: &str,
        own: Option<&Target>,
    ) -> Result<Href, Diagnostic> {
        if link.asset {
            return self.resolve_asset(link, from_file, from_url);
        }
        let (target, shown) = if link.path.is_empty() {
            let Some(own) = own else {
                return Ok(Href::Anchor(escape_html(
                    link.anchor.as_deref().unwrap_or(""),
                )));
            };
            (own, String::new())
        } else {
            let path = beside(from_file, &percent_decoded(&link.path));
            match self.targets.get(&path) {
                Some(t) => (t, relative(from_url, &t.url)),
                None => {
                    let help = if self.drafts.contains(&path) {
                        t!("links.draft")
                    } else {
                        t!("links.relative", path = path.display())
                    };
                    return Err(Diagnostic::error(
                        from_file,
                        t!("links.no_target", path = &link.path),
                    )
                    .at(link.line, link.column)
                    .help(help));
                }
            }
        };
        let Some(anchor) = link.anchor.as_deref().filter(|a| !a.is_empty()) else {
            return Ok(Href::Url(escape_html(&shown)));
        };
        // Authors may write the heading's text or its slug.
        let found = if target.anchors.contains(anchor) {
            Some(anchor.to_string())
        } else {
            Some(slug(anchor)).filter(|a| target.anchors.contains(a))
        };
        match found {
            Some(a) if shown.is_empty() => Ok(Href::Anchor(escape_html(&a))),
            Some(a) => {
                let mut url = shown;
                url.push('#');
                url.push_str(&a);
                Ok(Href::Url(escape_html(&url)))
            }
            None => {
                let mut known: Vec<&str> = target.anchors.iter().map(String::as_str).collect();
                known.sort();
                const SHOWN: usize = 12;
                let more = known.len().saturating_sub(SHOWN);
                known.truncate(SHOWN);
                let known = match (known.is_empty(), more) {
                    (true, _) => t!("links.no_anchors"),
                    (false, 0) => t!("links.anchors", list = known.join(", ")),
                    (false, n) => t!("links.anchors_more", list = known.join(", "), n),
                };
                Err(Diagnostic::error(
                    from_file,
                    if shown.is_empty() {
                        t!("links.no_anchor_here", anchor)
                    } else {
                        t!("links.no_anchor", anchor, path = &link.path)
                    },
                )
                .at(link.line, link.column)
                .help(known))
            }
        }
    }
}

impl LinkIndex {
    fn resolve_asset(
        &self,
        link: &PendingLink,
        from_file: &Path,
        from_url: &str,
    ) -> Result<Href, Diagnostic> {
        let path = beside(from_file, &percent_decoded(&link.path));
        match self.assets.get(&path) {
            Some(out) => {
                let anchor = link
                    .anchor
                    .as_deref()
                    .map(|a| format!("#{a}"))
                    .unwrap_or_default();
                Ok(Href::Url(escape_html(&format!(
                    "{}{anchor}",
                    relative(from_url, out)
                ))))
            }
            None => {
                // `velkommen` or `velkommen.html` for a module `velkommen.md`.
                let module = path.with_extension("md");
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                let help =
                    if matches!(ext, "" | "html" | "htm") && self.targets.contains_key(&module) {
                        let mut suggestion = Path::new(&link.path)
                            .with_extension("md")
                            .display()
                            .to_string();
                        if let Some(a) = &link.anchor {
                            suggestion.push('#');
                            suggestion.push_str(a);
                        }
                        return Err(Diagnostic::error(
                            from_file,
                            t!("links.missing_md", path = &link.path),
                        )
                        .at(link.line, link.column)
                        .help(t!("links.did_you_mean", suggestion)));
                    } else {
                        t!("links.file_missing_help", path = path.display())
                    };
                Err(
                    Diagnostic::error(from_file, t!("links.file_missing", path = &link.path))
                        .at(link.line, link.column)
                        .help(help),
                )
            }
        }
    }
}

/// Resolve `.` and `..` without touching the file system.
/// `%C3%98velse%201.md` → `Øvelse 1.md`: a link to a file whose name has
/// spaces or Danish letters may be written either way. Text that is not a
/// valid escape, or would not be UTF-8, stays as written.
pub fn percent_decoded(path: &str) -> String {
    if !path.contains('%') {
        return path.to_string();
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// The path `rel` (as written in a link) from the folder of `file`,
/// normalised as [`normalise`] does. Links are resolved for every page they
/// are on, so the common case (relative paths in UTF-8 with `/`) is joined
/// as text, without building a path component by component.
fn beside(file: &Path, rel: &str) -> PathBuf {
    let plain = |f: &str| std::path::MAIN_SEPARATOR == '/' && !f.starts_with('/');
    match file.to_str() {
        Some(f) if plain(f) && !f.ends_with('/') && !rel.starts_with('/') => {
            // The folder is what comes before the last slash, as `Path::parent` says.
            let dir = f.rfind('/').and_then(|i| f.get(..i)).unwrap_or("");
            let mut out = String::with_capacity(f.len() + rel.len());
            for part in dir.split('/').chain(rel.split('/')) {
                match part {
                    "" | "." => {}
                    ".." => out.truncate(out.rfind('/').unwrap_or(0)),
                    part => {
                        if !out.is_empty() {
                            out.push('/');
                        }
                        out.push_str(part);
                    }
                }
            }
            PathBuf::from(out)
        }
        _ => normalise(&file.parent().unwrap_or(Path::new("")).join(rel)),
    }
}

pub fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Language::Da;

    #[test]
    fn links_are_joined_as_the_paths_would_be() {
        let files = [
            "x.md",
            "content/x.md",
            "content/a/",
            "./x.md",
            "content//a/x.md",
            "content/./a/x.md",
            "content/a/../b/x.md",
            "content/a/x.md",
            "content/a/b/x.md",
            "/abs/x.md",
            "content/æø/x.md",
        ];
        let rels = [
            "y.md",
            "./y.md",
            "../y.md",
            "../../y.md",
            "../../../../y.md",
            "a//b.md",
            "a/./b.md",
            "a/../b.md",
            "a/b/../../c.md",
            "",
            ".",
            "..",
            "/abs.md",
            "y/",
            "å/ø.md",
        ];
        for f in files {
            for r in rels {
                let file = Path::new(f);
                let by_path = normalise(&file.parent().unwrap_or(Path::new("")).join(r));
                assert_eq!(beside(file, r), by_path, "{f} + {r}");
            }
        }
    }

    #[test]
    fn resolves_links_and_anchors() {
        let mut idx = LinkIndex::default();
        idx.insert(
            Path::new("content/b/c.md"),
            "b/c.html".into(),
            ["maal".to_string()],
        );
        let from = Path::new("content/a/x.md");
        let link = |p: &str, a: Option<&str>| PendingLink {
            path: p.into(),
            anchor: a.map(Into::into),
            line: 7,
            column: 3,
            asset: false,
        };
        assert_eq!(
            idx.resolve(&link("../b/c.md", Some("mål")), from, "a/x.html", None)
                .unwrap(),
            Href::Url("../b/c.html#maal".into())
        );
        let e = idx
            .resolve(&link("../b/d.md", None), from, "a/x.html", None)
            .unwrap_err();
        assert_eq!(
            (e.message_in(Da).as_str(), e.position.unwrap().line),
            (
                "linket til `../b/d.md` fører ikke til et modul eller en side",
                7
            )
        );
        let e = idx
            .resolve(&link("../b/c.md", Some("nope")), from, "a/x.html", None)
            .unwrap_err();
        assert!(e.help_in(Da).unwrap().contains("maal"));
        // A module link without `.md` suggests the right link.
        let asset = |p: &str| PendingLink {
            asset: true,
            ..link(p, None)
        };
        for written in ["../b/c", "../b/c.html"] {
            let e = idx
                .resolve(&asset(written), from, "a/x.html", None)
                .unwrap_err();
            assert_eq!(
                e.help_in(Da).as_deref(),
                Some("mente du `../b/c.md`?"),
                "{written}"
            );
        }
        let e = idx
            .resolve(&asset("../b/nothing"), from, "a/x.html", None)
            .unwrap_err();
        assert_eq!(e.message.key(), Some("links.file_missing"));
    }
}
