"""Authority facets are counted over numbers standing for their values, and read back as the values."""

from pathlib import Path

from readingroom.search.index import SearchIndex
from readingroom.search.schema import CODED_FACETS, IndexDocument, facet_code
from readingroom.search.searcher import IndexQuery, Searcher


def _put(index: SearchIndex, sequence: int, *documents: IndexDocument) -> None:
    with index.writer() as writer:
        writer.put(documents)
        writer.commit(sequence)


def _document(number: int, **facets: list[str]) -> IndexDocument:
    return IndexDocument(id=f"doc-{number}", title=f"Telegram {number}", facets=facets)


def test_a_facet_code_is_the_same_every_time_and_differs_between_values() -> None:
    assert facet_code("person/zhou-enlai") == facet_code("person/zhou-enlai")
    codes = {facet_code(f"person/{number}") for number in range(10_000)}
    assert len(codes) == 10_000
    assert all(0 <= code < 2**63 for code in codes)  # fits tantivy's signed integers


def test_coded_facets_count_and_name_their_values(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    _put(
        index,
        1,
        _document(1, people=["person/zhou", "person/mao"], places=["place/beijing"], type=["Report"]),
        _document(2, people=["person/zhou"], topics=["topic/korea"], collections=["collection/a"]),
        _document(3, organizations=["organization/ccp"], type=["Report"]),
    )
    facets = Searcher(index).search(IndexQuery()).facets
    assert facets["people"] == [("person/zhou", 2), ("person/mao", 1)]
    assert facets["places"] == [("place/beijing", 1)]
    assert facets["topics"] == [("topic/korea", 1)]
    assert facets["collections"] == [("collection/a", 1)]
    assert facets["organizations"] == [("organization/ccp", 1)]
    assert facets["type"] == [("Report", 2)]  # not coded: counted as strings
    assert "type" not in CODED_FACETS


def test_a_value_first_indexed_after_a_search_is_read_back(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    _put(index, 1, _document(1, people=["person/zhou"]))
    assert Searcher(index).search(IndexQuery()).facets["people"] == [("person/zhou", 1)]
    _put(index, 2, _document(2, people=["person/filippov", "person/zhou"]))
    facets = Searcher(index).search(IndexQuery()).facets
    assert facets["people"] == [("person/zhou", 2), ("person/filippov", 1)]


def test_filters_on_a_coded_facet_match_its_values_exactly(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    _put(index, 1, _document(1, people=["person/zhou"]), _document(2, people=["person/zhou-enlai"]))
    found = Searcher(index).search(IndexQuery(filters={"people": ["person/zhou"]}))
    assert [hit.id for hit in found.hits] == ["doc-1"]
    assert found.facets["people"] == [("person/zhou", 1)]
