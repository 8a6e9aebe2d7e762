//! Helpers shared by the integration tests: copy a fixture course into a
//! temporary folder, run the real `fokus` binary on it, read what it wrote.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A course copied into a temporary folder that is removed on drop.
pub struct Course {
    pub dir: tempfile::TempDir,
}

impl Course {
    /// Copy `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> Course {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&src, dir.path());
        Course { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Replace a file's contents.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Replace `from` with `to` in a file; the text must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Run `fokus --root <course> --no-color <args>`, with messages in
    /// English (`FOKUS_LANGUAGE=en`); [`Course::run_da`] keeps the course's Danish.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in("en", args)
    }

    /// Run with messages in the course's own language (Danish in the fixtures).
    pub fn run_da(&self, args: &[&str]) -> Run {
        self.run_in("", args)
    }

    fn run_in(&self, lang: &str, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_fokus"))
            .env("FOKUS_LANGUAGE", lang)
            .arg("--root")
            .arg(self.root())
            .arg("--no-color")
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run fokus");
        Run::from(out)
    }

    /// Read a built file from `public/`.
    pub fn output(&self, rel: &str) -> String {
        let p = self.path("public").join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Assert success and return stderr (where the summary goes).
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected success, got:\n{}", self.stderr);
        &self.stderr
    }

    /// Assert that the run failed with `code` and stderr mentions every needle.
    pub fn fails_with(&self, code: i32, needles: &[&str]) {
        assert_eq!(self.code, code, "exit code; stderr:\n{}", self.stderr);
        // Messages are wrapped at 80 columns: compare with whitespace collapsed.
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let stderr = flat(&self.stderr);
        for n in needles {
            assert!(
                stderr.contains(&flat(n)),
                "stderr lacks {n:?}:\n{}",
                self.stderr
            );
        }
    }
}

/// Every question type, as written in YAML.
pub const QUESTION_TYPES: [&str; 9] = [
    "single",
    "multiple",
    "truefalse",
    "order",
    "match",
    "text",
    "reflection",
    "branching",
    "scale",
];

/// `text` with runs of whitespace (and the 80-column line breaks) as one space.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let to = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// Every HTML file under `dir`, with its path relative to `dir`.
pub fn html_files(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// All values of `attr="…"` in `html`.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}
