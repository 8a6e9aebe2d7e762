//! Self-assessment: the `scale` question (a statement rated on a labelled
//! scale, never scored) and exercises asked before and after a module or the
//! course (`selfassessment: before | after`). The `scale` questions of the
//! two sides are matched by their `id`; the progress page shows each
//! statement's answer before and after side by side ([`tables`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::LoadedExercise;
use super::schema::{Question, QuestionType, When};
use super::valid::scale_points;
use super::validate::Check;
use super::view::{BodyView, ExerciseView};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::Seg::{Index, Key};

/// The most points a scale may have.
pub const MAX_SCALE_POINTS: u32 = 10;

/// The rules of one `scale` question: 2 to 10 points, and, when labels are
/// written, one non-empty label per point.
pub(super) fn scale(c: &mut Check, qi: usize, q: &Question) {
    let at = |k: &'static str| [Key("questions"), Index(qi), Key(k)];
    if let Some(points) = q.points
        && !(2..=MAX_SCALE_POINTS).contains(&points)
    {
        c.error(
            &at("points"),
            t!("exercise.scale_points", points, max = MAX_SCALE_POINTS),
            t!("exercise.scale_points_help", max = MAX_SCALE_POINTS),
        );
    }
    let Some(labels) = &q.labels else { return };
    if labels.len() < 2 {
        c.error(
            &at("labels"),
            t!("exercise.scale_labels_few", n = labels.len()),
            t!("exercise.scale_labels_help"),
        );
    } else if let Some(points) = q.points
        && labels.len() != points as usize
    {
        c.error(
            &at("labels"),
            t!("exercise.scale_labels_count", n = labels.len(), points),
            t!("exercise.scale_labels_help"),
        );
    }
    for (li, l) in labels.iter().enumerate() {
        if l.trim().is_empty() {
            c.error(
                &[Key("questions"), Index(qi), Key("labels"), Index(li)],
                t!("exercise.scale_label_empty", n = li + 1),
                t!("exercise.scale_labels_help"),
            );
        }
    }
}

/// An exercise marked `selfassessment` asks at least one `scale` question,
/// and all of them: a pool would ask different statements before and after.
pub(super) fn exercise(c: &mut Check) {
    let spec = &c.ex.spec;
    let Some(when) = spec.selfassessment else {
        return;
    };
    if !spec.questions.iter().any(|q| q.kind == QuestionType::Scale) {
        c.error(
            &[Key("selfassessment")],
            t!("exercise.selfassessment_no_scale", when = when.name()),
            t!("exercise.selfassessment_no_scale_help"),
        );
    }
    if spec.pick.is_some() {
        c.error(
            &[Key("pick")],
            t!("exercise.selfassessment_pick"),
            t!("exercise.selfassessment_pick_help"),
        );
    }
}

/// Where each statement is asked, per side: statement id → (exercise, question) indexes.
type Side<'a> = BTreeMap<&'a str, Vec<(usize, usize)>>;

fn sides(exercises: &[LoadedExercise]) -> [Side<'_>; 2] {
    let mut sides: [Side; 2] = [BTreeMap::new(), BTreeMap::new()];
    for (ei, ex) in exercises.iter().enumerate() {
        let Some(when) = ex.spec.selfassessment else {
            continue;
        };
        for (qi, q) in ex.spec.questions.iter().enumerate() {
            if q.kind == QuestionType::Scale {
                sides[when as usize]
                    .entry(q.id.as_str())
                    .or_default()
                    .push((ei, qi));
            }
        }
    }
    sides
}

/// Every statement asked `before` is asked `after` too, once each, on the
/// same scale; each problem is an error at the question concerned.
pub(super) fn pairs(exercises: &[LoadedExercise], diags: &mut Diagnostics) {
    let sides = sides(exercises);
    let error = |(ei, qi): (usize, usize), message, help| {
        let ex = &exercises[ei];
        let at = ex
            .locator
            .locate(&ex.text, &[Key("questions"), Index(qi), Key("id")]);
        Diagnostic::error(&ex.path, message)
            .at_position(at)
            .help(help)
    };
    for when in [When::Before, When::After] {
        let (this, other) = (&sides[when as usize], &sides[when.other() as usize]);
        let others: Vec<&str> = exercises
            .iter()
            .filter(|e| e.spec.selfassessment == Some(when.other()))
            .map(|e| e.spec.id.as_str())
            .collect();
        for (id, places) in this {
            let first = &exercises[places[0].0];
            for &place in &places[1..] {
                diags.push(error(
                    place,
                    t!(
                        "exercise.selfassessment_twice",
                        id = *id,
                        when = when.name(),
                        other = first.path.display()
                    ),
                    t!("exercise.selfassessment_twice_help"),
                ));
            }
            let Some(match_at) = other.get(id) else {
                let help = if others.is_empty() {
                    t!(
                        "exercise.selfassessment_no_side",
                        when = when.other().name()
                    )
                } else {
                    t!(
                        "exercise.selfassessment_missing_help",
                        when = when.other().name(),
                        list = others.join(", ")
                    )
                };
                diags.push(error(
                    places[0],
                    t!(
                        "exercise.selfassessment_missing",
                        id = *id,
                        when = when.name(),
                        other = when.other().name()
                    ),
                    help,
                ));
                continue;
            };
            // The scales are compared once, from the `after` side.
            if when == When::After {
                let (bi, bq) = match_at[0];
                let (ai, aq) = places[0];
                let b = &exercises[bi].spec.questions[bq];
                let a = &exercises[ai].spec.questions[aq];
                if scale_points(a) != scale_points(b) || a.labels != b.labels {
                    diags.push(error(
                        places[0],
                        t!(
                            "exercise.selfassessment_scale_differs",
                            id = *id,
                            other = exercises[bi].path.display()
                        ),
                        t!("exercise.selfassessment_scale_differs_help"),
                    ));
                }
            }
        }
    }
}

/// One self-assessment on the progress page: a `before` exercise and the
/// statements it shares with the `after` side.
#[derive(Debug, Clone, Serialize)]
pub struct SelfAssessment {
    /// The `before` exercise's title (the table's caption).
    pub title: String,
    /// Its id and the `after` exercises' ids, for links.
    pub before: String,
    pub rows: Vec<Statement>,
}

/// One statement: where its two answers are stored, and the scale's points.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    /// HTML (inline), as the `before` exercise shows it.
    pub prompt: String,
    pub before: Asked,
    pub after: Asked,
    /// The points from 1, each with its label if the author wrote labels.
    pub points: Vec<super::view::ScalePoint>,
}

/// Where one answer is stored: `ex:<exercise>` → `q` → `<question>`, valid
/// while its version is `version`.
#[derive(Debug, Clone, Serialize)]
pub struct Asked {
    pub exercise: String,
    pub question: String,
    pub version: String,
}

/// The tables of the progress page, from the views of the valid exercises
/// in course order; `when` gives each exercise's side.
pub fn tables<'a>(
    exercises: impl IntoIterator<Item = (&'a ExerciseView, Option<When>)>,
) -> Vec<SelfAssessment> {
    let mut befores = Vec::new();
    let mut after: BTreeMap<&str, (&str, &super::view::QuestionView)> = BTreeMap::new();
    for (view, when) in exercises {
        match when {
            Some(When::Before) => befores.push(view),
            Some(When::After) => {
                for q in &view.questions {
                    if matches!(q.body, BodyView::Scale(_)) {
                        after.entry(q.id.as_str()).or_insert((&view.id, q));
                    }
                }
            }
            None => {}
        }
    }
    befores
        .into_iter()
        .filter_map(|view| {
            let rows: Vec<Statement> = view
                .questions
                .iter()
                .filter_map(|q| {
                    let BodyView::Scale(scale) = &q.body else {
                        return None;
                    };
                    let (after_ex, a) = after.get(q.id.as_str())?;
                    Some(Statement {
                        prompt: q.prompt.clone(),
                        before: Asked {
                            exercise: view.id.clone(),
                            question: q.id.clone(),
                            version: q.version.clone(),
                        },
                        after: Asked {
                            exercise: after_ex.to_string(),
                            question: a.id.clone(),
                            version: a.version.clone(),
                        },
                        points: scale.points.clone(),
                    })
                })
                .collect();
            (!rows.is_empty()).then(|| SelfAssessment {
                title: view.title.clone(),
                before: view.id.clone(),
                rows,
            })
        })
        .collect()
}
