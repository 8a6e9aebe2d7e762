//! Watching the course for changes with notify, and deciding when a burst
//! of file-system events has become one change worth a rebuild.
//!
//! Only what the build reads is watched: `course.yaml` and the folders
//! `content/`, `exercises/`, `themes/`, `templates/` and `static/`, each
//! recursively. The course root itself is watched non-recursively, to see
//! `course.yaml` and source folders that appear later, so a `target/` or
//! `node_modules/` beside the course costs no watches and wakes nothing.
//! Editor temp and swap files are ignored by name.
//!
//! A rebuild waits until every changed path is *settled*: a file closed
//! after writing, or renamed into place (how editors save), is complete, and
//! the rebuild starts after a short [`SETTLE_GRACE`] that gathers the rest
//! of the same save. Any other event (a write still open, a deletion that a
//! re-creation may follow, a new folder) waits for the quiet period instead,
//! and so does every event from systems that report no closing (the poll
//! watcher, macOS, Windows). A stream of events that never goes quiet still
//! rebuilds every [`MAX_WAIT`].

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use crate::messages::Text;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::content::is_ignored_name;

/// Folders under the course root that the build reads.
pub(crate) use crate::folders::SOURCE_DIRS;

/// Files in the course root that the build reads.
pub(crate) const SOURCE_FILES: &[&str] = &[crate::config::CONFIG_FILE];

/// How long to wait for the rest of a save once every changed path is settled.
pub(crate) const SETTLE_GRACE: Duration = Duration::from_millis(2);

/// The longest a rebuild waits for events that never stop (or the quiet
/// period, when that is longer).
pub(crate) const MAX_WAIT: Duration = Duration::from_secs(1);

/// What the watcher sends: one file-system event, or its error.
pub(crate) type RawEvent = notify::Result<notify::Event>;

enum Inner {
    Native(RecommendedWatcher),
    Poll(PollWatcher),
}

/// A running watcher over a course; stops when dropped.
pub(crate) struct Watcher {
    root: PathBuf,
    inner: Inner,
}

impl Watcher {
    /// Start watching nothing yet; events arrive on the returned channel.
    pub fn start(root: &Path, poll: bool) -> Result<(Watcher, Receiver<RawEvent>), String> {
        let (tx, rx) = channel();
        let inner = if poll {
            let config = notify::Config::default().with_poll_interval(super::POLL_INTERVAL);
            Inner::Poll(PollWatcher::new(tx, config).map_err(|e| e.to_string())?)
        } else {
            Inner::Native(
                RecommendedWatcher::new(tx, notify::Config::default())
                    .map_err(|e| e.to_string())?,
            )
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
            Inner::Native(w) => w.watch(path, mode),
            Inner::Poll(w) => w.watch(path, mode),
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

/// What waiting for the next change gave.
pub(crate) enum Next {
    /// Source paths changed (or the watcher reported errors).
    Changes(Changes),
    /// Nothing happened within the time asked for.
    Idle,
    /// The watcher stopped.
    Stopped,
}

/// Wait up to `idle` for an event; when it concerns the build, gather the
/// rest of its burst: until every changed path is settled (plus
/// [`SETTLE_GRACE`]), or until the file system has been quiet for `quiet`.
/// The changes may be empty (an event that does not concern the build).
pub(crate) fn next_change(
    events: &Receiver<RawEvent>,
    root: &Path,
    quiet: Duration,
    idle: Duration,
) -> Next {
    let mut changes = Changes::default();
    let first = match events.recv_timeout(idle) {
        Ok(event) => event,
        Err(RecvTimeoutError::Timeout) => return Next::Idle,
        Err(RecvTimeoutError::Disconnected) => return Next::Stopped,
    };
    if !changes.absorb(root, first) {
        // A read or an ignored file: nothing to gather.
        return Next::Changes(changes);
    }
    let began = Instant::now();
    let mut last = began;
    loop {
        let wait = if changes.settled() {
            SETTLE_GRACE
        } else {
            quiet
        };
        let deadline = (last + wait).min(began + quiet.max(MAX_WAIT));
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return Next::Changes(changes);
        };
        match events.recv_timeout(left) {
            Ok(event) => {
                if changes.absorb(root, event) {
                    last = Instant::now();
                }
            }
            Err(RecvTimeoutError::Timeout) => return Next::Changes(changes),
            Err(RecvTimeoutError::Disconnected) => return Next::Changes(changes),
        }
    }
}

/// What a burst of file-system events means for the build.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// Changed source paths, relative to the course root, each once.
    pub paths: Vec<PathBuf>,
    /// Source folders that appeared in the root and need a watch.
    pub new_source_dirs: Vec<PathBuf>,
    /// Errors the watcher reported.
    pub errors: Vec<String>,
    /// Changed paths whose last event does not say they are complete.
    unsettled: Vec<PathBuf>,
}

impl Changes {
    /// Take in one event; true when it concerns the build.
    pub fn absorb(&mut self, root: &Path, event: RawEvent) -> bool {
        let event = match event {
            Ok(event) => event,
            Err(error) => {
                self.errors.push(error.to_string());
                return true;
            }
        };
        let last = event.paths.len().saturating_sub(1);
        let appeared = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_)) | EventKind::Any
        );
        let mut relevant = false;
        for (i, path) in event.paths.iter().enumerate() {
            let done = match event.kind {
                // Closed after writing: the file is whole.
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                // Opened or read (the build itself reads the sources).
                EventKind::Access(_) => continue,
                // Renamed into place: the destination is whole.
                EventKind::Modify(ModifyKind::Name(RenameMode::To)) => true,
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => i == last,
                _ => false,
            };
            match classify(root, path) {
                Kind::Ignored => {}
                Kind::Source(rel) => {
                    self.add(rel, done);
                    relevant = true;
                }
                Kind::SourceDir(rel) => {
                    if appeared && path.is_dir() && !self.new_source_dirs.contains(path) {
                        self.new_source_dirs.push(path.clone());
                    }
                    self.add(rel, done);
                    relevant = true;
                }
            }
        }
        relevant
    }

    /// True when every changed path's last event said it is complete.
    pub fn settled(&self) -> bool {
        self.unsettled.is_empty()
    }

    fn add(&mut self, rel: PathBuf, done: bool) {
        if done {
            self.unsettled.retain(|p| p != &rel);
        } else if !self.unsettled.contains(&rel) {
            self.unsettled.push(rel.clone());
        }
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

#[cfg(test)]
mod settling {
    use super::*;
    use notify::Event;
    use notify::event::{CreateKind, DataChange, RemoveKind};
    use std::sync::mpsc::Sender;

    const ROOT: &str = "/kursus";
    const MODULE: &str = "/kursus/content/del/modul.md";
    /// So long that a test waiting for it would visibly hang.
    const LONG: Duration = Duration::from_secs(30);

    fn event(kind: EventKind, paths: &[&str]) -> RawEvent {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        Ok(e)
    }

    fn written() -> EventKind {
        EventKind::Modify(ModifyKind::Data(DataChange::Any))
    }

    fn closed() -> EventKind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
    }

    fn renamed(mode: RenameMode) -> EventKind {
        EventKind::Modify(ModifyKind::Name(mode))
    }

    fn absorbed(events: Vec<RawEvent>) -> Changes {
        let mut c = Changes::default();
        for e in events {
            c.absorb(Path::new(ROOT), e);
        }
        c
    }

    fn send(tx: &Sender<RawEvent>, events: Vec<RawEvent>) {
        for e in events {
            tx.send(e).unwrap();
        }
    }

    #[test]
    fn a_write_is_settled_only_when_the_file_is_closed() {
        let open = absorbed(vec![event(written(), &[MODULE])]);
        assert!(!open.settled());
        assert_eq!(open.paths, vec![PathBuf::from("content/del/modul.md")]);
        let whole = absorbed(vec![
            event(written(), &[MODULE]),
            event(closed(), &[MODULE]),
        ]);
        assert!(whole.settled());
        assert_eq!(whole.paths.len(), 1);
    }

    #[test]
    fn a_rename_into_place_is_settled_and_the_temporary_file_ignored() {
        let tmp = "/kursus/content/del/.modul.md.swp";
        let c = absorbed(vec![
            event(EventKind::Create(CreateKind::File), &[tmp]),
            event(written(), &[tmp]),
            event(closed(), &[tmp]),
            event(renamed(RenameMode::From), &[tmp]),
            event(renamed(RenameMode::To), &[MODULE]),
            event(renamed(RenameMode::Both), &[tmp, MODULE]),
        ]);
        assert!(c.settled());
        assert_eq!(c.paths, vec![PathBuf::from("content/del/modul.md")]);
    }

    #[test]
    fn a_deleted_or_moved_away_file_waits_for_quiet() {
        // An editor that renames the original away writes it anew at once.
        let away = absorbed(vec![event(renamed(RenameMode::From), &[MODULE])]);
        assert!(!away.settled());
        let gone = absorbed(vec![event(EventKind::Remove(RemoveKind::File), &[MODULE])]);
        assert!(!gone.settled());
        let back = absorbed(vec![
            event(renamed(RenameMode::From), &[MODULE]),
            event(EventKind::Create(CreateKind::File), &[MODULE]),
            event(closed(), &[MODULE]),
        ]);
        assert!(back.settled());
    }

    #[test]
    fn reads_and_ignored_files_are_not_changes() {
        let mut c = Changes::default();
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        assert!(!c.absorb(Path::new(ROOT), event(open, &[MODULE])));
        assert!(!c.absorb(
            Path::new(ROOT),
            event(written(), &["/kursus/public/x.html"])
        ));
        assert!(c.paths.is_empty());
    }

    #[test]
    fn a_settled_save_does_not_wait_for_the_quiet_period() {
        let (tx, rx) = channel();
        send(
            &tx,
            vec![event(written(), &[MODULE]), event(closed(), &[MODULE])],
        );
        let started = Instant::now();
        let Next::Changes(c) = next_change(&rx, Path::new(ROOT), LONG, LONG) else {
            panic!("no change reported");
        };
        assert!(started.elapsed() < LONG / 2, "waited for the quiet period");
        assert_eq!(c.paths, vec![PathBuf::from("content/del/modul.md")]);
    }

    #[test]
    fn an_unfinished_write_waits_for_the_quiet_period_and_gathers_what_follows() {
        let (tx, rx) = channel();
        let quiet = Duration::from_millis(300);
        send(&tx, vec![event(written(), &[MODULE])]);
        let other = "/kursus/exercises/ny.yaml";
        let later = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            send(&tx, vec![event(written(), &[other])]);
            tx
        });
        let started = Instant::now();
        let Next::Changes(c) = next_change(&rx, Path::new(ROOT), quiet, LONG) else {
            panic!("no change reported");
        };
        assert!(started.elapsed() >= quiet, "did not wait for quiet");
        assert_eq!(c.paths.len(), 2, "{:?}", c.paths);
        drop(later.join());
    }

    #[test]
    fn events_that_never_stop_still_rebuild() {
        let (tx, rx) = channel();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writer = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    if tx.send(event(written(), &[MODULE])).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        };
        let quiet = Duration::from_millis(100);
        let started = Instant::now();
        let next = next_change(&rx, Path::new(ROOT), quiet, LONG);
        let waited = started.elapsed();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        drop(writer.join());
        assert!(matches!(next, Next::Changes(_)));
        assert!(waited >= MAX_WAIT && waited < LONG / 2, "{waited:?}");
    }

    #[test]
    fn a_stopped_watcher_and_an_idle_one_are_told_apart() {
        let (tx, rx) = channel::<RawEvent>();
        assert!(matches!(
            next_change(&rx, Path::new(ROOT), LONG, Duration::from_millis(10)),
            Next::Idle
        ));
        drop(tx);
        assert!(matches!(
            next_change(&rx, Path::new(ROOT), LONG, LONG),
            Next::Stopped
        ));
    }
}
