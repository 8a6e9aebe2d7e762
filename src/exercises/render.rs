//! Exercise HTML from the theme's quiz templates (`templates/quiz/`): every
//! question readable without JavaScript (answers and feedback behind
//! `<details>`), with the data attributes `quiz.js` uses to make it
//! interactive. Author text arrives as HTML from [`super::fields::Fields`] or
//! as plain text that the templates escape, so no YAML text can break out of
//! its element.
//!
//! Every element id and in-page reference the templates write starts with
//! `idp`, so that many exercises and modules can share one page.

use super::view::{ExerciseView, QuestionView};
use crate::diagnostics::Diagnostic;
use crate::render::Theme;

/// Folder of the quiz templates among the theme's templates.
pub const TEMPLATES: &str = "quiz";

/// The template that shows a question of `kind` (see [`QuestionView::kind`]).
pub fn question_template(kind: &str) -> String {
    format!("{TEMPLATES}/{kind}.html")
}

fn context(theme: &Theme, idp: &str) -> tera::Context {
    let mut c = tera::Context::new();
    c.insert("t", &theme.strings);
    c.insert("idp", idp);
    c
}

/// One question, from the template of its kind.
pub fn question_html(q: &QuestionView, theme: &Theme, idp: &str) -> Result<String, Diagnostic> {
    question_with(&context(theme, idp), q, theme)
}

/// One question, adding to a context that holds `t` and `idp` (cheap to clone).
fn question_with(
    base: &tera::Context,
    q: &QuestionView,
    theme: &Theme,
) -> Result<String, Diagnostic> {
    let mut c = base.clone();
    c.insert("q", q);
    c.insert("standalone", &false);
    theme.render(&question_template(q.kind), &c)
}

/// The exercise's questions in their wrapper (the page or the embed adds the title).
pub fn html(view: &ExerciseView, theme: &Theme, idp: &str) -> Result<String, Diagnostic> {
    let mut c = context(theme, idp);
    let questions = view
        .questions
        .iter()
        .map(|q| question_with(&c, q, theme))
        .collect::<Result<Vec<_>, _>>()?;
    c.insert("exercise", view);
    c.insert("questions", &questions);
    theme.render(&format!("{TEMPLATES}/exercise.html"), &c)
}

/// The trainer's answer key for a whole exercise: every question with its
/// answers, the feedback on every option and the branching maps. It is drawn
/// from the same [`ExerciseView`] as the exercise; make that view with a
/// [`super::fields::Fields`] for the answer-key page, whose links differ.
pub fn key_html(view: &ExerciseView, theme: &Theme, idp: &str) -> Result<String, Diagnostic> {
    let mut c = context(theme, idp);
    c.insert("exercise", view);
    c.insert("standalone", &true);
    theme.render(&format!("{TEMPLATES}/answer-key.html"), &c)
}

/// The context of an exercise shown where its block stands on the page at
/// `page_url`: `t`, `idp`, the `exercise` and the `url` of its own page.
fn placed(view: &ExerciseView, page_url: &str, theme: &Theme, idp: &str) -> tera::Context {
    let mut c = context(theme, idp);
    c.insert("exercise", view);
    c.insert(
        "url",
        &crate::route::Route::Exercise { id: &view.id }.from(page_url),
    );
    c
}

/// The box an embedded exercise sits in on the page at `page_url`; `body` is
/// the exercise's [`html`], made with the same `idp`.
pub fn embed_html(
    view: &ExerciseView,
    body: &str,
    page_url: &str,
    theme: &Theme,
    idp: &str,
) -> Result<String, Diagnostic> {
    let mut c = placed(view, page_url, theme, idp);
    c.insert("body", body);
    theme.render(&format!("{TEMPLATES}/embed.html"), &c)
}

/// The card that stands for an exercise on a page of the site at `page_url`:
/// its title, how many questions it shows, the learner's state (filled by the
/// script) and a link to its own page, where the questions are.
pub fn card_html(
    view: &ExerciseView,
    page_url: &str,
    theme: &Theme,
    idp: &str,
) -> Result<String, Diagnostic> {
    let mut c = placed(view, page_url, theme, idp);
    c.insert("need", &view.scored_shown());
    theme.render(&format!("{TEMPLATES}/card.html"), &c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::html as escape_html;
    use crate::exercises::fields::Fields;
    use crate::exercises::valid::ValidExercise;
    use crate::exercises::view::view;

    /// Markdown stand-in: every field as an escaped paragraph or span.
    struct Plain;
    impl Fields for Plain {
        fn block(&mut self, src: &str, _line: usize) -> String {
            format!("<p>{}</p>\n", escape_html(src))
        }
        fn inline(&mut self, src: &str, _line: usize) -> String {
            escape_html(src)
        }
    }

    fn fixture() -> (Theme, ExerciseView) {
        let root =
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini"));
        let config = crate::config::CourseConfig::load(root).expect("config");
        let theme = Theme::load(root, &config).expect("theme");
        let loaded = crate::exercises::load(root).expect("exercises");
        let ex = ValidExercise::from_loaded(&loaded[0]).expect("valid");
        let view = view(&ex, &mut Plain);
        (theme, view)
    }

    /// What the print page once did to a body by text replacement: the reference for `idp`.
    fn prefixed_by_replacing(html: &str, prefix: &str) -> String {
        let attrs = [
            " id=\"",
            " for=\"",
            " aria-controls=\"",
            " aria-labelledby=\"",
            " aria-describedby=\"",
            " href=\"#",
        ];
        attrs.iter().fold(html.to_string(), |s, a| {
            s.replace(a, &format!("{a}{prefix}"))
        })
    }

    #[test]
    fn idp_prefixes_every_id_and_in_page_reference() {
        let (theme, view) = fixture();
        type Render<'a> = &'a dyn Fn(&str) -> Result<String, Diagnostic>;
        let cases: [(&str, Render); 3] = [
            ("exercise", &|idp| html(&view, &theme, idp)),
            ("answer key", &|idp| key_html(&view, &theme, idp)),
            ("embed", &|idp| {
                embed_html(&view, "<p>body</p>\n", "grundlag/evner.html", &theme, idp)
            }),
        ];
        for (name, render) in cases {
            let plain = render("").unwrap();
            let with = render("m7-").unwrap();
            assert_ne!(plain, with, "{name}: has ids");
            assert_eq!(with, prefixed_by_replacing(&plain, "m7-"), "{name}");
        }
        // Every kind of reference is there to be prefixed: the check above is not empty.
        let all = html(&view, &theme, "m7-").unwrap() + &key_html(&view, &theme, "m7-").unwrap();
        for attr in [
            " id=\"m7-",
            " for=\"m7-",
            " aria-describedby=\"m7-",
            " href=\"#m7-",
        ] {
            assert!(all.contains(attr), "{attr}");
        }
    }

    #[test]
    fn every_question_kind_has_its_template() {
        let (theme, view) = fixture();
        let kinds: std::collections::BTreeSet<&str> =
            view.questions.iter().map(|q| q.kind).collect();
        assert_eq!(kinds.len(), 7, "the fixture has every kind");
        for q in &view.questions {
            let h = question_html(q, &theme, "").unwrap();
            assert!(
                h.starts_with("<form class=\"question\"") && h.ends_with("</form>\n"),
                "{h}"
            );
            assert!(h.contains(&format!("data-type=\"{}\"", q.question_type)));
        }
    }
}
