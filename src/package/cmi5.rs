//! cmi5: `cmi5.xml`, the course structure. One AU for the whole course: the
//! launch page keeps one cmi5 session open while the learner moves through
//! the site, so `initialized` and `terminated` are sent once per session.

use std::sync::Arc;

use super::{CMI5_LAUNCH, course_key};
use crate::config::CourseConfig;
use crate::output::OutputFile;

/// The namespace of the cmi5 course structure.
pub const NAMESPACE: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// `cmi5.xml`.
pub fn files(config: &CourseConfig) -> Vec<OutputFile> {
    vec![OutputFile {
        path: "cmi5.xml".into(),
        bytes: Arc::new(course_structure(config).into_bytes()),
    }]
}

/// The IRI that names the course (and, with `/au`, its AU). The course has no
/// home on the web, so the IRI is a URN made from its key: stable across builds.
pub fn course_iri(config: &CourseConfig) -> String {
    format!("urn:fokus:course:{}", course_key(config))
}

/// The course structure text.
pub fn course_structure(config: &CourseConfig) -> String {
    let iri = crate::escape::xml(&course_iri(config));
    let lang = config.language.code();
    let title = crate::escape::xml(&config.title);
    let description = crate::escape::xml(config.subtitle.as_deref().unwrap_or(&config.title));
    let (move_on, mastery) = match config.completion.pass {
        Some(p) => (
            "CompletedAndPassed",
            format!(" masteryScore=\"{}\"", mastery_score(p)),
        ),
        None => ("Completed", String::new()),
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="{NAMESPACE}">
  <course id="{iri}">
    <title><langstring lang="{lang}">{title}</langstring></title>
    <description><langstring lang="{lang}">{description}</langstring></description>
  </course>
  <au id="{iri}/au" moveOn="{move_on}"{mastery} launchMethod="AnyWindow">
    <title><langstring lang="{lang}">{title}</langstring></title>
    <description><langstring lang="{lang}">{description}</langstring></description>
    <url>{CMI5_LAUNCH}</url>
  </au>
</courseStructure>
"#
    )
}

/// A pass mark in percent as cmi5's masteryScore: a decimal from 0 to 1.
pub fn mastery_score(percent: f64) -> String {
    let s = (percent.clamp(0.0, 100.0) / 100.0).to_string();
    if s.contains('.') { s } else { format!("{s}.0") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastery_score_is_between_zero_and_one() {
        assert_eq!(mastery_score(80.0), "0.8");
        assert_eq!(mastery_score(100.0), "1.0");
        assert_eq!(mastery_score(0.0), "0.0");
        assert_eq!(mastery_score(66.5), "0.665");
    }
}
