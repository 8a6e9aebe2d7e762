//! The table of every exercise's questions, read from the built exercise
//! pages, so the SCORM adapter can store answers by position (compactly)
//! instead of by id, and still restore them under the ids and versions the
//! pages check.

use serde_json::{Value, json};

use crate::output::OutputFile;

/// `[[exercise id, [[question id, type, version, prompt (reflections only)], …]], …]`,
/// in the order of the exercise pages' paths.
pub fn table(site: &[OutputFile]) -> Value {
    let prefix = format!("{}/", crate::route::EXERCISES_DIR);
    let mut pages: Vec<&OutputFile> = site
        .iter()
        .filter(|f| {
            f.path.strip_prefix(&prefix).is_some_and(|rest| {
                rest.ends_with(".html") && !rest.contains('/') && rest != "index.html"
            })
        })
        .collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = Vec::new();
    for page in pages {
        let html = String::from_utf8_lossy(&page.bytes);
        let id = page.path[prefix.len()..page.path.len() - ".html".len()].to_string();
        let questions = forms(&html);
        if !questions.is_empty() {
            out.push(json!([id, questions]));
        }
    }
    Value::Array(out)
}

/// The questions of one page, in page order.
fn forms(html: &str) -> Vec<Value> {
    const OPEN: &str = "<form class=\"question\"";
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        rest = &rest[i + OPEN.len()..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        let (Some(q), Some(kind), Some(version)) = (
            attr(tag, "data-q"),
            attr(tag, "data-type"),
            attr(tag, "data-version"),
        ) else {
            continue;
        };
        let mut entry = vec![json!(q), json!(kind), json!(version)];
        if kind == "reflection" {
            let end = rest.find("</form>").unwrap_or(rest.len());
            entry.push(json!(prompt(&rest[..end]).unwrap_or_default()));
        }
        out.push(Value::Array(entry));
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(unescape(&tag[start..start + len]))
}

/// The plain text of the question's prompt, as the page shows it.
fn prompt(form: &str) -> Option<String> {
    const OPEN: &str = "<span class=\"q-prompt\">";
    let start = form.find(OPEN)? + OPEN.len();
    let inner = &form[start..];
    // The prompt is Markdown: it may hold inline elements, but never another span.
    let end = inner.find("</span>")?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in inner[..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(unescape(text.trim()))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_questions_in_page_order_with_reflection_prompts() {
        let page = "<form class=\"question\" id=\"q-a\" data-q=\"a&amp;b\" data-type=\"single\" data-version=\"0000abcd\">\
            <span class=\"q-prompt\">Hvad?</span></form>\
            <form class=\"question\" id=\"q-r\" data-q=\"r\" data-type=\"reflection\" data-version=\"12345678\">\
            <legend><span class=\"q-num\">2</span> <span class=\"q-prompt\">Tænk <em>selv</em> &amp; skriv</span></legend></form>";
        let site = vec![
            OutputFile {
                path: "opgaver/x.html".into(),
                bytes: std::sync::Arc::new(page.as_bytes().to_vec()),
            },
            OutputFile {
                path: "opgaver/index.html".into(),
                bytes: std::sync::Arc::new(page.as_bytes().to_vec()),
            },
        ];
        assert_eq!(
            table(&site),
            json!([[
                "x",
                [
                    ["a&b", "single", "0000abcd"],
                    ["r", "reflection", "12345678", "Tænk selv & skriv"]
                ]
            ]])
        );
    }
}
