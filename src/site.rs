//! The site model: which pages exist, where each is written, and how a link
//! written as a path to a source file becomes a relative URL.
//!
//! Every URL in the output is relative to the page that contains it, so the
//! site works under any sub-path and when opened from disk.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::markdown::PendingLink;

/// Folder of the exercise pages in the output.
pub const EXERCISES_URL_DIR: &str = "opgaver";
/// Folder of the theme's and the course's assets in the output.
pub const ASSETS_DIR: &str = "assets";

/// Folders the site uses for its own pages; no part may have these names.
pub const RESERVED_DIRS: &[&str] = &[
    EXERCISES_URL_DIR,
    ASSETS_DIR,
    "udskrift",
    "fremskridt",
    "facit",
    "dagsplan",
    "slides",
    "vaerktoejer",
];

/// Root-relative URL of the home page.
pub const HOME_URL: &str = "index.html";

/// Root-relative URL of a part page.
pub fn part_url(part: &str) -> String {
    format!("{part}/index.html")
}

/// Root-relative URL of a module page.
pub fn module_url(part: &str, slug: &str) -> String {
    format!("{part}/{slug}.html")
}

/// Root-relative URL of a stand-alone page.
pub fn page_url(slug: &str) -> String {
    format!("{slug}.html")
}

/// Root-relative URL of an exercise page.
pub fn exercise_url(id: &str) -> String {
    format!("{EXERCISES_URL_DIR}/{id}.html")
}

/// Root-relative URL of the exercise overview.
pub fn exercises_index_url() -> String {
    format!("{EXERCISES_URL_DIR}/index.html")
}

/// The prefix that leads from a page back to the site root (`""` or `"../"`).
pub fn root_prefix(page_url: &str) -> String {
    "../".repeat(page_url.matches('/').count())
}

/// `to` (root-relative) as seen from the page at `from` (root-relative).
pub fn relative(from: &str, to: &str) -> String {
    // Always up to the root and down again: a link written for one page then works
    // unchanged on every page at the same depth (the print page reuses module bodies).
    format!("{}{to}", root_prefix(from))
}

/// A page a link can point to: its URL and the anchors it has.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: String,
    pub anchors: HashSet<String>,
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
        self.targets.insert(
            source.to_path_buf(),
            Target {
                url,
                anchors: anchors.into_iter().collect(),
            },
        );
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
    /// resolve every link the same way.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        let mut targets: Vec<_> = self.targets.iter().collect();
        targets.sort_by(|a, b| a.0.cmp(b.0));
        for (path, t) in targets {
            path.hash(&mut h);
            t.url.hash(&mut h);
            let mut anchors: Vec<&String> = t.anchors.iter().collect();
            anchors.sort();
            anchors.hash(&mut h);
        }
        let mut drafts: Vec<_> = self.drafts.iter().collect();
        drafts.sort();
        drafts.hash(&mut h);
        let mut assets: Vec<_> = self.assets.iter().collect();
        assets.sort();
        assets.hash(&mut h);
        h.finish()
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
    ) -> Result<String, Diagnostic> {
        if link.asset {
            return self.resolve_asset(link, from_file, from_url);
        }
        let (target, shown) = if link.path.is_empty() {
            let Some(own) = own else {
                return Ok(format!("#{}", link.anchor.as_deref().unwrap_or("")));
            };
            (own, String::new())
        } else {
            let path = normalise(&from_file.parent().unwrap_or(Path::new("")).join(&link.path));
            match self.targets.get(&path) {
                Some(t) => (t, relative(from_url, &t.url)),
                None => {
                    let help = if self.drafts.contains(&path) {
                        "the module is a draft (`draft: true`); publish it or build with --drafts"
                            .to_string()
                    } else {
                        format!(
                            "write the path relative to this file; it points to {}",
                            path.display()
                        )
                    };
                    return Err(Diagnostic::error(
                        from_file,
                        format!("the link to `{}` leads to no module or page", link.path),
                    )
                    .at(link.line, link.column)
                    .help(help));
                }
            }
        };
        let Some(anchor) = link.anchor.as_deref().filter(|a| !a.is_empty()) else {
            return Ok(crate::markdown::escape_html(&shown));
        };
        // Authors may write the heading's text or its slug.
        let candidates = [anchor.to_string(), crate::markdown::slug(anchor)];
        match candidates.iter().find(|a| target.anchors.contains(*a)) {
            Some(a) => Ok(crate::markdown::escape_html(&format!("{shown}#{a}"))),
            None => {
                let mut known: Vec<&str> = target.anchors.iter().map(String::as_str).collect();
                known.sort();
                let known = if known.is_empty() {
                    "the page has no headings with anchors".to_string()
                } else {
                    format!("anchors on that page: {}", known.join(", "))
                };
                Err(Diagnostic::error(
                    from_file,
                    format!(
                        "the anchor `#{anchor}` does not exist on {}",
                        if shown.is_empty() {
                            "this page".to_string()
                        } else {
                            format!("`{}`", link.path)
                        }
                    ),
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
    ) -> Result<String, Diagnostic> {
        let path = normalise(&from_file.parent().unwrap_or(Path::new("")).join(&link.path));
        match self.assets.get(&path) {
            Some(out) => {
                let anchor = link.anchor.as_deref().map(|a| format!("#{a}")).unwrap_or_default();
                Ok(crate::markdown::escape_html(&format!("{}{anchor}", relative(from_url, out))))
            }
            None => Err(Diagnostic::error(from_file, format!("the file `{}` does not exist", link.path))
                .at(link.line, link.column)
                .help(format!(
                    "put the file in content/ (beside the pages) or in static/, and write its path relative to this file; it points to {}",
                    path.display()
                ))),
        }
    }
}

/// Resolve `.` and `..` without touching the file system.
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

    #[test]
    fn relative_urls() {
        assert_eq!(relative("index.html", "roller/a.html"), "roller/a.html");
        assert_eq!(
            relative("roller/a.html", "jobfokus/b.html"),
            "../jobfokus/b.html"
        );
        assert_eq!(root_prefix("opgaver/x.html"), "../");
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
            "../b/c.html#maal"
        );
        let e = idx
            .resolve(&link("../b/d.md", None), from, "a/x.html", None)
            .unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.position.unwrap().line),
            ("the link to `../b/d.md` leads to no module or page", 7)
        );
        let e = idx
            .resolve(&link("../b/c.md", Some("nope")), from, "a/x.html", None)
            .unwrap_err();
        assert!(e.help.unwrap().contains("maal"));
    }
}
