#!/usr/bin/env python3
"""Guard against copied sentences: fail if any run of N (default 10) consecutive
words in content/ or exercises/ also appears in a source text in shared/seeds/.

Words are compared case-folded, with punctuation and whitespace ignored.
Usage: seed-copy-check.py [--seeds DIR] [--words N] [PATH ...]
"""
import argparse
import pathlib
import re
import sys
import unicodedata

WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text):
    """Yield (word, line) for every word in `text`, case-folded and NFC-normalised."""
    text = unicodedata.normalize("NFC", text)
    line = 1
    last = 0
    for m in WORD.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        yield m.group(0).casefold(), line


def main():
    repo = pathlib.Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seeds", default=str(repo.parent / "shared" / "seeds"))
    ap.add_argument("--words", type=int, default=10)
    ap.add_argument("paths", nargs="*", default=[str(repo / "content"), str(repo / "exercises")])
    args = ap.parse_args()
    n = args.words

    seeds = sorted(p for p in pathlib.Path(args.seeds).glob("*.txt"))
    if not seeds:
        print(f"seed-copy-check: no seed texts found in {args.seeds}", file=sys.stderr)
        return 2
    grams = {}
    for seed in seeds:
        words = [w for w, _ in tokens(seed.read_text(encoding="utf-8", errors="replace"))]
        for i in range(len(words) - n + 1):
            grams.setdefault(tuple(words[i : i + n]), seed.name)

    files = []
    for p in map(pathlib.Path, args.paths):
        files += sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
    hits = 0
    for f in files:
        toks = list(tokens(f.read_text(encoding="utf-8", errors="replace")))
        reported_until = -1
        for i in range(len(toks) - n + 1):
            gram = tuple(w for w, _ in toks[i : i + n])
            if gram in grams and i > reported_until:
                hits += 1
                reported_until = i + n - 1
                print(f"{f}:{toks[i][1]}: {n} words copied from {grams[gram]}: \"{' '.join(gram)}\"")
    print(f"seed-copy-check: {len(files)} files checked against {len(seeds)} seed texts, {hits} copied runs")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
