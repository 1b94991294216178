"""Crash safety: `readingroom import` of FRUS volumes and person records, killed with SIGKILL at twenty points (while
it reads a volume, while a write transaction is open, while the index commits) and run again after each kill, ends
with the same archive as one clean import: the same records with the same content, none twice, and an index that
agrees with the database and holds what the clean import's index holds.

Where a kill lands is seen from outside, as an operator would see it: which volume the import has open
(/proc/PID/fd), whether the database's write lock is held (a `BEGIN IMMEDIATE` that cannot start), and whether the
index has segment files that its meta.json does not name yet (a commit or merge being written). Linux only.

A subset of the shared corpus keeps the test within a few minutes: four volumes (928 documents in volumes of 439,
305, 140 and 44, each stored in one transaction) and the person records that name them (each its own transaction).
"""

import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import tantivy

from readingroom.ingest.frus_people import read_person
from readingroom.records.mapping import FACET_OF_KIND
from readingroom.search.index import PUBLIC_FOLDER, SearchIndex
from readingroom.search.schema import DOCUMENT_KIND
from tests.conftest import SHARED, run_cli, sqlite_only

FRUS = SHARED / "corpus" / "frus"
# In the order imported; the last, the largest, is read and stored again by every run until it is stored.
VOLUMES = ("frus1917-72PubDip.xml", "frus1964-68v29p2.xml", "frus1955-57v03.xml", "frus1952-54v12p2.xml")
END = len(VOLUMES) + 1  # the item after the last volume: the indexer's last commit
KILLS = {"file": 7, "batch": 7, "index": 6}
SEED = 20261127
POLL_SECONDS = 0.002
STOP_SECONDS = 30  # an indexer left without its import must stop within this
SEGMENT_FILE = re.compile(r"([0-9a-f]{32})\..+")

pytestmark = [
    sqlite_only,
    pytest.mark.slow,
    pytest.mark.skipif(not (FRUS / "volumes").is_dir(), reason=f"the shared FRUS corpus is absent ({FRUS})"),
    pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="kill points are seen through Linux's /proc"),
]


@dataclass(frozen=True)
class KillPoint:
    phase: str  # "file": reading a volume; "batch": a write transaction open; "index": the index being committed
    item: int  # 0 the person records, 1..len(VOLUMES) a volume, END after the last volume
    patience: int  # polls that see the phase before the kill (index, in a volume: polls after a new commit there)
    alone: bool  # kill the import alone, leaving its indexer to stop by itself; else the whole process group


@dataclass(frozen=True)
class Kill:
    point: KillPoint
    seen: dict[str, str]  # phase -> what was under way when the kill was sent
    seconds: float  # into the run

    @property
    def alone(self) -> bool:
        return self.point.alone

    @property
    def landed(self) -> bool:
        return self.point.phase in self.seen

    def describe(self) -> str:
        item = self.point.item
        name = "the person records" if item == 0 else Path(VOLUMES[item - 1]).stem if item < END else "the end"
        aimed = f"{self.point.phase} in {name}"
        if not self.seen:
            return f"{aimed}: the import completed first"
        if self.point.phase == "index" and item < END and self.alone:
            return f"{aimed}, {self.seconds:.1f} s in: killed the import; {'; '.join(self.seen.values())}"
        target = "the import alone" if self.point.alone else "the import and its indexer"
        return f"{aimed}, {self.seconds:.1f} s in: killed {target}: {'; '.join(self.seen.values())}"


class Archive:
    """One data directory and the import run into it."""

    def __init__(self, home: Path, paths: list[Path]) -> None:
        self.home = home
        self.paths = paths
        home.mkdir()
        self.database = home / "readingroom.sqlite3"
        self.index = home / "index"

    def start(self) -> subprocess.Popen[bytes]:
        with (self.home / "import.log").open("ab") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "readingroom", "--home", str(self.home), "import", *map(str, self.paths)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # a process group of its own: the import and the indexer it starts
            )

    def run(self) -> None:
        process = self.start()
        assert process.wait(timeout=600) == 0, (self.home / "import.log").read_text()[-5000:]

    def query(self, sql: str) -> list[tuple[object, ...]]:
        with closing(sqlite3.connect(self.database)) as connection:
            return connection.execute(sql).fetchall()


def test_an_import_killed_twenty_times_ends_as_a_clean_import(tmp_path: Path) -> None:
    started = time.monotonic()
    people = tmp_path / "people"
    people.mkdir()
    links = [f"historicaldocuments/{Path(volume).stem}/" for volume in VOLUMES]
    for record in sorted((FRUS / "authorities" / "people").rglob("*.xml")):
        if any(link in record.read_text(encoding="utf-8") for link in links):
            shutil.copy(record, people / record.name)
    person_ids = sorted(read_person(record).id for record in people.iterdir())
    paths = [people, *(FRUS / "volumes" / volume for volume in VOLUMES)]

    clean = Archive(tmp_path / "clean", paths)
    clean_started = time.monotonic()
    polls = _watched(clean)
    clean_seconds = time.monotonic() - clean_started

    killed = Archive(tmp_path / "killed", paths)
    kills = [_run_until_killed(killed, point) for point in _kill_points(random.Random(SEED), polls)]
    killed.run()
    seconds = time.monotonic() - started
    landed = Counter(kill.point.phase for kill in kills if kill.landed)
    print(f"\n{len(kills)} kills and resumptions in {seconds:.0f} s (the clean import: {clean_seconds:.0f} s):")
    for number, kill in enumerate(kills, start=1):
        print(f"{number:4}. {kill.describe()}")
    # An indexer killed while segments of a commit were being written, whatever the kill was aimed at.
    in_commit = sum(1 for kill in kills if "index" in kill.seen and (kill.point.phase == "index" or not kill.alone))
    print(f"Kills that landed where aimed: {dict(landed)} of {KILLS}; indexers killed during a commit: {in_commit}")

    # The same records, the same content, each once.
    assert _export(killed) == _export(clean)
    hashes = _content_hashes(killed)
    assert hashes == _content_hashes(clean)
    assert set(person_ids) <= {row[0] for row in killed.query("SELECT id FROM records_authority")}
    # The index agrees with the database, and holds what a clean import's index holds.
    check = run_cli("check", home=killed.home, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    index = SearchIndex(killed.index)
    assert index.document_count() == len(hashes)
    assert index.applied_sequence() == killed.query("SELECT max(sequence) FROM records_change")[0][0]
    assert _leftovers(killed) == set()
    indexed, facets = _index_contents(killed)
    assert sorted(indexed) == sorted(hashes)
    assert (indexed, facets) == _index_contents(clean)
    print(
        f"Compared with the clean import: {len(hashes)} documents (content hashes, export lines and index entries), "
        f"{len(person_ids)} person records, {len(facets)} authorities' facet counts"
    )
    assert landed["file"] >= 3, landed
    assert landed["batch"] >= 3, landed
    assert in_commit >= 3, in_commit


class Probe:
    """What an import is doing, seen from outside."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.connection: sqlite3.Connection | None = None
        self.version: int | None = None  # the database's data_version last seen
        self.left = self._unnamed_segments()  # segment files left by a writer killed before

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()

    def open_volume(self, pid: int) -> str | None:
        """The volume the import has open, reading it."""
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            return None
        for descriptor in descriptors:
            try:
                name = Path(os.readlink(f"/proc/{pid}/fd/{descriptor}")).name
            except OSError:
                continue
            if name in VOLUMES:
                return name
        return None

    def under_way(self, pid: int) -> dict[str, str]:
        seen = {}
        if volume := self.open_volume(pid):
            seen["file"] = f"reading {volume}"
        if self.write_locked():
            seen["batch"] = "a write transaction was open"
        if self.index_written():
            seen["index"] = "index segments were written, not yet committed"
        return seen

    def _connected(self) -> sqlite3.Connection | None:
        if self.connection is None and Path(f"{self.archive.database}-wal").exists():  # not before it is in WAL mode
            self.connection = sqlite3.connect(self.archive.database, timeout=0, isolation_level=None)
        return self.connection

    def write_locked(self) -> bool:
        """Whether another connection holds the database's write lock (a write transaction is open)."""
        if (connection := self._connected()) is None:
            return False
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        connection.execute("ROLLBACK")
        return False

    def committed(self) -> bool:
        """Whether another connection committed a change since the last call."""
        if (connection := self._connected()) is None:
            return False
        try:
            version = connection.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.OperationalError:  # busy for a moment (a checkpoint): look again at the next poll
            return False
        changed = self.version is not None and version != self.version
        self.version = version
        return changed

    def index_written(self) -> bool:
        """Whether segment files are being written that the index's last commit does not name: a commit (or a
        merge) in progress. Files a killed writer left are not counted; the next commit removes them."""
        return bool(self._unnamed_segments() - self.left)

    def _unnamed_segments(self) -> set[str]:
        try:
            segments = {match[1] for name in os.listdir(self.archive.index) if (match := SEGMENT_FILE.fullmatch(name))}
            meta = json.loads((self.archive.index / "meta.json").read_text()) if segments else {"segments": []}
        except (OSError, ValueError):
            return set()
        return segments - {segment["segment_id"].replace("-", "") for segment in meta["segments"]}


def _kill_points(rng: random.Random, polls: Counter[tuple[int, str]]) -> list[KillPoint]:
    """Kill points in the order of the work: the person records, each volume, the last index commits. Kills while
    reading a volume or in a transaction lose that volume, and the next run stores it again; the index kill of a
    volume comes after those of its others, once the volume is stored, so that each volume is stored in turn. Each
    kill lands at a random depth of its phase, as long as that phase lasted in the clean import (`polls`: how many
    polls saw each phase of each item)."""
    volumes = range(1, END)
    planned = {
        "file": [rng.choice(volumes) for _ in range(KILLS["file"])],
        "batch": [rng.choice(range(0, END)) for _ in range(KILLS["batch"])],
        "index": [*volumes, *[END] * (KILLS["index"] - len(volumes))],
    }
    points = []
    for phase, items in planned.items():
        for item in items:
            depth = rng.random()
            if phase == "index" and item < END:
                # Polls after the run's first new commit there: time for the indexer to apply it, uncommitted.
                patience = 100 + int(depth * 300)
            elif phase == "index":
                # The last commits of later runs hold less than the clean import's, which held everything.
                patience = 1 + int(depth * polls[(len(VOLUMES), "index")] / 6)
            else:
                # Within the first third of the phase: a resumed run's phase may be shorter than the clean one's.
                patience = 1 + int(depth * polls[(item, phase)] / 3)
            alone = item < END if phase == "index" else rng.random() < 0.5
            points.append(KillPoint(phase, item, patience, alone))
    rng.shuffle(points)
    return sorted(points, key=lambda point: (point.item, point.phase == "index"))


class Run:
    """One run of the import, watched from outside."""

    def __init__(self, archive: Archive) -> None:
        self.probe = Probe(archive)
        self.process = archive.start()
        self.started = time.monotonic()
        self.item = 0
        self.committed = False  # whether the import committed a transaction since the poll before
        self.writing = False  # whether it has begun to write
        self.polls: Counter[tuple[int, str]] = Counter()

    def poll(self) -> dict[str, str] | None:
        """What is under way, or None once the import has ended."""
        time.sleep(POLL_SECONDS)
        if self.process.poll() is not None:
            return None
        seen = self.probe.under_way(self.process.pid)
        self.committed = self.probe.committed()
        # Before its first write the import only glances at each file (which kind it is): not yet reading.
        self.writing = self.writing or self.committed or "batch" in seen
        volume = self.probe.open_volume(self.process.pid) if self.writing else None
        if volume is not None:
            self.item = VOLUMES.index(volume) + 1
        elif not self.writing:
            seen.pop("file", None)
        self.polls.update((self.item, phase) for phase in ["any", *seen])
        return seen

    def kill(self, point: KillPoint, seen: dict[str, str], group: bool) -> Kill:
        if group:
            os.killpg(self.process.pid, signal.SIGKILL)
        else:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        return Kill(point, seen, time.monotonic() - self.started)

    def end(self) -> None:
        self.probe.close()
        if _members(self.process.pid):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def _watched(archive: Archive) -> Counter[tuple[int, str]]:
    """Run the import to its end, counting the polls that saw each phase of each item."""
    run = Run(archive)
    try:
        while run.poll() is not None:
            pass
    finally:
        run.end()
    assert run.process.returncode == 0, (archive.home / "import.log").read_text()[-5000:]
    return run.polls


def _run_until_killed(archive: Archive, point: KillPoint) -> Kill:
    """Start the import, kill it at `point`, and wait until every process it started has ended."""
    run = Run(archive)
    matches = 0
    try:
        while (seen := run.poll()) is not None:
            if run.item < min(point.item, len(VOLUMES)):
                continue
            if point.phase == "index" and point.item < END:
                # An index commit in the middle of an import. Should the indexer commit of its own accord (a
                # rebuild), it is killed with the import then; else, once it has had time to apply a batch the
                # import committed, the import is killed, and its indexer, which commits what it applied and
                # stops, is killed while it commits.
                if "index" in seen:
                    kill = run.kill(replace(point, alone=False), seen, group=True)
                    _wait_until_gone(run.process.pid)
                    return kill
                if matches or run.committed:
                    matches += 1
                if matches >= point.patience:
                    kill = run.kill(point, seen, group=False)
                    return Kill(point, _kill_when_committing(run.probe, run.process.pid), kill.seconds)
            elif point.phase in seen:
                matches += 1
                if matches >= point.patience:
                    kill = run.kill(point, seen, group=not point.alone)
                    _wait_until_gone(run.process.pid)
                    return kill
        assert run.process.returncode == 0, (archive.home / "import.log").read_text()[-5000:]
        return Kill(point, {}, time.monotonic() - run.started)
    finally:
        run.end()


def _kill_when_committing(probe: Probe, group: int) -> dict[str, str]:
    """The indexer of a killed import commits what it applied and stops: kill it while it writes the commit."""
    deadline = time.monotonic() + STOP_SECONDS
    while _members(group):
        if time.monotonic() > deadline:
            pytest.fail(f"the indexer of a killed import was still running {STOP_SECONDS} s later")
        for _ in range(50):  # looking costs less than listing the processes
            if probe.index_written():
                os.killpg(group, signal.SIGKILL)
                _wait_until_gone(group)
                return {"index": "then its indexer, while it wrote the commit it makes on stopping"}
    return {"late": "its indexer stopped (committing what it had applied) before it could be killed"}


def _members(group: int) -> list[int]:
    """The living processes of a process group (zombies are dead)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, _, pgrp = stat.rpartition(")")[2].split()[:3]
            if int(pgrp) == group and state != "Z":
                members.append(int(entry.name))
    return members


def _wait_until_gone(group: int) -> None:
    deadline = time.monotonic() + STOP_SECONDS
    while _members(group):
        if time.monotonic() > deadline:
            pytest.fail(f"the indexer of a killed import was still running {STOP_SECONDS} s later")
        time.sleep(0.05)


def _export(archive: Archive) -> list[str]:
    exported = run_cli("export", "-", home=archive.home, timeout=300).stdout.splitlines()
    assert exported
    return exported


def _content_hashes(archive: Archive) -> dict[str, str]:
    """Each document's hash of its content as stored (interchange record with authority ids, and files)."""
    rows = archive.query("SELECT id, content_hash FROM records_document")
    assert len(rows) == len({document_id for document_id, _ in rows})
    return {str(document_id): str(digest) for document_id, digest in rows}


def _index_contents(archive: Archive) -> tuple[dict[str, str], dict[str, int]]:
    """A hash of each indexed document's stored fields (no id indexed twice), and the number of documents indexed
    under each authority named in the archive, in its kind's facet."""
    index = SearchIndex(archive.index)
    searcher = index.searcher()
    documents = tantivy.Query.term_query(index.schema, "kind", DOCUMENT_KIND)
    found = searcher.search(documents, limit=searcher.num_docs or 1).hits
    contents: dict[str, str] = {}
    for _, address in found:
        stored = searcher.doc(address).to_dict()
        stored.pop("fingerprint", None)  # covers when the document was added, which differs from one import to another
        (document_id,) = stored["id"]
        assert document_id not in contents, f"{document_id} is indexed twice"
        contents[document_id] = hashlib.sha256(json.dumps(stored, sort_keys=True).encode()).hexdigest()
    counts = {}
    for authority_id, kind in archive.query("SELECT id, kind FROM records_authority"):
        query = tantivy.Query.term_query(index.schema, FACET_OF_KIND[str(kind)], str(authority_id))
        counts[f"{kind} {authority_id}"] = searcher.search(query, limit=1, count=True).count
    return contents, counts


def _leftovers(archive: Archive) -> set[str]:
    """Files in the index folder, and in the public documents' index inside it, that neither their last commit nor
    tantivy's bookkeeping names."""
    public = {f"{PUBLIC_FOLDER}/{name}" for name in _unnamed_files(archive.index / PUBLIC_FOLDER)}
    return _unnamed_files(archive.index) - {PUBLIC_FOLDER} | public


def _unnamed_files(folder: Path) -> set[str]:
    meta = json.loads((folder / "meta.json").read_text())
    named = {segment["segment_id"].replace("-", "") for segment in meta["segments"]}
    bookkeeping = {"meta.json", ".managed.json", ".tantivy-meta.lock", ".tantivy-writer.lock"}
    return {
        name
        for name in os.listdir(folder)
        if name not in bookkeeping and not ((match := SEGMENT_FILE.fullmatch(name)) and match[1] in named)
    }
