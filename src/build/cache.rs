//! What a build may reuse from the build before it.
//!
//! `fokus serve` keeps one [`BuildCache`] between rebuilds, so saving one
//! module re-renders that module and what depends on it, not the whole
//! course. Every entry is reused only when everything it was made from is
//! unchanged: the exact source text, the rendering it came from (the same
//! shared value, kept alive by the cache so its identity stays unique), and
//! fingerprints of all else it can see (link targets and anchors,
//! exercises, templates, settings). A fresh cache is a clean build.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::i18n::Strings;
use crate::markdown::{Edition, Rendered};

/// Reusable results of earlier builds (see the module documentation).
#[derive(Default)]
pub struct BuildCache {
    /// Whether to keep this build's results for the next one (a one-off build does not).
    pub(super) keep: bool,
    /// What the Markdown renderings depend on besides their text.
    pub(super) setting: Option<(Edition, Strings)>,
    pub(super) modules: crate::content::ModuleCache,
    pub(super) markdown: HashMap<PathBuf, Markdown>,
    pub(super) bodies: HashMap<String, Body>,
    pub(super) pages: HashMap<String, (u64, Arc<Vec<u8>>)>,
    /// Module bodies prefixed for the print page: path → (body hash, module number, body).
    pub(super) print: HashMap<PathBuf, (u64, usize, Arc<String>)>,
    pub(super) fragments: HashMap<String, Fragment>,
}

/// A Markdown source and what it rendered to.
pub(super) struct Markdown {
    pub body: String,
    pub line: usize,
    pub rendered: Arc<Rendered>,
}

/// A page body with its links and embeds resolved.
pub(super) struct Body {
    pub rendered: Arc<Rendered>,
    pub key: u64,
    pub html: Arc<String>,
    pub hash: u64,
    pub diagnostics: Diagnostics,
}

/// A page's share of the search index and what it was made from.
pub(super) struct Fragment {
    pub rendered: Arc<Rendered>,
    pub number: usize,
    pub title: String,
    pub kind: crate::search::Kind,
    pub fragment: Arc<crate::search::Fragment>,
}

impl BuildCache {
    /// An empty cache that keeps each build's results for the next build.
    pub fn new() -> Self {
        BuildCache {
            keep: true,
            ..BuildCache::default()
        }
    }

    /// No cache: for a single build, which has nothing to reuse and no one to keep results for.
    pub fn none() -> Self {
        BuildCache::default()
    }

    /// Forget every rendering when what all of them depend on has changed.
    pub(super) fn check_setting(&mut self, edition: Edition, strings: &Strings) {
        let same = self
            .setting
            .as_ref()
            .is_some_and(|(e, s)| *e == edition && s == strings);
        if !same {
            *self = BuildCache {
                keep: self.keep,
                setting: Some((edition, strings.clone())),
                ..BuildCache::default()
            };
        }
    }
}

/// A 64-bit fingerprint of anything hashable.
pub(super) fn fingerprint(value: &impl Hash) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// A fingerprint of a value's JSON form, computed without building the JSON;
/// `None` (never reused) if the value cannot be written as JSON.
pub(super) fn fingerprint_json(seed: u64, value: &impl serde::Serialize) -> Option<u64> {
    struct HashWriter(std::hash::DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(std::hash::DefaultHasher::new());
    w.0.write_u64(seed);
    serde_json::to_writer(&mut w, value).ok()?;
    Some(w.0.finish())
}
