//! Safety with a course from anyone (issue 12): nothing from outside the
//! course is read, nothing behind the scenes is published, killed builds
//! leave nothing behind and every input is bounded work.
//!
//! Each test that feeds fokus a hostile input runs the real binary under a
//! time limit and an address-space limit (`prlimit --as`), so a regression
//! shows as a failure, not as a hung or swapping test run.

use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Course, Run};

/// Address-space limit for a hostile build (virtual memory, so generous).
const MEMORY_LIMIT: u64 = 1536 * 1024 * 1024;
/// Time limit for a hostile build: the inputs took minutes, hours or for ever
/// before; built in linear time they take a few seconds in a debug build.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// Hostile builds run one at a time, so that their time limits measure them
/// and not each other (tests run in parallel on a small machine).
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Run fokus on `course` with `args` under the time and memory limits; a
/// run that exceeds the time is killed and fails the test.
fn run_limited(course: &Course, args: &[&str]) -> (Run, Duration) {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let mut cmd = if Path::new("/usr/bin/prlimit").exists() {
        let mut c = Command::new("/usr/bin/prlimit");
        c.arg(format!("--as={MEMORY_LIMIT}"))
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_fokus"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_fokus"))
    };
    cmd.env("FOKUS_LANGUAGE", "en")
        .arg("--root")
        .arg(course.root())
        .arg("--no-color")
        .args(args)
        .current_dir(course.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("run fokus");
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    // Read stderr in a thread, keeping at most 8 MB: output must be bounded too.
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut err).take(8 << 20).read_to_end(&mut buf);
        let rest = std::io::copy(&mut err, &mut std::io::sink()).unwrap_or(0);
        (buf, rest)
    });
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("fokus {args:?} took longer than {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = start.elapsed();
    let (err, rest) = reader.join().unwrap();
    assert_eq!(rest, 0, "fokus printed more than 8 MB of errors");
    let out = out_reader.join().unwrap();
    (
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out).into_owned(),
            stderr: String::from_utf8_lossy(&err).into_owned(),
        },
        took,
    )
}

/// Every file below `dir`, with compressed or encoded parts opened up: a
/// base64 string of gzip data (the search index) is decoded and inflated.
fn all_output_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        let name = e.path().strip_prefix(dir).unwrap().display().to_string();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        for chunk in text.split('"') {
            if chunk.len() > 64
                && chunk
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
            {
                let raw = base64_decode(chunk);
                if raw.starts_with(&[0x1f, 0x8b]) {
                    let mut inflated = Vec::new();
                    flate2::read::GzDecoder::new(&raw[..])
                        .read_to_end(&mut inflated)
                        .unwrap();
                    files.push((format!("{name} (inflated)"), inflated));
                }
            }
        }
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut inflated = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut inflated)
                .unwrap();
            files.push((format!("{name} (gunzipped)"), inflated));
        }
        files.push((name, bytes));
    }
    files
}

fn base64_decode(s: &str) -> Vec<u8> {
    let abc = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let vals: Vec<u32> = s
        .bytes()
        .filter(|&b| b != b'=')
        .filter_map(|b| abc.iter().position(|&a| a == b).map(|v| v as u32))
        .collect();
    let mut out = Vec::new();
    for c in vals.chunks(4) {
        let n = c
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, v)| n | v << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..c.len()]);
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// No file of `dir` (opened up) contains `needle`.
fn assert_nowhere(dir: &Path, needle: &str) {
    let files = all_output_bytes(dir);
    assert!(!files.is_empty(), "nothing in {}", dir.display());
    for (name, bytes) in &files {
        assert!(!contains(bytes, needle), "{needle:?} leaked into {name}");
    }
}

fn assert_no_site(course: &Course) {
    assert!(!course.path("public").exists(), "a site was written");
}

// ---------------------------------------------------------------- links

#[test]
fn links_to_files_outside_the_course_are_errors_and_nothing_is_read() {
    for (at, target) in [
        ("content/grundlag/passwd.txt", "/etc/passwd"),
        ("content/grundlag/stjaalet.md", "/etc/passwd"),
        ("static/environ.txt", "/proc/self/environ"),
        ("exercises/passwd.yaml", "/etc/passwd"),
        ("templates/page.html", "/etc/passwd"),
        ("course.yaml", "/etc/passwd"),
    ] {
        let course = Course::fixture("mini");
        let _ = std::fs::remove_file(course.path(at));
        std::fs::create_dir_all(course.path(at).parent().unwrap()).unwrap();
        symlink(target, course.path(at)).unwrap();
        let (run, _) = run_limited(&course, &["build"]);
        assert_ne!(run.code, 0, "{at}: {}", run.stderr);
        assert!(
            run.stderr.contains(at),
            "{at}: the error names the link:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(target) && run.stderr.contains("outside the course"),
            "{at}: the error names the target:\n{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("root:x:0"),
            "{at}: content echoed:\n{}",
            run.stderr
        );
        assert_no_site(&course);
    }
}

#[test]
fn links_to_folders_outside_the_course_are_errors_and_not_walked() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("hemmelig.md"),
        "---\ntitle: X\n---\nHEMMELIGT-UDEFRA\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("hemmelig.txt"), "HEMMELIGT-UDEFRA").unwrap();
    for at in [
        "content/udefra",
        "content/grundlag/udefra",
        "static/udefra",
        "themes/default",
        "templates",
    ] {
        let course = Course::fixture("mini");
        std::fs::create_dir_all(course.path(at).parent().unwrap()).unwrap();
        symlink(outside.path(), course.path(at)).unwrap();
        let (run, _) = run_limited(&course, &["build"]);
        assert_ne!(run.code, 0, "{at}: {}", run.stderr);
        assert!(
            run.stderr.contains(at) && run.stderr.contains("outside the course"),
            "{at}:\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("HEMMELIGT-UDEFRA"));
        assert_no_site(&course);
    }
}

#[test]
fn devices_and_fifos_are_not_regular_files_and_never_hang() {
    for at in [
        "content/grundlag/nul.png",
        "static/nul.bin",
        "content/grundlag/fifo.md",
        "content/grundlag/fifo.png",
        "static/fifo.txt",
        "exercises/fifo.yaml",
    ] {
        let course = Course::fixture("mini");
        if at.contains("nul") {
            // A link to /dev/zero leads outside the course too; a device node
            // inside it cannot be made without privileges.
            symlink("/dev/zero", course.path(at)).unwrap();
        } else {
            let ok = Command::new("mkfifo")
                .arg(course.path(at))
                .status()
                .unwrap();
            assert!(ok.success());
        }
        let (run, took) = run_limited(&course, &["build"]);
        assert_ne!(run.code, 0, "{at}: {}", run.stderr);
        assert!(run.stderr.contains(at), "{at}:\n{}", run.stderr);
        if at.contains("fifo") {
            assert!(
                run.stderr.contains("not a regular file"),
                "{at}:\n{}",
                run.stderr
            );
        } else {
            assert!(run.stderr.contains("/dev/zero"), "{at}:\n{}", run.stderr);
        }
        assert!(took < Duration::from_secs(5), "{at} took {took:?}");
        assert_no_site(&course);
    }
}

#[test]
fn link_loops_say_link_loop() {
    for (at, target) in [
        ("content/grundlag/loop.md", "loop.md"),
        ("content/grundlag/a.png", "b.png"),
        ("content/grundlag/op", ".."),
        ("static/rundt", "../static"),
    ] {
        let course = Course::fixture("mini");
        symlink(target, course.path(at)).unwrap();
        if at.ends_with("a.png") {
            symlink("a.png", course.path("content/grundlag/b.png")).unwrap();
        }
        let (run, _) = run_limited(&course, &["build"]);
        assert_ne!(run.code, 0, "{at}: {}", run.stderr);
        assert!(run.stderr.contains("link loop"), "{at}:\n{}", run.stderr);
        assert!(run.stderr.contains(at), "{at}:\n{}", run.stderr);
    }
}

#[test]
fn links_inside_the_course_keep_working() {
    let course = Course::fixture("mini");
    symlink(
        "../praksis/figur.svg",
        course.path("content/grundlag/figur.svg"),
    )
    .unwrap();
    symlink("../static", course.path("content/delt")).unwrap();
    symlink(
        "../content/ordliste.md",
        course.path("static/ordliste-kilde.txt"),
    )
    .unwrap();
    course.run(&["build"]).ok();
    assert_eq!(
        std::fs::read(course.path("public/grundlag/figur.svg")).unwrap(),
        std::fs::read(course.path("content/praksis/figur.svg")).unwrap()
    );
    assert!(course.path("public/delt/ekstra.txt").is_file());
    assert!(course.path("public/ordliste-kilde.txt").is_file());
}

#[test]
fn out_through_a_symlink_into_a_source_folder_is_refused() {
    let course = Course::fixture("mini");
    let elsewhere = tempfile::tempdir().unwrap();
    // A link to content/, with a new folder under it.
    symlink(course.path("content"), elsewhere.path().join("via")).unwrap();
    let run = course.run(&[
        "build",
        "--out",
        &elsewhere.path().join("via/ny").display().to_string(),
    ]);
    run.fails_with(2, &["refusing", "content/"]);
    // A dangling link that would be created inside exercises/.
    symlink(
        course.path("exercises/ny-mappe"),
        elsewhere.path().join("dangling"),
    )
    .unwrap();
    let run = course.run(&[
        "build",
        "--out",
        &elsewhere.path().join("dangling").display().to_string(),
    ]);
    run.fails_with(2, &["refusing", "exercises/"]);
    assert!(!course.path("exercises/ny-mappe").exists());
    assert!(!course.path("content/ny").exists());
}

// ---------------------------------------------------------------- backups

#[test]
fn backup_copies_of_modules_are_never_published() {
    let course = Course::fixture("mini");
    let module = std::fs::read_to_string(course.path("content/grundlag/evner.md")).unwrap();
    let backups = [
        "content/grundlag/evner.md.orig",
        "content/grundlag/evner.md.bak",
        "content/grundlag/evner.md~1",
        "content/grundlag/evner.MD",
        "content/grundlag/evner.markdown",
        "content/grundlag/evner.bak",
        "content/evner.md.orig",
    ];
    for b in backups {
        course.write(
            b,
            module.replace("HEMMELIG-UNDERVISERNOTE", "HEMMELIG-BACKUPNOTE"),
        );
    }
    let stderr = crate::common::flat(course.run(&["build"]).ok());
    for b in backups {
        assert!(stderr.contains(b), "no warning names {b}:\n{stderr}");
    }
    assert!(stderr.contains("left out of the site"), "{stderr}");
    let public = course.path("public");
    assert_nowhere(&public, "HEMMELIG-BACKUPNOTE");
    assert_nowhere(&public, "HEMMELIG-UNDERVISERNOTE");
    assert_nowhere(&public, "faldgruber");
    // The trainer edition has the real note, and still no backup.
    course.run(&["build", "--edition", "trainer"]).ok();
    let trainer = all_output_bytes(&course.path("public-trainer"));
    assert!(
        trainer
            .iter()
            .any(|(_, b)| contains(b, "HEMMELIG-UNDERVISERNOTE"))
    );
    assert_nowhere(&course.path("public-trainer"), "HEMMELIG-BACKUPNOTE");
}

#[test]
fn the_bundled_course_keeps_every_trainer_note_out_of_every_participant_byte() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run: Run = Command::new(env!("CARGO_BIN_EXE_fokus"))
        .env("FOKUS_LANGUAGE", "en")
        .arg("--root")
        .arg(repo)
        .args(["--no-color", "build", "--out"])
        .arg(&public)
        .output()
        .unwrap()
        .into();
    run.ok();
    // Every trainer note of the course, line by line.
    let mut notes = Vec::new();
    for e in walkdir::WalkDir::new(repo.join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let mut inside = false;
        for line in text.lines() {
            let t = line.trim();
            if t.starts_with("```") && (t.contains("underviser") || t.contains("trainer")) {
                inside = true;
            } else if t.starts_with("```") {
                inside = false;
            } else if inside && t.chars().count() > 30 {
                notes.push(t.to_string());
            }
        }
    }
    assert!(notes.len() >= 5, "the course should have trainer notes");
    let files = all_output_bytes(&public);
    for note in &notes {
        // Compare a stretch of plain words (Markdown marks may be rendered).
        let words: String = note
            .split_whitespace()
            .filter(|w| w.chars().all(|c| c.is_alphanumeric()))
            .take(5)
            .collect::<Vec<_>>()
            .join(" ");
        if words.split(' ').count() < 5 {
            continue;
        }
        for (name, bytes) in &files {
            assert!(!contains(bytes, &words), "trainer note {words:?} in {name}");
        }
    }
}

fn _unused(_: PathBuf) {}

// ---------------------------------------------------------------- killed builds

/// A course big enough that a build takes a noticeable while to write.
fn big_course() -> Course {
    let course = Course::fixture("mini");
    let body = "Borgeren fortæller om sine evner og ressourcer. ".repeat(400);
    for p in 0..8 {
        course.write(
            &format!("content/del{p}/_index.md"),
            format!("---\ntitle: Del {p}\n---\n"),
        );
        for m in 0..40 {
            course.write(
                &format!("content/del{p}/modul{m}.md"),
                format!("---\ntitle: Modul {p}-{m}\n---\n## Om {m}\n\n{body}\n"),
            );
        }
        course.write(&format!("content/del{p}/stor.bin"), vec![p as u8; 3 << 20]);
    }
    course
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".fokus-"))
        .collect()
}

#[test]
fn killed_builds_leave_nothing_behind_and_the_site_survives() {
    let course = big_course();
    let start = Instant::now();
    course.run(&["build"]).ok();
    let full = start.elapsed();
    let index = course.output("index.html");
    // Kill builds at spread-out moments of a build (seeded by the clock).
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    for i in 0..6u64 {
        let fraction = ((seed >> (i * 5)) % 100) as f64 / 100.0;
        let mut child = Command::new(env!("CARGO_BIN_EXE_fokus"))
            .env("FOKUS_LANGUAGE", "en")
            .arg("--root")
            .arg(course.root())
            .args(["--no-color", "build"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction * 1.2));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // Whatever the moment, a site is there or comes back with the next build.
        let next = course.run(&["build"]);
        next.ok();
        assert_eq!(course.output("index.html"), index, "kill {i} at {fraction}");
        assert!(
            leftovers(course.root()).is_empty(),
            "kill {i} at {fraction}: {:?}",
            leftovers(course.root())
        );
    }
}

#[test]
fn a_site_moved_aside_by_a_killed_build_is_restored_and_foreign_folders_are_kept() {
    let course = Course::fixture("mini");
    course.run(&["build"]).ok();
    let index = course.output("index.html");
    // As if killed between moving the old site aside and moving the new one in.
    std::fs::rename(
        course.path("public"),
        course.path(".public.fokus-old-999999999"),
    )
    .unwrap();
    std::fs::create_dir(course.path(".public.fokus-new-999999998")).unwrap();
    std::fs::write(course.path(".public.fokus-new-999999998/.fokus-output"), "").unwrap();
    // Not fokus's: no marker, not empty.
    std::fs::create_dir(course.path(".public.fokus-new-999999997")).unwrap();
    std::fs::write(course.path(".public.fokus-new-999999997/mine.txt"), "x").unwrap();
    // A failing build still puts the previous site back.
    course.edit("content/grundlag/evner.md", "title:", "titel:");
    course.run(&["build"]).fails_with(1, &["unknown key"]);
    assert_eq!(course.output("index.html"), index);
    assert_eq!(
        leftovers(course.root()),
        vec![".public.fokus-new-999999997".to_string()]
    );
}

// ---------------------------------------------------------------- bounded work

/// Run a build of `course` that must end within the limits, returning it.
fn bounded(course: &Course, what: &str) -> Run {
    let (run, took) = run_limited(course, &["build"]);
    assert!(
        run.code == 0 || run.code == 1,
        "{what}: exit {}:\n{}",
        run.code,
        &run.stderr[..run.stderr.len().min(2000)]
    );
    // The debug binary is several times slower than a release build; CI runs it beside other tests.
    assert!(took < Duration::from_secs(30), "{what} took {took:?}");
    run
}

const EXERCISE_HEAD: &str =
    "id: stor\ntitle: Stor\nmodules: [grundlag/evner]\nscenario: Tekst.\nquestions:\n";

#[test]
fn one_string_aliased_thousands_of_times_stops_with_a_clear_error() {
    let big = "x".repeat(1 << 20);
    let mut aliases = String::new();
    for _ in 0..2000 {
        aliases.push_str("*s, ");
    }
    // In front matter.
    let course = Course::fixture("mini");
    course.write(
        "content/grundlag/bombe.md",
        format!("---\ntitle: &s \"{big}\"\ntags: [{aliases}]\n---\nTekst.\n"),
    );
    let run = bounded(&course, "front matter aliases");
    run.fails_with(1, &["content/grundlag/bombe.md", "aliases"]);
    // In an exercise.
    let course = Course::fixture("mini");
    course.write(
        "exercises/bombe.yaml",
        format!("{EXERCISE_HEAD}  - id: a\n    type: text\n    prompt: &s \"{big}\"\n    answers: [{aliases}]\n"),
    );
    let run = bounded(&course, "exercise aliases");
    run.fails_with(1, &["exercises/bombe.yaml", "aliases"]);
}

#[test]
fn deeply_nested_boxes_stop_with_a_nesting_error() {
    let course = Course::fixture("mini");
    let n = 1000;
    let mut text = String::from("---\ntitle: Dyb\n---\n");
    for i in 0..n {
        text.push_str(&"`".repeat(n + 3 - i));
        text.push_str("tip\n");
    }
    text.push_str("Inderst.\n");
    for i in (0..n).rev() {
        text.push_str(&"`".repeat(n + 3 - i));
        text.push('\n');
    }
    course.write("content/grundlag/dyb.md", text);
    let run = bounded(&course, "nested boxes");
    run.fails_with(1, &["content/grundlag/dyb.md", "nested"]);
}

#[test]
fn twenty_thousand_identical_headings_build_quickly() {
    let course = Course::fixture("mini");
    let text = format!(
        "---\ntitle: Mange\n---\n{}",
        "## Mål\n\nTekst.\n\n".repeat(20_000)
    );
    course.write("content/grundlag/mange.md", text);
    bounded(&course, "identical headings").ok();
    let page = course.output("grundlag/mange.html");
    assert!(
        page.contains("id=\"maal-19999\"") || page.contains("id=\"maal-20000\""),
        "unique anchors"
    );
}

#[test]
fn a_branching_chain_of_ten_thousand_nodes_is_bounded() {
    let course = Course::fixture("mini");
    let n = 10_000;
    let mut y = format!(
        "{EXERCISE_HEAD}  - id: kaede\n    type: branching\n    prompt: Kæden.\n    nodes:\n"
    );
    for i in 0..n {
        y.push_str(&format!(
            "      - id: n{i}\n        text: Trin {i}.\n        choices:\n          - text: Videre {i}\n            next: n{}\n            feedback: Godt {i}.\n",
            i + 1
        ));
    }
    y.push_str(&format!(
        "      - id: n{n}\n        text: Slut.\n        outcome: good\n"
    ));
    course.write("exercises/stor.yaml", y);
    let run = bounded(&course, "branching chain");
    // Either it builds, or it stops at a documented node limit.
    if run.code != 0 {
        run.fails_with(1, &["exercises/stor.yaml", "nodes"]);
    }
}

#[test]
fn two_thousand_questions_without_feedback_are_quick_warnings() {
    let course = Course::fixture("mini");
    let mut y = String::from(EXERCISE_HEAD);
    for i in 0..2000 {
        y.push_str(&format!(
            "  - id: q{i}\n    type: single\n    prompt: Spørgsmål {i}?\n    options:\n      - text: Ja\n        correct: true\n      - text: Nej\n"
        ));
    }
    course.write("exercises/stor.yaml", y);
    let run = bounded(&course, "questions without feedback");
    let stderr = run.ok();
    assert!(
        stderr.contains("feedback"),
        "{}",
        &stderr[..stderr.len().min(500)]
    );
}

#[test]
fn thousands_of_errors_on_one_long_line_print_a_bounded_report() {
    let course = Course::fixture("mini");
    let line = "[x](mangler.md) ".repeat(8000);
    course.write(
        "content/grundlag/lang.md",
        format!("---\ntitle: Lang\n---\n{line}\n"),
    );
    let run = bounded(&course, "errors on a long line");
    run.fails_with(1, &["content/grundlag/lang.md", "mangler.md"]);
    // 8,000 errors, each with a shortened line: well under 8 MB (checked by
    // run_limited) and far from 8,000 copies of the 128 KB line.
    assert!(run.stderr.len() < 8000 * 1200, "{} bytes", run.stderr.len());
    assert!(run.stderr.contains('…'), "long lines are shortened");
}

// ---------------------------------------------------------------- serve

/// `fokus serve` on a course, under `limits` (prlimit options); killed on drop.
struct Serve {
    child: std::process::Child,
    port: u16,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start(course: &Course, limits: &[&str]) -> Serve {
        use std::io::BufRead;
        let mut cmd = Command::new("/usr/bin/prlimit");
        cmd.arg(format!("--as={MEMORY_LIMIT}"))
            .args(limits)
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_fokus"))
            .arg("--root")
            .arg(course.root())
            .args(["--no-color", "serve", "--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().expect("start fokus serve");
        let out = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                    let _ = tx.send(url.to_string());
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("serve printed its address");
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Serve { child, port }
    }

    fn connect(&self) -> std::net::TcpStream {
        let s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s
    }

    /// Send `request` (with `Host` filled in for `{host}`) and read the answer.
    fn raw(&self, request: &str) -> (u16, String) {
        use std::io::Write;
        let mut s = self.connect();
        let request = request.replace("{host}", &format!("127.0.0.1:{}", self.port));
        let _ = s.write_all(request.as_bytes());
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, text)
    }

    /// GET `path`, asserting it is answered within `limit`.
    fn get_within(&self, path: &str, limit: Duration) -> (u16, String) {
        let start = Instant::now();
        let r = self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {{host}}\r\nConnection: close\r\n\r\n"
        ));
        assert!(
            start.elapsed() < limit,
            "GET {path} took {:?}",
            start.elapsed()
        );
        r
    }

    fn status(&self) -> String {
        self.get_within("/__fokus/status", Duration::from_secs(2)).1
    }

    fn alive(&mut self) {
        assert!(self.child.try_wait().unwrap().is_none(), "the server died");
    }
}

#[test]
fn requests_with_bodies_other_methods_and_bad_heads_are_answered_and_harmless() {
    let course = Course::fixture("mini");
    let mut server = Serve::start(&course, &[]);
    let (status, text) =
        server.raw("GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1000000000000\r\n\r\n");
    assert_eq!(status, 413, "{text}");
    let (status, text) =
        server.raw("POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1000000000000\r\n\r\nxxxx");
    assert_eq!(status, 405, "{text}");
    assert!(text.contains("Allow: GET, HEAD"), "{text}");
    let (status, text) = server.raw("PUT /a HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    assert_eq!(status, 405, "{text}");
    let (status, _) = server.raw("DELETE / HTTP/1.1\r\nHost: {host}\r\n\r\n");
    assert_eq!(status, 405);
    let (status, _) = server.raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assert_eq!(status, 505);
    let (status, _) = server.raw("GET / HTTP/3.0\r\nHost: {host}\r\n\r\n");
    assert_eq!(status, 505);
    let (status, _) = server.raw("this is not http\r\n\r\n");
    assert_eq!(status, 400);
    let big = format!(
        "GET / HTTP/1.1\r\nHost: {{host}}\r\nX-Fyld: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let (status, _) = server.raw(&big);
    assert_eq!(status, 431);
    server.alive();
    let (status, _) = server.get_within("/", Duration::from_secs(1));
    assert_eq!(status, 200);
}

#[test]
fn silent_bodies_and_slow_heads_do_not_hold_up_other_requests() {
    use std::io::Write;
    let course = Course::fixture("mini");
    let mut server = Serve::start(&course, &[]);
    let mut held = Vec::new();
    for i in 0..8 {
        let mut s = server.connect();
        let host = format!("127.0.0.1:{}", server.port);
        let req = if i % 2 == 0 {
            // A body announced and never sent.
            format!("POST /x HTTP/1.1\r\nHost: {host}\r\nContent-Length: 100\r\n\r\n")
        } else {
            // A head that never ends.
            format!("GET / HTTP/1.1\r\nHost: {host}\r\n")
        };
        s.write_all(req.as_bytes()).unwrap();
        held.push(s);
    }
    for _ in 0..5 {
        let (status, _) = server.get_within("/", Duration::from_secs(1));
        assert_eq!(status, 200);
    }
    server.alive();
}

#[test]
fn running_out_of_file_descriptors_does_not_end_the_server() {
    let course = Course::fixture("mini");
    let mut server = Serve::start(&course, &["--nofile=40"]);
    assert_eq!(server.get_within("/", Duration::from_secs(2)).0, 200);
    // More idle connections than the process has descriptors.
    let held: Vec<_> = (0..80).map(|_| server.connect()).collect();
    std::thread::sleep(Duration::from_millis(500));
    drop(held);
    let start = Instant::now();
    loop {
        let (status, _) = server.raw("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        if status == 200 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "no answer after the descriptors came back"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    server.alive();
}

#[test]
fn a_stalled_live_reload_tab_holds_up_neither_requests_nor_other_tabs() {
    use std::io::{BufRead, Write};
    let course = Course::fixture("mini");
    let mut server = Serve::start(&course, &[]);
    let host = format!("127.0.0.1:{}", server.port);
    // The stalled tab: asks for events and never reads a byte.
    let mut stalled = server.connect();
    stalled
        .write_all(format!("GET /__fokus/events HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .unwrap();
    // The good tab reads its events in a thread.
    let mut good = server.connect();
    good.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    good.write_all(format!("GET /__fokus/events HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(good).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ") {
                let _ = tx.send(name.to_string());
            }
        }
    });
    let module = std::fs::read_to_string(course.path("content/grundlag/evner.md")).unwrap();
    // Failing builds with large error lists (thousands of broken links).
    // (A failed build keeps the site's version; its error list tells builds apart.)
    let body = |s: String| s.split_once("\r\n\r\n").map(|(_, b)| b.to_string());
    let mut last = body(server.status());
    for i in 0..10 {
        let broken = format!("{module}\n{}\n", "[x](mangler.md)\n".repeat(3000 + i));
        course.write("content/grundlag/evner.md", broken);
        let start = Instant::now();
        loop {
            let now = body(server.status());
            if now != last {
                last = now;
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "no rebuild {i}");
            std::thread::sleep(Duration::from_millis(50));
        }
        // Other requests are answered at once.
        assert_eq!(server.get_within("/", Duration::from_secs(1)).0, 200);
    }
    // The fix reaches the good tab.
    course.write("content/grundlag/evner.md", &module);
    let start = Instant::now();
    loop {
        let left = Duration::from_secs(15).saturating_sub(start.elapsed());
        match rx.recv_timeout(left) {
            Ok(e) if e == "reload" => break,
            Ok(_) => {}
            Err(_) => panic!("the good tab never got the reload"),
        }
    }
    assert_eq!(server.get_within("/", Duration::from_secs(1)).0, 200);
    server.alive();
    drop(stalled);
}

#[test]
fn the_policy_allows_the_themes_inline_scripts_and_refuses_template_syntax_in_them() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let page = c.output("index.html");
    let policy = page
        .split("script-src 'self' ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("no script-src in:\n{page}"));
    // The one inline script of the default theme, hashed; nothing else.
    assert!(
        page.contains("<script>document.documentElement.className = 'js';</script>"),
        "{page}"
    );
    assert_eq!(
        policy,
        "'sha256-VDVDNNRTREupwUTWnq6itaNdc1TFEVFbXV4xlAS7Gow='"
    );

    // A course template whose inline script holds a template expression cannot
    // be hashed ahead: the build names the template and says what to do.
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    c.write(
        "templates/base.html",
        base.replace(
            "</head>",
            "<script>var n = {{ site.title | json_encode() }};</script></head>",
        ),
    );
    c.run(&["build"])
        .fails_with(1, &["templates/base.html", "<script>", "static/"]);
}
