//! The search index: every module, page and exercise cut into sections at
//! its headings, as plain text of what the edition shows.
//!
//! The index is one script, `assets/search-index.js`, that assigns either a
//! base64 string of gzip-compressed JSON (small courses: a small download) or
//! the JSON itself (large courses: no compression time, no inflating); the
//! browser loads it only when search is first used and matches queries
//! itself. A script (unlike `fetch`) loads from `file://` too, and the index
//! grows linearly with the content. Trainer notes and answers never enter the participant edition's
//! text (see [`crate::markdown::Rendered::text`]).

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use crate::markdown::Rendered;
use crate::output::OutputFile;

/// Where the index is written in the site.
pub const INDEX_PATH: &str = "assets/search-index.js";

/// What kind of page a search result leads to (shown next to the result).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Module,
    Part,
    Page,
    Exercise,
}

/// The index under construction; it borrows the texts it indexes.
#[derive(Debug, Default, Serialize)]
pub struct SearchIndex<'a> {
    /// Pages: `[title, root-relative url, kind]`.
    #[serde(rename = "d")]
    docs: Vec<(&'a str, String, Kind)>,
    /// Sections: `[page index, heading, anchor, text]`.
    #[serde(rename = "s")]
    sections: Vec<(usize, &'a str, &'a str, Cow<'a, str>)>,
}

impl<'a> SearchIndex<'a> {
    /// An empty index.
    pub fn new() -> Self {
        SearchIndex::default()
    }

    /// Add a rendered Markdown page, one section per heading.
    pub fn add_page(&mut self, title: &'a str, url: &str, kind: Kind, rendered: &'a Rendered) {
        let doc = self.doc(title, url, kind);
        let text = rendered.text.as_str();
        let mut start = 0;
        let mut heading: (&str, &str) = ("", "");
        for h in &rendered.headings {
            let end = h.text_offset.min(text.len());
            self.section(doc, heading, text.get(start..end).unwrap_or(""));
            heading = (h.text.as_str(), h.id.as_str());
            // The heading is stored once, as the section's heading, not again in its text.
            let rest = text.get(end..).unwrap_or("");
            let skip = rest.len()
                - rest
                    .trim_start()
                    .strip_prefix(h.text.trim())
                    .unwrap_or(rest)
                    .len();
            start = end + skip;
        }
        self.section(doc, heading, text.get(start..).unwrap_or(""));
    }

    /// Add a text as a single section of a page (used for exercises).
    pub fn add_text(&mut self, title: &'a str, url: &str, kind: Kind, text: &'a str) {
        let doc = self.doc(title, url, kind);
        self.section(doc, ("", ""), text);
    }

    fn doc(&mut self, title: &'a str, url: &str, kind: Kind) -> usize {
        self.docs.push((title, url.to_string(), kind));
        self.docs.len() - 1
    }

    fn section(&mut self, doc: usize, heading: (&'a str, &'a str), text: &'a str) {
        let text = text.trim();
        if text.is_empty() && heading.0.is_empty() {
            return;
        }
        // Texts from the Markdown renderer already have single spaces; others are tidied.
        let tidy = text.contains(['\n', '\t', '\r']) || text.contains("  ");
        let text = if tidy {
            Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
        } else {
            Cow::Borrowed(text)
        };
        self.sections.push((doc, heading.0, heading.1, text));
    }

    /// The index as the script the site loads.
    pub fn into_file(self) -> OutputFile {
        let fragments: Vec<Fragment> = (0..self.docs.len())
            .map(|d| self.fragment_of(d, d))
            .collect();
        assemble(fragments.iter())
    }

    /// The JSON of one page of this index, numbered `number` in the whole index.
    fn fragment_of(&self, doc: usize, number: usize) -> Fragment {
        let (title, url, kind) = &self.docs[doc];
        let sections: Vec<String> = self
            .sections
            .iter()
            .filter(|s| s.0 == doc)
            .map(|s| crate::escape::script_json(&(number, s.1, s.2, &s.3)))
            .collect();
        Fragment {
            doc: crate::escape::script_json(&(title, url, kind)),
            sections: sections.join(","),
        }
    }
}

/// One page's share of the index as ready JSON text, so that a rebuild can
/// reuse the shares of unchanged pages instead of serialising everything.
#[derive(Debug, Clone, Default)]
pub struct Fragment {
    doc: String,
    sections: String,
}

impl Fragment {
    /// The share of one rendered page, which is page number `number` of the index.
    pub fn page(
        number: usize,
        title: &str,
        url: &str,
        kind: Kind,
        rendered: &Rendered,
    ) -> Fragment {
        let mut one = SearchIndex::new();
        one.add_page(title, url, kind, rendered);
        one.fragment_of(0, number)
    }

    /// The share of a page indexed as one text (an exercise).
    pub fn text(number: usize, title: &str, url: &str, kind: Kind, text: &str) -> Fragment {
        let mut one = SearchIndex::new();
        one.add_text(title, url, kind, text);
        one.fragment_of(0, number)
    }
}

/// Join page shares, in page-number order, into the index script.
pub fn assemble<'f>(fragments: impl Iterator<Item = &'f Fragment> + Clone) -> OutputFile {
    let size: usize = fragments
        .clone()
        .map(|f| f.doc.len() + f.sections.len() + 2)
        .sum();
    let mut json = String::with_capacity(size + 16);
    json.push_str("{\"d\":[");
    for (i, f) in fragments.clone().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&f.doc);
    }
    json.push_str("],\"s\":[");
    let mut first = true;
    for f in fragments.filter(|f| !f.sections.is_empty()) {
        if !first {
            json.push(',');
        }
        first = false;
        json.push_str(&f.sections);
    }
    json.push_str("]}");
    let bytes = if json.len() < COMPRESS_BELOW {
        // Small indexes travel compressed: the bundled course stays far under its budget.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
        // Writing to a Vec cannot fail; an empty index would only disable search.
        let compressed = gz
            .write_all(json.as_bytes())
            .and_then(|_| gz.finish())
            .unwrap_or_default();
        let mut script = String::with_capacity(compressed.len() * 4 / 3 + 64);
        script.push_str("window.fokusSearchData=\"");
        base64(&compressed, &mut script);
        script.push_str("\";\n");
        script.into_bytes()
    } else {
        // Large indexes are plain JSON: compressing megabytes would cost more build
        // time than it saves, and the browser reads them without inflating.
        let mut script = Vec::with_capacity(json.len() + 32);
        script.extend_from_slice(b"window.fokusSearchData=");
        script.extend_from_slice(json.as_bytes());
        script.extend_from_slice(b";\n");
        script
    };
    OutputFile {
        path: INDEX_PATH.to_string(),
        bytes: std::sync::Arc::new(bytes),
    }
}

/// Indexes smaller than this (as JSON) are gzip-compressed; larger ones are not.
pub const COMPRESS_BELOW: usize = 1 << 20;

/// Standard base64 with padding.
fn base64(bytes: &[u8], out: &mut String) {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn base64_matches_the_standard() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
        ] {
            let mut s = String::new();
            base64(input.as_bytes(), &mut s);
            assert_eq!(s, expected);
        }
    }

    #[test]
    fn sections_follow_headings_and_the_file_round_trips() {
        let strings = crate::i18n::Strings::builtin(crate::config::Language::Da);
        let md = crate::markdown::MarkdownRenderer {
            strings: &strings,
            edition: crate::config::Edition::Participant,
        };
        let r = md.render(
            "Indledning.\n\n## Mål\n\nJobmålet først.\n\n```underviser\nHEMMELIG\n```\n",
            std::path::Path::new("a.md"),
            1,
        );
        let mut idx = SearchIndex::new();
        idx.add_page("Modul", "a/b.html", Kind::Module, &r);
        assert_eq!(idx.sections[0].3, "Indledning.");
        assert_eq!((idx.sections[1].1, idx.sections[1].2), ("Mål", "maal"));
        assert_eq!(idx.sections[1].3, "Jobmålet først.");
        let file = idx.into_file();
        let text = String::from_utf8(file.bytes.to_vec()).unwrap();
        let b64 = text
            .trim_start_matches("window.fokusSearchData=\"")
            .trim_end_matches("\";\n");
        let bytes = decode(b64);
        let mut json = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut json)
            .unwrap();
        assert!(
            json.contains("Jobmålet først.") && !json.contains("HEMMELIG"),
            "{json}"
        );
    }

    fn decode(s: &str) -> Vec<u8> {
        let abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let vals: Vec<u32> = s
            .bytes()
            .filter(|&b| b != b'=')
            .map(|b| abc.find(b as char).unwrap() as u32)
            .collect();
        let mut out = Vec::new();
        for c in vals.chunks(4) {
            let n = c
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, v)| n | v << (18 - 6 * i));
            out.extend_from_slice(&n.to_be_bytes()[1..c.len()]);
        }
        out
    }
}
