"""A primary and a hot standby on loopback (pg_basebackup), the node reading readers' pages from the standby.

Pausing the standby's replay makes it lag as long as the test likes: the node's index, fed from the primary's change
log, still gets every change, while the pages that read the standby do not see it until replay resumes.
"""

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import SAMPLE, requires_postgres, run_cli, serving
from tests.deployment.nodes import eventually, get, get_json, seconds_until, total
from tests.deployment.test_nodes import lines
from tests.postgres import FAST_SETTINGS, Cluster, execute, running

pytestmark = [pytest.mark.slow, requires_postgres]


@pytest.fixture
def primary() -> Iterator[Cluster]:
    with running(FAST_SETTINGS) as cluster:
        execute(cluster.url(), "CREATE DATABASE readingroom")
        yield cluster


@pytest.fixture
def standby(primary: Cluster) -> Iterator[Cluster]:
    cluster = primary.standby()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def replay(standby: Cluster, action: str) -> None:
    with psycopg.connect(standby.url("readingroom"), autocommit=True) as connection:
        connection.execute(f"SELECT pg_wal_replay_{action}()".encode())


def test_readers_read_from_the_standby_and_its_lag_never_costs_the_index_a_change(
    tmp_path: Path, primary: Cluster, standby: Cluster
) -> None:
    database = primary.url("readingroom")
    replica = {"READINGROOM_DATABASE_REPLICA_URL": standby.url("readingroom")}
    home = tmp_path / "node"
    run_cli("migrate", home=home, database=database)
    run_cli("import", str(SAMPLE), home=home, database=database)
    with serving(home, database, env=replica) as node:
        imported = f"{node}/api/documents/seed/1952-09-17-filippov-mao"
        eventually(lambda: get(imported)[0] == 200, "the standby to replay the import")
        replay(standby, "pause")
        late = lines(tmp_path / "late.jsonl", {"id": "late/1", "title": "Telegram written while the standby lags"})
        run_cli("import", str(late), home=home, database=database)

        seconds_until(node, "lags", 1)  # the index has it: the change log was read on the primary
        assert get(f"{node}/api/documents/late/1")[0] == 404  # the reader's page reads the standby, behind
        status, page = get(f"{node}/search?q=lags")
        assert status == 200
        assert b"Telegram written while the standby lags" in page
        staff = {"Cookie": "sessionid=anything"}  # a session (staff) reads the primary: it sees its own writes
        assert get_json(f"{node}/api/documents/late/1", staff)["title"].startswith("Telegram written")

        replay(standby, "resume")
        eventually(lambda: get(f"{node}/api/documents/late/1")[0] == 200, "the standby to catch up")
        assert total(node, "Stalin") == 6
        assert get_json(f"{node}/readyz") == {"status": "ready", "problems": [], "warnings": []}

        standby.stop()  # readers are served from the primary until it is back
        assert get(f"{node}/api/documents/late/1")[0] == 200
        assert total(node, "Stalin") == 6
        assert get(f"{node}/search?q=Stalin")[0] == 200
        assert get_json(f"{node}/readyz")["warnings"] == [
            "the replica database does not answer; readers' pages read from the primary"
        ]
