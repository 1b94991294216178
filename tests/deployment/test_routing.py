"""Which database a request reads: the replica for readers' page views, the primary for everything else."""

import pytest
from django.http import HttpRequest
from django.test import RequestFactory

from readingroom.records.models import Document
from readingroom.replica import REPLICA, ReplicaRouter, reading_from_replica, reads_from_replica
from readingroom.settings import database_settings

factory = RequestFactory()


def test_readers_page_views_read_from_the_replica() -> None:
    assert reads_from_replica(factory.get("/search?q=Stalin"))
    assert reads_from_replica(factory.head("/documents/x"))


@pytest.mark.parametrize(
    "request_",
    [
        factory.post("/staff/login/"),
        factory.get("/staff/", HTTP_COOKIE="sessionid=abc"),
        factory.get("/api/documents/x", HTTP_AUTHORIZATION="Bearer key"),
    ],
    ids=["a write", "signed-in staff", "an API client with a token"],
)
def test_writes_staff_and_api_clients_read_from_the_primary(request_: HttpRequest) -> None:
    assert not reads_from_replica(request_)


def test_the_router_sends_reads_to_the_replica_only_while_a_reader_is_answered() -> None:
    router = ReplicaRouter()
    with reading_from_replica():
        assert router.db_for_read(Document) == REPLICA
        assert router.db_for_write(Document) == "default"
    with reading_from_replica(False):
        assert router.db_for_read(Document) == "default"


def test_outside_a_request_everything_uses_the_primary() -> None:
    """Commands and the indexer: the change log is read where it is written."""
    router = ReplicaRouter()
    assert router.db_for_read(Document) == "default"
    assert router.db_for_write(Document) == "default"
    assert router.allow_migrate(REPLICA, "records") is False


def test_a_database_url_becomes_settings() -> None:
    url = "postgresql://archive:p%40ss%2Fword@db.example.org:6432/readingroom?sslmode=verify-full"
    settings = database_settings(url)
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["USER"], settings["PASSWORD"], settings["HOST"], settings["PORT"], settings["NAME"]) == (
        "archive",
        "p@ss/word",
        "db.example.org",
        "6432",
        "readingroom",
    )
    assert settings["OPTIONS"]["sslmode"] == "verify-full"
    assert database_settings(None)["ENGINE"] == "django.db.backends.sqlite3"
    with pytest.raises(ValueError, match="unsupported scheme 'mysql'"):
        database_settings("mysql://x/y")
