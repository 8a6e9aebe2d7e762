//! Warnings about Markdown that builds but does not do what its author
//! meant: a box name with a typo, a `# Title` line that repeats the title,
//! raw HTML that the site shows as text.

use crate::messages::Text;

/// Info strings of ordinary code blocks that are never a mistyped box name.
const CODE_LANGUAGES: [&str; 24] = [
    "text", "txt", "plain", "diff", "yaml", "yml", "json", "html", "xml", "css", "js", "bash",
    "sh", "shell", "console", "rust", "python", "toml", "markdown", "md", "csv", "sql", "tex",
    "ini",
];

/// The box name the info string `info` was probably meant to be, if it is
/// close to one (`tipp` → `tip`, `Advarsel` → `advarsel`).
pub fn near_box_name(info: &str) -> Option<&'static str> {
    let word = info.split_whitespace().next().unwrap_or("");
    let lower = word.to_lowercase();
    if lower.chars().count() < 3 || CODE_LANGUAGES.contains(&lower.as_str()) {
        return None;
    }
    super::BOXES
        .iter()
        .map(|(name, _)| (distance(&lower, name), *name))
        .filter(|(d, name)| *d <= if name.len() <= 4 { 1 } else { 2 })
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Edit distance (insertions, deletions, substitutions) between two words.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(here).min(row[j])
            };
            prev = here;
        }
    }
    row[b.len()]
}

/// The warning and its help for raw HTML written in Markdown.
pub fn raw_html(html: &str) -> (Text, Text) {
    let first = html.trim().lines().next().unwrap_or("").trim();
    let shown = crate::diagnostics::shorten(first, 40);
    if first.starts_with("<!--") {
        (
            t!("markdown.html_comment", html = shown),
            t!("markdown.html_comment_help"),
        )
    } else {
        (
            t!("markdown.raw_html", html = shown),
            t!("markdown.raw_html_help"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_box_names_are_suggested_and_code_languages_are_not() {
        assert_eq!(near_box_name("tipp"), Some("tip"));
        assert_eq!(near_box_name("Tip"), Some("tip"));
        assert_eq!(near_box_name("advarsl"), Some("advarsel"));
        assert_eq!(near_box_name("refleksjon"), Some("refleksion"));
        assert_eq!(near_box_name("opgaver"), Some("opgave"));
        assert_eq!(near_box_name("vidstedu"), Some("vidste-du"));
        for info in [
            "text", "diff", "yaml", "rust", "python", "", "js", "mermaid", "note",
        ] {
            assert_eq!(near_box_name(info), None, "{info}");
        }
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("tipp", "tip"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "tip"), 3);
        assert_eq!(distance("æble", "æble"), 0);
    }
}
