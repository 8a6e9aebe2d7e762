//! The rules an exercise must follow beyond its types, each reported with
//! the line it concerns and what is allowed. All rules run on all files, so
//! one `fokus check` lists every problem.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use super::schema::{Question, QuestionType};
use super::valid::ValidExercise;
use super::{LoadedExercise, choice_at, node_at};
use crate::content::is_url_safe;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::Text;
use crate::yaml::Seg::{self, Index, Key};

/// The module facts validation needs: module id → its objective ids.
pub type ModuleObjectives = HashMap<String, BTreeSet<String>>;

pub(super) struct Check<'a> {
    pub(super) ex: &'a LoadedExercise,
    diags: &'a mut Diagnostics,
    /// Errors found in this exercise so far.
    errors: usize,
}

impl Check<'_> {
    fn at(&self, path: &[Seg]) -> Option<crate::diagnostics::Position> {
        self.ex.locator.locate(&self.ex.text, path)
    }
    pub(super) fn error(&mut self, path: &[Seg], message: Text, help: Text) {
        let d = Diagnostic::error(&self.ex.path, message)
            .at_position(self.at(path))
            .help(help);
        self.diags.push(d);
        self.errors += 1;
    }
    fn warning(&mut self, path: &[Seg], message: Text, help: Text) {
        let d = Diagnostic::warning(&self.ex.path, message)
            .at_position(self.at(path))
            .help(help);
        self.diags.push(d);
    }
}

/// Check every exercise against the rules and the course's modules, and
/// return the exercises without errors as typed data (warnings do not stop
/// an exercise; an exercise with an error is left out).
pub fn validate(
    exercises: &[LoadedExercise],
    modules: &ModuleObjectives,
    diags: &mut Diagnostics,
) -> Vec<ValidExercise> {
    let mut ids: HashMap<&str, &LoadedExercise> = HashMap::new();
    let mut valid = Vec::with_capacity(exercises.len());
    for ex in exercises {
        let mut c = Check {
            ex,
            diags,
            errors: 0,
        };
        let spec = &ex.spec;
        let stem = ex
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !is_url_safe(&spec.id) {
            c.error(
                &[Key("id")],
                t!("exercise.id_not_url", id = &spec.id),
                crate::names::id_hint(&spec.id),
            );
        } else if spec.id != stem {
            c.error(
                &[Key("id")],
                t!("exercise.id_not_file", id = &spec.id, stem = &stem),
                t!("exercise.id_not_file_help", id = &spec.id, stem = &stem),
            );
        }
        if let Some(first) = ids.get(spec.id.as_str()) {
            c.error(
                &[Key("id")],
                t!(
                    "exercise.id_twice",
                    id = &spec.id,
                    other = first.path.display()
                ),
                t!("exercise.id_twice_help"),
            );
        } else {
            ids.insert(&spec.id, ex);
        }
        if spec.title.trim().is_empty() {
            c.error(
                &[Key("title")],
                t!("content.title_empty"),
                t!("exercise.title_help"),
            );
        }
        let mut objectives: BTreeSet<&str> = BTreeSet::new();
        // One mistake, one error: with an unknown module, the objectives are not checked.
        let mut unknown_module = false;
        for (i, m) in spec.modules.iter().enumerate() {
            match modules.get(m) {
                Some(objs) => objectives.extend(objs.iter().map(String::as_str)),
                None => {
                    unknown_module = true;
                    let mut known: Vec<&str> = modules.keys().map(String::as_str).collect();
                    known.sort();
                    let near = known
                        .iter()
                        .filter(|k| k.ends_with(m.rsplit('/').next().unwrap_or(m)))
                        .copied()
                        .collect::<Vec<_>>();
                    let help = if near.is_empty() {
                        t!("exercise.module_help")
                    } else {
                        t!("exercise.module_near", near = near.join(", "))
                    };
                    c.error(
                        &[Key("modules"), Index(i)],
                        t!("exercise.no_module", module = m),
                        help,
                    );
                }
            }
        }
        if spec.modules.is_empty() {
            c.warning(
                &[Key("id")],
                t!("exercise.no_modules"),
                t!("exercise.no_modules_help"),
            );
        }
        if spec.questions.is_empty() {
            c.error(
                &[Key("questions")],
                t!("exercise.no_questions"),
                t!("exercise.no_questions_help"),
            );
        }
        exercise_marks(&mut c);
        super::selfassessment::exercise(&mut c);
        let mut qids = HashSet::new();
        for (qi, q) in spec.questions.iter().enumerate() {
            let here = |k: &'static str| [Key("questions"), Index(qi), Key(k)];
            if !is_url_safe(&q.id) {
                c.error(
                    &here("id"),
                    t!("exercise.question_id", id = &q.id),
                    crate::names::id_hint(&q.id),
                );
            }
            if !qids.insert(q.id.as_str()) {
                c.error(
                    &here("id"),
                    t!("exercise.question_twice", id = &q.id),
                    t!("exercise.question_twice_help"),
                );
            }
            for (oi, o) in q.objectives.iter().enumerate() {
                if !unknown_module && !objectives.contains(o.as_str()) {
                    let allowed = if objectives.is_empty() {
                        t!("exercise.no_objectives")
                    } else {
                        t!(
                            "exercise.objectives",
                            list = objectives.iter().copied().collect::<Vec<_>>().join(", ")
                        )
                    };
                    c.error(
                        &[Key("questions"), Index(qi), Key("objectives"), Index(oi)],
                        t!("exercise.not_objective", objective = o),
                        allowed,
                    );
                }
            }
            question(&mut c, qi, q);
        }
        if c.errors == 0
            && let Some(v) = ValidExercise::from_loaded(ex)
        {
            valid.push(v);
        }
    }
    super::selfassessment::pairs(exercises, diags);
    valid
}

/// `pass` (a percentage) and `pick` (a pool's size) must make sense for the exercise.
fn exercise_marks(c: &mut Check) {
    let spec = &c.ex.spec;
    let scored = spec.questions.iter().filter(|q| q.kind.is_scored()).count();
    if let Some(pass) = spec.pass {
        if pass == 0 || pass > 100 {
            c.error(
                &[Key("pass")],
                crate::t!("exercise.pass_range", pass),
                crate::t!("exercise.pass_range_help"),
            );
        } else if scored == 0 {
            c.error(
                &[Key("pass")],
                crate::t!("exercise.pass_unscored"),
                crate::t!("exercise.pass_unscored_help"),
            );
        }
    }
    if let Some(pick) = spec.pick {
        let n = spec.questions.len();
        if pick < 1 || pick as usize > n {
            c.error(
                &[Key("pick")],
                crate::t!("exercise.pick_range", pick, n),
                crate::t!("exercise.pick_range_help", n),
            );
        }
    }
}

/// The keys each type may use, for error messages.
fn allowed_keys(kind: QuestionType) -> String {
    let mut keys = vec!["id", "type", "prompt", "objectives"];
    if let Some(k) = kind.body_key() {
        keys.push(k);
    }
    if kind == QuestionType::Scale {
        keys.extend(["points", "labels"]);
    }
    keys.extend(["hint", "explanation"]);
    if kind.can_shuffle() {
        keys.push("shuffle");
    }
    keys.join(", ")
}

fn question(c: &mut Check, qi: usize, q: &Question) {
    let kind = q.kind;
    let q_at = |k: &'static str| [Key("questions"), Index(qi), Key(k)];
    let present: [(&str, bool); 7] = [
        ("options", q.options.is_some()),
        ("items", q.items.is_some()),
        ("pairs", q.pairs.is_some()),
        ("answers", q.answers.is_some()),
        ("nodes", q.nodes.is_some()),
        ("points", q.points.is_some()),
        ("labels", q.labels.is_some()),
    ];
    if q.shuffle.is_some() && !kind.can_shuffle() {
        c.error(
            &q_at("shuffle"),
            crate::t!("exercise.shuffle_unused", kind = kind.name()),
            crate::t!("exercise.shuffle_unused_help"),
        );
    }
    for (key, is_set) in present {
        let scale_key = kind == QuestionType::Scale && matches!(key, "points" | "labels");
        if is_set && kind.body_key() != Some(key) && !scale_key {
            let key: &'static str = key;
            c.error(
                &q_at(key),
                t!("exercise.key_unused", key, kind = kind.name()),
                t!(
                    "exercise.keys_of",
                    kind = kind.name(),
                    keys = allowed_keys(kind)
                ),
            );
        }
    }
    if let Some(key) = kind.body_key() {
        let missing = match key {
            "options" => q.options.is_none(),
            "items" => q.items.is_none(),
            "pairs" => q.pairs.is_none(),
            "answers" => q.answers.is_none(),
            _ => q.nodes.is_none(),
        };
        if missing {
            c.error(
                &[Key("questions"), Index(qi), Key("type")],
                t!("exercise.key_needed", key, kind = kind.name()),
                t!(
                    "exercise.keys_of",
                    kind = kind.name(),
                    keys = allowed_keys(kind)
                ),
            );
            return;
        }
    }
    if q.prompt.trim().is_empty() {
        c.error(
            &q_at("prompt"),
            t!("exercise.prompt_empty"),
            t!("exercise.prompt_empty_help"),
        );
    }
    match kind {
        QuestionType::Single | QuestionType::Multiple | QuestionType::Truefalse => {
            choices(c, qi, q)
        }
        QuestionType::Order => {
            let items = q.items.as_deref().unwrap_or_default();
            if items.len() < 2 {
                c.error(
                    &q_at("items"),
                    t!("exercise.order_items", n = items.len()),
                    t!("exercise.order_items_help"),
                );
            }
            let unique: HashSet<&str> = items.iter().map(|s| s.trim()).collect();
            if unique.len() != items.len() {
                c.error(
                    &q_at("items"),
                    t!("exercise.order_same"),
                    t!("exercise.order_same_help"),
                );
            }
        }
        QuestionType::Match => {
            let pairs = q.pairs.as_deref().unwrap_or_default();
            if pairs.len() < 2 {
                c.error(
                    &q_at("pairs"),
                    t!("exercise.match_pairs", n = pairs.len()),
                    t!("exercise.match_pairs_help"),
                );
            }
        }
        QuestionType::Text => {
            let answers = q.answers.as_deref().unwrap_or_default();
            if answers.iter().all(|a| a.trim().is_empty()) {
                c.error(
                    &q_at("answers"),
                    t!("exercise.text_answers"),
                    t!("exercise.text_answers_help"),
                );
            }
        }
        QuestionType::Branching => branching(c, qi, q),
        QuestionType::Scale => super::selfassessment::scale(c, qi, q),
        QuestionType::Reflection => {}
    }
}

fn choices(c: &mut Check, qi: usize, q: &Question) {
    let options = q.options.as_deref().unwrap_or_default();
    let at = [Key("questions"), Index(qi), Key("options")];
    let correct = options.iter().filter(|o| o.correct).count();
    let name = q.kind.name();
    match q.kind {
        QuestionType::Truefalse if options.len() != 2 => c.error(
            &at,
            t!("exercise.truefalse_options", n = options.len()),
            t!("exercise.truefalse_options_help"),
        ),
        _ if options.len() < 2 => c.error(
            &at,
            t!("exercise.options", kind = name, n = options.len()),
            t!("exercise.options_help"),
        ),
        _ => {}
    }
    match q.kind {
        QuestionType::Multiple if correct == 0 => c.error(
            &at,
            t!("exercise.multiple_correct"),
            t!("exercise.multiple_correct_help"),
        ),
        QuestionType::Single | QuestionType::Truefalse if correct != 1 => c.error(
            &at,
            t!("exercise.single_correct", kind = name, n = correct),
            t!("exercise.single_correct_help"),
        ),
        _ => {}
    }
    for (oi, o) in options.iter().enumerate() {
        let here = [Key("questions"), Index(qi), Key("options"), Index(oi)];
        if o.text.trim().is_empty() {
            c.error(
                &here,
                t!("exercise.option_empty"),
                t!("exercise.option_empty_help"),
            );
        }
        if o.feedback.as_deref().is_none_or(|f| f.trim().is_empty()) {
            c.warning(
                &here,
                t!("exercise.option_feedback", n = oi + 1, id = &q.id),
                t!("exercise.option_feedback_help"),
            );
        }
    }
}

fn branching(c: &mut Check, qi: usize, q: &Question) {
    let nodes = q.nodes.as_deref().unwrap_or_default();
    let nodes_at = [Key("questions"), Index(qi), Key("nodes")];
    if nodes.len() < 2 {
        c.error(
            &nodes_at,
            t!("exercise.branching_nodes"),
            t!("exercise.branching_nodes_help"),
        );
        return;
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (ni, n) in nodes.iter().enumerate() {
        let at = node_at(qi, ni, "id");
        let at = &at[..4];
        if index.insert(n.id.as_str(), ni).is_some() {
            c.error(
                at,
                t!("exercise.node_twice", id = &n.id),
                t!("exercise.node_twice_help"),
            );
        }
        match (n.choices.is_empty(), n.outcome) {
            (true, None) => c.error(
                at,
                t!("exercise.node_empty", id = &n.id),
                t!("exercise.node_empty_help"),
            ),
            (false, Some(_)) => c.error(
                at,
                t!("exercise.node_both", id = &n.id),
                t!("exercise.node_both_help"),
            ),
            _ => {}
        }
    }
    let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (ni, n) in nodes.iter().enumerate() {
        for (si, s) in n.choices.iter().enumerate() {
            let choice = choice_at(qi, ni, si, "next");
            let at = &choice[..6];
            match index.get(s.next.as_str()) {
                Some(&t) => edges[ni].push(t),
                None => {
                    let next_at = choice;
                    c.error(
                        &next_at,
                        t!("exercise.next_missing", next = &s.next),
                        t!("exercise.next_missing_help", list = ids.join(", ")),
                    );
                }
            }
            if s.feedback.as_deref().is_none_or(|f| f.trim().is_empty()) {
                c.warning(
                    at,
                    t!("exercise.choice_feedback", id = &n.id),
                    t!("exercise.choice_feedback_help"),
                );
            }
        }
    }
    if !nodes
        .iter()
        .any(|n| n.choices.is_empty() && n.outcome.is_some())
    {
        c.error(
            &nodes_at,
            t!("exercise.no_ending"),
            t!("exercise.no_ending_help"),
        );
        return;
    }
    // Every node reachable from the start…
    let reachable = reach(&edges, 0);
    for (ni, n) in nodes.iter().enumerate() {
        if !reachable[ni] {
            c.error(
                &node_at(qi, ni, "id")[..4],
                t!("exercise.unreachable", id = &n.id, start = &nodes[0].id),
                t!("exercise.unreachable_help"),
            );
        }
    }
    // …and from every reachable node some ending must be reachable (no trap loops).
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (from, tos) in edges.iter().enumerate() {
        for &to in tos {
            reverse[to].push(from);
        }
    }
    let mut leads_out = vec![false; nodes.len()];
    let mut queue: VecDeque<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].choices.is_empty())
        .collect();
    for &i in &queue {
        leads_out[i] = true;
    }
    while let Some(i) = queue.pop_front() {
        for &p in &reverse[i] {
            if !leads_out[p] {
                leads_out[p] = true;
                queue.push_back(p);
            }
        }
    }
    for (ni, n) in nodes.iter().enumerate() {
        if reachable[ni] && !leads_out[ni] {
            c.error(
                &node_at(qi, ni, "id")[..4],
                t!("exercise.trap", id = &n.id),
                t!("exercise.trap_help"),
            );
        }
    }
}

fn reach(edges: &[Vec<usize>], start: usize) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![start];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        stack.extend(edges[i].iter().copied().filter(|&j| !seen[j]));
    }
    seen
}
