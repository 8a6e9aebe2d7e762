//! Scenario exercises: YAML files in `exercises/`, checked against the
//! course's modules and rendered as accessible self-check quizzes.

pub mod cues;
pub mod fields;
pub mod render;
pub mod schema;
pub mod selfassessment;
pub mod valid;
pub mod validate;
pub mod view;

pub use valid::ValidExercise;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::{Content, is_ignored_name};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::Seg;

/// Where a field of a branching choice is in an exercise file (for error
/// positions); the first six steps are the choice itself.
pub(crate) fn choice_at(qi: usize, ni: usize, si: usize, k: &'static str) -> [Seg<'static>; 7] {
    [
        Seg::Key("questions"),
        Seg::Index(qi),
        Seg::Key("nodes"),
        Seg::Index(ni),
        Seg::Key("choices"),
        Seg::Index(si),
        Seg::Key(k),
    ]
}

/// Where a field of a branching node is in an exercise file; the first four
/// steps are the node itself.
pub(crate) fn node_at(qi: usize, ni: usize, k: &'static str) -> [Seg<'static>; 5] {
    [
        Seg::Key("questions"),
        Seg::Index(qi),
        Seg::Key("nodes"),
        Seg::Index(ni),
        Seg::Key(k),
    ]
}

pub use fields::Fields;

/// Folder under the course root that holds the exercises.
pub const EXERCISES_DIR: &str = crate::folders::EXERCISES;

/// An exercise file: where it is, its text (to locate errors) and its data.
#[derive(Debug, Clone)]
pub struct LoadedExercise {
    /// Relative to the course root, e.g. `exercises/mette.yaml`.
    pub path: PathBuf,
    pub text: String,
    pub spec: schema::Exercise,
    /// Where each value of `text` is written, for error positions.
    pub locator: crate::yaml::Locator,
}

/// Read and parse every `exercises/*.yaml`; a missing folder means no exercises.
pub fn load(root: &Path) -> Result<Vec<LoadedExercise>, Diagnostics> {
    let all = load_all(root, &crate::memo::Memo::none());
    if all.errors.has_errors() {
        Err(all.errors)
    } else {
        Ok(all.exercises)
    }
}

/// Every exercise that could be read, and the errors of those that could not.
#[derive(Debug, Default)]
pub struct AllExercises {
    pub exercises: Vec<LoadedExercise>,
    pub errors: Diagnostics,
    /// Ids (file names) of the exercises that could not be read, so that an
    /// embed of one is not reported a second time.
    pub unreadable: Vec<String>,
}

/// Read and parse every exercise, keeping the good ones when others fail,
/// so one run reports a syntax error in one file together with the other
/// files' errors. A file whose stamp is unchanged since an earlier build is
/// taken from `memo` instead of being read and parsed again.
pub fn load_all(root: &Path, memo: &crate::memo::Memo) -> AllExercises {
    let dir = root.join(EXERCISES_DIR);
    if !dir.is_dir() {
        return AllExercises::default();
    }
    let mut diags = Diagnostics::new();
    let mut paths = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                let name = e.file_name().to_string_lossy();
                if name.ends_with(".yaml") || name.ends_with(".yml") {
                    paths.push(PathBuf::from(EXERCISES_DIR).join(e.file_name()));
                }
            }
            Err(e) => diags.push(Diagnostic::error(
                EXERCISES_DIR,
                t!("source.cannot_read_folder", error = e.to_string()),
            )),
        }
    }
    let loaded: Vec<(PathBuf, Result<LoadedExercise, Diagnostic>)> = paths
        .into_par_iter()
        .map(|path| {
            let read = || {
                let text = crate::source::read_course_text(root, &path)?;
                let spec = crate::yaml::parse(&text, &path, 1)?;
                let locator = crate::yaml::Locator::new(&text);
                Ok(LoadedExercise {
                    path: path.clone(),
                    text,
                    spec,
                    locator,
                })
            };
            let result = crate::source::read_unchanged(root, &path, memo, "exercise-file", read);
            (path, result)
        })
        .collect();
    let mut all = AllExercises::default();
    for (path, r) in loaded {
        match r {
            Ok(e) => all.exercises.push(e),
            Err(d) => {
                diags.push(d);
                if let Some(stem) = path.file_stem() {
                    all.unreadable.push(stem.to_string_lossy().into_owned());
                }
            }
        }
    }
    all.errors = diags;
    all
}

/// Module objectives that no question checks, as warnings (errors with `--strict`).
pub fn objective_coverage(
    content: &Content,
    exercises: &[LoadedExercise],
    strict: bool,
) -> Diagnostics {
    let mut checked = std::collections::HashSet::new();
    for ex in exercises {
        // A self-assessment (`scale`) tells how sure the learner is, not whether they can.
        for q in ex
            .spec
            .questions
            .iter()
            .filter(|q| q.kind.is_scored() || q.kind == schema::QuestionType::Reflection)
        {
            for o in &q.objectives {
                for m in &ex.spec.modules {
                    checked.insert((m.as_str(), o.as_str()));
                }
            }
        }
    }
    let mut diags = Diagnostics::new();
    for module in content.modules() {
        for (i, o) in module.doc.meta.objectives.iter().enumerate() {
            if checked.contains(&(module.id.as_str(), o.id.as_str())) {
                continue;
            }
            let pos = module.doc.locate(&[Seg::Key("objectives"), Seg::Index(i)]);
            let msg = t!(
                "exercise.objective_unchecked",
                objective = &o.id,
                module = &module.id
            );
            let d = if strict {
                Diagnostic::error(&module.doc.path, msg)
            } else {
                Diagnostic::warning(&module.doc.path, msg)
            };
            diags.push(d.at_position(pos).help(t!(
                "exercise.objective_unchecked_help",
                objective = &o.id,
                module = &module.id
            )));
        }
    }
    diags
}
