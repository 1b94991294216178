"""The server's indexer (`readingroom index --follow`) waits for the index's writer when a command holds it."""

import logging
import threading

import pytest
from django.db import connections

from readingroom.ingest.records import DocumentRecord
from readingroom.records.indexer import Indexer
from readingroom.records.searching import SearchRequest, search_archive
from readingroom.records.services import save_document
from readingroom.search.index import SearchIndex
from tests.deployment.nodes import eventually

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_follower_that_finds_the_writer_held_waits_then_applies_the_changes(
    index: SearchIndex, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="readingroom.records.indexer")
    save_document(DocumentRecord(id="held/1", title="Telegram written while the writer was held"))
    stop = threading.Event()

    def follow() -> None:
        try:
            Indexer(index).follow(stop, poll_seconds=0.01)
        finally:
            connections.close_all()

    follower = threading.Thread(target=follow)
    try:
        with index.writer():  # as `readingroom import` holds it for a moment while the server starts
            follower.start()
            eventually(lambda: "waiting for the search index's writer" in caplog.text, "the follower to wait")
        eventually(lambda: search_archive(SearchRequest(q="held")).total == 1, "the follower to apply the change")
    finally:
        stop.set()
        follower.join(30)
