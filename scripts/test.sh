#!/bin/sh
# Set up readingroom with its test and benchmark tools in .venv, then run the whole suite: ruff, mypy and pytest.
# Exits non-zero on any failure. Needs Python 3.11 or newer with venv and pip; run as root (as CI does), it also
# installs Debian's Chromium for the browser tests, which are skipped, with the reason, where it is missing.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test,bench]"
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing Chromium (Debian's package) for the browser tests"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "Chromium is not installed: the browser tests will be skipped (apt install chromium)"
    fi
fi
echo "== ruff"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
