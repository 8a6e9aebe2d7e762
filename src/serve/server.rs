//! HTTP with tiny_http: answering GET and HEAD from the in-memory site.
//!
//! tiny_http does no sanitising of its own, so every request goes through
//! the same gate: a `Host` that is the bound address or loopback (against
//! DNS rebinding), GET or HEAD only, and a request path that is
//! percent-decoded and normalised strictly ([`site_path`]). A path can only
//! ever name a file of the built site, because files are looked up in the
//! snapshot's map, never on disk. No byte of a request is copied into a
//! response header.

use std::io::Cursor;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::reload::{self, EVENTS_PATH, Live};
use super::{ServeError, Snapshot};

/// Threads answering requests (event streams do not hold one).
const WORKERS: usize = 4;

/// URL path of the JSON status (site version and diagnostics), for tools and tests.
const STATUS_PATH: &str = "__fokus/status";

/// Start the worker threads that answer requests on `listener`.
pub(crate) fn start(
    listener: TcpListener,
    local: SocketAddr,
    live: Arc<Live>,
) -> Result<(), ServeError> {
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| ServeError::Http(e.to_string()))?,
    );
    for i in 0..WORKERS {
        let server = server.clone();
        let live = live.clone();
        std::thread::Builder::new()
            .name(format!("fokus-http-{i}"))
            .spawn(move || {
                loop {
                    match server.recv() {
                        Ok(request) => handle(request, local, &live),
                        // Accepting failed (too many open files, say): wait and go on.
                        Err(_) => std::thread::sleep(Duration::from_millis(50)),
                    }
                }
            })
            .map_err(|e| ServeError::Http(e.to_string()))?;
    }
    Ok(())
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

fn handle(request: Request, local: SocketAddr, live: &Live) {
    let answer = |request: Request, r: Response<Cursor<Body>>| {
        // The browser may have gone; nothing to do about it.
        let _ = request.respond(r);
    };
    let mut hosts = request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str());
    let host = match (hosts.next(), hosts.next()) {
        (Some(h), None) => h,
        _ => return answer(request, text(400, "Bad Request: one Host header needed")),
    };
    if !host_allowed(host, local) {
        return answer(
            request,
            text(
                403,
                "Forbidden: this server answers only to localhost and its own address",
            ),
        );
    }
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let r = text(405, "Method Not Allowed: only GET and HEAD");
        let r = match header("Allow", "GET, HEAD") {
            Some(h) => r.with_header(h),
            None => r,
        };
        return answer(request, r);
    }
    let path = match site_path(request.url()) {
        Ok(p) => p,
        Err(why) => return answer(request, text(400, why)),
    };
    if path.key == EVENTS_PATH && method == Method::Get {
        live.subscribe(request.into_writer());
        return;
    }
    let snap = live.current();
    let r = respond_for(&path, &snap);
    answer(request, r);
}

/// The answer to a GET (or HEAD) of `path` from `snap`.
fn respond_for(path: &SitePath, snap: &Snapshot) -> Response<Cursor<Body>> {
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
                Body::Owned(reload::error_page(&e.diagnostics, &snap.token)),
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
