//! Edit → visible latency of `fokus serve` on a synthetic 1,000-module course.
//!
//! Starts the (release) binary on a free port, then 20 times saves a module
//! the way editors do (write a temporary file, rename it over the original)
//! with a unique marker, and polls the served page until the marker shows.
//! Prints every latency, the median and the 90th percentile in ms, and the
//! rebuild times the server reported.
//!
//! Run with `cargo bench --bench serve_latency`. `FOKUS_BENCH_MODULES` and
//! `FOKUS_BENCH_EDITS` change the course size (default 1000) and the number
//! of measured edits (default 20); `FOKUS_BENCH_POLL_MS` the pause between
//! two polls of the page (default 5; polling faster takes CPU from the build
//! on a small machine); `FOKUS_BENCH_BIN` runs another fokus binary instead
//! of this one (to compare two commits in turns on a noisy machine).

#[path = "support/synthetic.rs"]
mod synthetic;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);
const WARM_UP: usize = 3;
/// Edit → visible, median, on 1,000 modules (issue 16).
const TARGET_MS: f64 = 50.0;

/// Kills the server when the bench ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(TIMEOUT)).ok()?;
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
    .ok()?;
    let mut body = Vec::new();
    s.read_to_end(&mut body).ok()?;
    Some(String::from_utf8_lossy(&body).into_owned())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    // Nearest rank.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn main() {
    let modules = env_or("FOKUS_BENCH_MODULES", 1000);
    let edits = env_or("FOKUS_BENCH_EDITS", 20);
    let poll = Duration::from_millis(env_or("FOKUS_BENCH_POLL_MS", 5) as u64);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("kursus");
    let t = Instant::now();
    synthetic::write_course(&root, modules).expect("write the synthetic course");
    let written = Instant::now();
    eprintln!(
        "wrote {modules} modules in {} ms to {}",
        t.elapsed().as_millis(),
        root.display()
    );

    // Another build of fokus (say, of an earlier commit) to compare on the same machine.
    let bin =
        std::env::var("FOKUS_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_fokus").into());
    let mut child = Command::new(bin)
        // The rebuild lines are read below in their English wording.
        .env("FOKUS_LANGUAGE", "en")
        .arg("--no-color")
        .arg("--root")
        .arg(&root)
        .args(["serve", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start fokus serve");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let _guard = Guard(child);
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    {
        let log = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                log.lock().unwrap().push(line);
            }
        });
    }
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                let _ = tx.send(url.to_string());
            }
        }
    });
    let url = rx
        .recv_timeout(TIMEOUT)
        .unwrap_or_else(|_| panic!("no address; log: {:?}", log.lock().unwrap()));
    let port: u16 = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    eprintln!("serving at {url}");
    for line in log.lock().unwrap().iter() {
        eprintln!("  server: {line}");
    }

    // fokus reuses what it made from a file only once the file's time stamp
    // is two seconds old (a second change within the clock's resolution could
    // leave the stamp as it was), so during its first two seconds a freshly
    // written course is read whole at every save. An author editing a course
    // that already exists never sees that; wait it out before measuring.
    let settled = Duration::from_millis(2500);
    if let Some(rest) = settled.checked_sub(written.elapsed()) {
        std::thread::sleep(rest);
    }

    let mut latencies = Vec::new();
    for i in 0..WARM_UP + edits {
        let m = (i * 37 + 11) % modules;
        let rel = synthetic::module_path(m);
        let page = format!("/{}", synthetic::module_url(m));
        let path = root.join(&rel);
        let marker = format!("Markør-{i}-{}", std::process::id());
        let text = std::fs::read_to_string(&path).expect("read module");
        let text = format!("{text}\n{marker}\n");
        let tmp = path.with_file_name(format!(
            ".{}.bench-tmp",
            path.file_name().unwrap().to_string_lossy()
        ));

        let start = Instant::now();
        std::fs::write(&tmp, text).expect("write temp");
        std::fs::rename(&tmp, &path).expect("rename");
        loop {
            if get(port, &page).is_some_and(|b| b.contains(&marker)) {
                break;
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "edit {i} never showed; server log:\n{}",
                    log.lock().unwrap().join("\n")
                );
            }
            std::thread::sleep(poll);
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        if i >= WARM_UP {
            latencies.push(ms);
            eprintln!(
                "edit {:2}: {ms:6.1} ms  ({})",
                i - WARM_UP + 1,
                rel.display()
            );
        }
        // Let the file system settle so edits do not overlap.
        std::thread::sleep(Duration::from_millis(150));
    }

    let rebuilds: Vec<f64> = log
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains("; rebuilt "))
        .filter_map(|l| {
            let ms = l.split(" in ").nth(1)?.split(" ms").next()?;
            ms.parse().ok()
        })
        .skip(WARM_UP)
        .collect();
    latencies.sort_by(f64::total_cmp);
    let mut sorted_rebuilds = rebuilds.clone();
    sorted_rebuilds.sort_by(f64::total_cmp);
    let m = median(&latencies);
    println!(
        "serve_latency: {modules} modules, {} edits: median {:.1} ms (target: at most {TARGET_MS} ms) {}, p90 {:.1} ms (min {:.1}, max {:.1})",
        latencies.len(),
        m,
        if m <= TARGET_MS { "ok" } else { "OVER" },
        percentile(&latencies, 90.0),
        latencies[0],
        latencies[latencies.len() - 1]
    );
    if !sorted_rebuilds.is_empty() {
        println!(
            "serve_latency: rebuild time reported by the server ({} rebuilds): median {:.0} ms, p90 {:.0} ms",
            sorted_rebuilds.len(),
            median(&sorted_rebuilds),
            percentile(&sorted_rebuilds, 90.0)
        );
    }
}
