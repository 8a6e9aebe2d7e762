//! Step 1, load: read everything the course is made of.
//!
//! Takes the build options; gives a [`Course`]: the settings, the theme, the
//! content and the exercises. Everything is read before anything is judged,
//! so one run reports the problems of every file.

use serde::Serialize;
use serde_json::Value;

use crate::config::{CourseConfig, Edition};
use crate::content::Content;
use crate::diagnostics::Diagnostics;
use crate::escape::script_json;
use crate::exercises::{self, LoadedExercise};
use crate::memo::Memo;
use crate::memo::fingerprint;
use crate::names::slug;
use crate::render::Theme;

use super::BuildOptions;

/// Everything the course is made of, as read from its folder.
pub struct Course {
    /// The course folder.
    pub root: std::path::PathBuf,
    pub edition: Edition,
    pub config: CourseConfig,
    /// The theme, with the values every page shares already set.
    pub theme: Theme,
    pub content: Content,
    pub exercises: Vec<LoadedExercise>,
    /// Errors found while reading that do not stop the next steps (a front
    /// matter with a wrong key, an exercise that cannot be read), so that one
    /// run reports them with everything else.
    pub load_errors: Diagnostics,
    /// Ids of exercises whose files could not be read.
    pub unreadable: Vec<String>,
    /// Fingerprint of what every page shares: templates, settings, strings, edition.
    pub seed: u64,
    /// The course's name in the learner's browser storage and caches.
    pub key: String,
}

/// `site` in every template.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub organisation: Option<&'a str>,
    pub footer: Option<&'a str>,
    pub lang: &'a str,
    pub edition: Edition,
    /// A name for the course in the learner's browser storage.
    pub key: String,
    /// The completion rule as JSON, for the progress page and the LMS adapters.
    pub completion: String,
}

/// Read the course at `opts.root`; modules unchanged since an earlier build come from `memo`.
pub fn load(opts: &BuildOptions, memo: &Memo) -> Result<Course, Diagnostics> {
    let root = &opts.root;
    let config = CourseConfig::load(root).map_err(Diagnostics::from)?;
    let (theme, (content, exercises)) = rayon::join(
        || Theme::load_with(root, &config, memo),
        || {
            rayon::join(
                || crate::content::load(root, opts.drafts, memo),
                || exercises::load_all(root, memo),
            )
        },
    );
    let mut diags = Diagnostics::new();
    let theme = theme.map_err(|d| diags.extend(d)).ok();
    let content = content.map_err(|d| diags.extend(d)).ok();
    let exercises::AllExercises {
        exercises,
        errors: exercise_errors,
        unreadable,
    } = exercises;
    match (theme, content) {
        (Some(mut theme), Some(content)) => {
            let mut load_errors = content.errors.clone();
            load_errors.extend(exercise_errors);
            let (seed, key) = share(&config, &mut theme, opts.edition);
            Ok(Course {
                root: root.clone(),
                edition: opts.edition,
                config,
                theme,
                content,
                exercises,
                load_errors,
                unreadable,
                seed,
                key,
            })
        }
        _ => {
            diags.extend(exercise_errors);
            Err(diags)
        }
    }
}

/// Give the theme the values every page shares; returns their fingerprint and the course key.
fn share(config: &CourseConfig, theme: &mut Theme, edition: Edition) -> (u64, String) {
    let key = match slug(&config.title) {
        k if k.is_empty() => "kursus".to_string(),
        k => k,
    };
    let site = SiteView {
        title: &config.title,
        subtitle: config.subtitle.as_deref(),
        organisation: config.organisation.as_deref(),
        footer: config.footer.as_deref(),
        lang: config.language.code(),
        edition,
        key: key.clone(),
        completion: crate::completion::rule_json(config),
    };
    let site = serde_json::to_value(&site).unwrap_or(Value::Null);
    let strings = serde_json::to_value(&theme.strings).unwrap_or(Value::Null);
    let strings_json = script_json(&theme.strings.for_scripts());
    let seed = fingerprint(&(theme.fingerprint, site.to_string(), &strings_json, edition));
    theme.set_globals(&[
        ("site", &site),
        ("t", &strings),
        ("strings_json", &Value::String(strings_json)),
        ("csp_scripts", &Value::String(theme.csp_scripts.clone())),
    ]);
    (seed, key)
}
