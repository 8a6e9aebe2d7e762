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
use std::sync::{Arc, Mutex, RwLock};

use super::{BrowserDiagnostic, Snapshot};
use crate::escape::html as escape_html;

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
}

impl Live {
    /// Start with `first` as the current snapshot and no listeners.
    pub fn new(first: Snapshot) -> Self {
        Live {
            current: RwLock::new(Arc::new(first)),
            clients: Mutex::new(Vec::new()),
        }
    }

    /// The snapshot to answer a request from.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Make `next` current and tell every tab.
    pub fn publish(&self, next: Snapshot) {
        let mut clients = self.lock_clients();
        let next = Arc::new(next);
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = next.clone();
        let message = match &next.error {
            Some(_) => error_event(&next),
            None => event("reload", &token_json(&next.token)),
        };
        broadcast(&mut clients, &message);
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

/// Styles shared by the overlay and the error page.
const CSS: &str = "#fokus-live-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(0,0,0,.55);padding:2rem 1rem}\
.fokus-live-box{max-width:48rem;margin:0 auto;background:#fff;color:#1b1b1b;border-top:.5rem solid #b3261e;border-radius:.25rem;padding:1.25rem 1.5rem;font:1.05rem/1.5 system-ui,sans-serif;text-align:left}\
.fokus-live-box h1,.fokus-live-box h2{margin:0 0 .5rem;font-size:1.4rem;color:#1b1b1b}\
.fokus-live-box li{margin:.6rem 0}.fokus-live-box li p{margin:.2rem 0 0}\
.fokus-live-box code{font-family:ui-monospace,monospace;background:#f1f1f1;padding:0 .2rem;word-break:break-word}\
.fokus-live-box button{font:inherit;padding:.35rem 1rem;border:2px solid #1b1b1b;border-radius:.25rem;background:#fff;color:#1b1b1b;cursor:pointer}\
.fokus-live-box button:focus{outline:3px solid #1a5fb4;outline-offset:2px}";

/// The live-reload script, run in every served HTML page. `%CSS%` is filled in.
const SCRIPT: &str = r#"(function(){
var me=document.currentScript,build=me&&me.getAttribute('data-build'),box=null,prev=null,es,K='fokus-live-scroll';
try{var s=JSON.parse(sessionStorage.getItem(K)||'null');sessionStorage.removeItem(K);
if(s&&s.p===location.pathname)addEventListener('load',function(){scrollTo(0,s.y)})}catch(e){}
function reload(){try{sessionStorage.setItem(K,JSON.stringify({p:location.pathname,y:scrollY}))}catch(e){}location.reload()}
function el(t,x){var e=document.createElement(t);if(x)e.textContent=x;return e}
function items(ol,list){ol.textContent='';list.forEach(function(d){var li=el('li');
li.appendChild(el('strong',d.severity==='warning'?'Advarsel ':'Fejl '));li.appendChild(el('code',d.location||'kurset'));
li.appendChild(document.createTextNode(': '));rich(li,d.message);if(d.help){var p=el('p','Hjælp: ');rich(p,d.help);li.appendChild(p)}ol.appendChild(li)})}
function rich(e,s){String(s).split('`').forEach(function(x,i){e.appendChild(i%2?el('code',x):document.createTextNode(x))})}
function hide(){if(box){box.remove();box=null;if(prev&&prev.focus)prev.focus()}}
function show(list){var page=document.getElementById('fokus-live-errors');if(page){items(page,list);return}
hide();prev=document.activeElement;box=el('div');box.id='fokus-live-overlay';
var d=el('div');d.className='fokus-live-box';d.setAttribute('role','alertdialog');d.setAttribute('aria-modal','true');
d.setAttribute('aria-labelledby','fokus-live-title');d.setAttribute('aria-describedby','fokus-live-text');d.tabIndex=-1;
var h=el('h2','Kurset kunne ikke bygges');h.id='fokus-live-title';
var p=el('p','Siden viser den seneste version, der virkede. Ret fejlen, og gem filen – så forsvinder beskeden af sig selv. Luk med Escape.');p.id='fokus-live-text';
var ol=el('ol');items(ol,list);var b=el('button','Luk');b.type='button';b.onclick=hide;
var st=el('style','%CSS%');d.append(h,p,ol,b);box.append(st,d);document.body.appendChild(box);d.focus()}
addEventListener('keydown',function(e){if(e.key==='Escape'&&box)hide()});
function connect(){es=new EventSource('/__fokus/events');
es.addEventListener('hello',function(e){if(JSON.parse(e.data).build!==build)reload()});
es.addEventListener('reload',reload);
es.addEventListener('error',function(e){if(typeof e.data==='string')show(JSON.parse(e.data).diagnostics);
else if(es.readyState===2){es.close();setTimeout(connect,1000)}})}
connect()})();"#;

/// The live-reload script, served at [`SCRIPT_PATH`].
pub(crate) fn script() -> String {
    SCRIPT.replace("%CSS%", CSS)
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

/// The page shown when no build has succeeded yet: the diagnostics and the script.
pub(crate) fn error_page(diagnostics: &[BrowserDiagnostic], token: &str) -> Vec<u8> {
    let mut list = String::new();
    for d in diagnostics {
        list.push_str(&format!(
            "<li><strong>{}</strong> <code>{}</code>: {}",
            if d.severity == "warning" {
                "Advarsel"
            } else {
                "Fejl"
            },
            escape_html(if d.location.is_empty() {
                "kurset"
            } else {
                &d.location
            }),
            code_html(&d.message)
        ));
        if let Some(help) = &d.help {
            list.push_str(&format!("<p>Hjælp: {}</p>", code_html(help)));
        }
        list.push_str("</li>\n");
    }
    format!(
        "<!doctype html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Kurset kunne ikke bygges · fokus</title>\n<style>body{{margin:0;padding:2rem 1rem;background:#f6f6f6}}{CSS}</style>\n\
         </head>\n<body>\n<main class=\"fokus-live-box\">\n<h1>Kurset kunne ikke bygges</h1>\n\
         <p>Der er endnu ingen version af kurset, der virker. Ret fejlene herunder, og gem filen – så opdateres siden af sig selv.</p>\n\
         <ol id=\"fokus-live-errors\" role=\"alert\">\n{list}</ol>\n</main>\n{}</body>\n</html>\n",
        script_tag(token)
    )
    .into_bytes()
}

/// `text` escaped for HTML, with each `code` between backticks in a `<code>` element.
pub(crate) fn code_html(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", escape_html(part)));
        } else {
            out.push_str(&escape_html(part));
        }
    }
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
        let page = String::from_utf8(error_page(&d, "t-0")).unwrap();
        assert!(
            page.contains("<code>exercises/a.yaml:3:7</code>: unknown key <code>&lt;x&gt;</code>")
        );
        assert!(!page.contains('`'), "no literal backticks in the overlay");
        assert!(page.contains("Hjælp: allowed keys: id"));
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
        };
        let live = Live::new(snap("t-0", false));
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
}
