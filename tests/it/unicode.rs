//! Any Unicode an author can type builds: private-use characters (which
//! earlier versions used as internal markers) in every text field.

use crate::common::Course;

/// Private-use characters shaped like the markers fokus once hid in HTML.
pub const PUA: &str = "\u{E000}X3\u{E001}\u{E000}L0\u{E001}\u{E002}0\u{E003}\u{F8FF}";

/// The mini fixture with `PUA` in every kind of text field.
fn course_with_private_use_text() -> Course {
    let c = Course::fixture("mini");
    let edits: &[(&str, &str)] = &[
        ("course.yaml", "title: Minikursus"),
        ("course.yaml", "subtitle: Et lille kursus til test"),
        ("course.yaml", "footer: Fodnote for test"),
        ("content/_index.md", "title:"),
        ("content/grundlag/_index.md", "title:"),
        (
            "content/grundlag/evner.md",
            "title: Evner før begrænsninger",
        ),
        ("content/grundlag/evner.md", "summary: Om at se evner."),
        (
            "content/grundlag/evner.md",
            "text: Du kan få øje på borgerens evner.",
        ),
        ("content/ordliste.md", "title:"),
        ("exercises/alle-typer.yaml", "title: Alle spørgsmålstyper"),
        ("exercises/alle-typer.yaml", "**Mette** er 48 år."),
        (
            "exercises/alle-typer.yaml",
            "prompt: Hvilket spørgsmål tager afsæt i evner?",
        ),
        ("exercises/alle-typer.yaml", "text: Hvad kan du ikke?"),
        (
            "exercises/alle-typer.yaml",
            "feedback: Det ser på begrænsninger.",
        ),
        (
            "exercises/alle-typer.yaml",
            "hint: Tænk på det, der virker.",
        ),
        ("exercises/alle-typer.yaml", "explanation: Evner først."),
    ];
    for (file, line) in edits {
        let text = std::fs::read_to_string(c.path(file)).unwrap();
        assert!(text.contains(line), "{file} has no `{line}`");
        c.edit(file, line, &format!("{line} {PUA}"));
    }
    let body = std::fs::read_to_string(c.path("content/grundlag/evner.md")).unwrap();
    c.write(
        "content/grundlag/evner.md",
        format!("{body}\n## Afsnit {PUA}\n\n{PUA} [link](evner.md) {PUA}\n\n| {PUA} |\n|---|\n| [x](#afsnit-x3-l0-0) |\n"),
    );
    c
}

#[test]
fn private_use_characters_build_in_every_field() {
    let c = course_with_private_use_text();
    c.run(&["check"]).ok();
    c.run(&["build"]).ok();
    c.run(&["build", "--edition", "trainer"]).ok();
    let module = c.output("grundlag/evner.html");
    assert!(module.matches(PUA).count() >= 4, "{module}");
    let exercise = c.output("opgaver/alle-typer.html");
    assert!(exercise.matches(PUA).count() >= 5, "{exercise}");
    let home = c.output("index.html");
    assert!(home.contains(&format!("Minikursus {PUA}")), "{home}");
}
