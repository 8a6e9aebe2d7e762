//! Slides written inside a module, read from its Markdown source.
//!
//! An author writes slides in a fenced block with the info string `dias`
//! (English: `slides`); slides are separated by a line `---`, and a line
//! `???` inside a slide starts its speaker notes. A trainer note (an
//! `underviser` block) right after a `dias` block adds to the notes of that
//! block's last slide; right after an `opgave` block, to the notes of that
//! exercise's slide. Reflection boxes (`refleksion`) are collected for the
//! deck's closing slide. Only top-level blocks count: the file stays plain
//! Markdown, and the module page never shows a `dias` block.
//!
//! This module only reads sources; `build::slides` renders the decks.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// Markdown with the file line its first line is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub markdown: String,
    pub line: usize,
}

/// One slide an author wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorSlide {
    pub body: Text,
    /// Speaker notes: the part after `???`, then trainer notes that follow the block.
    pub notes: Vec<Text>,
}

/// An exercise embedded in the module, with the trainer notes that follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseRef {
    pub id: String,
    pub line: usize,
    pub notes: Vec<Text>,
}

/// A slide of the deck in the order the module gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Slide(AuthorSlide),
    Exercise(ExerciseRef),
}

/// What a module's source holds for its deck.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Author slides and embedded exercises, in source order.
    pub items: Vec<Item>,
    /// The contents of the module's reflection boxes, for the closing slide.
    pub reflections: Vec<Text>,
}

impl Scan {
    /// The ids of the exercises the module embeds, in order (each once).
    pub fn exercises(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for item in &self.items {
            if let Item::Exercise(e) = item
                && !out.contains(&e.id.as_str())
            {
                out.push(&e.id);
            }
        }
        out
    }

    /// How many slides the author wrote.
    pub fn author_slides(&self) -> usize {
        self.items
            .iter()
            .filter(|i| matches!(i, Item::Slide(_)))
            .count()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    Slides,
    Embed,
    Trainer,
    Reflection,
    Other,
}

fn block_kind(info: &str) -> Block {
    use crate::markdown::{Callout, Special};
    match crate::markdown::special(info) {
        Some(Special::Slides) => Block::Slides,
        Some(Special::Embed) => Block::Embed,
        Some(Special::Callout(Callout::Trainer)) => Block::Trainer,
        Some(Special::Callout(Callout::Reflection)) => Block::Reflection,
        _ => Block::Other,
    }
}

/// Where trainer notes that come next belong.
#[derive(Clone, Copy)]
enum Attach {
    None,
    Item(usize),
}

/// Read the deck's sources from a module body that starts at file line `first_line`.
pub fn scan(body: &str, first_line: usize) -> Scan {
    // Everything a deck takes from a module is in fenced blocks, and a fence
    // is three backticks or tildes: without them there is nothing to parse.
    if !has_fence(body) {
        return Scan::default();
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1;
    let mut out = Scan::default();
    let mut depth = 0usize;
    let mut attach = Attach::None;
    let mut iter = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_GFM)
        .into_offset_iter()
        .peekable();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if depth == 0 => {
                let kind = block_kind(&info);
                let (content, content_line) = crate::markdown::fenced_text(&mut iter, line_of);
                let text = Text {
                    markdown: content,
                    line: content_line.unwrap_or(line_of(range.start) + 1),
                };
                attach = match kind {
                    Block::Slides => {
                        for slide in split_slides(&text) {
                            out.items.push(Item::Slide(slide));
                        }
                        match out.items.len() {
                            0 => Attach::None,
                            n => Attach::Item(n - 1),
                        }
                    }
                    Block::Embed => {
                        for (i, l) in text.markdown.lines().enumerate() {
                            if !l.trim().is_empty() {
                                out.items.push(Item::Exercise(ExerciseRef {
                                    id: l.trim().to_string(),
                                    line: text.line + i,
                                    notes: Vec::new(),
                                }));
                            }
                        }
                        match out.items.len() {
                            0 => Attach::None,
                            n => Attach::Item(n - 1),
                        }
                    }
                    Block::Trainer => {
                        if let Attach::Item(i) = attach {
                            match &mut out.items[i] {
                                Item::Slide(s) => s.notes.push(text),
                                Item::Exercise(e) => e.notes.push(text),
                            }
                        }
                        // Several trainer notes in a row all belong to the same slide.
                        attach
                    }
                    Block::Reflection => {
                        out.reflections.push(text);
                        Attach::None
                    }
                    Block::Other => Attach::None,
                }
            }
            Event::Start(_) => {
                if depth == 0 {
                    attach = Attach::None;
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 => attach = Attach::None,
            _ => {}
        }
    }
    out
}

/// Whether `body` has three backticks or tildes in a row anywhere.
fn has_fence(body: &str) -> bool {
    let b = body.as_bytes();
    memchr::memchr2_iter(b'`', b'~', b)
        .any(|i| matches!(b.get(i..i + 3), Some(&[x, y, z]) if x == y && y == z))
}

/// Split a slides block at lines `---` (outside fenced code) and each slide at `???`.
fn split_slides(block: &Text) -> Vec<AuthorSlide> {
    let mut slides = Vec::new();
    let mut current = String::new();
    let mut start = block.line;
    let mut notes: Option<(String, usize)> = None;
    let mut fence: Option<String> = None;
    let mut finish = |body: &mut String, notes: &mut Option<(String, usize)>, start: usize| {
        let n = notes.take();
        if !body.trim().is_empty() || n.as_ref().is_some_and(|(t, _)| !t.trim().is_empty()) {
            slides.push(AuthorSlide {
                body: Text {
                    markdown: std::mem::take(body),
                    line: start,
                },
                notes: n
                    .filter(|(t, _)| !t.trim().is_empty())
                    .map(|(markdown, line)| Text { markdown, line })
                    .into_iter()
                    .collect(),
            });
        }
        body.clear();
    };
    for (i, line) in block.markdown.lines().enumerate() {
        let file_line = block.line + i;
        let trimmed = line.trim();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str())
                && trimmed
                    .trim_start_matches(f.chars().next().unwrap_or('`'))
                    .is_empty()
            {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let c = trimmed.chars().next().unwrap_or('`');
            fence = Some(trimmed.chars().take_while(|x| *x == c).collect());
        } else if line.trim_end() == "---" {
            finish(&mut current, &mut notes, start);
            start = file_line + 1;
            continue;
        } else if trimmed == "???" && notes.is_none() {
            notes = Some((String::new(), file_line + 1));
            continue;
        }
        let target = match notes.as_mut() {
            Some((n, _)) => n,
            None => &mut current,
        };
        target.push_str(line);
        target.push('\n');
    }
    finish(&mut current, &mut notes, start);
    slides
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_three_backticks_or_tildes_make_a_fence() {
        assert!(!has_fence("Brug `kode`, ``mere`` og ~~streg~~ ~ `"));
        assert!(has_fence("Tekst\n\n```dias\n# A\n```\n"));
        assert!(has_fence("~~~underviser\nx\n~~~"));
        assert!(has_fence("``` "));
    }

    #[test]
    fn slides_split_at_rules_with_notes_and_lines() {
        let body = "Intro\n\n```dias\n## Første\n\n- a\n\n???\nSig hej.\n---\n## Anden\n```\n\n```underviser\nHusk tavlen.\n```\n";
        let s = scan(body, 10);
        assert_eq!(s.author_slides(), 2);
        let Item::Slide(first) = &s.items[0] else {
            panic!()
        };
        assert_eq!(first.body.line, 13);
        assert!(first.body.markdown.starts_with("## Første"));
        assert!(!first.body.markdown.contains("Sig hej"));
        assert_eq!(first.notes[0].markdown.trim(), "Sig hej.");
        assert_eq!(first.notes[0].line, 18);
        let Item::Slide(second) = &s.items[1] else {
            panic!()
        };
        assert_eq!(second.body.line, 20);
        assert_eq!(second.notes.len(), 1, "the trainer note after the block");
        assert_eq!(second.notes[0].markdown.trim(), "Husk tavlen.");
    }

    #[test]
    fn a_rule_inside_fenced_code_does_not_split() {
        let s = scan(
            "````dias\n## Kode\n```yaml\n---\ntitle: x\n```\n---\n## Næste\n````\n",
            1,
        );
        assert_eq!(s.author_slides(), 2);
    }

    #[test]
    fn embeds_notes_and_reflections_in_order() {
        let body = "```opgave\nmette\n```\n\n```underviser\nDel holdet.\n```\n\nTekst\n\n```underviser\nIkke en note til opgaven.\n```\n\n```refleksion\nHvad tager du med?\n```\n\n```opgave\nmette\njens\n```\n";
        let s = scan(body, 1);
        assert_eq!(s.exercises(), ["mette", "jens"]);
        let Item::Exercise(e) = &s.items[0] else {
            panic!()
        };
        assert_eq!(e.notes.len(), 1);
        assert_eq!(e.notes[0].markdown.trim(), "Del holdet.");
        assert_eq!(s.reflections[0].markdown.trim(), "Hvad tager du med?");
        assert_eq!(s.reflections[0].line, 16);
    }

    #[test]
    fn blocks_inside_quotes_and_empty_slides_are_not_slides() {
        let s = scan(
            "> ```dias\n> ## Nej\n> ```\n\n```slides\n---\n\n---\n## Ja\n---\n```\n",
            1,
        );
        assert_eq!(s.author_slides(), 1);
    }
}
