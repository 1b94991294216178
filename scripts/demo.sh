#!/bin/sh
# Set up readingroom in .venv, import the bundled sample collection into ./readingroom-data (once), and serve it
# at http://127.0.0.1:8000/. Needs Python 3.11 or newer with venv and pip.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/readingroom demo "$@"
