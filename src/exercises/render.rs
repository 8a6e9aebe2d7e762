//! Exercise HTML: every question readable without JavaScript (answers and
//! feedback behind `<details>`), with the data attributes `quiz.js` uses to
//! make it interactive. All author text is escaped or rendered as Markdown
//! with raw HTML escaped, so no YAML text can break out of its element.

use std::fmt::Write;

use super::schema::{Node, Question, QuestionType};
use super::{Fields, LoadedExercise, choice_at, node_at};
use crate::escape::html as escape_html;
use crate::i18n::Strings;
use crate::yaml::Seg::{self, Index, Key};

/// An exercise rendered once and reused on its own page and in every module
/// that embeds it.
#[derive(Debug, Clone, Default)]
pub struct RenderedExercise {
    /// Finished HTML (links resolved for pages at the exercise page's depth).
    pub html: String,
    /// Number of scored questions (all but reflection).
    pub scored: usize,
    /// Plain text of the case and the prompts, for the search index.
    pub text: String,
}

struct Ctx<'a> {
    fields: &'a mut dyn Fields,
    t: &'a Strings,
    ex: &'a LoadedExercise,
    out: RenderedExercise,
}

impl Ctx<'_> {
    fn line(&self, path: &[Seg]) -> usize {
        self.ex
            .locator
            .locate(&self.ex.text, path)
            .map_or(1, |p| p.line)
    }

    /// Render a Markdown field.
    fn md(&mut self, text: &str, path: &[Seg], inline: bool) -> String {
        let line = self.line(path);
        if inline {
            self.fields.inline(text, line)
        } else {
            self.fields.block(text, line)
        }
    }
}

/// Render one exercise's questions (the page or embed adds the title).
pub fn render(ex: &LoadedExercise, fields: &mut dyn Fields, t: &Strings) -> RenderedExercise {
    let mut c = Ctx {
        fields,
        t,
        ex,
        out: RenderedExercise::default(),
    };
    let spec = &ex.spec;
    let id = escape_html(&spec.id);
    let mut h = String::with_capacity(8 * 1024);
    let scored = spec.questions.iter().filter(|q| q.kind.is_scored()).count();
    let _ = writeln!(
        h,
        "<div class=\"exercise\" data-exercise=\"{id}\" data-scored=\"{scored}\">"
    );
    c.out.text.push_str(&spec.title);
    c.out.text.push('\n');
    if let Some(s) = &spec.scenario {
        let body = c.md(s, &[Key("scenario")], false);
        c.out.text.push_str(s);
        c.out.text.push('\n');
        let _ = write!(
            h,
            "<div class=\"scenario\"><p class=\"scenario-label\">{}</p>\n{body}</div>\n",
            escape_html(t.get("scenario"))
        );
    }
    let _ = writeln!(
        h,
        "<div class=\"ex-status\"><p class=\"ex-score\" data-score aria-live=\"polite\"></p>\
         <button type=\"button\" class=\"btn-secondary\" data-action=\"reset\" hidden>{}</button></div>",
        escape_html(t.get("reset"))
    );
    let total = spec.questions.len();
    for (qi, q) in spec.questions.iter().enumerate() {
        question(&mut c, &mut h, qi, q, total);
    }
    h.push_str("</div>\n");
    c.out.html = h;
    c.out.scored = scored;
    c.out
}

/// A short stable hash of a question, so stored answers of an edited question are dropped.
pub fn version(q: &Question) -> String {
    let json = serde_json::to_string(q).unwrap_or_default();
    format!("{:08x}", fnv1a(json.as_bytes()) as u32)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// A deterministic shuffle of `0..n` that differs from the identity when n > 1.
fn shuffled(n: usize, seed: &str) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    let mut state = fnv1a(seed.as_bytes()) | 1;
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        idx.swap(i, j);
    }
    if n > 1 && idx.iter().enumerate().all(|(i, &v)| i == v) {
        idx.rotate_left(1);
    }
    idx
}

/// Short, page-unique element ids: a hash of the exercise id and the question's number.
fn dom_id(ex_id: &str, qi: usize) -> String {
    format!("e{:06x}q{qi}", fnv1a(ex_id.as_bytes()) as u32 & 0xff_ffff)
}

fn question(c: &mut Ctx, h: &mut String, qi: usize, q: &Question, total: usize) {
    let t = c.t;
    let dom = dom_id(&c.ex.spec.id, qi);
    let at = |k: &'static str| [Key("questions"), Index(qi), Key(k)];
    let prompt = c.md(&q.prompt, &at("prompt"), true);
    c.out.text.push_str(&q.prompt);
    c.out.text.push('\n');
    let kind = q.kind.name();
    let _ = write!(
        h,
        "<form class=\"question\" id=\"q-{dom}\" data-q=\"{}\" data-type=\"{kind}\" data-version=\"{}\">\n\
         <fieldset>\n<legend><span class=\"q-num\">{} {} / {total}</span> <span class=\"q-prompt\">{prompt}</span></legend>\n",
        escape_html(&q.id),
        version(q),
        escape_html(t.get("question")),
        qi + 1,
    );
    match q.kind {
        QuestionType::Single | QuestionType::Truefalse | QuestionType::Multiple => {
            choice_body(c, h, qi, q)
        }
        QuestionType::Order => order_body(c, h, qi, q, &dom),
        QuestionType::Match => match_body(c, h, qi, q, &dom),
        QuestionType::Text => {
            let answers: Vec<&str> = q.answers.iter().flatten().map(String::as_str).collect();
            let json = serde_json::to_string(&answers).unwrap_or_else(|_| "[]".into());
            let _ = write!(
                h,
                "<p class=\"q-field\"><label for=\"in-{dom}\">{}</label>\n\
                 <input type=\"text\" id=\"in-{dom}\" name=\"answer\" autocomplete=\"off\" spellcheck=\"false\" data-answers=\"{}\"></p>\n",
                escape_html(t.get("your_answer")),
                escape_html(&json)
            );
        }
        QuestionType::Reflection => {
            let _ = write!(
                h,
                "<p class=\"q-field\"><label for=\"in-{dom}\">{}</label>\n\
                 <textarea id=\"in-{dom}\" name=\"answer\" rows=\"5\"></textarea></p>\n\
                 <p class=\"q-note\">{}</p>\n",
                escape_html(t.get("your_answer")),
                escape_html(t.get("reflection_note"))
            );
        }
        QuestionType::Branching => branching_body(c, h, qi, q, &dom),
    }
    h.push_str("</fieldset>\n");
    // The buttons only work with JavaScript, so fokus.js creates them (in a `.q-actions` row).
    if let Some(hint) = &q.hint {
        let hint = c.md(hint, &at("hint"), false);
        let _ = writeln!(
            h,
            "<div class=\"q-hint\" id=\"hint-{dom}\" hidden>{hint}</div>"
        );
    }
    h.push_str(
        "<div class=\"q-feedback\" role=\"status\" aria-live=\"polite\" tabindex=\"-1\"></div>\n",
    );
    let key = answer_key(c, qi, q, KeyStyle::BesideQuestion);
    if !key.is_empty() {
        let _ = write!(
            h,
            "<details class=\"q-key\"><summary>{}</summary>\n{key}</details>\n",
            escape_html(t.get("answer_details"))
        );
    }
    h.push_str("</form>\n");
}

/// Where an answer key is shown, which decides how much it repeats.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyStyle {
    /// Behind `<details>` under the question: refers to options by letter.
    BesideQuestion,
    /// On the trainer's answer-key page: complete on its own.
    Standalone,
}

/// The answers, feedback and explanation of one question.
fn answer_key(c: &mut Ctx, qi: usize, q: &Question, style: KeyStyle) -> String {
    let t = c.t;
    let mut key = String::new();
    let standalone = style == KeyStyle::Standalone;
    match q.kind {
        QuestionType::Single | QuestionType::Truefalse | QuestionType::Multiple => {
            key.push_str("<ul class=\"key-options\">\n");
            for (oi, o) in q.options.iter().flatten().enumerate() {
                let text = if standalone {
                    let at = [
                        Key("questions"),
                        Index(qi),
                        Key("options"),
                        Index(oi),
                        Key("text"),
                    ];
                    format!(" {}", c.md(&o.text, &at, true))
                } else {
                    String::new()
                };
                let fb = match &o.feedback {
                    Some(f) => c.md(
                        f,
                        &[
                            Key("questions"),
                            Index(qi),
                            Key("options"),
                            Index(oi),
                            Key("feedback"),
                        ],
                        false,
                    ),
                    None => String::new(),
                };
                let _ = writeln!(
                    key,
                    "<li>{} <strong>{}.</strong>{text}<div>{fb}</div></li>",
                    verdict(t, o.correct),
                    letter(oi)
                );
            }
            key.push_str("</ul>\n");
        }
        QuestionType::Order => {
            let _ = writeln!(
                key,
                "<p class=\"key-label\">{}</p>\n<ol>",
                escape_html(t.get("correct_answer"))
            );
            for (i, it) in q.items.iter().flatten().enumerate() {
                let _ = writeln!(
                    key,
                    "<li>{}</li>",
                    c.md(
                        it,
                        &[Key("questions"), Index(qi), Key("items"), Index(i)],
                        true
                    )
                );
            }
            key.push_str("</ol>\n");
        }
        QuestionType::Match => {
            let _ = writeln!(
                key,
                "<p class=\"key-label\">{}</p>\n<ul>",
                escape_html(t.get("correct_answer"))
            );
            for (pi, p) in q.pairs.iter().flatten().enumerate() {
                let left = if standalone {
                    c.md(
                        &p.left,
                        &[
                            Key("questions"),
                            Index(qi),
                            Key("pairs"),
                            Index(pi),
                            Key("left"),
                        ],
                        true,
                    )
                } else {
                    format!("{}.", pi + 1)
                };
                let _ = writeln!(
                    key,
                    "<li>{left} → <strong>{}</strong></li>",
                    escape_html(&p.right)
                );
            }
            key.push_str("</ul>\n");
        }
        QuestionType::Text => {
            let answers: Vec<String> = q
                .answers
                .iter()
                .flatten()
                .map(|a| format!("<strong>{}</strong>", escape_html(a)))
                .collect();
            let _ = writeln!(
                key,
                "<p>{}: {}</p>",
                escape_html(t.get("accepted_answers")),
                answers.join(", ")
            );
        }
        QuestionType::Reflection if standalone => {
            let _ = writeln!(key, "<p><em>{}</em></p>", escape_html(t.get("not_scored")));
        }
        QuestionType::Branching if standalone => key.push_str(&branching_map(c, qi, q)),
        // Without JavaScript a conversation already shows every step and its feedback.
        QuestionType::Reflection | QuestionType::Branching => {}
    }
    if let Some(e) = &q.explanation {
        let e = c.md(e, &[Key("questions"), Index(qi), Key("explanation")], false);
        let _ = write!(
            key,
            "<div class=\"q-explanation\"><p class=\"key-label\">{}</p>\n{e}</div>\n",
            escape_html(t.get("explanation"))
        );
    }
    key
}

/// Each node's number (from 1) in its conversation, by node id.
fn node_numbers(nodes: &[Node]) -> std::collections::HashMap<&str, usize> {
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i + 1))
        .collect()
}

/// How a node is named to the reader: "Trin 3", or "Slutning: Godt forløb".
fn node_label(t: &Strings, n: &Node, ni: usize) -> String {
    match n.outcome {
        Some(o) => format!(
            "{}: {}",
            escape_html(t.get("ending")),
            escape_html(t.get(&format!("outcome_{}", o.name())))
        ),
        None => format!("{} {}", escape_html(t.get("step")), ni + 1),
    }
}

/// A branching conversation as a numbered list a trainer can read and print.
fn branching_map(c: &mut Ctx, qi: usize, q: &Question) -> String {
    let t = c.t;
    let nodes = q.nodes.as_deref().unwrap_or_default();
    let number = node_numbers(nodes);
    let dom = dom_id(&c.ex.spec.id, qi);
    let mut h = String::from("<ol class=\"key-map\">\n");
    for (ni, n) in nodes.iter().enumerate() {
        let text = c.md(&n.text, &node_at(qi, ni, "text"), false);
        let label = node_label(t, n, ni);
        let _ = writeln!(
            h,
            "<li id=\"k-{dom}-{}\"><p class=\"key-label\">{label}</p>{text}",
            ni + 1
        );
        if !n.choices.is_empty() {
            h.push_str("<ul>\n");
            for (si, s) in n.choices.iter().enumerate() {
                let stext = c.md(&s.text, &choice_at(qi, ni, si, "text"), true);
                let fb = s
                    .feedback
                    .as_ref()
                    .map(|f| c.md(f, &choice_at(qi, ni, si, "feedback"), false))
                    .unwrap_or_default();
                let to = number.get(s.next.as_str()).copied().unwrap_or(0);
                let _ = writeln!(
                    h,
                    "<li>{stext} → <a href=\"#k-{dom}-{to}\">{} {to}</a><div class=\"option-feedback\">{fb}</div></li>",
                    escape_html(t.get("step"))
                );
            }
            h.push_str("</ul>\n");
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ol>\n");
    h
}

/// The trainer's answer key for a whole exercise: every question with its
/// answers, the feedback on every option and the branching maps.
pub fn render_key(ex: &LoadedExercise, fields: &mut dyn Fields, t: &Strings) -> RenderedExercise {
    let mut c = Ctx {
        fields,
        t,
        ex,
        out: RenderedExercise::default(),
    };
    let mut h = String::from("<ol class=\"answer-key\">\n");
    for (qi, q) in ex.spec.questions.iter().enumerate() {
        let prompt = c.md(
            &q.prompt,
            &[Key("questions"), Index(qi), Key("prompt")],
            true,
        );
        let key = answer_key(&mut c, qi, q, KeyStyle::Standalone);
        let _ = write!(
            h,
            "<li><p class=\"key-prompt\"><strong>{prompt}</strong></p>\n{key}</li>\n"
        );
    }
    h.push_str("</ol>\n");
    c.out.html = h;
    c.out
}

fn verdict(t: &Strings, correct: bool) -> String {
    let (icon, word) = if correct {
        (t.get("icon_correct"), t.get("correct"))
    } else {
        (t.get("icon_incorrect"), t.get("incorrect"))
    };
    format!("<b>{} {}</b>", escape_html(icon), escape_html(word))
}

/// Letters that name options in the answer key ("A", "B", …).
fn letter(i: usize) -> String {
    let mut n = i;
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (n % 26) as u8) as char);
        if n < 26 {
            return s;
        }
        n = n / 26 - 1;
    }
}

fn choice_body(c: &mut Ctx, h: &mut String, qi: usize, q: &Question) {
    let input = if q.kind == QuestionType::Multiple {
        "checkbox"
    } else {
        "radio"
    };
    h.push_str("<div class=\"options\">\n");
    for (oi, o) in q.options.iter().flatten().enumerate() {
        let at = [
            Key("questions"),
            Index(qi),
            Key("options"),
            Index(oi),
            Key("text"),
        ];
        let text = c.md(&o.text, &at, true);
        c.out.text.push_str(&o.text);
        c.out.text.push('\n');
        let _ = writeln!(
            h,
            "<label class=\"option\"><input type=\"{input}\" name=\"a\" value=\"{oi}\"{}> \
             <span class=\"opt-letter\">{}.</span> {text}</label>",
            if o.correct { " data-correct" } else { "" },
            letter(oi)
        );
    }
    h.push_str("</div>\n");
}

fn order_body(c: &mut Ctx, h: &mut String, qi: usize, q: &Question, dom: &str) {
    let items = q.items.as_deref().unwrap_or_default();
    let rendered: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            c.md(
                it,
                &[Key("questions"), Index(qi), Key("items"), Index(i)],
                true,
            )
        })
        .collect();
    let _ = writeln!(
        h,
        "<p class=\"q-note\" id=\"oh-{dom}\">{}</p>\n<ol class=\"order-list\" aria-describedby=\"oh-{dom}\">",
        escape_html(c.t.get("order_hint"))
    );
    for i in shuffled(items.len(), &format!("{}/{}", c.ex.spec.id, q.id)) {
        let _ = writeln!(
            h,
            "<li data-pos=\"{i}\"><span class=\"order-text\">{}</span></li>",
            rendered[i]
        );
    }
    h.push_str("</ol>\n");
    for it in items {
        c.out.text.push_str(it);
        c.out.text.push('\n');
    }
}

fn match_body(c: &mut Ctx, h: &mut String, qi: usize, q: &Question, dom: &str) {
    let pairs = q.pairs.as_deref().unwrap_or_default();
    let mut rights: Vec<&str> = Vec::new();
    for p in pairs {
        if !rights.contains(&p.right.as_str()) {
            rights.push(&p.right);
        }
    }
    let order = shuffled(rights.len(), &format!("{}/{}/r", c.ex.spec.id, q.id));
    let mut options = format!(
        "<option value=\"\">{}</option>",
        escape_html(c.t.get("choose"))
    );
    for &r in &order {
        let _ = write!(
            options,
            "<option value=\"{r}\">{}</option>",
            escape_html(rights[r])
        );
    }
    h.push_str("<div class=\"match\">\n");
    for (pi, p) in pairs.iter().enumerate() {
        let left = c.md(
            &p.left,
            &[
                Key("questions"),
                Index(qi),
                Key("pairs"),
                Index(pi),
                Key("left"),
            ],
            true,
        );
        let answer = rights.iter().position(|r| *r == p.right).unwrap_or(0);
        let _ = writeln!(
            h,
            "<div class=\"match-row\"><label for=\"m-{dom}-{pi}\"><span class=\"opt-letter\">{}.</span> {left}</label>\
             <select id=\"m-{dom}-{pi}\" name=\"m{pi}\" data-answer=\"{answer}\">{options}</select></div>",
            pi + 1
        );
        c.out.text.push_str(&p.left);
        c.out.text.push('\n');
    }
    h.push_str("</div>\n");
}

/// A branching conversation. Every node is written once; without JavaScript
/// all nodes show in order, each choice names where it leads and keeps its
/// feedback behind `<details>`. fokus.js turns it into a step-by-step dialogue.
fn branching_body(c: &mut Ctx, h: &mut String, qi: usize, q: &Question, dom: &str) {
    let nodes = q.nodes.as_deref().unwrap_or_default();
    let t = c.t;
    let number = node_numbers(nodes);
    let _ = writeln!(
        h,
        "<div class=\"branching\" data-start=\"{}\">",
        escape_html(nodes.first().map_or("", |n| n.id.as_str()))
    );
    for (ni, n) in nodes.iter().enumerate() {
        let text = c.md(&n.text, &node_at(qi, ni, "text"), false);
        let nid = escape_html(&n.id);
        let class = match n.outcome {
            Some(o) => format!("node-label outcome outcome-{}", o.name()),
            None => "node-label".to_string(),
        };
        let label = format!("<p class=\"{class}\">{}</p>", node_label(t, n, ni));
        let outcome = n
            .outcome
            .map(|o| format!(" data-outcome=\"{}\"", o.name()))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<div class=\"node\" id=\"n-{dom}-{}\" data-node=\"{nid}\"{outcome} tabindex=\"-1\">{label}\n<div class=\"node-text\">{text}</div>",
            ni + 1
        );
        if !n.choices.is_empty() {
            h.push_str("<ul class=\"node-choices\">\n");
            for (si, s) in n.choices.iter().enumerate() {
                let stext = c.md(&s.text, &choice_at(qi, ni, si, "text"), true);
                let next = escape_html(&s.next);
                let to = number.get(s.next.as_str()).copied().unwrap_or(0);
                let fb = match &s.feedback {
                    Some(f) => format!(
                        "<details class=\"choice-feedback\"><summary>{}</summary>{}</details>",
                        escape_html(t.get("feedback")),
                        c.md(f, &choice_at(qi, ni, si, "feedback"), false)
                    ),
                    None => String::new(),
                };
                let _ = writeln!(
                    h,
                    "<li><button type=\"button\" class=\"choice\" data-next=\"{next}\" disabled>{stext}</button> \
                     <a class=\"choice-next\" href=\"#n-{dom}-{to}\">→ {} {to}</a>{fb}</li>",
                    escape_html(t.get("step"))
                );
                c.out.text.push_str(&s.text);
                c.out.text.push('\n');
            }
            h.push_str("</ul>\n");
        }
        h.push_str("</div>\n");
        c.out.text.push_str(&n.text);
        c.out.text.push('\n');
    }
    h.push_str("</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffle_is_stable_and_never_the_identity() {
        assert_eq!(shuffled(4, "a/b"), shuffled(4, "a/b"));
        for seed in ["x", "y", "z", "w"] {
            let s = shuffled(3, seed);
            assert_ne!(s, vec![0, 1, 2]);
            let mut sorted = s.clone();
            sorted.sort();
            assert_eq!(sorted, vec![0, 1, 2]);
        }
    }
}
