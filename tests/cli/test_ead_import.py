"""`readingroom import` of EAD finding aids, driven as a person would."""

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.ingest.test_ead import EAD3, EAD2002

pytestmark = pytest.mark.slow


def test_finding_aids_import_and_their_export_reads_back_unchanged(tmp_path: Path) -> None:
    imported = run_cli("import", str(EAD2002), str(EAD3), home=tmp_path / "first", check=False)
    assert "Documents: 6 added" in imported.stdout
    assert "Authorities: 10 added" in imported.stdout
    assert "c1.1.3: an item with no title (<unittitle>); not imported" in imported.stdout + imported.stderr
    first = run_cli("export", str(tmp_path / "first.jsonl"), home=tmp_path / "first")
    assert first.returncode == 0
    records = {json.loads(line)["id"]: json.loads(line) for line in (tmp_path / "first.jsonl").read_text().splitlines()}
    assert records["collection/mission-records/minutes-1958"]["broader"] == ["collection/mission-records/minutes"]
    run_cli("import", str(tmp_path / "first.jsonl"), home=tmp_path / "second")
    run_cli("export", str(tmp_path / "second.jsonl"), home=tmp_path / "second")
    assert (tmp_path / "second.jsonl").read_text() == (tmp_path / "first.jsonl").read_text()


def test_importing_a_finding_aid_twice_reports_it_unchanged(tmp_path: Path) -> None:
    run_cli("import", str(EAD3), home=tmp_path)
    again = run_cli("import", str(EAD3), home=tmp_path)
    assert "Documents: 0 added, 0 updated, 3 unchanged" in again.stdout
    assert "Authorities: 0 added, 0 updated, 6 unchanged" in again.stdout
