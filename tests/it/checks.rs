//! Self-checks that measure (issue 15): answer cues found by `fokus check`,
//! `shuffle`, `pass` and `pick` validated and written into the page. The
//! browser side is in tests/browser/checks.test.mjs.

use crate::common::Course;

const EX: &str = "exercises/blandet.yaml";

#[test]
fn the_fixture_has_no_cues() {
    let c = Course::fixture("checks");
    let out = c.run(&["check", "--strict"]);
    assert!(!out.ok().contains("warning"), "{}", out.stderr);
}

#[test]
fn a_long_correct_option_is_a_cue_with_file_and_line_and_strict_fails() {
    let c = Course::fixture("checks");
    c.edit(
        EX,
        "- text: Hvad lykkedes sidst?",
        "- text: Hvad lykkedes for dig sidste gang du havde en god dag på arbejdet?",
    );
    let warn = c.run(&["check"]);
    let text = crate::common::flat(warn.ok());
    assert!(
        text.contains(
            "question `fem`: the correct option has 13.0 words on average, the wrong ones 3.2"
        ),
        "{text}"
    );
    assert!(text.contains("exercises/blandet.yaml:13:7"), "{text}");
    assert!(text.contains("help: shorten the correct option"), "{text}");
    c.run(&["check", "--strict"]).fails_with(
        1,
        &[
            "exercises/blandet.yaml:13:7",
            "error: question `fem`: the correct option",
        ],
    );
}

#[test]
fn a_slightly_longer_correct_option_is_not_a_cue() {
    let c = Course::fixture("checks");
    // 4 words against 3.25 on average: under 1.5 ×.
    c.edit(
        EX,
        "- text: Hvad lykkedes sidst?",
        "- text: Hvad lykkedes dig sidst?",
    );
    assert!(!c.run(&["check"]).ok().contains("warning"));
}

#[test]
fn all_of_the_above_is_a_cue_and_says_what_to_do() {
    let c = Course::fixture("checks");
    c.edit(EX, "- text: Hvad siger lægen?", "- text: Alle ovenstående");
    let text = c.run(&["check"]).ok().to_string();
    assert!(
        text.contains("option 5 of question `fem` says “alle ovenstående”"),
        "{text}"
    );
    assert!(text.contains("exercises/blandet.yaml:20:7"), "{text}");
    assert!(text.contains("add `shuffle: false`"), "{text}");
}

/// An exercise of `n` unshuffled questions with three options each, the
/// correct one at `at(i)`.
fn fixed_questions(n: usize, at: impl Fn(usize) -> usize) -> String {
    let mut s =
        String::from("id: fast\ntitle: Fast rækkefølge\nmodules: [del/modul]\nquestions:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  - id: q{i}\n    type: single\n    shuffle: false\n    prompt: Spørgsmål {i}\n    objectives: [evner]\n    options:\n"
        ));
        for o in 0..3 {
            let correct = if o == at(i) {
                "\n        correct: true"
            } else {
                ""
            };
            s.push_str(&format!(
                "      - text: Svar {o}{correct}\n        feedback: Fordi.\n"
            ));
        }
    }
    s
}

#[test]
fn correct_answers_in_one_position_far_more_than_chance_are_a_cue() {
    let c = Course::fixture("checks");
    // The fixture's own `fast` question has it at B too: 7 of 7 at B.
    c.write("exercises/fast.yaml", fixed_questions(6, |_| 1));
    let text = crate::common::flat(c.run(&["check"]).ok());
    assert!(
        text.contains("in 7 of the course's 7 questions with `shuffle: false`, the correct option is option B (chance would put it there about 2 times)"),
        "{text}"
    );
    assert!(text.contains("exercises/blandet.yaml:39:5"), "{text}");
    assert!(
        text.contains("exercises/blandet.yaml:37, exercises/fast.yaml:5, "),
        "{text}"
    );
    c.run(&["check", "--strict"])
        .fails_with(1, &["the correct option is option B"]);
}

#[test]
fn correct_answers_spread_over_positions_are_not_a_cue() {
    let c = Course::fixture("checks");
    c.write("exercises/fast.yaml", fixed_questions(6, |i| i % 3));
    assert!(!c.run(&["check"]).ok().contains("warning"));
}

#[test]
fn shuffled_questions_do_not_count_for_position() {
    let c = Course::fixture("checks");
    c.write(
        "exercises/fast.yaml",
        fixed_questions(6, |_| 1).replace("    shuffle: false\n", ""),
    );
    assert!(!c.run(&["check"]).ok().contains("warning"));
}

#[test]
fn shuffle_on_a_type_that_is_not_shuffled_is_an_error() {
    let c = Course::fixture("mini");
    c.edit(
        "exercises/alle-typer.yaml",
        "    type: order\n",
        "    type: order\n    shuffle: false\n",
    );
    c.run(&["check"]).fails_with(
        1,
        &[
            "exercises/alle-typer.yaml:47:5",
            "`shuffle` is not used by a `order` question",
        ],
    );
}

#[test]
fn pick_and_pass_out_of_range_are_errors() {
    for (from, to, needles) in [
        (
            "pick: 2",
            "pick: 5",
            [
                "exercises/pulje.yaml:4:1",
                "`pick: 5` must be from 1 to the number of questions (4)",
            ],
        ),
        (
            "pick: 2",
            "pick: 0",
            ["exercises/pulje.yaml:4:1", "`pick: 0` must be from 1"],
        ),
    ] {
        let c = Course::fixture("checks");
        c.edit("exercises/pulje.yaml", from, to);
        c.run(&["check"]).fails_with(1, &needles);
    }
    for (pass, needle) in [
        ("pass: 0", "`pass: 0` is not a percentage"),
        ("pass: 101", "`pass: 101` is not a percentage"),
    ] {
        let c = Course::fixture("checks");
        c.edit(EX, "pass: 80", pass);
        c.run(&["check"])
            .fails_with(1, &["exercises/blandet.yaml:4:1", needle]);
    }
}

#[test]
fn shuffled_questions_are_marked_and_written_in_order() {
    let c = Course::fixture("checks");
    c.run(&["build"]).ok();
    let page = c.output("opgaver/blandet.html");
    let form = |id: &str| {
        let start = page
            .find(&format!("data-q=\"{id}\""))
            .unwrap_or_else(|| panic!("question {id}"));
        let end = page[start..].find('>').unwrap() + start;
        page[start..end].to_string()
    };
    assert!(form("fem").contains("data-shuffle"));
    assert!(form("flere").contains("data-shuffle"));
    assert!(form("samtale").contains("data-shuffle"));
    assert!(!form("fast").contains("data-shuffle"), "shuffle: false");
    // The markup (what a reader without JavaScript and the printout get) keeps the written order.
    let a = page.find("Hvad kan du ikke?").unwrap();
    let b = page.find("Hvad lykkedes sidst?").unwrap();
    let e = page.find("Hvad siger lægen?").unwrap();
    assert!(a < b && b < e);
    let print = c.output("udskrift/index.html");
    assert!(print.find("Hvad kan du ikke?").unwrap() < print.find("Hvad siger lægen?").unwrap());
}
