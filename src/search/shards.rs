//! The index of a large course, split into shards that the browser loads
//! one by one as a query needs them.
//!
//! - `assets/search-index.js`, the manifest: how many shards of each kind
//!   there are, the two-letter terms and the synonyms (a few KB at most);
//! - `assets/search/v<N>.js`, the vocabulary: every term of three or more
//!   letters listed under each of its trigrams, in the shard the trigram's
//!   hash picks; a query word's first trigram leads to every term that
//!   contains the word, so compounds and inflections are found as before;
//! - `assets/search/p<N>.js`, the postings: for each term (in the shard its
//!   hash picks) the sections it occurs in, best first, at most
//!   [`Layout::head`] of them, each as `doc, chunk, section, code`, where
//!   `code` holds the count of the term in the text (at most 10) and flags
//!   for title (16), heading (32), heading equal to the term (64) and title
//!   equal to the term (128);
//! - `assets/search/c<N>.js`, the chunks: consecutive sections (titles,
//!   headings, anchors, texts) of about [`Layout::chunk_bytes`], loaded
//!   only for the results shown.
//!
//! Every shard is a script that calls `fokusSearchShard(name, data)`, so it
//! loads from `file://` as well as from a server.

use std::collections::BTreeMap;
use std::fmt::Write as _;

// Terms are hashed for every word of every section: FxHash is several times
// faster than SipHash on such short keys, and the build hashes only its own
// course's words, so no flooding resistance is needed.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rayon::prelude::*;

use super::{Fragment, Put};
use crate::fold::{fold, hash};
use crate::output::OutputFile;

/// Folder of the shards in the site.
pub const SHARD_DIR: &str = "assets/search";

/// Sizes that decide how the index is cut.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// A chunk of section texts closes when the next section would take it past this.
    pub chunk_bytes: usize,
    /// Posting shards are sized to hold about this much each.
    pub posting_bytes: usize,
    /// Vocabulary shards are sized to hold about this much each.
    pub vocab_bytes: usize,
    /// At most this many sections are kept for a term: its best ones.
    pub head: usize,
}

/// The layout the build uses.
pub const LAYOUT: Layout = Layout {
    chunk_bytes: 8 * 1024,
    posting_bytes: 4 * 1024,
    vocab_bytes: 16 * 1024,
    head: 64,
};

/// Where a section is: its page, its chunk and its place in the chunk.
#[derive(Clone, Copy)]
struct Place {
    doc: u32,
    chunk: u32,
    local: u32,
    order: u32,
}

/// A posting with its rank key (higher is better) first.
type Post = (u64, u32, u32, u32, u8);

/// The best postings of one term: postings are added as they come, and
/// when there are twice as many as are kept, only the best `head` stay
/// (rank keys are unique, so which stay does not depend on the order they
/// came in). A posting worse than the worst of those is not added at all.
#[derive(Default)]
struct Top {
    posts: Vec<Post>,
    /// The rank key of the worst posting kept at the last trim: `head`
    /// postings are known to be better than anything below it.
    floor: u64,
}

impl Top {
    fn push(&mut self, p: Post, head: usize) {
        if p.0 < self.floor {
            return;
        }
        self.posts.push(p);
        self.trim(head);
    }

    /// Add `other`'s postings.
    fn join(&mut self, other: Top, head: usize) {
        for p in other.posts {
            self.push(p, head);
        }
    }

    fn trim(&mut self, head: usize) {
        if self.posts.len() >= head.saturating_mul(2).max(2) {
            self.keep(head);
        }
    }

    /// Keep the best `head`, in no order.
    fn keep(&mut self, head: usize) {
        if self.posts.len() > head && head > 0 {
            let (_, worst, _) = self
                .posts
                .select_nth_unstable_by_key(head - 1, |p| std::cmp::Reverse(p.0));
            self.floor = worst.0;
        }
        self.posts.truncate(head);
    }

    /// The best `head`, best first.
    fn best(mut self, head: usize) -> Vec<Post> {
        self.keep(head);
        self.posts.sort_unstable_by_key(|p| std::cmp::Reverse(p.0));
        self.posts
    }
}

/// How much a section's use of a term is worth on its own: the same weights
/// search.js gives a match in the title (8), the heading (6), a heading or
/// title that is exactly the term (12 each) and in the text (1 + 0.3 per hit), times ten.
pub(crate) fn score(code: u8) -> u64 {
    let n = u64::from(code & 15);
    let mut s = if n > 0 { 10 + 3 * n } else { 0 };
    if code & 16 != 0 {
        s += 80;
    }
    if code & 32 != 0 {
        s += 60;
    }
    if code & 64 != 0 {
        s += 120;
    }
    if code & 128 != 0 {
        s += 120;
    }
    s
}

/// The bytes a term is made of.
const TERM_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_lowercase() || (b as u8).is_ascii_digit();
        b += 1;
    }
    t
};

/// The terms of an already folded text, in order (repeats included), as `terms` gives them.
fn folded_terms(folded: &str) -> impl Iterator<Item = &str> {
    // Terms are ASCII, so splitting the bytes finds the same terms as
    // splitting the characters, without decoding them.
    let b = folded.as_bytes();
    let is_term = |i: usize| b.get(i).is_some_and(|&c| TERM_BYTE[usize::from(c)]);
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            while i < b.len() && !is_term(i) {
                i += 1;
            }
            let start = i;
            while is_term(i) {
                i += 1;
            }
            if i - start >= 2 {
                return folded.get(start..i);
            }
            if i >= b.len() {
                return None;
            }
        }
    })
}

/// A term as a key of the table that numbers a page's terms. Terms are
/// short, so two are compared with a few word-sized loads rather than a call
/// to `memcmp` (a page looks up every one of its words).
#[derive(Clone, Copy)]
struct Term<'a>(&'a str);

impl PartialEq for Term<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        // Two loads that overlap when the term is shorter than both together.
        fn ends<const N: usize>(x: &[u8]) -> Option<([u8; N], [u8; N])> {
            let head = x.get(..N)?.try_into().ok()?;
            let tail = x.get(x.len() - N..)?.try_into().ok()?;
            Some((head, tail))
        }
        match a.len() {
            0..=1 => a == b,
            2..=3 => ends::<2>(a) == ends::<2>(b),
            4..=7 => ends::<4>(a) == ends::<4>(b),
            8..=16 => ends::<8>(a) == ends::<8>(b),
            _ => a == b,
        }
    }
}

impl Eq for Term<'_> {}

impl std::hash::Hash for Term<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

/// The terms a page met last, by their first eight bytes and length: a
/// table with one place per key hash and no probing, in front of the hash map
/// that numbers a page's terms. A word is looked up with one multiply and a
/// compare or two instead of hashing it whole and probing.
struct Recent {
    slots: Vec<(u64, u32)>,
}

impl Recent {
    const BITS: u32 = 10;

    fn new() -> Self {
        Recent {
            slots: vec![(0, u32::MAX); 1 << Self::BITS],
        }
    }

    /// The first eight bytes of `t` (zero after its end) with its length in
    /// the top byte: equal keys and lengths up to eight mean equal terms.
    fn key(t: &[u8]) -> u64 {
        // Shorter terms in two loads that overlap (a copy of a few bytes would
        // be a call to memcpy).
        fn word<const N: usize>(b: Option<&[u8]>) -> u64 {
            let b: [u8; N] = b.and_then(|b| b.try_into().ok()).unwrap_or([0; N]);
            b.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b))
        }
        // The first N bytes and the last N, placed where they are in the term.
        fn ends<const N: usize>(t: &[u8]) -> u64 {
            let tail = t.len().saturating_sub(N);
            word::<N>(t.get(..N)) | word::<N>(t.get(tail..)) << (8 * tail)
        }
        let head = match t.len() {
            8.. => word::<8>(t.get(..8)),
            4..=7 => ends::<4>(t),
            2..=3 => ends::<2>(t),
            _ => t.first().map_or(0, |&b| u64::from(b)),
        };
        head ^ ((t.len() as u64) << 56)
    }

    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    /// The number of `t` if it is in the table; `names` holds every term by number.
    fn get(&self, t: &str, names: &[&str]) -> Option<u32> {
        let key = Self::key(t.as_bytes());
        let &(k, id) = self.slots.get(Self::slot(key))?;
        let name = names.get(id as usize)?;
        (k == key && name.len() == t.len() && (t.len() <= 8 || *name == t)).then_some(id)
    }

    fn put(&mut self, t: &str, id: u32) {
        let key = Self::key(t.as_bytes());
        if let Some(slot) = self.slots.get_mut(Self::slot(key)) {
            *slot = (key, id);
        }
    }
}

/// A page's terms, each with the sections (by their place on the page)
/// that use it and its code there, in the order the page first uses them; kept flat, in three
/// allocations however many terms the page has.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageTerms {
    /// The terms, one after the other.
    text: String,
    /// Per term: where it ends in `text` and where its uses end in `uses`.
    ends: Vec<(u32, u32)>,
    /// `(section, code)` of each use.
    uses: Vec<(u32, u8)>,
}

impl PageTerms {
    /// Each term with its uses, in the order the page first uses them.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &[(u32, u8)])> {
        let mut from = (0, 0);
        self.ends.iter().map(move |&(t, u)| {
            let (t0, u0) = std::mem::replace(&mut from, (t as usize, u as usize));
            (&self.text[t0..t as usize], &self.uses[u0..u as usize])
        })
    }
}

/// Every term of a page's sections with the sections that use it and its
/// code there. One pass over the words: each occurrence updates its term's
/// entry for the section, the last one made for the term.
pub(crate) fn page_terms<'s>(
    title: &str,
    sections: impl Iterator<Item = (&'s str, &'s str)>,
) -> PageTerms {
    let folded_title = fold(title);
    let mut title_terms: Vec<&str> = folded_terms(&folded_title).collect();
    title_terms.sort_unstable();
    title_terms.dedup();
    let folded: Vec<(String, String)> = sections.map(|(h, t)| (fold(h), fold(t))).collect();
    // Sized from the text (a term about every 7 bytes, a new one about every
    // 40), so that the tables seldom grow while they are filled.
    let bytes: usize = folded.iter().map(|(h, t)| h.len() + t.len()).sum();
    // Each term's number, and per number the term and its latest entry.
    let mut ids: HashMap<Term, u32> =
        HashMap::with_capacity_and_hasher(bytes / 40, Default::default());
    let mut names: Vec<&str> = Vec::with_capacity(bytes / 40);
    let mut latest: Vec<usize> = Vec::with_capacity(bytes / 40);
    // Most words are found in a small direct-mapped table first, by their
    // first eight bytes and length; only a miss asks the hash map.
    let mut recent = Recent::new();
    let mut intern = |t| {
        if let Some(id) = recent.get(t, &names) {
            return id;
        }
        let id = *ids.entry(Term(t)).or_insert_with(|| {
            names.push(t);
            names.len() as u32 - 1
        });
        recent.put(t, id);
        id
    };
    let title_ids: Vec<u32> = title_terms.iter().map(|t| intern(t)).collect();
    // (term number, section, count, flags) for each section that uses a term.
    let mut entries: Vec<(u32, u32, u32, u8)> = Vec::with_capacity(bytes / 8);
    let mut add = |id: u32, i: u32, count: u32, flag: u8| {
        let id_at = id as usize;
        if id_at >= latest.len() {
            latest.resize(id_at + 1, usize::MAX);
        }
        match entries.get_mut(latest[id_at]) {
            Some(e) if e.1 == i => {
                e.2 += count;
                e.3 |= flag;
            }
            _ => {
                latest[id_at] = entries.len();
                entries.push((id, i, count, flag));
            }
        }
    };
    for (i, (heading, text)) in folded.iter().enumerate() {
        let i = i as u32;
        for t in folded_terms(text) {
            add(intern(t), i, 1, 0);
        }
        for t in folded_terms(heading) {
            add(intern(t), i, 0, 32);
        }
        for &id in &title_ids {
            add(id, i, 0, 16);
        }
    }
    // Terms in the order the page first uses them (their numbers), each with
    // its entries in section order (the order they were made in): a
    // counting sort by the term's number.
    let mut first = vec![0usize; names.len()];
    for e in &entries {
        first[e.0 as usize] += 1;
    }
    // Where each term's entries go: after those of the terms before it.
    let mut at = 0;
    for slot in &mut first {
        at += std::mem::replace(slot, at);
    }
    let mut sorted = vec![(0u32, 0u32, 0u32, 0u8); entries.len()];
    for e in entries {
        let slot = &mut first[e.0 as usize];
        sorted[*slot] = e;
        *slot += 1;
    }
    let entries = sorted;
    let mut terms = PageTerms {
        text: String::with_capacity(names.iter().map(|t| t.len()).sum()),
        ends: Vec::with_capacity(names.len()),
        uses: Vec::with_capacity(entries.len()),
    };
    for (n, &(id, i, count, flags)) in entries.iter().enumerate() {
        let t = names[id as usize];
        let mut code = count.min(10) as u8 | flags;
        if folded.get(i as usize).is_some_and(|(h, _)| h == t) {
            code |= 64;
        }
        if folded_title == t {
            code |= 128;
        }
        terms.uses.push((i, code));
        if entries.get(n + 1).is_none_or(|next| next.0 != id) {
            terms.text.push_str(t);
            terms
                .ends
                .push((terms.text.len() as u32, terms.uses.len() as u32));
        }
    }
    terms
}

/// The sharded index of `fragments` (in page-number order); `synonyms` is the JSON of the synonym groups.
pub fn build(fragments: &[&Fragment], synonyms: &str, layout: &Layout) -> Vec<OutputFile> {
    super::collected(|put| {
        let mut sharder = Sharder::new(layout);
        sharder.add(fragments, put);
        sharder.finish(synonyms, put);
    })
}

/// The sharded index made batch by batch of pages, so that only the batch
/// being added (and the next, being made) of page shares is in memory: chunks
/// are handed out as they fill, and only each term's best postings are kept.
pub struct Sharder {
    layout: Layout,
    /// Pages added so far.
    pages: usize,
    chunk_count: u32,
    /// The open chunk: its pages and sections as JSON, its size and sections.
    docs: String,
    secs: String,
    bytes: usize,
    local: u32,
    last_doc: Option<usize>,
    /// Sections added so far.
    order: u32,
    merged: HashMap<String, Top>,
}

impl Sharder {
    pub fn new(layout: &Layout) -> Self {
        Sharder {
            layout: *layout,
            pages: 0,
            chunk_count: 0,
            docs: String::new(),
            secs: String::new(),
            bytes: 0,
            local: 0,
            last_doc: None,
            order: 0,
            merged: HashMap::default(),
        }
    }

    /// Close the open chunk into its file.
    fn close(&mut self) -> OutputFile {
        let name = format!("c{}", self.chunk_count);
        let file = shard_file(
            &name,
            &format!("{{\"d\":{{{}}},\"s\":[{}]}}", self.docs, self.secs),
        );
        self.docs.clear();
        self.secs.clear();
        self.chunk_count += 1;
        (self.bytes, self.local, self.last_doc) = (0, 0, None);
        file
    }

    /// Add the next pages, in page-number order.
    pub fn add(&mut self, fragments: &[&Fragment], put: &Put) {
        let layout = self.layout;
        // 1. Chunks of consecutive sections, and where each section went;
        // the chunks that fill are written while the postings are gathered.
        let mut closed = Vec::new();
        let mut places: Vec<Vec<Place>> = Vec::with_capacity(fragments.len());
        for f in fragments {
            let d = self.pages;
            self.pages += 1;
            let mut ps = Vec::with_capacity(f.sections.len());
            for s in &f.sections {
                if self.local > 0 && self.bytes + s.len() > layout.chunk_bytes {
                    closed.push(self.close());
                }
                if self.last_doc != Some(d) {
                    if !self.docs.is_empty() {
                        self.docs.push(',');
                    }
                    self.docs.push_str(&format!("\"{d}\":{}", f.doc));
                    self.bytes += f.doc.len();
                    self.last_doc = Some(d);
                }
                if self.local > 0 {
                    self.secs.push(',');
                }
                self.secs.push_str(s);
                self.bytes += s.len() + 1;
                ps.push(Place {
                    doc: d as u32,
                    chunk: self.chunk_count,
                    local: self.local,
                    order: self.order,
                });
                self.local += 1;
                self.order += 1;
            }
            places.push(ps);
        }
        // 2. The best postings of every term, gathered in parallel.
        let head = layout.head.max(1);
        let gather = || -> HashMap<String, Top> {
            fragments
                .par_iter()
                .zip(places.par_iter())
                .fold(
                    HashMap::default,
                    |mut map: HashMap<String, Top>, (f, ps)| {
                        for (t, uses) in f.terms.iter() {
                            let top = match map.get_mut(t) {
                                Some(top) => top,
                                None => map.entry(t.to_string()).or_default(),
                            };
                            for &(i, code) in uses {
                                let Some(p) = ps.get(i as usize) else {
                                    continue;
                                };
                                let key = (score(code) << 32) | u64::from(u32::MAX - p.order);
                                top.push((key, p.doc, p.chunk, p.local, code), head);
                            }
                        }
                        map
                    },
                )
                .reduce(HashMap::default, |a, b| merge(a, b, head))
        };
        let (batch, ()) = rayon::join(gather, || closed.into_par_iter().for_each(put));
        let merged = std::mem::take(&mut self.merged);
        self.merged = merge(merged, batch, head);
    }

    /// The last chunk, the postings, the vocabulary and the manifest.
    pub fn finish(mut self, synonyms: &str, put: &Put) {
        if self.local > 0 {
            put(self.close());
        }
        let (layout, chunk_count) = (self.layout, self.chunk_count);
        // 3. Posting shards.
        let head = layout.head.max(1);
        let mut terms_sorted: Vec<(String, Vec<Post>)> = std::mem::take(&mut self.merged)
            .into_iter()
            .map(|(t, top)| (t, top.best(head)))
            .collect();
        terms_sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let lists: Vec<(&String, String)> = terms_sorted
            .iter()
            .map(|(t, v)| {
                let mut s = String::with_capacity(v.len() * 16);
                for (i, p) in v.iter().enumerate() {
                    if i > 0 {
                        s.push(',');
                    }
                    // Writing to a String cannot fail.
                    let _ = write!(s, "{},{},{},{}", p.1, p.2, p.3, p.4);
                }
                (t, s)
            })
            .collect();
        let total: usize = lists.iter().map(|(t, s)| t.len() + s.len() + 6).sum();
        let np = total.div_ceil(layout.posting_bytes.max(1)).max(1);
        let mut buckets = vec![String::new(); np];
        for (t, s) in &lists {
            let b = &mut buckets[hash(t) as usize % np];
            if !b.is_empty() {
                b.push(',');
            }
            b.push_str(&format!("\"{t}\":[{s}]"));
        }
        for (i, b) in buckets.iter().enumerate() {
            put(shard_file(&format!("p{i}"), &format!("{{{b}}}")));
        }

        // 4. Vocabulary shards: each term of three or more letters under each of its trigrams.
        let mut by_trigram: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut two: Vec<&str> = Vec::new();
        for (t, _) in &terms_sorted {
            if t.len() < 3 {
                two.push(t);
                continue;
            }
            let mut seen: HashSet<&str> = HashSet::default();
            for i in 0..=t.len() - 3 {
                let g = &t[i..i + 3];
                if seen.insert(g) {
                    by_trigram.entry(g).or_default().push(t);
                }
            }
        }
        let total: usize = by_trigram
            .iter()
            .map(|(g, ts)| g.len() + 6 + ts.iter().map(|t| t.len() + 3).sum::<usize>())
            .sum();
        let nv = total.div_ceil(layout.vocab_bytes.max(1)).max(1);
        let mut buckets = vec![String::new(); nv];
        for (g, ts) in &by_trigram {
            let b = &mut buckets[hash(g) as usize % nv];
            if !b.is_empty() {
                b.push(',');
            }
            b.push_str(&format!("\"{g}\":[\"{}\"]", ts.join("\",\"")));
        }
        for (i, b) in buckets.iter().enumerate() {
            put(shard_file(&format!("v{i}"), &format!("{{{b}}}")));
        }

        // 5. The manifest.
        let two = if two.is_empty() {
            String::new()
        } else {
            format!("\"{}\"", two.join("\",\""))
        };
        let manifest = format!(
            "window.fokusSearchData={{\"m\":1,\"v\":{nv},\"p\":{np},\"c\":{chunk_count},\"w2\":[{two}],\"y\":{synonyms}}};\n"
        );
        put(OutputFile {
            path: super::INDEX_PATH.to_string(),
            bytes: std::sync::Arc::new(manifest.into_bytes()),
        });
    }
}

/// Two sets of best postings as one.
fn merge(
    mut a: HashMap<String, Top>,
    mut b: HashMap<String, Top>,
    head: usize,
) -> HashMap<String, Top> {
    if a.len() < b.len() {
        std::mem::swap(&mut a, &mut b);
    }
    for (t, top) in b {
        a.entry(t).or_default().join(top, head);
    }
    a
}

fn shard_file(name: &str, json: &str) -> OutputFile {
    let mut s = String::with_capacity(json.len() + name.len() + 32);
    s.push_str("fokusSearchShard(\"");
    s.push_str(name);
    s.push_str("\",");
    s.push_str(json);
    s.push_str(");\n");
    OutputFile {
        path: format!("{SHARD_DIR}/{name}.js"),
        bytes: std::sync::Arc::new(s.into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_equal_exactly_when_their_text_is() {
        let base: String = ('a'..='z').collect();
        for len in 0..=base.len() {
            let a = &base[..len];
            assert!(Term(a) == Term(a));
            for other in 0..=base.len() {
                assert_eq!(Term(a) == Term(&base[..other]), len == other);
            }
            for at in 0..len {
                let mut b = a.to_string().into_bytes();
                b[at] = b'0';
                let b = String::from_utf8(b).unwrap();
                assert!(Term(a) != Term(&b), "{a} and {b}");
            }
        }
    }

    #[test]
    fn recent_terms_are_found_exactly_when_they_were_put() {
        // Every term of up to three letters from a small alphabet, and
        // longer ones that differ in one byte or only in length.
        let letters = ["a", "b", "z", "0", "9"];
        let mut terms: Vec<String> = Vec::new();
        for a in letters {
            terms.push(a.to_string());
            for b in letters {
                terms.push(format!("{a}{b}"));
                for c in letters {
                    terms.push(format!("{a}{b}{c}"));
                }
            }
        }
        let base: String = ('a'..='z').chain('0'..='9').collect();
        for len in 4..=base.len() {
            terms.push(base[..len].to_string());
            for at in [0, len / 2, len - 1] {
                let mut b = base.as_bytes()[..len].to_vec();
                b[at] = b'q';
                terms.push(String::from_utf8(b).unwrap());
            }
        }
        terms.sort();
        terms.dedup();
        let names: Vec<&str> = terms.iter().map(String::as_str).collect();
        // Keys of terms of up to eight bytes are equal only for equal terms.
        for a in names.iter().filter(|t| t.len() <= 8) {
            for b in names.iter().filter(|t| t.len() <= 8) {
                assert_eq!(
                    Recent::key(a.as_bytes()) == Recent::key(b.as_bytes()),
                    a == b
                );
            }
        }
        // Put every term in turn: the last put is found, and no other term
        // is ever taken for it, however the slots collide.
        let mut recent = Recent::new();
        for (id, t) in names.iter().enumerate() {
            recent.put(t, id as u32);
            assert_eq!(recent.get(t, &names), Some(id as u32), "{t}");
            for other in &names {
                if let Some(found) = recent.get(other, &names) {
                    assert_eq!(names[found as usize], *other);
                }
            }
        }
    }

    #[test]
    fn folded_terms_are_the_terms_of_the_text() {
        let pieces = [
            "Ab", "c", " ", "æ", "Ø", "é", "x", "9", ".", "–", "Ω", "a-b", "  ",
        ];
        for s in crate::words::samples::texts(&pieces, 4000, 8) {
            let mut want = Vec::new();
            crate::fold::terms(&s, |t| want.push(t.to_string()));
            let folded = fold(&s);
            let got: Vec<&str> = folded_terms(&folded).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }
}
