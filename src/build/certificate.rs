//! What the progress page needs for the course certificate ("Kursusbevis")
//! and for moving a learner's answers to another browser: the modules the
//! certificate lists with their durations, and every question's version, so
//! an answer file is checked against the course as it is now.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::config::Selection;
use crate::escape::script_json;

use super::load::Course;
use super::resolve::Resolved;

/// More modules than this do not fit one A4 page: the certificate lists the parts instead.
pub const MAX_ROWS: usize = 30;

/// A module's title and minutes.
type Line<'a> = (&'a str, Option<u32>);

/// The certificate's fixed part, rendered into `progress.html`.
#[derive(Debug, Serialize)]
pub struct CertificateView {
    /// The modules the course consists of (or its parts, when there are many).
    pub rows: Vec<CertificateRow>,
    /// `rows` are parts, not modules.
    pub by_part: bool,
    /// Minutes of every row that has a duration.
    pub total_minutes: u32,
    /// Script-safe JSON: exercise id → {question id → version}, for the answer file.
    pub versions_json: String,
}

/// One line of the certificate's list.
#[derive(Debug, Serialize)]
pub struct CertificateRow {
    pub title: String,
    /// `None` when no module in it gives a `duration`.
    pub minutes: Option<u32>,
}

/// The certificate view of the course: the modules the completion rule names,
/// or every module when the rule names all or none.
pub fn view(course: &Course, resolved: &Resolved) -> CertificateView {
    let listed = |id: &str| match &course.config.completion.modules {
        Selection::List(ids) => ids.iter().any(|x| x == id),
        Selection::Keyword(_) => true,
    };
    let parts: Vec<(&str, Vec<Line>)> = course
        .content
        .parts
        .iter()
        .map(|p| {
            let modules = p
                .modules
                .iter()
                .filter(|m| listed(&m.id))
                .map(|m| (m.doc.meta.title.as_str(), m.doc.meta.duration))
                .collect::<Vec<_>>();
            (p.title.as_str(), modules)
        })
        .filter(|(_, m)| !m.is_empty())
        .collect();
    let count: usize = parts.iter().map(|(_, m)| m.len()).sum();
    let by_part = count > MAX_ROWS;
    let rows: Vec<CertificateRow> = if by_part {
        parts
            .iter()
            .map(|(title, modules)| CertificateRow {
                title: (*title).to_string(),
                minutes: modules
                    .iter()
                    .filter_map(|(_, d)| *d)
                    .reduce(|a, b| a.saturating_add(b)),
            })
            .collect()
    } else {
        parts
            .iter()
            .flat_map(|(_, modules)| modules.iter())
            .map(|(title, minutes)| CertificateRow {
                title: (*title).to_string(),
                minutes: *minutes,
            })
            .collect()
    };
    let total_minutes = rows
        .iter()
        .filter_map(|r| r.minutes)
        .fold(0u32, u32::saturating_add);
    CertificateView {
        rows,
        by_part,
        total_minutes,
        versions_json: script_json(&versions(course, resolved)),
    }
}

/// Exercise id → {question id → version}, as the exercise pages write them in `data-version`.
fn versions(course: &Course, resolved: &Resolved) -> Value {
    let mut out = Map::new();
    for e in &course.exercises {
        let Some(r) = resolved.resolver.exercises.get(e.spec.id.as_str()) else {
            continue;
        };
        let qs: Map<String, Value> = r
            .view
            .questions
            .iter()
            .map(|q| (q.id.clone(), Value::String(q.version.clone())))
            .collect();
        out.insert(e.spec.id.clone(), Value::Object(qs));
    }
    Value::Object(out)
}
