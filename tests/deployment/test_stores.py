"""Moving an archive between stores: `readingroom export` from SQLite and `readingroom import` into PostgreSQL, and
back, give the same archive: the same records, the same search answers."""

import json
from pathlib import Path

import pytest

from tests.conftest import ARCHIVES, SAMPLE, SQLITE, requires_postgres, run_cli
from tests.scans import scanned_document

pytestmark = [pytest.mark.slow, requires_postgres]
FRUS = SAMPLE.parent / "frus"


def test_sqlite_to_postgresql_and_back_gives_the_same_archive(tmp_path: Path) -> None:
    assert ARCHIVES is not None
    laptop, server, again = tmp_path / "laptop", tmp_path / "server", tmp_path / "again"
    restricted = tmp_path / "restricted.jsonl"
    restricted.write_text(
        json.dumps({"id": "r/1", "title": "Not yet", "access": "restricted", "people": ["person/mao-tse-tung"]}) + "\n"
    )
    # A catalogue's duplicate of a person the sample holds, named by the restricted document, merged before the move
    duplicate = tmp_path / "duplicate.jsonl"
    duplicate.write_text(json.dumps({"kind": "person", "id": "person/mao-tse-tung", "name": "Mao Tse-tung"}) + "\n")
    sources = [str(SAMPLE), str(FRUS), str(restricted), str(duplicate), str(scanned_document(tmp_path / "scans"))]
    run_cli("import", *sources, home=laptop, database=SQLITE)
    run_cli("authorities", "merge", "person/mao-tse-tung", "person/mao-zedong", home=laptop, database=SQLITE)

    run_cli("export", str(tmp_path / "from-sqlite.jsonl"), home=laptop, database=SQLITE)
    database = ARCHIVES.database("moved to postgresql")
    run_cli("import", str(tmp_path / "from-sqlite.jsonl"), home=server, database=database)
    run_cli("export", str(tmp_path / "from-postgresql.jsonl"), home=server, database=database)
    run_cli("import", str(tmp_path / "from-postgresql.jsonl"), home=again, database=SQLITE)
    run_cli("export", str(tmp_path / "back-in-sqlite.jsonl"), home=again, database=SQLITE)

    # The same records in the same order; PostgreSQL keeps `extra` as jsonb, which orders an object's keys its own way.
    exported = [
        [json.loads(line) for line in (tmp_path / f"{name}.jsonl").read_text().splitlines()]
        for name in ("from-sqlite", "from-postgresql", "back-in-sqlite")
    ]
    assert exported[0] == exported[1] == exported[2]
    assert sum(record["kind"] == "document" for record in exported[0]) == 7 + 620 + 2
    assert not any(record["id"] == "person/mao-tse-tung" for record in exported[0])  # merged away
    assert any(record.get("access") == "restricted" for record in exported[0])
    answers = [
        json.loads(run_cli("search", "Mao Tse-tung", "--json", home=home, database=store).stdout)
        for home, store in ((laptop, SQLITE), (server, database), (again, SQLITE))
    ]
    assert answers[0]["total"] > 7
    assert answers[0] == answers[1] == answers[2]
