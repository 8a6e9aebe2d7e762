//! Training-day materials: the search index, the print page, the progress
//! page, and the trainer edition's answer key and day plan.

use std::io::Read;

use crate::common::{Course, html_files};

/// The JSON inside `assets/search-index.js` of a built site.
fn search_json(site: &std::path::Path) -> String {
    let script = std::fs::read_to_string(site.join("assets/search-index.js")).unwrap();
    let (z, n) = script
        .strip_prefix("window.fokusSearchData=[\"")
        .and_then(|s| s.strip_suffix("];\n"))
        .and_then(|s| s.split_once("\","))
        .expect("index script shape");
    // basE91 (with ' for "): two characters for 13 or 14 bits.
    let abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,./:;<=>?@[]^_`{|}~'";
    let (mut v, mut b, mut bits) = (-1i64, 0i64, 0i64);
    let mut bytes = Vec::new();
    for c in z.chars() {
        let d = abc.find(c).unwrap() as i64;
        if v < 0 {
            v = d;
            continue;
        }
        v += d * 91;
        b |= v << bits;
        bits += if v & 8191 > 88 { 13 } else { 14 };
        while bits > 7 {
            bytes.push((b & 255) as u8);
            b >>= 8;
            bits -= 8;
        }
        v = -1;
    }
    if v >= 0 {
        bytes.push(((b | v << bits) & 255) as u8);
    }
    bytes.truncate(n.parse().unwrap());
    let mut json = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut json)
        .expect("gzip");
    json
}

#[test]
fn search_index_has_sections_glossary_and_exercises_but_no_answers_or_notes() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let json = search_json(&c.path("public"));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let docs = v["d"].as_array().unwrap();
    let sections = v["s"].as_array().unwrap();
    assert!(docs.iter().any(|d| d[0] == "Evner før begrænsninger"
        && d[1] == "grundlag/evner.html"
        && d[2] == "module"));
    assert!(docs.iter().any(|d| d[0] == "Ordliste" && d[2] == "page"));
    assert!(
        docs.iter()
            .any(|d| d[1] == "opgaver/alle-typer.html" && d[2] == "exercise")
    );
    assert!(
        sections
            .iter()
            .any(|s| s[1] == "Sygedagpenge" && s[2] == "sygedagpenge"),
        "glossary terms are sections"
    );
    assert!(
        sections
            .iter()
            .any(|s| s[1] == "Hvad følger vi op på?" && s[2] == "hvad-foelger-vi-op-paa")
    );
    assert!(
        json.contains("Hvilket spørgsmål tager afsæt i evner?"),
        "exercise prompts are searchable"
    );
    for secret in [
        "HEMMELIG-UNDERVISERNOTE",
        "Det ser på begrænsninger.",
        "Evner først.",
        "progressionsmål\",\"et progressionsmål",
    ] {
        assert!(!json.contains(secret), "participant index leaks {secret:?}");
    }
    c.run(&["build", "--edition", "trainer"]).ok();
    assert!(search_json(&c.path("public-trainer")).contains("HEMMELIG-UNDERVISERNOTE"));
}

#[test]
fn bundled_course_index_is_small() {
    let out = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_fokus"))
        .args(["--root", env!("CARGO_MANIFEST_DIR"), "build", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let size = std::fs::metadata(out.path().join("assets/search-index.js"))
        .unwrap()
        .len();
    assert!(size < 150 * 1024, "search index is {size} bytes");
    // Pages load the index only on demand: no page references it directly.
    for (rel, html) in html_files(out.path()) {
        assert!(
            !html.contains("search-index.js"),
            "{rel} loads the index eagerly"
        );
    }
}

#[test]
fn print_page_holds_every_module_in_order_with_unique_ids() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let html = c.output("udskrift/index.html");
    let a = html
        .find(r#"<h2><span class="print-num">1.1</span> Evner før begrænsninger</h2>"#)
        .expect("first module, numbered part.module");
    let b = html
        .find(r#"<h2><span class="print-num">1.2</span> Samtalen</h2>"#)
        .expect("second module");
    let d = html
        .find(r#"<h2><span class="print-num">2.1</span> Opfølgning</h2>"#)
        .expect("third module, first of part 2");
    assert!(a < b && b < d, "modules in course order");
    assert!(
        html.contains(
            r##"<a href="#m1"><span class="print-num">1.1</span> Evner før begrænsninger</a>"##
        ),
        "table of contents with the same number"
    );
    assert!(
        html.contains(r#"#print-part-2{page:part-2}@page part-2{@top-left{content:"Del 2 · "#),
        "each part's printed pages are headed by the part"
    );
    let ids = crate::common::attr_values(&html, "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids on the print page");
    assert!(
        html.contains(r##"href="#m1-saadan-skriver-i-maalet""##),
        "in-page anchors follow the prefix"
    );
    assert!(
        html.contains(r#"href="../praksis/opfoelgning.html#hvad-foelger-vi-op-paa""#),
        "links resolved from udskrift/"
    );
    assert!(!html.contains("HEMMELIG-UNDERVISERNOTE"));
    // Images are rebased for the page that shows them.
    assert!(
        html.contains(r#"<img src="../praksis/figur.svg" alt="Figur">"#),
        "image on the print page"
    );
    assert!(
        c.output("praksis/opfoelgning.html")
            .contains(r#"<img src="../praksis/figur.svg" alt="Figur">"#)
    );
}

#[test]
fn trainer_edition_has_answer_key_and_day_plan_and_participant_has_neither() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    assert!(!c.path("public/facit").exists() && !c.path("public/dagsplan").exists());
    c.run(&["build", "--edition", "trainer"]).ok();
    let key = std::fs::read_to_string(c.path("public-trainer/facit/index.html")).unwrap();
    for needle in [
        "Alle spørgsmålstyper",
        "Hvad lykkedes sidst?",
        "Det ser på begrænsninger.",
        "Evner først.",
        "<li>Først</li>\n<li>Så</li>\n<li>Til sidst</li>",
        "Jeg vil vise min søn, at jeg kan. → <strong>Relationsmotivation</strong>",
        "<strong>progressionsmål</strong>, <strong>et progressionsmål</strong>",
        "Slutning: Godt forløb",
        "→ <a href=\"#k-",
    ] {
        assert!(key.contains(needle), "answer key lacks {needle:?}");
    }
    let plan = std::fs::read_to_string(c.path("public-trainer/dagsplan/index.html")).unwrap();
    assert!(
        plan.contains("09:00–09:30") && plan.contains("Evner før begrænsninger"),
        "{plan}"
    );
    assert!(
        plan.contains("09:30–09:30") && plan.contains("varighed mangler"),
        "a module without duration"
    );
    assert!(plan.contains("09:30–09:50") && plan.contains("Opfølgning"));
    // Nothing of this reaches the participant edition.
    for (rel, html) in html_files(&c.path("public")) {
        for needle in [
            "facit/index.html",
            "dagsplan/index.html",
            "HEMMELIG-UNDERVISERNOTE",
        ] {
            assert!(
                !html.contains(needle),
                "participant {rel} contains {needle}"
            );
        }
    }
}

#[test]
fn progress_page_and_toc_carry_what_the_script_needs() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let html = c.output("fremskridt/index.html");
    assert!(html.contains("id=\"fokus-progress\"") && html.contains("assets/progress.js"));
    assert!(
        html.contains(r#""alle-typer":["Alle spørgsmålstyper","opgaver/alle-typer.html"]"#),
        "{html}"
    );
    assert!(
        c.path("public/assets/search.js").is_file()
            && c.path("public/assets/progress.js").is_file()
    );
}

#[test]
fn each_part_has_a_print_page_with_its_own_modules() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let part = c.output("udskrift/grundlag/index.html");
    assert!(part.contains("Evner før begrænsninger"), "{part}");
    assert!(
        !part.contains("id=\"m3\""),
        "a module of another part: {part}"
    );
    // Module numbers follow the whole course, so anchors match the full printout.
    assert!(part.contains("id=\"m1\"") && part.contains("id=\"m2\""));
    // Links are rebased for the deeper page.
    let hrefs = crate::common::attr_values(&part, "href");
    assert!(hrefs.iter().any(|h| h.starts_with("../../")), "{hrefs:?}");
    let ids = crate::common::attr_values(&part, "id");
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids repeat: {ids:?}");
    let part_page = c.output("grundlag/index.html");
    assert!(part_page.contains("href=\"../udskrift/grundlag/index.html\""));
}

#[test]
fn a_very_large_course_prints_by_part() {
    let c = Course::fixture("mini");
    let para =
        "Borgeren og sagsbehandleren taler om evner, mål og næste skridt i forløbet. ".repeat(20);
    let body: String = (0..3200)
        .map(|i| format!("## Afsnit {i}\n\n{para}\n\n"))
        .collect();
    let text = std::fs::read_to_string(c.path("content/praksis/opfoelgning.md")).unwrap();
    c.write("content/praksis/opfoelgning.md", format!("{text}\n{body}"));
    c.run(&["build"]).ok();
    let whole = c.output("udskrift/index.html");
    assert!(
        whole.len() < 100_000,
        "the whole-course page holds the modules: {} bytes",
        whole.len()
    );
    assert!(
        whole.contains("href=\"../udskrift/praksis/index.html\""),
        "links to the part's print page"
    );
    let part = c.output("udskrift/praksis/index.html");
    assert!(part.contains("Afsnit 3199"));
}
