//! `fokus build` on a fixture course: what lands in `public/`.

use crate::common::{Course, attr_values, html_files};

#[test]
fn builds_every_page_with_a_one_line_summary() {
    let c = Course::fixture("mini");
    let err = c.run(&["build"]).ok().to_string();
    assert!(
        err.contains("2 parts, 3 modules, 1 exercises"),
        "summary: {err}"
    );
    // The fixture writes `<script>` in Markdown on purpose (it must be shown
    // as text): that one warning, then the one summary line.
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(
        crate::common::flat(&err)
            .contains("HTML (`<script>alert(\"x\")</script>`) is shown as text"),
        "{err}"
    );
    assert!(err.lines().last().unwrap_or("").contains("built"), "{err}");
    for f in [
        "index.html",
        "404.html",
        "grundlag/index.html",
        "grundlag/evner.html",
        "grundlag/samtalen.html",
        "praksis/opfoelgning.html",
        "ordliste.html",
        "opgaver/index.html",
        "opgaver/alle-typer.html",
        "assets/fokus.css",
        "assets/fokus.js",
        "assets/toc.js",
        "praksis/figur.svg",
        "ekstra.txt",
        ".fokus-output",
    ] {
        assert!(c.path("public").join(f).is_file(), "missing {f}");
    }
}

#[test]
fn every_internal_url_is_relative_and_resolves() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let public = c.path("public");
    for (rel, html) in html_files(&public) {
        let dir = std::path::Path::new(&rel).parent().unwrap().to_path_buf();
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if url.starts_with("https://")
                || url.starts_with("mailto:")
                || url.starts_with("data:")
                || url.starts_with('#')
            {
                continue;
            }
            assert!(
                !url.starts_with('/') && !url.contains("://"),
                "{rel}: absolute URL {url}"
            );
            let path = url.split('#').next().unwrap();
            let target = fokus::links::normalise(&public.join(&dir).join(path));
            assert!(target.is_file(), "{rel}: {url} does not exist");
            assert!(target.starts_with(&public), "{rel}: {url} leaves the site");
        }
    }
}

#[test]
fn links_between_modules_are_rewritten_with_danish_anchors() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let html = c.output("grundlag/evner.html");
    assert!(
        html.contains(r#"<a href="../grundlag/samtalen.html">næste modul</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"href="../praksis/opfoelgning.html#hvad-foelger-vi-op-paa""#));
    assert!(html.contains(r#"href="../ordliste.html#sygedagpenge""#));
    assert!(html.contains(r#"<h2 id="saadan-skriver-i-maalet">"#));
    assert!(
        html.contains(r#"<h2 id="saadan-skriver-i-maalet-2">"#),
        "unique ids"
    );
    assert!(html.contains(r##"href="#saadan-skriver-i-maalet""##));
}

#[test]
fn module_page_shows_objectives_duration_navigation_and_extensions() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let html = c.output("grundlag/evner.html");
    for needle in [
        r#"<html lang="da""#,
        "Læringsmål",
        "Du kan få øje på borgerens evner.",
        "30 min.",
        "På denne side",
        r#"class="skip-link""#,
        r#"rel="next" href="../grundlag/samtalen.html""#,
        r#"aria-current="page">Evner før begrænsninger"#,
        "<table>",
        "<del>Slettet</del>",
        r#"<span class="task" aria-hidden="true">☑</span><span class="visually-hidden">Udført: </span>"#,
        "footnote-definition",
        r#"callout callout-fact"#,
        "Kilde: Fokusrevision 2020, Ressourceforløb, Deloitte",
        "callout-tip",
        "callout-warning",
        "callout-reflection",
        "callout-note",
        // The exercise the module names is a card that leads to its own page.
        r#"class="exercise-card""#,
        r#"<a class="button" href="../opgaver/alle-typer.html">Løs opgaven"#,
    ] {
        assert!(html.contains(needle), "module page lacks {needle:?}");
    }
    assert!(
        !html.contains("<form class=\"question\""),
        "the questions are on the exercise's own page, not on the module page"
    );
    // The printout holds everything: there the exercise is shown whole.
    let print = c.output("udskrift/index.html");
    assert!(
        print.contains(r#"class="exercise-embed""#) && print.contains("<form class=\"question\"")
    );
    // Raw HTML from Markdown is shown as text, never run.
    assert!(!html.contains("<script>alert"), "raw HTML must be escaped");
    assert!(html.contains("&lt;script&gt;alert"));
    // The course navigation lives in one shared script, not in each page.
    assert!(!html.contains("Lyt først"));
    let toc = c.output("assets/toc.js");
    assert!(toc.contains("\"grundlag/samtalen.html\"") && toc.starts_with("window.fokusToc="));
}

#[test]
fn trainer_notes_only_in_the_trainer_edition() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    for (rel, html) in html_files(&c.path("public")) {
        assert!(
            !html.contains("HEMMELIG-UNDERVISERNOTE"),
            "participant page {rel} leaks a trainer note"
        );
        assert!(!html.contains("callout-trainer"), "{rel}");
    }
    c.run(&["build", "--edition", "trainer"]).ok();
    let trainer = std::fs::read_to_string(c.path("public-trainer/grundlag/evner.html")).unwrap();
    assert!(trainer.contains("HEMMELIG-UNDERVISERNOTE") && trainer.contains("Til underviseren"));
    assert!(trainer.contains("Underviserudgave"));
}

#[test]
fn english_interface_when_the_course_says_en() {
    let c = Course::fixture("mini");
    c.edit("course.yaml", "language: da", "language: en");
    c.run(&["build"]).ok();
    let html = c.output("grundlag/evner.html");
    assert!(html.contains(r#"<html lang="en""#) && html.contains("Learning objectives"));
    assert!(!html.contains("Læringsmål"));
}

#[test]
fn course_templates_and_static_files_override_the_theme() {
    let c = Course::fixture("mini");
    c.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Væk!</h1>{% endblock content %}",
    );
    c.write("static/assets/fokus.css", "body{color:black}");
    c.run(&["build"]).ok();
    assert!(c.output("404.html").contains("<h1>Væk!</h1>"));
    assert_eq!(c.output("assets/fokus.css"), "body{color:black}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let c = Course::fixture("mini");
    c.write(
        "content/praksis/kladde.md",
        "---\ntitle: Kladde\ndraft: true\n---\nTekst\n",
    );
    c.run(&["build"]).ok();
    assert!(!c.path("public/praksis/kladde.html").exists());
    c.run(&["build", "--drafts"]).ok();
    assert!(c.path("public/praksis/kladde.html").exists());
    // A link to a draft says why it leads nowhere.
    c.edit(
        "content/grundlag/samtalen.md",
        "(evner.md)",
        "(../praksis/kladde.md)",
    );
    c.run(&["build"])
        .fails_with(1, &["leads to no module or page", "the module is a draft"]);
    c.run(&["build", "--drafts"]).ok();
}

#[test]
fn build_is_byte_for_byte_reproducible() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let first = html_files(&c.path("public"));
    c.run(&["build"]).ok();
    let mut a = first;
    let mut b = html_files(&c.path("public"));
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn check_writes_nothing() {
    let c = Course::fixture("mini");
    let err = c.run(&["check"]).ok().to_string();
    assert!(err.contains("ok: 2 parts, 3 modules"), "{err}");
    assert!(!c.path("public").exists());
}

#[test]
fn init_makes_a_course_that_builds_and_new_files_build() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("kursus");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fokus"))
        .env("FOKUS_LANGUAGE", "en")
        .arg("init")
        .arg(&course)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_fokus"))
            .env("FOKUS_LANGUAGE", "en")
            .arg("--root")
            .arg(&course)
            .args(args)
            .output()
            .unwrap()
    };
    let build = run(&["build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(course.join("public/introduktion/velkommen.html").is_file());
    assert!(course.join("public/opgaver/foerste-opgave.html").is_file());

    assert!(run(&["new", "module", "ny-del/nyt-modul"]).status.success());
    assert!(
        run(&["new", "module", "ny-del/andet-modul"])
            .status
            .success()
    );
    // The new exercise trains the module named with --module.
    let made = run(&[
        "new",
        "exercise",
        "ny-opgave",
        "--module",
        "ny-del/nyt-modul",
    ]);
    assert!(made.status.success());
    let said = String::from_utf8_lossy(&made.stderr);
    assert!(said.contains("```opgave\nny-opgave\n```"), "{said}");
    let again = run(&["new", "exercise", "ny-opgave"]);
    assert_eq!(again.status.code(), Some(2), "never overwrites");
    // The other new module's objective is not checked by any question yet: a
    // warning, and an error under --strict.
    let check = run(&["--no-color", "check"]);
    let stderr = crate::common::flat(&String::from_utf8_lossy(&check.stderr));
    assert!(check.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "no question checks the objective `forstaa-metoden` of module `ny-del/andet-modul`"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("of module `ny-del/nyt-modul`"), "{stderr}");
    assert_eq!(run(&["check", "--strict"]).status.code(), Some(1));
    assert!(
        course.join("exercises/exercise.schema.json").is_file(),
        "schema next to the exercises"
    );
    let text = std::fs::read_to_string(course.join("exercises/ny-opgave.yaml")).unwrap();
    for t in crate::common::QUESTION_TYPES {
        assert!(text.contains(&format!("type: {t}")), "template lacks {t}");
    }
    // init refuses a folder with files in it.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fokus"))
        .env("FOKUS_LANGUAGE", "en")
        .arg("init")
        .arg(&course)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
