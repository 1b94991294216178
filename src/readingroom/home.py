"""The data directory: database, search index and attachments of one archive."""

import os
from pathlib import Path

DEFAULT_HOME = "readingroom-data"


def data_home() -> Path:
    """`READINGROOM_HOME`, or `./readingroom-data`; the command line's `--home` sets the variable."""
    return Path(os.environ.get("READINGROOM_HOME") or DEFAULT_HOME).resolve()


def index_path() -> Path:
    return data_home() / "index"


def attachments_path() -> Path:
    return data_home() / "attachments"
