//! `fokus serve`: build the course, serve it from memory, rebuild on every
//! change and reload the browser.
//!
//! The flow, in one thread each:
//!
//! - the **build loop** ([`serve`], the caller's thread) waits for
//!   [`watcher`] to report a settled change, runs the very same build as
//!   `fokus build` ([`crate::build::build_into`], keeping a
//!   [`crate::build::Memo`] of what an unchanged input made), and publishes
//!   its result as a new [`Snapshot`] in two steps: the pages as soon as
//!   they are made ([`crate::build::Sink::pages_ready`]), then the complete
//!   site, with the print pages and the search index, under the same
//!   version;
//! - the **HTTP workers** ([`server`]) answer every request from the current
//!   snapshot, so a browser never sees a half-built site, and never read the
//!   disk;
//! - the **reload channel** ([`reload`]) holds the open Server-Sent Events
//!   connections and tells each tab to reload (after a good build) or to
//!   show the diagnostics (after a failed one).
//!
//! Nothing is written to the course folder.

mod reload;
mod server;
mod watcher;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::build::{BuildOptions, BuildStats};
use crate::config::Edition;
use crate::diagnostics::{Diagnostics, Severity};

/// How long the file system must be quiet before a rebuild starts, when
/// its events do not say that the changed files are complete.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(15);

/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(400);

/// How many ports after the asked one are tried when it is taken.
pub const PORT_ATTEMPTS: u16 = 10;

/// How often open reload connections get a keep-alive comment.
const PING_EVERY: Duration = Duration::from_secs(15);

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The course folder (holds `course.yaml`).
    pub root: PathBuf,
    pub edition: Edition,
    /// Include modules marked `draft: true`.
    pub drafts: bool,
    /// Address to listen on; loopback unless the author asks otherwise.
    pub bind: IpAddr,
    /// Port to listen on; 0 lets the system pick a free one.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Poll the files instead of using the operating system's notifications.
    pub poll: bool,
    /// Quiet time after the last change before rebuilding.
    pub debounce: Duration,
}

impl ServeOptions {
    /// Participant edition of the course at `root` on 127.0.0.1:4000.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            edition: Edition::Participant,
            drafts: false,
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 4000,
            open: false,
            poll: false,
            debounce: DEFAULT_DEBOUNCE,
        }
    }
}

/// Something the server wants the person at the terminal to know.
#[derive(Debug)]
pub enum Event<'a> {
    /// The server listens; `url` is the address to open.
    Listening {
        url: &'a str,
        /// The port listened on.
        port: u16,
        /// The port asked for, when it was taken and another one is used.
        port_taken: Option<u16>,
    },
    /// A build succeeded. `changed` names a file that triggered it (none for the first build).
    Built {
        stats: &'a BuildStats,
        /// Problems that did not stop the build.
        warnings: &'a Diagnostics,
        changed: Option<&'a Path>,
        /// Number of changed paths behind this build.
        changes: usize,
        /// True when the warnings differ from the previous build's.
        new_warnings: bool,
    },
    /// A build failed; the previous site stays served and browsers show the diagnostics.
    Failed {
        diagnostics: &'a Diagnostics,
        changed: Option<&'a Path>,
        /// True when this is the first build, so there is no site to show yet.
        first: bool,
    },
    /// Something went wrong that does not stop the server.
    Warning(crate::messages::Text),
}

/// Why the server could not start (or stopped).
#[derive(Debug)]
pub enum ServeError {
    /// The course folder does not exist or cannot be read.
    Root {
        root: PathBuf,
        error: std::io::Error,
    },
    /// The folder has no `course.yaml`: probably not the course folder.
    NotACourse(PathBuf),
    /// No port could be bound.
    Bind {
        addr: SocketAddr,
        error: std::io::Error,
        /// True when the port and the next ones were all in use.
        in_use: bool,
    },
    /// The HTTP server could not be started on the bound socket.
    Http(String),
    /// The file watcher could not be started or stopped working.
    Watch(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Root { root, error } => {
                write!(
                    f,
                    "cannot use the course folder {}: {error}",
                    root.display()
                )
            }
            ServeError::NotACourse(root) => write!(
                f,
                "{} has no {}; run `fokus serve` in the course folder, pass --root, or create a course with `fokus init <dir>`",
                root.display(),
                crate::config::CONFIG_FILE
            ),
            ServeError::Bind {
                addr, in_use: true, ..
            } => write!(
                f,
                "port {} and the {} ports after it are in use on {}; stop the other server or choose a port with --port",
                addr.port(),
                PORT_ATTEMPTS - 1,
                addr.ip()
            ),
            ServeError::Bind { addr, error, .. } => {
                write!(f, "cannot listen on {addr}: {error}")
            }
            ServeError::Http(e) => write!(f, "cannot start the web server: {e}"),
            ServeError::Watch(e) => write!(
                f,
                "cannot watch the course for changes: {e}; try `fokus serve --poll`"
            ),
        }
    }
}

impl std::error::Error for ServeError {}

/// One diagnostic as the browser shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BrowserDiagnostic {
    pub severity: &'static str,
    /// `file:line:column`, or as much of it as is known.
    pub location: String,
    pub message: String,
    pub help: Option<String>,
}

/// A failed build's diagnostics, ready for the overlay and the error page.
#[derive(Debug)]
pub(crate) struct ErrorReport {
    pub diagnostics: Vec<BrowserDiagnostic>,
    /// `diagnostics` as JSON (no raw newlines, so it fits one SSE `data:` line).
    pub json: String,
}

impl ErrorReport {
    fn new(d: &Diagnostics, lang: crate::messages::Language) -> Self {
        let diagnostics: Vec<BrowserDiagnostic> = d
            .sorted()
            .into_iter()
            .map(|d| BrowserDiagnostic {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                location: d.location(),
                message: d.message_in(lang),
                help: d.help_in(lang),
            })
            .collect();
        let json = serde_json::to_string(&diagnostics).unwrap_or_else(|_| "[]".into());
        ErrorReport { diagnostics, json }
    }
}

/// Everything the server shows at one moment; replaced whole, never changed.
#[derive(Debug)]
pub(crate) struct Snapshot {
    /// The last good site (path relative to the site root → bytes); `None` before the first good build.
    pub files: Option<Arc<HashMap<String, Arc<Vec<u8>>>>>,
    /// Names the site version; pages carry it so a tab can tell it is stale.
    pub token: String,
    /// The diagnostics of the latest build, when it failed.
    pub error: Option<Arc<ErrorReport>>,
    /// False while its build still makes the files that are made from all
    /// the pages (print pages, search index): a request for a file it lacks
    /// waits for the complete snapshot of the same version.
    pub complete: bool,
}

impl Snapshot {
    /// Whether it holds the file (or the folder's page) at site path `key`.
    fn has(&self, key: &str) -> bool {
        self.files.as_ref().is_some_and(|files| {
            files.contains_key(key) || files.contains_key(&format!("{key}/index.html"))
        })
    }
}

/// Build, serve and watch the course until the watcher stops; report through `report`.
///
/// Returns only on a fatal error: the server runs until the process is
/// interrupted (Ctrl-C), and nothing needs cleaning up then because nothing
/// is ever written to disk.
pub fn serve(opts: &ServeOptions, report: &mut dyn FnMut(Event)) -> Result<(), ServeError> {
    let root = opts.root.canonicalize().map_err(|error| ServeError::Root {
        root: opts.root.clone(),
        error,
    })?;
    if !root.join(crate::config::CONFIG_FILE).exists() {
        return Err(ServeError::NotACourse(opts.root.clone()));
    }
    let (listener, port_taken) = bind(opts.bind, opts.port)?;
    let local = listener
        .local_addr()
        .map_err(|e| ServeError::Http(e.to_string()))?;

    // Watch before the first build, so that no change made during it is lost.
    let (mut watcher, events) =
        watcher::Watcher::start(&root, opts.poll).map_err(ServeError::Watch)?;
    for w in watcher.watch_sources() {
        report(Event::Warning(w));
    }

    let instance = instance_id();
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        edition: opts.edition,
        drafts: opts.drafts,
        strict: false,
        exits_after: false,
    };
    // The overlay speaks the course's language (Danish when course.yaml cannot be read yet).
    let language = crate::config::CourseConfig::load(&opts.root)
        .map(|c| c.language)
        .unwrap_or_default();
    let live = Arc::new(reload::Live::new(
        Snapshot {
            files: None,
            token: format!("{instance}-0"),
            error: None,
            complete: true,
        },
        language,
    ));
    let mut builder = Builder {
        opts: build_opts,
        live: live.clone(),
        shown: format!("{instance}-0"),
        instance,
        builds: 0,
        last_warnings: None,
        files: None,
        cache: crate::build::Memo::new(),
    };
    builder.rebuild(None, 0, report);

    server::start(listener, local, live.clone())?;
    let url = url_for(local);
    report(Event::Listening {
        url: &url,
        port: local.port(),
        port_taken,
    });
    if opts.open
        && let Err(e) = open_browser(&url)
    {
        report(Event::Warning(t!(
            "serve.no_browser",
            error = e.to_string(),
            url = url.as_str()
        )));
    }

    let mut last_ping = Instant::now();
    loop {
        let mut changes = match watcher::next_change(&events, &root, opts.debounce, PING_EVERY) {
            watcher::Next::Changes(changes) => changes,
            watcher::Next::Idle => {
                live.ping();
                last_ping = Instant::now();
                continue;
            }
            watcher::Next::Stopped => {
                return Err(ServeError::Watch(
                    t!("serve.watcher_stopped").render(language),
                ));
            }
        };
        for e in changes.errors.drain(..) {
            report(Event::Warning(t!("serve.watcher_error", error = e)));
        }
        for dir in &changes.new_source_dirs {
            if let Err(e) = watcher.watch_dir(dir) {
                report(Event::Warning(e));
            }
        }
        if !changes.paths.is_empty() {
            // Name the most specific path (a file rather than its folder).
            let named = changes
                .paths
                .iter()
                .max_by_key(|p| p.components().count())
                .cloned();
            builder.rebuild(named.as_deref(), changes.paths.len(), report);
        }
        if last_ping.elapsed() >= PING_EVERY {
            live.ping();
            last_ping = Instant::now();
        }
    }
}

/// Runs builds and publishes their results.
struct Builder {
    opts: BuildOptions,
    live: Arc<reload::Live>,
    instance: String,
    /// Builds started so far; each names a version of the site.
    builds: u64,
    last_warnings: Option<Diagnostics>,
    /// The last good site's files.
    files: Option<Arc<HashMap<String, Arc<Vec<u8>>>>>,
    /// The version name of the last good site.
    shown: String,
    /// What the next rebuild may reuse: only what the change cannot have affected.
    cache: crate::build::Memo,
}

impl Builder {
    fn rebuild(&mut self, changed: Option<&Path>, changes: usize, report: &mut dyn FnMut(Event)) {
        // Every build attempt names a new version; its pages are shown as
        // soon as they are made, and the rest of the site joins them under
        // the same name when the build ends.
        self.builds += 1;
        let token = format!("{}-{}", self.instance, self.builds);
        let preview = Preview {
            files: crate::build::Collect::default(),
            live: &self.live,
            token: &token,
        };
        match crate::build::build_into(&self.opts, &mut self.cache, &preview) {
            Ok(crate::build::Built { warnings, stats }) => {
                let files = Arc::new(files_by_path(preview.files.into_files()));
                self.files = Some(files.clone());
                self.shown = token.clone();
                self.live.publish(Snapshot {
                    files: Some(files),
                    token,
                    error: None,
                    complete: true,
                });
                let new_warnings = self.last_warnings.as_ref() != Some(&warnings);
                report(Event::Built {
                    stats: &stats,
                    warnings: &warnings,
                    changed,
                    changes,
                    new_warnings,
                });
                self.last_warnings = Some(warnings);
            }
            Err(diagnostics) => {
                let error = Arc::new(ErrorReport::new(
                    &diagnostics,
                    crate::messages::course_language(&self.opts.root),
                ));
                // The last good site stays served, under its own version.
                self.live.publish(Snapshot {
                    files: self.files.clone(),
                    token: self.shown.clone(),
                    error: Some(error),
                    complete: true,
                });
                report(Event::Failed {
                    diagnostics: &diagnostics,
                    changed,
                    first: self.files.is_none(),
                });
                self.last_warnings = None;
            }
        }
    }
}

/// Path → bytes; moved, not copied: the bytes go to the server as they are.
fn files_by_path(files: Vec<crate::output::OutputFile>) -> HashMap<String, Arc<Vec<u8>>> {
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Where a serve build puts its files: kept for the complete snapshot, and
/// the pages published the moment they are all made, so an edit shows
/// without waiting for the print pages and the search index.
struct Preview<'a> {
    files: crate::build::Collect,
    live: &'a reload::Live,
    token: &'a str,
}

impl crate::build::Sink for Preview<'_> {
    fn put(&self, file: crate::output::OutputFile) -> Result<(), crate::diagnostics::Diagnostic> {
        self.files.put(file)
    }

    fn offline_worker(&self) -> bool {
        // No service worker: an author always sees the latest build.
        false
    }

    fn pages_ready(&self) {
        self.live.publish(Snapshot {
            files: Some(Arc::new(files_by_path(self.files.so_far()))),
            token: self.token.to_string(),
            error: None,
            complete: false,
        });
    }
}

/// Bind `ip:port`, or the next free port after a taken one (unless the port is 0).
fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, Option<u16>), ServeError> {
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    let mut first_error = None;
    for i in 0..attempts {
        let Some(p) = port.checked_add(i) else { break };
        let addr = SocketAddr::new(ip, p);
        match TcpListener::bind(addr) {
            Ok(l) => return Ok((l, (i > 0).then_some(port))),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                first_error.get_or_insert(e);
            }
            Err(error) => {
                return Err(ServeError::Bind {
                    addr,
                    error,
                    in_use: false,
                });
            }
        }
    }
    Err(ServeError::Bind {
        addr: SocketAddr::new(ip, port),
        error: first_error.unwrap_or_else(|| std::io::ErrorKind::AddrInUse.into()),
        in_use: true,
    })
}

/// The address to print and open: loopback when bound to every interface.
fn url_for(local: SocketAddr) -> String {
    let ip = match local.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1]),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, local.port()))
}

/// A name for this server process, so a tab from an earlier run reloads.
fn instance_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos() ^ (d.as_secs() as u32))
        .unwrap_or(0);
    format!("{:x}{:x}", std::process::id(), nanos)
}

/// Open `url` in the default browser.
fn open_browser(url: &str) -> std::io::Result<()> {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_uses_loopback_for_every_interface() {
        assert_eq!(
            url_for("0.0.0.0:4000".parse().unwrap()),
            "http://127.0.0.1:4000/"
        );
        assert_eq!(url_for("[::1]:80".parse().unwrap()), "http://[::1]:80/");
    }

    #[test]
    fn a_taken_port_moves_to_the_next_one() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        // The next ports may be taken too, but fokus tries further; only no free port fails.
        let (l, moved) = bind(IpAddr::from([127, 0, 0, 1]), port)
            .unwrap_or_else(|e| panic!("no port near {port} could be bound: {e}"));
        assert_eq!(moved, Some(port));
        assert_ne!(l.local_addr().unwrap().port(), port);
    }
}
