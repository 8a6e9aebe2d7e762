//! Search terms: text folded the way `search.js` folds a query, so that the
//! words the build indexes are the words a learner can type.
//!
//! Folding lowercases, writes æ/ø/å as ae/oe/aa, drops accents (é → e, ü → u)
//! and keeps every other character; a term is a run of `a`–`z` and `0`–`9` of
//! at least two characters. `search.js` does the same with `toLowerCase`,
//! three replacements and Unicode NFD; the accent table below covers the
//! Latin letters a Danish course meets.

/// `s` folded as a whole (spaces and punctuation kept), as `fold` in search.js.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut rest = s;
    loop {
        // A run of ASCII is copied and lowercased in one go (it ends at a
        // character boundary: the next byte starts a character).
        let (run, tail) = rest
            .split_at_checked(ascii_len(rest.as_bytes()))
            .unwrap_or((rest, ""));
        let start = out.len();
        out.push_str(run);
        out[start..].make_ascii_lowercase();
        let mut chars = tail.chars();
        let Some(c) = chars.next() else {
            break;
        };
        rest = chars.as_str();
        // The Danish letters skip the lookup in Unicode's case tables.
        match c {
            'æ' | 'Æ' => out.push_str("ae"),
            'ø' | 'Ø' => out.push_str("oe"),
            'å' | 'Å' => out.push_str("aa"),
            _ => {
                for l in c.to_lowercase() {
                    push_folded(l, &mut out);
                }
            }
        }
    }
    out
}

/// How many bytes `b` begins with that are ASCII, looked at eight at a time.
fn ascii_len(b: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    for chunk in b.chunks_exact(8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let high = u64::from_le_bytes(word) & HIGH;
        if high != 0 {
            return n + high.trailing_zeros() as usize / 8;
        }
        n += 8;
    }
    n + b[n..].iter().take_while(|c| c.is_ascii()).count()
}

fn push_folded(c: char, out: &mut String) {
    match c {
        'æ' => out.push_str("ae"),
        'ø' => out.push_str("oe"),
        'å' => out.push_str("aa"),
        // Combining marks vanish, as after NFD.
        '\u{300}'..='\u{36f}' => {}
        c => out.push(plain(c).unwrap_or(c)),
    }
}

/// The unaccented letter of an accented Latin letter.
fn plain(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ĺ' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' | 'ő' => 'o',
        'ŕ' | 'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => return None,
    })
}

/// Call `f` with each term of `text`, in order (repeats included).
pub fn terms(text: &str, mut f: impl FnMut(&str)) {
    let folded = fold(text);
    for t in folded.split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit())) {
        if t.len() >= 2 {
            f(t);
        }
    }
}

/// FNV-1a (32 bit) of a term; `search.js` computes the same to find a term's shard.
pub fn hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        terms(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn danish_letters_accents_and_case_fold_like_the_browser() {
        assert_eq!(
            all("Jobmålet, Ærø og Søren: café-møde i Zürich 2026 – a"),
            [
                "jobmaalet",
                "aeroe",
                "og",
                "soeren",
                "cafe",
                "moede",
                "zurich",
                "2026"
            ]
        );
        assert_eq!(fold("Mål."), "maal.");
        // A decomposed é (e + combining acute) folds like the composed one.
        assert_eq!(fold("Cafe\u{301}"), "cafe");
    }

    #[test]
    fn ascii_runs_fold_as_one_character_at_a_time() {
        fn reference(s: &str) -> String {
            let mut out = String::new();
            for c in s.chars() {
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase());
                } else {
                    for l in c.to_lowercase() {
                        push_folded(l, &mut out);
                    }
                }
            }
            out
        }
        let pieces = [
            "Ab",
            "C",
            " ",
            "Æ",
            "ø",
            "Å",
            "é",
            "\u{301}",
            "İ",
            "ẞ",
            "Zürich-2026",
            "",
        ];
        for s in crate::words::samples::texts(&pieces, 3000, 6) {
            assert_eq!(fold(&s), reference(&s), "{s:?}");
        }
    }

    #[test]
    fn hash_is_fnv1a() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(hash("foobar"), 0xbf9c_f968);
    }
}
