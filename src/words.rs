//! Words of plain text, split at white space as `str::split_whitespace`
//! splits them (white space is what `char::is_whitespace` says), but found
//! a byte at a time: the search index splits every section of the course.
//! Also the quick looks for bytes ([`any_byte`], [`any_pair`],
//! [`position`]) that let the code handling every text skip what needs
//! nothing.

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

/// Whether white space other than the ASCII space may begin at byte `c`:
/// a control character or the first byte of a wide space (as
/// [`MAYBE_WHITE`], without the space), written as compares that a quick
/// look ([`any_byte`], [`position`]) can make many bytes at a time.
pub(crate) fn maybe_other_white(c: u8) -> bool {
    c < b' ' || c == 0xC2 || (0xE1..=0xE3).contains(&c)
}

/// Whether `b` has white space other than the ASCII space: looked at
/// closely only where [`maybe_other_white`] says it may begin.
pub(crate) fn has_other_white(b: &[u8]) -> bool {
    let mut i = 0;
    while let Some(n) = b
        .get(i..)
        .and_then(|rest| position(rest, maybe_other_white))
    {
        if white_len(b, i + n) > 0 {
            return true;
        }
        i += n + 1;
    }
    false
}

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

/// Whether `pred` holds for any byte of `b`. The bytes are looked at 64 at
/// a time without stopping inside a block, which the compiler turns into
/// vector compares: a cheap first look before a byte-by-byte one.
pub(crate) fn any_byte(b: &[u8], pred: impl Fn(u8) -> bool) -> bool {
    b.chunks(64)
        .any(|block| block.iter().fold(false, |hit, &c| hit | pred(c)))
}

/// The first byte of `b` for which `pred` holds, found as [`any_byte`]
/// looks: a block of 64 bytes is looked at byte by byte only when it has one.
pub(crate) fn position(b: &[u8], pred: impl Fn(u8) -> bool + Copy) -> Option<usize> {
    let mut start = 0;
    for block in b.chunks(64) {
        if any_byte(block, pred) {
            return block.iter().position(|&c| pred(c)).map(|n| start + n);
        }
        start += block.len();
    }
    None
}

/// Whether `pred` holds for any two neighbouring bytes of `b`, looked at as
/// [`any_byte`] looks.
pub(crate) fn any_pair(b: &[u8], pred: impl Fn(u8, u8) -> bool) -> bool {
    let next = b.get(1..).unwrap_or_default();
    b.chunks(64).zip(next.chunks(64)).any(|(block, after)| {
        block
            .iter()
            .zip(after)
            .fold(false, |hit, (&c, &d)| hit | pred(c, d))
    })
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
    fn other_white_space_is_found_as_char_is_whitespace_finds_it() {
        for c in 0..=255u8 {
            assert_eq!(
                maybe_other_white(c),
                MAYBE_WHITE[usize::from(c)] && c != b' '
            );
        }
        let mut pieces = samples::white_pieces();
        pieces.extend(["ord", " ", "æ"].map(String::from));
        for t in samples::texts(&pieces, 4000, 6) {
            let want = t.chars().any(|c| c != ' ' && c.is_whitespace());
            assert_eq!(has_other_white(t.as_bytes()), want, "{t:?}");
        }
    }

    #[test]
    fn a_first_look_finds_what_a_byte_by_byte_look_finds() {
        // Texts long enough to cross blocks of 64 bytes, pairs split between blocks included.
        let pieces = ["a", " ", "  ", ".", "\n", "æ", "\u{a0}", "ord ", "x"];
        let mut hits = [0; 3];
        for t in samples::texts(&pieces, 3000, 60) {
            let b = t.as_bytes();
            let one = |c: u8| c == b'\n' || c == 0xC2;
            let two = |c: u8, d: u8| c == b' ' && d == b'.';
            let want_one = b.iter().any(|&c| one(c));
            let want_two = b.windows(2).any(|w| two(w[0], w[1]));
            assert_eq!(any_byte(b, one), want_one, "{t:?}");
            assert_eq!(any_pair(b, two), want_two, "{t:?}");
            assert_eq!(position(b, one), b.iter().position(|&c| one(c)), "{t:?}");
            hits[0] += usize::from(want_one);
            hits[1] += usize::from(want_two);
            hits[2] += usize::from(b.len() > 64 && !want_two);
        }
        assert!(hits.iter().all(|&n| n > 100), "{hits:?}");
        // A pair whose bytes are in two blocks.
        for at in [62, 63, 64, 127, 128] {
            let t = format!("{} .", "a".repeat(at));
            assert!(
                any_pair(t.as_bytes(), |c, d| c == b' ' && d == b'.'),
                "{at}"
            );
        }
    }

    #[test]
    fn words_split_as_split_whitespace_splits_them() {
        for t in samples::texts(&samples::white_pieces(), 8000, 8) {
            let got: Vec<&str> = split(&t).collect();
            let want: Vec<&str> = t.split_whitespace().collect();
            assert_eq!(got, want, "{t:?}");
        }
    }
}
