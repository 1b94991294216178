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
