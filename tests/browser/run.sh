#!/usr/bin/env bash
# Build the bundled course (participant and trainer editions) and the mini
# fixture course with the release binary, then run the browser suites with
# Node's test runner, one file at a time (2 cores: Chromium and a build never
# compete). Each suite starts its own static server on 127.0.0.1 (serving the
# site under /kursus/2026/) and its own headless Chromium, and stops both.
#
#   tests/browser/run.sh                     all suites
#   tests/browser/run.sh quiz-keyboard.test.mjs axe.test.mjs    some of them
#
# Environment: FOKUS_BIN (use this binary instead of building one),
# CHROMIUM (default /usr/bin/chromium), FOKUS_TEST_REPORTER (default spec).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ -z "${FOKUS_BIN:-}" ]; then
  (cd "$repo" && cargo build --release --quiet)
  FOKUS_BIN="$repo/target/release/fokus"
fi
export FOKUS_BIN

work=$(mktemp -d "${TMPDIR:-/tmp}/fokus-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT

build() { # build NAME ROOT [ARGS…]
  local name=$1 root=$2
  shift 2
  if ! "$FOKUS_BIN" --no-color --root "$root" build --out "$work/$name" "$@" >"$work/$name.log" 2>&1; then
    echo "fokus build of $root ($name) failed:" >&2
    cat "$work/$name.log" >&2
    exit 1
  fi
}
build bundled "$repo"
build trainer "$repo" --edition trainer
build mini "$repo/tests/fixtures/mini"
export FOKUS_BUNDLED_SITE="$work/bundled" FOKUS_TRAINER_SITE="$work/trainer" FOKUS_MINI_SITE="$work/mini"

cd "$here"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/scorm-again ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

if [ $# -eq 0 ]; then
  set -- *.test.mjs
fi
status=0
node --test --test-concurrency=1 --test-reporter="${FOKUS_TEST_REPORTER:-spec}" "$@" || status=$?
exit "$status"
