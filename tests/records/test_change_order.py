"""The change log's order on PostgreSQL: a change whose transaction commits late is still applied.

Sequence numbers are handed out at insert, transactions commit in any order; an indexer that has applied number 11
must never meet number 10 afterwards. Writers take turns (migration 0006), so it cannot.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections, transaction

from readingroom.ingest.records import DocumentRecord
from readingroom.records.batches import save_document
from readingroom.records.indexer import Indexer
from readingroom.records.models import Change
from readingroom.records.searching import SearchRequest, search_archive
from readingroom.search.index import SearchIndex
from tests.conftest import requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def found(query: str) -> set[str]:
    return {hit.id for hit in search_archive(SearchRequest(q=query)).hits}


def in_thread(work: Callable[[], None]) -> threading.Thread:
    """Run `work` on a connection of its own, as another web worker or node would."""

    def run() -> None:
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def until(condition: Callable[[], bool], what: str, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_a_change_committed_after_a_later_one_is_still_indexed(index: SearchIndex) -> None:
    save_document(DocumentRecord(id="earlier", title="Telegram indexed before"))
    Indexer(index).catch_up()
    slow_saved, finish_slow = threading.Event(), threading.Event()

    def slow() -> None:
        with transaction.atomic():
            save_document(DocumentRecord(id="slow", title="Telegram held open"))
            slow_saved.set()
            finish_slow.wait(30)

    def quick() -> None:
        with transaction.atomic():
            save_document(DocumentRecord(id="quick", title="Telegram committed at once"))

    first = in_thread(slow)
    assert slow_saved.wait(30)
    second = in_thread(quick)

    def quick_committed_or_waiting() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            waiting = cursor.fetchone()[0]
        return waiting > 0 or Change.objects.filter(subject_id="quick").exists()

    until(quick_committed_or_waiting, "the second writer to commit or wait for its turn")
    Indexer(index).catch_up()  # whatever it sees, it must not pass over the slow writer's change
    finish_slow.set()
    first.join(30)
    second.join(30)
    Indexer(index).catch_up()
    assert found("telegram") == {"earlier", "slow", "quick"}
    slow_number, quick_number = (Change.objects.get(subject_id=name).sequence for name in ("slow", "quick"))
    assert slow_number < quick_number


def test_concurrent_writers_and_a_following_indexer_miss_nothing(index: SearchIndex) -> None:
    stop = threading.Event()
    follower = in_thread(lambda: Indexer(index).follow(stop, poll_seconds=0.01))

    def writer(number: int) -> Callable[[], None]:
        def write() -> None:
            for item in range(15):
                with transaction.atomic():
                    save_document(DocumentRecord(id=f"w{number}/{item}", title=f"Dispatch {number} {item}"))
                    save_document(DocumentRecord(id=f"w{number}/{item}b", title=f"Dispatch {number} {item} copy"))

        return write

    try:
        writers = [in_thread(writer(number)) for number in range(4)]
        for thread in writers:
            thread.join(120)
    finally:
        stop.set()
        follower.join(30)
    Indexer(index).catch_up()
    assert index.document_count() == 120
    assert index.applied_sequence() == max(Change.objects.values_list("sequence", flat=True))
