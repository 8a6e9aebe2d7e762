//! The training day: slide decks from `dias` blocks (trainer edition only),
//! the day plan from `schedule`, handouts and the tools page, and the
//! warnings and errors `fokus check` gives about them. Uses the fixture
//! course `tests/fixtures/training-day`.

use crate::common::{Course, html_files};

fn trainer(c: &Course, rel: &str) -> String {
    let p = c.path("public-trainer").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The text of each `<section class="slide …">` of a deck, in order.
fn slides(deck: &str) -> Vec<&str> {
    deck.split("<section class=\"slide ").skip(1).collect()
}

#[test]
fn a_deck_has_title_author_exercise_and_closing_slides_with_notes() {
    let c = Course::fixture("training-day");
    let out = c.run(&["build", "--edition", "trainer"]);
    assert!(!out.ok().contains("warning"), "{}", out.stderr);
    let deck = trainer(&c, "slides/samtaler/aabning.html");
    let s = slides(&deck);
    let kinds: Vec<&str> = s.iter().map(|x| &x[..x.find('"').unwrap()]).collect();
    assert_eq!(
        kinds,
        [
            "slide-title",
            "slide-content",
            "slide-content",
            "slide-content",
            "slide-exercise",
            "slide-closing"
        ]
    );
    // Title slide: title, duration, objectives.
    assert!(s[0].contains("<h1>Den åbne samtale</h1>") && s[0].contains("60 min."));
    assert!(s[0].contains("Du kan lytte efter det, borgeren kan."));
    // The author's slides, each with its own notes: `???` and the trainer note after the block.
    assert!(s[1].contains("Tre gode åbninger") && s[1].contains("DIAS-NOTE-EN"));
    assert!(!s[1].contains("DIAS-NOTE-TO"));
    assert!(
        s[2].contains("<table>")
            && s[2].contains(r#"<img src="../../samtaler/figur.svg" alt="Samtalen">"#)
    );
    assert!(s[3].contains("class=\"notes\"") && s[3].contains("DIAS-NOTE-TO"));
    // The exercise: the case, then each question with its answer as a step to reveal.
    let ex = s[4];
    assert!(ex.contains("Mette er 48 år"));
    let q = ex.find("Hvilket spørgsmål tager afsæt").unwrap();
    let a = ex.find("»Hvad lykkedes for dig sidst?«").unwrap();
    assert!(q < a && ex[q..a].contains("slide-answer fragment"));
    assert!(
        !ex.contains("»Hvad kan du ikke længere?«"),
        "only the right answer"
    );
    assert!(ex.contains("<li>ressourcer</li><li>evner</li>"));
    assert!(
        ex.contains("Spørg, hvad hun er stolt af.")
            && ex.contains("Spørg, hvad haven kræver af hende."),
        "the way to the good ending"
    );
    assert!(!ex.contains("Gennemgå hendes fravær"));
    assert!(
        ex.contains("OPGAVE-NOTE") && ex.contains("FORKLARING-NOTE"),
        "notes: trainer note and explanations"
    );
    // The closing slide asks the module's reflection question.
    assert!(s[5].contains("Refleksion") && s[5].contains("Hvilket spørgsmål vil du prøve"));
    // Everything is relative and local.
    assert!(
        deck.contains(r#"href="../../assets/slides.css""#)
            && deck.contains(r#"src="../../assets/slides.js""#)
    );
    assert!(!deck.contains("http://") && !deck.contains("https://"));
    // A module without slides gets the generated ones only.
    let plain = trainer(&c, "slides/samtaler/opfoelgning.html");
    let kinds: Vec<&str> = slides(&plain)
        .iter()
        .map(|x| &x[..x.find('"').unwrap()])
        .collect();
    assert_eq!(
        kinds,
        [
            "slide-title",
            "slide-exercise",
            "slide-exercise",
            "slide-closing"
        ]
    );
    assert!(
        plain.contains("Det har vi arbejdet med"),
        "no reflection box: the objectives recap"
    );
    // The module page links to its deck and never shows the slides themselves.
    let page = trainer(&c, "samtaler/aabning.html");
    assert!(page.contains(r#"<a href="../slides/samtaler/aabning.html">Vis dias</a>"#));
    assert!(!page.contains("Tre gode åbninger") && !page.contains("DIAS-NOTE-EN"));
}

#[test]
fn the_participant_edition_has_no_slides_at_all() {
    let c = Course::fixture("training-day");
    c.run(&["build"]).ok();
    assert!(!c.path("public/slides").exists());
    for (rel, html) in html_files(&c.path("public")) {
        for needle in [
            "Tre gode åbninger",
            "DIAS-NOTE",
            "slides/",
            "Vis dias",
            "OPGAVE-NOTE",
        ] {
            assert!(
                !html.contains(needle),
                "participant {rel} contains {needle:?}"
            );
        }
    }
    let index = std::fs::read_to_string(c.path("public/assets/search-index.js")).unwrap();
    assert!(!index.contains("Tre gode"));
}

#[test]
fn the_day_plan_runs_with_opening_breaks_closing_and_each_exercise_once() {
    let c = Course::fixture("training-day");
    c.run(&["build", "--edition", "trainer"]).ok();
    let plan = trainer(&c, "dagsplan/index.html");
    let rows: Vec<&str> = plan.split("<tr class=\"slot-").skip(1).collect();
    let summary: Vec<String> = rows
        .iter()
        .map(|r| {
            let kind = &r[..r.find('"').unwrap()];
            let time = &r[r.find("<td>").unwrap() + 4..r.find("</td>").unwrap()];
            format!("{time} {kind}")
        })
        .collect();
    assert_eq!(
        summary,
        [
            "09:00–09:15 opening",
            "09:15–10:15 module",
            "10:15–10:30 break",
            "10:30–11:00 module",
            "11:00–11:15 closing",
        ]
    );
    assert!(
        rows[0].contains("Velkomst og dagens program")
            && rows[4].contains("Opsamling og evaluering")
    );
    // Mette is planned under the first module; the second says where and is planned 15 minutes shorter.
    assert!(rows[1].contains("Mette efter seks måneder</a> (15 min.)"));
    assert!(
        rows[3]
            .contains("planlagt under <a href=\"../samtaler/aabning.html\">Den åbne samtale</a>")
    );
    assert!(rows[3].contains("Jens følger op</a> (10 min.)") && rows[3].contains("30 min."));
    assert!(
        rows[1].contains(r#"href="../slides/samtaler/aabning.html""#),
        "the plan links the deck"
    );
    assert!(
        plan.contains(r#"href="../vaerktoejer/index.html""#),
        "and the tools"
    );
    assert!(
        plan.contains("<td>90 min.</td>"),
        "teaching total of the day"
    );
}

#[test]
fn handouts_are_listed_on_the_tools_page_linked_from_home() {
    let c = Course::fixture("training-day");
    c.run(&["build"]).ok();
    let tools = c.output("vaerktoejer/index.html");
    assert!(
        tools.contains(r#"<a href="../samtaleguide.html">Samtaleguide</a>"#),
        "{tools}"
    );
    assert!(
        c.output("index.html")
            .contains(r#"href="vaerktoejer/index.html""#)
    );
    let handout = c.output("samtaleguide.html");
    assert!(handout.contains("assets/handout.css") && handout.contains("class=\"handout-footer\""));
    assert!(handout.contains("<p class=\"handout-course\">Kursusdag til test</p>"));
    // A course without handouts has no tools page.
    let mini = Course::fixture("mini");
    mini.run(&["build"]).ok();
    assert!(!mini.path("public/vaerktoejer").exists());
}

#[test]
fn check_warns_about_a_plan_that_does_not_run_and_a_long_handout() {
    let c = Course::fixture("training-day");
    c.edit("course.yaml", "end: \"12:30\"", "end: \"10:30\"");
    c.edit(
        "content/samtaler/opfoelgning.md",
        "duration: 45",
        "duration: 200",
    );
    let long = "Et afsnit med en del tekst, der fylder en linje eller to på papiret, når det bliver printet ud.\n\n".repeat(40);
    c.write(
        "content/lang.md",
        format!("---\ntitle: Langt ark\nkind: handout\n---\n\n{long}"),
    );
    let out = c.run(&["check"]);
    let err = out.ok();
    for needle in [
        "the day plan needs 2 days, but `schedule.days` is 1",
        "content/samtaler/opfoelgning.md:6:1",
        "does not fit in a training day",
        "content/lang.md:3:1",
        "the handout will likely print on more than one page",
        "runs 185 minutes without a break",
    ] {
        assert!(err.contains(needle), "lacks {needle:?}:\n{err}");
    }
    let thin = Course::fixture("training-day");
    thin.edit("course.yaml", "end: \"12:30\"", "end: \"17:00\"");
    let out = thin.run(&["check"]);
    assert!(
        out.ok()
            .contains("day 1 of the plan is under half full: 90 of 420 minutes"),
        "{}",
        out.stderr
    );
    // The fixture itself plans cleanly.
    let clean = Course::fixture("training-day");
    let out = clean.run(&["check"]);
    assert!(!out.ok().contains("warning"), "{}", out.stderr);
}

#[test]
fn schedule_and_slide_errors_name_file_and_line() {
    let c = Course::fixture("training-day");
    c.edit(
        "course.yaml",
        "start: \"09:00\"",
        "start: \"9 om morgenen\"",
    );
    c.run(&["check"])
        .fails_with(1, &["course.yaml:8:3", "is not a time of day"]);
    let c = Course::fixture("training-day");
    c.edit("course.yaml", "every: 90", "every: 120");
    c.run(&["check"])
        .fails_with(1, &["course.yaml:11", "a break every 120 minutes"]);
    let c = Course::fixture("training-day");
    c.edit(
        "content/samtaler/aabning.md",
        "Borgeren ved mest",
        "Se [nyt](findes-ikke.md). Borgeren ved mest",
    );
    c.run(&["check"])
        .fails_with(1, &["content/samtaler/aabning.md:38:4", "findes-ikke.md"]);
    let c = Course::fixture("training-day");
    c.edit(
        "content/samtaler/aabning.md",
        "## Lyt efter det, der virker",
        "## Lyt efter det, der virker\n\n~~~opgave\nmette\n~~~",
    );
    c.run(&["check"])
        .fails_with(1, &["a slide cannot embed an exercise"]);
}

#[test]
fn the_bundled_course_plans_three_full_days_with_every_exercise_once() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("t");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_fokus"))
        .env("FOKUS_LANGUAGE", "en")
        .args([
            "--no-color",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "build",
            "--edition",
            "trainer",
            "--out",
        ])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let plan = std::fs::read_to_string(site.join("dagsplan/index.html")).unwrap();
    let days: Vec<&str> = plan.split("<section class=\"day\"").skip(1).collect();
    assert_eq!(days.len(), 3, "three training days");
    for (i, day) in days.iter().enumerate() {
        for kind in ["opening", "lunch", "break", "closing", "module"] {
            assert!(
                day.contains(&format!("<tr class=\"slot-{kind}\">")),
                "day {} has no {kind}",
                i + 1
            );
        }
    }
    // Every exercise a module embeds is planned exactly once; later embeds point back.
    let mut planned: std::collections::BTreeMap<&str, usize> = Default::default();
    for item in plan.split("<li>Opgave: <a href=\"").skip(1) {
        let url = &item[..item.find('"').unwrap()];
        let rest = &item[item.find("</a>").unwrap() + 4..];
        if !rest.starts_with(" – planlagt under") {
            *planned.entry(url).or_default() += 1;
        }
    }
    assert!(planned.len() >= 15, "{planned:?}");
    let twice: Vec<_> = planned.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "planned twice: {twice:?}");
    assert!(
        plan.contains("planlagt under"),
        "later embeds say where the exercise is planned"
    );
    // The first module's deck is there and linked from the plan.
    assert!(site.join("slides/introduktion/om-kurset.html").is_file());
    assert!(plan.contains("href=\"../slides/introduktion/om-kurset.html\""));
}
