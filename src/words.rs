//! Words of plain text, split at white space as `str::split_whitespace`
//! splits them (white space is what `char::is_whitespace` says), but found
//! a byte at a time: the search index splits every section of the course.

/// The bytes white space begins with: ASCII space and control characters,
/// and the first bytes of the white space characters beyond ASCII.
pub(crate) const MAYBE_WHITE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b <= 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0xC2] = true;
    t[0xE1] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t
};

/// The length in bytes of the white space character at byte `i` of the
/// UTF-8 text `b`, or 0 when there is none (`char::is_whitespace`: ASCII
/// white space, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
/// U+202F, U+205F and U+3000).
pub(crate) fn white_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') => 1,
        Some(0xC2) => usize::from(matches!(b.get(i + 1), Some(0x85 | 0xA0))) * 2,
        Some(0xE1) => usize::from(b.get(i + 1..i + 3) == Some(&[0x9A, 0x80])) * 3,
        Some(0xE2) => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)) | (Some(0x81), Some(0x9F)) => 3,
            _ => 0,
        },
        Some(0xE3) => usize::from(b.get(i + 1..i + 3) == Some(&[0x80, 0x80])) * 3,
        _ => 0,
    }
}

/// The words of `text`, as `text.split_whitespace()` gives them.
pub fn split(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let white = move |i: usize| match b.get(i) {
        Some(&c) if MAYBE_WHITE[usize::from(c)] => white_len(b, i),
        _ => 0,
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            if i >= b.len() {
                return None;
            }
            match white(i) {
                0 => break,
                n => i += n,
            }
        }
        let start = i;
        while i < b.len() && white(i) == 0 {
            i += 1;
        }
        text.get(start..i)
    })
}

/// Texts for tests that check a byte-level function against the standard
/// library's character-level one.
#[cfg(test)]
pub(crate) mod samples {
    /// Every white space character, a neighbour of each in UTF-8, a control
    /// character, and a few letters and punctuation marks.
    pub(crate) fn white_pieces() -> Vec<String> {
        (0..=0x3001u32)
            .filter_map(char::from_u32)
            .filter(|c| {
                c.is_whitespace()
                    || matches!(
                        *c as u32,
                        0x1 | 0x84
                            | 0x86
                            | 0x9F
                            | 0xA1
                            | 0x167F
                            | 0x1681
                            | 0x200B
                            | 0x2027
                            | 0x202A
                            | 0x202E
                            | 0x2030
                            | 0x205E
                            | 0x2060
                            | 0x2FFF
                            | 0x3001
                    )
            })
            .map(String::from)
            .chain(["a", "å", "Ø", ".", "x", " "].map(String::from))
            .collect()
    }

    /// `count` texts of 0 to `longest` pieces each, drawn from `pieces` by a
    /// generator with a fixed seed (the same texts at every run).
    pub(crate) fn texts<S: AsRef<str>>(pieces: &[S], count: usize, longest: u32) -> Vec<String> {
        let mut seed = 7u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 8
        };
        (0..count)
            .map(|_| {
                let n = next() % (longest + 1);
                (0..n)
                    .map(|_| pieces[next() as usize % pieces.len()].as_ref())
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_as_split_whitespace_splits_them() {
        for t in samples::texts(&samples::white_pieces(), 8000, 8) {
            let got: Vec<&str> = split(&t).collect();
            let want: Vec<&str> = t.split_whitespace().collect();
            assert_eq!(got, want, "{t:?}");
        }
    }
}
