//! The search index: every module, page and exercise cut into sections at
//! its headings, as plain text of what the edition shows.
//!
//! A small course (index JSON under [`SHARD_ABOVE`]) gets one script,
//! `assets/search-index.js`, that assigns a base64 string of gzip-compressed
//! JSON holding every section; the browser inflates it and indexes the words
//! itself. A large course gets the same script as a small manifest plus
//! shards (see [`shards`]): vocabulary by trigram, postings by term, section
//! texts in chunks, so that a query loads only the shards it needs. Either
//! way the browser loads the index only when search is first used and
//! matches queries itself, and every file is a script (unlike `fetch`, a
//! script loads from `file://` too). Trainer notes and answers never enter
//! the participant edition's text (see [`crate::markdown::Rendered::text`]).

use crate::fold;
pub mod shards;

use std::borrow::{Borrow, Cow};
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
        self.sections.push((doc, heading.0, heading.1, tidy(text)));
    }

    /// The index as the files the site loads.
    pub fn into_files(self, synonyms: &[Vec<String>]) -> Vec<OutputFile> {
        assemble(self.fragments().iter(), synonyms)
    }

    fn fragments(&self) -> Vec<Fragment> {
        (0..self.docs.len())
            .map(|d| self.fragment_of(d, d))
            .collect()
    }

    /// The JSON of one page of this index, numbered `number` in the whole index.
    fn fragment_of(&self, doc: usize, number: usize) -> Fragment {
        let (title, url, kind) = &self.docs[doc];
        let own = || self.sections.iter().filter(move |s| s.0 == doc);
        // `[number,"heading","anchor","text"]`, as serde would write it.
        let sections: Vec<String> = own()
            .map(|s| {
                let mut json = String::with_capacity(s.1.len() + s.2.len() + s.3.len() + 24);
                json.push('[');
                json.push_str(&number.to_string());
                for field in [s.1, s.2, &s.3] {
                    json.push(',');
                    crate::escape::push_script_string(&mut json, field);
                }
                json.push(']');
                json
            })
            .collect();
        Fragment {
            doc: crate::escape::script_json(&(title, url, kind)),
            sections,
            terms: shards::page_terms(title, own().map(|s| (s.1, s.3.as_ref()))),
        }
    }
}

/// One page's share of the index as ready JSON text, so that a rebuild can
/// reuse the shares of unchanged pages instead of serialising everything.
#[derive(Debug, Clone, Default)]
pub struct Fragment {
    doc: String,
    sections: Vec<String>,
    /// Its terms, each with the sections that use it and how (see [`shards`]),
    /// made with the share so that a rebuild reuses them too.
    terms: shards::PageTerms,
}

impl Fragment {
    /// Its size in the single index's JSON.
    fn json_len(&self) -> usize {
        self.doc.len() + self.sections.iter().map(|s| s.len() + 1).sum::<usize>() + 2
    }

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

/// Spelling variants every course knows; `search.synonyms` in course.yaml adds more.
pub const DEFAULT_SYNONYMS: &[&[&str]] = &[&["fleksjob", "flexjob"]];

/// Indexes whose JSON is at least this large are split into shards.
pub const SHARD_ABOVE: usize = 1 << 20;

/// Where the index's files go as they are made; called from several threads.
pub type Put<'p> = dyn Fn(OutputFile) + Sync + 'p;

/// Join page shares, in page-number order, into the index files: one script
/// for a small course, a manifest and shards for a large one (see the module
/// notes). The environment variable `FOKUS_SEARCH_SHARDS=always` (or `never`)
/// overrides the choice, for tests.
pub fn assemble<'f>(
    fragments: impl Iterator<Item = &'f Fragment>,
    synonyms: &[Vec<String>],
) -> Vec<OutputFile> {
    let all: Vec<&Fragment> = fragments.collect();
    collected(|put| assemble_into(all.len(), |r| all[r].to_vec(), synonyms, put))
}

/// The files `make` hands to its `put` (from any thread), in the order they came.
fn collected(make: impl FnOnce(&Put)) -> Vec<OutputFile> {
    let files = std::sync::Mutex::new(Vec::new());
    make(&|f| {
        files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(f)
    });
    files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Pages whose shares are made and indexed together.
const BATCH: usize = 256;

/// As [`assemble`] for `count` pages whose shares `make` gives a range at a
/// time, handing each file to `put` as soon as it is made. At most two
/// batches of shares are held at a time once the index is known to be
/// sharded: the next batch is made while the last one is indexed.
pub fn assemble_into<B: Borrow<Fragment> + Send>(
    count: usize,
    make: impl Fn(std::ops::Range<usize>) -> Vec<B> + Sync,
    synonyms: &[Vec<String>],
    put: &Put,
) {
    let choice = std::env::var("FOKUS_SEARCH_SHARDS");
    let (always, never) = match choice.as_deref() {
        Ok("always") => (true, false),
        Ok("never") => (false, true),
        _ => (false, false),
    };
    let synonyms = synonyms_json(synonyms);
    let mut sharder = always.then(|| shards::Sharder::new(&shards::LAYOUT));
    let mut held: Vec<B> = Vec::new();
    let mut size = 0;
    let range = |start: usize| (start < count).then(|| start..count.min(start + BATCH));
    let mut next = range(0).map(&make);
    let mut start = 0;
    while let Some(batch) = next.take() {
        start += BATCH;
        let index = || {
            size += batch.iter().map(|f| f.borrow().json_len()).sum::<usize>();
            match &mut sharder {
                Some(sh) => {
                    let refs: Vec<&Fragment> = batch.iter().map(Borrow::borrow).collect();
                    sh.add(&refs, put);
                }
                None => {
                    held.extend(batch);
                    if !never && size >= SHARD_ABOVE {
                        let mut sh = shards::Sharder::new(&shards::LAYOUT);
                        let refs: Vec<&Fragment> = held.iter().map(Borrow::borrow).collect();
                        sh.add(&refs, put);
                        held.clear();
                        sharder = Some(sh);
                    }
                }
            }
        };
        next = rayon::join(|| range(start).map(&make), index).0;
    }
    match sharder {
        Some(sh) => sh.finish(&synonyms, put),
        None => put(single(held.iter().map(Borrow::borrow), size, &synonyms)),
    }
}

/// The synonym groups, folded, defaults first, as JSON.
fn synonyms_json(extra: &[Vec<String>]) -> String {
    let groups: Vec<Vec<String>> = DEFAULT_SYNONYMS
        .iter()
        .map(|g| g.iter().map(|w| fold::fold(w)).collect())
        .chain(
            extra
                .iter()
                .map(|g| g.iter().map(|w| fold::fold(w.trim())).collect()),
        )
        .collect();
    crate::escape::script_json(&groups)
}

/// The whole index as one script of gzip-compressed JSON in base64.
fn single<'f>(
    fragments: impl Iterator<Item = &'f Fragment> + Clone,
    size: usize,
    synonyms: &str,
) -> OutputFile {
    let mut json = String::with_capacity(size + 16 + synonyms.len());
    json.push_str("{\"d\":[");
    for (i, f) in fragments.clone().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&f.doc);
    }
    json.push_str("],\"s\":[");
    let mut first = true;
    for s in fragments.flat_map(|f| f.sections.iter()) {
        if !first {
            json.push(',');
        }
        first = false;
        json.push_str(s);
    }
    json.push_str("],\"y\":");
    json.push_str(synonyms);
    json.push('}');
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail; an empty index would only disable search.
    let compressed = gz
        .write_all(json.as_bytes())
        .and_then(|_| gz.finish())
        .unwrap_or_default();
    // basE91 (about 1.23 characters a byte) instead of base64 (1.33): 8 % less to download.
    let mut script = String::with_capacity(compressed.len() * 5 / 4 + 64);
    script.push_str("window.fokusSearchData=[\"");
    base91(&compressed, &mut script);
    script.push_str(&format!("\",{}];\n", compressed.len()));
    OutputFile {
        path: INDEX_PATH.to_string(),
        bytes: std::sync::Arc::new(script.into_bytes()),
    }
}

/// A section's text with single spaces and no space before punctuation
/// (inline elements such as links and bold text leave one: "evner , og").
fn tidy(text: &str) -> Cow<'_, str> {
    /// Punctuation that sits right after a word.
    fn closes(b: u8) -> bool {
        matches!(b, b'.' | b',' | b';' | b':' | b'!' | b'?' | b')')
    }
    // Most sections need nothing. Finding out looks for the few bytes that
    // make a text untidy with `memchr`'s vector search instead of looking at
    // every byte: line breaks and tabs, two spaces, and punctuation (rarer
    // than spaces) right after a space.
    let b = text.as_bytes();
    let stray_at = |p: usize| {
        p > 0 && b.get(p - 1) == Some(&b' ') && !b.get(p + 1).is_some_and(u8::is_ascii_alphanumeric)
    };
    let gaps = memchr::memchr3(b'\n', b'\t', b'\r', b).is_some()
        || memchr::memmem::find(b, b"  ").is_some();
    let mut strays: Vec<usize> = Vec::new();
    if !gaps {
        strays.extend(memchr::memchr3_iter(b'.', b',', b';', b).filter(|&p| stray_at(p)));
        strays.extend(memchr::memchr3_iter(b':', b'!', b'?', b).filter(|&p| stray_at(p)));
        strays.extend(memchr::memchr_iter(b')', b).filter(|&p| stray_at(p)));
        if strays.is_empty() {
            return Cow::Borrowed(text);
        }
    }
    // Only single ASCII spaces between words (the usual case): the text as it
    // is, without the space before each stray punctuation mark.
    let only_spaces =
        !gaps && !b.starts_with(b" ") && !b.ends_with(b" ") && !crate::words::has_other_white(b);
    if only_spaces {
        strays.sort_unstable();
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for p in strays {
            // A letter or digit after the mark (".NET", ",5") makes it a word's start.
            let word = text
                .get(p + 1..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_alphanumeric);
            if !word {
                out.push_str(text.get(from..p - 1).unwrap_or_default());
                from = p;
            }
        }
        out.push_str(text.get(from..).unwrap_or_default());
        return Cow::Owned(out);
    }
    // Words joined by single spaces, without the space before a word that
    // starts with punctuation no letter or digit follows, copied a word at a time.
    let mut out = String::with_capacity(text.len());
    for word in crate::words::split(text) {
        let mut chars = word.chars();
        let stray = chars
            .next()
            .is_some_and(|p| p.is_ascii() && closes(p as u8))
            && !chars.next().is_some_and(char::is_alphanumeric);
        if !out.is_empty() && !stray {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// The basE91 alphabet with `'` for `"`, so that no character needs escaping in a JavaScript string.
const BASE91: &[u8; 91] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,./:;<=>?@[]^_`{|}~'";

/// basE91 (Joachim Henke's binary-to-text encoding): 13 or 14 bits as two characters.
fn base91(bytes: &[u8], out: &mut String) {
    let (mut b, mut n) = (0u32, 0u32);
    let mut put = |v: u32| out.push(BASE91[v as usize] as char);
    for &byte in bytes {
        b |= u32::from(byte) << n;
        n += 8;
        if n > 13 {
            let mut v = b & 8191;
            if v > 88 {
                b >>= 13;
                n -= 13;
            } else {
                v = b & 16383;
                b >>= 14;
                n -= 14;
            }
            put(v % 91);
            put(v / 91);
        }
    }
    if n > 0 {
        put(b % 91);
        if n > 7 || b > 90 {
            put(b / 91);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::io::Read;

    #[test]
    fn base91_matches_the_reference_and_round_trips() {
        let mut s = String::new();
        base91(b"test", &mut s);
        assert_eq!(s, "fPNKd");
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        for n in [0, 1, 2, 3, 13, 14, 100, 2000] {
            let mut s = String::new();
            base91(&bytes[..n], &mut s);
            assert!(!s.contains(['"', '\\']));
            assert_eq!(decode(&s, n), &bytes[..n], "{n} bytes");
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
        let files = idx.into_files(&[]);
        assert_eq!(files.len(), 1);
        let text = String::from_utf8(files[0].bytes.to_vec()).unwrap();
        let bytes = unscript(&text);
        let mut json = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut json)
            .unwrap();
        assert!(
            json.contains("Jobmålet først.") && !json.contains("HEMMELIG"),
            "{json}"
        );
    }

    #[test]
    fn shards_made_batch_by_batch_equal_shards_made_at_once() {
        let rendered = bundled();
        let fragments = bundled_fragments(&rendered);
        let refs: Vec<&Fragment> = fragments.iter().collect();
        for head in [3, 64] {
            let layout = shards::Layout {
                head,
                ..shards::LAYOUT
            };
            let at_once = shards::build(&refs, "[]", &layout);
            for size in [1, 7] {
                let batched = collected(|put| {
                    let mut sharder = shards::Sharder::new(&layout);
                    for batch in refs.chunks(size) {
                        sharder.add(batch, put);
                    }
                    sharder.finish("[]", put);
                });
                let files = |v: &[OutputFile]| -> BTreeMap<String, Vec<u8>> {
                    v.iter()
                        .map(|f| (f.path.clone(), f.bytes.to_vec()))
                        .collect()
                };
                assert_eq!(
                    files(&batched),
                    files(&at_once),
                    "batches of {size}, head {head}"
                );
            }
        }
    }

    #[test]
    fn snippets_have_no_space_before_punctuation() {
        assert_eq!(
            tidy("barrierer til evner , og mod et flexjob . Se (her ) : slut ."),
            "barrierer til evner, og mod et flexjob. Se (her): slut."
        );
        assert_eq!(tidy("Brug .NET  i dag"), "Brug .NET i dag");
        assert!(matches!(tidy("Helt fint, ikke?"), Cow::Borrowed(_)));
        assert!(matches!(tidy("Brug .NET og ,5 her"), Cow::Borrowed(_)));
        assert_eq!(tidy("to\nlinjer\tog\r mere"), "to linjer og mere");
        assert_eq!(tidy("sidst !"), "sidst!");
        assert_eq!(tidy("mellem ( ord )"), "mellem ( ord)");
    }

    #[test]
    fn tidy_joins_words_as_split_whitespace_would() {
        // The joining tidy did with the standard library's split.
        fn reference(text: &str) -> String {
            let mut out = String::new();
            for word in text.split_whitespace() {
                let mut chars = word.chars();
                let stray = chars
                    .next()
                    .is_some_and(|p| matches!(p, '.' | ',' | ';' | ':' | '!' | '?' | ')'))
                    && !chars.next().is_some_and(char::is_alphanumeric);
                if !out.is_empty() && !stray {
                    out.push(' ');
                }
                out.push_str(word);
            }
            out
        }
        let pieces = [
            " ", "  ", "\n", "\u{a0}", "\u{2003}", "ord", "æ", ".", ",", ")", "?", "é", "–", "5",
        ];
        for t in crate::words::samples::texts(&pieces, 6000, 8) {
            let t = t.trim();
            if let Cow::Owned(got) = tidy(t) {
                assert_eq!(got, reference(t), "{t:?}");
            }
        }
    }

    #[test]
    fn tidy_finds_untidy_texts_as_a_look_at_every_byte_would() {
        // The check tidy made before it searched with memchr.
        fn untidy(b: &[u8]) -> bool {
            let closes = |c: u8| matches!(c, b'.' | b',' | b';' | b':' | b'!' | b'?' | b')');
            b.iter().enumerate().any(|(i, &c)| match c {
                b'\n' | b'\t' | b'\r' => true,
                b' ' => match b.get(i + 1) {
                    Some(b' ') => true,
                    Some(&p) => closes(p) && !b.get(i + 2).is_some_and(u8::is_ascii_alphanumeric),
                    None => false,
                },
                _ => false,
            })
        }
        let pieces = [
            " ", "  ", "\n", "\t", "\r", "ord", "æ", ".", ",", ";", ":", "!", "?", ")", "5", "a",
            "\u{a0}",
        ];
        let mut owned = 0;
        for t in crate::words::samples::texts(&pieces, 6000, 6) {
            let got = tidy(&t);
            assert_eq!(matches!(got, Cow::Owned(_)), untidy(t.as_bytes()), "{t:?}");
            owned += usize::from(matches!(got, Cow::Owned(_)));
        }
        assert!(owned > 100 && owned < 5900, "{owned} of 6000 were untidy");
    }

    /// The bundled course's modules, rendered for the participant edition.
    fn bundled() -> Vec<(String, crate::markdown::Rendered)> {
        let strings = crate::i18n::Strings::builtin(crate::config::Language::Da);
        let md = crate::markdown::MarkdownRenderer {
            strings: &strings,
            edition: crate::config::Edition::Participant,
        };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut out = Vec::new();
        let mut dirs = vec![root];
        while let Some(d) = dirs.pop() {
            let mut entries: Vec<_> = std::fs::read_dir(&d).unwrap().flatten().collect();
            entries.sort_by_key(|e| e.path());
            for e in entries {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "md") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text).to_string();
                    let title = p.file_stem().unwrap().to_string_lossy().replace('-', " ");
                    out.push((title, md.render(&body, &p, 1)));
                }
            }
        }
        assert!(out.len() > 20, "the bundled course has modules");
        out
    }

    type Sec = (usize, String, String, String);

    /// The old single index's sections (title, heading, text) and its terms.
    fn single_index(fragments: &[Fragment]) -> (Vec<(String, String, String)>, BTreeSet<String>) {
        let file = single(fragments.iter(), 0, "[]");
        let text = String::from_utf8(file.bytes.to_vec()).unwrap();
        let mut json = String::new();
        flate2::read::GzDecoder::new(&unscript(&text)[..])
            .read_to_string(&mut json)
            .unwrap();
        #[derive(serde::Deserialize)]
        struct Old {
            d: Vec<(String, String, String)>,
            s: Vec<Sec>,
        }
        let old: Old = serde_json::from_str(&json).unwrap();
        let sections: Vec<(String, String, String)> = old
            .s
            .into_iter()
            .map(|s| (old.d[s.0].0.clone(), s.1, s.3))
            .collect();
        let mut terms = BTreeSet::new();
        for (title, heading, text) in &sections {
            for t in [title, heading, text] {
                fold::terms(t, |w| {
                    terms.insert(w.to_string());
                });
            }
        }
        (sections, terms)
    }

    fn shard_json(f: &OutputFile) -> serde_json::Value {
        let text = String::from_utf8(f.bytes.to_vec()).unwrap();
        let name = f
            .path
            .trim_start_matches("assets/search/")
            .trim_end_matches(".js");
        let json = text
            .strip_prefix(&format!("fokusSearchShard(\"{name}\","))
            .and_then(|t| t.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("shard shape of {}", f.path));
        serde_json::from_str(json).unwrap()
    }

    fn bundled_fragments(strings: &[(String, crate::markdown::Rendered)]) -> Vec<Fragment> {
        let mut idx = SearchIndex::new();
        for (i, (title, r)) in strings.iter().enumerate() {
            idx.add_page(title, &format!("m/{i}.html"), Kind::Module, r);
        }
        idx.add_text(
            "Øvelse om fleksjob",
            "exercises/x.html",
            Kind::Exercise,
            "Borgeren søger et fleksjob , og sagsbehandleren hjælper.",
        );
        idx.fragments()
    }

    #[test]
    fn shards_together_hold_exactly_the_terms_of_the_single_index() {
        let pages = bundled();
        let fragments = bundled_fragments(&pages);
        let (sections, old_terms) = single_index(&fragments);
        let layout = shards::Layout {
            chunk_bytes: 2048,
            posting_bytes: 4096,
            vocab_bytes: 4096,
            head: usize::MAX,
        };
        let refs: Vec<&Fragment> = fragments.iter().collect();
        let files = shards::build(&refs, "[]", &layout);
        let mut posting_terms = BTreeSet::new();
        let mut vocab = BTreeSet::new();
        let mut chunks: BTreeMap<usize, serde_json::Value> = BTreeMap::new();
        let mut postings: Vec<(String, Vec<u64>)> = Vec::new();
        let mut manifest = None;
        for f in &files {
            if f.path == INDEX_PATH {
                manifest = Some(String::from_utf8(f.bytes.to_vec()).unwrap());
                continue;
            }
            let name = f.path.trim_start_matches("assets/search/");
            let json = shard_json(f);
            let n: usize = name[1..].trim_end_matches(".js").parse().unwrap();
            match &name[..1] {
                "p" => {
                    for (t, list) in json.as_object().unwrap() {
                        assert!(
                            posting_terms.insert(t.clone()),
                            "{t} is in two posting shards"
                        );
                        let nums = list
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|v| v.as_u64().unwrap())
                            .collect();
                        postings.push((t.clone(), nums));
                    }
                }
                "v" => {
                    for (g, list) in json.as_object().unwrap() {
                        for t in list.as_array().unwrap() {
                            let t = t.as_str().unwrap();
                            assert!(t.contains(g.as_str()), "{t} listed under trigram {g}");
                            vocab.insert(t.to_string());
                        }
                    }
                }
                "c" => {
                    chunks.insert(n, json);
                }
                other => panic!("unexpected shard {other}"),
            }
        }
        let manifest = manifest.expect("a manifest");
        let m: serde_json::Value = serde_json::from_str(
            manifest
                .strip_prefix("window.fokusSearchData=")
                .and_then(|m| m.strip_suffix(";\n"))
                .unwrap(),
        )
        .unwrap();
        for t in m["w2"].as_array().unwrap() {
            vocab.insert(t.as_str().unwrap().to_string());
        }
        assert!(old_terms.len() > 1000, "{} terms", old_terms.len());
        assert_eq!(
            posting_terms, old_terms,
            "posting shards hold the old index's terms"
        );
        assert_eq!(
            vocab, old_terms,
            "vocabulary shards hold the old index's terms"
        );
        assert!(chunks.len() > 10 && m["c"].as_u64() == Some(chunks.len() as u64));
        assert!(m["p"].as_u64().unwrap() > 1 && m["v"].as_u64().unwrap() > 1);

        // Every posting leads to a section that has the term, and every section with
        // the term has a posting (no head limit here).
        let mut chunk_sections: Vec<(String, String, String)> = Vec::new();
        let mut place: BTreeMap<(u64, u64), usize> = BTreeMap::new();
        for (c, json) in &chunks {
            for (local, s) in json["s"].as_array().unwrap().iter().enumerate() {
                let doc = s[0].as_u64().unwrap().to_string();
                let title = json["d"][&doc][0].as_str().unwrap().to_string();
                place.insert((*c as u64, local as u64), chunk_sections.len());
                chunk_sections.push((
                    title,
                    s[1].as_str().unwrap().into(),
                    s[3].as_str().unwrap().into(),
                ));
            }
        }
        assert_eq!(
            chunk_sections, sections,
            "the chunks hold the sections in order"
        );
        // Per section: count of each term in the text, terms of the title and of the heading.
        type Words = (BTreeMap<String, usize>, BTreeSet<String>, BTreeSet<String>);
        let words: Vec<Words> = sections
            .iter()
            .map(|(title, heading, text)| {
                let mut w: Words = Default::default();
                fold::terms(text, |t| *w.0.entry(t.to_string()).or_default() += 1);
                fold::terms(title, |t| {
                    w.1.insert(t.to_string());
                });
                fold::terms(heading, |t| {
                    w.2.insert(t.to_string());
                });
                w
            })
            .collect();
        for (t, nums) in &postings {
            let mut found = BTreeSet::new();
            for p in nums.chunks(4) {
                let i = place[&(p[1], p[2])];
                let (counts, title, heading) = &words[i];
                let n = counts.get(t).copied().unwrap_or(0);
                assert_eq!(p[3] & 15, n.min(10) as u64, "count of {t} in section {i}");
                assert_eq!(
                    p[3] & 16 != 0,
                    title.contains(t),
                    "{t} in title of section {i}"
                );
                assert_eq!(
                    p[3] & 32 != 0,
                    heading.contains(t),
                    "{t} in heading of section {i}"
                );
                found.insert(i);
            }
            let expected: BTreeSet<usize> = words
                .iter()
                .enumerate()
                .filter(|(_, (c, a, b))| c.contains_key(t) || a.contains(t) || b.contains(t))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(found, expected, "sections of {t}");
        }
    }

    #[test]
    fn a_term_keeps_only_its_best_sections() {
        let pages = bundled();
        let fragments = bundled_fragments(&pages);
        let refs: Vec<&Fragment> = fragments.iter().collect();
        let layout = shards::Layout {
            chunk_bytes: 4096,
            posting_bytes: 1 << 30,
            vocab_bytes: 1 << 30,
            head: 3,
        };
        let files = shards::build(&refs, "[[\"fleksjob\",\"flexjob\"]]", &layout);
        let p = files
            .iter()
            .find(|f| f.path == "assets/search/p0.js")
            .unwrap();
        let json = shard_json(p);
        let all = json.as_object().unwrap();
        assert!(all.values().all(|l| l.as_array().unwrap().len() <= 12));
        // "borgeren" is in many sections; its three best come first, best first.
        let list: Vec<u64> = all["borgeren"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(list.len(), 12);
        let scores: Vec<u64> = list.chunks(4).map(|p| shards::score(p[3] as u8)).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        // Every term's kept postings are the first of all its postings, for
        // any head: those kept are the best, whatever order they came in.
        let every = |head: usize| {
            let layout = shards::Layout { head, ..layout };
            let files = shards::build(&refs, "[]", &layout);
            let p = files.iter().find(|f| f.path == "assets/search/p0.js");
            shard_json(p.unwrap())
        };
        let whole = every(usize::MAX);
        for head in [1, 2, 3, 5, 64] {
            let kept = every(head);
            for (term, list) in whole.as_object().unwrap() {
                let all = list.as_array().unwrap();
                let best = &all[..all.len().min(4 * head)];
                assert_eq!(kept[term].as_array().unwrap(), best, "{term}, head {head}");
            }
        }
        let manifest = files.iter().find(|f| f.path == INDEX_PATH).unwrap();
        assert!(
            String::from_utf8_lossy(&manifest.bytes).contains("\"y\":[[\"fleksjob\",\"flexjob\"]]")
        );
    }

    #[test]
    fn small_courses_get_one_file_and_synonyms_are_folded() {
        let pages = bundled();
        let fragments = bundled_fragments(&pages);
        let files = assemble(
            fragments.iter(),
            &[vec!["Sygedagpenge".into(), "SDP".into()]],
        );
        assert_eq!(files.len(), 1);
        assert_eq!(
            synonyms_json(&[vec!["Ærø".into(), "aeroe".into()]]),
            r#"[["fleksjob","flexjob"],["aeroe","aeroe"]]"#
        );
    }

    /// The compressed bytes of a one-file index script.
    fn unscript(text: &str) -> Vec<u8> {
        let (z, n) = text
            .strip_prefix("window.fokusSearchData=[\"")
            .and_then(|t| t.strip_suffix("];\n"))
            .and_then(|t| t.split_once("\","))
            .expect("index script shape");
        decode(z, n.parse().unwrap())
    }

    fn decode(s: &str, n: usize) -> Vec<u8> {
        let (mut v, mut b, mut bits) = (-1i64, 0i64, 0i64);
        let mut out = Vec::new();
        for c in s.bytes() {
            let d = BASE91.iter().position(|&x| x == c).unwrap() as i64;
            if v < 0 {
                v = d;
                continue;
            }
            v += d * 91;
            b |= v << bits;
            bits += if v & 8191 > 88 { 13 } else { 14 };
            loop {
                out.push((b & 255) as u8);
                b >>= 8;
                bits -= 8;
                if bits <= 7 {
                    break;
                }
            }
            v = -1;
        }
        if v >= 0 {
            out.push(((b | v << bits) & 255) as u8);
        }
        out.truncate(n);
        out
    }
}
