"""The node's search index on disk: opening, rebuilding, and the one writer that applies changes.

The index stores, inside its own commit, the sequence number of the last catalogue change it reflects (a state
document), so a node that missed changes knows where to resume.

Beside it, in its folder, a second index holds the public documents alone, and readers search that one: relevance
(BM25) weighs a word by how many documents hold it and how long fields are on average, so counted over every
document, restricted ones would change the public ranking and so tell of them. Staff search the full index.
"""

import itertools
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import tantivy

from readingroom.search.cache import ResultCache
from readingroom.search.schema import (
    DOCUMENT_KIND,
    SCHEMA_VERSION,
    STATE_ID,
    STATE_KIND,
    IndexDocument,
    analyzers,
    build_schema,
    facet_code,
    to_tantivy,
)

WRITER_HEAP_BYTES = 192 * 1024 * 1024
# A file in the index folder that asks its writer for a rebuild (tantivy leaves files it did not make alone).
REBUILD_REQUEST = "rebuild-requested"
# Threads that analyse and index documents; each has its share of the heap and flushes its own segments.
WRITER_THREADS = min(4, os.cpu_count() or 1)
PUBLIC_FOLDER = "public"  # inside the index's folder: the index of the public documents alone
# The public documents' index is written by one thread, so that its documents stand in the order they were put:
# hits of equal score are ranked in that order, the same in every archive of the same public documents (with
# several threads each takes documents as it is free, and such hits changed places from one rebuild to the next).
PUBLIC_WRITER_THREADS = 1
PUBLIC_ACCESS = "public"
# Versions are numbered across every index the process opens: what is remembered for one version of an index (the
# search's look-ups, among them whether readers may know of an authority) is never taken for another index's.
_GENERATIONS = itertools.count(1)


class IndexBusy(RuntimeError):
    """Another process (a running server's indexer) holds the index's writer."""


class SearchIndex:
    def __init__(self, path: Path, public_only: bool = False) -> None:
        self.path = path
        self.schema = build_schema()
        self.analyzers = analyzers()
        path.mkdir(parents=True, exist_ok=True)
        self._seen_commit = (0, 0, 0)  # meta.json's time, inode and size at the last reload
        self._generations = _GENERATIONS
        self._generation = 0
        self.results = ResultCache()  # recent searches' answers, kept until the next commit
        self._codebooks: dict[str, dict[int, str]] = {}  # coded facet -> its values by number (see facet_values)
        self._kept_state: tuple[int, tantivy.Document | None] | None = None  # (version, state record): see _state
        self.index = self._open()
        if self.schema_version() not in (None, SCHEMA_VERSION):
            self.index = self._recreate()
        # Opened after the full index, whose recreation removes it too.
        self.public = self if public_only else SearchIndex(path / PUBLIC_FOLDER, public_only=True)

    def for_readers(self, include_restricted: bool) -> "SearchIndex":
        """The index a search is run on: the public documents' own for readers, the full one for staff."""
        return self if include_restricted else self.public

    def _open(self) -> tantivy.Index:
        try:
            index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        except ValueError:  # an index written with another schema
            return self._recreate()
        self._register(index)
        return index

    def _register(self, index: tantivy.Index) -> None:
        for name, analyzer in self.analyzers.items():
            index.register_tokenizer(name, analyzer)

    def _recreate(self) -> tantivy.Index:
        self._kept_state = None  # the old index's
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        index = tantivy.Index(self.schema, path=str(self.path), reuse=False)
        self._register(index)
        return index

    def version(self) -> int:
        """Changes whenever the searchers move to a newer commit, this process's or another's."""
        self._follow_commits()
        return self._generation

    def searcher(self) -> tantivy.Searcher:
        """A searcher over the last commit, whichever process made it."""
        self._follow_commits()
        return self.index.searcher()

    def reload(self) -> None:
        """Let the next searchers see the last commit."""
        self.index.reload()
        self._generation = next(self._generations)  # after the reload: a version never outruns what searchers see

    def _follow_commits(self) -> None:
        """Reload when another commit has landed since the last look (a stat of meta.json tells: tantivy replaces
        the file at each commit)."""
        try:
            found = (self.path / "meta.json").stat()
            stamp = (found.st_mtime_ns, found.st_ino, found.st_size)
        except OSError:
            stamp = (0, 0, 0)
        if stamp != self._seen_commit:
            self._seen_commit = stamp
            self.reload()

    def _state(self) -> tantivy.Document | None:
        """The index's state record, read once per version (the search page asks for it on every request)."""
        version = self.version()  # before the searcher: what is kept is never older than the version it is kept at
        kept = self._kept_state
        if kept is not None and kept[0] == version:
            return kept[1]
        searcher = self.index.searcher()
        hits = searcher.search(tantivy.Query.term_query(self.schema, "kind", STATE_KIND), 1).hits
        state = searcher.doc(hits[0][1]) if hits else None
        self._kept_state = (version, state)
        return state

    def applied_sequence(self) -> int:
        """The last change applied to both indexes, 0 when either is empty (a public index removed is rebuilt)."""
        state = self._state()
        value = state.get_first("sequence") if state else None
        applied = int(value) if value is not None else 0
        return applied if self.public is self else min(applied, self.public.applied_sequence())

    def schema_version(self) -> int | None:
        state = self._state()
        value = state.get_first("schema_version") if state else None
        return int(value) if value is not None else None

    def document_count(self) -> int:
        return int(self.searcher().num_docs) - (1 if self._state() else 0)

    def facet_values(self, searcher: tantivy.Searcher, facet: str, codes: Iterable[int]) -> dict[int, str]:
        """The values of a coded facet that these numbers stand for (schema.facet_code), read from the facet's terms
        in `searcher` (which holds every value any of its documents has) the first time a number is met. A number
        never changes meaning, so what is read is kept across commits."""
        codes = list(codes)
        codebook = self._codebooks.get(facet, {})
        if any(code not in codebook for code in codes):
            codebook = {facet_code(value): value for value, _ in searcher.terms_with_prefix(facet, "")}
            self._codebooks[facet] = codebook
        return {code: codebook[code] for code in codes if code in codebook}

    def fingerprints(self, page: int = 10_000) -> dict[str, list[str]]:
        """Each indexed document's fingerprint by id (more than one where a document is indexed twice)."""
        searcher = self.searcher()
        query = tantivy.Query.term_query(self.schema, "kind", DOCUMENT_KIND)
        found: dict[str, list[str]] = {}
        total = searcher.search(query, 1, count=True).count or 0  # type: ignore[attr-defined]  # missing from the stubs
        for offset in range(0, total, page):
            for _, address in searcher.search(query, page, offset=offset).hits:
                stored = searcher.doc(address)
                found.setdefault(str(stored.get_first("id")), []).append(str(stored.get_first("fingerprint") or ""))
        return found

    def request_rebuild(self) -> None:
        """Ask the process holding the writer to rebuild the index from the database (`readingroom reindex` while a
        server runs); it withdraws the request once the rebuilt index is committed."""
        (self.path / REBUILD_REQUEST).touch()

    def rebuild_requested(self) -> bool:
        return (self.path / REBUILD_REQUEST).exists()

    def rebuild_done(self) -> None:
        (self.path / REBUILD_REQUEST).unlink(missing_ok=True)

    @contextmanager
    def writer(self) -> Iterator["IndexWriter"]:
        """The writer of both indexes: the full one's lock is taken first, so a process holding it holds both."""
        with self._writer() as full, self.public._writer() as public:
            yield IndexWriter(self, full, public)

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        started = time.time()
        try:
            threads = WRITER_THREADS if self.public is not self else PUBLIC_WRITER_THREADS
            writer = self.index.writer(WRITER_HEAP_BYTES, threads)
        except ValueError as error:
            if "LockBusy" in str(error):
                raise IndexBusy(f"the search index at {self.path} is being written by another process") from None
            raise
        self._remove_leftovers(before=started)
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()

    def _remove_leftovers(self, before: float) -> None:
        """Remove the temporary files of a writer killed while it replaced meta.json or .managed.json (tantivy
        writes each beside, then renames it): nothing else removes them. Those made before this process took the
        writer's lock belong to no living writer. Segment files such a writer left are removed by the next commit."""
        for leftover in self.path.glob(".tmp*"):
            with suppress(FileNotFoundError):
                if leftover.stat().st_mtime < before:
                    leftover.unlink()


class IndexWriter:
    """Writes every document to the full index and the public ones, too, to the public documents' index."""

    def __init__(self, index: SearchIndex, writer: tantivy.IndexWriter, public: tantivy.IndexWriter) -> None:
        self._index = index
        self._writer = writer
        self._public = public

    def clear(self) -> None:
        self._writer.delete_all_documents()
        self._public.delete_all_documents()

    def put(self, documents: Iterable[IndexDocument]) -> None:
        for document in documents:
            indexed = to_tantivy(document)
            for writer in (self._writer, self._public):
                writer.delete_documents_by_term("id", document.id)
            self._writer.add_document(indexed)
            if document.access == PUBLIC_ACCESS:
                self._public.add_document(indexed)

    def delete(self, document_ids: Iterable[str]) -> None:
        for document_id in document_ids:
            self._writer.delete_documents_by_term("id", document_id)
            self._public.delete_documents_by_term("id", document_id)

    def commit(self, sequence: int) -> None:
        """Publish the changes together with the sequence number they bring the indexes up to: the public index's
        first, so that the full index (whose number says where to resume) is never ahead of it."""
        for writer, index in ((self._public, self._index.public), (self._writer, self._index)):
            writer.delete_documents_by_term("id", STATE_ID)
            state = tantivy.Document()
            state.add_text("id", STATE_ID)
            state.add_text("kind", STATE_KIND)
            state.add_integer("sequence", sequence)
            state.add_integer("schema_version", SCHEMA_VERSION)
            writer.add_document(state)
            writer.commit()
            index.reload()


_open_indexes: dict[Path, SearchIndex] = {}


def index_at(path: Path) -> SearchIndex:
    """The index at `path`, opened once per process and shared by its threads."""
    if path not in _open_indexes:
        _open_indexes[path] = SearchIndex(path)
    return _open_indexes[path]


def forget_index(path: Path) -> None:
    _open_indexes.pop(path, None)
