"""Readers are served while the archive is written: eight threads search over HTTP (`readingroom serve`) while an
import of three thousand documents runs, and `readingroom reindex` rebuilds the index as the import starts, once its
first documents are searchable, and after it.
No request may fail (no 5xx, no connection error), and no answer may be inconsistent: a search never finds fewer
documents than it found before the import began, or than it found on the same thread earlier (the import only adds),
never shows an empty page, and the first document it shows can be opened.
"""

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import PROJECT, SAMPLE, archive_environment, run_cli, serving

pytestmark = pytest.mark.slow

READERS = 8
IMPORTED = 3000
SAMPLE_FRUS = SAMPLE.parent / "frus"
# Searches that find documents of the bundled sample (two FRUS volumes and the seed documents).
SEARCHES = [
    {},
    {"q": "Sukarno"},
    {"q": "Dulles"},
    {"q": "Taiwan Strait"},
    {"q": '"Chinese Communists"'},
    {"q": "Djakarta", "sort": "date"},
    {"q": "Eisenhower", "from": "1958", "to": "1959"},
    {"q": "Stalin"},
]


@dataclass
class Readers:
    """Threads that search and open documents until told to stop, noting every failure and inconsistency."""

    address: str
    before: dict[str, int]  # search parameters (encoded) -> total before any write
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    failures: list[str] = field(default_factory=list)

    def run(self, number: int) -> None:
        turn = number
        seen = dict(self.before)  # the most each search found on this thread: the import only adds documents
        while not self.stop.is_set():
            search = urlencode(SEARCHES[turn % len(SEARCHES)])
            turn += 1
            self._read(search, seen, html=turn % 3 == 0)
            time.sleep(0.01)

    def _read(self, search: str, seen: dict[str, int], html: bool) -> None:
        path = f"/search?{search}" if html else f"/api/search?{search}"
        body = self._get(path)
        if body is None or html:
            if body is not None and "/documents/" not in body:
                self._fail(f"{path}: a page without results")
            return
        answer = json.loads(body)
        found, shown = answer["total"], len(answer["hits"])
        if found < seen[search] or not shown:
            self._fail(f"{path}: {found} documents, {shown} shown; before: {self.before[search]}, then {seen[search]}")
        else:
            seen[search] = found
            self._get(answer["hits"][0]["url"])

    def _get(self, path: str) -> str | None:
        with self.lock:
            self.requests += 1
        try:
            with urllib.request.urlopen(self.address + path, timeout=60) as response:
                return str(response.read().decode())
        except urllib.error.HTTPError as error:
            self._fail(f"{path}: HTTP {error.code}")
        except OSError as error:
            self._fail(f"{path}: {error}")
        return None

    def _fail(self, failure: str) -> None:
        with self.lock:
            self.failures.append(failure)


def test_readers_are_served_while_an_import_and_reindexing_run(tmp_path: Path) -> None:
    home = tmp_path / "home"
    generated = tmp_path / "generated.jsonl"
    subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "generate.py"), str(generated), "--documents", str(IMPORTED)],
        check=True,
        capture_output=True,
    )
    run_cli("import", str(SAMPLE), str(SAMPLE_FRUS), home=home)
    stored = len(_documents(home))

    with serving(home) as address:
        before = {urlencode(search): _total(address, search) for search in SEARCHES}
        assert all(before.values()), before
        readers = Readers(address, before)
        threads = [threading.Thread(target=readers.run, args=(number,)) for number in range(READERS)]
        for thread in threads:
            thread.start()
        started = time.monotonic()
        try:
            importing = subprocess.Popen(
                [sys.executable, "-m", "readingroom", "--home", str(home), "import", str(generated)],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=archive_environment(home),
            )
            # Rebuilt at once, while the import writes authorities; again once its first documents are searchable;
            # and after it.
            rebuilt = [run_cli("reindex", home=home, timeout=300)]
            overlapped = importing.poll() is None
            while importing.poll() is None and _total(address, {}) == before[""]:
                time.sleep(0.2)
            rebuilt.append(run_cli("reindex", home=home, timeout=300))
            imported, _ = importing.communicate(timeout=600)
            assert importing.returncode == 0, imported
            rebuilt.append(run_cli("reindex", home=home, timeout=300))
            _wait_until_indexed(home)
        finally:
            readers.stop.set()
            for thread in threads:
                thread.join()
        seconds = time.monotonic() - started
        public = _total(address, {})

    print(
        f"\n{READERS} readers made {readers.requests} requests in {seconds:.0f} s while {IMPORTED} documents were "
        f"imported and the index rebuilt {len(rebuilt)} times; failures: {len(readers.failures)}"
    )
    assert not readers.failures, readers.failures[:20]
    assert overlapped, "the import ended before the first rebuild did: nothing was rebuilt while it wrote"
    assert f"Documents: {IMPORTED} added" in imported
    documents = _documents(home)
    assert len(documents) == stored + IMPORTED
    assert public == sum(1 for document in documents if document.get("access", "public") == "public")
    for reindexed in rebuilt:
        assert "Indexed" in reindexed.stdout, reindexed.stdout + reindexed.stderr
        assert "asked to rebuild it" in reindexed.stderr  # by the server's indexer, which holds the index
    assert f"Indexed {len(documents)} documents." in rebuilt[-1].stdout


def _total(address: str, search: dict[str, str]) -> int:
    with urllib.request.urlopen(f"{address}/api/search?{urlencode(search)}", timeout=60) as response:
        return int(json.loads(response.read())["total"])


def _wait_until_indexed(home: Path) -> None:
    """Until the server's indexer has applied every change (it holds the index, and applies them in turn)."""
    deadline = time.monotonic() + 120
    while (check := run_cli("check", home=home, check=False)).returncode != 0:
        assert time.monotonic() < deadline, check.stdout + check.stderr
        time.sleep(0.5)


def _documents(home: Path) -> list[dict[str, object]]:
    records = [json.loads(line) for line in run_cli("export", "-", home=home, timeout=300).stdout.splitlines()]
    return [record for record in records if record.get("kind", "document") == "document"]
