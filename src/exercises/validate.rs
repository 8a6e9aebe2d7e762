//! The rules an exercise must follow beyond its types, each reported with
//! the line it concerns and what is allowed. All rules run on all files, so
//! one `fokus check` lists every problem.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use super::schema::{Question, QuestionType};
use super::valid::ValidExercise;
use super::{LoadedExercise, choice_at, node_at};
use crate::content::is_url_safe;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::Seg::{self, Index, Key};

/// The module facts validation needs: module id → its objective ids.
pub type ModuleObjectives = HashMap<String, BTreeSet<String>>;

struct Check<'a> {
    ex: &'a LoadedExercise,
    diags: &'a mut Diagnostics,
    /// Errors found in this exercise so far.
    errors: usize,
}

impl Check<'_> {
    fn at(&self, path: &[Seg]) -> Option<crate::diagnostics::Position> {
        self.ex.locator.locate(&self.ex.text, path)
    }
    fn error(&mut self, path: &[Seg], message: impl Into<String>, help: impl Into<String>) {
        let d = Diagnostic::error(&self.ex.path, message)
            .at_position(self.at(path))
            .help(help);
        self.diags.push(d);
        self.errors += 1;
    }
    fn warning(&mut self, path: &[Seg], message: impl Into<String>, help: impl Into<String>) {
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
                format!(
                    "the exercise id `{}` cannot be used in web addresses",
                    spec.id
                ),
                crate::names::id_hint(&spec.id),
            );
        } else if spec.id != stem {
            c.error(
                &[Key("id")],
                format!(
                    "the exercise id `{}` differs from the file name `{stem}.yaml`",
                    spec.id
                ),
                format!("rename the file to `{}.yaml` or set `id: {stem}`", spec.id),
            );
        }
        if let Some(first) = ids.get(spec.id.as_str()) {
            c.error(
                &[Key("id")],
                format!(
                    "the exercise id `{}` is also used by {}",
                    spec.id,
                    first.path.display()
                ),
                "give each exercise its own id",
            );
        } else {
            ids.insert(&spec.id, ex);
        }
        if spec.title.trim().is_empty() {
            c.error(
                &[Key("title")],
                "`title` is empty",
                "give the exercise a title",
            );
        }
        let mut objectives: BTreeSet<&str> = BTreeSet::new();
        for (i, m) in spec.modules.iter().enumerate() {
            match modules.get(m) {
                Some(objs) => objectives.extend(objs.iter().map(String::as_str)),
                None => {
                    let mut known: Vec<&str> = modules.keys().map(String::as_str).collect();
                    known.sort();
                    let near = known
                        .iter()
                        .filter(|k| k.ends_with(m.rsplit('/').next().unwrap_or(m)))
                        .copied()
                        .collect::<Vec<_>>();
                    let help = if near.is_empty() {
                        "name a module as `part/file` without .md, for example `medarbejderroller/ressourcefinder`".to_string()
                    } else {
                        format!("did you mean {}?", near.join(", "))
                    };
                    c.error(
                        &[Key("modules"), Index(i)],
                        format!("the module `{m}` does not exist"),
                        help,
                    );
                }
            }
        }
        if spec.modules.is_empty() {
            c.warning(&[Key("id")], "the exercise names no module in `modules`",
                "list the modules it trains, for example `modules: [medarbejderroller/ressourcefinder]`");
        }
        if spec.questions.is_empty() {
            c.error(
                &[Key("questions")],
                "the exercise has no questions",
                "add at least one question under `questions:`",
            );
        }
        exercise_marks(&mut c);
        let mut qids = HashSet::new();
        for (qi, q) in spec.questions.iter().enumerate() {
            let here = |k: &'static str| [Key("questions"), Index(qi), Key(k)];
            if !is_url_safe(&q.id) {
                c.error(
                    &here("id"),
                    format!("the question id `{}` is not a short id", q.id),
                    crate::names::id_hint(&q.id),
                );
            }
            if !qids.insert(q.id.as_str()) {
                c.error(
                    &here("id"),
                    format!("the question id `{}` is used twice in this exercise", q.id),
                    "give each question its own id",
                );
            }
            for (oi, o) in q.objectives.iter().enumerate() {
                if !objectives.contains(o.as_str()) {
                    let allowed = if objectives.is_empty() {
                        "the exercise's modules have no objectives".to_string()
                    } else {
                        format!(
                            "objectives of this exercise's modules: {}",
                            objectives.iter().copied().collect::<Vec<_>>().join(", ")
                        )
                    };
                    c.error(
                        &[Key("questions"), Index(qi), Key("objectives"), Index(oi)],
                        format!(
                            "the objective `{o}` is not an objective of the exercise's modules"
                        ),
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
                format!("`pass: {pass}` is not a percentage from 1 to 100"),
                "write the share of right answers needed to pass, for example `pass: 80`",
            );
        } else if scored == 0 {
            c.error(
                &[Key("pass")],
                "`pass` is set, but the exercise has no scored questions",
                "remove `pass`: reflection and scale questions are never scored",
            );
        }
    }
    if let Some(pick) = spec.pick {
        let n = spec.questions.len();
        if pick < 1 || pick as usize > n {
            c.error(
                &[Key("pick")],
                format!("`pick: {pick}` must be from 1 to the number of questions ({n})"),
                format!("each attempt shows `pick` of the {n} questions; write a number from 1 to {n}, or remove `pick`"),
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
    keys.extend(["hint", "explanation"]);
    if kind.can_shuffle() {
        keys.push("shuffle");
    }
    keys.join(", ")
}

fn question(c: &mut Check, qi: usize, q: &Question) {
    let kind = q.kind;
    let q_at = |k: &'static str| [Key("questions"), Index(qi), Key(k)];
    let present: [(&str, bool); 5] = [
        ("options", q.options.is_some()),
        ("items", q.items.is_some()),
        ("pairs", q.pairs.is_some()),
        ("answers", q.answers.is_some()),
        ("nodes", q.nodes.is_some()),
    ];
    if q.shuffle.is_some() && !kind.can_shuffle() {
        c.error(
            &q_at("shuffle"),
            format!("`shuffle` is not used by a `{}` question", kind.name()),
            "only the options of `single`, `multiple` and `truefalse` questions and the choices of `branching` are shuffled",
        );
    }
    for (key, is_set) in present {
        if is_set && kind.body_key() != Some(key) {
            let key: &'static str = key;
            c.error(
                &q_at(key),
                format!("`{key}` is not used by a `{}` question", kind.name()),
                format!(
                    "keys of a `{}` question: {}",
                    kind.name(),
                    allowed_keys(kind)
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
                format!("a `{}` question needs `{key}`", kind.name()),
                format!(
                    "keys of a `{}` question: {}",
                    kind.name(),
                    allowed_keys(kind)
                ),
            );
            return;
        }
    }
    if q.prompt.trim().is_empty() {
        c.error(
            &q_at("prompt"),
            "`prompt` is empty",
            "write the question the learner answers",
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
                    format!(
                        "an `order` question needs at least two items; it has {}",
                        items.len()
                    ),
                    "list the steps in their correct order; fokus shuffles them",
                );
            }
            let unique: HashSet<&str> = items.iter().map(|s| s.trim()).collect();
            if unique.len() != items.len() {
                c.error(
                    &q_at("items"),
                    "two items of the `order` question have the same text",
                    "make each step's text different so the order can be checked",
                );
            }
        }
        QuestionType::Match => {
            let pairs = q.pairs.as_deref().unwrap_or_default();
            if pairs.len() < 2 {
                c.error(
                    &q_at("pairs"),
                    format!(
                        "a `match` question needs at least two pairs; it has {}",
                        pairs.len()
                    ),
                    "add pairs as `- left: … / right: …`",
                );
            }
        }
        QuestionType::Text => {
            let answers = q.answers.as_deref().unwrap_or_default();
            if answers.iter().all(|a| a.trim().is_empty()) {
                c.error(
                    &q_at("answers"),
                    "a `text` question needs at least one accepted answer",
                    "list the answers you accept, for example `answers: [progressionsmål]`",
                );
            }
        }
        QuestionType::Branching => branching(c, qi, q),
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
            format!(
                "a `truefalse` question needs exactly two options; it has {}",
                options.len()
            ),
            "write one option for true and one for false, and mark the right one `correct: true`",
        ),
        _ if options.len() < 2 => c.error(
            &at,
            format!(
                "a `{name}` question needs at least two options; it has {}",
                options.len()
            ),
            "add options as `- text: …`",
        ),
        _ => {}
    }
    match q.kind {
        QuestionType::Multiple if correct == 0 => c.error(
            &at,
            "a `multiple` question needs at least one correct option",
            "mark the right options with `correct: true`",
        ),
        QuestionType::Single | QuestionType::Truefalse if correct != 1 => c.error(
            &at,
            format!("a `{name}` question needs exactly one correct option; it has {correct}"),
            "mark exactly one option with `correct: true`, or use `type: multiple`",
        ),
        _ => {}
    }
    for (oi, o) in options.iter().enumerate() {
        let here = [Key("questions"), Index(qi), Key("options"), Index(oi)];
        if o.text.trim().is_empty() {
            c.error(
                &here,
                "the option's `text` is empty",
                "write the answer option",
            );
        }
        if o.feedback.as_deref().is_none_or(|f| f.trim().is_empty()) {
            c.warning(
                &here,
                format!("option {} of question `{}` has no feedback", oi + 1, q.id),
                "add `feedback: …` that explains why the option is right or wrong",
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
            "a `branching` question needs at least two nodes (a start and an ending)",
            "add nodes with `choices` that lead to nodes with an `outcome`",
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
                format!("the node id `{}` is used twice", n.id),
                "give each node its own id",
            );
        }
        match (n.choices.is_empty(), n.outcome) {
            (true, None) => c.error(at, format!("the node `{}` has no choices and no outcome", n.id),
                "give it `choices`, or make it an ending with `outcome: good`, `mixed` or `poor`"),
            (false, Some(_)) => c.error(at, format!("the node `{}` has both choices and an outcome", n.id),
                "an ending has an `outcome` and no `choices`; a step has `choices` and no `outcome`"),
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
                        format!("`next: {}` points to a node that does not exist", s.next),
                        format!("nodes in this conversation: {}", ids.join(", ")),
                    );
                }
            }
            if s.feedback.as_deref().is_none_or(|f| f.trim().is_empty()) {
                c.warning(
                    at,
                    format!("a choice in node `{}` has no feedback", n.id),
                    "add `feedback: …` that explains what this reply does",
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
            "the conversation has no ending",
            "add a node with `outcome: good` (or mixed/poor) and no choices",
        );
        return;
    }
    // Every node reachable from the start…
    let reachable = reach(&edges, 0);
    for (ni, n) in nodes.iter().enumerate() {
        if !reachable[ni] {
            c.error(
                &node_at(qi, ni, "id")[..4],
                format!(
                    "the node `{}` cannot be reached from the start node `{}`",
                    n.id, nodes[0].id
                ),
                "let a choice lead to it with `next:`, or remove it",
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
                format!(
                    "from the node `{}` no ending can be reached (a loop with no way out)",
                    n.id
                ),
                "give one of the choices on this path a `next:` that leads to an ending",
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
