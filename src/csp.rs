//! Content-Security-Policy for built pages.
//!
//! The theme's page templates carry a `<meta http-equiv="Content-Security-Policy">`
//! whose `script-src` lists `'self'` and `{{ csp_scripts }}`. When the theme is
//! loaded, [`script_hashes`] computes that value once from the templates' own
//! inline scripts: the SHA-256 hash of each. The browser then runs exactly the
//! theme's inline scripts and refuses any other (one a Markdown trick or an
//! exercise text slipped into a page), as it refuses scripts from other
//! origins.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The `script-src` sources for the inline scripts in `templates` (name →
/// source), or the name of a template whose inline script contains template
/// syntax: such a script's text is only known per page, so it cannot be hashed
/// ahead and has to move to a file under `static/`.
pub fn script_hashes<'a>(
    templates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<String, String> {
    let mut hashes: Vec<String> = Vec::new();
    for (name, text) in templates {
        for script in inline_scripts(text) {
            if script.contains("{{") || script.contains("{%") {
                return Err(name.to_string());
            }
            let hash = format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script))
            );
            if !hashes.contains(&hash) {
                hashes.push(hash);
            }
        }
    }
    hashes.sort();
    Ok(hashes.join(" "))
}

/// The text of every `<script>` without `src` whose type runs as JavaScript.
fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<script") {
        let start = from + i;
        let Some(tag_end) = lower[start..].find('>').map(|j| start + j + 1) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script").map(|j| tag_end + j) else {
            break;
        };
        let tag = &lower[start..tag_end];
        let is_data = tag
            .split("type=")
            .nth(1)
            .map(|t| t.trim_start_matches(['"', '\'']))
            .is_some_and(|t| !(t.starts_with("text/javascript") || t.starts_with("module")));
        if !tag.contains(" src=") && !is_data {
            out.push(&html[tag_end..close]);
        }
        from = close;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_own_inline_scripts_are_hashed_once_each() {
        let base = "<script>a()</script><script type=\"application/json\">{{ data }}</script>\
                    <script src=\"x.js\"></script>";
        let slides = "<SCRIPT>a()</SCRIPT>";
        let got = script_hashes([("base.html", base), ("slides.html", slides)]).unwrap();
        // echo -n 'a()' | openssl dgst -sha256 -binary | base64
        assert_eq!(got, "'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='");
        assert_eq!(script_hashes([("empty.html", "<p>")]).unwrap(), "");
    }

    #[test]
    fn an_inline_script_with_template_syntax_is_refused() {
        let bad = "<script>var n = {{ n }};</script>";
        assert_eq!(
            script_hashes([("base.html", bad)]),
            Err("base.html".to_string())
        );
    }
}
