//! Exercises: every question type renders accessibly, every validation rule
//! has a failing case with file, line and message, and no YAML text can
//! break out of its element.

use std::collections::BTreeSet;

use crate::common::Course;

const EX: &str = "exercises/alle-typer.yaml";

/// 1-based line of the first line containing `needle` in the fixture exercise.
fn line_of(c: &Course, needle: &str) -> usize {
    let text = std::fs::read_to_string(c.path(EX)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in {EX}"))
}

/// Apply `edit` to the fixture exercise and expect `check` to fail naming `line` and `needles`.
fn rule(edit: impl FnOnce(&Course) -> usize, needles: &[&str]) {
    let c = Course::fixture("mini");
    let line = edit(&c);
    let run = c.run(&["check"]);
    let at = format!("{EX}:{line}:");
    let mut all = vec![at.as_str()];
    all.extend_from_slice(needles);
    run.fails_with(1, &all);
}

#[test]
fn every_question_type_renders_as_a_fieldset_with_a_live_feedback_region() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let html = c.output("opgaver/alle-typer.html");
    for t in crate::common::QUESTION_TYPES {
        let start = html
            .find(&format!("data-type=\"{t}\""))
            .unwrap_or_else(|| panic!("no {t} question"));
        let form = &html[start..start + html[start..].find("</form>").unwrap()];
        assert!(
            form.contains("<fieldset>") && form.contains("<legend>"),
            "{t}: fieldset/legend"
        );
        assert!(
            form.contains(r#"class="q-feedback" role="status" aria-live="polite""#),
            "{t}: live region"
        );
        if t == "scale" {
            // Plain radios, one labelled point each, and no answer key: there is no right answer.
            assert_eq!(
                form.matches(r#"<label class="option"><input type="radio" name="a""#)
                    .count(),
                4,
                "{form}"
            );
            assert!(
                form.contains("– slet ikke") && form.contains("– meget"),
                "{form}"
            );
            assert!(
                !form.contains("q-key") && !form.contains("data-shuffle"),
                "{form}"
            );
        } else if t != "reflection" && t != "branching" {
            assert!(
                form.contains("<details class=\"q-key\">"),
                "{t}: answers behind details without JS"
            );
        }
    }
    assert!(html.contains(r#"type="radio""#) && html.contains(r#"type="checkbox""#));
    assert!(html.contains("<select") && html.contains("<textarea"));
    assert!(
        html.contains("Det ser på begrænsninger."),
        "option feedback present"
    );
    assert!(html.contains("Evner først."), "explanation present");
    assert!(html.contains(
        r#"data-answers="[&quot;progressionsmål&quot;,&quot;et progressionsmål&quot;]""#
    ));
    // The scenario sits above the questions.
    assert!(html.find("class=\"scenario\"").unwrap() < html.find("<form").unwrap());
    // The overview lists the exercise with its modules.
    let overview = c.output("opgaver/index.html");
    assert!(overview.contains("alle-typer.html") && overview.contains("Evner før begrænsninger"));
}

#[test]
fn order_items_are_shuffled_and_versions_change_with_the_question() {
    let c = Course::fixture("mini");
    c.run(&["build"]).ok();
    let html = c.output("opgaver/alle-typer.html");
    let list = &html[html.find("order-list").unwrap()..];
    let positions: Vec<&str> =
        crate::common::attr_values(&list[..list.find("</ol>").unwrap()], "data-pos");
    assert_eq!(positions.len(), 3);
    assert_ne!(
        positions,
        ["0", "1", "2"],
        "items must not be shown in their correct order"
    );
    let version = |html: &str| crate::common::attr_values(html, "data-version")[0].to_string();
    let before = version(&html);
    c.edit(
        EX,
        "Hvilket spørgsmål tager afsæt i evner?",
        "Hvilket spørgsmål bygger på evner?",
    );
    c.run(&["build"]).ok();
    assert_ne!(before, version(&c.output("opgaver/alle-typer.html")));
}

#[test]
fn unknown_key() {
    rule(
        |c| {
            c.edit(EX, "    hint: Tænk", "    tip: Tænk");
            line_of(c, "tip: Tænk")
        },
        &["unknown key `tip`", "allowed keys: id, type, prompt"],
    );
}

#[test]
fn wrong_type() {
    rule(
        |c| {
            c.edit(EX, "items: [Først, Så, Til sidst]", "items: 3");
            line_of(c, "items: 3")
        },
        &["a list belongs here, but this is a number (`3`)"],
    );
}

#[test]
fn unknown_question_type() {
    rule(
        |c| {
            c.edit(EX, "type: single", "type: essay");
            line_of(c, "type: essay")
        },
        &[
            "`essay` is not one of the allowed values",
            "allowed values: single, multiple, truefalse, order, match, text, reflection, branching",
        ],
    );
}

#[test]
fn key_of_another_type() {
    rule(
        |c| {
            c.edit(EX, "    explanation: Evner først.", "    items: [a, b]");
            line_of(c, "items: [a, b]")
        },
        &["`items` is not used by a `single` question"],
    );
}

#[test]
fn duplicate_exercise_id() {
    let c = Course::fixture("mini");
    let text = std::fs::read_to_string(c.path(EX)).unwrap();
    c.write("exercises/kopi.yaml", &text);
    c.run(&["check"]).fails_with(
        1,
        &[
            "exercises/kopi.yaml:1:1",
            "the exercise id `alle-typer` is also used by exercises/alle-typer.yaml",
            "differs from the file name",
        ],
    );
}

#[test]
fn duplicate_question_id() {
    rule(
        |c| {
            c.edit(EX, "  - id: multiple", "  - id: single");
            line_of(c, "Hvilke er åbne spørgsmål?") - 2
        },
        &["the question id `single` is used twice"],
    );
}

#[test]
fn single_needs_exactly_one_correct_option() {
    rule(
        |c| {
            c.edit(
                EX,
                "      - text: Hvad kan du ikke?\n",
                "      - text: Hvad kan du ikke?\n        correct: true\n",
            );
            line_of(c, "options:")
        },
        &["a `single` question needs exactly one correct option; it has 2"],
    );
}

#[test]
fn truefalse_needs_exactly_two_options() {
    rule(
        |c| {
            c.edit(EX, "      - text: Falsk\n        feedback: Nej.\n", "      - text: Falsk\n        feedback: Nej.\n      - text: Måske\n        feedback: Hm.\n");
            line_of(c, "      - text: Sandt") - 1
        },
        &["a `truefalse` question needs exactly two options; it has 3"],
    );
}

#[test]
fn multiple_needs_a_correct_option() {
    rule(
        |c| {
            let text = std::fs::read_to_string(c.path(EX)).unwrap();
            let start = text.find("  - id: multiple").unwrap();
            let end = text.find("  - id: truefalse").unwrap();
            let fixed = text[start..end].replace("        correct: true\n", "");
            c.write(EX, format!("{}{}{}", &text[..start], fixed, &text[end..]));
            line_of(c, "Hvilke er åbne spørgsmål?") + 2
        },
        &["a `multiple` question needs at least one correct option"],
    );
}

#[test]
fn order_needs_two_items() {
    rule(
        |c| {
            c.edit(EX, "items: [Først, Så, Til sidst]", "items: [Først]");
            line_of(c, "items: [Først]")
        },
        &["an `order` question needs at least two items; it has 1"],
    );
}

#[test]
fn match_needs_two_pairs() {
    rule(
        |c| {
            c.edit(EX, "      - left: Jeg skal have betalt huslejen.\n        right: Nødvendighedsmotivation\n", "");
            line_of(c, "pairs:")
        },
        &["a `match` question needs at least two pairs; it has 1"],
    );
}

#[test]
fn branching_choice_to_a_missing_node() {
    rule(
        |c| {
            c.edit(EX, "next: svag", "next: ingen");
            line_of(c, "next: ingen")
        },
        &[
            "`next: ingen` points to a node that does not exist",
            "nodes in this conversation: start, midt, god, svag",
        ],
    );
}

#[test]
fn branching_node_that_cannot_be_reached() {
    rule(
        |c| {
            c.edit(EX, "      - id: svag\n", "      - id: ensom\n        outcome: mixed\n        text: Ingen kommer her.\n      - id: svag\n");
            line_of(c, "- id: ensom")
        },
        &["the node `ensom` cannot be reached from the start node `start`"],
    );
}

#[test]
fn branching_loop_with_no_way_out() {
    rule(
        |c| {
            // `midt` now only leads back to `start`'s sibling loop: start→midt→midt.
            c.edit(
                EX,
                "            next: god\n            feedback: Undtagelser.",
                "            next: midt\n            feedback: Undtagelser.",
            );
            c.edit(
                EX,
                "            next: svag\n            feedback: Bliver i problemet.",
                "            next: midt\n            feedback: Bliver i problemet.",
            );
            c.edit(
                EX,
                "      - id: svag\n        outcome: poor\n        text: Borgeren trækker sig.\n",
                "",
            );
            line_of(c, "- id: midt")
        },
        &["from the node `midt` no ending can be reached (a loop with no way out)"],
    );
}

#[test]
fn branching_without_any_ending() {
    rule(
        |c| {
            c.edit(
                EX,
                "        outcome: good\n",
                "        choices:\n          - text: Igen\n            next: start\n",
            );
            c.edit(
                EX,
                "        outcome: poor\n",
                "        choices:\n          - text: Igen\n            next: start\n",
            );
            line_of(c, "    nodes:")
        },
        &["the conversation has no ending"],
    );
}

#[test]
fn unknown_module() {
    rule(
        |c| {
            c.edit(EX, "praksis/opfoelgning]", "praksis/opfolgning]");
            3
        },
        &["the module `praksis/opfolgning` does not exist"],
    );
}

#[test]
fn unknown_objective() {
    rule(
        |c| {
            c.edit(EX, "objectives: [lyt]", "objectives: [lytte]");
            line_of(c, "objectives: [lytte]")
        },
        &[
            "the objective `lytte` is not an objective of the exercise's modules",
            "foelg-op, lyt, se-evner, spoerg",
        ],
    );
}

#[test]
fn missing_feedback_is_a_warning_that_check_prints() {
    let c = Course::fixture("mini");
    c.edit(EX, "        feedback: Lukket.\n", "");
    let run = c.run(&["check"]);
    let err = run.ok();
    let line = line_of(&c, "Er du træt?");
    assert!(
        err.contains("warning: option 2 of question `multiple` has no feedback"),
        "{err}"
    );
    assert!(err.contains(&format!("{EX}:{line}:")), "{err}");
}

#[test]
fn objective_coverage_is_reported_and_strict_fails() {
    let c = Course::fixture("mini");
    c.edit(EX, "objectives: [lyt]", "objectives: [spoerg]");
    c.edit(EX, "objectives: [lyt]", "objectives: [spoerg]");
    let warn = c.run(&["check"]);
    assert!(
        warn.ok()
            .contains("no question checks the objective `lyt` of module `grundlag/samtalen`")
    );
    c.run(&["check", "--strict"]).fails_with(
        1,
        &[
            "content/grundlag/samtalen.md:5:",
            "no question checks the objective `lyt`",
        ],
    );
}

#[test]
fn hostile_strings_cannot_break_out() {
    let c = Course::fixture("mini");
    c.edit(
        EX,
        "title: Alle spørgsmålstyper",
        "title: \"</script><script>alert(1)</script> <!-- \\u2028 x\"",
    );
    c.edit(
        EX,
        "prompt: Hvilket spørgsmål tager afsæt i evner?",
        "prompt: \"<img src=x onerror=alert(1)> <!-- </textarea>\"",
    );
    c.edit(
        EX,
        "answers: [progressionsmål, et progressionsmål]",
        "answers: [\"\\\"><script>alert(2)</script>\", \"\\u2029\"]",
    );
    c.edit(
        EX,
        "        feedback: Det ser på begrænsninger.",
        "        feedback: \"</details></form><script>alert(3)</script>\"",
    );
    c.run(&["build"]).ok();
    for page in [
        "opgaver/alle-typer.html",
        "opgaver/index.html",
        "grundlag/evner.html",
    ] {
        let html = c.output(page);
        assert!(!html.contains("<script>alert"), "{page}: script injected");
        assert!(!html.contains("<img src=x"), "{page}: element injected");
        assert!(!html.contains("<!-- "), "{page}: comment opened");
        assert_eq!(
            html.matches("<script").count(),
            5,
            "{page}: only the theme's scripts"
        );
    }
    let html = c.output("opgaver/alle-typer.html");
    assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;/details&gt;&lt;/form&gt;&lt;script&gt;alert(3)"));
    // Strings embedded in scripts escape <, >, & and the JS line separators.
    let strings_json = &html[html.find("id=\"fokus-strings\">").unwrap()..];
    let strings_json = &strings_json[..strings_json.find("</script>").unwrap()];
    assert!(!strings_json.contains('\u{2028}') && !strings_json[1..].contains('<'));
}

#[test]
fn json_schema_ships_and_covers_every_type() {
    let schema = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/exercises/exercise.schema.json"
    ))
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&schema).expect("valid JSON");
    let types = v
        .pointer("/$defs/question/properties/type/enum")
        .expect("type enum")
        .as_array()
        .unwrap();
    assert_eq!(types.len(), crate::common::QUESTION_TYPES.len());
    assert_eq!(v["additionalProperties"], serde_json::Value::Bool(false));
}

/// The names serde accepts for a type, read from its own error message for an
/// unknown name (`expected one of `a`, `b``): the fields of a struct that
/// denies unknown fields, or the variants of an enum. Derived from the Rust
/// types, so a field or variant added on one side only shows up below.
fn serde_names<T: serde::de::DeserializeOwned>(probe: serde_json::Value) -> BTreeSet<String> {
    let err = serde_json::from_value::<T>(probe)
        .err()
        .expect("the probe must be rejected")
        .to_string();
    let expected = &err[err.find("expected").expect("serde lists what it expects")..];
    let names: BTreeSet<String> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    assert!(!names.is_empty(), "no names in {err:?}");
    names
}

/// The keys of `full` (a value of `T` with every optional field set) that `T`
/// cannot do without.
fn required_keys<T: serde::de::DeserializeOwned>(full: &serde_json::Value) -> BTreeSet<String> {
    let map = full.as_object().unwrap();
    assert!(serde_json::from_value::<T>(full.clone()).is_ok());
    map.keys()
        .filter(|k| {
            let mut m = map.clone();
            m.remove(*k);
            serde_json::from_value::<T>(serde_json::Value::Object(m)).is_err()
        })
        .cloned()
        .collect()
}

fn schema_set(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// Follow a `$ref` within the schema.
fn resolve<'a>(root: &'a serde_json::Value, node: &'a serde_json::Value) -> &'a serde_json::Value {
    match node.get("$ref").and_then(|r| r.as_str()) {
        Some(r) => root
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling {r}")),
        None => node,
    }
}

/// Compare a Rust value's JSON form with the schema node describing it:
/// the same kind of value, for objects the same keys, recursively.
fn same_shape(root: &serde_json::Value, node: &serde_json::Value, v: &serde_json::Value, at: &str) {
    use serde_json::Value;
    let node = resolve(root, node);
    if let Some(values) = node.get("enum") {
        let s = v
            .as_str()
            .unwrap_or_else(|| panic!("{at}: enum of strings"));
        assert!(
            schema_set(values).contains(s),
            "{at}: `{s}` not in the schema's enum"
        );
        return;
    }
    let ty = node["type"]
        .as_str()
        .unwrap_or_else(|| panic!("{at}: no type in the schema"));
    let rust = match v {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::Null => panic!("{at}: set every optional field in the test value"),
    };
    assert_eq!(ty, rust, "{at}: schema type vs Rust type");
    match v {
        Value::Array(items) => {
            assert!(!items.is_empty(), "{at}: give the test array an item");
            for (i, item) in items.iter().enumerate() {
                same_shape(root, &node["items"], item, &format!("{at}[{i}]"));
            }
        }
        Value::Object(map) => {
            let props = node["properties"].as_object().unwrap();
            let schema_keys: BTreeSet<String> = props.keys().cloned().collect();
            let rust_keys: BTreeSet<String> = map.keys().cloned().collect();
            assert_eq!(
                schema_keys, rust_keys,
                "{at}: keys in the schema vs the Rust type"
            );
            assert_eq!(node["additionalProperties"], Value::Bool(false), "{at}");
            for (k, item) in map {
                same_shape(root, &props[k], item, &format!("{at}.{k}"));
            }
        }
        _ => {}
    }
}

#[test]
fn json_schema_matches_the_rust_types() {
    use fokus::exercises::schema::{
        Choice, Exercise, Node, Outcome, Pair, Question, QuestionType, Step, When,
    };
    use serde_json::{Value, json};
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/exercises/exercise.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let def = |name: &str| schema.pointer(&format!("/$defs/{name}")).unwrap().clone();
    // One value of every struct with every field set (a field added in Rust
    // does not compile here until it is given a value, and then must be in the schema).
    let choice = Choice {
        text: "a".into(),
        correct: true,
        feedback: Some("f".into()),
    };
    let step = Step {
        text: "s".into(),
        next: "n".into(),
        feedback: Some("f".into()),
    };
    let node = Node {
        id: "n".into(),
        text: "t".into(),
        choices: vec![step.clone()],
        outcome: Some(Outcome::Good),
    };
    let pair = Pair {
        left: "l".into(),
        right: "r".into(),
    };
    let question = Question {
        id: "q".into(),
        kind: QuestionType::Single,
        prompt: "p".into(),
        objectives: vec!["o".into()],
        options: Some(vec![choice.clone()]),
        items: Some(vec!["i".into()]),
        pairs: Some(vec![pair.clone()]),
        answers: Some(vec!["a".into()]),
        nodes: Some(vec![node.clone()]),
        hint: Some("h".into()),
        explanation: Some("e".into()),
        shuffle: Some(false),
        points: Some(5),
        labels: Some(vec!["a".into(), "b".into()]),
    };
    let exercise = Exercise {
        id: "x".into(),
        title: "t".into(),
        modules: vec!["a/b".into()],
        scenario: Some("s".into()),
        questions: vec![question.clone()],
        duration: Some(15),
        pass: Some(80),
        pick: Some(1),
        selfassessment: Some(When::Before),
    };
    check_struct::<Exercise>(&schema, &schema, "exercise", &exercise);
    check_struct::<Question>(&schema, &def("question"), "question", &question);
    check_struct::<Choice>(&schema, &def("choice"), "choice", &choice);
    check_struct::<Pair>(&schema, &def("pair"), "pair", &pair);
    check_struct::<Node>(&schema, &def("node"), "node", &node);
    check_struct::<Step>(&schema, &def("step"), "step", &step);
    // Enums: the schema lists exactly the names serde accepts.
    let types = serde_names::<QuestionType>(json!("no-such-type"));
    assert_eq!(
        schema_set(&def("question")["properties"]["type"]["enum"]),
        types
    );
    assert_eq!(
        schema_set(&schema["properties"]["selfassessment"]["enum"]),
        serde_names::<When>(json!("no-such-side"))
    );
    let outcomes = serde_names::<Outcome>(json!("no-such-outcome"));
    assert_eq!(
        schema_set(&def("node")["properties"]["outcome"]["enum"]),
        outcomes
    );
    // Each type requires exactly its own key (`body_key`), and the schema says so.
    for name in &types {
        let t: QuestionType = serde_json::from_value(json!(name)).unwrap();
        assert_eq!(t.name(), name);
        let mut required = BTreeSet::new();
        for rule in def("question")["allOf"].as_array().unwrap() {
            let cond = &rule["if"]["properties"]["type"];
            let applies = cond["const"] == json!(name) || schema_set(&cond["enum"]).contains(name);
            if applies {
                required.extend(schema_set(&rule["then"]["required"]));
            }
        }
        let expected: BTreeSet<String> = t.body_key().into_iter().map(str::to_string).collect();
        assert_eq!(required, expected, "{name}: the schema's required type key");
    }
}

/// One struct against its schema definition: the keys serde accepts, the keys
/// it cannot do without and the shape of a value with every field set.
fn check_struct<T: serde::Serialize + serde::de::DeserializeOwned>(
    root: &serde_json::Value,
    def: &serde_json::Value,
    name: &str,
    full: &T,
) {
    let value = serde_json::to_value(full).unwrap();
    let props: BTreeSet<String> = def["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let keys = serde_names::<T>(serde_json::json!({ "no-such-key": 1 }));
    assert_eq!(
        props, keys,
        "{name}: keys in the schema vs the keys serde accepts"
    );
    assert_eq!(
        schema_set(&def["required"]),
        required_keys::<T>(&value),
        "{name}: required keys"
    );
    same_shape(root, def, &value, name);
}

/// The questions of an exercise page, by type, and the page with each question cut out.
fn forms(html: &str) -> (Vec<(String, String)>, String) {
    let mut forms = Vec::new();
    let mut rest = String::new();
    let mut s = html;
    while let Some(start) = s.find("<form class=\"question\"") {
        rest.push_str(&s[..start]);
        let len = s[start..].find("</form>").expect("closed form") + "</form>".len();
        let form = &s[start..start + len];
        let ty = form.split("data-type=\"").nth(1).unwrap();
        forms.push((ty[..ty.find('"').unwrap()].to_string(), form.to_string()));
        s = &s[start + len..];
    }
    rest.push_str(s);
    (forms, rest)
}

#[test]
fn a_course_can_override_one_question_types_template() {
    let plain = Course::fixture("mini");
    plain.run(&["build"]).ok();
    let custom = Course::fixture("mini");
    // Like every template, a question type's template is replaced by the course's own file.
    custom.write(
        "templates/quiz/order.html",
        "{% extends \"quiz/question.html\" %}\n{% block body -%}\n\
         <ol class=\"my-order\" aria-describedby=\"{{ idp }}mine-{{ q.dom }}\">\n\
         {% for item in q.shuffled %}<li data-pos=\"{{ item.pos }}\">{{ item.text | safe }}</li>{% endfor %}\n\
         </ol><p id=\"{{ idp }}mine-{{ q.dom }}\">{{ t.order_hint }}</p>\n{% endblock body %}\n",
    );
    custom.run(&["build"]).ok();
    // The exercise's own page, and the printout that embeds it.
    for page in ["opgaver/alle-typer.html", "udskrift/index.html"] {
        let (before, rest_before) = forms(&plain.output(page));
        let (after, rest_after) = forms(&custom.output(page));
        assert_eq!(rest_before, rest_after, "{page}: only questions change");
        assert_eq!(before.len(), 9, "{page}");
        assert_eq!(before.len(), after.len(), "{page}");
        for ((ty, b), (ty_after, a)) in before.iter().zip(&after) {
            assert_eq!(ty, ty_after);
            if ty == "order" {
                assert_ne!(
                    a, b,
                    "{page}: the order question uses the course's template"
                );
                assert!(a.contains("<ol class=\"my-order\""), "{page}: {a}");
                assert!(!a.contains("order-list"), "{page}: {a}");
                // The rest of the question comes from the theme's question.html, unchanged.
                assert!(a.contains("<details class=\"q-key\">"), "{page}: {a}");
                assert!(a.contains("aria-live=\"polite\""), "{page}: {a}");
            } else {
                assert_eq!(a, b, "{page}: a {ty} question changed");
            }
        }
    }
    // A broken override is an error naming the template, not a panic.
    custom.write("templates/quiz/order.html", "{% extends \"quiz/question.html\" %}{% block body %}{{ q.no_such_field }}{% endblock body %}");
    custom
        .run(&["build"])
        .fails_with(1, &["templates/quiz/order.html", "template error"]);
}
