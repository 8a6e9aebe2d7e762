#!/usr/bin/env bash
# `fokus package zip`, unpacked into a new folder, must pass the same browser
# checks as a built site: every page from file:// and served (crawl), the
# progress and print pages (pages), search from disk (search) and stored
# answers (persistence). Makes the zips of the bundled course (participant and
# trainer editions) and of the mini course, unpacks them with Python's zipfile,
# and runs those suites with the unpacked folders as their sites.
#
#   tests/browser/run-zip.sh          (FOKUS_BIN: use this binary instead of building one)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ -z "${FOKUS_BIN:-}" ]; then
  (cd "$repo" && cargo build --release --quiet)
  FOKUS_BIN="$repo/target/release/fokus"
fi
export FOKUS_BIN

work=$(mktemp -d "${TMPDIR:-/tmp}/fokus-zip.XXXXXX")
trap 'rm -rf "$work"' EXIT

pack() { # pack NAME ROOT [ARGS…]: package, then unpack into $work/NAME
  local name=$1 root=$2
  shift 2
  if ! "$FOKUS_BIN" --no-color --root "$root" package zip --out "$work/$name.zip" "$@" >"$work/$name.log" 2>&1; then
    echo "fokus package zip of $root ($name) failed:" >&2
    cat "$work/$name.log" >&2
    exit 1
  fi
  python3 -m zipfile -e "$work/$name.zip" "$work/$name"
}
pack bundled "$repo"
pack trainer "$repo" --edition trainer
pack mini "$repo/tests/fixtures/mini"
export FOKUS_BUNDLED_SITE="$work/bundled" FOKUS_TRAINER_SITE="$work/trainer" FOKUS_MINI_SITE="$work/mini"

cd "$here"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
node --test --test-concurrency=1 --test-reporter="${FOKUS_TEST_REPORTER:-spec}" \
  crawl.test.mjs pages.test.mjs search.test.mjs persistence.test.mjs
