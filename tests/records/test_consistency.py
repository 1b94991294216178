"""`readingroom check`: the index compared with the catalogue document by document, and repaired in place."""

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from readingroom.records.consistency import compare, repair
from readingroom.records.mapping import AuthorityNames, index_documents
from readingroom.records.models import Change
from readingroom.records.searching import SearchRequest, search_archive
from readingroom.search.index import SearchIndex
from readingroom.search.schema import IndexDocument, to_tantivy
from tests.conftest import SAMPLE, run_cli, sqlite_only

pytestmark = pytest.mark.django_db
LETTER = "seed/1952-09-17-filippov-mao"
REPORT = "seed/1952-09-22-zhou-report"


def damage(index: SearchIndex) -> None:
    """What a crash or a bug could leave: a document gone, one twice, one that is not in the catalogue."""
    with index.writer() as writer:
        writer.delete([LETTER])
        writer.put([IndexDocument(id="ghost/1", title="A ghost")])
        writer._writer.add_document(to_tantivy(IndexDocument(id=REPORT, title="A second copy")))
        writer.commit(index.applied_sequence())


def test_an_index_in_step_agrees(sample: Any, index: SearchIndex) -> None:
    differences = compare(index)
    assert differences.agree
    assert (differences.documents, differences.indexed) == (7, 7)


def test_differences_are_found_and_repaired_without_a_rebuild(sample: Any, index: SearchIndex) -> None:
    damage(index)
    Change.objects.create(subject="document", subject_id="seed/1959-10-02-khrushchev-mao", action="saved")
    differences = compare(index)
    assert differences.missing == [LETTER]
    assert differences.duplicated == [REPORT]
    assert differences.stray == ["ghost/1"]
    assert differences.unapplied == 1
    assert not differences.agree
    repaired = repair(index, differences)
    assert repaired == 4
    assert compare(index).agree
    assert [hit.id for hit in search_archive(SearchRequest(q="ghost")).hits] == []
    assert search_archive(SearchRequest()).total == 7


def test_the_public_documents_index_is_checked_and_repaired(
    sample: Any, load: Callable[..., Any], index: SearchIndex
) -> None:
    """Readers search an index of the public documents alone (SearchIndex.public): a restricted document found
    there, a public one missing from it or one the catalogue lacks is a difference like any other."""
    load([{"id": "hidden/1", "title": "A restricted report", "access": "restricted"}])
    restricted = index_documents(["hidden/1"], AuthorityNames())[0]
    with index.writer() as writer:
        writer._public.add_document(to_tantivy(restricted))
        writer._public.add_document(to_tantivy(IndexDocument(id="ghost/1", title="A ghost")))
        writer._public.delete_documents_by_term("id", LETTER)
        writer.commit(index.applied_sequence())
    differences = compare(index)
    assert (differences.exposed, differences.missing, differences.stray) == (["hidden/1"], [LETTER], ["ghost/1"])
    assert not differences.agree
    repair(index, differences)
    assert compare(index).agree
    assert index.public.fingerprints().keys() == set(index.fingerprints()) - {"hidden/1"}


@sqlite_only
def test_a_document_changed_behind_the_indexers_back_is_stale(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    with sqlite3.connect(tmp_path / "readingroom.sqlite3") as database:
        database.execute("UPDATE records_document SET title = 'Retitled quietly' WHERE id = ?", (LETTER,))
    checked = run_cli("check", home=tmp_path, check=False)
    assert checked.returncode == 1
    assert f"Documents indexed with old content: 1 ({LETTER})" in checked.stdout
    repaired = run_cli("check", "--repair", home=tmp_path)
    assert "Repaired: 1 documents indexed again or removed." in repaired.stdout
    assert "The index agrees with the database." in run_cli("check", home=tmp_path).stdout
    assert "Retitled quietly" in run_cli("search", "Retitled", home=tmp_path).stdout
