"""The index's cache of recent searches' answers: reused while the index stays at one commit, never after."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from readingroom.search.cache import ResultCache
from readingroom.search.index import SearchIndex
from readingroom.search.query import Term
from readingroom.search.searcher import PAGES_KEPT, IndexQuery, Searcher

pytestmark = pytest.mark.django_db


def test_an_answer_is_kept_for_its_version_only() -> None:
    cache = ResultCache(entries=2)
    cache.put(1, "a", "answer")
    assert cache.get(1, "a") == "answer"
    assert cache.get(2, "a") is None
    cache.put(2, "b", "newer")
    assert cache.get(1, "a") is None  # a newer version drops the older answers
    assert cache.get(2, "b") == "newer"


def test_the_least_recently_used_answer_goes_first() -> None:
    cache = ResultCache(entries=2)
    cache.put(1, "a", 1)
    cache.put(1, "b", 2)
    cache.get(1, "a")
    cache.put(1, "c", 3)
    assert (cache.get(1, "a"), cache.get(1, "b"), cache.get(1, "c")) == (1, None, 3)


def test_no_entries_keeps_nothing() -> None:
    cache = ResultCache(entries=0)
    cache.put(1, "a", 1)
    assert cache.get(1, "a") is None


def test_the_same_search_is_answered_once_per_commit(sample: Any, index: SearchIndex) -> None:
    request = IndexQuery(node=Term("Zhou"))
    first = Searcher(index).search(request)
    assert Searcher(index).search(request) is first
    second_page = Searcher(index).search(IndexQuery(node=Term("Zhou"), offset=1, limit=1))
    assert second_page is not first
    assert (second_page.total, second_page.facets) == (first.total, first.facets)
    assert [hit.id for hit in second_page.hits] == [hit.id for hit in first.hits[1:2]]


def test_every_commit_gives_a_new_version_though_the_clock_has_not_moved(sample: Any, index: SearchIndex) -> None:
    """Two commits within one tick of the file system's clock leave meta.json with the same time."""
    meta = index.path / "meta.json"
    before = index.version()
    stamp = meta.stat()
    with index.writer() as writer:
        writer.commit(sequence=10**6)
    os.utime(meta, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert index.version() != before


def test_a_document_restricted_after_a_search_leaves_the_next_answer(
    sample: Any, index: SearchIndex, load: Callable[..., Any]
) -> None:
    load([{"id": "open/1", "title": "Telegram about the Tumen river"}])
    request = IndexQuery(node=Term("Tumen"))
    assert Searcher(index).search(request).total == 1
    load([{"id": "open/1", "title": "Telegram about the Tumen river", "access": "restricted"}])
    answer = Searcher(index).search(request)
    assert (answer.total, answer.hits) == (0, [])
    assert Searcher(index).search(IndexQuery(node=Term("Tumen"), include_restricted=True)).total == 1


def test_a_search_keeps_its_last_pages_only(sample: Any, index: SearchIndex) -> None:
    first = Searcher(index).search(IndexQuery(limit=1))
    for offset in range(1, PAGES_KEPT + 1):
        Searcher(index).search(IndexQuery(offset=offset, limit=1))
    again = Searcher(index).search(IndexQuery(limit=1))
    assert again is not first
    assert (again.total, again.facets, again.hits) == (first.total, first.facets, first.hits)


def test_two_indexes_of_one_process_never_share_a_version(tmp_path: Path) -> None:
    """What is remembered for a version (answers, the search's look-ups) must not be taken for another index's."""
    first, second = SearchIndex(tmp_path / "first"), SearchIndex(tmp_path / "second")
    assert first.version() != second.version()
