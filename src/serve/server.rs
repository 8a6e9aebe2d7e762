//! HTTP for `fokus serve`: our own connection handling in front, tiny_http's
//! response writer behind.
//!
//! tiny_http 0.12 reads and allocates whatever body a request announces
//! (`Content-Length: 1000000000000` ends the process), buffers request
//! headers without limit, lets four silent requests occupy its four workers
//! and stops accepting after an accept error. So fokus accepts connections
//! itself: one thread per connection, at most [`MAX_CONNECTIONS`] of them;
//! the request head is read with a size limit ([`MAX_HEAD_BYTES`], else 431)
//! and time limits (idle and read timeouts); a request that announces a body
//! is answered at once (413 for GET/HEAD, 405 otherwise) and closed, its body
//! never read; other methods get `405` with `Allow: GET, HEAD`; malformed
//! request lines get 400 and HTTP/2 or unknown versions 505. Accept errors
//! (too many open files) are waited out. Responses are built and written
//! with tiny_http's `Response`.
//!
//! Every request then goes through the same gate: a `Host` that is the bound
//! address or loopback (against DNS rebinding), GET or HEAD only, and a
//! request path that is percent-decoded and normalised strictly
//! ([`site_path`]). A path can only ever name a file of the built site,
//! because files are looked up in the snapshot's map, never on disk. No byte
//! of a request is copied into a response header.

use std::io::{Cursor, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tiny_http::{HTTPVersion, Header, Response, StatusCode};

use super::reload::{self, EVENTS_PATH, Live};
use super::{ServeError, Snapshot};

/// Connections served at once (each has a thread); more wait in the backlog.
pub(crate) const MAX_CONNECTIONS: usize = 64;
/// Largest request head (request line and headers).
pub(crate) const MAX_HEAD_BYTES: usize = 16 * 1024;
/// How long an open connection may wait for its next request.
const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request head may take to arrive once it has begun.
const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a write may block before the client is given up.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// Requests answered on one connection before it is closed.
const MAX_REQUESTS_PER_CONNECTION: usize = 1000;

/// URL path of the JSON status (site version and diagnostics), for tools and tests.
const STATUS_PATH: &str = "__fokus/status";

/// Start the thread that accepts connections on `listener`.
pub(crate) fn start(
    listener: TcpListener,
    local: SocketAddr,
    live: Arc<Live>,
) -> Result<(), ServeError> {
    let active = Arc::new(AtomicUsize::new(0));
    std::thread::Builder::new()
        .name("fokus-accept".into())
        .spawn(move || {
            loop {
                match listener.accept() {
                    Ok((stream, _)) => accepted(stream, local, &live, &active),
                    // Too many open files, a connection reset before accept…:
                    // wait a moment and go on; the loop never ends.
                    Err(_) => std::thread::sleep(Duration::from_millis(50)),
                }
            }
        })
        .map_err(|e| ServeError::Http(e.to_string()))?;
    Ok(())
}

/// Counts a connection while it lives.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn accepted(stream: TcpStream, local: SocketAddr, live: &Arc<Live>, active: &Arc<AtomicUsize>) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
        active.fetch_sub(1, Ordering::SeqCst);
        let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
        refuse(
            stream,
            503,
            "Service Unavailable: too many connections",
            false,
        );
        return;
    }
    let slot = Slot(active.clone());
    let live = live.clone();
    let spawned = std::thread::Builder::new()
        .name("fokus-http".into())
        .spawn(move || {
            let _slot = slot;
            connection(stream, local, &live);
        });
    // No thread to be had: the connection (moved into the closure) is dropped.
    drop(spawned);
}

/// What fokus needs of a request head.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Head {
    pub method: String,
    pub target: String,
    pub version: (u8, u8),
    pub hosts: Vec<String>,
    /// The request announces a body (Content-Length other than 0, or Transfer-Encoding).
    pub body: bool,
    /// The client asked to close (or speaks HTTP/1.0 without keep-alive).
    pub close: bool,
}

/// Why a request head was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HeadError {
    /// The connection ended (or idled out) before a request began.
    Gone,
    /// A request began but did not finish in time.
    Timeout,
    TooLarge,
    Malformed(&'static str),
    Version,
}

/// Read one request head from `stream`; bytes after it stay in `buf`.
fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<Head, HeadError> {
    let mut started = !buf.is_empty();
    let mut deadline = started.then(|| Instant::now() + HEAD_TIMEOUT);
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = head_end(buf) {
            let head = parse_head(&buf[..end]);
            buf.drain(..end);
            return head;
        }
        if buf.len() > MAX_HEAD_BYTES {
            return Err(HeadError::TooLarge);
        }
        let wait = match deadline {
            Some(d) => d.saturating_duration_since(Instant::now()),
            None => IDLE_TIMEOUT,
        };
        if wait.is_zero() {
            return Err(HeadError::Timeout);
        }
        let _ = stream.set_read_timeout(Some(wait));
        match stream.read(&mut chunk) {
            Ok(0) => {
                return Err(if started {
                    HeadError::Malformed("Bad Request: the request ended early")
                } else {
                    HeadError::Gone
                });
            }
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if !started {
                    started = true;
                    deadline = Some(Instant::now() + HEAD_TIMEOUT);
                }
                // HTTP/2's connection preface, before its head is complete.
                if buf.starts_with(b"PRI * HTTP/2") {
                    return Err(HeadError::Version);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => {
                return Err(if started {
                    HeadError::Timeout
                } else {
                    HeadError::Gone
                });
            }
        }
    }
}

/// End of the head (after the blank line), if it has arrived.
fn head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Parse a request head (request line and header lines).
pub(crate) fn parse_head(raw: &[u8]) -> Result<Head, HeadError> {
    let bad = HeadError::Malformed;
    let text =
        std::str::from_utf8(raw).map_err(|_| bad("Bad Request: the request head is not text"))?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        if request_line.ends_with("HTTP/2.0") || request_line.ends_with("HTTP/2") {
            return Err(HeadError::Version);
        }
        return Err(bad("Bad Request: malformed request line"));
    };
    let version = match version {
        "HTTP/1.1" => (1, 1),
        "HTTP/1.0" => (1, 0),
        v if v.starts_with("HTTP/") => return Err(HeadError::Version),
        _ => return Err(bad("Bad Request: malformed request line")),
    };
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    if !token(method) || target.is_empty() || target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(bad("Bad Request: malformed request line"));
    }
    let mut head = Head {
        method: method.to_string(),
        target: target.to_string(),
        version,
        hosts: Vec::new(),
        body: false,
        close: version == (1, 0),
    };
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(bad("Bad Request: malformed header"));
        };
        if !token(name) {
            return Err(bad("Bad Request: malformed header"));
        }
        let value = value.trim_matches([' ', '\t']);
        if name.eq_ignore_ascii_case("host") {
            head.hosts.push(value.to_string());
        } else if name.eq_ignore_ascii_case("content-length") {
            if !value.trim_start_matches('0').is_empty() {
                head.body = true;
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            head.body = true;
        } else if name.eq_ignore_ascii_case("connection") {
            let v = value.to_ascii_lowercase();
            if v.contains("close") {
                head.close = true;
            } else if v.contains("keep-alive") {
                head.close = false;
            }
        }
    }
    Ok(head)
}

/// Serve requests on one connection until it closes, idles out or errs.
fn connection(mut stream: TcpStream, local: SocketAddr, live: &Arc<Live>) {
    let mut buf = Vec::new();
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        let head = match read_head(&mut stream, &mut buf) {
            Ok(h) => h,
            Err(HeadError::Gone) | Err(HeadError::Timeout) => return,
            Err(HeadError::TooLarge) => {
                return refuse(stream, 431, "Request Header Fields Too Large", false);
            }
            Err(HeadError::Malformed(why)) => return refuse(stream, 400, why, false),
            Err(HeadError::Version) => {
                return refuse(
                    stream,
                    505,
                    "HTTP Version Not Supported: HTTP/1.1 only",
                    false,
                );
            }
        };
        let is_get_or_head = head.method == "GET" || head.method == "HEAD";
        if !is_get_or_head {
            // Whatever it carries is never read.
            return refuse(stream, 405, "Method Not Allowed: only GET and HEAD", true);
        }
        if head.body {
            return refuse(
                stream,
                413,
                "Payload Too Large: requests may not have a body",
                true,
            );
        }
        let head_only = head.method == "HEAD";
        let close = head.close;
        match route(&head, local, live) {
            Route::Events => return events(stream, live),
            Route::Answer(r) => {
                if write_response(&mut stream, r, head.version, head_only, close).is_err() || close
                {
                    return;
                }
            }
        }
    }
}

enum Route {
    Answer(Response<Cursor<Body>>),
    Events,
}

/// Answer `status` and close, without reading anything the client still sends.
fn refuse(mut stream: TcpStream, status: u16, message: &str, allow: bool) {
    let mut r = text(status, message);
    if allow && let Some(h) = header("Allow", "GET, HEAD") {
        r = r.with_header(h);
    }
    let _ = write_response(&mut stream, r, (1, 1), false, true);
    linger_close(stream);
}

/// Close after a response while the client may still be sending: stop
/// writing, discard a little of what comes (so the answer is not lost to
/// a reset), then close.
fn linger_close(mut stream: TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    let mut left: usize = 64 * 1024;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

fn write_response(
    stream: &mut TcpStream,
    r: Response<Cursor<Body>>,
    version: (u8, u8),
    head_only: bool,
    close: bool,
) -> std::io::Result<()> {
    let r = match header("Connection", if close { "close" } else { "keep-alive" }) {
        Some(h) => r.with_header(h),
        None => r,
    };
    let mut w = std::io::BufWriter::new(&mut *stream);
    r.raw_print(&mut w, HTTPVersion::from(version), &[], head_only, None)?;
    w.flush()
}

/// Stream live-reload events to this connection until it goes or falls behind.
fn events(mut stream: TcpStream, live: &Live) {
    let Some((hello, queue)) = live.subscribe() else {
        return;
    };
    if stream.write_all(hello.as_bytes()).is_err() || stream.flush().is_err() {
        return;
    }
    // The queue's sender is dropped when the client falls behind: then the
    // loop ends and the tab reconnects. A tab that navigates away closes its
    // connection; that is noticed within a moment, so left pages do not hold
    // connections (of which there are at most MAX_CONNECTIONS) until a ping.
    loop {
        match queue.recv_timeout(CLOSED_CHECK_EVERY) {
            Ok(message) => {
                if stream.write_all(message.as_bytes()).is_err() || stream.flush().is_err() {
                    return;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if peer_closed(&stream) {
                    return;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// How often an idle live-reload connection checks whether its tab has gone.
const CLOSED_CHECK_EVERY: Duration = Duration::from_millis(500);

/// Whether the other end of an event stream has closed it. The browser sends
/// nothing after its request, so a read that finds the end means it has gone.
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let closed = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    stream.set_nonblocking(false).is_err() || closed
}

/// A response body: shared bytes of the site, or bytes made for this response.
enum Body {
    Shared(Arc<Vec<u8>>),
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Shared(b) => b,
            Body::Owned(b) => b,
        }
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn response(status: u16, content_type: &str, body: Body) -> Response<Cursor<Body>> {
    let len = body.as_ref().len();
    let headers = [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    .iter()
    .filter_map(|(n, v)| header(n, v))
    .collect();
    Response::new(
        StatusCode(status),
        headers,
        Cursor::new(body),
        Some(len),
        None,
    )
    // Always send Content-Length; never chunked.
    .with_chunked_threshold(usize::MAX)
}

fn text(status: u16, message: &str) -> Response<Cursor<Body>> {
    response(
        status,
        "text/plain; charset=utf-8",
        Body::Owned(format!("{status} {message}\n").into_bytes()),
    )
}

/// The answer to a GET or HEAD request.
fn route(head: &Head, local: SocketAddr, live: &Live) -> Route {
    let host = match head.hosts.as_slice() {
        [h] => h.as_str(),
        _ => return Route::Answer(text(400, "Bad Request: one Host header needed")),
    };
    if !host_allowed(host, local) {
        return Route::Answer(text(
            403,
            "Forbidden: this server answers only to localhost and its own address",
        ));
    }
    let path = match site_path(&head.target) {
        Ok(p) => p,
        Err(why) => return Route::Answer(text(400, why)),
    };
    if path.key == EVENTS_PATH && head.method == "GET" {
        return Route::Events;
    }
    if path.key == reload::SCRIPT_PATH {
        return Route::Answer(response(
            200,
            "text/javascript; charset=utf-8",
            Body::Owned(live.overlay.script().as_bytes().to_vec()),
        ));
    }
    let mut snap = live.current();
    if !snap.complete && path.key != STATUS_PATH && !snap.has(&path.key) {
        // Made later in the same build (a print page, a search shard): wait for it.
        snap = live.complete(COMPLETE_PATIENCE);
    }
    Route::Answer(respond_for(&path, &snap, &live.overlay))
}

/// How long a request waits for the rest of a build whose pages are shown.
const COMPLETE_PATIENCE: Duration = Duration::from_secs(30);

/// The answer to a GET (or HEAD) of `path` from `snap`.
fn respond_for(
    path: &SitePath,
    snap: &Snapshot,
    overlay: &reload::Overlay,
) -> Response<Cursor<Body>> {
    if path.key == EVENTS_PATH {
        // A HEAD of the event stream.
        return response(200, "text/event-stream", Body::Owned(Vec::new()));
    }
    if path.key == STATUS_PATH {
        let diagnostics = snap.error.as_ref().map(|e| &e.diagnostics);
        let body = serde_json::json!({
            "build": snap.token,
            "site": snap.files.is_some(),
            "ok": snap.error.is_none(),
            "diagnostics": diagnostics,
        });
        return response(
            200,
            "application/json",
            Body::Owned(body.to_string().into_bytes()),
        );
    }
    let Some(files) = &snap.files else {
        // No build has succeeded yet: pages show the errors, other files are missing.
        return match &snap.error {
            Some(e) if path.is_page() => response(
                500,
                "text/html; charset=utf-8",
                Body::Owned(overlay.error_page(&e.diagnostics, &snap.token)),
            ),
            _ => text(404, "Not Found"),
        };
    };
    if let Some(bytes) = files.get(&path.key) {
        let ct = content_type(&path.key);
        let body = if ct.starts_with("text/html") {
            Body::Owned(reload::inject(bytes, &snap.token))
        } else {
            Body::Shared(bytes.clone())
        };
        return response(200, ct, body);
    }
    if !path.directory {
        let index = format!("{}/index.html", path.key);
        if files.contains_key(&index) {
            // `/part` → `/part/`, so the page's relative links resolve. The
            // location is the key of a built file, percent-encoded.
            let location = format!("/{}/", percent_encode(&path.key));
            let r = text(301, "Moved Permanently");
            return match header("Location", &location) {
                Some(h) => r.with_header(h),
                None => r,
            };
        }
    }
    match files.get(crate::route::NOT_FOUND_FILE) {
        Some(page) => {
            // The 404 page's links are relative to the site root; the request may be deeper.
            let page = with_base(page);
            response(
                404,
                "text/html; charset=utf-8",
                Body::Owned(reload::inject(&page, &snap.token)),
            )
        }
        None => text(404, "Not Found"),
    }
}

/// `html` with `<base href="/">` right after `<head …>`.
fn with_base(html: &[u8]) -> Vec<u8> {
    let at = find_ascii_ci(html, b"<head")
        .and_then(|i| html[i..].iter().position(|&b| b == b'>').map(|j| i + j + 1));
    match at {
        Some(at) => {
            let mut out = Vec::with_capacity(html.len() + 20);
            out.extend_from_slice(&html[..at]);
            out.extend_from_slice(b"\n<base href=\"/\">");
            out.extend_from_slice(&html[at..]);
            out
        }
        None => html.to_vec(),
    }
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Whether a `Host` header names this server: `localhost`, a loopback
/// address or the bound address, with the bound port. When bound to every
/// interface, any IP address is accepted (a DNS name never is, except
/// localhost: that is what DNS rebinding needs).
pub(crate) fn host_allowed(host: &str, local: SocketAddr) -> bool {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((name, after)) = rest.split_once(']') else {
            return false;
        };
        match after {
            "" => (name, None),
            _ => match after.strip_prefix(':') {
                Some(p) => (name, Some(p)),
                None => return false,
            },
        }
    } else {
        match host.split_once(':') {
            Some((name, p)) => (name, Some(p)),
            None => (host, None),
        }
    };
    let port_ok = match port {
        Some(p) => p.parse::<u16>().ok() == Some(local.port()),
        None => local.port() == 80,
    };
    if !port_ok {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == local.ip() || local.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// A request path, decoded and normalised: the key of a built file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SitePath {
    /// `/`-separated, no leading `/`; `index.html` appended for directory URLs.
    pub key: String,
    /// The URL ended in `/`.
    pub directory: bool,
}

impl SitePath {
    /// Whether the URL asks for a page (HTML or an extensionless address).
    fn is_page(&self) -> bool {
        let last = self.key.rsplit('/').next().unwrap_or("");
        self.key.ends_with(".html") || !last.contains('.')
    }
}

/// Decode and normalise a request target; `Err` says why it is refused.
///
/// Only origin-form targets (`/path?query`) are accepted. Refused: absolute
/// form (`http://host/`) and `*`, a leading `//`, backslashes (raw or as
/// `%5c`), bad percent escapes, non-UTF-8, control characters and NUL, and
/// any empty, `.` or `..` segment (raw or percent-encoded).
pub(crate) fn site_path(target: &str) -> Result<SitePath, &'static str> {
    if !target.starts_with('/') {
        return Err("Bad Request: only paths are accepted");
    }
    if target.starts_with("//") {
        return Err("Bad Request: the path starts with //");
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path).ok_or("Bad Request: the path is not valid")?;
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Err("Bad Request: the path is not valid");
    }
    let inner = &decoded[1..];
    let directory = inner.is_empty() || inner.ends_with('/');
    let trimmed = inner.strip_suffix('/').unwrap_or(inner);
    let mut segments = Vec::new();
    if !trimmed.is_empty() {
        for seg in trimmed.split('/') {
            if seg.is_empty() || seg == "." || seg == ".." {
                return Err("Bad Request: the path leaves the site or is not normal");
            }
            segments.push(seg);
        }
    }
    if directory {
        segments.push("index.html");
    }
    Ok(SitePath {
        key: segments.join("/"),
        directory,
    })
}

/// Percent-decode `s` into UTF-8; `None` for a bad escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encode everything but unreserved characters and `/`.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `Content-Type` of a built file, by its extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "vtt" => "text/vtt; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(t: &str) -> Result<String, &'static str> {
        site_path(t).map(|p| p.key)
    }

    #[test]
    fn paths_normalise_to_site_keys() {
        assert_eq!(key("/").unwrap(), "index.html");
        assert_eq!(key("/del/").unwrap(), "del/index.html");
        assert_eq!(key("/del/modul.html?x=1#top").unwrap(), "del/modul.html");
        assert_eq!(key("/bl%C3%A5b%C3%A6r.html").unwrap(), "blåbær.html");
        assert!(!site_path("/del").unwrap().directory);
    }

    #[test]
    fn traversal_and_tricks_are_refused() {
        for t in [
            "/../",
            "/..",
            "/../etc/passwd",
            "/%2e%2e/",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/.%2e/x",
            "/..%5c",
            "/..%5Cx",
            "/a\\b",
            "//etc/passwd",
            "/a//b",
            "/%2f%2fetc",
            "/./index.html",
            "/a/./b",
            "/a/../../b",
            "/index.html%00.txt",
            "/%0d%0aSet-Cookie:x",
            "/%zz",
            "/%c3",
            "/%",
            "http://evil/",
            "HTTP://evil/x",
            "*",
            "",
            "evil",
        ] {
            assert!(site_path(t).is_err(), "{t:?} was accepted");
        }
    }

    #[test]
    fn only_local_hosts_are_allowed() {
        let local: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        for h in [
            "localhost:4000",
            "LOCALHOST:4000",
            "127.0.0.1:4000",
            "[::1]:4000",
        ] {
            assert!(host_allowed(h, local), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:4000",
            "localhost",
            "localhost:4001",
            "127.0.0.1",
            "localhost.evil.example:4000",
            "10.0.0.1:4000",
            "[::1",
            "[::1]x",
            "",
        ] {
            assert!(!host_allowed(h, local), "{h}");
        }
        let any: SocketAddr = "0.0.0.0:4000".parse().unwrap();
        assert!(host_allowed("192.168.1.20:4000", any));
        assert!(!host_allowed("rebind.evil.example:4000", any));
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/fokus.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/toc.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(content_type("x.pdf"), "application/pdf");
        assert_eq!(content_type("noext"), "application/octet-stream");
        assert_eq!(content_type("dir.v2/noext"), "application/octet-stream");
    }

    #[test]
    fn locations_are_encoded() {
        assert_eq!(percent_encode("del/blå b"), "del/bl%C3%A5%20b");
        let page = with_base(b"<html><head lang=x><title>t</title></head></html>");
        assert!(
            String::from_utf8(page)
                .unwrap()
                .starts_with("<html><head lang=x>\n<base href=\"/\"><title>")
        );
    }
}
