//! The bundled course: every part the course promises exists, it passes
//! `fokus check --strict` without a single warning, and it meets the course's
//! own rules (objectives, reflection, trainer notes, exercises in every module).

use std::collections::BTreeMap;
use std::path::Path;

use fokus::exercises::schema::QuestionType;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fokus(args: &[&str]) -> crate::common::Run {
    std::process::Command::new(env!("CARGO_BIN_EXE_fokus"))
        .arg("--root")
        .arg(repo())
        .arg("--no-color")
        .args(args)
        .output()
        .expect("run fokus")
        .into()
}

#[test]
fn strict_check_passes_without_warnings() {
    let run = fokus(&["check", "--strict"]);
    let err = run.ok();
    assert!(
        !err.contains("warning"),
        "the bundled course has warnings:\n{err}"
    );
}

#[test]
fn builds_both_editions() {
    let out = tempfile::tempdir().unwrap();
    for edition in ["participant", "trainer"] {
        let target = out.path().join(edition);
        let run = fokus(&[
            "build",
            "--edition",
            edition,
            "--out",
            target.to_str().unwrap(),
        ]);
        run.ok();
        assert!(target.join("index.html").is_file());
        assert!(target.join("ordliste.html").is_file());
    }
    // No trainer note text reaches the participant edition: from every note, its
    // longest run of plain words (as the page would show them) is searched for.
    let content = fokus::content::load(repo(), false, &fokus::memo::Memo::none()).unwrap();
    let pages = crate::common::html_files(&out.path().join("participant"));
    let trainer_pages = crate::common::html_files(&out.path().join("trainer"));
    let mut checked = 0;
    for m in content.modules() {
        for note in trainer_notes(&m.doc.body.text()) {
            let needle = longest_plain_run(&note)
                .unwrap_or_else(|| panic!("{}: no plain text in a trainer note", m.id));
            assert!(
                trainer_pages.iter().any(|(_, html)| html.contains(&needle)),
                "{}: the needle {needle:?} is not in the trainer edition either",
                m.id
            );
            for (rel, html) in &pages {
                assert!(
                    !html.contains(&needle),
                    "{rel} contains trainer text {needle:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked >= content.modules().count(),
        "{checked} notes checked"
    );
}

/// The text of every ```underviser block of a Markdown body.
fn trainer_notes(body: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("```underviser\n") {
        let note = &rest[start + "```underviser\n".len()..];
        let end = note.find("\n```").unwrap_or(note.len());
        notes.push(note[..end].to_string());
        rest = &note[end..];
    }
    notes
}

/// A Markdown body without its ```dias blocks.
fn without_slides(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(start) = rest.find("```dias\n") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "```dias\n".len()..];
        rest = after
            .find("\n```")
            .map_or("", |end| &after[end + "\n```".len()..]);
    }
    out.push_str(rest);
    out
}

/// The longest text run of a Markdown note that HTML shows unchanged: four
/// or more words from one text node, without characters HTML escapes.
fn longest_plain_run(markdown: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser};
    Parser::new(markdown)
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .filter(|t| !t.contains(['&', '<', '>', '"', '\'']) && t.split_whitespace().count() >= 4)
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .max_by_key(String::len)
}

#[test]
fn every_module_follows_the_course_rules() {
    let content = fokus::content::load(repo(), false, &fokus::memo::Memo::none()).unwrap();
    for m in content.modules() {
        let meta = &m.doc.meta;
        let body = &m.doc.body.text();
        assert!(
            meta.summary.is_some() && meta.duration.is_some(),
            "{}: summary and duration",
            m.id
        );
        assert!(!meta.objectives.is_empty(), "{}: objectives", m.id);
        for block in ["```refleksion", "```underviser", "```opgave"] {
            assert!(body.contains(block), "{}: no {block} block", m.id);
        }
        // Slides (```dias) never show on the module page, so they do not count.
        let words = without_slides(body).split_whitespace().count();
        assert!((600..=1500).contains(&words), "{}: {words} words", m.id);
        assert!(body.contains("```dias\n"), "{}: no slides", m.id);
        assert!(
            body.contains("../ordliste.md#"),
            "{}: links no glossary term",
            m.id
        );
        // Every module ends with a short take-away list of 3–5 points.
        let (_, summary) = body
            .rsplit_once("\n## Det vigtigste\n")
            .unwrap_or_else(|| panic!("{}: no '## Det vigtigste' section", m.id));
        assert!(
            !summary.contains("\n## "),
            "{}: 'Det vigtigste' is not the last section",
            m.id
        );
        let points = summary.lines().filter(|l| l.starts_with("- ")).count();
        assert!((3..=5).contains(&points), "{}: {points} take-aways", m.id);
    }
}

#[test]
fn printable_tools_are_there_and_fit_one_page() {
    let content = fokus::content::load(repo(), false, &fokus::memo::Memo::none()).unwrap();
    let tools: Vec<_> = content
        .pages
        .iter()
        .filter(|p| p.slug.starts_with("vaerktoej-"))
        .collect();
    for slug in [
        "vaerktoej-foerste-samtale",
        "vaerktoej-opfoelgning",
        "vaerktoej-svaer-besked",
        "vaerktoej-notat",
        "vaerktoej-progressionsmaal",
    ] {
        assert!(tools.iter().any(|p| p.slug == slug), "missing tool {slug}");
    }
    for p in tools {
        let words = p.doc.body.text().split_whitespace().count();
        assert!((150..=380).contains(&words), "{}: {words} words", p.slug);
        assert!(p.doc.meta.summary.is_some(), "{}: summary", p.slug);
    }
}

#[test]
fn exercises_cover_every_type_and_enough_questions() {
    let exercises = fokus::exercises::load(repo()).unwrap();
    assert!(exercises.len() >= 12, "{} exercises", exercises.len());
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total = 0;
    for e in &exercises {
        for q in &e.spec.questions {
            *by_type.entry(q.kind.name()).or_default() += 1;
            total += 1;
            if let Some(options) = &q.options {
                assert!(
                    options.iter().all(|o| o.feedback.is_some()),
                    "{}/{}: option without feedback",
                    e.spec.id,
                    q.id
                );
            }
        }
        // A self-assessment has no case: its note says what it is.
        assert!(
            !e.spec.modules.is_empty()
                && (e.spec.scenario.is_some() || e.spec.selfassessment.is_some()),
            "{}",
            e.spec.id
        );
    }
    assert!(total >= 80, "{total} questions");
    for t in [
        QuestionType::Single,
        QuestionType::Multiple,
        QuestionType::Truefalse,
        QuestionType::Order,
        QuestionType::Match,
        QuestionType::Text,
        QuestionType::Reflection,
        QuestionType::Branching,
        QuestionType::Scale,
    ] {
        let n = by_type.get(t.name()).copied().unwrap_or(0);
        let min = if t == QuestionType::Branching { 4 } else { 3 };
        assert!(n >= min, "only {n} {} questions", t.name());
    }
}
