//! `fokus serve` end to end: the real binary on a free port, a temporary copy
//! of `tests/fixtures/serve-course`, raw HTTP over TCP.
//!
//! Every wait polls with a generous deadline (10 s) so the tests hold on a
//! loaded CI machine; no fixed sleep is an assertion. Each test stops the
//! server it started (the guard kills it on drop, also when a test fails).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(10);
const SECRET_BESIDE: &str = "TOP-SECRET-beside-the-course";
const SECRET_INSIDE: &str = "TOP-SECRET-inside-the-course";

/// A running `fokus serve` on a copy of the fixture course; killed on drop.
struct Server {
    child: Child,
    port: u16,
    root: PathBuf,
    stderr: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Copy the fixture, let `prepare` change it, start the server and wait for its address.
    fn start_with(prepare: impl FnOnce(&Path)) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("kursus");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-course"),
            &root,
        );
        std::fs::write(dir.path().join("secret.txt"), SECRET_BESIDE).unwrap();
        std::fs::write(root.join("secret.txt"), SECRET_INSIDE).unwrap();
        prepare(&root);
        let mut child = Command::new(env!("CARGO_BIN_EXE_fokus"))
            .arg("--no-color")
            .arg("--root")
            .arg(&root)
            .args(["serve", "--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start fokus serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(err) = child.stderr.take() {
            let log = stderr.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines().map_while(Result::ok) {
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let (tx, rx) = channel();
        if let Some(out) = child.stdout.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                        let _ = tx.send(url.to_string());
                    }
                }
            });
        }
        let mut server = Server {
            child,
            port: 0,
            root,
            stderr,
            _dir: dir,
        };
        let url = match rx.recv_timeout(DEADLINE) {
            Ok(url) => url,
            Err(_) => panic!("fokus serve printed no address; stderr:\n{}", server.log()),
        };
        server.port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {url}"));
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        server
    }

    fn start() -> Server {
        Server::start_with(|_| {})
    }

    fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Send `request` as it is and read the whole answer.
    fn raw(&self, request: &str) -> Reply {
        raw(self.port, request)
    }

    fn get(&self, path: &str) -> Reply {
        get(self.port, path)
    }

    /// Poll `path` until `ok` holds for the reply; panic with the server log after the deadline.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if ok(&r) {
                return r;
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "{what}: GET {path} still gives {} after {DEADLINE:?}\n--- body ---\n{}\n--- server log ---\n{}",
                    r.status,
                    r.body,
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Save `text` to `rel` the way many editors do: write a temporary file, rename it over.
    fn save(&self, rel: &str, text: &str) {
        let target = self.path(rel);
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        // JetBrains' temp name; ignored by fokus, like vim's and emacs' files.
        let tmp = target.with_file_name(format!("{name}___jb_tmp___"));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &target).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Open the event stream and wait for its `hello`; returns the stream and the site version.
    fn events(&self) -> (Events, String) {
        let events = Events::open(self.port);
        let hello = events.expect("hello", self);
        (events, build_of(&hello))
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// An HTTP answer.
#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

/// A copy of `tests/fixtures/serve-course` in `dir`; gives its root.
fn fixture_course(dir: &Path) -> PathBuf {
    let root = dir.join("kursus");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-course"),
        &root,
    );
    root
}

/// GET `path` from the server on `port`.
fn get(port: u16, path: &str) -> Reply {
    raw(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
}

fn raw(port: u16, request: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    // The server closes the connection after answering (`Connection: close`, or a refused request).
    let _ = s.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Server-Sent Events from `/__fokus/events`, parsed in a background thread.
struct Events {
    rx: Receiver<(String, String)>,
    _stream: TcpStream,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.write_all(
            format!("GET /__fokus/events HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").as_bytes(),
        )
        .unwrap();
        let reader = s.try_clone().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(reader).lines().map_while(Result::ok);
            // The response head.
            for line in lines.by_ref() {
                if line.is_empty() {
                    break;
                }
            }
            let (mut name, mut data) = (String::new(), String::new());
            for line in lines {
                if line.is_empty() {
                    if !name.is_empty() && tx.send((name.clone(), data.clone())).is_err() {
                        return;
                    }
                    name.clear();
                    data.clear();
                } else if let Some(v) = line.strip_prefix("event: ") {
                    name = v.to_string();
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data = v.to_string();
                }
            }
        });
        Events { rx, _stream: s }
    }

    /// The data of the next event called `name` (earlier other events are skipped).
    fn expect(&self, name: &str, server: &Server) -> String {
        let start = Instant::now();
        while let Some(left) = DEADLINE.checked_sub(start.elapsed()) {
            match self.rx.recv_timeout(left) {
                Ok((n, data)) if n == name => return data,
                Ok(_) => continue,
                Err(_) => break,
            }
        }
        panic!(
            "no `{name}` event within {DEADLINE:?}; server log:\n{}",
            server.log()
        )
    }
}

fn json(data: &str) -> serde_json::Value {
    serde_json::from_str(data).unwrap_or_else(|e| panic!("bad JSON {data:?}: {e}"))
}

fn build_of(data: &str) -> String {
    json(data)["build"].as_str().unwrap_or_default().to_string()
}

const MODULE: &str = "content/grundlag/samtalen.md";
const MODULE_URL: &str = "/grundlag/samtalen.html";
const EXERCISE: &str = "exercises/samtale-oevelse.yaml";

#[test]
fn serves_a_page_and_reloads_after_a_rename_save() {
    let server = Server::start();
    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", server.log());
    assert!(home.body.contains("Prøvekursus"));
    assert!(home.body.contains("data-fokus-live"), "no reload script");
    let page = server.get(MODULE_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Spørg til det, der lykkedes sidst."));

    let (events, first) = server.events();
    let text = server.read(MODULE).replace(
        "Spørg til det, der lykkedes sidst.",
        "Spørg til det, der lykkedes sidst. Markør-omdøbt-gemning.",
    );
    server.save(MODULE, &text);
    let reload = build_of(&events.expect("reload", &server));
    assert_ne!(reload, first, "a reload names the new site version");
    // The site is swapped before the event is sent: the new text is there at once.
    let page = server.get(MODULE_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Markør-omdøbt-gemning"), "{}", page.body);
    assert!(page.body.contains(&format!("data-build=\"{reload}\"")));
    assert!(
        !server.log().contains("___jb_tmp___"),
        "the editor's temp file was taken for a change:\n{}",
        server.log()
    );
}

#[test]
fn new_and_deleted_modules_and_folders_are_picked_up() {
    let server = Server::start();
    server.save(
        "content/grundlag/ny.md",
        "---\ntitle: Et nyt modul\n---\n\n## Noget nyt\n\nMarkør-nyt-modul.\n",
    );
    server.wait_for("/grundlag/ny.html", "a new module", |r| {
        r.status == 200 && r.body.contains("Markør-nyt-modul")
    });
    std::fs::remove_file(server.path("content/grundlag/ny.md")).unwrap();
    server.wait_for("/grundlag/ny.html", "a deleted module", |r| r.status == 404);

    let part = server.path("content/ekstra");
    std::fs::create_dir(&part).unwrap();
    std::fs::write(
        part.join("_index.md"),
        "---\ntitle: Ekstra\norder: 2\n---\n\nEn ekstra del.\n",
    )
    .unwrap();
    std::fs::write(
        part.join("modul.md"),
        "---\ntitle: Ekstra modul\n---\n\nMarkør-ny-mappe.\n",
    )
    .unwrap();
    server.wait_for("/ekstra/modul.html", "a module in a new folder", |r| {
        r.status == 200 && r.body.contains("Markør-ny-mappe")
    });
    std::fs::remove_dir_all(&part).unwrap();
    server.wait_for("/ekstra/modul.html", "a deleted folder", |r| {
        r.status == 404
    });
}

#[test]
fn broken_yaml_shows_the_error_and_a_fix_clears_it() {
    let server = Server::start();
    let (events, first) = server.events();
    let good = server.read(EXERCISE);
    assert!(good.contains("title: Den første samtale"));
    server.save(
        EXERCISE,
        &good.replace("title: Den første samtale", "title: [Den første samtale"),
    );

    let data = json(&events.expect("error", &server));
    assert_eq!(data["build"], first.as_str(), "the old site stays served");
    let diagnostics = data["diagnostics"].as_array().expect("a diagnostics list");
    let d = diagnostics
        .iter()
        .find(|d| {
            d["location"]
                .as_str()
                .is_some_and(|l| l.starts_with("exercises/samtale-oevelse.yaml:"))
        })
        .unwrap_or_else(|| panic!("no diagnostic names the file: {data}"));
    assert_eq!(d["severity"], "error");
    let location = d["location"].as_str().unwrap();
    assert!(
        location.matches(':').count() == 2,
        "file:line:column expected, got {location}"
    );
    assert!(!d["message"].as_str().unwrap_or("").is_empty());

    // Pages still come from the last good build, with the overlay script.
    let page = server.get(MODULE_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("data-build=\"{first}\"")));
    assert!(page.body.contains("src=\"/__fokus/live.js\""));
    let script = server.get("/__fokus/live.js");
    assert!(script.body.contains("alertdialog") && script.body.contains("Escape"));
    let status = json(&server.get("/__fokus/status").body);
    assert_eq!(status["ok"], false);
    assert_eq!(status["diagnostics"][0]["location"], d["location"]);

    // A new tab learns about the error as soon as it connects.
    let (late, _) = server.events();
    late.expect("error", &server);

    server.save(EXERCISE, &good);
    let reload = build_of(&events.expect("reload", &server));
    assert_ne!(reload, first);
    let status = json(&server.get("/__fokus/status").body);
    assert_eq!(status["ok"], true, "{status}");
    assert!(status["diagnostics"].is_null());
}

#[test]
fn a_failing_first_build_still_serves_the_errors() {
    let server = Server::start_with(|root| {
        let text = std::fs::read_to_string(root.join("course.yaml")).unwrap();
        std::fs::write(
            root.join("course.yaml"),
            text.replace("title: Prøvekursus", "title: \"\""),
        )
        .unwrap();
    });
    let page = server.get(MODULE_URL);
    assert_eq!(page.status, 500, "{}", server.log());
    assert!(page.body.contains("Kurset kunne ikke bygges"));
    assert!(page.body.contains("<code>course.yaml:"), "{}", page.body);
    assert!(page.body.contains("data-fokus-live"));
    assert_eq!(server.get("/assets/fokus.css").status, 404);

    let text = server.read("course.yaml");
    server.save(
        "course.yaml",
        &text.replace("title: \"\"", "title: Prøvekursus"),
    );
    server.wait_for(MODULE_URL, "the fixed course", |r| {
        r.status == 200 && r.body.contains("Spørg til det")
    });
}

#[test]
fn traversal_probes_never_leave_the_site() {
    let server = Server::start();
    let port = server.port;
    let targets = [
        "/../".to_string(),
        "/../secret.txt".into(),
        "/../../../../../../etc/passwd".into(),
        "/%2e%2e/".into(),
        "/%2e%2e/secret.txt".into(),
        "/%2E%2E%2Fsecret.txt".into(),
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd".into(),
        "/..%5c".into(),
        "/..%5csecret.txt".into(),
        "/..\\secret.txt".into(),
        "//etc/passwd".into(),
        "///etc/passwd".into(),
        "/assets/../../secret.txt".into(),
        "/assets/%2e%2e/%2e%2e/secret.txt".into(),
        "/%c0%ae%c0%ae/secret.txt".into(),
        "/index.html%00".into(),
        "/secret.txt".into(),
        "/course.yaml".into(),
        "/content/grundlag/samtalen.md".into(),
        "http://evil/".into(),
        "http://evil/../secret.txt".into(),
        format!("http://127.0.0.1:{port}/../secret.txt"),
        "*".into(),
    ];
    for target in &targets {
        let r = server.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ));
        assert!(
            r.status == 400 || r.status == 404,
            "GET {target} gave {}:\n{}",
            r.status,
            r.body
        );
        for secret in [SECRET_BESIDE, SECRET_INSIDE, "root:", "title: Prøvekursus"] {
            assert!(!r.body.contains(secret), "GET {target} leaked {secret:?}");
        }
        assert!(
            !r.head.contains("secret") && !r.head.contains("passwd") && !r.head.contains("evil"),
            "request bytes in the response head of {target}:\n{}",
            r.head
        );
    }
    // The server is still fine afterwards.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn foreign_hosts_and_other_methods_are_refused() {
    let server = Server::start();
    let port = server.port;
    for host in ["evil.example", &format!("evil.example:{port}")] {
        let r = server.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(r.status, 403, "Host: {host}");
        assert!(!r.head.contains("evil"));
    }
    let r = server.raw("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(r.status, 400, "no Host header");
    let r = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(r.status, 200, "Host: localhost");
    let r = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: [::1]:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(r.status, 200, "Host: [::1]");

    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let r = server.raw(&format!(
            "{method} / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab"
        ));
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("Allow").as_deref(), Some("GET, HEAD"));
    }
    let r = server.raw(&format!(
        "HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    let len: usize = r
        .header("Content-Length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    assert!(len > 0);
}

#[test]
fn content_types_directory_urls_and_the_404_page() {
    let server = Server::start();
    let cases = [
        ("/", "text/html; charset=utf-8"),
        ("/grundlag/", "text/html; charset=utf-8"),
        ("/assets/fokus.css", "text/css; charset=utf-8"),
        ("/assets/fokus.js", "text/javascript; charset=utf-8"),
        ("/assets/toc.js", "text/javascript; charset=utf-8"),
    ];
    for (path, ct) in cases {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("Content-Type").as_deref(), Some(ct), "{path}");
        assert_eq!(
            r.body.contains("data-fokus-live"),
            ct.starts_with("text/html"),
            "the script goes into HTML only ({path})"
        );
    }
    let r = server.get("/grundlag");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("Location").as_deref(), Some("/grundlag/"));
    let r = server.get("/findes/ikke.html");
    assert_eq!(r.status, 404);
    assert!(
        r.body.contains("page-404"),
        "the theme's 404 page: {}",
        r.body
    );
}

#[test]
fn build_output_has_no_live_reload_script() {
    let dir = tempfile::tempdir().unwrap();
    let root = fixture_course(dir.path());
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_fokus"))
        .arg("--root")
        .arg(&root)
        .arg("build")
        .arg("--out")
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut html = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            html += usize::from(entry.path().extension().is_some_and(|e| e == "html"));
            assert!(
                !text.contains("__fokus") && !text.contains("data-fokus-live"),
                "{} has serve-only code",
                entry.path().display()
            );
        }
    }
    assert!(html >= 5);
}

#[test]
fn private_use_characters_in_a_save_neither_crash_nor_vanish() {
    let server = Server::start();
    let (events, _) = server.events();
    let text = server.read(MODULE).replace(
        "Spørg til det, der lykkedes sidst.",
        &format!("Spørg til det, der lykkedes sidst. {}", crate::unicode::PUA),
    );
    server.save(MODULE, &text);
    events.expect("reload", &server);
    let page = server.get(MODULE_URL);
    assert_eq!(page.status, 200, "{}", server.log());
    assert!(page.body.contains(crate::unicode::PUA), "{}", page.body);
    assert!(server.get("/").status == 200, "the server still answers");
}

#[test]
fn tabs_that_leave_free_their_live_reload_connections() {
    let server = Server::start();
    let port = server.port;
    // More tabs than the server takes connections, each leaving right after `hello`.
    for _ in 0..100 {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.write_all(
            format!("GET /__fokus/events HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").as_bytes(),
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut first = [0u8; 64];
        assert!(s.read(&mut first).unwrap() > 0, "{}", server.log());
        drop(s);
        std::thread::sleep(Duration::from_millis(20));
    }
    let page = server.get("/");
    assert_eq!(page.status, 200, "{}", server.log());
}

#[test]
fn a_browser_that_cannot_be_opened_is_a_warning_in_the_courses_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = fixture_course(dir.path());
    // No program to open a browser with: an empty PATH.
    let empty = dir.path().join("bin");
    std::fs::create_dir(&empty).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_fokus"))
        .env("PATH", &empty)
        .env_remove("FOKUS_LANGUAGE")
        .arg("--no-color")
        .arg("--root")
        .arg(&root)
        .args(["serve", "--port", "0", "--open"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start fokus serve");
    let (tx, rx) = channel();
    if let Some(err) = child.stderr.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let started = Instant::now();
    let mut seen = String::new();
    while started.elapsed() < DEADLINE && !seen.contains("åbn selv http://") {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            seen.push_str(&line);
            seen.push('\n');
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        seen.contains("advarsel: kunne ikke åbne en browser") && seen.contains("åbn selv http://"),
        "{seen}"
    );
}

/// A save that the file system reports as complete (closed after writing,
/// or renamed into place) is rebuilt without waiting for the quiet period:
/// here the quiet period is a minute, far past the deadline.
#[test]
fn a_completed_save_rebuilds_without_waiting_for_quiet() {
    use fokus::serve::{Event, ServeOptions, serve};
    let dir = tempfile::tempdir().expect("temp dir");
    let root = fixture_course(dir.path());
    let mut opts = ServeOptions::new(&root);
    opts.port = 0;
    opts.debounce = Duration::from_secs(60);
    let (tx, rx) = channel::<u16>();
    // The server runs until the test process ends.
    std::thread::spawn(move || {
        let _ = serve(&opts, &mut |event| {
            if let Event::Listening { port, .. } = event {
                let _ = tx.send(port);
            }
        });
    });
    let port = rx.recv_timeout(DEADLINE).expect("serve started");
    let page = |marker: &str| {
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            if get(port, MODULE_URL).body.contains(marker) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        false
    };
    let module = root.join(MODULE);
    let original = std::fs::read_to_string(&module).unwrap();

    // Written in place, as many editors save.
    std::fs::write(&module, format!("{original}\n\nMarkør-på-stedet.\n")).unwrap();
    assert!(
        page("Markør-på-stedet"),
        "an in-place save waited for quiet"
    );

    // Written beside and renamed over the original.
    let tmp = module.with_file_name("samtalen.md___jb_tmp___");
    std::fs::write(&tmp, format!("{original}\n\nMarkør-omdøbt.\n")).unwrap();
    std::fs::rename(&tmp, &module).unwrap();
    assert!(page("Markør-omdøbt"), "a rename save waited for quiet");
}
