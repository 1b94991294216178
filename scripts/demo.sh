#!/bin/sh
# Set up readingroom in .venv, import the bundled sample collection into ./readingroom-data (once), and serve it
# at http://127.0.0.1:8000/ (or the next free port). Needs Python 3.11 or newer with venv and pip.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "Creating a virtual environment in .venv ..."
    "$PYTHON" -m venv .venv
fi
# pip is quiet, and the first install takes a minute or two: say so beforehand rather than print nothing.
echo "Installing readingroom and its dependencies into .venv with pip (a minute or two the first time) ..."
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
echo "Installed. Starting the demo archive in ./readingroom-data ..."
exec .venv/bin/readingroom demo "$@"
