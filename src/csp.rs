//! Content-Security-Policy for built pages.
//!
//! `base.html` carries a `<meta http-equiv="Content-Security-Policy">` whose
//! `script-src` holds the placeholder [`PLACEHOLDER`]. After a page is
//! rendered, [`apply`] replaces it with the SHA-256 hash of every inline
//! script of that very page (computed from its exact text), so fokus's own
//! inline script runs and any other inline script (one a template or a
//! Markdown trick slipped in) is refused by the browser, as is anything from
//! another origin.

/// Stands in the template's policy for the hashes of the page's inline scripts.
pub const PLACEHOLDER: &str = "'fokus-inline-scripts'";

/// `html` with [`PLACEHOLDER`] replaced by the hashes of its inline scripts
/// (unchanged when it has no placeholder).
pub fn apply(html: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(html).ok()?;
    let at = text.find(PLACEHOLDER)?;
    let hashes: Vec<String> = inline_scripts(text)
        .into_iter()
        .map(|s| format!("'sha256-{}'", base64(&sha256(s.as_bytes()))))
        .collect();
    let mut out = String::with_capacity(text.len() + 64 * hashes.len());
    out.push_str(&text[..at]);
    out.push_str(&hashes.join(" "));
    out.push_str(&text[at + PLACEHOLDER.len()..]);
    Some(out.into_bytes())
}

/// The text of every `<script>` without `src` whose type runs as JavaScript.
fn inline_scripts(html: &str) -> Vec<&str> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = find_ci(bytes, from, b"<script") {
        let Some(tag_end) = find_ci(bytes, start, b">").map(|j| j + 1) else {
            break;
        };
        let Some(close) = find_ci(bytes, tag_end, b"</script") else {
            break;
        };
        let tag = html[start..tag_end].to_ascii_lowercase();
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

/// Where `needle` (lowercase, starting with a character that has no case)
/// first occurs in `hay` at or after `from`, ignoring ASCII case; the page is
/// not lowercased as a whole.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while let Some(j) = hay.get(i..)?.iter().position(|&b| b == first) {
        let at = i + j;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= c.len() {
                out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// SHA-256 (FIPS 180-4).
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_and_base64_match_the_standards() {
        assert_eq!(
            base64(&sha256(b"")),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(
            base64(&sha256(b"abc")),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        let long = "a".repeat(1000);
        assert_eq!(
            base64(&sha256(long.as_bytes())),
            "Qe3s5C1j6Nm/UVqbppMuHCDLyfWl0TRkWttdsblzfqM="
        );
        assert_eq!(base64(b"fo"), "Zm8=");
    }

    #[test]
    fn only_the_pages_own_inline_scripts_are_hashed() {
        let page = format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' {PLACEHOLDER}\">\
             <script>a()</script><script type=\"application/json\">{{}}</script><script src=\"x.js\"></script>"
        );
        let out = String::from_utf8(apply(page.as_bytes()).unwrap()).unwrap();
        let want = format!("'sha256-{}'", base64(&sha256(b"a()")));
        assert!(
            out.contains(&format!("script-src 'self' {want}\"")),
            "{out}"
        );
        assert!(apply(b"<p>no policy</p>").is_none());
    }
}
