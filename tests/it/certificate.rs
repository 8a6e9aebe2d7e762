//! The course certificate and the answer file (issue 15, items 6–7), as the
//! build writes them into the progress page: the modules the certificate lists
//! with their durations, the parts instead when there are too many for one A4
//! page, every question's version as the exercise pages write it, and
//! `organisation` checked so it fits the certificate.

use crate::common::{Course, attr_values};

/// `data-q="…" data-version="…"` pairs of a built exercise page.
fn page_versions(html: &str) -> Vec<(String, String)> {
    html.split("<form class=\"question\"")
        .skip(1)
        .map(|f| {
            let q = attr_values(f, "data-q")[0].to_string();
            let v = attr_values(f, "data-version")[0].to_string();
            (q, v)
        })
        .collect()
}

fn versions_json(progress: &str) -> serde_json::Value {
    let start = progress
        .find("<script type=\"application/json\" id=\"fokus-versions\">")
        .expect("the progress page holds the question versions");
    let rest = &progress[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(body).expect("the versions are JSON")
}

#[test]
fn progress_page_lists_modules_with_durations_and_the_question_versions() {
    let c = Course::fixture("certificate");
    c.run(&["build"]).ok();
    let progress = c.output("fremskridt/index.html");
    assert!(progress.contains("<p class=\"certificate-course\">Beviskursus</p>"));
    assert!(progress.contains("Udbyder: Jobcenter Testkommunen"));
    assert!(progress.contains("<tr><td>Første modul</td><td data-minutes=\"45\">"));
    assert!(progress.contains("<tr><td>Andet modul</td><td data-minutes=\"60\">"));
    assert!(progress.contains("data-total=\"105\""));
    assert!(progress.contains("<caption>Kursets moduler</caption>"));
    // The versions are exactly those the exercise pages carry, question by question.
    let versions = versions_json(&progress);
    for id in ["quiz", "tanker"] {
        let page = c.output(&format!("opgaver/{id}.html"));
        let on_page = page_versions(&page);
        assert!(!on_page.is_empty());
        let listed = versions[id].as_object().expect("each exercise is listed");
        assert_eq!(listed.len(), on_page.len(), "{id}: every question, no more");
        for (q, v) in on_page {
            assert_eq!(
                listed[&q],
                v.as_str(),
                "{id}/{q}: the progress page's version"
            );
        }
    }
    // Editing a question changes its version, and only its.
    let before = versions;
    c.edit(
        "exercises/quiz.yaml",
        "Evner kan ses i hverdagen.",
        "Evner kan ses i hverdagen og på arbejdet.",
    );
    c.run(&["build"]).ok();
    let after = versions_json(&c.output("fremskridt/index.html"));
    assert_ne!(after["quiz"]["sandt"], before["quiz"]["sandt"]);
    assert_eq!(after["quiz"]["evne"], before["quiz"]["evne"]);
    assert_eq!(after["tanker"], before["tanker"]);
}

#[test]
fn certificate_lists_only_the_modules_the_rule_names() {
    let c = Course::fixture("certificate");
    c.edit("course.yaml", "  modules: all", "  modules: [del/andet]");
    c.run(&["build"]).ok();
    let progress = c.output("fremskridt/index.html");
    assert!(progress.contains("<tr><td>Andet modul</td>"));
    assert!(!progress.contains("<tr><td>Første modul</td>"));
    assert!(progress.contains("data-total=\"60\""));
}

#[test]
fn many_modules_are_listed_as_parts_to_fit_one_page() {
    let c = Course::fixture("certificate");
    for part in ["a", "b"] {
        c.write(
            &format!("content/{part}/_index.md"),
            format!("---\ntitle: Del {part}\n---\n\nDelen.\n"),
        );
        for i in 0..15 {
            c.write(
                &format!("content/{part}/m{i}.md"),
                format!("---\ntitle: Modul {part}{i}\nduration: 10\n---\n\nTekst.\n"),
            );
        }
    }
    c.run(&["build"]).ok();
    let progress = c.output("fremskridt/index.html");
    assert!(progress.contains("<caption>Kursets dele</caption>"));
    assert!(progress.contains("<tr><td>Del a</td><td data-minutes=\"150\">"));
    assert!(progress.contains("<tr><td>Delen</td><td data-minutes=\"105\">"));
    assert!(!progress.contains("Modul a1"));
    assert!(progress.contains("data-total=\"405\""));
}

#[test]
fn organisation_must_fit_the_certificate() {
    let c = Course::fixture("certificate");
    let long = "Jobcenter ".repeat(13);
    c.edit(
        "course.yaml",
        "organisation: Jobcenter Testkommunen",
        &format!("organisation: {long}"),
    );
    c.run(&["build"]).fails_with(
        1,
        &[
            "course.yaml:4:",
            "`organisation` must be one line of at most 120 characters",
            "it is 129",
        ],
    );
    c.edit(
        "course.yaml",
        &format!("organisation: {long}"),
        "organisation: \"Jobcenter\\nTestkommunen\"",
    );
    c.run_da(&["build"]).fails_with(
        1,
        &[
            "course.yaml:4:",
            "`organisation` må højst være én linje på 120 tegn",
        ],
    );
    // Empty, as `fokus init` writes it, is no organisation.
    c.edit(
        "course.yaml",
        "organisation: \"Jobcenter\\nTestkommunen\"",
        "organisation: \"\"",
    );
    c.run(&["build"]).ok();
    assert!(
        !c.output("fremskridt/index.html")
            .contains("certificate-organisation")
    );
}
