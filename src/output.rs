//! Writing the site: all or nothing, and never over the author's files.
//!
//! The site is written to a temporary folder beside the target and swapped
//! in only when every file is written, so a failed build leaves the previous
//! site untouched. fokus deletes only an output folder it made itself (it
//! holds a marker file) or an empty one, and refuses targets that would put
//! sources at risk.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::messages::Text;

/// Marker file that says "fokus made this folder; it may replace it".
pub const MARKER: &str = ".fokus-output";

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the site root, with `/` separators.
    pub path: String,
    /// Shared, so a rebuild can reuse a page and a server can serve it without copying.
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// Check that `out` is a safe place to write the site of the course at `root`.
pub fn check_target(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(out);
    let refuse = |why: Text| {
        Err(
            Diagnostic::general(t!("output.refuse", out = out.display(), why))
                .help(t!("output.refuse_help")),
        )
    };
    if out.parent().is_none() {
        return refuse(t!("output.why.root"));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && absolute(&home) == out
    {
        return refuse(t!("output.why.home"));
    }
    if out == root {
        return refuse(t!("output.why.course"));
    }
    if root.starts_with(&out) {
        return refuse(t!("output.why.contains_course"));
    }
    for src in crate::folders::SOURCE_DIRS.iter().chain(&[".git"]) {
        if out.starts_with(root.join(src)) {
            return refuse(t!("output.why.inside_sources", src));
        }
    }
    if out.is_file() {
        return refuse(t!("output.why.file"));
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return refuse(t!("output.why.foreign"));
        }
    }
    Ok(())
}

/// Absolute form of `p` with every symbolic link resolved, also when `p`
/// (or a folder on its way) does not exist yet, and also through a link
/// that points to something not yet made: what the build would really
/// write to.
pub fn resolve(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut p = crate::links::normalise(&joined);
    for _ in 0..40 {
        // The longest part of the path that exists (a dangling link counts).
        let mut existing = p.clone();
        let mut rest: Vec<std::ffi::OsString> = Vec::new();
        while std::fs::symlink_metadata(&existing).is_err() {
            match existing.file_name() {
                Some(n) => rest.push(n.to_os_string()),
                None => return p,
            }
            if !existing.pop() {
                return p;
            }
        }
        let tail = |base: PathBuf| rest.iter().rev().fold(base, |b, n| b.join(n));
        match existing.canonicalize() {
            Ok(c) => return tail(c),
            Err(_) => match std::fs::read_link(&existing) {
                // A link to something that does not exist yet: follow it by hand.
                Ok(target) => {
                    let base = existing.parent().unwrap_or(Path::new("/")).join(target);
                    p = tail(crate::links::normalise(&base));
                }
                Err(_) => return tail(existing),
            },
        }
    }
    p
}

fn absolute(p: &Path) -> PathBuf {
    resolve(p)
}

/// Name part of the temporary folders of a build of `out`:
/// `.public.fokus-new-<pid>` (being written) and `.public.fokus-old-<pid>`
/// (the previous site, while the new one is swapped in).
fn temp_prefix(out: &Path, kind: &str) -> String {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    format!(".{name}.fokus-{kind}-")
}

/// Whether the process that made a temporary folder is still running.
fn alive(pid: &str) -> bool {
    if pid == std::process::id().to_string() {
        return true;
    }
    let proc_fs = Path::new("/proc/self").exists();
    proc_fs && pid.parse::<u32>().is_ok() && Path::new("/proc").join(pid).exists()
}

/// Clean up after builds of `out` that were killed: put a previous site
/// back if a build was killed between moving it aside and moving the new
/// one in, and remove the temporary folders fokus made (those that hold its
/// marker, or are empty) whose process is gone.
pub fn recover(out: &Path) {
    let out = absolute(out);
    let Some(parent) = out.parent() else { return };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let (new_prefix, old_prefix) = (temp_prefix(&out, "new"), temp_prefix(&out, "old"));
    let mut stale = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let pid = match (
            name.strip_prefix(&new_prefix),
            name.strip_prefix(&old_prefix),
        ) {
            (Some(pid), _) => (pid.to_string(), false),
            (_, Some(pid)) => (pid.to_string(), true),
            _ => continue,
        };
        if alive(&pid.0) {
            continue;
        }
        let path = e.path();
        let ours = path.join(MARKER).is_file()
            || std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none());
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if ours && is_dir {
            stale.push((path, pid.1));
        }
    }
    // An old site whose replacement never arrived goes back first.
    if std::fs::symlink_metadata(&out).is_err()
        && let Some(i) = stale
            .iter()
            .position(|(p, is_old)| *is_old && p.join(MARKER).is_file())
        && std::fs::rename(&stale[i].0, &out).is_ok()
    {
        stale.remove(i);
    }
    for (p, _) in stale {
        let _ = std::fs::remove_dir_all(p);
    }
}

/// Write `files` as the site at `out`, replacing an earlier build atomically.
pub fn write_site(root: &Path, out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let writer = SiteWriter::start(root, out)?;
    files
        .par_iter()
        .try_for_each(|f| writer.write(&f.path, f.bytes.as_slice()))?;
    writer.finish()
}

fn io_error(p: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::general(t!("io.cannot_write", path = p.display(), error = e))
        .help(t!("io.cannot_write_help"))
}

/// The site at `out` being written file by file into a temporary folder
/// beside it, which [`SiteWriter::finish`] swaps in; dropped unfinished (a
/// failed build), it removes the temporary folder and the previous site
/// stays as it was.
pub struct SiteWriter {
    out: PathBuf,
    tmp: PathBuf,
    /// Folders made so far in `tmp`.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    done: bool,
}

impl SiteWriter {
    /// Check that `out` is a safe target, tidy up after killed builds and
    /// make the temporary folder with its marker.
    pub fn start(root: &Path, out: &Path) -> Result<SiteWriter, Diagnostic> {
        check_target(root, out)?;
        recover(out);
        let out = absolute(out);
        let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
        let pid = std::process::id();
        let tmp = parent.join(format!("{}{pid}", temp_prefix(&out, "new")));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| io_error(&tmp, e))?;
        }
        std::fs::create_dir(&tmp).map_err(|e| io_error(&tmp, e))?;
        let writer = SiteWriter {
            out,
            made: std::sync::Mutex::new([tmp.clone()].into_iter().collect()),
            tmp,
            done: false,
        };
        // The marker goes first, so a killed build leaves a folder that the
        // next build recognises as its own.
        writer.write(
            MARKER,
            b"This folder was written by fokus and is replaced by every build.\n",
        )?;
        Ok(writer)
    }

    /// Write one file of the site (`path` relative to the site root, `/` separators).
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let p = self.tmp.join(path);
        if let Some(dir) = p.parent() {
            let new = !self
                .made
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .contains(dir);
            if new {
                std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
                self.made
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert(dir.to_path_buf());
            }
        }
        std::fs::write(&p, bytes).map_err(|e| io_error(&p, e))
    }

    /// Swap the written site in for the previous one.
    pub fn finish(mut self) -> Result<(), Diagnostic> {
        self.done = true;
        let (out, tmp) = (&self.out, &self.tmp);
        let parent = out.parent().unwrap_or(Path::new("/"));
        let old = parent.join(format!("{}{}", temp_prefix(out, "old"), std::process::id()));
        if out.exists() {
            std::fs::rename(out, &old).map_err(|e| {
                let _ = std::fs::remove_dir_all(tmp);
                io_error(out, e)
            })?;
        }
        // Killed here, the next build's `recover` puts `old` back.
        if let Err(e) = std::fs::rename(tmp, out) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&old, out);
            let _ = std::fs::remove_dir_all(tmp);
            return Err(io_error(out, e));
        }
        if old.exists() {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for SiteWriter {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

impl crate::build::Sink for SiteWriter {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.write(&file.path, file.bytes.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_targets() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        assert!(check_target(root, root).is_err());
        assert!(check_target(root, &root.join("content")).is_err());
        assert!(check_target(root, &root.join("content/a/out")).is_err());
        assert!(check_target(root, Path::new("/")).is_err());
        assert!(check_target(root, root.parent().unwrap()).is_err());
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/notes.txt"), "x").unwrap();
        let e = check_target(root, &root.join("mine")).unwrap_err();
        assert!(
            format!("{:?}", e.message).contains("output.why.foreign"),
            "{:?}",
            e.message
        );
        assert!(check_target(root, &root.join("public")).is_ok());
    }

    #[test]
    fn replaces_an_earlier_site_and_keeps_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let f = |p: &str, b: &str| OutputFile {
            path: p.into(),
            bytes: std::sync::Arc::new(b.as_bytes().to_vec()),
        };
        write_site(
            dir.path(),
            &out,
            &[f("index.html", "1"), f("a/old.html", "x")],
        )
        .unwrap();
        write_site(dir.path(), &out, &[f("index.html", "2")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "2"
        );
        assert!(!out.join("a/old.html").exists());
        assert!(out.join(MARKER).exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("fokus-"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
