//! `fokus new module <part>/<slug>` and `fokus new exercise <id>`: start a
//! file with every field present and explained, never overwriting one.

use std::path::{Path, PathBuf};

use super::{Outcome, Output};
use crate::content::is_url_safe;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::Language;

/// What to create.
#[derive(Debug, clap::Subcommand)]
pub enum NewCommand {
    /// A module at content/<part>/<slug>.md (the part folder is created if needed).
    Module {
        /// Where: <part>/<name>, or a name for the course's last part.
        path: String,
    },
    /// An exercise at exercises/<id>.yaml with one question of every type.
    Exercise {
        /// The exercise id, for example mette-sygedagpenge.
        id: String,
        /// The module it trains (<part>/<file> without .md); default: the newest module.
        #[arg(long, value_name = "PART/FILE")]
        module: Option<String>,
    },
}

pub fn run(root: &Path, cmd: NewCommand, out: &Output) -> Outcome {
    // Files made outside a course would belong to no course and build nowhere.
    if !root.join(crate::folders::CONFIG_FILE).is_file() {
        let d = Diagnostic::general(t!("new.no_course", root = root.display()))
            .help(t!("new.no_course_help"));
        out.diagnostics(&Diagnostics::from(d));
        return Outcome::UsageError;
    }
    let lang = out.language();
    let result = match cmd {
        NewCommand::Module { path } => new_module(root, &path, lang),
        NewCommand::Exercise { id, module } => new_exercise(root, &id, module.as_deref(), lang),
    };
    match result {
        Ok(created) => {
            for path in &created.files {
                eprintln!("{}", t!("new.created", path = path.display()).render(lang));
            }
            if let Some((id, module)) = &created.embed {
                let hint = match module {
                    Some(m) => t!("new.embed_hint_in", file = m.display()),
                    None => t!("new.embed_hint"),
                };
                eprintln!("{}\n\n```opgave\n{id}\n```", hint.render(lang));
            }
            Outcome::Ok
        }
        Err(d) => {
            out.diagnostics(&Diagnostics::from(d));
            Outcome::UsageError
        }
    }
}

/// What `new` wrote (relative to the course folder).
pub struct Created {
    pub files: Vec<PathBuf>,
    /// A new exercise's id and the module file to embed it in, if any.
    pub embed: Option<(String, Option<PathBuf>)>,
}

fn create(root: &Path, rel: &Path, text: &str) -> Result<PathBuf, Diagnostic> {
    let full = root.join(rel);
    if let Some(dir) = full.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Diagnostic::general(t!("io.cannot_write", path = dir.display(), error = &e))
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&full)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Diagnostic::error(rel, t!("new.exists")).help(t!("new.exists_help"))
            }
            _ => Diagnostic::general(t!("io.cannot_write", path = full.display(), error = &e)),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| {
        Diagnostic::general(t!("io.cannot_write", path = full.display(), error = &e))
    })?;
    Ok(rel.to_path_buf())
}

/// A name as typed on the command line: its slug for the file name and its
/// title. A URL-safe name is a slug already (its title gets its Danish
/// letters back where that is safe); any other name is the title itself.
fn slug_and_title(root: &Path, name: &str) -> Result<(String, String), Diagnostic> {
    let name = name.trim();
    if is_url_safe(name) {
        let words = course_words(root);
        let title = crate::names::title_from_slug(name, words.iter().map(String::as_str));
        return Ok((name.to_string(), title));
    }
    match crate::names::slug(name) {
        s if s.is_empty() => {
            Err(Diagnostic::general(t!("new.not_url", name)).help(crate::names::id_hint(name)))
        }
        s => Ok((s, name.to_string())),
    }
}

/// The words with æ, ø or å in the course's Markdown, to restore titles from slugs.
fn course_words(root: &Path) -> Vec<String> {
    let mut words = std::collections::BTreeSet::new();
    for file in markdown_files(&root.join(crate::content::CONTENT_DIR), 2) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for w in text.split(|c: char| !c.is_alphabetic()) {
            if w.contains(['æ', 'ø', 'å', 'Æ', 'Ø', 'Å']) && w.len() < 40 {
                words.insert(w.to_lowercase());
            }
        }
    }
    words.into_iter().collect()
}

/// Markdown files under `dir`, at most `depth` folders down.
fn markdown_files(dir: &Path, depth: usize) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .max_depth(depth)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect()
}

/// The `order:` in a Markdown file's front matter.
fn order_of(text: &str) -> Option<i64> {
    let front = text.strip_prefix("---")?;
    front
        .lines()
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| l.strip_prefix("order:"))
        .and_then(|v| v.split('#').next()?.trim().parse().ok())
}

/// The position after the part's last module.
fn next_order(part_dir: &Path) -> i64 {
    let modules: Vec<PathBuf> = markdown_files(part_dir, 1)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n != crate::content::INDEX_FILE)
        })
        .collect();
    let orders = modules
        .iter()
        .filter_map(|p| order_of(&std::fs::read_to_string(p).ok()?));
    match orders.max() {
        Some(max) => max.max(modules.len() as i64) + 1,
        None => modules.len() as i64 + 1,
    }
}

/// The part a module goes in when none is named: the part with the highest
/// `order` (the last in the course), else the last by name.
fn last_part(root: &Path) -> Option<String> {
    let content = root.join(crate::content::CONTENT_DIR);
    let mut parts: Vec<(i64, String)> = std::fs::read_dir(&content)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let order = std::fs::read_to_string(e.path().join(crate::content::INDEX_FILE))
                .ok()
                .and_then(|t| order_of(&t))
                .unwrap_or(i64::MAX);
            (order, name)
        })
        .collect();
    parts.sort();
    parts.pop().map(|(_, name)| name)
}

/// The newest file (by modification time) among `files`.
fn newest(files: Vec<PathBuf>) -> Option<PathBuf> {
    files
        .into_iter()
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .max()
        .map(|(_, p)| p)
}

/// The id of the course's newest exercise, to show how to embed one.
fn newest_exercise(root: &Path) -> Option<String> {
    let dir = root.join(crate::exercises::EXERCISES_DIR);
    let files = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    newest(files)?
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
}

/// Create `content/<part>/<slug>.md` (and the part's `_index.md` when the part is new).
pub fn new_module(root: &Path, spec: &str, lang: Language) -> Result<Created, Diagnostic> {
    let spec = spec.trim().trim_end_matches(".md");
    let (part, name) = match spec.split_once('/') {
        Some((part, name)) => (part.to_string(), name),
        None => match last_part(root) {
            Some(part) if !spec.is_empty() => (part, spec),
            _ => {
                return Err(Diagnostic::general(t!("new.not_part_slug", spec))
                    .help(t!("new.not_part_slug_help")));
            }
        },
    };
    let (part, part_title) = slug_and_title(root, &part)?;
    let (slug, title) = slug_and_title(root, name)?;
    let part_dir = PathBuf::from(crate::content::CONTENT_DIR).join(&part);
    let mut files = Vec::new();
    if !root
        .join(&part_dir)
        .join(crate::content::INDEX_FILE)
        .exists()
    {
        files.push(create(
            root,
            &part_dir.join(crate::content::INDEX_FILE),
            &part_index(&part_title, lang),
        )?);
    }
    let order = next_order(&root.join(&part_dir));
    let embed = newest_exercise(root);
    files.push(create(
        root,
        &part_dir.join(format!("{slug}.md")),
        &module_template(&title, order, embed.as_deref(), lang),
    )?);
    Ok(Created { files, embed: None })
}

/// Create `exercises/<id>.yaml` for `module` (default: the newest module).
pub fn new_exercise(
    root: &Path,
    id: &str,
    module: Option<&str>,
    lang: Language,
) -> Result<Created, Diagnostic> {
    let id = id.trim().trim_end_matches(".yaml");
    if !is_url_safe(id) {
        return Err(Diagnostic::general(t!("new.not_id", id)).help(crate::names::id_hint(id)));
    }
    let content = PathBuf::from(crate::content::CONTENT_DIR);
    let module_file = match module {
        Some(m) => {
            let m = m.trim().trim_end_matches(".md");
            let rel = content.join(format!("{m}.md"));
            if m.matches('/').count() != 1 || !root.join(&rel).is_file() {
                return Err(Diagnostic::general(t!("new.no_module", module = m))
                    .help(t!("exercise.module_help")));
            }
            Some(rel)
        }
        None => newest(
            markdown_files(&root.join(&content), 2)
                .into_iter()
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n != crate::content::INDEX_FILE)
                        && p.parent().and_then(Path::parent) == Some(&root.join(&content))
                })
                .collect(),
        )
        .and_then(|p| p.strip_prefix(root).ok().map(Path::to_path_buf)),
    };
    let module_id = module_file.as_ref().and_then(|rel| {
        let rel = rel.strip_prefix(&content).ok()?;
        Some(rel.with_extension("").to_string_lossy().replace('\\', "/"))
    });
    let objective = module_file.as_ref().and_then(|rel| {
        crate::content::read_document::<crate::content::ModuleMeta>(root, rel)
            .ok()
            .and_then(|d| d.meta.objectives.first().map(|o| o.id.clone()))
    });
    let modules = module_id.map_or("[]".to_string(), |m| format!("[{m}]"));
    let objectives = objective.map_or("[]".to_string(), |o| format!("[{o}]"));
    let text = crate::placeholders::fill(EXERCISE_TEMPLATE, lang)
        .replace("{id}", id)
        .replace("{modules}", &modules)
        .replace("{objectives}", &objectives);
    let dir = PathBuf::from(crate::exercises::EXERCISES_DIR);
    let created = create(root, &dir.join(format!("{id}.yaml")), &text)?;
    // Editors that understand JSON Schema validate the file while it is typed.
    let schema = root.join(&dir).join(SCHEMA_FILE);
    if !schema.exists() {
        std::fs::write(&schema, SCHEMA).map_err(|e| {
            Diagnostic::general(t!("io.cannot_write", path = schema.display(), error = &e))
        })?;
    }
    Ok(Created {
        files: vec![created],
        embed: Some((id.to_string(), module_file)),
    })
}

/// File name of the exercise JSON Schema, next to the exercises.
pub const SCHEMA_FILE: &str = "exercise.schema.json";
/// The JSON Schema of the exercise format (also in the repository's exercises/).
pub const SCHEMA: &str = include_str!("../../exercises/exercise.schema.json");

fn part_index(title: &str, lang: Language) -> String {
    crate::placeholders::fill(
        "---\n{c:part_title}\ntitle: {title}\n{c:part_order}\norder: 99\n{c:part_summary}\nsummary: {p:part_summary}\n---\n\n{p:part_intro}\n",
        lang,
    )
    .replace("{title}", &yaml_text(title))
}

/// A text as a YAML value: quoted when YAML would read it as something else.
fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.contains([':', '#', '"', '\'', '[', ']', '{', '}', ','])
        && !text.starts_with(['-', '?', '!', '&', '*', '@', '`', '%', '|', '>', ' '])
        && !matches!(
            text.to_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "~"
        )
        && text.parse::<f64>().is_err();
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A module file with every front-matter field present and explained, and
/// an embed of `exercise` when the course has one.
pub fn module_template(title: &str, order: i64, exercise: Option<&str>, lang: Language) -> String {
    let mut text = crate::placeholders::fill(MODULE_TEMPLATE, lang)
        .replace("{title}", &yaml_text(title))
        .replace("{order}", &order.to_string());
    if let Some(id) = exercise {
        text.push_str(&format!("```opgave\n{id}\n```\n"));
    }
    text
}

const MODULE_TEMPLATE: &str = r#"---
{c:module_title}
title: {title}
{c:module_summary}
summary: {p:module_summary}
{c:module_objectives}
objectives:
  - id: forstaa-metoden
    text: {p:objective}
{c:module_duration}
duration: 30
{c:module_order}
order: {order}
{c:module_tags}
tags: []
{c:module_draft}
draft: false
{c:module_embed}
---

## {p:first_heading}

{p:module_body}

```vidste-du
{p:fact}

Kilde: {p:fact_source}
```

```tip
{p:tip}
```

```advarsel
{p:warning}
```

```refleksion
- {p:reflection}
```

```underviser
{p:trainer}
```

"#;

const EXERCISE_TEMPLATE: &str = r#"# yaml-language-server: $schema=exercise.schema.json
{c:exercise_intro}
{c:exercise_id}
id: {id}
{c:exercise_title}
title: {p:exercise_title}
{c:exercise_modules}
modules: {modules}
{c:exercise_scenario}
scenario: |
  {p:scenario}
questions:
  {c:question_single}
  - id: et-rigtigt-svar
    type: single
    prompt: "{x:single_prompt}"
    {c:question_objectives}
    objectives: {objectives}
    options:
      - text: "{x:single_right}"
        correct: true
        feedback: "{x:single_right_feedback}"
      - text: "{x:single_wrong}"
        feedback: "{x:single_wrong_feedback}"
    {c:question_hint}
    hint: "{x:hint}"
    {c:question_explanation}
    explanation: "{x:explanation}"
  {c:question_multiple}
  - id: flere-rigtige
    type: multiple
    prompt: "{x:multiple_prompt}"
    objectives: {objectives}
    options:
      - text: "{x:multiple_right}"
        correct: true
        feedback: "{x:multiple_right_feedback}"
      - text: "{x:multiple_also}"
        correct: true
        feedback: "{x:multiple_also_feedback}"
      - text: "{x:multiple_wrong}"
        feedback: "{x:multiple_wrong_feedback}"
  {c:question_truefalse}
  - id: sandt-eller-falsk
    type: truefalse
    prompt: "{x:truefalse_prompt}"
    objectives: {objectives}
    options:
      - text: "{x:true}"
        correct: true
        feedback: "{x:true_feedback}"
      - text: "{x:false}"
        feedback: "{x:false_feedback}"
  {c:question_order}
  - id: raekkefoelge
    type: order
    prompt: "{x:order_prompt}"
    objectives: {objectives}
    items:
      - "{x:order_first}"
      - "{x:order_second}"
      - "{x:order_third}"
  {c:question_match}
  - id: par
    type: match
    prompt: "{x:match_prompt}"
    objectives: {objectives}
    pairs:
      - left: "{x:match_left}"
        right: "{x:match_right}"
      - left: "{x:match_left_2}"
        right: "{x:match_right_2}"
  {c:question_text}
  - id: kort-svar
    type: text
    prompt: "{x:text_prompt}"
    objectives: {objectives}
    answers: ["{x:text_answer}"]
  {c:question_reflection}
  - id: refleksion
    type: reflection
    prompt: "{x:reflection_prompt}"
    objectives: {objectives}
  {c:question_branching}
  - id: samtale
    type: branching
    prompt: "{x:branching_prompt}"
    objectives: {objectives}
    nodes:
      - id: start
        text: "{x:branching_start}"
        choices:
          - text: "{x:branching_good}"
            next: godt
            feedback: "{x:branching_good_feedback}"
          - text: "{x:branching_poor}"
            next: svagt
            feedback: "{x:branching_poor_feedback}"
      - id: godt
        outcome: good
        text: "{x:branching_good_end}"
      - id: svagt
        outcome: poor
        text: "{x:branching_poor_end}"
  {c:question_scale}
  - id: selvvurdering
    type: scale
    prompt: "{x:scale_prompt}"
"#;
