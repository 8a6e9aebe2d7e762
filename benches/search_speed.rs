//! Search in Chromium, from `cargo bench`: runs `benches/search_speed.mjs`
//! (first-query download at most 200 KB, keystroke to results at most 50 ms
//! median, on the 5,000-module synthetic course) when node, Debian's
//! Chromium and the browser test tools (`npm ci --prefix tests/browser`)
//! are there; otherwise it says what is missing and skips. Benchmarks print;
//! they do not fail.
//!
//! `cargo bench --bench search_speed -- 1000` for another size.

#[path = "support/synthetic.rs"]
mod synthetic;

use std::path::Path;
use std::process::Command;

fn main() {
    let modules: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5_000);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let node = Command::new("node").arg("--version").output();
    let missing = if !node.is_ok_and(|o| o.status.success()) {
        Some("node")
    } else if !Path::new("/usr/bin/chromium").exists() {
        Some("/usr/bin/chromium")
    } else if !repo
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        Some("playwright-core (npm ci --prefix tests/browser)")
    } else {
        None
    };
    if let Some(what) = missing {
        println!("search_speed: {what} is missing; search in the browser not measured (skipped)");
        return;
    }
    let dir = tempfile::Builder::new()
        .prefix("fokus-search-bench-")
        .tempdir()
        .expect("scratch folder");
    synthetic::write_course(dir.path(), modules).expect("write synthetic course");
    let status = Command::new("node")
        .arg(repo.join("benches/search_speed.mjs"))
        .arg(modules.to_string())
        .env("FOKUS_BENCH_COURSE", dir.path())
        .env("FOKUS_BENCH_BIN", env!("CARGO_BIN_EXE_fokus"))
        .status();
    if !status.is_ok_and(|s| s.success()) {
        println!("search_speed: the browser benchmark did not finish (see above)");
    }
}
