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
    let mut put = |c: char| {
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
    };
    for c in text.chars() {
        // ASCII, most of every heading, skips the Unicode case tables.
        if c.is_ascii() {
            put(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut put);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Common words of Danish course texts, spelled with æ, ø or å; their ASCII
/// slugs are turned back into them by [`title_from_slug`].
pub const DANISH_WORDS: &[&str] = &[
    "første",
    "møde",
    "møder",
    "mødet",
    "mål",
    "målet",
    "målene",
    "øvelse",
    "øvelser",
    "værktøj",
    "værktøjer",
    "forløb",
    "forløbet",
    "ressourceforløb",
    "fælles",
    "fællesskab",
    "løntilskud",
    "også",
    "både",
    "når",
    "på",
    "før",
    "få",
    "gå",
    "små",
    "svær",
    "svære",
    "læring",
    "lære",
    "færdigheder",
    "ansøgning",
    "ansøgninger",
    "støtte",
    "opfølgning",
    "tværfaglig",
    "tværfagligt",
    "præsentation",
    "sådan",
    "spørgsmål",
    "spørgsmålet",
    "beskæftigelse",
    "næste",
    "ønsker",
    "ønske",
    "øje",
    "øjne",
    "hånd",
    "håndtering",
    "grønne",
    "rådgivning",
    "råd",
    "hjælp",
    "hjælpe",
    "skærm",
    "ændring",
    "ændringer",
    "øve",
    "lønnet",
];

/// A title from a slug: `-` and `_` become spaces, the first letter a
/// capital, and each word whose Danish spelling is known gets it back
/// (`foerste-moede` → `Første møde`).
///
/// The rule, chosen to be safe: a word is restored only when a word in
/// `known` (the course's own words) or in [`DANISH_WORDS`] has exactly that
/// slug. Any other word stays as written, because `oe`, `ae` and `aa` are
/// often just letters (`poesi`, `Michael`, `ekstraarbejde`).
pub fn title_from_slug<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let mut words: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for w in known.into_iter().chain(DANISH_WORDS.iter().copied()) {
        let lower = w.to_lowercase();
        if lower.contains(['æ', 'ø', 'å']) {
            words.entry(slug(&lower)).or_insert(lower);
        }
    }
    let title = name
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| words.get(w).map_or(w, String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => title,
    }
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
    fn titles_get_their_danish_letters_back_only_where_known() {
        assert_eq!(title_from_slug("foerste-moede", []), "Første møde");
        assert_eq!(title_from_slug("poesi-og-michael", []), "Poesi og michael");
        assert_eq!(title_from_slug("ekstraarbejde", []), "Ekstraarbejde");
        assert_eq!(title_from_slug("roed-traad", ["rød", "Tråd"]), "Rød tråd");
        assert_eq!(title_from_slug("", []), "");
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
