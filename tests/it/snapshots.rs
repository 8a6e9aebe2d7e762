//! Snapshots of one page of each kind, from the mini fixture in both
//! editions, so an unintended change in the output shows as a readable diff.
//! After an intended change: `INSTA_UPDATE=always cargo test --test it snapshots`,
//! then review the diff of `tests/it/snapshots/` before committing.

use crate::common::Course;

const PAGES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("part", "grundlag/index.html"),
    ("module", "grundlag/evner.html"),
    ("page", "ordliste.html"),
    ("exercise", "opgaver/alle-typer.html"),
    ("exercises", "opgaver/index.html"),
    ("not_found", "404.html"),
    ("print", "udskrift/index.html"),
    ("progress", "fremskridt/index.html"),
];

#[test]
fn one_page_of_each_kind() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    c.run(&["build", "--edition", "trainer", "--out", "trainer"])
        .ok();
    for (name, rel) in PAGES {
        insta::assert_snapshot!(format!("participant_{name}"), c.output(rel));
    }
    for (name, rel) in [
        ("answer_key", "facit/index.html"),
        ("dayplan", "dagsplan/index.html"),
        ("module", "grundlag/evner.html"),
    ] {
        let p = c.path("trainer").join(rel);
        let html = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        insta::assert_snapshot!(format!("trainer_{name}"), html);
    }
}
