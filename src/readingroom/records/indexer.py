"""The node's indexer: the only writer of this node's search index, applying the change log in order.

The index records the last change it applied inside its own commit, so a node that missed changes, crashed or
starts fresh catches up by itself; `rebuild` recreates the index from the catalogue alone.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable

from django.db import close_old_connections
from django.db.models import Max

from readingroom.records.mapping import AuthorityNames, index_documents
from readingroom.records.models import Change, Document, DocumentAuthority
from readingroom.search.index import IndexBusy, IndexWriter, SearchIndex

logger = logging.getLogger(__name__)
CHANGES_PER_COMMIT = 5000
DOCUMENTS_PER_CHUNK = 500
POLL_SECONDS = 0.2

Progress = Callable[[int, int], None]  # (done, total)


def latest_change() -> int:
    return int(Change.objects.aggregate(last=Max("sequence"))["last"] or 0)


class Indexer:
    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.names = AuthorityNames()

    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply every change the index has not seen; returns how many documents were (re)indexed.
        Raises search.index.IndexBusy when another process holds the writer (it will apply them itself)."""
        with self.index.writer() as writer:
            return self._catch_up(writer, progress)

    def repair(self, document_ids: Iterable[str]) -> int:
        """Index these documents again (or remove them where the catalogue has none), leaving the rest as it is."""
        with self.index.writer() as writer:
            repaired = self._reindex(writer, document_ids)
            writer.commit(self.index.applied_sequence())
        return repaired

    def rebuild(self, progress: Progress | None = None) -> int:
        """Recreate the index from the database; returns how many documents it holds. Where another process holds
        the writer (a running server's indexer, or an import's), that one is asked to rebuild it and this waits
        until it has. Either way readers search the old index until the rebuilt one is committed."""
        requested = False
        while True:
            if requested and not self.index.rebuild_requested():
                return self.index.document_count()
            try:
                with self.index.writer() as writer:
                    count = self._rebuild(writer, progress)
            except IndexBusy:
                if not requested:
                    logger.info("the index is being written by another process; it was asked to rebuild it")
                    self.index.request_rebuild()
                    requested = True
                time.sleep(POLL_SECONDS)
                continue
            if requested:
                self.index.rebuild_done()
            return count

    def follow(self, stop: threading.Event, poll_seconds: float = POLL_SECONDS, commit_seconds: float = 0.0) -> None:
        """Hold the writer and apply changes as they come, until `stop` is set (the server's indexer), then commit
        what it applied. `commit_seconds` lets applied changes wait that long for a commit: each commit makes a
        segment that must later be merged, so the indexer beside an import commits seldom (its end commits all).
        While another process holds the writer (a command applying its own changes as the server starts, or a
        server's indexer beside an import), wait for it."""
        waiting = False
        while not stop.is_set():
            try:
                with self.index.writer() as writer:
                    self._follow(writer, stop, poll_seconds, commit_seconds)
            except IndexBusy:
                if not waiting:
                    logger.info("waiting for the search index's writer, held by another process")
                    waiting = True
                stop.wait(poll_seconds)

    def _follow(self, writer: IndexWriter, stop: threading.Event, poll_seconds: float, commit_seconds: float) -> None:
        applied = committed = self.index.applied_sequence()
        committed_at = time.monotonic()
        while not stop.is_set():
            try:
                last = latest_change()
                requested = self.index.rebuild_requested()  # by `readingroom reindex`
                # A fresh index, one from another database, or a rebuild asked for.
                if (applied == 0 and last) or applied > last or requested:
                    self._rebuild(writer, None)
                    applied = committed = self.index.applied_sequence()
                    if requested:
                        self.index.rebuild_done()
                while applied < last and not stop.is_set() and not self.index.rebuild_requested():
                    applied = self._apply(writer, applied, last)[0]
                    if time.monotonic() - committed_at >= commit_seconds:
                        writer.commit(applied)
                        committed, committed_at = applied, time.monotonic()
            except Exception:
                logger.exception("indexing failed; retrying")
                applied = committed  # what was put since the last commit is put again
            finally:
                close_old_connections()
            stop.wait(poll_seconds)
        if applied != committed:
            writer.commit(applied)

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
            applied, count = self._apply(writer, applied, last)
            done += count
            writer.commit(applied)
            if progress:
                progress(total - (last - applied), total)
        return done

    def _apply(self, writer: IndexWriter, applied: int, last: int) -> tuple[int, int]:
        """Put the documents of up to CHANGES_PER_COMMIT changes after `applied` (not beyond `last`), uncommitted;
        returns the sequence number reached and how many documents were (re)indexed."""
        changes = list(
            Change.objects.filter(sequence__gt=applied, sequence__lte=last)
            .order_by("sequence")
            .values_list("sequence", "subject", "subject_id")[:CHANGES_PER_COMMIT]
        )
        document_ids = {subject_id for _, subject, subject_id in changes if subject == Change.Subject.DOCUMENT}
        authority_ids = {subject_id for _, subject, subject_id in changes if subject == Change.Subject.AUTHORITY}
        if authority_ids:  # a renamed authority changes the names its documents are found by
            self.names.forget(authority_ids)
            document_ids.update(
                DocumentAuthority.objects.filter(authority_id__in=authority_ids)
                .values_list("document_id", flat=True)
                .distinct()
            )
        return changes[-1][0], self._reindex(writer, document_ids)

    def _reindex(self, writer: IndexWriter, document_ids: Iterable[str]) -> int:
        wanted = sorted(document_ids)
        found: set[str] = set()
        for start in range(0, len(wanted), DOCUMENTS_PER_CHUNK):
            documents = index_documents(wanted[start : start + DOCUMENTS_PER_CHUNK], self.names)
            writer.put(documents)
            found.update(document.id for document in documents)
        writer.delete(set(wanted) - found)
        return len(wanted)

    def _rebuild(self, writer: IndexWriter, progress: Progress | None) -> int:
        last = latest_change()
        self.names.forget()
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
