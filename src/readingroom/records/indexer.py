"""The node's indexer: the only writer of this node's search index, applying the change log in order.

The index records the last change it applied inside its own commit, so a node that missed changes, crashed or
starts fresh catches up by itself; `rebuild` recreates the index from the catalogue alone.
"""

import logging
import threading
from collections.abc import Callable, Iterable

from django.db import close_old_connections
from django.db.models import Max

from readingroom.records.mapping import documents_with_relations, index_document
from readingroom.records.models import Change, Document, DocumentAuthority
from readingroom.search.index import IndexBusy, IndexWriter, SearchIndex

logger = logging.getLogger(__name__)
CHANGES_PER_COMMIT = 2000
DOCUMENTS_PER_CHUNK = 500
POLL_SECONDS = 0.2

Progress = Callable[[int, int], None]  # (done, total)


def latest_change() -> int:
    return int(Change.objects.aggregate(last=Max("sequence"))["last"] or 0)


class Indexer:
    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply every change the index has not seen; returns how many documents were (re)indexed.
        Raises search.index.IndexBusy when another process holds the writer (it will apply them itself)."""
        with self.index.writer() as writer:
            return self._catch_up(writer, progress)

    def rebuild(self, progress: Progress | None = None) -> int:
        with self.index.writer() as writer:
            return self._rebuild(writer, progress)

    def follow(self, stop: threading.Event, poll_seconds: float = POLL_SECONDS) -> None:
        """Hold the writer and apply changes as they come, until `stop` is set (the server's indexer). While another
        process holds the writer (a command applying its own changes as the server starts), wait for it."""
        waiting = False
        while not stop.is_set():
            try:
                with self.index.writer() as writer:
                    self._follow(writer, stop, poll_seconds)
            except IndexBusy:
                if not waiting:
                    logger.info("waiting for the search index's writer, held by another process")
                    waiting = True
                stop.wait(poll_seconds)

    def _follow(self, writer: IndexWriter, stop: threading.Event, poll_seconds: float) -> None:
        while not stop.is_set():
            try:
                self._catch_up(writer, None)
            except Exception:
                logger.exception("indexing failed; retrying")
            finally:
                close_old_connections()
            stop.wait(poll_seconds)

    def _catch_up(self, writer: IndexWriter, progress: Progress | None) -> int:
        applied = self.index.applied_sequence()
        last = latest_change()
        if last == applied:
            return 0
        if applied == 0 or applied > last:  # a fresh index, or one left from another database
            return self._rebuild(writer, progress)
        total = last - applied
        done = 0
        while applied < last:
            changes = list(
                Change.objects.filter(sequence__gt=applied, sequence__lte=last)
                .order_by("sequence")
                .values_list("sequence", "subject", "subject_id")[:CHANGES_PER_COMMIT]
            )
            document_ids = {subject_id for _, subject, subject_id in changes if subject == Change.Subject.DOCUMENT}
            authority_ids = {subject_id for _, subject, subject_id in changes if subject == Change.Subject.AUTHORITY}
            if authority_ids:  # a renamed authority changes the names its documents are found by
                document_ids.update(
                    DocumentAuthority.objects.filter(authority_id__in=authority_ids)
                    .values_list("document_id", flat=True)
                    .distinct()
                )
            done += self._reindex(writer, document_ids)
            applied = changes[-1][0]
            writer.commit(applied)
            if progress:
                progress(total - (last - applied), total)
        return done

    def _reindex(self, writer: IndexWriter, document_ids: Iterable[str]) -> int:
        wanted = sorted(document_ids)
        found: set[str] = set()
        for start in range(0, len(wanted), DOCUMENTS_PER_CHUNK):
            chunk = documents_with_relations(
                Document.objects.filter(pk__in=wanted[start : start + DOCUMENTS_PER_CHUNK])
            )
            documents = [index_document(document) for document in chunk]
            writer.put(documents)
            found.update(document.id for document in documents)
        writer.delete(set(wanted) - found)
        return len(wanted)

    def _rebuild(self, writer: IndexWriter, progress: Progress | None) -> int:
        last = latest_change()
        writer.clear()
        total = Document.objects.count()
        done = 0
        ids = Document.objects.order_by("pk").values_list("pk", flat=True)
        chunk: list[str] = []
        for document_id in ids.iterator(chunk_size=5000):
            chunk.append(document_id)
            if len(chunk) == DOCUMENTS_PER_CHUNK:
                done += self._reindex(writer, chunk)
                chunk = []
                if progress:
                    progress(done, total)
        done += self._reindex(writer, chunk)
        writer.commit(last)
        if progress:
            progress(done, total)
        return done
