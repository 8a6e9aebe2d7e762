//! Slide decks for the trainer edition: one per module, written to
//! `slides/<part>/<module>.html`.
//!
//! A deck is a title slide (title, duration, objectives), the author's
//! slides and one slide per embedded exercise in the order the module gives
//! them, and a closing slide with the module's reflection questions. The
//! sources come from [`crate::slides::scan`]; this module renders them and
//! resolves their links for the deck's own address.

use std::collections::HashMap;
use std::path::Path;

use super::views::{Deck, DeckModule, Slide, SlideAnswer, SlideQuestion};

use crate::content::Module;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::escape::html as escape_html;
use crate::exercises::LoadedExercise;
use crate::exercises::schema::{Question, QuestionType};
use crate::i18n::Strings;
use crate::links::LinkIndex;
use crate::markdown::MarkdownRenderer;
use crate::route::{Route, relative};
use crate::slides::{Item, Scan, Text};
use crate::yaml::Seg::{Index, Key};

/// Root-relative URL of a module's deck.
pub fn deck_url(part: &str, module: &str) -> String {
    Route::Deck { part, module }.url()
}

/// What a deck is made from.
pub(super) struct DeckInput<'a> {
    pub md: &'a MarkdownRenderer<'a>,
    pub strings: &'a Strings,
    pub index: &'a LinkIndex,
    pub exercises: &'a HashMap<&'a str, &'a LoadedExercise>,
}

/// Render one module's deck as the template's `deck` value.
pub(super) fn deck(
    input: &DeckInput,
    module: &Module,
    part_title: &str,
    scan: &Scan,
    diags: &mut Diagnostics,
) -> Deck {
    let part = module.id.split('/').next().unwrap_or("");
    let url = deck_url(part, &module.slug);
    let file = module.doc.path.as_path();
    let mut r = Renderer {
        input,
        url: &url,
        n: 0,
    };
    let meta = &module.doc.meta;
    let objectives: Vec<String> = meta.objectives.iter().map(|o| o.text.clone()).collect();
    let mut slides = vec![Slide::Title {
        title: meta.title.clone(),
        part: part_title.to_string(),
        summary: meta.summary.clone(),
        duration: meta.duration,
        objectives: objectives.clone(),
    }];
    for item in &scan.items {
        match item {
            Item::Slide(s) => {
                let html = r.text(&s.body, file, diags, true);
                let notes: Vec<String> = s
                    .notes
                    .iter()
                    .map(|n| r.text(n, file, diags, false))
                    .collect();
                slides.push(Slide::Content {
                    html,
                    notes: notes.join("\n"),
                });
            }
            Item::Exercise(e) => {
                let Some(ex) = input.exercises.get(e.id.as_str()) else {
                    // The module page reports an unknown exercise.
                    continue;
                };
                let mut slide = r.exercise(ex);
                let notes: Vec<String> = e
                    .notes
                    .iter()
                    .map(|n| r.text(n, file, diags, false))
                    .collect();
                if let Slide::Exercise { notes: own, .. } = &mut slide {
                    own.push_str(&notes.join("\n"));
                }
                slides.push(slide);
            }
        }
    }
    let reflections: Vec<String> = scan
        .reflections
        .iter()
        .map(|t| r.text(t, file, diags, false))
        .collect();
    slides.push(Slide::Closing {
        title: meta.title.clone(),
        reflections,
        objectives,
    });
    Deck {
        module: DeckModule {
            id: module.id.clone(),
            title: meta.title.clone(),
            duration: meta.duration,
            url: relative(
                &url,
                &Route::Module {
                    part,
                    module: &module.slug,
                }
                .url(),
            ),
        },
        url,
        part: part_title.to_string(),
        slides,
    }
}

struct Renderer<'a> {
    input: &'a DeckInput<'a>,
    url: &'a str,
    /// Renderings so far, to keep element ids unique on the deck page.
    n: usize,
}

impl Renderer<'_> {
    /// Render author Markdown from the module (its problems are reported).
    fn text(&mut self, t: &Text, file: &Path, diags: &mut Diagnostics, slide: bool) -> String {
        let r = self.input.md.render(&t.markdown, file, t.line);
        diags.extend(r.diagnostics.iter().cloned());
        if let Some(e) = r.embeds.first() {
            diags.push(
                Diagnostic::error(file, t!("slides.embed"))
                    .at(e.line, 1)
                    .help(t!("slides.embed_help")),
            );
        }
        self.n += 1;
        let idp = format!("d{}-", self.n);
        let html = super::resolve::finish(&r, file, self.url, &idp, self.input.index, diags);
        if slide {
            html
        } else {
            html.replace("<h1", "<h3").replace("</h1>", "</h3>")
        }
    }

    /// Render exercise text; its problems were reported with the exercise already.
    fn ex_text(
        &mut self,
        ex: &LoadedExercise,
        text: &str,
        at: &[crate::yaml::Seg],
        inline: bool,
    ) -> String {
        let line = crate::yaml::locate(&ex.text, at).map_or(1, |p| p.line);
        let r = if inline {
            self.input.md.render_inline(text, &ex.path, line)
        } else {
            self.input.md.render(text, &ex.path, line)
        };
        let mut ignored = Diagnostics::new();
        self.n += 1;
        let idp = format!("d{}-", self.n);
        super::resolve::finish(&r, &ex.path, self.url, &idp, self.input.index, &mut ignored)
    }

    /// The case, then each question with its answer (revealed one by one when presenting).
    fn exercise(&mut self, ex: &LoadedExercise) -> Slide {
        let t = self.input.strings;
        let spec = &ex.spec;
        let scenario = spec
            .scenario
            .as_ref()
            .map(|s| self.ex_text(ex, s, &[Key("scenario")], false));
        let mut notes = String::new();
        let mut questions = Vec::new();
        for (qi, q) in spec.questions.iter().enumerate() {
            let prompt = self.ex_text(
                ex,
                &q.prompt,
                &[Key("questions"), Index(qi), Key("prompt")],
                true,
            );
            let answer = self.answer(ex, qi, q);
            if let Some(e) = &q.explanation {
                let e = self.ex_text(
                    ex,
                    e,
                    &[Key("questions"), Index(qi), Key("explanation")],
                    false,
                );
                notes.push_str(&format!(
                    "<p><strong>{} {}</strong></p>\n{e}",
                    escape_html(t.get("question")),
                    qi + 1
                ));
            }
            questions.push(SlideQuestion {
                prompt,
                answer,
                reflection: q.kind == QuestionType::Reflection,
                scale: q.kind == QuestionType::Scale,
            });
        }
        Slide::Exercise {
            id: spec.id.clone(),
            title: spec.title.clone(),
            scenario,
            duration: spec.duration,
            questions,
            notes,
            url: relative(self.url, &Route::Exercise { id: &spec.id }.url()),
        }
    }

    /// A question's answer as `{label, ordered, items}`; none for reflection questions.
    fn answer(&mut self, ex: &LoadedExercise, qi: usize, q: &Question) -> Option<SlideAnswer> {
        let t = self.input.strings;
        let at = |k: &'static str, i: usize| [Key("questions"), Index(qi), Key(k), Index(i)];
        let (label, ordered, items): (&str, bool, Vec<String>) = match q.kind {
            QuestionType::Single | QuestionType::Multiple | QuestionType::Truefalse => {
                let items = q
                    .options
                    .iter()
                    .flatten()
                    .enumerate()
                    .filter(|(_, o)| o.correct)
                    .map(|(oi, o)| {
                        let mut path = at("options", oi).to_vec();
                        path.push(Key("text"));
                        self.ex_text(ex, &o.text, &path, true)
                    })
                    .collect();
                ("correct_answer", false, items)
            }
            QuestionType::Order => {
                let items = q
                    .items
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, it)| self.ex_text(ex, it, &at("items", i), true))
                    .collect();
                ("correct_answer", true, items)
            }
            QuestionType::Match => {
                let items = q
                    .pairs
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(pi, p)| {
                        let mut path = at("pairs", pi).to_vec();
                        path.push(Key("left"));
                        let left = self.ex_text(ex, &p.left, &path, true);
                        format!("{left} → <strong>{}</strong>", escape_html(&p.right))
                    })
                    .collect();
                ("correct_answer", false, items)
            }
            QuestionType::Text => {
                let items = q.answers.iter().flatten().map(|a| escape_html(a)).collect();
                ("accepted_answers", false, items)
            }
            QuestionType::Reflection | QuestionType::Scale => return None,
            QuestionType::Branching => {
                let path = good_path(q);
                if path.is_empty() {
                    return None;
                }
                let items = path
                    .into_iter()
                    .map(|(ni, si, text)| {
                        self.ex_text(
                            ex,
                            text,
                            &crate::exercises::choice_at(qi, ni, si, "text"),
                            true,
                        )
                    })
                    .collect();
                ("slides_good_path", true, items)
            }
        };
        Some(SlideAnswer {
            label: t.get(label).to_string(),
            ordered,
            items,
        })
    }
}

/// The shortest run of choices from the start of a conversation to a good
/// ending (node index, choice index, choice text); empty when there is none.
fn good_path(q: &Question) -> Vec<(usize, usize, &str)> {
    use crate::exercises::schema::Outcome;
    let nodes = q.nodes.as_deref().unwrap_or_default();
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    // Breadth first: the first good ending reached is one of the nearest.
    let mut came_from: Vec<Option<(usize, usize)>> = vec![None; nodes.len()];
    let mut seen = vec![false; nodes.len()];
    let mut queue = std::collections::VecDeque::new();
    if !nodes.is_empty() {
        seen[0] = true;
        queue.push_back(0);
    }
    while let Some(ni) = queue.pop_front() {
        if nodes[ni].outcome == Some(Outcome::Good) {
            let mut path = Vec::new();
            let mut at = ni;
            while let Some((from, si)) = came_from[at] {
                path.push((from, si, nodes[from].choices[si].text.as_str()));
                at = from;
            }
            path.reverse();
            return path;
        }
        for (si, step) in nodes[ni].choices.iter().enumerate() {
            if let Some(&next) = index.get(step.next.as_str())
                && !seen[next]
            {
                seen[next] = true;
                came_from[next] = Some((ni, si));
                queue.push_back(next);
            }
        }
    }
    Vec::new()
}
