//! A synthetic course for benchmarks: `modules` modules of Danish-like prose.
//!
//! Deterministic (a fixed-seed generator), so every run builds the same
//! course. Each module has about 1,000 words under `##`/`###` headings, a
//! bullet list, a numbered list, a table and links to neighbouring modules
//! (in the same part and in the next part, some with an anchor). Parts hold
//! 20 modules each and have an `_index.md`; `course.yaml` names the course.
//!
//! Include it from a bench with
//! `#[path = "support/synthetic.rs"] mod synthetic;`.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// Modules in each part.
pub const MODULES_PER_PART: usize = 20;

/// Words a module's body has, roughly.
pub const WORDS_PER_MODULE: usize = 1_000;

const WORDS: &[&str] = &[
    "borgeren",
    "samtalen",
    "sagsbehandleren",
    "jobcentret",
    "virksomheden",
    "praktikken",
    "ressourcer",
    "evner",
    "arbejdsmarkedet",
    "opfølgning",
    "aftalen",
    "målet",
    "forløbet",
    "kommunen",
    "hverdagen",
    "erfaring",
    "mulighed",
    "skridt",
    "kollega",
    "uddannelse",
    "sygemelding",
    "motivation",
    "fremtiden",
    "spørgsmål",
    "svar",
    "tid",
    "uge",
    "dag",
    "arbejde",
    "familie",
    "helbred",
    "netværk",
    "plan",
    "indsats",
    "tilbud",
    "støtte",
    "mentor",
    "timer",
    "job",
    "værdi",
];

const VERBS: &[&str] = &[
    "finder",
    "bygger",
    "skriver",
    "spørger",
    "lytter",
    "følger",
    "aftaler",
    "støtter",
    "undersøger",
    "beskriver",
    "prøver",
    "vælger",
    "ser",
    "får",
    "giver",
    "tager",
    "husker",
    "deler",
];

const SMALL: &[&str] = &[
    "og", "men", "når", "fordi", "med", "uden", "om", "til", "fra", "i", "på", "efter", "før",
    "sammen", "også", "gerne", "ofte", "aldrig", "altid", "måske",
];

const HEADINGS: &[&str] = &[
    "Før samtalen",
    "Under samtalen",
    "Efter samtalen",
    "Sådan gør du",
    "Når det går skævt",
    "Et eksempel fra praksis",
    "Hvad siger reglerne",
    "Små skridt",
];

/// A tiny deterministic generator (xorshift64*), so no dependency is needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// Folder name of part `p` (0-based): `del-01`, `del-02`, …
pub fn part_slug(p: usize) -> String {
    format!("del-{:02}", p + 1)
}

/// File stem of module `m` (0-based, counted over the whole course): `modul-0001`, …
pub fn module_slug(m: usize) -> String {
    format!("modul-{:04}", m + 1)
}

/// Path of module `m`'s source file, relative to the course root.
pub fn module_path(m: usize) -> PathBuf {
    Path::new("content")
        .join(part_slug(m / MODULES_PER_PART))
        .join(format!("{}.md", module_slug(m)))
}

/// Root-relative URL of module `m`'s page in the built site.
pub fn module_url(m: usize) -> String {
    format!(
        "{}/{}.html",
        part_slug(m / MODULES_PER_PART),
        module_slug(m)
    )
}

/// Danish slug of a heading, as fokus makes anchors (æ→ae, ø→oe, å→aa).
fn anchor(heading: &str) -> String {
    let mut out = String::new();
    for c in heading.to_lowercase().chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with('-') {
                    out.push('-')
                }
            }
        }
    }
    out.trim_matches('-').to_string()
}

fn sentence(rng: &mut Rng, words: &mut usize) -> String {
    let n = 8 + rng.below(10);
    let mut s = String::new();
    for i in 0..n {
        let w = match i % 4 {
            1 => rng.pick(VERBS),
            3 => rng.pick(SMALL),
            _ => rng.pick(WORDS),
        };
        if i == 0 {
            let mut cs = w.chars();
            if let Some(first) = cs.next() {
                s.extend(first.to_uppercase());
                s.push_str(cs.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    *words += n;
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng, words: &mut usize) -> String {
    let n = 3 + rng.below(4);
    (0..n)
        .map(|_| sentence(rng, words))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Markdown of module `m` (front matter and body) in a course of `total` modules.
pub fn module_source(m: usize, total: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (m as u64 + 1).wrapping_mul(0x1000_0000_01B3));
    let part = m / MODULES_PER_PART;
    let mut words = 0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "---\ntitle: Modul {} om {}\nsummary: {}\nduration: {}\norder: {}\ntags: [{}, {}]\n---\n",
        m + 1,
        rng.pick(WORDS),
        sentence(&mut rng, &mut words),
        10 + rng.below(50),
        m % MODULES_PER_PART + 1,
        rng.pick(WORDS),
        rng.pick(VERBS),
    );
    words = 0;
    let mut section = 0;
    while words < WORDS_PER_MODULE {
        let heading = format!("{} {}", HEADINGS[section % HEADINGS.len()], section + 1);
        let _ = writeln!(s, "## {heading}\n");
        let _ = writeln!(s, "{}\n", paragraph(&mut rng, &mut words));
        match section % 4 {
            0 => {
                for _ in 0..4 {
                    let _ = writeln!(s, "- {}", sentence(&mut rng, &mut words));
                }
                s.push('\n');
            }
            1 => {
                for i in 1..=3 {
                    let _ = writeln!(s, "{i}. {}", sentence(&mut rng, &mut words));
                }
                s.push('\n');
            }
            2 => {
                s.push_str("| Hvornår | Hvad | Hvem |\n|---|---|---|\n");
                for _ in 0..4 {
                    let _ = writeln!(
                        s,
                        "| {} | {} {} | {} |",
                        rng.pick(WORDS),
                        rng.pick(VERBS),
                        rng.pick(WORDS),
                        rng.pick(WORDS)
                    );
                    words += 4;
                }
                s.push('\n');
            }
            _ => {
                let _ = writeln!(s, "### {}\n", rng.pick(HEADINGS));
                let _ = writeln!(s, "{}\n", paragraph(&mut rng, &mut words));
            }
        }
        // Links: the next module in this part, and one in the next part with an anchor.
        if section % 3 == 0 && total > 1 {
            let next = (m + 1) % total;
            let _ = writeln!(
                s,
                "Læs også [{}]({}), og se {}.\n",
                rng.pick(WORDS),
                link(m, next, None),
                rng.pick(WORDS)
            );
        }
        if section % 3 == 1 && total > MODULES_PER_PART {
            let other = (m + MODULES_PER_PART + rng.below(MODULES_PER_PART)) % total;
            let target_anchor = anchor(&format!("{} 1", HEADINGS[0]));
            let _ = writeln!(
                s,
                "Sammenlign med [{}]({}).\n",
                rng.pick(WORDS),
                link(m, other, Some(&target_anchor)),
            );
            let _ = part;
        }
        section += 1;
    }
    s
}

/// A relative link from module `from` to module `to`'s source file.
fn link(from: usize, to: usize, anchor: Option<&str>) -> String {
    let (pf, pt) = (from / MODULES_PER_PART, to / MODULES_PER_PART);
    let mut l = if pf == pt {
        format!("{}.md", module_slug(to))
    } else {
        format!("../{}/{}.md", part_slug(pt), module_slug(to))
    };
    if let Some(a) = anchor {
        l.push('#');
        l.push_str(a);
    }
    l
}

/// Write a course of `modules` modules into `dir` (created if missing).
pub fn write_course(dir: &Path, modules: usize) -> io::Result<()> {
    std::fs::create_dir_all(dir.join("content"))?;
    std::fs::create_dir_all(dir.join("exercises"))?;
    std::fs::write(
        dir.join("course.yaml"),
        format!(
            "title: Syntetisk kursus\nsubtitle: {modules} moduler til måling af hastighed\nlanguage: da\ntheme: default\n"
        ),
    )?;
    let parts = modules.div_ceil(MODULES_PER_PART);
    for p in 0..parts {
        let part_dir = dir.join("content").join(part_slug(p));
        std::fs::create_dir_all(&part_dir)?;
        let mut rng = Rng(0xA076_1D64_78BD_642F ^ (p as u64 + 1));
        let mut words = 0;
        std::fs::write(
            part_dir.join("_index.md"),
            format!(
                "---\ntitle: Del {} om {}\norder: {}\nsummary: {}\n---\n\n{}\n",
                p + 1,
                rng.pick(WORDS),
                p + 1,
                sentence(&mut rng, &mut words),
                paragraph(&mut rng, &mut words)
            ),
        )?;
    }
    for m in 0..modules {
        std::fs::write(dir.join(module_path(m)), module_source(m, modules))?;
    }
    Ok(())
}
