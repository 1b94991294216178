"""Shared fixtures: an archive built in a temporary data directory from the real sample collection."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from readingroom.home import index_path
from readingroom.search.index import SearchIndex, forget_index, index_at
from tests.postgres import Archives, server_url

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "src" / "readingroom" / "samples" / "seed.jsonl"
SHARED = PROJECT.parent / "shared"
# With READINGROOM_DATABASE_URL naming a PostgreSQL server, the whole suite runs against it (see tests/postgres.py):
# in-process tests in pytest-django's test database, and each data directory a subprocess uses in a database of its own.
POSTGRES = server_url()
ARCHIVES = Archives(POSTGRES) if POSTGRES else None
requires_postgres = pytest.mark.skipif(
    POSTGRES is None, reason="needs a PostgreSQL server: READINGROOM_DATABASE_URL (python -m tests.postgres run -- ...)"
)
sqlite_only = pytest.mark.skipif(
    POSTGRES is not None, reason="reads or copies the SQLite database file itself (the SQLite pass runs it)"
)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if ARCHIVES is not None:
        ARCHIVES.drop_all()


SQLITE = "sqlite"  # as `database`: the SQLite file in the data directory, whatever the suite runs against


def archive_environment(home: Path, database: str | None = None, env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a `readingroom` subprocess for the archive in `home`: `database` (a PostgreSQL URL, or
    SQLITE), or else on PostgreSQL a database of the home's own, so that separate data directories are separate
    archives as with SQLite; `env` adds variables."""
    environment = {**os.environ, "READINGROOM_HOME": str(home), **(env or {})}
    if database == SQLITE:
        environment.pop("READINGROOM_DATABASE_URL", None)
    elif database:
        environment["READINGROOM_DATABASE_URL"] = database
    elif ARCHIVES is not None:
        environment["READINGROOM_DATABASE_URL"] = ARCHIVES.database(str(home))
    return environment


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data directory for the test; its index is forgotten afterwards."""
    directory = tmp_path / "home"
    directory.mkdir()
    monkeypatch.setenv("READINGROOM_HOME", str(directory))
    yield directory
    forget_index(directory / "index")


@pytest.fixture
def index(home: Path) -> SearchIndex:
    return index_at(index_path())


@pytest.fixture
def load(db: None, index: SearchIndex) -> Callable[..., Any]:
    """Import JSON Lines (a path, or records as dicts) and bring the index up to date, as `readingroom import` does."""
    from readingroom.records.importing import import_paths
    from readingroom.records.indexer import Indexer

    def load(*sources: Path | list[dict[str, Any]], tmp: Path | None = None) -> Any:
        paths = []
        for number, source in enumerate(sources):
            if isinstance(source, Path):
                paths.append(source)
            else:
                path = index.path.parent / f"records-{number}-{os.urandom(4).hex()}.jsonl"
                path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in source))
                paths.append(path)
        report = import_paths(paths)
        Indexer(index).catch_up()
        return report

    return load


@pytest.fixture
def sample(load: Callable[..., Any]) -> Any:
    """The bundled sample collection (seven documents, eighteen authorities), imported and indexed."""
    return load(SAMPLE)


def seed_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SAMPLE.read_text().splitlines() if line.strip()]


@contextmanager
def serving(
    home: Path, database: str | None = None, workers: int = 1, env: dict[str, str] | None = None
) -> Iterator[str]:
    """`readingroom serve` on a free port of this machine, until the block ends; yields its address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    home.mkdir(parents=True, exist_ok=True)
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "readingroom", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=archive_environment(home, database, env),
    )
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{address}/search", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"the server did not start: {(home / 'server.log').read_text()}") from None
                time.sleep(0.1)
        yield address
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def run_cli(
    *args: str,
    home: Path,
    check: bool = True,
    timeout: float = 120,
    input: str | None = None,
    database: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `readingroom` as a person would, in a subprocess."""
    result = subprocess.run(
        [sys.executable, "-m", "readingroom", *args],
        capture_output=True,
        text=True,
        env=archive_environment(home, database, env),
        timeout=timeout,
        input=input,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"readingroom {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result
