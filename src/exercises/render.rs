//! Exercise HTML from the theme's quiz templates (`templates/quiz/`): every
//! question readable without JavaScript (answers and feedback behind
//! `<details>`), with the data attributes `quiz.js` uses to make it
//! interactive. Author text arrives as HTML from [`super::fields::Fields`] or
//! as plain text that the templates escape, so no YAML text can break out of
//! its element.
//!
//! Every element id and in-page reference the templates write starts with
//! `idp`, so that many exercises and modules can share one page.

use super::fields::PlaceholderFields;
use super::valid::ValidExercise;
use super::view::{ExerciseView, QuestionView, view};
use crate::diagnostics::Diagnostic;
use crate::markdown::{MarkdownRenderer, PendingLink};
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
    let mut c = context(theme, idp);
    c.insert("q", q);
    c.insert("standalone", &false);
    theme.render(&question_template(q.kind), &c)
}

/// The exercise's questions in their wrapper (the page or the embed adds the title).
pub fn html(view: &ExerciseView, theme: &Theme, idp: &str) -> Result<String, Diagnostic> {
    let questions = view
        .questions
        .iter()
        .map(|q| question_html(q, theme, idp))
        .collect::<Result<Vec<_>, _>>()?;
    let mut c = context(theme, idp);
    c.insert("exercise", view);
    c.insert("questions", &questions);
    theme.render(&format!("{TEMPLATES}/exercise.html"), &c)
}

/// The trainer's answer key for a whole exercise: every question with its
/// answers, the feedback on every option and the branching maps.
pub fn key_html(view: &ExerciseView, theme: &Theme, idp: &str) -> Result<String, Diagnostic> {
    let mut c = context(theme, idp);
    c.insert("exercise", view);
    c.insert("standalone", &true);
    theme.render(&format!("{TEMPLATES}/answer-key.html"), &c)
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
    let mut c = context(theme, idp);
    c.insert("exercise", view);
    c.insert("body", body);
    c.insert(
        "url",
        &crate::site::relative(page_url, &crate::site::exercise_url(&view.id)),
    );
    theme.render(&format!("{TEMPLATES}/embed.html"), &c)
}

/// An exercise rendered once and reused on its own page and in every module
/// that embeds it.
#[derive(Debug, Clone)]
pub struct RenderedExercise {
    pub view: ExerciseView,
    /// HTML with link placeholders (see [`crate::markdown::fill_placeholders`]).
    pub html: String,
    pub links: Vec<PendingLink>,
    pub diagnostics: Vec<Diagnostic>,
}

impl RenderedExercise {
    /// Number of scored questions (all but reflection).
    pub fn scored(&self) -> usize {
        self.view.scored
    }

    /// Plain text of the case and the prompts, for the search index.
    pub fn text(&self) -> &str {
        &self.view.text
    }
}

/// Render one exercise with today's Markdown renderer, links left as placeholders.
pub fn render(
    ex: &ValidExercise,
    md: &MarkdownRenderer,
    theme: &Theme,
) -> Result<RenderedExercise, Diagnostic> {
    let mut fields = PlaceholderFields::new(md, &ex.source.path);
    let view = view(ex, &mut fields);
    let html = html(&view, theme, "")?;
    Ok(RenderedExercise {
        view,
        html,
        links: fields.links,
        diagnostics: fields.diagnostics,
    })
}

/// Render one exercise's answer key with today's Markdown renderer, links left as placeholders.
pub fn render_key(
    ex: &ValidExercise,
    md: &MarkdownRenderer,
    theme: &Theme,
) -> Result<RenderedExercise, Diagnostic> {
    let mut fields = PlaceholderFields::new(md, &ex.source.path);
    let view = view(ex, &mut fields);
    let html = key_html(&view, theme, "")?;
    Ok(RenderedExercise {
        view,
        html,
        links: fields.links,
        diagnostics: fields.diagnostics,
    })
}
