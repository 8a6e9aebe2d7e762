//! Step 2, check: judge the course as a whole.
//!
//! Takes the loaded [`Course`]; gives every problem that needs more than one
//! file to see: names the site reserves, exercises checked against the
//! modules' objectives, objectives no question checks. Errors do not stop
//! the build here, so the next steps can report their own problems too.

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::exercises::{self, ValidExercise};
use crate::memo::Memo;
use crate::route::{RESERVED_DIRS, RESERVED_PAGES};

use super::BuildOptions;
use super::load::Course;

/// What the check step gives: its problems and the exercises that passed,
/// as typed questions.
pub struct Checked {
    pub diagnostics: Diagnostics,
    pub exercises: Vec<ValidExercise>,
}

/// Every problem of the course as a whole, and the valid exercises.
pub fn check(course: &Course, opts: &BuildOptions, memo: &Memo) -> Checked {
    let mut diags = Diagnostics::new();
    diags.extend(course.load_errors.iter().cloned());
    diags.extend(course.content.warnings.iter().cloned());
    reserved_names(course, &mut diags);
    let objectives: exercises::validate::ModuleObjectives = course
        .content
        .modules()
        .map(|m| {
            let mut ids: Vec<String> = m.doc.meta.objectives.iter().map(|o| o.id.clone()).collect();
            if m.doc.broken.is_some() {
                // The module's front matter has an error already reported:
                // its objectives may not have been read, so every objective an
                // exercise names for it counts (one mistake, one error).
                ids.extend(claimed_objectives(course, &m.id));
            }
            (m.id.clone(), ids.into_iter().collect())
        })
        .collect();
    let valid = exercises::validate::validate(&course.exercises, &objectives, &mut diags);
    diags.extend(exercises::cues::cues(&valid, opts.strict));
    diags.extend(exercises::objective_coverage(
        &course.content,
        &course.exercises,
        opts.strict,
    ));
    diags.extend(crate::placeholders::check(
        &course.content,
        &course.exercises,
        memo,
    ));
    diags.extend(crate::completion::validate(
        &course.root,
        &course.config,
        &course.content,
        &course.exercises,
    ));
    Checked {
        diagnostics: diags,
        exercises: valid,
    }
}

/// Every objective the exercises name for `module`.
fn claimed_objectives(course: &Course, module: &str) -> Vec<String> {
    course
        .exercises
        .iter()
        .filter(|e| e.spec.modules.iter().any(|m| m == module))
        .flat_map(|e| {
            e.spec
                .questions
                .iter()
                .flat_map(|q| q.objectives.iter().cloned())
        })
        .collect()
}

/// Names the site uses itself cannot be part or page names.
fn reserved_names(course: &Course, diags: &mut Diagnostics) {
    let content = &course.content;
    for part in &content.parts {
        if RESERVED_DIRS.contains(&part.slug.as_str()) {
            let path = PathBuf::from(crate::folders::CONTENT).join(&part.slug);
            diags.push(
                Diagnostic::error(path, t!("check.reserved_part", name = &part.slug))
                    .help(t!("check.rename_folder")),
            );
        }
    }
    for page in &content.pages {
        if RESERVED_PAGES.contains(&page.slug.as_str())
            || content.parts.iter().any(|p| p.slug == page.slug)
        {
            diags.push(
                Diagnostic::error(&page.doc.path, t!("check.reserved_page", name = &page.slug))
                    .help(t!("check.rename_file")),
            );
        }
    }
}
