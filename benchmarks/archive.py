"""The archive a benchmark measures: a given data directory, or the FRUS corpus imported into a temporary one."""

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus" / "frus"


@contextmanager
def frus_archive(home: Path | None, corpus: Path = DEFAULT_CORPUS) -> Iterator[Path]:
    """Yield a data directory holding the FRUS corpus (importing it when `home` is None, about a minute), set as
    READINGROOM_HOME for this process."""
    with tempfile.TemporaryDirectory() as directory:
        if home is None:
            home = Path(directory)
            people, volumes = corpus / "authorities" / "people", corpus / "volumes"
            subprocess.run(
                [sys.executable, "-m", "readingroom", "--home", str(home), "import", str(people), str(volumes)],
                check=False,
                capture_output=True,
            )
        os.environ["READINGROOM_HOME"] = str(home)
        yield home
