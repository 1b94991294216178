#!/bin/sh
# Set up readingroom with its test and benchmark tools in .venv, then run the whole suite: ruff, mypy, pytest on
# SQLite, and pytest again against a throwaway PostgreSQL server (tests/postgres.py: Debian's server binaries, a
# cluster in a temporary directory on 127.0.0.1, removed afterwards). The browser tests run once, in the SQLite pass.
# Exits non-zero on any failure. Needs Python 3.11 or newer with venv and pip; run as root (as CI does), it also
# installs Debian's Chromium for the browser tests, Debian's PostgreSQL server, and Debian's Node.js and npm for the
# test of what Zotero saves (tests/web/test_zotero.py), and Debian's Tesseract with its language packs and the DejaVu
# and Noto CJK fonts for the OCR tests, which are otherwise skipped, with the reason, where missing.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test,bench]"

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing="$missing postgresql"
# Node.js runs Zotero's translation-server (../shared/tools) for the test of what Zotero saves from a page
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
# Tesseract and its language packs read scans; the fonts print the pages the OCR tests read back
for package in tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-chi-sim tesseract-ocr-chi-tra \
    tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-kor tesseract-ocr-vie tesseract-ocr-ukr tesseract-ocr-pol \
    fonts-dejavu-core fonts-noto-cjk; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing Debian's$missing for the tests (a few minutes; apt-get's own output is hidden)"
        apt-get update -qq
        # shellcheck disable=SC2086 # one word a package
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        echo "Not installed:$missing; the tests that need them will be skipped (apt install$missing)"
    fi
fi
if command -v npm >/dev/null 2>&1; then
    # citeproc-js, pinned in tests/citeproc-js/package.json, for the test comparing the page's citations with it
    echo "== installing citeproc-js for the tests (tests/citeproc-js/node_modules)"
    npm install --prefix tests/citeproc-js --no-package-lock --no-audit --no-fund --silent \
        || echo "citeproc-js could not be installed; the test comparing citations with it will be skipped"
fi

echo "== ruff"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
echo "== mypy"
.venv/bin/mypy
echo "== pytest, SQLite"
.venv/bin/python -m pytest "$@"
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
    echo "== pytest, PostgreSQL (the browser tests ran above)"
    .venv/bin/python -m tests.postgres run -- .venv/bin/python -m pytest -m "not browser" "$@"
else
    echo "== pytest, PostgreSQL: skipped, PostgreSQL's server is not installed"
fi
