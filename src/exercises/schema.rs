//! The exercise file format (`exercises/<id>.yaml`), as typed data.
//!
//! Every struct denies unknown keys so a misspelt key is an error with its
//! line, not a silently ignored field. Which keys a question may use depends
//! on its `type`; that is checked in [`super::validate`].

use serde::{Deserialize, Serialize};

/// One exercise: a case (scenario) and the questions about it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Unique; the file name without `.yaml`, used in URLs and embeds.
    pub id: String,
    pub title: String,
    /// Module ids (`part/slug`) the exercise trains.
    #[serde(default)]
    pub modules: Vec<String>,
    /// The case, in Markdown.
    #[serde(default)]
    pub scenario: Option<String>,
    /// Minutes the exercise takes on a training day (for the day plan).
    #[serde(default)]
    pub duration: Option<u32>,
    /// The pass mark in percent of the scored questions shown.
    #[serde(default)]
    pub pass: Option<u32>,
    /// A pool: each attempt shows this many of the questions, drawn per learner.
    #[serde(default)]
    pub pick: Option<u32>,
    /// A self-assessment asked before or after a module or the course: its
    /// `scale` questions are matched by id with those of the other side.
    #[serde(default)]
    pub selfassessment: Option<When>,
    pub questions: Vec<Question>,
}

/// Which side of a before/after self-assessment an exercise is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum When {
    Before,
    After,
}

impl When {
    /// The name as written in YAML.
    pub fn name(self) -> &'static str {
        match self {
            When::Before => "before",
            When::After => "after",
        }
    }

    /// The other side.
    pub fn other(self) -> When {
        match self {
            When::Before => When::After,
            When::After => When::Before,
        }
    }
}

/// The kinds of question a trainer can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionType {
    Single,
    Multiple,
    Truefalse,
    Order,
    Match,
    Text,
    Reflection,
    Branching,
    Scale,
}

impl QuestionType {
    /// The name as written in YAML.
    pub fn name(self) -> &'static str {
        match self {
            QuestionType::Single => "single",
            QuestionType::Multiple => "multiple",
            QuestionType::Truefalse => "truefalse",
            QuestionType::Order => "order",
            QuestionType::Match => "match",
            QuestionType::Text => "text",
            QuestionType::Reflection => "reflection",
            QuestionType::Branching => "branching",
            QuestionType::Scale => "scale",
        }
    }

    /// Whether answers can be right or wrong (reflection and scale are never scored).
    pub fn is_scored(self) -> bool {
        !matches!(self, QuestionType::Reflection | QuestionType::Scale)
    }

    /// Whether the page shows its options (or a conversation's choices) in
    /// an order drawn per learner; `shuffle: false` turns that off.
    pub fn can_shuffle(self) -> bool {
        matches!(
            self,
            QuestionType::Single
                | QuestionType::Multiple
                | QuestionType::Truefalse
                | QuestionType::Branching
        )
    }

    /// The type-specific key this type needs, if any.
    pub fn body_key(self) -> Option<&'static str> {
        match self {
            QuestionType::Single | QuestionType::Multiple | QuestionType::Truefalse => {
                Some("options")
            }
            QuestionType::Order => Some("items"),
            QuestionType::Match => Some("pairs"),
            QuestionType::Text => Some("answers"),
            QuestionType::Branching => Some("nodes"),
            QuestionType::Reflection | QuestionType::Scale => None,
        }
    }
}

/// One question. Only the key that belongs to its `type` may be set.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub prompt: String,
    /// Ids of objectives of the exercise's modules that this question checks.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// single, multiple, truefalse.
    #[serde(default)]
    pub options: Option<Vec<Choice>>,
    /// order: the items in their correct order.
    #[serde(default)]
    pub items: Option<Vec<String>>,
    /// match: each left item with the right item it belongs to.
    #[serde(default)]
    pub pairs: Option<Vec<Pair>>,
    /// text: accepted answers, compared without case and extra spaces.
    #[serde(default)]
    pub answers: Option<Vec<String>>,
    /// branching: the conversation; the first node is the start.
    #[serde(default)]
    pub nodes: Option<Vec<Node>>,
    #[serde(default)]
    pub hint: Option<String>,
    /// Shown after answering, whatever the answer.
    #[serde(default)]
    pub explanation: Option<String>,
    /// single, multiple, truefalse, branching: `false` keeps the written
    /// order of the options (for "all of the above" or a scale). Left out of
    /// the serialised form when unset, so it does not change the version
    /// hash of questions written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shuffle: Option<bool>,
    /// scale: how many points the scale has (default: as many as `labels`, or 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    /// scale: a label for each point, lowest first (default: the ends from
    /// the interface strings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
}

/// An answer option of a choice question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    /// Why this option is right or wrong.
    #[serde(default)]
    pub feedback: Option<String>,
}

/// A pair in a match question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub left: String,
    pub right: String,
}

/// A step of a branching conversation; a node without choices is an ending.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub choices: Vec<Step>,
    /// Set on endings only.
    #[serde(default)]
    pub outcome: Option<Outcome>,
}

/// A choice in a branching node and where it leads.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub text: String,
    pub next: String,
    #[serde(default)]
    pub feedback: Option<String>,
}

/// How an ending of a branching conversation went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Good,
    Mixed,
    Poor,
}

impl Outcome {
    /// The name as written in YAML.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Good => "good",
            Outcome::Mixed => "mixed",
            Outcome::Poor => "poor",
        }
    }
}
