//! Every class of content error: a message with file and line, exit code 1,
//! and the previous site left exactly as it was.

use crate::common::Course;

/// Build once, break the course with `breakage`, and check that the build
/// fails with `needles` in its output while `public/` stays unchanged.
fn fails(breakage: impl FnOnce(&Course), needles: &[&str]) {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let before = c.output("grundlag/evner.html");
    breakage(&c);
    let run = c.run(&["build"]);
    run.fails_with(1, needles);
    assert!(run.stderr.contains("the previous site"), "{}", run.stderr);
    assert_eq!(
        c.output("grundlag/evner.html"),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(c.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".fokus-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left behind");
}

#[test]
fn unknown_config_key_names_key_line_and_allowed_keys() {
    fails(
        |c| c.edit("course.yaml", "footer:", "fodnote:"),
        &[
            "unknown key `fodnote`",
            "course.yaml:5:1",
            "allowed keys: title, subtitle, language, organisation, theme, footer, completion, schedule, search",
        ],
    );
}

#[test]
fn search_synonym_that_is_not_one_word_names_its_line() {
    fails(
        |c| {
            c.edit(
                "course.yaml",
                "footer: Fodnote for test",
                "footer: Fodnote for test\nsearch:\n  synonyms:\n    - [fleksjob, flexjob]\n    - [sdp, syge dagpenge]",
            )
        },
        &[
            "course.yaml:9:",
            "search synonym `syge dagpenge` is not one word",
        ],
    );
    fails(
        |c| {
            c.edit(
                "course.yaml",
                "footer: Fodnote for test",
                "footer: Fodnote for test\nsearch:\n  synonyms:\n    - [fleksjob]",
            )
        },
        &["course.yaml:8:", "needs at least two words"],
    );
}

#[test]
fn wrong_type_in_config() {
    fails(
        |c| c.edit("course.yaml", "language: da", "language: dansk"),
        &[
            "course.yaml:3:11",
            "`dansk` is not one of the allowed values",
            "allowed values: da, en",
        ],
    );
}

#[test]
fn unknown_front_matter_key() {
    fails(
        |c| c.edit("content/grundlag/samtalen.md", "order: 2", "rækkefølge: 2"),
        &[
            "content/grundlag/samtalen.md:3:1",
            "unknown key `rækkefølge`",
            "allowed keys: title, summary, objectives, duration, order, tags, draft",
        ],
    );
}

#[test]
fn wrong_type_in_front_matter() {
    fails(
        |c| {
            c.edit(
                "content/praksis/opfoelgning.md",
                "duration: 20",
                "duration: tyve minutter",
            )
        },
        &[
            "content/praksis/opfoelgning.md:3:11",
            "a whole number belongs here, but this is a text (`tyve minutter`)",
        ],
    );
}

#[test]
fn missing_title() {
    fails(
        |c| c.edit("content/grundlag/samtalen.md", "title: Samtalen\n", ""),
        &[
            "content/grundlag/samtalen.md:2:1",
            "the required key `title` is missing",
        ],
    );
}

#[test]
fn unclosed_front_matter() {
    fails(
        |c| {
            c.write(
                "content/grundlag/samtalen.md",
                "---\ntitle: Samtalen\n\nTekst uden slut\n",
            )
        },
        &[
            "content/grundlag/samtalen.md:1:1",
            "the front matter is not closed",
        ],
    );
}

#[test]
fn empty_file() {
    fails(
        |c| c.write("content/grundlag/samtalen.md", ""),
        &["content/grundlag/samtalen.md:1:1", "the file is empty"],
    );
}

#[test]
fn non_utf8_file() {
    fails(
        |c| {
            c.write(
                "content/grundlag/samtalen.md",
                b"---\ntitle: S\n---\nGr\xf8d\n".as_slice(),
            )
        },
        &["content/grundlag/samtalen.md:4:3", "not valid UTF-8"],
    );
}

#[test]
fn file_over_ten_megabytes() {
    fails(
        |c| {
            c.write(
                "content/grundlag/samtalen.md",
                vec![b'a'; 10 * 1024 * 1024 + 1],
            )
        },
        &["content/grundlag/samtalen.md", "at most 10 MB"],
    );
}

#[test]
fn link_to_a_missing_module() {
    fails(
        |c| c.edit("content/grundlag/samtalen.md", "(evner.md)", "(evnerne.md)"),
        &[
            "content/grundlag/samtalen.md:11:13",
            "the link to `evnerne.md` leads to no module or page",
        ],
    );
}

#[test]
fn link_to_a_missing_anchor() {
    fails(
        |c| {
            c.edit(
                "content/grundlag/samtalen.md",
                "(evner.md)",
                "(evner.md#findes-ikke)",
            )
        },
        &[
            "content/grundlag/samtalen.md:11:13",
            "the anchor `#findes-ikke` does not exist",
            "saadan-skriver-i-maalet",
        ],
    );
}

#[test]
fn dangerous_and_absolute_links() {
    fails(
        |c| {
            c.edit(
                "content/grundlag/samtalen.md",
                "Tilbage til",
                "[x](javascript:alert(1)) [y](/abs.md) Tilbage til",
            )
        },
        &[
            "links with `javascript:` are not allowed",
            "content/grundlag/samtalen.md:11:1",
            "content/grundlag/samtalen.md:11:26",
            "absolute path",
        ],
    );
}

#[test]
fn missing_image_or_file() {
    fails(
        |c| {
            c.edit(
                "content/praksis/opfoelgning.md",
                "(figur.svg)",
                "(figuren.svg)",
            )
        },
        &[
            "content/praksis/opfoelgning.md:13:1",
            "the file `figuren.svg` does not exist",
        ],
    );
}

#[test]
fn unknown_exercise_embed() {
    fails(
        |c| {
            c.edit(
                "content/grundlag/evner.md",
                "alle-typer\n```",
                "ingen-saadan\n```",
            )
        },
        &[
            "there is no exercise with the id `ingen-saadan`",
            "content/grundlag/evner.md:6",
            "exercises: alle-typer",
        ],
    );
}

#[test]
fn fact_box_without_source() {
    fails(
        |c| {
            c.edit(
                "content/grundlag/evner.md",
                "\nKilde: Fokusrevision 2020, Ressourceforløb, Deloitte\n",
                "\n",
            )
        },
        &[
            "a `vidste-du` box needs the source of its fact",
            "content/grundlag/evner.md:",
        ],
    );
}

#[test]
fn all_errors_are_reported_in_one_run() {
    let c = Course::fixture("mini");
    c.edit("content/grundlag/samtalen.md", "order: 2", "ordre: 2");
    c.edit(
        "content/praksis/opfoelgning.md",
        "duration: 20",
        "duration: x",
    );
    c.edit("exercises/alle-typer.yaml", "scenario:", "scenarie:");
    let run = c.run(&["check"]);
    run.fails_with(
        1,
        &[
            "samtalen.md:3:1",
            "opfoelgning.md:3:11",
            "exercises/alle-typer.yaml:4:1",
            "errors: 3",
        ],
    );
}

#[test]
fn bom_and_crlf_are_fine() {
    let c = Course::fixture("mini");
    let text = std::fs::read_to_string(c.path("content/grundlag/samtalen.md")).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.replace('\n', "\r\n").into_bytes());
    c.write("content/grundlag/samtalen.md", bytes);
    c.run(&["build"]).ok();
    assert!(
        c.output("grundlag/samtalen.html")
            .contains("<h2 id=\"lyt-foerst\">Lyt først</h2>")
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_or_panic() {
    let c = Course::fixture("mini");
    std::os::unix::fs::symlink(c.path("content/loop"), c.path("content/loop")).unwrap();
    std::os::unix::fs::symlink("evner.md", c.path("content/grundlag/link.md")).unwrap();
    let run = c.run(&["build"]);
    // A dangling self-link is reported (or ignored), never a crash.
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn no_panic_on_hostile_input() {
    let inputs: [&[u8]; 8] = [
        b"---\n---\n",
        b"---",
        b"---\n: : :\n---\n",
        b"---\ntitle: [unclosed\n---\n",
        b"---\ntitle: a\n---\n```vidste-du\n",
        b"---\ntitle: a\n---\n[x](",
        b"\xff\xfe\x00",
        b"---\ntitle: &a [*a, *a]\n---\n",
    ];
    for input in inputs {
        let c = Course::fixture("mini");
        c.write("content/grundlag/samtalen.md", input);
        let run = c.run(&["check"]);
        assert!(
            run.code == 0 || run.code == 1,
            "input {input:?}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked"),
            "input {input:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn refuses_dangerous_output_folders_with_exit_code_2() {
    let c = Course::fixture("mini");
    c.run(&["build", "--out", "content"])
        .fails_with(2, &["refusing to write the site", "content/ folder"]);
    c.run(&["build", "--out", "."])
        .fails_with(2, &["the course folder itself"]);
    c.write("mine/notes.txt", "vigtigt");
    c.run(&["build", "--out", "mine"])
        .fails_with(2, &["not made by fokus"]);
    assert_eq!(
        std::fs::read_to_string(c.path("mine/notes.txt")).unwrap(),
        "vigtigt"
    );
    c.run(&["build", "--out", "/"]).fails_with(2, &["refusing"]);
}

#[test]
fn usage_errors_exit_with_2() {
    let c = Course::fixture("mini");
    assert_eq!(c.run(&["build", "--edition", "everyone"]).code, 2);
    assert_eq!(c.run(&["frobnicate"]).code, 2);
}

#[test]
fn missing_course_yaml_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fokus"))
        .env("FOKUS_LANGUAGE", "en")
        .args(["--no-color", "--root"])
        .arg(dir.path())
        .arg("build")
        .output()
        .unwrap();
    let err = crate::common::flat(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("the course has no course.yaml") && err.contains("fokus init"),
        "{err}"
    );
}

/// The course's language (Danish in the fixture) decides the words; no
/// library jargon and no colour codes reach a pipe.
#[test]
fn messages_are_danish_plain_and_uncoloured_in_a_pipe() {
    let c = Course::fixture("mini");
    c.edit("course.yaml", "language: da", "language: dansk");
    let run = c.run_da(&["check"]);
    run.fails_with(
        1,
        &[
            "fejl: `dansk` er ikke en af de mulige værdier",
            "mulige værdier: da, en",
            "course.yaml:3:11",
        ],
    );
    assert!(!run.stderr.contains("unknown variant"), "{}", run.stderr);
    assert!(!run.stderr.contains('\x1b'), "{}", run.stderr);
}

/// A colon in a text: the fix, quoting the author's own line, at one position.
#[test]
fn a_colon_in_a_text_says_to_quote_it() {
    let c = Course::fixture("mini");
    c.edit(
        "content/grundlag/samtalen.md",
        "title: Samtalen",
        "title: Samtalen: Hanne fortæller",
    );
    let run = c.run_da(&["check"]);
    run.fails_with(
        1,
        &[
            "teksten indeholder et kolon",
            "sæt teksten i anførselstegn: `title: \"Samtalen: Hanne fortæller\"`",
        ],
    );
    assert!(!run.stderr.contains("mapping values"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("at line").count(), 0, "{}", run.stderr);
}

/// One mistake, one error: an unknown module is not followed by errors
/// about the objectives of the exercise's modules.
#[test]
fn an_unknown_module_does_not_cascade() {
    let c = Course::fixture("mini");
    let ex = std::fs::read_dir(c.path("exercises"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| std::fs::read_to_string(p).unwrap().contains("objectives:"))
        .expect("an exercise with objectives");
    let text = std::fs::read_to_string(&ex).unwrap();
    let modules_line = text
        .lines()
        .find(|l| l.starts_with("modules:"))
        .expect("modules line")
        .to_string();
    std::fs::write(&ex, text.replace(&modules_line, "modules: [findes/ikke]")).unwrap();
    let run = c.run_da(&["check"]);
    run.fails_with(1, &["modulet `findes/ikke` findes ikke"]);
    assert!(
        !run.stderr.contains("læringsmål i opgavens moduler"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("er ikke et læringsmål"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_refuses_to_run_outside_a_course() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fokus"))
        .args(["--no-color", "--root"])
        .arg(dir.path())
        .args(["new", "module", "del/navn"])
        .env("FOKUS_LANGUAGE", "da")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = crate::common::flat(&String::from_utf8_lossy(&out.stderr));
    assert!(
        err.contains("er ikke en kursusmappe: der er ingen course.yaml"),
        "{err}"
    );
    assert!(!dir.path().join("content").exists(), "nothing was written");
}
