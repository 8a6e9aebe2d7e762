//! Names that become parts of web addresses: the one rule for what is
//! allowed, the one slug function that makes a name allowed, and the one
//! hint that tells an author how to fix a name.

/// A name usable in URLs: lowercase ASCII letters, digits, `-` and `_`.
pub fn is_url_safe(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

use crate::messages::Text;

/// The help for a name that is not URL-safe: the rule and a name that follows it.
pub fn rename_hint(name: &str, extension: &str) -> Text {
    let suggestion = match slug(name) {
        s if s.is_empty() => "navn".to_string(),
        s => s,
    };
    t!("names.rename", name = format!("{suggestion}{extension}"))
}

/// The help for an id that is not URL-safe: the rule and an id that follows it.
pub fn id_hint(id: &str) -> Text {
    let suggestion = match slug(id) {
        s if s.is_empty() => "mit-id".to_string(),
        s => s,
    };
    t!("names.id", suggestion)
}

/// A URL- and anchor-safe slug, correct for Danish: æ→ae, ø→oe, å→aa.
///
/// `"Sådan skriver I målet"` becomes `"saadan-skriver-i-maalet"`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped: Option<&str> = match c {
            'æ' | 'ä' => Some("ae"),
            'ø' | 'ö' => Some("oe"),
            'å' => Some("aa"),
            'ü' => Some("ue"),
            'ß' => Some("ss"),
            'é' | 'è' | 'ê' | 'ë' => Some("e"),
            'á' | 'à' | 'â' | 'ã' => Some("a"),
            'í' | 'ì' | 'î' | 'ï' => Some("i"),
            'ó' | 'ò' | 'ô' | 'õ' => Some("o"),
            'ú' | 'ù' | 'û' => Some("u"),
            'ñ' => Some("n"),
            'ç' => Some("c"),
            _ => None,
        };
        if let Some(m) = mapped {
            out.push_str(m);
            dash = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_slugs() {
        assert_eq!(slug("Sådan skriver I målet"), "saadan-skriver-i-maalet");
        assert_eq!(slug("Blåbærgrød!"), "blaabaergroed");
        assert_eq!(slug("  Æbler & Øl "), "aebler-oel");
        assert_eq!(slug("💡"), "");
    }

    #[test]
    fn the_hint_suggests_a_name_the_rule_allows() {
        let da = crate::messages::Language::Da;
        let hint = rename_hint("Øvelse 1", ".md").render(da);
        assert!(hint.contains("`oevelse-1.md`"), "{hint}");
        assert!(is_url_safe("oevelse-1"));
        assert!(!is_url_safe("Øvelse 1"));
        assert!(rename_hint("💡", "").render(da).contains("`navn`"));
    }
}
