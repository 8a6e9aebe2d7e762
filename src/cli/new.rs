//! `fokus new module <part>/<slug>` and `fokus new exercise <id>`: start a
//! file with every field present and explained, never overwriting one.

use std::path::{Path, PathBuf};

use super::{Outcome, Output};
use crate::content::is_url_safe;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What to create.
#[derive(Debug, clap::Subcommand)]
pub enum NewCommand {
    /// A module at content/<part>/<slug>.md (the part folder is created if needed).
    Module {
        /// Where: <part>/<slug>, for example medarbejderroller/ressourcefinder.
        path: String,
    },
    /// An exercise at exercises/<id>.yaml with one question of every type.
    Exercise {
        /// The exercise id, for example mette-sygedagpenge.
        id: String,
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
    let result = match cmd {
        NewCommand::Module { path } => new_module(root, &path),
        NewCommand::Exercise { id } => new_exercise(root, &id),
    };
    match result {
        Ok(path) => {
            eprintln!("created {}", path.display());
            Outcome::Ok
        }
        Err(d) => {
            out.diagnostics(&Diagnostics::from(d));
            Outcome::UsageError
        }
    }
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
    Ok(full)
}

/// Create `content/<part>/<slug>.md` (and the part's `_index.md` when the part is new).
pub fn new_module(root: &Path, spec: &str) -> Result<PathBuf, Diagnostic> {
    let spec = spec.trim_end_matches(".md");
    let Some((part, slug)) = spec.split_once('/') else {
        return Err(
            Diagnostic::general(t!("new.not_part_slug", spec)).help(t!("new.not_part_slug_help"))
        );
    };
    for name in [part, slug] {
        if !is_url_safe(name) {
            return Err(
                Diagnostic::general(t!("new.not_url", name)).help(crate::names::id_hint(name))
            );
        }
    }
    let part_dir = PathBuf::from(crate::content::CONTENT_DIR).join(part);
    if !root
        .join(&part_dir)
        .join(crate::content::INDEX_FILE)
        .exists()
    {
        create(
            root,
            &part_dir.join(crate::content::INDEX_FILE),
            &part_index(part),
        )?;
    }
    create(
        root,
        &part_dir.join(format!("{slug}.md")),
        &module_template(slug),
    )
}

/// Create `exercises/<id>.yaml`, pointing at the course's first module if it has one.
pub fn new_exercise(root: &Path, id: &str) -> Result<PathBuf, Diagnostic> {
    let id = id.trim_end_matches(".yaml");
    if !is_url_safe(id) {
        return Err(Diagnostic::general(t!("new.not_id", id)).help(crate::names::id_hint(id)));
    }
    let first = crate::content::load(root, true, &crate::memo::Memo::none())
        .ok()
        .and_then(|c| {
            c.modules().next().map(|m| {
                (
                    m.id.clone(),
                    m.doc.meta.objectives.first().map(|o| o.id.clone()),
                )
            })
        });
    let (modules, objectives) = match &first {
        Some((m, Some(o))) => (format!("[{m}]"), format!("[{o}]")),
        Some((m, None)) => (format!("[{m}]"), "[]".to_string()),
        None => ("[]".to_string(), "[]".to_string()),
    };
    let text = EXERCISE_TEMPLATE
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
    Ok(created)
}

/// File name of the exercise JSON Schema, next to the exercises.
pub const SCHEMA_FILE: &str = "exercise.schema.json";
/// The JSON Schema of the exercise format (also in the repository's exercises/).
pub const SCHEMA: &str = include_str!("../../exercises/exercise.schema.json");

fn part_index(part: &str) -> String {
    format!(
        "---\n# The part's title, shown in the navigation and on the home page.\ntitle: {}\n# Position among the parts (lowest first).\norder: 99\n# One sentence for the home page.\nsummary: Kort beskrivelse af delen.\n---\n\nIntroduktion til delen.\n",
        part.replace(['-', '_'], " ")
    )
}

/// A module file with every front-matter field present and explained.
pub fn module_template(slug: &str) -> String {
    MODULE_TEMPLATE.replace("{title}", &slug.replace(['-', '_'], " "))
}

const MODULE_TEMPLATE: &str = r#"---
# Required: the module's title (do not repeat it as a # heading below).
title: {title}
# One or two sentences for overviews and search results.
summary: Hvad modulet handler om, i én eller to sætninger.
# Learning objectives: a short id (lowercase a-z, 0-9, -) and a sentence.
# Exercise questions name these ids in their `objectives`.
objectives:
  - id: forstaa-metoden
    text: Du kan forklare metoden med dine egne ord.
# Minutes a training session on the module takes.
duration: 30
# Position within the part (lowest first); ties are ordered by file name.
order: 1
# Words for grouping and search.
tags: []
# true keeps the module out of the site (build with --drafts to see it).
draft: false
# Embed an exercise with a fenced block whose info string is `opgave` and
# whose content is the exercise id (see the end of this file).
---

## Første afsnit

Skriv modulets tekst i Markdown. Link til et andet modul med stien til dets
fil, fx `[medbyggeren](../medarbejderroller/medbygger.md)`.

```vidste-du
Et tal eller en kendsgerning fra en kilde.

Kilde: Navn på kilden, år
```

```tip
Et godt råd.
```

```advarsel
Noget, man skal passe på.
```

```refleksion
- Et spørgsmål, deltagerne tænker over.
```

```underviser
Kun i underviserudgaven: tid, hvordan I kører drøftelsen, faldgruber.
```

"#;

const EXERCISE_TEMPLATE: &str = r#"# yaml-language-server: $schema=exercise.schema.json
# An exercise: a case and questions about it. Every text field is Markdown.
# Unique id: the file name without .yaml; used in web addresses and embeds.
id: {id}
# Shown above the exercise.
title: Ny opgave
# The modules (part/file without .md) the exercise trains.
modules: {modules}
# The case the questions are about.
scenario: |
  Beskriv borgeren og situationen her.
questions:
  # single: one right option. Every option should explain itself in `feedback`.
  - id: et-rigtigt-svar
    type: single
    prompt: Hvilket svar er rigtigt?
    # Ids of objectives in the modules above that the question checks.
    objectives: {objectives}
    options:
      - text: Det rigtige svar
        correct: true
        feedback: Derfor er det rigtigt.
      - text: Et forkert svar
        feedback: Derfor er det ikke rigtigt.
    # Optional: help shown on request, before answering.
    hint: Et lille skub i den rigtige retning.
    # Optional: shown after answering, whatever the answer.
    explanation: Den samlede forklaring.
  # multiple: one or more right options; each option is judged.
  - id: flere-rigtige
    type: multiple
    prompt: Hvilke svar er rigtige?
    objectives: {objectives}
    options:
      - text: Rigtigt
        correct: true
        feedback: Hører med.
      - text: Også rigtigt
        correct: true
        feedback: Hører også med.
      - text: Forkert
        feedback: Hører ikke med.
  # truefalse: exactly two options, one of them right.
  - id: sandt-eller-falsk
    type: truefalse
    prompt: "Udsagn: borgeren er ekspert i eget liv."
    objectives: {objectives}
    options:
      - text: Sandt
        correct: true
        feedback: Ja.
      - text: Falsk
        feedback: Nej.
  # order: the items in their right order; the page shuffles them.
  - id: raekkefoelge
    type: order
    prompt: Sæt trinene i rækkefølge.
    objectives: {objectives}
    items:
      - Første trin
      - Andet trin
      - Tredje trin
  # match: pair each left item with its right item (chosen from a list).
  - id: par
    type: match
    prompt: Sæt sammen.
    objectives: {objectives}
    pairs:
      - left: Et udsagn
        right: En kategori
      - left: Et andet udsagn
        right: En anden kategori
  # text: a short answer; any of `answers` counts, ignoring case and spaces.
  - id: kort-svar
    type: text
    prompt: Hvad hedder et mål, der er klart, tidsbestemt og aftalt med borgeren?
    objectives: {objectives}
    answers: [progressionsmål]
  # reflection: free text, not scored, kept only on the learner's device.
  - id: refleksion
    type: reflection
    prompt: Hvad tager du med fra casen?
    objectives: {objectives}
  # branching: a conversation in nodes; the first node is the start. A node
  # with `choices` leads on with `next`; a node with an `outcome`
  # (good, mixed or poor) and no choices is an ending.
  - id: samtale
    type: branching
    prompt: Vælg dine svar i samtalen.
    objectives: {objectives}
    nodes:
      - id: start
        text: "Borgeren: »Jeg ved ikke, hvad jeg kan.«"
        choices:
          - text: "»Fortæl om noget, der lykkedes for dig.«"
            next: godt
            feedback: Et spørgsmål til evner åbner samtalen.
          - text: "»Hvad er problemet?«"
            next: svagt
            feedback: Et spørgsmål til problemer lukker den.
      - id: godt
        outcome: good
        text: Borgeren fortæller om en god dag.
      - id: svagt
        outcome: poor
        text: Borgeren trækker sig.
  # scale: a statement rated on a scale (1–5 unless `points` or `labels` say
  # otherwise), never scored. Put the same statements (same `id`) in an
  # exercise with `selfassessment: before` and one with `selfassessment: after`,
  # and the progress page shows both answers side by side.
  - id: selvvurdering
    type: scale
    prompt: Jeg kan stille spørgsmål, der får borgerens evner frem.
"#;
