//! Reading source files safely.
//!
//! Every text file fokus reads goes through [`read_text`], so that a huge
//! file, a non-UTF-8 file, a byte-order mark or Windows line endings are
//! handled the same way everywhere and reported with the file's name.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Largest source file fokus accepts (10 MB); larger files are almost
/// certainly a mistake and would make the build slow.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Read a UTF-8 text file for the course, with `display` as its name in errors.
///
/// Strips a leading byte-order mark and turns CRLF and lone CR into LF, so
/// line numbers match what an editor shows.
pub fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(display, format!("cannot read the file: {e}"))
            .help("check that the file exists and that you may read it")
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            display,
            format!(
                "the file is {:.1} MB; fokus reads source files of at most 10 MB",
                meta.len() as f64 / 1_048_576.0
            ),
        )
        .help("split the text into several modules, or move large media into static/"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(display, format!("cannot read the file: {e}"))
            .help("check that the file exists and that you may read it")
    })?;
    normalise(bytes).map_err(|(line, column)| {
        Diagnostic::error(display, "the file is not valid UTF-8 text")
            .at(line, column)
            .help("save the file with the UTF-8 encoding (most editors offer it under 'Save with encoding')")
    })
}

/// Decode bytes as UTF-8, drop a BOM and normalise line endings.
///
/// On invalid UTF-8, returns the line and column of the first bad byte.
pub fn normalise(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err((line, column));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let t = normalise(b"\xEF\xBB\xBFa\r\nb\rc".to_vec()).unwrap();
        assert_eq!(t, "a\nb\nc");
    }

    #[test]
    fn reports_position_of_bad_byte() {
        assert_eq!(normalise(b"ok\nab\xFFc".to_vec()), Err((2, 3)));
    }
}
