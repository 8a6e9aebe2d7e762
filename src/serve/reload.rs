//! The reload channel: Server-Sent Events to every open tab, the script that
//! listens to them, the error overlay and the error page.
//!
//! Each page served in serve mode carries the token of the site version it
//! came from. A tab connects to `/__fokus/events` and first gets `hello`
//! with the current token: if the site changed meanwhile (or the server was
//! restarted) the tab reloads at once. After that it gets `reload` when a
//! build succeeds and `error` (with the diagnostics) when one fails. The
//! snapshot swap and the broadcast happen under one lock, so a tab either
//! sees the event or gets the new token in its `hello`: no change is missed.
//!
//! Each tab has its own bounded queue ([`QUEUE_LEN`] events), filled without
//! ever blocking; the tab's connection thread writes the events out, with a
//! write timeout. A tab that stops reading fills its queue and is dropped
//! (it reconnects and gets `hello`), so one stalled tab never holds up a
//! build being published or any other request.
//!
//! The script is served as `/__fokus/live.js` (not inline), so the
//! Content-Security-Policy of built pages allows it as a same-origin script.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use super::{BrowserDiagnostic, Snapshot};
use crate::config::Language;
use crate::escape::{html as escape_html, script_json};
use crate::i18n::Strings;

/// URL path of the event stream.
pub(crate) const EVENTS_PATH: &str = "__fokus/events";
/// URL path of the live-reload script.
pub(crate) const SCRIPT_PATH: &str = "__fokus/live.js";
/// Events waiting for one tab before it is dropped as too slow.
pub(crate) const QUEUE_LEN: usize = 8;

/// The current snapshot and the tabs listening for the next one.
pub(crate) struct Live {
    current: RwLock<Arc<Snapshot>>,
    clients: Mutex<Vec<SyncSender<Arc<str>>>>,
    /// Signalled (under the clients' lock) whenever a snapshot is published.
    published: Condvar,
    /// The overlay's script and error page, in the course's language.
    pub overlay: Overlay,
}

impl Live {
    /// Start with `first` as the current snapshot and no listeners.
    pub fn new(first: Snapshot, language: Language) -> Self {
        Live {
            current: RwLock::new(Arc::new(first)),
            clients: Mutex::new(Vec::new()),
            published: Condvar::new(),
            overlay: Overlay::new(language),
        }
    }

    /// The snapshot to answer a request from.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Make `next` current and tell every tab. The rest of a version whose
    /// pages are already shown (`next` completes the current snapshot's
    /// version) is not news to a tab: it gets no event.
    pub fn publish(&self, next: Snapshot) {
        let mut clients = self.lock_clients();
        let next = Arc::new(next);
        let previous = std::mem::replace(
            &mut *self
                .current
                .write()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
            next.clone(),
        );
        let message = match &next.error {
            Some(_) => Some(error_event(&next)),
            None if previous.token == next.token && previous.error.is_none() => None,
            None => Some(event("reload", &token_json(&next.token))),
        };
        if let Some(message) = message {
            broadcast(&mut clients, &message);
        }
        self.published.notify_all();
    }

    /// The current snapshot once it is complete (see [`Snapshot::complete`]),
    /// or after `patience` at the latest.
    pub fn complete(&self, patience: Duration) -> Arc<Snapshot> {
        let clients = self.lock_clients();
        let (_clients, _) = self
            .published
            .wait_timeout_while(clients, patience, |_| !self.current().complete)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.current()
    }

    /// A new listener: the response head and first events to send, and the
    /// queue of the events that follow (it ends when the tab falls behind).
    pub fn subscribe(&self) -> Option<(String, Receiver<Arc<str>>)> {
        let mut clients = self.lock_clients();
        let snap = self.current();
        let mut message = String::from(
            "HTTP/1.1 200 OK\r\n\
             Content-Type: text/event-stream; charset=utf-8\r\n\
             Cache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\n\
             Connection: close\r\n\r\n\
             retry: 500\n\n",
        );
        message.push_str(&event("hello", &token_json(&snap.token)));
        if snap.error.is_some() {
            message.push_str(&error_event(&snap));
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(QUEUE_LEN);
        clients.push(tx);
        Some((message, rx))
    }

    /// Send a comment to every tab, dropping tabs that have gone or fallen behind.
    pub fn ping(&self) {
        broadcast(&mut self.lock_clients(), ": ping\n\n");
    }

    /// Number of tabs listening.
    #[cfg(test)]
    pub fn listeners(&self) -> usize {
        self.lock_clients().len()
    }

    fn lock_clients(&self) -> std::sync::MutexGuard<'_, Vec<SyncSender<Arc<str>>>> {
        self.clients
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Queue `message` for every tab without blocking; a full or closed queue
/// drops its tab.
fn broadcast(clients: &mut Vec<SyncSender<Arc<str>>>, message: &str) {
    let message: Arc<str> = Arc::from(message);
    clients.retain(|c| match c.try_send(message.clone()) {
        Ok(()) => true,
        Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => false,
    });
}

fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn token_json(token: &str) -> String {
    serde_json::json!({ "build": token }).to_string()
}

fn error_event(snap: &Snapshot) -> String {
    let diagnostics = snap.error.as_ref().map(|e| e.json.as_str()).unwrap_or("[]");
    let token = serde_json::to_string(&snap.token).unwrap_or_else(|_| "\"\"".into());
    event(
        "error",
        &format!("{{\"build\":{token},\"diagnostics\":{diagnostics}}}"),
    )
}

/// The overlay and the error page, from the default theme's `serve/` folder,
/// with the words of the course's language from `i18n/`.
pub(crate) struct Overlay {
    script: String,
    css: &'static str,
    strings: Strings,
    lang: &'static str,
    error_page: tera::Tera,
}

const LIVE_JS: &str = include_str!("../../themes/default/serve/live.js");
const LIVE_CSS: &str = include_str!("../../themes/default/serve/live.css");
const ERROR_HTML: &str = include_str!("../../themes/default/serve/error.html");

impl Overlay {
    /// The overlay in `language`.
    pub fn new(language: Language) -> Self {
        let strings = Strings::builtin(language);
        let words: std::collections::BTreeMap<&str, &str> = strings
            .keys()
            .filter(|k| k.starts_with("live_"))
            .map(|k| (k, strings.get(k)))
            .collect();
        let setup = format!(
            "window.FOKUS_LIVE={};\n",
            script_json(&serde_json::json!({ "t": words, "css": LIVE_CSS }))
        );
        let mut error_page = tera::Tera::default();
        // The template is compiled in and tested; a failure here would show as an empty page.
        let _ = error_page.add_raw_template("error.html", ERROR_HTML);
        Overlay {
            script: setup + LIVE_JS,
            css: LIVE_CSS,
            strings,
            lang: language.code(),
            error_page,
        }
    }

    /// The live-reload script, served at [`SCRIPT_PATH`].
    pub fn script(&self) -> &str {
        &self.script
    }

    /// The page shown when no build has succeeded yet: the diagnostics and the script.
    pub fn error_page(&self, diagnostics: &[BrowserDiagnostic], token: &str) -> Vec<u8> {
        let list: Vec<serde_json::Value> = diagnostics
            .iter()
            .map(|d| {
                serde_json::json!({
                    "severity": d.severity,
                    "location": d.location,
                    "message_html": code_spans(&d.message),
                    "help_html": d.help.as_deref().map(code_spans),
                })
            })
            .collect();
        let mut c = tera::Context::new();
        c.insert("lang", self.lang);
        c.insert("t", &self.strings);
        c.insert("css", self.css);
        c.insert("diagnostics", &list);
        c.insert("script_tag", &script_tag(token));
        self.error_page
            .render("error.html", &c)
            .unwrap_or_default()
            .into_bytes()
    }
}

/// Escaped text with `backticked` parts as `<code>`, as the terminal shows them.
fn code_spans(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", escape_html(part))
            } else {
                escape_html(part)
            }
        })
        .collect()
}

/// The `<script>` element injected into HTML pages served for site version `token`.
pub(crate) fn script_tag(token: &str) -> String {
    format!(
        "<script src=\"/{SCRIPT_PATH}\" data-fokus-live data-build=\"{}\"></script>\n",
        escape_html(token)
    )
}

/// `html` with the live-reload script inserted before the last `</body>` (or at the end).
pub(crate) fn inject(html: &[u8], token: &str) -> Vec<u8> {
    let tag = script_tag(token);
    let at = rfind_ascii_ci(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Last position of `needle` in `hay`, ignoring ASCII case.
pub(crate) fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end_tag() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", "t-1");
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with(
            "<html><body><p>x</p><script src=\"/__fokus/live.js\" data-fokus-live data-build=\"t-1\">"
        ));
        assert!(s.ends_with("</script>\n</BODY></html>"));
        let s = String::from_utf8(inject(b"no body", "t")).unwrap();
        assert!(s.starts_with("no body<script"));
    }

    #[test]
    fn error_page_escapes_and_lists_every_diagnostic() {
        let d = vec![BrowserDiagnostic {
            severity: "error",
            location: "exercises/a.yaml:3:7".into(),
            message: "unknown key `<x>`".into(),
            help: Some("allowed keys: id".into()),
        }];
        let page = String::from_utf8(Overlay::new(Language::Da).error_page(&d, "t-0")).unwrap();
        assert!(
            page.contains("<code>exercises/a.yaml:3:7</code>: unknown key <code>&lt;x&gt;</code>"),
            "{page}"
        );
        assert!(!page.contains('`'), "no literal backticks in the overlay");
        assert!(page.contains("Hjælp: allowed keys: id"));
        assert!(page.contains("Kurset kunne ikke bygges"));
        let en = String::from_utf8(Overlay::new(Language::En).error_page(&d, "t-0")).unwrap();
        assert!(en.contains("Help: allowed keys: id"), "{en}");
        assert!(page.contains("data-build=\"t-0\""));
    }

    #[test]
    fn subscribers_get_hello_then_events_and_slow_ones_are_dropped() {
        let snap = |token: &str, error: bool| Snapshot {
            files: None,
            token: token.into(),
            error: error.then(|| {
                Arc::new(super::super::ErrorReport {
                    diagnostics: vec![],
                    json: "[]".into(),
                })
            }),
            complete: true,
        };
        let live = Live::new(snap("t-0", false), Language::Da);
        let (hello, fast) = live.subscribe().unwrap();
        assert!(hello.contains("event: hello\ndata: {\"build\":\"t-0\"}"));
        let (_, slow) = live.subscribe().unwrap();
        // The fast tab reads every event; the slow one reads none.
        for i in 0..QUEUE_LEN + 3 {
            live.publish(snap(&format!("t-{}", i + 1), i % 2 == 0));
            let got = fast.try_recv().unwrap();
            assert!(got.contains(&format!("t-{}", i + 1)), "{got}");
        }
        // Publishing never blocked; the slow tab was dropped when its queue filled.
        assert_eq!(live.listeners(), 1);
        assert_eq!(slow.try_iter().count(), QUEUE_LEN);
        assert!(slow.recv().is_err(), "the slow tab's queue is closed");
        drop(fast);
        live.ping();
        assert_eq!(live.listeners(), 0);
    }

    #[test]
    fn a_version_shown_early_is_completed_without_a_second_reload() {
        let snap = |token: &str, complete: bool| Snapshot {
            files: None,
            token: token.into(),
            error: None,
            complete,
        };
        let live = Arc::new(Live::new(snap("t-0", true), Language::Da));
        let (_, tab) = live.subscribe().unwrap();
        live.publish(snap("t-1", false));
        assert!(tab.try_recv().unwrap().contains("event: reload"));
        // A request for a file made later waits until the version is complete.
        let later = {
            let live = live.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                live.publish(snap("t-1", true));
            })
        };
        let waited = live.complete(Duration::from_secs(10));
        assert!(waited.complete && waited.token == "t-1");
        later.join().unwrap();
        assert!(
            tab.try_recv().is_err(),
            "no second reload for the same version"
        );
        // Without completion, the wait ends after its patience.
        live.publish(snap("t-2", false));
        let started = std::time::Instant::now();
        assert!(!live.complete(Duration::from_millis(30)).complete);
        assert!(started.elapsed() >= Duration::from_millis(30));
    }
}
