"""`readingroom backup` while the archive serves, and `readingroom restore`: the round trip gives the same archive."""

import json
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, requires_postgres, run_cli, serving, sqlite_only
from tests.scans import scanned_document

pytestmark = pytest.mark.slow


@sqlite_only
def test_backup_while_serving_then_restore(tmp_path: Path) -> None:
    home = tmp_path / "home"
    scans = scanned_document(tmp_path / "import")
    run_cli("import", str(SAMPLE), str(scans), home=home)
    before = run_cli("export", "-", home=home).stdout
    with serving(home) as address:
        backed_up = run_cli("backup", str(tmp_path / "backup"), home=home)
        assert "Backed up 8 documents" in backed_up.stderr
        assert "and 2 files" in backed_up.stderr
        with urllib.request.urlopen(f"{address}/search?q=telegram") as response:  # still serving
            assert response.status == 200
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert (manifest["format"], manifest["database"], manifest["documents"]) == ("readingroom-backup-1", "sqlite", 8)

    refused = run_cli("restore", str(tmp_path / "backup"), home=home, check=False)
    assert refused.returncode == 2
    assert "this archive is not empty" in refused.stderr
    restored_home = tmp_path / "elsewhere"
    restored = run_cli("restore", str(tmp_path / "backup"), home=restored_home)
    assert "Indexed 8 documents" in restored.stderr
    assert run_cli("export", "-", home=restored_home).stdout == before
    found = json.loads(run_cli("search", "Panikkar", "--json", home=restored_home).stdout)
    assert [hit["id"] for hit in found["hits"]] == ["scanned-telegram"]
    with (
        serving(restored_home) as address,
        urllib.request.urlopen(f"{address}/documents/scanned-telegram/attachments/1/file") as response,
    ):
        assert response.read().startswith(b"%PDF-")

    run_cli("import", str(SAMPLE), home=restored_home)
    (tmp_path / "not-a-backup").mkdir()
    garbage = run_cli("restore", str(tmp_path / "not-a-backup"), "--force", home=restored_home, check=False)
    assert "is not a readingroom backup" in garbage.stderr
    full = run_cli("backup", str(tmp_path / "backup"), home=home, check=False)
    assert "exists and is not empty" in full.stderr


@sqlite_only
def test_restore_replaces_a_changed_archive_with_force(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_cli("import", str(SAMPLE), home=home)
    before = run_cli("export", "-", home=home).stdout
    run_cli("backup", str(tmp_path / "backup"), home=home)
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "later/1", "title": "Added after the backup"}) + "\n")
    run_cli("import", str(extra), home=home)
    run_cli("restore", str(tmp_path / "backup"), "--force", home=home)
    assert run_cli("export", "-", home=home).stdout == before
    assert json.loads(run_cli("search", "Added after", "--json", home=home).stdout)["total"] == 0
    assert "agree" in run_cli("check", home=home).stdout + run_cli("check", home=home).stderr


@requires_postgres
def test_backup_and_restore_on_postgresql(tmp_path: Path) -> None:
    """pg_dump while serving, pg_restore into another database; the same archive, its files and its index."""
    home = tmp_path / "home"
    scans = scanned_document(tmp_path / "import")
    run_cli("import", str(SAMPLE), str(scans), home=home)
    before = run_cli("export", "-", home=home).stdout
    with serving(home):
        backed_up = run_cli("backup", str(tmp_path / "backup"), home=home)
    assert "Backed up 8 documents" in backed_up.stderr
    assert json.loads((tmp_path / "backup" / "manifest.json").read_text())["database"] == "postgresql"
    assert (tmp_path / "backup" / "readingroom.pgdump").stat().st_size > 10_000
    elsewhere = tmp_path / "elsewhere"
    restored = run_cli("restore", str(tmp_path / "backup"), home=elsewhere)
    assert "Indexed 8 documents" in restored.stderr
    assert run_cli("export", "-", home=elsewhere).stdout == before
    found = json.loads(run_cli("search", "Panikkar", "--json", home=elsewhere).stdout)
    assert [hit["id"] for hit in found["hits"]] == ["scanned-telegram"]
