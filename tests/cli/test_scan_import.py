"""`readingroom import` of a folder of scans and of a ZIP archive of one, driven as a person would."""

import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.records.test_scan_folders import scans_folder

pytestmark = pytest.mark.slow


def test_a_folder_and_its_zip_import_the_same_documents(tmp_path: Path) -> None:
    folder = scans_folder(tmp_path / "original")
    result = run_cli("import", str(folder), home=tmp_path / "first", check=False)
    assert "Documents: 5 added, 0 updated, 0 unchanged" in result.stdout
    assert f"{folder}/empty.pdf: empty file (0 bytes); skipped" in result.stderr.replace("\n", "")
    again = run_cli("import", str(folder), home=tmp_path / "first", check=False)
    assert "Documents: 0 added, 0 updated, 5 unchanged" in again.stdout

    archive = tmp_path / "box-7.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(folder.rglob("*")):
            out.write(path, path.relative_to(folder))
    unpacked = run_cli("import", str(archive), home=tmp_path / "second", check=False)
    assert "Documents: 5 added, 0 updated, 0 unchanged" in unpacked.stdout
    first = run_cli("export", "-", home=tmp_path / "first").stdout
    second = run_cli("export", "-", home=tmp_path / "second").stdout
    assert first == second
    assert '"needs_cataloguing": true' in first


def test_an_unsafe_zip_is_refused_by_name(tmp_path: Path) -> None:
    archive = tmp_path / "scans.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("/etc/cron.d/evil", b"* * * * * root true")
    result = run_cli("import", str(archive), home=tmp_path / "home", check=False)
    assert result.returncode != 0
    assert 'member "/etc/cron.d/evil": its path leads outside' in result.stderr.replace("\n", "")
