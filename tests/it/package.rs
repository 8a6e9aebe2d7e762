//! `fokus package scorm12|cmi5|zip`: what the zips hold, that their manifests
//! validate with xmllint against the schemas, that a zip is replaced only by
//! a complete one, that a course with errors writes nothing, and the
//! completion rule's checks in course.yaml.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use crate::common::Course;

/// Every entry of a zip: name → bytes.
fn entries(zip: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(zip).unwrap_or_else(|e| panic!("{}: {e}", zip.display()));
    let mut archive = zip::ZipArchive::new(file).expect("a readable zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.insert(f.name().map(|n| n.to_string()).unwrap_or_default(), bytes);
    }
    out
}

/// Every file of a built site folder: relative path → bytes.
fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .filter(|(rel, _)| rel != ".fokus-output")
        .collect()
}

fn with_pass(c: &Course, pass: &str) {
    let yaml = std::fs::read_to_string(c.path("course.yaml")).unwrap();
    c.write(
        "course.yaml",
        format!("{yaml}completion:\n  modules: all\n  exercises: all\n  pass: {pass}\n"),
    );
}

/// Unpack `entries` into a folder.
fn unpack(files: &BTreeMap<String, Vec<u8>>, dir: &Path) {
    for (name, bytes) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// `xmllint --noout --schema XSD XML`: (passed, output).
fn xmllint(xsd: &Path, xml: &Path) -> (bool, String) {
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd)
        .arg(xml)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "xmllint is needed to validate the manifests ({e}): apt-get install libxml2-utils"
            )
        });
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success() && text.contains("validates"), text)
}

fn tests_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/package"))
}

#[test]
fn scorm12_package_holds_the_same_site_a_manifest_listing_it_and_the_control_files() {
    let c = Course::fixture("mini");
    with_pass(&c, "80");
    c.run(&["build"]).ok();
    let run = c.run(&["package", "scorm12", "--out", "lms.zip"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("(scorm12)"), "{}", run.stderr);
    let zip = entries(&c.path("lms.zip"));
    // The same build: every file of `fokus build` is in the zip, byte for byte.
    let site = site_files(&c.path("public"));
    for (name, bytes) in &site {
        assert_eq!(
            zip.get(name),
            Some(bytes),
            "{name}: not in the package as `fokus build` wrote it"
        );
    }
    for name in [
        "imsmanifest.xml",
        "imscp_rootv1p1p2.xsd",
        "adlcp_rootv1p2.xsd",
        "ims_xml.xsd",
        "imsmd_rootv1p2p1.xsd",
        "scorm12.html",
        "assets/lms-scorm12.js",
        "assets/lms-data.js",
    ] {
        assert!(zip.contains_key(name), "{name} missing from the package");
    }
    let manifest = String::from_utf8(zip["imsmanifest.xml"].clone()).unwrap();
    for name in zip
        .keys()
        .filter(|n| !n.ends_with(".xsd") && *n != "imsmanifest.xml")
    {
        assert!(
            manifest.contains(&format!("<file href=\"{name}\"/>")),
            "{name} is not listed in the manifest's resource"
        );
    }
    assert!(
        manifest.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"),
        "{manifest}"
    );
    assert!(
        manifest.contains("adlcp:scormtype=\"sco\" href=\"scorm12.html\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("<imsmd:language>da</imsmd:language>"),
        "{manifest}"
    );
    assert!(manifest.contains("<title>Minikursus</title>"), "{manifest}");
    // The site's pages do not load the adapter; only the launch page does.
    let launch = String::from_utf8(zip["scorm12.html"].clone()).unwrap();
    assert!(launch.contains("assets/lms-scorm12.js") && launch.contains("assets/lms-data.js"));
    assert!(!String::from_utf8_lossy(&zip["index.html"]).contains("lms-"));
    // The question table names every question of the fixture's exercise, with its version.
    let data = String::from_utf8(zip["assets/lms-data.js"].clone()).unwrap();
    let page = String::from_utf8_lossy(&zip["opgaver/alle-typer.html"]).into_owned();
    let versions = page.matches("data-version=\"").count();
    assert_eq!(versions, 9, "the fixture has 9 questions");
    for q in crate::common::QUESTION_TYPES {
        assert!(
            data.contains(&format!("[\"{q}\",\"{q}\",\"")),
            "{q} missing from lms-data.js: {data}"
        );
    }
}

#[test]
fn no_pass_mark_means_no_mastery_score_and_moveon_completed() {
    let c = Course::fixture("mini");
    assert_eq!(c.run(&["package", "scorm12", "--out", "s.zip"]).code, 0);
    let manifest = String::from_utf8(entries(&c.path("s.zip"))["imsmanifest.xml"].clone()).unwrap();
    assert!(!manifest.contains("masteryscore"), "{manifest}");
    assert_eq!(c.run(&["package", "cmi5", "--out", "c.zip"]).code, 0);
    let xml = String::from_utf8(entries(&c.path("c.zip"))["cmi5.xml"].clone()).unwrap();
    assert!(
        xml.contains("moveOn=\"Completed\"") && !xml.contains("masteryScore"),
        "{xml}"
    );
}

#[test]
fn manifests_validate_against_the_schemas_with_xmllint() {
    let c = Course::fixture("mini");
    with_pass(&c, "66.5");
    assert_eq!(c.run(&["package", "scorm12", "--out", "s.zip"]).code, 0);
    assert_eq!(c.run(&["package", "cmi5", "--out", "c.zip"]).code, 0);
    let dir = tempfile::tempdir().unwrap();
    let scorm = dir.path().join("scorm");
    unpack(&entries(&c.path("s.zip")), &scorm);
    // The XSDs inside the package, joined by a wrapper that imports all three namespaces.
    std::fs::copy(
        tests_dir().join("scorm12-control-files.xsd"),
        scorm.join("all.xsd"),
    )
    .unwrap();
    let (ok, text) = xmllint(&scorm.join("all.xsd"), &scorm.join("imsmanifest.xml"));
    assert!(ok, "imsmanifest.xml does not validate:\n{text}");
    let cmi5 = dir.path().join("cmi5");
    unpack(&entries(&c.path("c.zip")), &cmi5);
    let subset = tests_dir().join("cmi5-CourseStructure.xsd");
    let (ok, text) = xmllint(&subset, &cmi5.join("cmi5.xml"));
    assert!(ok, "cmi5.xml does not validate:\n{text}");
    let xml = std::fs::read_to_string(cmi5.join("cmi5.xml")).unwrap();
    assert!(
        xml.contains("masteryScore=\"0.665\"") && xml.contains("moveOn=\"CompletedAndPassed\""),
        "{xml}"
    );

    // The checks can fail: a manifest without its resources, a masteryScore above 1.
    let manifest = std::fs::read_to_string(scorm.join("imsmanifest.xml")).unwrap();
    let start = manifest.find("<resources>").unwrap();
    let end = manifest.find("</resources>").unwrap() + "</resources>".len();
    std::fs::write(
        scorm.join("bad.xml"),
        format!("{}{}", &manifest[..start], &manifest[end..]),
    )
    .unwrap();
    assert!(
        !xmllint(&scorm.join("all.xsd"), &scorm.join("bad.xml")).0,
        "a manifest without resources must not validate"
    );
    std::fs::write(cmi5.join("bad.xml"), xml.replace("0.665", "66.5")).unwrap();
    assert!(
        !xmllint(&subset, &cmi5.join("bad.xml")).0,
        "masteryScore 66.5 must not validate"
    );
}

#[test]
fn the_bundled_course_packages_and_validates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for kind in ["scorm12", "cmi5"] {
        let zip = dir.path().join(format!("{kind}.zip"));
        let out = Command::new(env!("CARGO_BIN_EXE_fokus"))
            .env("FOKUS_LANGUAGE", "en")
            .args(["--no-color", "--root"])
            .arg(root)
            .args(["package", kind, "--out"])
            .arg(&zip)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let unpacked = dir.path().join(kind);
        unpack(&entries(&zip), &unpacked);
        let (xsd, xml) = if kind == "scorm12" {
            std::fs::copy(
                tests_dir().join("scorm12-control-files.xsd"),
                unpacked.join("all.xsd"),
            )
            .unwrap();
            (unpacked.join("all.xsd"), unpacked.join("imsmanifest.xml"))
        } else {
            (
                tests_dir().join("cmi5-CourseStructure.xsd"),
                unpacked.join("cmi5.xml"),
            )
        };
        let (ok, text) = xmllint(&xsd, &xml);
        assert!(
            ok,
            "{kind}: the bundled course's manifest does not validate:\n{text}"
        );
    }
}

#[test]
fn zip_is_the_site_in_either_edition_and_the_same_bytes_every_time() {
    let c = Course::fixture("mini");
    assert_eq!(c.run(&["package", "zip", "--out", "a.zip"]).code, 0);
    assert_eq!(c.run(&["package", "zip", "--out", "b.zip"]).code, 0);
    assert_eq!(
        std::fs::read(c.path("a.zip")).unwrap(),
        std::fs::read(c.path("b.zip")).unwrap(),
        "same course, same zip"
    );
    let zip = entries(&c.path("a.zip"));
    assert!(zip.contains_key("index.html") && zip.contains_key("assets/search-index.js"));
    assert!(
        !zip.keys()
            .any(|n| n.contains("manifest") || n.starts_with("facit/") || n.contains("lms-")),
        "{:?}",
        zip.keys()
    );
    assert_eq!(
        c.run(&["package", "zip", "--edition", "trainer", "--out", "t.zip"])
            .code,
        0
    );
    assert!(
        entries(&c.path("t.zip")).contains_key("facit/index.html"),
        "the trainer edition has the answer key"
    );
    // Default name beside course.yaml.
    assert_eq!(c.run(&["package", "zip"]).code, 0);
    assert!(c.path("minikursus.zip").is_file());
}

#[test]
fn a_course_with_errors_writes_no_zip_and_keeps_the_old_one() {
    let c = Course::fixture("mini");
    assert_eq!(c.run(&["package", "scorm12", "--out", "lms.zip"]).code, 0);
    let before = std::fs::read(c.path("lms.zip")).unwrap();
    c.edit(
        "content/grundlag/evner.md",
        "title: Evner før begrænsninger",
        "titel: Evner",
    );
    let run = c.run(&["package", "scorm12", "--out", "lms.zip"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/grundlag/evner.md:2:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(c.path("lms.zip")).unwrap(),
        before,
        "the old zip is untouched"
    );
    let run = c.run(&["package", "cmi5", "--out", "new.zip"]);
    assert_eq!(run.code, 1);
    assert!(
        !c.path("new.zip").exists(),
        "no zip for a course with errors"
    );
    let leftovers: Vec<_> = std::fs::read_dir(c.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("fokus-new"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn an_existing_zip_is_replaced_whole() {
    let c = Course::fixture("mini");
    c.write("out/kursus.zip", "not a zip at all, an older file");
    let run = c.run(&["package", "cmi5", "--out", "out/kursus.zip"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(entries(&c.path("out/kursus.zip")).contains_key("cmi5.xml"));
    let names: Vec<_> = std::fs::read_dir(c.path("out"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "only the zip is left: {names:?}");
}

#[test]
fn refuses_unsafe_targets_and_trainer_lms_packages() {
    let c = Course::fixture("mini");
    for (args, needle) in [
        (
            vec!["package", "zip", "--out", "course.yaml"],
            "does not end in .zip",
        ),
        (
            vec!["package", "zip", "--out", "content/x.zip"],
            "inside the course's content/",
        ),
        (
            vec!["package", "scorm12", "--edition", "trainer"],
            "always the participant edition",
        ),
    ] {
        let run = c.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    }
    assert!(
        std::fs::read_to_string(c.path("course.yaml"))
            .unwrap()
            .contains("title: Minikursus")
    );
}

#[test]
fn completion_rule_errors_name_file_and_line() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "completion:\n  modules: 5\n",
            &[
                "all, none or a list of ids belongs here",
                "course.yaml:7:12",
            ],
        ),
        (
            "completion:\n  pass: 120\n",
            &["`completion.pass: 120` is outside 0–100", "course.yaml:7:3"],
        ),
        (
            "completion:\n  modules:\n    - grundlag/evner\n    - grundlag/findes-ikke\n",
            &[
                "names `grundlag/findes-ikke`, but the course has no such module",
                "course.yaml:9:5",
                "grundlag/samtalen",
            ],
        ),
        (
            "completion:\n  exercises: [alle-typer, ukendt]\n",
            &[
                "names `ukendt`, but the course has no such exercise",
                "course.yaml:7:3",
                "exercises: alle-typer",
            ],
        ),
        (
            "completion:\n  modules: nogle\n",
            &[
                "`completion.modules: nogle` is not allowed",
                "course.yaml:7:3",
            ],
        ),
    ];
    for (yaml, needles) in cases {
        let c = Course::fixture("mini");
        let text = std::fs::read_to_string(c.path("course.yaml")).unwrap();
        c.write("course.yaml", format!("{text}{yaml}"));
        for args in [
            &["build"][..],
            &["package", "scorm12", "--out", "x.zip"][..],
        ] {
            let run = c.run(args);
            assert_eq!(run.code, 1, "{yaml}: {}", run.stderr);
            for n in needles {
                assert!(
                    crate::common::flat(&run.stderr).contains(n),
                    "{yaml}: expected {n:?} in\n{}",
                    run.stderr
                );
            }
        }
        assert!(!c.path("x.zip").exists());
    }
}

#[test]
fn the_progress_page_carries_the_rule() {
    let c = Course::fixture("mini");
    with_pass(&c, "75");
    assert_eq!(c.run(&["build"]).code, 0);
    let page = c.output("fremskridt/index.html");
    assert!(page.contains(r#"data-rule="{&quot;m&quot;:&quot;all&quot;,&quot;p&quot;:75.0,&quot;x&quot;:&quot;all&quot;}""#), "{page}");
    assert!(page.contains("Krav for at gennemføre kurset"));
    assert!(page.contains("assets/completion.js"));
}
