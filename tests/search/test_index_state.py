"""The index's state record (the last change applied, the schema version), which each index object reads once per
commit it sees."""

from pathlib import Path

import tantivy

from readingroom.search.index import SearchIndex
from readingroom.search.schema import SCHEMA_VERSION, STATE_ID, STATE_KIND


def test_each_commit_is_seen_by_a_reader_that_has_read_the_state_before(tmp_path: Path) -> None:
    writing = SearchIndex(tmp_path / "index")
    reading = SearchIndex(tmp_path / "index")  # as in another process
    assert reading.applied_sequence() == 0
    for sequence in (1, 2, 5):
        with writing.writer() as writer:
            writer.commit(sequence)
        assert writing.applied_sequence() == sequence
        assert reading.applied_sequence() == sequence
        assert reading.schema_version() == SCHEMA_VERSION


def test_an_index_of_another_schema_version_opens_empty_with_no_state(tmp_path: Path) -> None:
    old = SearchIndex(tmp_path / "index")
    writer = old.index.writer()
    state = tantivy.Document()
    state.add_text("id", STATE_ID)
    state.add_text("kind", STATE_KIND)
    state.add_integer("sequence", 9)
    state.add_integer("schema_version", SCHEMA_VERSION - 1)
    writer.add_document(state)
    writer.commit()
    writer.wait_merging_threads()
    assert SearchIndex(tmp_path / "index").schema_version() is None  # recreated: the old state is not kept
    reopened = SearchIndex(tmp_path / "index")
    assert reopened.applied_sequence() == 0
    assert reopened.document_count() == 0
