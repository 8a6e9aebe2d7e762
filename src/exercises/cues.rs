//! Answer cues: ways a learner can pick the right option without knowing the
//! answer. `fokus check` warns about them (errors with `--strict`), each with
//! the file and line and what to do:
//!
//! - the correct option is much longer than the wrong ones (in words);
//! - an option says "alle ovenstående" / "all of the above" (or "none");
//! - among questions that keep their written order (`shuffle: false`), the
//!   correct option sits in one position far more often than chance.

use super::valid::{ChoiceMode, Kind, ValidExercise};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::messages::Text;
use crate::yaml::Seg::{self, Index, Key};

/// The correct option is a cue when it has more than this times the mean
/// number of words of the wrong ones…
pub const LENGTH_RATIO: f64 = 1.5;
/// …and at least this many words more (so "Ja" against "Ja, altid" is not one).
pub const LENGTH_MIN_EXTRA: f64 = 2.0;
/// A position is a cue when chance would put the correct option there at
/// least as often with a probability below this…
pub const POSITION_P: f64 = 0.01;
/// …and it holds the correct option at least this often.
pub const POSITION_MIN: usize = 3;

/// Phrases that make an option a cue (compared in lower case).
const ABOVE: [&str; 7] = [
    "alle ovenstående",
    "alle de ovenstående",
    "alle ovennævnte",
    "ingen af ovenstående",
    "ingen af de ovenstående",
    "all of the above",
    "none of the above",
];

fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn mean(v: &[usize]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<usize>() as f64 / v.len() as f64
    }
}

/// Whether `right` words are a length cue against wrong options of `wrong` words on average.
pub fn is_length_cue(right: f64, wrong: f64) -> bool {
    wrong > 0.0 && right > LENGTH_RATIO * wrong && right - wrong >= LENGTH_MIN_EXTRA
}

/// The chance that `k` or more of the questions have their correct option in
/// one position, when question `i` has it there with probability `p[i]`.
pub fn tail(p: &[f64], k: usize) -> f64 {
    // dist[j] = chance of exactly j so far.
    let mut dist = vec![1.0];
    for &pi in p {
        let mut next = vec![0.0; dist.len() + 1];
        for (j, d) in dist.iter().enumerate() {
            next[j] += d * (1.0 - pi);
            next[j + 1] += d * pi;
        }
        dist = next;
    }
    dist.iter().skip(k).sum()
}

/// Letters as the answer key names positions.
fn letter(i: usize) -> char {
    (b'A' + (i % 26) as u8) as char
}

/// Every answer cue in the valid exercises; errors instead of warnings when `strict`.
pub fn cues(exercises: &[ValidExercise], strict: bool) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let make = |ex: &ValidExercise, path: &[Seg], msg: Text, help: Text| {
        let pos = ex.source.locator.locate(&ex.source.text, path);
        let d = if strict {
            Diagnostic::error(&ex.source.path, msg)
        } else {
            Diagnostic::warning(&ex.source.path, msg)
        };
        d.at_position(pos).help(help)
    };
    // Unshuffled single-answer questions: (exercise, question, options, right position, position).
    let mut fixed: Vec<(usize, usize, usize, usize, Option<Position>)> = Vec::new();
    for (ei, ex) in exercises.iter().enumerate() {
        for (qi, q) in ex.questions.iter().enumerate() {
            let Kind::Choice { mode, options } = &q.kind else {
                continue;
            };
            let opt_at = |oi: usize| [Key("questions"), Index(qi), Key("options"), Index(oi)];
            for (oi, o) in options.iter().enumerate() {
                let lower = o.text.to_lowercase();
                if let Some(phrase) = ABOVE.iter().find(|p| lower.contains(*p)) {
                    let help = if q.shuffle {
                        crate::t!("cue.above_help_shuffled")
                    } else {
                        crate::t!("cue.above_help")
                    };
                    let option = oi + 1;
                    let question = q.id.as_str();
                    diags.push(make(
                        ex,
                        &opt_at(oi),
                        crate::t!("cue.above", option, question, phrase = *phrase),
                        help,
                    ));
                }
            }
            if *mode != ChoiceMode::Truefalse {
                let (right, wrong): (Vec<_>, Vec<_>) = options.iter().partition(|o| o.correct);
                let rw: Vec<usize> = right.iter().map(|o| words(&o.text)).collect();
                let ww: Vec<usize> = wrong.iter().map(|o| words(&o.text)).collect();
                let (r, w) = (mean(&rw), mean(&ww));
                if !rw.is_empty() && is_length_cue(r, w) {
                    let first = options.iter().position(|o| o.correct).unwrap_or(0);
                    let (right, wrong) = (format!("{r:.1}"), format!("{w:.1}"));
                    let question = q.id.as_str();
                    diags.push(make(
                        ex,
                        &opt_at(first),
                        crate::t!("cue.length", question, right, wrong),
                        crate::t!("cue.length_help"),
                    ));
                }
            }
            if !q.shuffle
                && *mode != ChoiceMode::Multiple
                && let Some(right) = options.iter().position(|o| o.correct)
            {
                let pos = ex
                    .source
                    .locator
                    .locate(&ex.source.text, &[Key("questions"), Index(qi)]);
                fixed.push((ei, qi, options.len(), right, pos));
            }
        }
    }
    let longest = fixed.iter().map(|f| f.2).max().unwrap_or(0);
    for p in 0..longest {
        let chances: Vec<f64> = fixed
            .iter()
            .map(|f| if f.2 > p { 1.0 / f.2 as f64 } else { 0.0 })
            .collect();
        let here: Vec<_> = fixed.iter().filter(|f| f.3 == p).collect();
        let k = here.len();
        if k < POSITION_MIN || tail(&chances, k) >= POSITION_P {
            continue;
        }
        let expected: f64 = chances.iter().sum();
        let (ei, qi, ..) = *here[0];
        let ex = &exercises[ei];
        let list: Vec<String> = here
            .iter()
            .map(|f| {
                let e = &exercises[f.0];
                format!("{}:{}", e.source.path.display(), f.4.map_or(1, |p| p.line))
            })
            .collect();
        diags.push(make(
            ex,
            &[Key("questions"), Index(qi), Key("shuffle")],
            crate::t!(
                "cue.position",
                k,
                total = fixed.len(),
                letter = letter(p),
                expected = format!("{expected:.0}")
            ),
            crate::t!("cue.position_help", places = list.join(", ")),
        ));
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_cue_needs_both_ratio_and_extra_words() {
        assert!(is_length_cue(12.0, 5.0));
        assert!(!is_length_cue(7.0, 5.0), "1.4 × is not a cue");
        assert!(!is_length_cue(2.0, 1.0), "one word more is not a cue");
        assert!(is_length_cue(4.0, 2.0));
        assert!(!is_length_cue(3.0, 0.0));
    }

    #[test]
    fn tail_is_the_binomial_tail() {
        // Four fair coins: P(X ≥ 3) = 5/16.
        let p = [0.5; 4];
        assert!((tail(&p, 3) - 5.0 / 16.0).abs() < 1e-12);
        assert!((tail(&p, 0) - 1.0).abs() < 1e-12);
        assert_eq!(tail(&p, 5), 0.0);
        // Eight four-option questions, all right at B: far below 1 %.
        assert!(tail(&[0.25; 8], 8) < POSITION_P);
        // Three of eight at one position is what chance does.
        assert!(tail(&[0.25; 8], 3) > POSITION_P);
    }

    #[test]
    fn words_ignore_markdown_punctuation() {
        assert_eq!(words("»Hvad lykkedes for dig sidst?«"), 5);
        assert_eq!(words("Ja – *altid*"), 2);
    }
}
