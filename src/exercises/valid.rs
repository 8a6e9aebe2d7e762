//! Exercises after validation, typed: each question is one variant per kind
//! of question holding exactly that kind's fields, so renderers never check an
//! optional field again. Only an exercise without errors is converted; the
//! raw file ([`LoadedExercise`]) stays beside it for YAML positions and for
//! the version hash of each question.

use std::collections::HashMap;

use super::LoadedExercise;
use super::schema::{self, Outcome, Pair, Question, QuestionType};

/// An exercise that passed validation.
#[derive(Debug, Clone)]
pub struct ValidExercise {
    /// The file as loaded: its path and text (for positions) and raw data.
    pub source: LoadedExercise,
    /// The questions in file order; `questions[i]` is `source.spec.questions[i]`.
    pub questions: Vec<ValidQuestion>,
}

impl ValidExercise {
    pub fn id(&self) -> &str {
        &self.source.spec.id
    }

    pub fn title(&self) -> &str {
        &self.source.spec.title
    }

    /// The case, in Markdown.
    pub fn scenario(&self) -> Option<&str> {
        self.source.spec.scenario.as_deref()
    }

    /// The raw question `i` as written in the file.
    pub fn raw(&self, i: usize) -> Option<&Question> {
        self.source.spec.questions.get(i)
    }

    /// Convert a loaded exercise whose validation found no errors; `None` if a
    /// question lacks the key of its type (which validation reports as an error).
    pub fn from_loaded(source: &LoadedExercise) -> Option<ValidExercise> {
        let questions = source
            .spec
            .questions
            .iter()
            .map(ValidQuestion::from_raw)
            .collect::<Option<Vec<_>>>()?;
        Some(ValidExercise {
            source: source.clone(),
            questions,
        })
    }
}

/// One validated question: what every kind has, and its kind with its fields.
#[derive(Debug, Clone)]
pub struct ValidQuestion {
    pub id: String,
    /// Markdown, shown inline.
    pub prompt: String,
    pub objectives: Vec<String>,
    pub hint: Option<String>,
    /// Shown after answering, whatever the answer.
    pub explanation: Option<String>,
    /// The page draws the order of its options (or choices) per learner.
    pub shuffle: bool,
    pub kind: Kind,
}

/// How a choice question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceMode {
    /// One right option (radio buttons).
    Single,
    /// Any number of right options, at least one (check boxes).
    Multiple,
    /// Two options, one right (radio buttons).
    Truefalse,
}

/// The kinds of question, each with exactly its own fields.
#[derive(Debug, Clone)]
pub enum Kind {
    Choice {
        mode: ChoiceMode,
        options: Vec<schema::Choice>,
    },
    /// The items in their correct order.
    Order { items: Vec<String> },
    /// Each left item with the right item it belongs to.
    Match { pairs: Vec<Pair> },
    /// Accepted answers, compared without case and extra spaces.
    Text { answers: Vec<String> },
    /// Never scored.
    Reflection,
    /// A conversation; the first node is the start.
    Branching { nodes: Vec<Node> },
    /// A statement rated on a scale of `points` points (from 1); never scored.
    /// `labels` has one label per point, lowest first, when the author wrote them.
    Scale {
        points: u32,
        labels: Option<Vec<String>>,
    },
}

/// The points of a scale question as written: `points`, else as many as
/// `labels`, else 5.
pub fn scale_points(q: &Question) -> u32 {
    q.points
        .or_else(|| q.labels.as_ref().map(|l| l.len() as u32))
        .unwrap_or(DEFAULT_SCALE_POINTS)
}

/// A scale without `points` or `labels` has this many points.
pub const DEFAULT_SCALE_POINTS: u32 = 5;

/// A node of a branching conversation.
#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    /// Markdown.
    pub text: String,
    pub turn: Turn,
}

/// What follows a node: the reader's choices, or the end of the conversation.
#[derive(Debug, Clone)]
pub enum Turn {
    Choices(Vec<Step>),
    Ending(Outcome),
}

/// A choice in a branching node and the node it leads to.
#[derive(Debug, Clone)]
pub struct Step {
    /// Markdown, shown inline.
    pub text: String,
    /// The id of the next node, as written.
    pub next: String,
    /// The position of the next node in the conversation (from 0).
    pub to: usize,
    pub feedback: Option<String>,
}

impl Kind {
    /// The question type as written in YAML.
    pub fn question_type(&self) -> QuestionType {
        match self {
            Kind::Choice { mode, .. } => match mode {
                ChoiceMode::Single => QuestionType::Single,
                ChoiceMode::Multiple => QuestionType::Multiple,
                ChoiceMode::Truefalse => QuestionType::Truefalse,
            },
            Kind::Order { .. } => QuestionType::Order,
            Kind::Match { .. } => QuestionType::Match,
            Kind::Text { .. } => QuestionType::Text,
            Kind::Reflection => QuestionType::Reflection,
            Kind::Branching { .. } => QuestionType::Branching,
            Kind::Scale { .. } => QuestionType::Scale,
        }
    }
}

impl ValidQuestion {
    /// The typed question, or `None` when the raw one lacks the key of its
    /// type, names a node that does not exist or has a node that is neither a
    /// step nor an ending (all reported by validation).
    pub fn from_raw(q: &Question) -> Option<ValidQuestion> {
        let choice = |mode| {
            q.options
                .clone()
                .map(|options| Kind::Choice { mode, options })
        };
        let kind = match q.kind {
            QuestionType::Single => choice(ChoiceMode::Single)?,
            QuestionType::Multiple => choice(ChoiceMode::Multiple)?,
            QuestionType::Truefalse => choice(ChoiceMode::Truefalse)?,
            QuestionType::Order => Kind::Order {
                items: q.items.clone()?,
            },
            QuestionType::Match => Kind::Match {
                pairs: q.pairs.clone()?,
            },
            QuestionType::Text => Kind::Text {
                answers: q.answers.clone()?,
            },
            QuestionType::Reflection => Kind::Reflection,
            QuestionType::Branching => Kind::Branching {
                nodes: nodes(q.nodes.as_deref()?)?,
            },
            QuestionType::Scale => Kind::Scale {
                points: scale_points(q),
                labels: q.labels.clone(),
            },
        };
        Some(ValidQuestion {
            id: q.id.clone(),
            prompt: q.prompt.clone(),
            objectives: q.objectives.clone(),
            hint: q.hint.clone(),
            explanation: q.explanation.clone(),
            shuffle: q.kind.can_shuffle() && q.shuffle != Some(false),
            kind,
        })
    }
}

fn nodes(raw: &[schema::Node]) -> Option<Vec<Node>> {
    let index: HashMap<&str, usize> = raw
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    raw.iter()
        .map(|n| {
            let turn = match (n.choices.is_empty(), n.outcome) {
                (true, Some(o)) => Turn::Ending(o),
                (false, None) => Turn::Choices(
                    n.choices
                        .iter()
                        .map(|s| {
                            Some(Step {
                                text: s.text.clone(),
                                next: s.next.clone(),
                                to: *index.get(s.next.as_str())?,
                                feedback: s.feedback.clone(),
                            })
                        })
                        .collect::<Option<Vec<_>>>()?,
                ),
                _ => return None,
            };
            Some(Node {
                id: n.id.clone(),
                text: n.text.clone(),
                turn,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::exercises::validate::{ModuleObjectives, validate};

    fn fixture(edit: impl Fn(String) -> String) -> LoadedExercise {
        let text =
            edit(include_str!("../../tests/fixtures/mini/exercises/alle-typer.yaml").to_string());
        let path = std::path::PathBuf::from("exercises/alle-typer.yaml");
        let spec = crate::yaml::parse(&text, &path, 1).expect("fixture parses");
        let locator = crate::yaml::Locator::new(&text);
        LoadedExercise {
            path,
            text,
            spec,
            locator,
        }
    }

    fn modules() -> ModuleObjectives {
        [
            ("grundlag/evner", &["se-evner"][..]),
            ("grundlag/samtalen", &["lyt", "spoerg"]),
            ("praksis/opfoelgning", &["foelg-op"]),
        ]
        .into_iter()
        .map(|(m, o)| (m.to_string(), o.iter().map(|s| s.to_string()).collect()))
        .collect()
    }

    #[test]
    fn every_question_becomes_its_own_variant() {
        let mut diags = Diagnostics::new();
        let valid = validate(&[fixture(|t| t)], &modules(), &mut diags);
        assert!(!diags.has_errors(), "{diags}");
        let [ex] = &valid[..] else {
            panic!("one valid exercise")
        };
        let types: Vec<&str> = ex
            .questions
            .iter()
            .map(|q| q.kind.question_type().name())
            .collect();
        let raw: Vec<&str> = ex
            .source
            .spec
            .questions
            .iter()
            .map(|q| q.kind.name())
            .collect();
        assert_eq!(types, raw);
        let Kind::Branching { nodes } = &ex.questions[7].kind else {
            panic!("branching")
        };
        let Turn::Choices(steps) = &nodes[0].turn else {
            panic!("the start has choices")
        };
        // `next: god` is the third node, `next: midt` the second.
        assert_eq!((steps[0].to, steps[1].to), (2, 1));
        assert!(matches!(nodes[3].turn, Turn::Ending(Outcome::Poor)));
        assert!(matches!(
            ex.questions[1].kind,
            Kind::Choice {
                mode: ChoiceMode::Multiple,
                ..
            }
        ));
        // Four labels make four points; a scale is never shuffled.
        let Kind::Scale { points, labels } = &ex.questions[8].kind else {
            panic!("scale")
        };
        assert_eq!(*points, 4);
        assert_eq!(labels.as_deref().map(<[String]>::len), Some(4));
        assert!(!ex.questions[8].shuffle);
    }

    #[test]
    fn an_exercise_with_an_error_is_not_converted_but_one_with_warnings_is() {
        let mut diags = Diagnostics::new();
        let broken =
            fixture(|t| t.replace("next: god\n            feedback: Evner.", "next: nowhere"));
        let warned = fixture(|t| t.replace("        feedback: Det ser på begrænsninger.\n", ""));
        let valid = validate(&[warned, broken], &modules(), &mut diags);
        // The broken copy also repeats the id: two errors, both on it.
        assert_eq!(diags.error_count(), 2, "{diags}");
        assert!(diags.warning_count() >= 1);
        assert_eq!(valid.len(), 1);
        let Kind::Choice { options, .. } = &valid[0].questions[0].kind else {
            panic!("single")
        };
        assert!(options[0].feedback.is_none());
    }

    #[test]
    fn a_question_without_its_key_is_not_converted() {
        let ex = fixture(|t| t.replace("    items: [Først, Så, Til sidst]\n", ""));
        assert!(ValidExercise::from_loaded(&ex).is_none());
        let ex = fixture(|t| t.replace("next: svag", "next: nowhere"));
        assert!(ValidExercise::from_loaded(&ex).is_none());
    }
}
