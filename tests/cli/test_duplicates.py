"""`readingroom authorities duplicates` lists probable duplicates with the command that merges them."""

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.slow


def test_duplicates_lists_the_merge_to_run_and_none_after_it(tmp_path: Path) -> None:
    records = tmp_path / "people.jsonl"
    lines = [
        {"kind": "person", "id": "person/zhou", "name": "Zhou Enlai", "dates": "1898/1976", "variants": ["周恩来"]},
        {"kind": "person", "id": "person/chou", "name": "Chou En-lai"},
        {"kind": "person", "id": "person/chiang", "name": "Chiang Kai-shek", "dates": "1887/1975"},
        {"kind": "person", "id": "person/chiang-jr", "name": "Chiang Kai-shek", "dates": "1920/1990"},
        {"id": "d/1", "title": "Talk at Geneva", "people": ["person/chou"]},
    ]
    records.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    run_cli("import", str(records), home=tmp_path)
    listed = run_cli("authorities", "duplicates", home=tmp_path).stdout
    assert "  readingroom authorities merge person/chou person/zhou\n" in listed
    assert "person/chiang" not in listed  # one name, other dates: two people
    assert "1 probable duplicates." in listed
    run_cli("authorities", "merge", "person/chou", "person/zhou", home=tmp_path)
    assert (
        "No probable duplicates among person authorities." in run_cli("authorities", "duplicates", home=tmp_path).stdout
    )
