//! Writing a zip atomically: the archive is written to a temporary file in
//! the target's folder and renamed over the target only when it is complete,
//! so an existing zip is never left half-written.

use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::diagnostics::Diagnostic;
use crate::messages::Text;
use crate::output::OutputFile;

/// Check that `target` may be written: a `.zip` file (new, or an existing
/// file), not inside the course's sources (it would become part of the site).
pub fn check_target(root: &Path, target: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: Text| {
        Err(
            Diagnostic::general(t!("package.refuse", target = target.display(), why))
                .help(t!("package.refuse_help")),
        )
    };
    let is_zip = target
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if !is_zip {
        return refuse(t!("package.why.not_zip"));
    }
    if target.is_dir() {
        return refuse(t!("package.why.folder"));
    }
    let abs = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        crate::links::normalise(&p)
    };
    let (root, t) = (abs(root), abs(target));
    for src in ["content", "exercises", "themes", "templates", "static"] {
        if t.starts_with(root.join(src)) {
            return refuse(t!("output.why.inside_sources", src));
        }
    }
    Ok(())
}

/// Write `files` as the zip `target`, replacing an existing one only when the
/// new one is complete. Entries are sorted and carry a fixed date, so the same
/// site gives the same bytes.
pub fn write(target: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |_what: &str, p: &Path, e: &dyn std::fmt::Display| {
        Diagnostic::general(t!(
            "io.cannot_write",
            path = p.display(),
            error = e.to_string()
        ))
        .help(t!("io.cannot_write_help"))
    };
    std::fs::create_dir_all(&dir).map_err(|e| io("create", &dir, &e))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "package.zip".into());
    let tmp = dir.join(format!(".{name}.fokus-new-{}", std::process::id()));
    let result = write_to(&tmp, files).and_then(|()| {
        std::fs::rename(&tmp, target).map_err(|e| io("move into place", target, &e))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn write_to(tmp: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let err = |e: &dyn std::fmt::Display| {
        Diagnostic::general(t!(
            "io.cannot_write",
            path = tmp.display(),
            error = e.to_string()
        ))
        .help(t!("io.cannot_write_help"))
    };
    let file = std::fs::File::create(tmp).map_err(|e| err(&e))?;
    let mut zip = ZipWriter::new(std::io::BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let mut sorted: Vec<&OutputFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in sorted {
        zip.start_file(f.path.as_str(), options)
            .map_err(|e| err(&e))?;
        zip.write_all(&f.bytes).map_err(|e| err(&e))?;
    }
    let mut inner = zip.finish().map_err(|e| err(&e))?;
    inner.flush().map_err(|e| err(&e))?;
    let file = inner.into_inner().map_err(|e| err(&e.error()))?;
    file.sync_all().map_err(|e| err(&e))?;
    Ok(())
}
