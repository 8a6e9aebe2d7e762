//! The completion rule of `course.yaml` (`completion:`): checked against the
//! course's modules and exercises, and serialised once for every reader of it
//! (the progress page and the LMS packages), so all of them judge alike.

use std::path::Path;

use serde_json::{Value, json};

use crate::config::{CONFIG_FILE, CourseConfig, Selection};
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::exercises::LoadedExercise;
use crate::yaml::{Seg, locate};

/// Report every module or exercise the rule names that the course does not have.
pub fn validate(
    root: &Path,
    config: &CourseConfig,
    content: &Content,
    exercises: &[LoadedExercise],
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let modules: Vec<&str> = content.modules().map(|m| m.id.as_str()).collect();
    let ex_ids: Vec<&str> = exercises.iter().map(|e| e.spec.id.as_str()).collect();
    // Positions only matter when something is wrong, so the file is read again only then.
    let mut text: Option<String> = None;
    for (key, sel, known) in [
        ("modules", &config.completion.modules, &modules),
        ("exercises", &config.completion.exercises, &ex_ids),
    ] {
        let Selection::List(list) = sel else { continue };
        for (i, id) in list.iter().enumerate() {
            if known.contains(&id.as_str()) {
                continue;
            }
            let text = text.get_or_insert_with(|| {
                std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default()
            });
            let modules = key == "modules";
            let mut sorted: Vec<&str> = known.to_vec();
            sorted.sort_unstable();
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    if modules {
                        t!("completion.no_module", key, id)
                    } else {
                        t!("completion.no_exercise", key, id)
                    },
                )
                .at_position(locate(
                    text,
                    &[Seg::Key("completion"), Seg::Key(key), Seg::Index(i)],
                ))
                .help(match (sorted.is_empty(), modules) {
                    (true, true) => t!("completion.no_modules_yet"),
                    (true, false) => t!("completion.no_exercises_yet"),
                    (false, true) => t!("completion.modules", list = sorted.join(", ")),
                    (false, false) => t!("completion.exercises", list = sorted.join(", ")),
                }),
            );
        }
    }
    diags
}

/// The rule as the site's scripts read it: `m` the module pages that must be
/// opened and `x` the exercises that must be answered (`"all"` or a list),
/// `p` the pass mark in percent or `null`.
pub fn rule(config: &CourseConfig) -> Value {
    let c = &config.completion;
    let modules = match &c.modules {
        Selection::Keyword(k) if k == "all" => json!("all"),
        Selection::Keyword(_) => json!([]),
        Selection::List(ids) => Value::Array(
            ids.iter()
                .map(|id| {
                    let (part, slug) = id.split_once('/').unwrap_or(("", id));
                    Value::String(crate::route::Route::Module { part, module: slug }.url())
                })
                .collect(),
        ),
    };
    let exercises = match &c.exercises {
        Selection::Keyword(k) if k == "all" => json!("all"),
        Selection::Keyword(_) => json!([]),
        Selection::List(ids) => json!(ids),
    };
    json!({ "m": modules, "x": exercises, "p": c.pass })
}

/// [`rule`] as compact JSON text, for a `data-` attribute.
pub fn rule_json(config: &CourseConfig) -> String {
    rule(config).to_string()
}
