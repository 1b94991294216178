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
    """`READINGROOM_ATTACHMENTS`, or `attachments/` in the data directory. Nodes that share one PostgreSQL database
    share this folder too (storage mounted at the same place on each): a file stored by one is read by all."""
    configured = os.environ.get("READINGROOM_ATTACHMENTS")
    return Path(configured).resolve() if configured else data_home() / "attachments"
