//! What the quiz templates get: a validated exercise with every Markdown field
//! turned into HTML (through [`Fields`]), its questions numbered, shuffled and
//! given page-unique ids. One view struct per kind of question; the templates
//! in `themes/default/templates/quiz/` turn them into markup ([`super::render`]).

use serde::Serialize;

use super::fields::Fields;
use super::schema::Question;
use super::valid::{ChoiceMode, Kind, Turn, ValidExercise, ValidQuestion};
use super::{choice_at, node_at};
use crate::yaml::Seg::{self, Index, Key};

/// An exercise ready for its templates.
#[derive(Debug, Clone, Serialize)]
pub struct ExerciseView {
    pub id: String,
    pub title: String,
    /// Number of scored questions (all but reflection and scale).
    pub scored: usize,
    /// The pass mark in percent, if the exercise has one (`pass:`).
    pub pass: Option<u32>,
    /// A pool: how many of the questions each attempt shows (`pick:`).
    pub pick: Option<usize>,
    /// Some question is a `scale` (the exercise says once that it is not scored).
    pub has_scale: bool,
    /// `before` or `after` for a self-assessment (`selfassessment:`).
    pub selfassessment: Option<&'static str>,
    /// The case, as HTML.
    pub scenario: Option<String>,
    pub questions: Vec<QuestionView>,
    /// Plain text of the case and the questions, for the search index.
    #[serde(skip)]
    pub text: String,
}

/// One question: what every kind shows, then its kind's own fields.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub id: String,
    /// The page-unique part of the question's element ids (`e1a2b3cq0`).
    pub dom: String,
    /// Its number in the exercise, from 1, and how many questions there are.
    pub number: usize,
    pub total: usize,
    /// Changes whenever the question does, so stored answers of an edited question are dropped.
    pub version: String,
    /// The type as written in YAML (`single`, `truefalse`, …).
    #[serde(rename = "type")]
    pub question_type: &'static str,
    /// Which template shows it: `choice`, `order`, `match`, `text`, `reflection`, `branching` or `scale`.
    pub kind: &'static str,
    /// HTML (inline).
    pub prompt: String,
    /// HTML.
    pub hint: Option<String>,
    /// HTML.
    pub explanation: Option<String>,
    /// The script shows the options (or choices) in an order drawn per learner.
    pub shuffle: bool,
    #[serde(flatten)]
    pub body: BodyView,
}

/// The fields of each kind of question.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum BodyView {
    Choice(ChoiceView),
    Order(OrderView),
    Match(MatchView),
    Text(TextView),
    Reflection(ReflectionView),
    Branching(BranchingView),
    Scale(ScaleView),
}

/// single, multiple and truefalse.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceView {
    /// `radio` or `checkbox`.
    pub input: &'static str,
    pub options: Vec<OptionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    /// Its position from 0, the value of its input.
    pub value: usize,
    /// `A`, `B`, … as the answer key names it.
    pub letter: String,
    /// HTML (inline).
    pub text: String,
    pub correct: bool,
    /// HTML.
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderView {
    /// HTML (inline), in the correct order.
    pub items: Vec<String>,
    /// The items as first shown: shuffled, never in the correct order.
    pub shuffled: Vec<OrderItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderItem {
    /// Its place in the correct order, from 0.
    pub pos: usize,
    /// HTML (inline).
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatchView {
    pub rows: Vec<MatchRow>,
    /// The distinct right-hand texts, shuffled, as the choices of every row.
    pub choices: Vec<MatchChoice>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatchRow {
    /// From 0, and from 1 as shown.
    pub index: usize,
    pub number: usize,
    /// HTML (inline).
    pub left: String,
    /// Plain text of the right item it belongs to.
    pub right: String,
    /// The `value` of the right choice.
    pub answer: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatchChoice {
    pub value: usize,
    /// Plain text.
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    /// Plain text.
    pub answers: Vec<String>,
    /// The answers as a JSON array, for the script.
    pub answers_json: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReflectionView {}

/// A statement rated on a scale; never scored.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleView {
    pub points: Vec<ScalePoint>,
}

/// One point of a scale.
#[derive(Debug, Clone, Serialize)]
pub struct ScalePoint {
    /// From 1, the value of its radio button.
    pub value: u32,
    /// Plain text, if the author labelled the points; without labels the
    /// templates name the two ends from the interface strings.
    pub label: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BranchingView {
    /// The id of the first node.
    pub start: String,
    pub nodes: Vec<NodeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeView {
    /// From 1, as shown ("Trin 2").
    pub number: usize,
    pub id: String,
    /// HTML.
    pub text: String,
    /// `good`, `mixed` or `poor` on an ending.
    pub outcome: Option<&'static str>,
    /// Empty on an ending.
    pub choices: Vec<StepView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// HTML (inline).
    pub text: String,
    /// The id of the node it leads to, and that node's number.
    pub next: String,
    pub to: usize,
    /// HTML.
    pub feedback: Option<String>,
}

impl ExerciseView {
    /// The scored questions one attempt shows: all of them, or at most `pick`
    /// of a pool (what the course's completion rule counts).
    pub fn scored_shown(&self) -> usize {
        self.pick.map_or(self.scored, |p| p.min(self.scored))
    }
}

/// Build the view of `ex`, turning its Markdown fields into HTML with `fields`.
pub fn view(ex: &ValidExercise, fields: &mut dyn Fields) -> ExerciseView {
    let mut b = Builder {
        ex,
        fields,
        text: String::new(),
    };
    b.text.push_str(ex.title());
    b.text.push('\n');
    let scenario = ex.scenario().map(|s| {
        let html = b.block(s, &[Key("scenario")]);
        b.text.push_str(s);
        b.text.push('\n');
        html
    });
    let total = ex.questions.len();
    let questions = ex
        .questions
        .iter()
        .enumerate()
        .map(|(qi, q)| b.question(qi, q, total))
        .collect();
    ExerciseView {
        id: ex.id().to_string(),
        title: ex.title().to_string(),
        scored: ex
            .questions
            .iter()
            .filter(|q| q.kind.question_type().is_scored())
            .count(),
        pass: ex.source.spec.pass,
        pick: ex.source.spec.pick.map(|p| p as usize),
        has_scale: ex
            .questions
            .iter()
            .any(|q| matches!(q.kind, super::valid::Kind::Scale { .. })),
        selfassessment: ex.source.spec.selfassessment.map(|w| w.name()),
        scenario,
        questions,
        text: b.text,
    }
}

struct Builder<'a> {
    ex: &'a ValidExercise,
    fields: &'a mut dyn Fields,
    text: String,
}

impl Builder<'_> {
    fn line(&self, path: &[Seg]) -> usize {
        self.ex
            .source
            .locator
            .locate(&self.ex.source.text, path)
            .map_or(1, |p| p.line)
    }

    fn block(&mut self, src: &str, path: &[Seg]) -> String {
        let line = self.line(path);
        self.fields.block(src, line)
    }

    fn inline(&mut self, src: &str, path: &[Seg]) -> String {
        let line = self.line(path);
        self.fields.inline(src, line)
    }

    /// Add a field's source text to the search text.
    fn search(&mut self, src: &str) {
        self.text.push_str(src);
        self.text.push('\n');
    }

    fn question(&mut self, qi: usize, q: &ValidQuestion, total: usize) -> QuestionView {
        let at = |k: &'static str| [Key("questions"), Index(qi), Key(k)];
        let id = self.ex.id();
        let prompt = self.inline(&q.prompt, &at("prompt"));
        self.search(&q.prompt);
        let body = match &q.kind {
            Kind::Choice { mode, options } => {
                let mut views = Vec::with_capacity(options.len());
                for (oi, o) in options.iter().enumerate() {
                    let at = |k| {
                        [
                            Key("questions"),
                            Index(qi),
                            Key("options"),
                            Index(oi),
                            Key(k),
                        ]
                    };
                    let text = self.inline(&o.text, &at("text"));
                    self.search(&o.text);
                    let feedback = o.feedback.as_ref().map(|f| self.block(f, &at("feedback")));
                    views.push(OptionView {
                        value: oi,
                        letter: letter(oi),
                        text,
                        correct: o.correct,
                        feedback,
                    });
                }
                BodyView::Choice(ChoiceView {
                    input: match mode {
                        ChoiceMode::Multiple => "checkbox",
                        ChoiceMode::Single | ChoiceMode::Truefalse => "radio",
                    },
                    options: views,
                })
            }
            Kind::Order { items } => {
                let html: Vec<String> = items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        self.inline(it, &[Key("questions"), Index(qi), Key("items"), Index(i)])
                    })
                    .collect();
                for it in items {
                    self.search(it);
                }
                let shuffled = shuffled(items.len(), &format!("{id}/{}", q.id))
                    .into_iter()
                    .map(|pos| OrderItem {
                        pos,
                        text: html[pos].clone(),
                    })
                    .collect();
                BodyView::Order(OrderView {
                    items: html,
                    shuffled,
                })
            }
            Kind::Match { pairs } => {
                let mut rights: Vec<&str> = Vec::new();
                for p in pairs {
                    if !rights.contains(&p.right.as_str()) {
                        rights.push(&p.right);
                    }
                }
                let choices = shuffled(rights.len(), &format!("{id}/{}/r", q.id))
                    .into_iter()
                    .map(|value| MatchChoice {
                        value,
                        label: rights[value].to_string(),
                    })
                    .collect();
                let mut rows = Vec::with_capacity(pairs.len());
                for (pi, p) in pairs.iter().enumerate() {
                    let left = self.inline(
                        &p.left,
                        &[
                            Key("questions"),
                            Index(qi),
                            Key("pairs"),
                            Index(pi),
                            Key("left"),
                        ],
                    );
                    self.search(&p.left);
                    rows.push(MatchRow {
                        index: pi,
                        number: pi + 1,
                        left,
                        right: p.right.clone(),
                        answer: rights.iter().position(|r| *r == p.right).unwrap_or(0),
                    });
                }
                BodyView::Match(MatchView { rows, choices })
            }
            Kind::Text { answers } => BodyView::Text(TextView {
                answers: answers.clone(),
                answers_json: serde_json::to_string(answers).unwrap_or_else(|_| "[]".into()),
            }),
            Kind::Reflection => BodyView::Reflection(ReflectionView {}),
            Kind::Scale { points, labels } => BodyView::Scale(ScaleView {
                points: (1..=*points)
                    .map(|value| ScalePoint {
                        value,
                        label: labels
                            .as_ref()
                            .and_then(|l| l.get(value as usize - 1))
                            .map(|l| l.trim().to_string()),
                    })
                    .collect(),
            }),
            Kind::Branching { nodes } => {
                let mut views = Vec::with_capacity(nodes.len());
                for (ni, n) in nodes.iter().enumerate() {
                    let text = self.block(&n.text, &node_at(qi, ni, "text"));
                    let (outcome, choices) = match &n.turn {
                        Turn::Ending(o) => (Some(o.name()), Vec::new()),
                        Turn::Choices(steps) => {
                            let mut choices = Vec::with_capacity(steps.len());
                            for (si, s) in steps.iter().enumerate() {
                                let text = self.inline(&s.text, &choice_at(qi, ni, si, "text"));
                                let feedback = s
                                    .feedback
                                    .as_ref()
                                    .map(|f| self.block(f, &choice_at(qi, ni, si, "feedback")));
                                self.search(&s.text);
                                choices.push(StepView {
                                    text,
                                    next: s.next.clone(),
                                    to: s.to + 1,
                                    feedback,
                                });
                            }
                            (None, choices)
                        }
                    };
                    self.search(&n.text);
                    views.push(NodeView {
                        number: ni + 1,
                        id: n.id.clone(),
                        text,
                        outcome,
                        choices,
                    });
                }
                BodyView::Branching(BranchingView {
                    start: nodes.first().map(|n| n.id.clone()).unwrap_or_default(),
                    nodes: views,
                })
            }
        };
        let hint = q.hint.as_ref().map(|h| self.block(h, &at("hint")));
        let explanation = q
            .explanation
            .as_ref()
            .map(|e| self.block(e, &at("explanation")));
        let question_type = q.kind.question_type();
        QuestionView {
            id: q.id.clone(),
            dom: dom_id(id, qi),
            number: qi + 1,
            total,
            version: self.ex.raw(qi).map(version).unwrap_or_default(),
            question_type: question_type.name(),
            kind: match body {
                BodyView::Choice(_) => "choice",
                BodyView::Order(_) => "order",
                BodyView::Match(_) => "match",
                BodyView::Text(_) => "text",
                BodyView::Reflection(_) => "reflection",
                BodyView::Branching(_) => "branching",
                BodyView::Scale(_) => "scale",
            },
            prompt,
            hint,
            explanation,
            shuffle: q.shuffle,
            body,
        }
    }
}

/// A short stable hash of a question as written, so stored answers of an edited question are dropped.
pub fn version(q: &Question) -> String {
    let json = serde_json::to_string(q).unwrap_or_default();
    format!("{:08x}", fnv1a(json.as_bytes()) as u32)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// A deterministic shuffle of `0..n` that differs from the identity when n > 1.
fn shuffled(n: usize, seed: &str) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    let mut state = fnv1a(seed.as_bytes()) | 1;
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        idx.swap(i, j);
    }
    if n > 1 && idx.iter().enumerate().all(|(i, &v)| i == v) {
        idx.rotate_left(1);
    }
    idx
}

/// Short, page-unique element ids: a hash of the exercise id and the question's number.
fn dom_id(ex_id: &str, qi: usize) -> String {
    format!("e{:06x}q{qi}", fnv1a(ex_id.as_bytes()) as u32 & 0xff_ffff)
}

/// Letters that name options in the answer key ("A", "B", …).
fn letter(i: usize) -> String {
    let mut n = i;
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (n % 26) as u8) as char);
        if n < 26 {
            return s;
        }
        n = n / 26 - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffle_is_stable_and_never_the_identity() {
        assert_eq!(shuffled(4, "a/b"), shuffled(4, "a/b"));
        for seed in ["x", "y", "z", "w"] {
            let s = shuffled(3, seed);
            assert_ne!(s, vec![0, 1, 2]);
            let mut sorted = s.clone();
            sorted.sort();
            assert_eq!(sorted, vec![0, 1, 2]);
        }
    }

    #[test]
    fn letters_go_on_after_z() {
        assert_eq!(
            [0, 1, 25, 26, 27, 701, 702].map(letter),
            ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]
        );
    }
}
