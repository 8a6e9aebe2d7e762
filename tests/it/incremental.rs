//! `fokus serve` rebuilds with a cache of the previous build. Whatever is
//! edited, the cached rebuild must give exactly the files a clean build gives.

use std::collections::BTreeMap;

use crate::common::Course;
use fokus::build::{BuildOptions, Memo, build, build_with};

/// A named change to the course.
type Edit = Box<dyn Fn(&Course)>;

fn files(site: fokus::build::Site) -> BTreeMap<String, Vec<u8>> {
    site.files
        .into_iter()
        .map(|f| (f.path, f.bytes.to_vec()))
        .collect()
}

#[test]
fn cached_rebuilds_equal_clean_builds_after_every_kind_of_edit() {
    for edition in [
        fokus::config::Edition::Participant,
        fokus::config::Edition::Trainer,
    ] {
        let c = Course::fixture("mini");
        // Files saved long ago are reused by their stamp; edited ones are fresh.
        age(c.root());
        let opts = BuildOptions {
            edition,
            ..BuildOptions::new(c.root())
        };
        let mut cache = Memo::new();
        build_with(&opts, &mut cache).expect("first build");
        let edits: Vec<(&str, Edit)> = vec![
            (
                "body text",
                Box::new(|c| {
                    c.edit(
                        "content/grundlag/samtalen.md",
                        "Tilbage til",
                        "Gå tilbage til",
                    )
                }),
            ),
            (
                "a heading another page links to",
                Box::new(|c| {
                    c.edit(
                        "content/praksis/opfoelgning.md",
                        "## Hvad følger vi op på?",
                        "## Hvad følger vi op på?\n\n## Nyt afsnit",
                    );
                }),
            ),
            (
                "a module title (navigation, neighbours, part page)",
                Box::new(|c| {
                    c.edit(
                        "content/grundlag/samtalen.md",
                        "title: Samtalen",
                        "title: Den gode samtale",
                    )
                }),
            ),
            (
                "an exercise",
                Box::new(|c| {
                    c.edit(
                        "exercises/alle-typer.yaml",
                        "Hvad tager du med?",
                        "Hvad tager du med hjem?",
                    )
                }),
            ),
            (
                "the course settings",
                Box::new(|c| {
                    c.edit(
                        "course.yaml",
                        "footer: Fodnote for test",
                        "footer: Ny fodnote",
                    )
                }),
            ),
            (
                "a template",
                Box::new(|c| {
                    c.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<h1>Væk</h1>{% endblock content %}")
                }),
            ),
            (
                "the interface language",
                Box::new(|c| c.edit("course.yaml", "language: da", "language: en")),
            ),
            (
                "a new module",
                Box::new(|c| {
                    c.write(
                        "content/praksis/ny.md",
                        "---\ntitle: Ny\n---\n\n## Afsnit\n\nSe [evner](../grundlag/evner.md).\n",
                    )
                }),
            ),
            (
                "a deleted module",
                Box::new(|c| std::fs::remove_file(c.path("content/praksis/ny.md")).unwrap()),
            ),
            ("nothing", Box::new(|_| {})),
        ];
        for (what, edit) in edits {
            edit(&c);
            let cached =
                files(build_with(&opts, &mut cache).unwrap_or_else(|d| panic!("{what}: {d}")));
            let clean = files(build(&opts).unwrap_or_else(|d| panic!("{what}: {d}")));
            assert_eq!(
                cached.keys().collect::<Vec<_>>(),
                clean.keys().collect::<Vec<_>>(),
                "{what}: the same files"
            );
            for (path, bytes) in &clean {
                assert!(
                    cached[path] == *bytes,
                    "{edition:?}, after editing {what}: {path} differs from a clean build"
                );
            }
        }
    }
}

/// Long ago (November 2023): old enough for a file's stamp to be trusted.
fn long_ago() -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000)
}

/// Date every file below `dir` long ago.
fn age(dir: &std::path::Path) {
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let file = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            file.set_modified(long_ago()).unwrap();
        }
    }
}

#[test]
fn a_file_changed_with_its_size_and_time_kept_is_read_again() {
    // A module and an exercise: both are reused by their stamp.
    for (file, from, to, page) in [
        (
            "content/grundlag/samtalen.md",
            "Tilbage til",
            "Tilbage tel",
            "grundlag/samtalen.html",
        ),
        (
            "exercises/alle-typer.yaml",
            "Hvad tager du med?",
            "Hvad tager du mod?",
            "opgaver/alle-typer.html",
        ),
    ] {
        let c = Course::fixture("mini");
        age(c.root());
        let opts = BuildOptions::new(c.root());
        let mut cache = Memo::new();
        build_with(&opts, &mut cache).expect("first build");
        // Same length, and the old modification time put back: only the
        // change time (and, for a file saved by renaming, the inode) tells.
        c.edit(file, from, to);
        let f = std::fs::File::options()
            .write(true)
            .open(c.path(file))
            .unwrap();
        f.set_modified(long_ago()).unwrap();
        let cached = files(build_with(&opts, &mut cache).unwrap());
        let clean = files(build(&opts).unwrap());
        let shown = String::from_utf8_lossy(&cached[page]).into_owned();
        assert!(shown.contains(to), "{file}: the edit shows");
        assert_eq!(cached, clean, "{file}");
    }
}

#[test]
fn a_failed_build_leaves_a_cache_that_still_builds_correctly() {
    let c = Course::fixture("mini");
    let opts = BuildOptions::new(c.root());
    let mut cache = Memo::new();
    build_with(&opts, &mut cache).expect("first build");
    c.edit("content/grundlag/samtalen.md", "(evner.md)", "(mangler.md)");
    assert!(build_with(&opts, &mut cache).is_err());
    c.edit("content/grundlag/samtalen.md", "(mangler.md)", "(evner.md)");
    let cached = files(build_with(&opts, &mut cache).unwrap());
    assert_eq!(cached, files(build(&opts).unwrap()));
}

/// Every file under `dir`, by path relative to it with `/` separators.
fn tree(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().map(Result::unwrap) {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// `fokus build` writes each file as it is made instead of collecting the
/// site first; what it writes is exactly what `fokus serve` and `fokus
/// package` get in memory from the same build.
#[test]
fn a_site_written_as_it_is_built_equals_the_site_built_in_memory() {
    for (fixture, edition) in [
        ("mini", fokus::config::Edition::Participant),
        ("mini", fokus::config::Edition::Trainer),
        ("training-day", fokus::config::Edition::Trainer),
    ] {
        let c = Course::fixture(fixture);
        let opts = BuildOptions {
            edition,
            ..BuildOptions::new(c.root())
        };
        let out = c.path("out");
        let writer = fokus::output::SiteWriter::start(c.root(), &out).unwrap();
        let built = fokus::build::build_into(&opts, &mut Memo::none(), &writer).unwrap();
        writer.finish().unwrap();
        let mut written = tree(&out);
        assert!(
            written.remove(fokus::output::MARKER).is_some(),
            "the marker"
        );
        let in_memory = files(build(&opts).unwrap());
        assert_eq!(built.stats.files, in_memory.len(), "{fixture} {edition:?}");
        assert_eq!(
            written.keys().collect::<Vec<_>>(),
            in_memory.keys().collect::<Vec<_>>(),
            "{fixture} {edition:?}: the same files"
        );
        for (path, bytes) in &in_memory {
            assert!(
                written[path] == *bytes,
                "{fixture} {edition:?}: {path} differs"
            );
        }
    }
}
