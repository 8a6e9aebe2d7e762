//! Watching the course for changes: notify with notify-debouncer-full.
//!
//! Only what the build reads is watched: `course.yaml` and the folders
//! `content/`, `exercises/`, `themes/`, `templates/` and `static/`, each
//! recursively. The course root itself is watched non-recursively, to see
//! `course.yaml` and source folders that appear later, so a `target/` or
//! `node_modules/` beside the course costs no watches and wakes nothing.
//! The debouncer pairs the halves of a rename, so editors that save by
//! writing a temporary file and renaming it over the original are seen as
//! one change; editor temp and swap files are ignored by name.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::messages::Text;
use notify::event::{EventKind, ModifyKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use crate::content::is_ignored_name;

/// Folders under the course root that the build reads.
pub(crate) use crate::folders::SOURCE_DIRS;

/// Files in the course root that the build reads.
pub(crate) const SOURCE_FILES: &[&str] = &[crate::config::CONFIG_FILE];

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// A running watcher over a course; stops when dropped.
pub(crate) struct Watcher {
    root: PathBuf,
    inner: Inner,
}

impl Watcher {
    /// Start watching nothing yet; events arrive on the returned channel.
    pub fn start(
        root: &Path,
        poll: bool,
        debounce: Duration,
    ) -> Result<(Watcher, Receiver<DebounceEventResult>), String> {
        let (tx, rx) = channel();
        let inner = if poll {
            let config = notify::Config::default().with_poll_interval(super::POLL_INTERVAL);
            Inner::Poll(
                new_debouncer_opt::<_, PollWatcher, NoCache>(debounce, None, tx, NoCache, config)
                    .map_err(|e| e.to_string())?,
            )
        } else {
            Inner::Native(new_debouncer(debounce, None, tx).map_err(|e| e.to_string())?)
        };
        Ok((
            Watcher {
                root: root.to_path_buf(),
                inner,
            },
            rx,
        ))
    }

    /// Watch the root (non-recursively) and every source folder that exists.
    ///
    /// Returns warnings for folders that could not be watched; a failure to
    /// watch the root is among them, since source folders can still work.
    pub fn watch_sources(&mut self) -> Vec<Text> {
        let mut warnings = Vec::new();
        let root = self.root.clone();
        if let Err(e) = self.watch(&root, RecursiveMode::NonRecursive) {
            warnings.push(e);
        }
        for dir in SOURCE_DIRS {
            let path = root.join(dir);
            if path.is_dir()
                && let Err(e) = self.watch_dir(&path)
            {
                warnings.push(e);
            }
        }
        warnings
    }

    /// Watch a (new) source folder recursively.
    pub fn watch_dir(&mut self, dir: &Path) -> Result<(), Text> {
        self.watch(dir, RecursiveMode::Recursive)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<(), Text> {
        let r = match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        };
        r.map_err(|e| {
            let folder = path.display().to_string();
            if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                t!("serve.watch_limit", folder)
            } else {
                t!("serve.cannot_watch", folder, error = e.to_string())
            }
        })
    }
}

/// What one or more batches of debounced events mean for the build.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// Changed source paths, relative to the course root, each once.
    pub paths: Vec<PathBuf>,
    /// Source folders that appeared in the root and need a watch.
    pub new_source_dirs: Vec<PathBuf>,
    /// Errors the watcher reported.
    pub errors: Vec<String>,
}

impl Changes {
    /// Add a batch of debounced events.
    pub fn absorb(&mut self, root: &Path, batch: DebounceEventResult) {
        let events = match batch {
            Ok(events) => events,
            Err(errors) => {
                self.errors
                    .extend(errors.into_iter().map(|e| e.to_string()));
                return;
            }
        };
        for event in events {
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            let appeared = matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_)) | EventKind::Any
            );
            for path in &event.paths {
                match classify(root, path) {
                    Kind::Ignored => {}
                    Kind::Source(rel) => self.add(rel),
                    Kind::SourceDir(rel) => {
                        if appeared && path.is_dir() && !self.new_source_dirs.contains(path) {
                            self.new_source_dirs.push(path.clone());
                        }
                        self.add(rel);
                    }
                }
            }
        }
    }

    fn add(&mut self, rel: PathBuf) {
        if !self.paths.contains(&rel) {
            self.paths.push(rel);
        }
    }
}

/// How a path reported by the watcher matters.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Not read by the build (output folders, editor temp files, other files).
    Ignored,
    /// A file or folder the build reads, relative to the root.
    Source(PathBuf),
    /// One of the source folders themselves, relative to the root.
    SourceDir(PathBuf),
}

/// Decide whether `path` (absolute, under `root`) is something the build reads.
pub(crate) fn classify(root: &Path, path: &Path) -> Kind {
    let Ok(rel) = path.strip_prefix(root) else {
        return Kind::Ignored;
    };
    let mut names = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(n) => {
                let name = n.to_string_lossy();
                // Every component: `content/.git/x`, `content/a/.#b.md` and `x.md~` alike.
                if is_ignored_name(&name) {
                    return Kind::Ignored;
                }
                names.push(name.into_owned());
            }
            _ => return Kind::Ignored,
        }
    }
    match names.as_slice() {
        [] => Kind::Ignored,
        [one] if SOURCE_FILES.contains(&one.as_str()) => Kind::Source(rel.to_path_buf()),
        [one] if SOURCE_DIRS.contains(&one.as_str()) => Kind::SourceDir(rel.to_path_buf()),
        [first, _, ..] if SOURCE_DIRS.contains(&first.as_str()) => Kind::Source(rel.to_path_buf()),
        _ => Kind::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(p: &str) -> Kind {
        classify(
            Path::new("/kursus/.tmpX"),
            &Path::new("/kursus/.tmpX").join(p),
        )
    }

    #[test]
    fn sources_are_seen_even_under_a_hidden_root() {
        assert_eq!(
            kind("content/del/modul.md"),
            Kind::Source("content/del/modul.md".into())
        );
        assert_eq!(kind("course.yaml"), Kind::Source("course.yaml".into()));
        assert_eq!(
            kind("themes/default/templates/base.html"),
            Kind::Source("themes/default/templates/base.html".into())
        );
        assert_eq!(kind("templates"), Kind::SourceDir("templates".into()));
        assert_eq!(
            kind("exercises/ny.yaml"),
            Kind::Source("exercises/ny.yaml".into())
        );
    }

    #[test]
    fn editor_files_and_output_are_ignored() {
        for p in [
            "content/del/.modul.md.swp",
            "content/del/modul.md~",
            "content/del/4913",
            "content/del/.#modul.md",
            "content/del/#modul.md#",
            "content/del/modul.md___jb_tmp___",
            "content/.git/index",
            "public/index.html",
            "public-trainer/index.html",
            "target/release/fokus",
            "node_modules/x/index.js",
            ".git/HEAD",
            "README.md",
            "",
        ] {
            assert_eq!(kind(p), Kind::Ignored, "{p}");
        }
        assert_eq!(
            classify(Path::new("/a"), Path::new("/b/content/x.md")),
            Kind::Ignored
        );
    }
}
