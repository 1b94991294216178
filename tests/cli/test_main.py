"""The command line's options, wherever a person puts them."""

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, SQLITE, run_cli

pytestmark = pytest.mark.slow


def found(home: Path, *args: str) -> int:
    answer = run_cli("search", *args, "--json", home=home, database=SQLITE).stdout
    total: int = json.loads(answer)["total"]
    return total


def test_home_may_follow_the_command(tmp_path: Path) -> None:
    elsewhere, given = tmp_path / "elsewhere", tmp_path / "given"
    run_cli("import", str(SAMPLE), "--home", str(given), home=elsewhere, database=SQLITE)
    assert (given / "readingroom.sqlite3").exists()
    assert found(elsewhere, "Stalin", "--home", str(given)) == 6
    assert found(elsewhere, "Stalin") == 0  # READINGROOM_HOME's archive was left alone
    merged = run_cli(
        "authorities",
        "merge",
        "person/stalin",
        "person/mao-zedong",
        "--home",
        str(given),
        home=elsewhere,
        database=SQLITE,
    )
    assert "into Mao Zedong (person/mao-zedong)" in merged.stdout


def test_the_csv_export_links_to_the_base_url(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    base = {"READINGROOM_BASE_URL": "https://archive.example.org"}
    rows = run_cli("export", "--format", "csv", "-", home=tmp_path, env=base).stdout.splitlines()[1:]
    assert len(rows) == 7
    assert all(",https://archive.example.org/documents/" in row for row in rows)
    given = run_cli("export", "--format", "csv", "--site", "https://mirror.example", "-", home=tmp_path, env=base)
    assert ",https://mirror.example/documents/" in given.stdout
    assert "https://archive.example.org" not in given.stdout
