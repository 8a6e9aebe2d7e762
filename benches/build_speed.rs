//! Build-speed benchmark: clean builds of synthetic courses.
//!
//! `cargo bench --bench build_speed` generates courses of 1,000 and 5,000
//! modules (about 1,000 words each, in parts of 20) on a RAM disk when one
//! is available, and times clean builds (load, render, write) in a fresh
//! process each time, so peak memory is that of one build. It prints the
//! median of three runs per size, the peak resident memory, and the
//! time per module, which must stay flat for the build to grow linearly.
//!
//! Sizes can be chosen: `cargo bench --bench build_speed -- 1000 2000`;
//! `cargo bench --bench build_speed -- --course DIR 1000` only writes the
//! synthetic course to DIR (the search benchmark uses it).
//!
//! It prints each figure beside its target: peak memory of a clean build of
//! 5,000 modules at most 250 MB, and, when `hugo` is on the PATH (Debian:
//! `apt-get install hugo`), a clean `fokus build` of the largest course at
//! most 0.2 × the time Hugo takes for the same Markdown with a minimal theme
//! written by this benchmark (best of three runs each, taken in turns, so
//! both see the same machine). Without Hugo that comparison is skipped.
//! Benchmarks print; they do not fail.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const CHILD_ENV: &str = "FOKUS_BENCH_BUILD";
const RUNS: usize = 3;
/// Peak memory of a clean build of [`MEMORY_AT`] modules, at most (issue 16).
const MEMORY_TARGET_MB: f64 = 250.0;
const MEMORY_AT: usize = 5_000;
/// A clean build takes at most this share of Hugo's time on the same course.
const HUGO_TARGET: f64 = 0.2;

fn main() {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        child(Path::new(&dir));
        return;
    }
    // `-- --course DIR N`: only write the synthetic course (used by other benchmarks).
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--course") {
        let dir = args.get(i + 1).expect("--course DIR N");
        let n = args
            .get(i + 2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000);
        synthetic::write_course(Path::new(dir), n).expect("write synthetic course");
        return;
    }
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 5_000]
    } else {
        sizes
    };
    let base = scratch_base();
    println!(
        "fokus build speed ({} runs each, clean builds, scratch in {})",
        RUNS,
        base.display()
    );
    println!(
        "{:>8} {:>10} {:>10} {:>12} {:>12}",
        "modules", "median s", "min s", "peak MB", "ms/module"
    );
    let mut per_module = Vec::new();
    let mut memory = None;
    let mut largest = None;
    for n in sizes {
        let dir = tempfile::Builder::new()
            .prefix("fokus-bench-")
            .tempdir_in(&base)
            .expect("scratch folder");
        synthetic::write_course(dir.path(), n).expect("write synthetic course");
        let mut times = Vec::new();
        let mut peak = 0u64;
        for _ in 0..RUNS {
            let _ = std::fs::remove_dir_all(dir.path().join("public"));
            let (secs, kb) = run_child(dir.path());
            times.push(secs);
            peak = peak.max(kb);
        }
        times.sort_by(f64::total_cmp);
        let median = times[RUNS / 2];
        per_module.push(median * 1000.0 / n as f64);
        println!(
            "{n:>8} {median:>10.3} {:>10.3} {:>12.1} {:>12.4}",
            times[0],
            peak as f64 / 1024.0,
            median * 1000.0 / n as f64
        );
        if n == MEMORY_AT {
            memory = Some(peak as f64 / 1024.0);
        }
        if largest.as_ref().is_none_or(|(m, _)| *m < n) {
            largest = Some((n, dir));
        }
    }
    if per_module.len() > 1 {
        let (lo, hi) = per_module
            .iter()
            .fold((f64::MAX, 0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        println!(
            "time per module varies by a factor of {:.2} across sizes (1.00 = perfectly linear)",
            hi / lo
        );
    }
    match memory {
        Some(mb) => println!(
            "peak memory, clean build of {MEMORY_AT} modules: {mb:.0} MB (target: at most {MEMORY_TARGET_MB:.0} MB) {}",
            if mb <= MEMORY_TARGET_MB { "ok" } else { "OVER" }
        ),
        None => println!("peak memory target is for {MEMORY_AT} modules: not measured in this run"),
    }
    if let Some((n, dir)) = largest {
        versus_hugo(n, dir.path(), &base);
    }
}

/// Time `fokus build` and Hugo on the same course, best of [`RUNS`] each, in turns.
fn versus_hugo(modules: usize, course: &Path, base: &Path) {
    let version = Command::new("hugo").arg("version").output().ok();
    let Some(version) = version.filter(|o| o.status.success()) else {
        println!(
            "versus Hugo: hugo is not installed (Debian: apt-get install hugo); comparison skipped"
        );
        return;
    };
    let version = String::from_utf8_lossy(&version.stdout);
    let version = version.split_whitespace().nth(1).unwrap_or("?").to_string();
    let site = tempfile::Builder::new()
        .prefix("fokus-bench-hugo-")
        .tempdir_in(base)
        .expect("scratch folder");
    hugo_site(course, site.path()).expect("write the Hugo site");
    let fokus_bin = env!("CARGO_BIN_EXE_fokus");
    let time = |cmd: &mut Command, out: &Path| -> Option<f64> {
        let _ = std::fs::remove_dir_all(out);
        let start = Instant::now();
        let done = cmd.output().ok()?;
        let secs = start.elapsed().as_secs_f64();
        if !done.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&done.stderr));
            return None;
        }
        Some(secs)
    };
    let (mut fokus, mut hugo) = (f64::MAX, f64::MAX);
    for _ in 0..RUNS {
        let f = time(
            Command::new(fokus_bin)
                .args(["--root"])
                .arg(course)
                .arg("build"),
            &course.join("public"),
        );
        let h = time(
            Command::new("hugo")
                .args(["--quiet", "--source"])
                .arg(site.path())
                .arg("--destination")
                .arg(site.path().join("public")),
            &site.path().join("public"),
        );
        match (f, h) {
            (Some(f), Some(h)) => {
                fokus = fokus.min(f);
                hugo = hugo.min(h);
            }
            _ => {
                println!("versus Hugo: a build failed; comparison skipped");
                return;
            }
        }
    }
    let ratio = fokus / hugo;
    println!("versus Hugo {version}, {modules} modules, clean builds, best of {RUNS} each:");
    println!("  fokus build {fokus:>8.2} s");
    println!("  hugo        {hugo:>8.2} s");
    println!(
        "  fokus takes {ratio:.2} × Hugo's time (target: at most {HUGO_TARGET:.2} ×) {}",
        if ratio <= HUGO_TARGET { "ok" } else { "OVER" }
    );
}

/// The synthetic course as a Hugo site: the same Markdown files (front
/// matter and all) under `content/`, and a minimal theme with what a fokus
/// module page has (title, summary, contents, the body, previous and next,
/// the part) plus part and home pages listing their pages.
fn hugo_site(course: &Path, site: &Path) -> std::io::Result<()> {
    let content = site.join("content");
    for part in std::fs::read_dir(course.join("content"))? {
        let part = part?.path();
        let into = content.join(part.file_name().unwrap_or_default());
        std::fs::create_dir_all(&into)?;
        for file in std::fs::read_dir(&part)? {
            let file = file?.path();
            std::fs::copy(&file, into.join(file.file_name().unwrap_or_default()))?;
        }
    }
    let layouts = site.join("layouts/_default");
    std::fs::create_dir_all(&layouts)?;
    std::fs::write(
        site.join("config.toml"),
        r#"baseURL = "/"
title = "Syntetisk kursus"
languageCode = "da"
relativeURLs = true
disableKinds = ["RSS", "sitemap", "taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = true
[markup.tableOfContents]
startLevel = 2
endLevel = 3
"#,
    )?;
    std::fs::write(
        layouts.join("baseof.html"),
        r#"<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main id="indhold">{{ block "main" . }}{{ end }}</main></body></html>
"#,
    )?;
    std::fs::write(
        layouts.join("single.html"),
        r#"{{ define "main" }}<nav aria-label="Brødkrumme"><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></nav>
<article><h1>{{ .Title }}</h1>{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<nav class="toc">{{ .TableOfContents }}</nav>{{ .Content }}</article>
<nav class="steps">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>{{ end }}
"#,
    )?;
    std::fs::write(
        layouts.join("list.html"),
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ol>{{ end }}
"#,
    )?;
    std::fs::write(
        site.join("layouts/index.html"),
        r#"{{ define "main" }}<h1>{{ site.Title }}</h1><ol>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol></li>{{ end }}</ol>{{ end }}
"#,
    )?;
    Ok(())
}

/// A RAM disk when there is one: repeated builds on this VM's disk slow down run by run.
fn scratch_base() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() && tempfile::tempdir_in(shm).is_ok() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

/// Run one build in a fresh process; returns (seconds, peak RSS in KiB).
fn run_child(dir: &Path) -> (f64, u64) {
    let out = Command::new(std::env::current_exe().expect("own path"))
        .env(CHILD_ENV, dir)
        .output()
        .expect("run child");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut it = text.split_whitespace();
    let secs = it.next().and_then(|s| s.parse().ok()).expect("seconds");
    let kb = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (secs, kb)
}

/// The child: one clean build exactly as `fokus build` does it (each file
/// written into the temporary output folder as it is made, then swapped in).
fn child(dir: &Path) {
    let start = Instant::now();
    let fail = |d: &dyn std::fmt::Display| -> ! {
        eprintln!("{d}");
        std::process::exit(1);
    };
    let writer =
        fokus::output::SiteWriter::start(dir, &dir.join("public")).unwrap_or_else(|d| fail(&d));
    let opts = fokus::build::BuildOptions::new(dir);
    if let Err(d) = fokus::build::build_into(&opts, &mut fokus::build::Memo::none(), &writer) {
        fail(&d);
    }
    writer.finish().unwrap_or_else(|d| fail(&d));
    let secs = start.elapsed().as_secs_f64();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<u64>().ok())
            })
        })
        .unwrap_or(0);
    println!("{secs} {peak}");
}
