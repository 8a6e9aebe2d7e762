//! Reading source files safely.
//!
//! Every file fokus reads from a course goes through this module:
//! [`read_course_text`] and [`read_course_bytes`] for one file, [`walk`] for
//! the files below a folder. Both resolve symbolic links and refuse anything
//! that leads outside the course folder (`/etc/passwd`, `/proc/self/environ`,
//! a home folder), a link loop, and anything that is not a regular file (a
//! FIFO, `/dev/zero`, a socket): the error names the link and its target, and
//! nothing is read. Links that stay inside the course keep working.
//!
//! Text files are also checked for size and encoding in one place, so that a
//! huge file, a non-UTF-8 file, a byte-order mark or Windows line endings are
//! handled the same way everywhere and reported with the file's name.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::Text;

/// Largest source file fokus accepts (10 MB); larger files are almost
/// certainly a mistake and would make the build slow.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Largest file copied to the site unchanged (images, PDFs): 200 MB.
pub const MAX_ASSET_BYTES: u64 = 200 * 1024 * 1024;

/// Why a path of the course may not be read.
fn refuse(display: &Path, message: Text, help: Text) -> Diagnostic {
    Diagnostic::error(display, message).help(help)
}

/// The canonical form of the course root (the root itself when that fails).
pub fn course_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// The first symbolic link on the way from `root` to `root/rel`, as
/// (its path relative to the root, what it points to).
fn first_link(root: &Path, rel: &Path) -> Option<(PathBuf, PathBuf)> {
    let mut at = root.to_path_buf();
    let mut shown = PathBuf::new();
    for c in rel.components() {
        at.push(c);
        shown.push(c);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some((shown, std::fs::read_link(&at).unwrap_or_default()));
        }
    }
    None
}

/// Is this OS error "too many levels of symbolic links"?
fn is_loop(e: &std::io::Error) -> bool {
    // ELOOP is 40 on Linux, 62 on the BSDs and macOS.
    matches!(e.raw_os_error(), Some(40) if cfg!(target_os = "linux"))
        || matches!(e.raw_os_error(), Some(62) if !cfg!(target_os = "linux"))
        || e.to_string().contains("symbolic links")
}

/// Resolve `root/rel` and check that it stays inside the course.
///
/// `root` must be canonical ([`course_root`]). Returns the canonical path.
pub fn resolve_inside(root: &Path, rel: &Path, display: &Path) -> Result<PathBuf, Diagnostic> {
    let rel = rel.strip_prefix(root).unwrap_or(rel);
    if rel.components().any(|c| {
        matches!(
            c,
            Component::ParentDir | Component::RootDir | Component::Prefix(_)
        )
    }) {
        return Err(refuse(
            display,
            t!("source.outside"),
            t!("source.outside_help"),
        ));
    }
    let full = root.join(rel);
    let canonical = match full.canonicalize() {
        Ok(c) => c,
        Err(e) if is_loop(&e) => {
            let (link, target) = first_link(root, rel).unwrap_or_default();
            return Err(refuse(
                display,
                t!(
                    "source.link_loop",
                    link = link.display(),
                    target = target.display()
                ),
                t!("source.link_loop_help"),
            ));
        }
        Err(e) => {
            return Err(match first_link(root, rel) {
                Some((link, target)) => refuse(
                    display,
                    t!(
                        "source.link_dangling",
                        link = link.display(),
                        target = target.display(),
                        error = &e
                    ),
                    t!("source.link_dangling_help"),
                ),
                None => refuse(
                    display,
                    t!("source.cannot_read", error = &e),
                    t!("source.cannot_read_help"),
                ),
            });
        }
    };
    if !canonical.starts_with(root) {
        let (link, target) =
            first_link(root, rel).unwrap_or_else(|| (rel.to_path_buf(), canonical.clone()));
        return Err(refuse(
            display,
            outside_message(&link, &target, &canonical),
            t!("source.link_outside_help"),
        ));
    }
    Ok(canonical)
}

fn outside_message(link: &Path, target: &Path, canonical: &Path) -> Text {
    let target = if target == canonical {
        target.display().to_string()
    } else {
        format!("{} ({})", target.display(), canonical.display())
    };
    t!("source.link_outside", link = link.display(), target)
}

/// How a course file is opened: for reading, and (on Unix) never waiting
/// for a writer, as opening a FIFO for reading would. `follow` says whether
/// a link in the last place of the path is followed.
fn open_options(follow: bool) -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    #[cfg(not(unix))]
    let _ = follow;
    options
}

/// `root/rel` opened the quick way, when it plainly stays inside `root`:
/// `rel` goes down through folders that are not links (each looked at) to
/// a name that is opened without following a link. That is every file of
/// a course without links, and it costs two or three small system calls
/// instead of resolving every folder from `/` twice. `None` for anything
/// else (a link, `..`, a missing file): then [`resolve_inside`] decides and
/// names the problem.
fn open_plain(root: &Path, rel: &Path) -> Option<std::fs::File> {
    // Without O_NOFOLLOW the last name could be a link leading anywhere.
    if !cfg!(unix) {
        return None;
    }
    let rel = rel.strip_prefix(root).unwrap_or(rel);
    let mut at = root.to_path_buf();
    let mut parts = rel.components().peekable();
    parts.peek()?;
    while let Some(part) = parts.next() {
        let Component::Normal(name) = part else {
            return None;
        };
        at.push(name);
        if parts.peek().is_some() && !std::fs::symlink_metadata(&at).ok()?.is_dir() {
            return None;
        }
    }
    open_options(false).open(&at).ok()
}

/// Open `root/rel` for reading ([`open_plain`], or after [`resolve_inside`]),
/// refusing anything but a regular file and any file larger than `max`
/// bytes. Gives the file and its size.
fn open_regular(
    root: &Path,
    rel: &Path,
    display: &Path,
    max: u64,
) -> Result<(std::fs::File, u64), Diagnostic> {
    let file = match open_plain(root, rel) {
        Some(file) => file,
        None => {
            let canonical = resolve_inside(&course_root(root), rel, display)?;
            open_options(true).open(&canonical).map_err(|e| {
                refuse(
                    display,
                    t!("source.cannot_read", error = &e),
                    t!("source.cannot_read_help"),
                )
            })?
        }
    };
    let meta = file.metadata().map_err(|e| {
        refuse(
            display,
            t!("source.cannot_read", error = &e),
            t!("source.may_read_help"),
        )
    })?;
    if !meta.is_file() {
        return Err(not_regular(display, &meta.file_type()));
    }
    if meta.len() > max {
        return Err(refuse(
            display,
            t!(
                "source.too_big",
                size = format!("{:.1}", meta.len() as f64 / 1_048_576.0),
                max = max / 1_048_576
            ),
            t!("source.too_big_help"),
        ));
    }
    Ok((file, meta.len()))
}

fn not_regular(display: &Path, t: &std::fs::FileType) -> Diagnostic {
    let what = if t.is_dir() {
        t!("source.kind.folder")
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                t!("source.kind.fifo")
            } else if t.is_char_device() || t.is_block_device() {
                t!("source.kind.device")
            } else if t.is_socket() {
                t!("source.kind.socket")
            } else {
                t!("source.kind.other")
            }
        }
        #[cfg(not(unix))]
        {
            t!("source.kind.other")
        }
    };
    refuse(
        display,
        t!("source.not_regular", what),
        t!("source.not_regular_help"),
    )
}

/// Read at most `max` bytes of an opened file of `size` bytes (it may have
/// grown since): room for all of it and one more is made at once, so that a
/// file is read in one call and a second that finds its end.
fn read_limited(
    (mut file, size): (std::fs::File, u64),
    display: &Path,
    max: u64,
) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(max) + 1).unwrap_or(0));
    (&mut file)
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            refuse(
                display,
                t!("source.cannot_read", error = &e),
                t!("source.may_read_help"),
            )
        })?;
    if bytes.len() as u64 > max {
        return Err(refuse(
            display,
            t!("source.larger_than", max = max / 1_048_576),
            t!("source.larger_than_help"),
        ));
    }
    Ok(bytes)
}

/// A fingerprint of what changes whenever the file `rel` of the course at
/// `root` changes (its identity, size and times: what `make` and Git look
/// at), so that a rebuild can keep what it made from an unchanged file
/// without reading it again. `None` (read it) when the file cannot be
/// looked at, or when it changed so recently that another change within the
/// file system's clock resolution would leave the stamp as it is.
pub fn stamp(root: &Path, rel: &Path) -> Option<u64> {
    const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);
    let meta = std::fs::metadata(root.join(rel)).ok()?;
    let modified = meta.modified().ok()?;
    if modified.elapsed().map_or(true, |age| age < SETTLED) {
        return None;
    }
    #[cfg(unix)]
    let identity = {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
    };
    #[cfg(not(unix))]
    let identity = ();
    Some(crate::memo::fingerprint(&(meta.len(), modified, identity)))
}

/// What `read` makes of the file `path`, reused from an earlier build (in
/// `memo`, under `step`) while the file's stamp is unchanged: `fokus serve`
/// then reads only the files that changed. Without a memo, or for a file
/// that cannot be stamped, `read` runs.
pub fn read_unchanged<T: Clone + Send + Sync + 'static>(
    root: &Path,
    path: &Path,
    memo: &crate::memo::Memo,
    step: &'static str,
    read: impl FnOnce() -> Result<T, Diagnostic>,
) -> Result<T, Diagnostic> {
    match memo.keeps().then(|| stamp(root, path)).flatten() {
        Some(stamp) => {
            Result::clone(&memo.get_or(step, crate::memo::fingerprint(&(path, stamp)), read))
        }
        None => read(),
    }
}

/// Read the UTF-8 text file `rel` of the course at `root` (see [`read_text`]).
pub fn read_course_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let file = open_regular(root, rel, rel, MAX_FILE_BYTES)?;
    let bytes = read_limited(file, rel, MAX_FILE_BYTES)?;
    decode(bytes, rel)
}

/// Read the file `rel` of the course at `root` as bytes (images, PDFs, theme files).
pub fn read_course_bytes(root: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    let file = open_regular(root, rel, rel, MAX_ASSET_BYTES)?;
    read_limited(file, rel, MAX_ASSET_BYTES)
}

/// Read a UTF-8 text file for the course, with `display` as its name in errors.
///
/// Strips a leading byte-order mark and turns CRLF and lone CR into LF, so
/// line numbers match what an editor shows. When `display` is the path of
/// `path` relative to the course root (as everywhere in fokus), the file is
/// read with the checks of [`read_course_text`].
pub fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    let root = path
        .ancestors()
        .nth(display.components().count())
        .filter(|r| !display.is_absolute() && r.join(display) == path);
    match root {
        Some(root) => read_course_text(root, display),
        None => {
            let file = open_regular(
                path.parent().unwrap_or(Path::new("/")),
                Path::new(path.file_name().unwrap_or_default()),
                display,
                MAX_FILE_BYTES,
            )?;
            decode(read_limited(file, display, MAX_FILE_BYTES)?, display)
        }
    }
}

fn decode(bytes: Vec<u8>, display: &Path) -> Result<String, Diagnostic> {
    normalise(bytes).map_err(|(line, column)| {
        Diagnostic::error(display, t!("source.not_utf8"))
            .at(line, column)
            .help(t!("source.not_utf8_help"))
    })
}

/// One entry found by [`walk`].
#[derive(Debug, Clone)]
pub struct Walked {
    /// Relative to the walked folder, with `/` separators.
    pub rel: String,
    /// Relative to the course root (what errors show).
    pub path: PathBuf,
    /// 1 for the walked folder's own children.
    pub depth: usize,
    pub is_dir: bool,
}

/// Every folder and regular file below `root/dir`, sorted by name, editor
/// leftovers skipped, links followed only where they stay inside the course.
///
/// Links that lead outside, link loops, FIFOs and devices become errors in
/// `diags` (naming the link and its target) and are never opened.
pub fn walk(root: &Path, dir: &Path, max_depth: usize, diags: &mut Diagnostics) -> Vec<Walked> {
    let croot = course_root(root);
    let mut out = Vec::new();
    // A missing folder is no folder; a link on the way must stay inside.
    let mut prefix = PathBuf::new();
    for c in dir.components() {
        prefix.push(c);
        match std::fs::symlink_metadata(root.join(&prefix)) {
            Err(_) => return out,
            Ok(m) if m.file_type().is_symlink() => {
                if let Err(d) = resolve_inside(&croot, &prefix, &prefix) {
                    diags.push(d);
                    return out;
                }
            }
            Ok(_) => {}
        }
    }
    let start = match resolve_inside(&croot, dir, dir) {
        Ok(p) if p.is_dir() => p,
        Ok(_) => return out,
        Err(d) => {
            diags.push(d);
            return out;
        }
    };
    // Folders on the current path, canonical, to see loops through links.
    let mut stack: Vec<PathBuf> = vec![start.clone()];
    walk_into(
        &croot, &start, dir, "", 1, max_depth, &mut stack, &mut out, diags,
    );
    out
}

#[allow(clippy::too_many_arguments)]
fn walk_into(
    croot: &Path,
    real: &Path,
    shown: &Path,
    rel: &str,
    depth: usize,
    max_depth: usize,
    stack: &mut Vec<PathBuf>,
    out: &mut Vec<Walked>,
    diags: &mut Diagnostics,
) {
    if depth > max_depth {
        return;
    }
    let read = match std::fs::read_dir(real) {
        Ok(r) => r,
        Err(e) => {
            diags.push(Diagnostic::error(
                shown,
                t!("source.cannot_read_folder", error = &e),
            ));
            return;
        }
    };
    let mut names: Vec<std::ffi::OsString> =
        read.filter_map(|e| e.ok().map(|e| e.file_name())).collect();
    names.sort();
    for name in names {
        let name_str = name.to_string_lossy().into_owned();
        if is_ignored_name(&name_str) {
            continue;
        }
        let path = shown.join(&name);
        let child_rel = if rel.is_empty() {
            name_str.clone()
        } else {
            format!("{rel}/{name_str}")
        };
        let entry = real.join(&name);
        let Ok(lmeta) = std::fs::symlink_metadata(&entry) else {
            continue;
        };
        let (target, meta) = if lmeta.file_type().is_symlink() {
            let link_target = std::fs::read_link(&entry).unwrap_or_default();
            match entry.canonicalize() {
                Err(e) if is_loop(&e) => {
                    diags.push(refuse(
                        &path,
                        t!(
                            "source.link_loop",
                            link = path.display(),
                            target = link_target.display()
                        ),
                        t!("source.link_loop_help"),
                    ));
                    continue;
                }
                Err(e) => {
                    diags.push(refuse(
                        &path,
                        t!(
                            "source.link_dangling",
                            link = path.display(),
                            target = link_target.display(),
                            error = &e
                        ),
                        t!("source.link_dangling_help"),
                    ));
                    continue;
                }
                Ok(c) if !c.starts_with(croot) => {
                    diags.push(refuse(
                        &path,
                        outside_message(&path, &link_target, &c),
                        t!("source.link_outside_help"),
                    ));
                    continue;
                }
                Ok(c) => match std::fs::metadata(&c) {
                    Ok(m) => (c, m),
                    Err(_) => continue,
                },
            }
        } else {
            (entry.clone(), lmeta)
        };
        if meta.is_dir() {
            let canonical = target.canonicalize().unwrap_or(target.clone());
            if stack.contains(&canonical) {
                diags.push(refuse(
                    &path,
                    t!("source.folder_loop", link = path.display()),
                    t!("source.folder_loop_help"),
                ));
                continue;
            }
            out.push(Walked {
                rel: child_rel.clone(),
                path: path.clone(),
                depth,
                is_dir: true,
            });
            stack.push(canonical);
            walk_into(
                croot,
                &target,
                &path,
                &child_rel,
                depth + 1,
                max_depth,
                stack,
                out,
                diags,
            );
            stack.pop();
        } else if meta.is_file() {
            out.push(Walked {
                rel: child_rel,
                path,
                depth,
                is_dir: false,
            });
        } else {
            diags.push(not_regular(&path, &meta.file_type()));
        }
    }
}

/// The regular files below `root/dir` (any depth), as (path relative to
/// `dir` with `/`, full path), with the checks of [`walk`].
pub fn walk_files(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    walk(root, dir, usize::MAX, diags)
        .into_iter()
        .filter(|w| !w.is_dir)
        .map(|w| (w.rel, root.join(&w.path)))
        .collect()
}

/// Decode bytes as UTF-8, drop a BOM and normalise line endings.
///
/// On invalid UTF-8, returns the line and column of the first bad byte.
pub fn normalise(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    // simdutf8 checks a text with non-ASCII letters (Danish has them) many
    // times faster than the standard library, and copying the checked text
    // costs less than the library's own check; only a file that fails is
    // checked again, to find where.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let e = std::str::from_utf8(&bytes).err();
            let valid = e.map_or(bytes.len(), |e| e.valid_up_to());
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err((line, column));
        }
    };
    // Most files have neither a byte-order mark nor CR: they are kept as read.
    let bom = text.starts_with('\u{feff}');
    if !bom && memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Ok(text);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
    }
}

/// Names that editors and systems leave behind; never course content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let t = normalise(b"\xEF\xBB\xBFa\r\nb\rc".to_vec()).unwrap();
        assert_eq!(t, "a\nb\nc");
        assert_eq!(normalise(b"\xEF\xBB\xBFa\nb".to_vec()).unwrap(), "a\nb");
        assert_eq!(normalise(b"a\r".to_vec()).unwrap(), "a\n");
        assert_eq!(normalise("å\nb".as_bytes().to_vec()).unwrap(), "å\nb");
    }

    #[test]
    fn reports_position_of_bad_byte() {
        assert_eq!(normalise(b"ok\nab\xFFc".to_vec()), Err((2, 3)));
    }
}
