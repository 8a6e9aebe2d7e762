//! The one door through which an exercise's Markdown becomes HTML.
//!
//! The quiz views ([`super::view`]) never call the Markdown renderer
//! themselves: the build passes a [`Fields`] that knows the page, resolves
//! links for it and keeps the problems it finds (see
//! `build::resolve::ExerciseFields`).

/// Turns one Markdown field of an exercise into finished HTML (links already resolved for
/// the exercise's page depth) and records its problems.
pub trait Fields {
    /// A field that may hold paragraphs, lists, callouts… (like `MarkdownRenderer::render`).
    fn block(&mut self, src: &str, line: usize) -> String;
    /// A field shown inside a line, such as a prompt or an option (like `render_inline`).
    fn inline(&mut self, src: &str, line: usize) -> String;
}
