//! The trainer's path through the command line (issue 11): `--help` and
//! status lines in the course's language within 80 columns, no escape codes
//! in a pipe, the authoring warnings, all errors at once, file names with
//! Danish letters, and the files `new` writes.

use std::path::Path;
use std::process::Command;

use crate::common::{Course, Run, flat};

/// Run the real binary with `args` in `dir`, with the given environment
/// (`FOKUS_LANGUAGE` is cleared unless given).
fn fokus(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fokus"));
    cmd.current_dir(dir)
        .env_remove("FOKUS_LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.args(args).output().expect("run fokus"))
}

/// Every line of `text` fits an 80-column terminal.
fn fits_80(text: &str) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} columns: {line:?}",
            line.chars().count()
        );
    }
}

const HELPS: [&[&str]; 8] = [
    &["--help"],
    &["build", "--help"],
    &["check", "--help"],
    &["serve", "--help"],
    &["init", "--help"],
    &["new", "module", "--help"],
    &["new", "exercise", "--help"],
    &["package", "--help"],
];

#[test]
fn help_follows_the_course_language_and_fits_80_columns() {
    let c = Course::fixture("mini");
    for args in HELPS {
        let run = fokus(c.root(), &[("LANG", "en_GB.UTF-8")], args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        // The Danish course decides, not the English environment.
        assert!(
            run.stdout.contains("Brug: fokus"),
            "{args:?}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("Tilvalg:"), "{}", run.stdout);
        assert!(!run.stdout.contains("Usage:"), "{}", run.stdout);
        assert!(!run.stdout.contains("Print help"), "{}", run.stdout);
        fits_80(&run.stdout);
    }
    let top = fokus(c.root(), &[], &["--help"]).stdout;
    assert!(top.contains("Tjek hele kurset"), "{top}");
    assert!(top.contains("--root <MAPPE>"), "{top}");

    c.edit("course.yaml", "language: da", "language: en");
    for args in HELPS {
        let run = fokus(c.root(), &[("LANG", "da_DK.UTF-8")], args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stdout.contains("Usage: fokus"),
            "{args:?}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("Options:"), "{}", run.stdout);
        fits_80(&run.stdout);
    }
    let serve = fokus(c.root(), &[], &["serve", "--help"]).stdout;
    assert!(
        serve.contains("if it is taken, the next free one"),
        "{serve}"
    );
}

#[test]
fn outside_a_course_help_follows_lang() {
    let dir = tempfile::tempdir().unwrap();
    let en = fokus(dir.path(), &[("LANG", "en_US.UTF-8")], &["init", "--help"]);
    assert!(
        en.stdout.contains("Create a new, small course"),
        "{}",
        en.stdout
    );
    let da = fokus(dir.path(), &[("LANG", "da_DK.UTF-8")], &["init", "--help"]);
    assert!(
        da.stdout.contains("Opret et nyt, lille kursus"),
        "{}",
        da.stdout
    );
    fits_80(&da.stdout);
}

/// A wrong command line: plain Danish with a suggestion, exit code 2.
#[test]
fn a_wrong_command_line_is_explained_in_danish() {
    let c = Course::fixture("mini");
    let typo = fokus(c.root(), &[], &["bild"]);
    typo.fails_with(2, &["`bild` er ikke en kommando", "mente du `build`?"]);
    let flag = fokus(c.root(), &[], &["build", "--frob"]);
    flag.fails_with(
        2,
        &["`--frob` er ikke et tilvalg", "fokus <kommando> --help"],
    );
    let value = fokus(c.root(), &[], &["build", "--edition", "alle"]);
    value.fails_with(2, &["`alle` kan ikke bruges", "participant, trainer"]);
    for run in [&typo, &flag, &value] {
        assert!(!run.stderr.contains("error:"), "{}", run.stderr);
        fits_80(&run.stderr);
    }
}

/// Output to a pipe or a file has no colour codes, with or without
/// `--no-color`, in help, errors and status lines.
#[test]
fn no_escape_codes_when_output_is_not_a_terminal() {
    let c = Course::fixture("mini");
    let ok = fokus(c.root(), &[], &["check"]);
    let help = fokus(c.root(), &[], &["--help"]);
    let usage = fokus(c.root(), &[], &["build", "--frob"]);
    c.edit(
        "content/grundlag/samtalen.md",
        "title: Samtalen",
        "titel: Samtalen",
    );
    let failed = fokus(c.root(), &[], &["build"]);
    assert_eq!(failed.code, 1);
    for run in [&ok, &help, &usage, &failed] {
        assert!(
            !run.stderr.contains('\x1b') && !run.stdout.contains('\x1b'),
            "{}{}",
            run.stdout,
            run.stderr
        );
    }
}

/// Status lines speak the course's language.
#[test]
fn status_lines_follow_the_course_language() {
    let c = Course::fixture("mini");
    let built = fokus(c.root(), &[], &["build"]);
    assert!(
        built.ok().contains("bygget: 2 dele, 3 moduler, 1 opgaver"),
        "{}",
        built.stderr
    );
    let checked = fokus(c.root(), &[], &["check"]);
    assert!(checked.ok().contains("ok: 2 dele"), "{}", checked.stderr);
    c.edit("course.yaml", "language: da", "language: en");
    let built = fokus(c.root(), &[], &["build"]);
    assert!(
        built.ok().contains("built 2 parts, 3 modules"),
        "{}",
        built.stderr
    );
}

/// Each authoring warning: file, line, what is wrong and what to do, in
/// Danish and in English; the build still succeeds.
#[test]
fn authoring_warnings_name_the_line_and_the_fix() {
    let c = Course::fixture("mini");
    c.edit(
        "content/praksis/opfoelgning.md",
        "## Hvad følger vi op på?",
        "# Opfølgning\n\n## Hvad følger vi op på?\n\nLinje med <b>fed</b>.\n\n```tipp\nEt råd.\n```",
    );
    c.edit(
        "exercises/alle-typer.yaml",
        "prompt: Hvilket spørgsmål tager afsæt i evner?",
        "prompt: Hvilket <i>spørgsmål</i> tager afsæt i evner?",
    );
    let da = c.run_da(&["check"]);
    assert_eq!(da.code, 0, "{}", da.stderr);
    let text = flat(&da.stderr);
    for needle in [
        // In an exercise: once, though the exercise is shown on several pages.
        "advarsel: HTML (`<i>`) bliver vist som tekst på siden, ikke som HTML --> exercises/alle-typer.yaml:9:1",
        "advarsel: filen begynder med overskriften »Opfølgning«, men siden viser allerede titlen fra `title:`",
        "content/praksis/opfoelgning.md:9:1",
        "advarsel: HTML (`<b>`) bliver vist som tekst på siden",
        "content/praksis/opfoelgning.md:13:11",
        "skriv det med Markdown i stedet",
        "advarsel: `tipp` er ikke navnet på en boks",
        "content/praksis/opfoelgning.md:15:1",
        "mente du `tip`?",
    ] {
        assert!(text.contains(needle), "lacks {needle:?}:\n{}", da.stderr);
    }
    let en = flat(&c.run(&["check"]).stderr);
    for needle in [
        "warning: the file starts with the heading “Opfølgning”",
        "warning: HTML (`<b>`) is shown as text on the page",
        "did you mean `tip`?",
    ] {
        assert!(en.contains(needle), "lacks {needle:?}:\n{en}");
    }
    // An ordinary code block and a heading further down are not warned about.
    assert_eq!(da.stderr.matches("advarsel: HTML (`<b>`)").count(), 1);
    assert_eq!(da.stderr.matches("advarsel: HTML (`<i>`)").count(), 1);
    assert_eq!(text.matches("er ikke navnet på en boks").count(), 1);
}

/// `init` and `new` write placeholder sentences from the message table; the
/// check names each file that still has one, in the course's language.
#[test]
fn placeholder_text_left_from_init_and_new_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("kursus");
    let made = fokus(
        dir.path(),
        &[("LANG", "da_DK.UTF-8")],
        &["init", course.to_str().unwrap()],
    );
    made.ok();
    let check = fokus(&course, &[], &["check"]);
    let text = flat(check.ok());
    assert!(
        text.contains("content/introduktion/velkommen.md:5:10")
            && text.contains(
                "filen indeholder stadig eksempeltekst fra `fokus init`/`fokus new`: »Hvad modulet handler om"
            )
            && text.contains("exercises/foerste-opgave.yaml:6:8"),
        "{text}"
    );
    // Replace every placeholder in the module: its warning goes, the others stay.
    let module = course.join("content/introduktion/velkommen.md");
    let mut written = std::fs::read_to_string(&module).unwrap();
    for key in [
        "Hvad modulet handler om, i én eller to sætninger.",
        "Du kan forklare metoden med dine egne ord.",
        "Modulets første afsnit",
        "Skriv modulets tekst her, i Markdown.",
        "Et tal eller en kendsgerning fra en kilde.",
        "Navn på kilden og året, den er fra",
        "Et godt råd til deltagerne skrives her.",
        "Skriv her, hvad deltagerne skal passe på.",
        "Et spørgsmål, deltagerne tænker over.",
        "Kun i underviserudgaven: tid, hvordan I kører drøftelsen, faldgruber.",
    ] {
        assert!(written.contains(key), "{key}");
        written = written.replace(key, "Egen tekst");
    }
    std::fs::write(&module, written).unwrap();
    let again = flat(fokus(&course, &[], &["check"]).ok());
    assert!(!again.contains("velkommen.md:"), "{again}");
    assert!(again.contains("exercises/foerste-opgave.yaml"), "{again}");
}

/// A front matter with a wrong key no longer hides a broken link in the
/// body of the same file.
#[test]
fn a_front_matter_error_does_not_hide_the_body_errors() {
    let c = Course::fixture("mini");
    c.edit(
        "content/grundlag/samtalen.md",
        "order: 2",
        "order: 2\nvarighed: 5",
    );
    c.edit(
        "content/grundlag/samtalen.md",
        "Tilbage til [evner](evner.md).",
        "Tilbage til [evner](evnerne.md).",
    );
    let run = c.run(&["check"]);
    run.fails_with(
        1,
        &[
            "unknown key `varighed`",
            "content/grundlag/samtalen.md:4:1",
            "the link to `evnerne.md`",
        ],
    );
    assert!(run.stderr.contains("errors: 2"), "{}", run.stderr);
}

/// A front matter that cannot be read at all: its body is still checked,
/// and the exercise naming the module's objectives gets no second error.
#[test]
fn a_broken_front_matter_does_not_cascade_into_the_exercises() {
    let c = Course::fixture("mini");
    c.edit(
        "content/grundlag/samtalen.md",
        "title: Samtalen",
        "title: Samtalen\n\tduration: 5",
    );
    c.edit(
        "content/grundlag/samtalen.md",
        "Tilbage til [evner](evner.md).",
        "Tilbage til [evner](evnerne.md).",
    );
    let run = c.run(&["check"]);
    run.fails_with(1, &["tab", "the link to `evnerne.md`"]);
    assert!(run.stderr.contains("errors: 2"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("is not an objective"),
        "{}",
        run.stderr
    );
}

/// A syntax error in one exercise is reported together with another
/// exercise's errors and the errors in the Markdown.
#[test]
fn an_exercise_syntax_error_is_reported_with_the_other_errors() {
    let c = Course::fixture("mini");
    c.write(
        "exercises/oedelagt.yaml",
        "id: oedelagt\ntitle: \"Ikke lukket\nmodules: [grundlag/evner]\n",
    );
    let other = std::fs::read_to_string(c.path("exercises/alle-typer.yaml"))
        .unwrap()
        .replace("id: alle-typer", "id: anden")
        .replace("modules: [grundlag/evner", "modules: [grundlag/findes-ikke");
    c.write("exercises/anden.yaml", other);
    c.edit(
        "content/grundlag/samtalen.md",
        "Tilbage til [evner](evner.md).",
        "Tilbage til [evner](evnerne.md).\n\n```opgave\noedelagt\n```",
    );
    let run = c.run(&["check"]);
    run.fails_with(
        1,
        &[
            "exercises/oedelagt.yaml",
            "exercises/anden.yaml",
            "the module `grundlag/findes-ikke` does not exist",
            "the link to `evnerne.md`",
        ],
    );
    // The embed of the unreadable exercise is not a second error.
    assert!(run.stderr.contains("errors: 3"), "{}", run.stderr);
}

/// A file name with capitals, spaces and Danish letters builds to its slug;
/// two files with the same address give one warning.
#[test]
fn danish_file_names_build_to_their_slug() {
    let c = Course::fixture("mini");
    c.write(
        "content/praksis/Øvelse 1.md",
        "---\ntitle: Øvelse 1\n---\n\n## Gør sådan\n\nSe [opfølgning](opfoelgning.md).\n",
    );
    c.edit(
        "content/praksis/opfoelgning.md",
        "Noget.",
        "Noget. Se [øvelsen](<Øvelse 1.md>) og [igen](%C3%98velse%201.md#goer-saadan).",
    );
    let run = c.run(&["build"]);
    run.ok();
    assert!(
        !run.stderr.contains("warning: the file gets"),
        "{}",
        run.stderr
    );
    assert!(c.output("praksis/oevelse-1.html").contains("Øvelse 1"));
    let page = c.output("praksis/opfoelgning.html");
    assert!(
        page.contains("href=\"../praksis/oevelse-1.html\""),
        "link by name"
    );
    assert!(
        page.contains("href=\"../praksis/oevelse-1.html#goer-saadan\""),
        "link with %-escapes"
    );

    c.write(
        "content/praksis/oevelse-1.md",
        "---\ntitle: Dublet\n---\n\nTekst.\n",
    );
    c.edit(
        "content/praksis/opfoelgning.md",
        " og [igen](%C3%98velse%201.md#goer-saadan)",
        "",
    );
    // The link to the file left out leads to the page at its address: one
    // warning, no link errors.
    let clash = c.run_da(&["build"]);
    assert_eq!(clash.code, 0, "{}", clash.stderr);
    let text = flat(&clash.stderr);
    assert!(
        text.contains("advarsel: filen får samme webadresse (`oevelse-1.html`) som content/praksis/oevelse-1.md")
            && text.contains("content/praksis/Øvelse 1.md"),
        "{text}"
    );
    assert_eq!(text.matches("samme webadresse").count(), 1, "{text}");
}

/// `new module` restores Danish letters in the title, orders the module
/// after the part's last one and embeds an exercise; `new exercise`
/// follows `--module` and prints the embed block.
#[test]
fn new_writes_files_that_are_right_from_the_start() {
    let c = Course::fixture("mini");
    let made = fokus(c.root(), &[], &["new", "module", "grundlag/Første møde"]);
    assert!(
        made.ok()
            .contains("oprettet: content/grundlag/foerste-moede.md"),
        "{}",
        made.stderr
    );
    let text = std::fs::read_to_string(c.path("content/grundlag/foerste-moede.md")).unwrap();
    assert!(text.contains("\ntitle: Første møde\n"), "{text}");
    // The part's modules have order 1 and 2.
    assert!(text.contains("\norder: 3\n"), "{text}");
    assert!(text.contains("```opgave\nalle-typer\n```"), "{text}");

    fokus(
        c.root(),
        &[],
        &["new", "module", "praksis/maal-og-opfoelgning-paa-poesi"],
    )
    .ok();
    let text = std::fs::read_to_string(c.path("content/praksis/maal-og-opfoelgning-paa-poesi.md"))
        .unwrap();
    // `mål` and `på` are known words; `poesi` keeps its letters.
    assert!(
        text.contains("\ntitle: Mål og opfølgning på poesi\n"),
        "{text}"
    );

    // Without a part: the course's last part.
    fokus(c.root(), &[], &["new", "module", "Sidste trin"]).ok();
    assert!(c.path("content/praksis/sidste-trin.md").is_file());

    let ex = fokus(
        c.root(),
        &[],
        &[
            "new",
            "exercise",
            "ny-opgave",
            "--module",
            "grundlag/foerste-moede",
        ],
    );
    let said = ex.ok();
    assert!(
        said.contains("nederst i content/grundlag/foerste-moede.md")
            && said.contains("```opgave\nny-opgave\n```"),
        "{said}"
    );
    let yaml = std::fs::read_to_string(c.path("exercises/ny-opgave.yaml")).unwrap();
    assert!(yaml.contains("modules: [grundlag/foerste-moede]"), "{yaml}");
    assert!(yaml.contains("objectives: [forstaa-metoden]"), "{yaml}");
    let unknown = fokus(
        c.root(),
        &[],
        &["new", "exercise", "x", "--module", "ingen/steder"],
    );
    unknown.fails_with(2, &["modulet `ingen/steder` findes ikke"]);

    // Everything new builds; only the placeholders are warned about.
    let check = c.run_da(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("eksempeltekst"), "{}", check.stderr);
}

/// The files `init` and `new` write explain each field in the course's
/// language (Danish unless `--language en`), with comments and example
/// sentences from the message table.
#[test]
fn init_writes_comments_and_examples_in_its_language() {
    for (lang, words) in [
        (
            "da",
            [
                "language: da",
                "# Påkrævet: modulets titel",
                "summary: Hvad modulet handler om",
                "  # branching: en samtale i trin",
                "  # scale: et udsagn, deltageren vurderer",
                "prompt: \"Hvilket svar er rigtigt?\"",
            ],
        ),
        (
            "en",
            [
                "language: en",
                "# Required: the module's title",
                "summary: What the module is about",
                "  # branching: a conversation in nodes",
                "  # scale: a statement rated on a scale",
                "prompt: \"Which answer is right?\"",
            ],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let course = dir.path().join("k");
        // The environment's language is English; the course's is asked for.
        let mut args = vec!["init", course.to_str().unwrap()];
        if lang == "en" {
            args.extend(["--language", "en"]);
        }
        fokus(dir.path(), &[("LANG", "en_GB.UTF-8")], &args).ok();
        let all = [
            "course.yaml",
            "content/introduktion/velkommen.md",
            "exercises/foerste-opgave.yaml",
        ]
        .map(|f| std::fs::read_to_string(course.join(f)).unwrap())
        .join("\n");
        for w in words {
            assert!(all.contains(w), "{lang}: lacks {w:?}");
        }
        // It builds, in its own language.
        let built = fokus(&course, &[], &["build"]);
        let said = built.ok();
        assert!(
            said.contains(if lang == "da" { "bygget:" } else { "built" }),
            "{said}"
        );
    }
}

/// A link to a module written without `.md` (or as `.html`) suggests the
/// link that works, once per link.
#[test]
fn a_link_without_md_suggests_the_right_one() {
    let c = Course::fixture("mini");
    c.edit(
        "content/grundlag/samtalen.md",
        "Tilbage til [evner](evner.md).",
        "Tilbage til [evner](evner) og [igen](evner.html).",
    );
    let run = c.run_da(&["check"]);
    run.fails_with(
        1,
        &[
            "linket til `evner` mangler `.md`",
            "linket til `evner.html` mangler `.md`",
            "mente du `evner.md`?",
        ],
    );
    assert!(run.stderr.contains("fejl: 2,"), "{}", run.stderr);
}
