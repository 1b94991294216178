"""Several nodes on one PostgreSQL database: separate processes, data directories and ports, each with its own
index kept current from the change log. Writes go through one node's command line; searches ask the others."""

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ARCHIVES, SAMPLE, requires_postgres, run_cli, serving
from tests.deployment.nodes import get, get_json, seconds_until, total
from tests.scans import scanned_document

pytestmark = [pytest.mark.slow, requires_postgres]
FILIPPOV = "seed/1952-09-17-filippov-mao"


def lines(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))
    return path


def test_a_write_on_one_node_is_searchable_on_the_other_within_two_seconds(tmp_path: Path) -> None:
    assert ARCHIVES is not None
    database = ARCHIVES.database("two nodes")
    shared = {"READINGROOM_ATTACHMENTS": str(tmp_path / "shared-attachments")}
    one, two = tmp_path / "one", tmp_path / "two"

    def write(*args: str) -> str:
        return run_cli(*args, home=one, database=database, env=shared).stdout

    with serving(one, database, env=shared) as first, serving(two, database, workers=2, env=shared) as second:
        write("import", str(SAMPLE))
        seconds_until(second, "Stalin", 6)
        assert all(total(second, "Stalin") == 6 for _ in range(8)), "every worker of the node sees the import"

        edited = json.loads(next(line for line in SAMPLE.read_text().splitlines() if FILIPPOV in line))
        edited["title"] = "Hand-delivered letter about quillworts"
        write("import", str(lines(tmp_path / "edited.jsonl", edited)))
        seconds_until(second, "quillworts", 1)
        assert get_json(f"{second}/api/documents/{FILIPPOV}")["title"] == edited["title"]

        newcomer = {"kind": "person", "id": "person/zzyzx", "name": "Zzyzx Quorn"}
        letter = {"id": "late/zzyzx", "title": "A letter of 1953", "authors": ["person/zzyzx"]}
        write("import", str(lines(tmp_path / "newcomer.jsonl", newcomer, letter)))
        seconds_until(second, "Quorn", 1)
        write("authorities", "merge", "person/zzyzx", "person/stalin")
        seconds_until(second, "Filippov", 7)  # the merged authority's documents are found by all its names

        write("delete", FILIPPOV)
        seconds_until(second, "quillworts", 0)
        assert get(f"{second}/api/documents/{FILIPPOV}")[0] == 404

        write("import", str(scanned_document(tmp_path / "scans")))
        seconds_until(second, "Panikkar", 1)
        status, body = get(f"{second}/documents/scanned-telegram/attachments/1/file")
        assert status == 200
        assert body.startswith(b"%PDF-")
        assert get(f"{first}/readyz")[0] == get(f"{second}/readyz")[0] == 200


def test_a_stopped_node_catches_up_and_a_new_node_builds_its_index(tmp_path: Path) -> None:
    assert ARCHIVES is not None
    database = ARCHIVES.database("stopped node")
    one, two, three = tmp_path / "one", tmp_path / "two", tmp_path / "three"
    run_cli("import", str(SAMPLE), home=one, database=database)
    with serving(two, database) as second:
        assert total(second, "Stalin") == 6
    late = lines(tmp_path / "late.jsonl", {"id": "late/1", "title": "Stalin in a late document"})
    run_cli("import", str(late), home=one, database=database)
    run_cli("delete", "seed/1952-09-22-zhou-report", home=one, database=database)
    with serving(two, database) as second:
        assert total(second, "Stalin") == 6  # one more, one fewer: caught up before it answered
        assert total(second, "late") == 1
        assert get(f"{second}/readyz")[0] == 200
    shutil.rmtree(two / "index")
    with serving(three, database) as third, serving(two, database) as second:
        for node in (third, second):
            assert total(node, "Stalin") == 6
            assert get_json(f"{node}/api/search")["total"] == 7
    checked = run_cli("check", home=three, database=database)
    assert "The index agrees with the database." in checked.stdout
