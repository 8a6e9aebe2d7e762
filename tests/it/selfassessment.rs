//! Self-assessment: the `scale` question and exercises asked before and after
//! (`selfassessment: before | after`). Every rule has a failing case with
//! file, line and message; a valid pair gives the progress page its table.

use crate::common::Course;

const BEFORE: &str = "exercises/foer.yaml";
const AFTER: &str = "exercises/efter.yaml";

/// An exercise on the mini course's first module, of side `when`, asking `questions` (YAML).
fn exercise(id: &str, when: &str, questions: &str) -> String {
    format!(
        "id: {id}\ntitle: Selvvurdering {id}\nmodules: [grundlag/evner]\n\
         selfassessment: {when}\nquestions:\n{questions}"
    )
}

/// A scale question with `extra` lines (each indented four spaces).
fn scale(id: &str, prompt: &str, extra: &str) -> String {
    format!("  - id: {id}\n    type: scale\n    prompt: {prompt}\n{extra}")
}

/// The mini course with a valid before/after pair of two statements.
fn pair() -> Course {
    let c = Course::fixture("mini");
    let statements = scale("lytte", "Jeg lytter efter evner.", "")
        + &scale(
            "skrive",
            "Jeg skriver notater uden barrieresprog.",
            "    labels: [aldrig, sjældent, ofte, altid]\n",
        );
    c.write(BEFORE, exercise("foer", "before", &statements));
    c.write(AFTER, exercise("efter", "after", &statements));
    c
}

/// 1-based line of the first line of `rel` containing `needle`.
fn line_of(c: &Course, rel: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(c.path(rel)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in {rel}"))
}

/// `check` fails, naming `rel:line:` and every needle.
fn fails(c: &Course, rel: &str, line: usize, needles: &[&str]) {
    let at = format!("{rel}:{line}:");
    let mut all = vec![at.as_str()];
    all.extend_from_slice(needles);
    c.run(&["check"]).fails_with(1, &all);
}

#[test]
fn a_valid_pair_checks_clean_and_fills_the_progress_page() {
    let c = pair();
    let check = c.run(&["check", "--strict"]);
    let stderr = check.ok();
    assert!(
        !stderr.contains("foer.yaml") && !stderr.contains("efter.yaml"),
        "{stderr}"
    );
    c.run(&["build"]).ok();
    // The question: a fieldset of plain radio buttons, never scored or shuffled.
    let page = c.output("opgaver/foer.html");
    assert!(page.contains("data-scored=\"0\""), "not scored");
    let start = page.find("data-q=\"skrive\"").unwrap();
    let form = &page[start..start + page[start..].find("</form>").unwrap()];
    assert!(
        form.contains("<fieldset>") && form.contains("<legend>"),
        "{form}"
    );
    assert_eq!(
        form.matches("type=\"radio\" name=\"a\"").count(),
        4,
        "{form}"
    );
    assert!(
        form.contains("– aldrig") && form.contains("– altid"),
        "{form}"
    );
    assert!(
        !form.contains("data-shuffle") && !form.contains("q-key"),
        "{form}"
    );
    // Without labels, 5 points whose ends are named from the interface strings.
    let start = page.find("data-q=\"lytte\"").unwrap();
    let form = &page[start..start + page[start..].find("</form>").unwrap()];
    assert_eq!(form.matches("type=\"radio\"").count(), 5, "{form}");
    assert!(
        form.contains("– slet ikke") && form.contains("– i høj grad"),
        "{form}"
    );
    // The completion rule and the LMS count no scored question in it.
    let toc = c.output("assets/toc.js");
    assert!(
        toc.contains("[\"foer\",0]") && toc.contains("[\"efter\",0]"),
        "{toc}"
    );
    // The progress page: one table, a caption, header cells, both sides of each statement.
    let progress = c.output("fremskridt/index.html");
    let start = progress
        .find("<section id=\"fokus-selfassessment\"")
        .expect("section");
    let section = &progress[start..start + progress[start..].find("</section>").unwrap()];
    assert!(
        section.contains("<caption>Selvvurdering foer</caption>"),
        "{section}"
    );
    assert!(
        section.contains(
            "<th scope=\"col\">Udsagn</th><th scope=\"col\">Før</th><th scope=\"col\">Efter</th>"
        ),
        "{section}"
    );
    assert_eq!(
        section.matches("<th scope=\"row\">").count(),
        2,
        "{section}"
    );
    assert!(section.contains("<th scope=\"row\">Jeg skriver notater uden barrieresprog.</th>"));
    for (ex, q) in [
        ("foer", "lytte"),
        ("efter", "lytte"),
        ("foer", "skrive"),
        ("efter", "skrive"),
    ] {
        assert!(
            section.contains(&format!(
                "data-sa-ex=\"{ex}\" data-sa-q=\"{q}\" data-sa-h=\""
            )),
            "{ex}/{q}: {section}"
        );
    }
    assert_eq!(
        section.matches("ikke besvaret endnu").count(),
        4,
        "{section}"
    );
    assert!(
        section.contains("<span data-v=\"4\" hidden>4 af 4 – altid</span>"),
        "{section}"
    );
    assert!(progress.contains("assets/selfcheck.js"));
    assert!(c.path("public/assets/selfcheck.js").is_file());
}

#[test]
fn a_course_without_self_assessments_has_no_table_and_no_script() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let progress = c.output("fremskridt/index.html");
    assert!(!progress.contains("fokus-selfassessment") && !progress.contains("selfcheck.js"));
}

#[test]
fn a_scale_has_two_to_ten_points() {
    let c = pair();
    c.edit(
        BEFORE,
        "    type: scale\n",
        "    type: scale\n    points: 1\n",
    );
    let line = line_of(&c, BEFORE, "points: 1");
    fails(
        &c,
        BEFORE,
        line,
        &["a scale needs from 2 to 10 points; `points` is 1"],
    );
    let c = pair();
    c.edit(
        BEFORE,
        "    type: scale\n",
        "    type: scale\n    points: 11\n",
    );
    let line = line_of(&c, BEFORE, "points: 11");
    fails(&c, BEFORE, line, &["`points` is 11"]);
}

#[test]
fn labels_must_match_the_points() {
    let c = pair();
    c.edit(
        BEFORE,
        "    labels: [aldrig, sjældent, ofte, altid]",
        "    points: 5\n    labels: [aldrig, sjældent, ofte, altid]",
    );
    let line = line_of(&c, BEFORE, "labels: [aldrig");
    fails(
        &c,
        BEFORE,
        line,
        &[
            "`labels` has 4 labels, but the scale has 5 points",
            "one label per point",
        ],
    );
    let c = pair();
    c.edit(
        BEFORE,
        "labels: [aldrig, sjældent, ofte, altid]",
        "labels: [aldrig]",
    );
    let line = line_of(&c, BEFORE, "labels: [aldrig]");
    fails(
        &c,
        BEFORE,
        line,
        &["a scale needs at least two labels in `labels`; it has 1"],
    );
    let c = pair();
    c.edit(
        BEFORE,
        "labels: [aldrig, sjældent, ofte, altid]",
        "labels:\n      - aldrig\n      - \" \"",
    );
    let line = line_of(&c, BEFORE, "- \" \"");
    fails(&c, BEFORE, line, &["label 2 in `labels` is empty"]);
}

#[test]
fn scale_keys_belong_to_scales_and_a_scale_is_never_shuffled() {
    let c = pair();
    c.edit(
        BEFORE,
        "    type: scale\n",
        "    type: scale\n    shuffle: false\n",
    );
    let line = line_of(&c, BEFORE, "shuffle: false");
    fails(
        &c,
        BEFORE,
        line,
        &["`shuffle` is not used by a `scale` question"],
    );
    let c = Course::fixture("mini");
    c.edit(
        "exercises/alle-typer.yaml",
        "    answers: [progressionsmål, et progressionsmål]\n",
        "    answers: [progressionsmål, et progressionsmål]\n    points: 5\n",
    );
    let line = line_of(&c, "exercises/alle-typer.yaml", "points: 5");
    fails(
        &c,
        "exercises/alle-typer.yaml",
        line,
        &["`points` is not used by a `text` question"],
    );
}

#[test]
fn every_statement_before_is_asked_after_and_the_other_way_round() {
    let c = pair();
    c.edit(AFTER, "  - id: lytte\n", "  - id: lytter\n");
    let before = line_of(&c, BEFORE, "id: lytte");
    let after = line_of(&c, AFTER, "id: lytter");
    let run = c.run(&["check"]);
    run.fails_with(
        1,
        &[
            &format!("{BEFORE}:{before}:"),
            "the statement `lytte` is asked `before` but never `after`",
            "with `selfassessment: after` (efter)",
            &format!("{AFTER}:{after}:"),
            "the statement `lytter` is asked `after` but never `before`",
        ],
    );
    // In the course's own language too.
    let da = c.run_da(&["check"]);
    assert!(
        crate::common::flat(&da.stderr)
            .contains("udsagnet `lytte` stilles `before`, men aldrig `after`"),
        "{}",
        da.stderr
    );
}

#[test]
fn a_before_without_any_after_says_so() {
    let c = pair();
    std::fs::remove_file(c.path(AFTER)).unwrap();
    let line = line_of(&c, BEFORE, "id: lytte");
    fails(
        &c,
        BEFORE,
        line,
        &["the course has no exercise with `selfassessment: after`"],
    );
}

#[test]
fn a_statement_is_asked_once_on_each_side_on_the_same_scale() {
    let c = pair();
    c.write(
        "exercises/foer2.yaml",
        exercise("foer2", "before", &scale("lytte", "Igen.", "")),
    );
    let line = line_of(&c, "exercises/foer2.yaml", "id: lytte");
    fails(
        &c,
        "exercises/foer2.yaml",
        line,
        &["the statement `lytte` is asked `before` in two exercises; first in exercises/foer.yaml"],
    );
    let c = pair();
    c.edit(
        AFTER,
        "labels: [aldrig, sjældent, ofte, altid]",
        "labels: [aldrig, ofte, altid]",
    );
    let line = line_of(&c, AFTER, "id: skrive");
    fails(
        &c,
        AFTER,
        line,
        &["the statement `skrive` has a different scale than before (in exercises/foer.yaml)"],
    );
}

#[test]
fn a_self_assessment_asks_scale_questions_and_is_not_a_pool() {
    let c = pair();
    c.edit(
        BEFORE,
        "selfassessment: before\n",
        "selfassessment: before\npick: 1\n",
    );
    let line = line_of(&c, BEFORE, "pick: 1");
    fails(
        &c,
        BEFORE,
        line,
        &["a self-assessment cannot draw questions with `pick`"],
    );
    let c = Course::fixture("mini");
    c.edit(
        "exercises/alle-typer.yaml",
        "modules: [",
        "selfassessment: after\nmodules: [",
    );
    c.edit(
        "exercises/alle-typer.yaml",
        "  - id: scale\n    type: scale\n",
        "  - id: scale\n    type: reflection\n",
    );
    c.edit(
        "exercises/alle-typer.yaml",
        "    labels: [slet ikke, lidt, noget, meget]\n",
        "",
    );
    let line = line_of(&c, "exercises/alle-typer.yaml", "selfassessment: after");
    fails(
        &c,
        "exercises/alle-typer.yaml",
        line,
        &["a self-assessment (`selfassessment: after`) needs at least one `scale` question"],
    );
}

#[test]
fn a_scale_does_not_check_an_objective() {
    let c = pair();
    c.edit(
        "content/grundlag/evner.md",
        "objectives:\n",
        "objectives:\n  - id: ny-evne\n    text: Du kan noget nyt.\n",
    );
    c.edit(
        BEFORE,
        "    prompt: Jeg lytter efter evner.\n",
        "    prompt: Jeg lytter efter evner.\n    objectives: [ny-evne]\n",
    );
    c.edit(
        AFTER,
        "    prompt: Jeg lytter efter evner.\n",
        "    prompt: Jeg lytter efter evner.\n    objectives: [ny-evne]\n",
    );
    let stderr = c.run(&["check"]).ok().to_string();
    assert!(
        crate::common::flat(&stderr).contains("no question checks the objective `ny-evne`"),
        "{stderr}"
    );
}
