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

#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const CHILD_ENV: &str = "FOKUS_BENCH_BUILD";
const RUNS: usize = 3;

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

/// The child: one clean build exactly as `fokus build` does it.
fn child(dir: &Path) {
    let start = Instant::now();
    let site = match fokus::build::build(&fokus::build::BuildOptions::new(dir)) {
        Ok(site) => site,
        Err(d) => {
            eprintln!("{d}");
            std::process::exit(1);
        }
    };
    if let Err(d) = fokus::output::write_site(dir, &dir.join("public"), &site.files) {
        eprintln!("{d}");
        std::process::exit(1);
    }
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
