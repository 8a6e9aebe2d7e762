//! Escaping: the one place that makes text safe for HTML and for scripts.
//!
//! Templates escape through Tera's autoescape; everything fokus writes into
//! HTML itself (Markdown extensions, attributes) goes through [`html`], and
//! every JSON embedded in a page goes through [`script_json`].

/// Escape text for HTML element content and attribute values.
pub fn html(s: &str) -> String {
    markup(s, "&#39;", false)
}

/// Text escaped for XML content and attribute values (package manifests).
pub fn xml(s: &str) -> String {
    markup(s, "&apos;", true)
}

/// The markup characters escaped, `'` as `apos`; with `xml`, the control
/// characters XML 1.0 does not allow at all are dropped.
fn markup(s: &str, apos: &str, xml: bool) -> String {
    // Every character that changes is ASCII: the text between two of them is
    // copied whole (a link's address is escaped for every page it is on).
    let mut out = String::with_capacity(s.len() + 8);
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => apos,
            b if xml && b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') => "",
            _ => continue,
        };
        out.push_str(s.get(from..i).unwrap_or(""));
        out.push_str(escaped);
        from = i + 1;
    }
    out.push_str(s.get(from..).unwrap_or(""));
    out
}

/// JSON safe to place in a script: `<`, `>`, `&`, U+2028 and U+2029 escaped,
/// so no text can close the `<script>` element or end a JavaScript line.
pub fn script_json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    let s = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    // These characters only occur inside JSON strings, where the escapes mean
    // the same. One scan of the bytes finds the first candidate (U+2028 and
    // U+2029 begin with byte E2, as do dashes and quotes, which stay); most
    // JSON has none and is returned as it is.
    let first = s
        .bytes()
        .position(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2));
    let Some(first) = first else {
        return s;
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The bytes [`push_script_string`] looks at twice: control characters,
/// `"`, `\\`, `<`, `>`, `&` and the first byte of U+2028 and U+2029.
fn script_string_special(c: u8) -> bool {
    c < 0x20 || matches!(c, b'"' | b'\\' | b'<' | b'>' | b'&' | 0xE2)
}

/// `s` as a JSON string written as [`script_json`] writes it, added to
/// `out`: for texts the search index holds, where serialising through serde
/// and scanning the result again took a fifth of the index's time.
pub fn push_script_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let b = s.as_bytes();
    let (mut from, mut i) = (0, 0);
    while let Some(n) = b
        .get(i..)
        .and_then(|rest| crate::words::position(rest, script_string_special))
    {
        i += n;
        let Some(&c) = b.get(i) else {
            break;
        };
        let line_end =
            c == 0xE2 && b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9));
        if c == 0xE2 && !line_end {
            i += 1;
            continue;
        }
        out.push_str(&s[from..i]);
        match c {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'<' => out.push_str("\\u003c"),
            b'>' => out.push_str("\\u003e"),
            b'&' => out.push_str("\\u0026"),
            0x08 => out.push_str("\\b"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            0x0C => out.push_str("\\f"),
            b'\r' => out.push_str("\\r"),
            0xE2 if b.get(i + 2) == Some(&0xA8) => out.push_str("\\u2028"),
            0xE2 => out.push_str("\\u2029"),
            _ => {
                out.push_str("\\u00");
                out.push(HEX[usize::from(c >> 4)] as char);
                out.push(HEX[usize::from(c & 15)] as char);
            }
        }
        i += if line_end { 3 } else { 1 };
        from = i;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

/// Text as a quoted CSS string (for `content:` in a page's own `<style>`):
/// quotes, backslashes, `<`, `>`, `&` and control characters as CSS escapes, so
/// nothing can end the string or the `<style>` element.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            c if matches!(c, '"' | '\\' | '<' | '>' | '&') || c.is_control() => {
                out.push_str(&format!("\\{:x} ", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_string_is_what_script_json_writes_for_it() {
        // Every ASCII byte, the line and paragraph separators, their neighbours and letters.
        let pieces: Vec<String> = (0u8..0x80)
            .map(|b| (b as char).to_string())
            .chain(
                [
                    "\u{2027}", "\u{2028}", "\u{2029}", "\u{202a}", "–", "æ", "\u{7f}",
                ]
                .map(String::from),
            )
            .collect();
        for s in crate::words::samples::texts(&pieces, 5000, 8) {
            let mut got = String::new();
            push_script_string(&mut got, &s);
            assert_eq!(got, script_json(&s), "{s:?}");
        }
    }

    #[test]
    fn markup_is_escaped_as_one_character_at_a_time_would() {
        fn reference(s: &str, apos: &str, xml: bool) -> String {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str(apos),
                    c if xml && (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
                    c => out.push(c),
                }
            }
            out
        }
        let pieces: Vec<String> = (0u8..0x80)
            .map(|b| (b as char).to_string())
            .chain(["æ", "–", "\u{2028}", "Ω", "ab"].map(String::from))
            .collect();
        for s in crate::words::samples::texts(&pieces, 3000, 8) {
            assert_eq!(html(&s), reference(&s, "&#39;", false), "{s:?}");
            assert_eq!(xml(&s), reference(&s, "&apos;", true), "{s:?}");
        }
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn css_string_cannot_end_the_string_or_the_style() {
        assert_eq!(css_string("Del 1 · A"), "\"Del 1 · A\"");
        assert_eq!(
            css_string("a\"b\\c</style>\n"),
            "\"a\\22 b\\5c c\\3c /style\\3e \\a \""
        );
    }

    #[test]
    fn script_json_cannot_close_a_script() {
        let s = script_json(&"</script><!-- \u{2028}");
        assert!(!s.contains('<') && !s.contains('\u{2028}'), "{s}");
    }
}
