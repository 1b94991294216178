"""`readingroom migrate`: creating and upgrading the tables, by hand on PostgreSQL and by itself on SQLite."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ARCHIVES, SAMPLE, SQLITE, archive_environment, requires_postgres, run_cli


def test_an_sqlite_archive_creates_its_tables_by_itself_and_migrate_says_it_is_current(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path, database=SQLITE)
    migrated = run_cli("migrate", home=tmp_path, database=SQLITE)
    assert "Applied" not in migrated.stdout
    assert f"The database {tmp_path / 'readingroom.sqlite3'} is up to date." in migrated.stdout


@requires_postgres
@pytest.mark.slow
def test_a_postgresql_database_is_migrated_once_by_hand_then_every_command_runs(tmp_path: Path) -> None:
    assert ARCHIVES is not None
    database = ARCHIVES.database("migrated by hand", migrated=False)
    refused = run_cli("import", str(SAMPLE), home=tmp_path, database=database, check=False)
    assert refused.returncode == 2
    assert "run `readingroom migrate`" in refused.stderr
    assert "Traceback" not in refused.stderr

    # Two nodes upgrading at once take turns: both succeed, the tables are created once.
    env = archive_environment(tmp_path, database)
    command = [sys.executable, "-m", "readingroom", "migrate"]
    both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=300)[0] for process in both]
    assert [process.returncode for process in both] == [0, 0]
    assert sum("Applied records.0001_initial" in output for output in outputs) == 1
    assert all("is up to date." in output for output in outputs)

    imported = run_cli("import", str(SAMPLE), home=tmp_path, database=database)
    assert "Documents: 7 added" in imported.stdout


def test_an_unreachable_database_is_a_message(tmp_path: Path) -> None:
    nowhere = "postgresql://reader@127.0.0.1:9/archive?connect_timeout=2"
    result = run_cli("search", "Stalin", home=tmp_path, database=nowhere, check=False)
    assert result.returncode == 2
    assert "the database archive on 127.0.0.1:9 could not be prepared" in result.stderr
    assert "Traceback" not in result.stderr
