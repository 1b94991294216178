"""The search page's links are what Django's QueryDict makes of the reader's choices with one thing changed: the
links are built from name-value pairs, each encoded once a page, and must give the very same addresses."""

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from readingroom.records.searching import SearchPage, SearchRequest
from readingroom.web.links import SearchLinks

NAMES = ["q", "people", "places", "type", "from", "to", "page", "sort", "people_mode"]
VALUES = st.text(alphabet=st.sampled_from("ab 1&=+?%#é周/-"), max_size=6)
PAIRS = st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=8)


def links_for(pairs: list[tuple[str, str]], pages: int = 1) -> tuple[QueryDict, SearchLinks]:
    params = QueryDict(mutable=True)
    for name, value in pairs:
        params.appendlist(name, value)
    page = SearchPage(SearchRequest(), 0, 1, pages, 10, 0, 0, "relevance", [], {}, {}, [], [], [], [])
    return params, SearchLinks(params, page)


def first_page(params: QueryDict) -> QueryDict:
    changed = params.copy()
    changed.pop("page", None)
    return changed


@given(PAIRS, st.sampled_from(["people", "places", "type"]), VALUES)
def test_choosing_a_value_appends_it_to_the_facets_values_on_the_first_page(
    pairs: list[tuple[str, str]], facet: str, value: str
) -> None:
    params, links = links_for(pairs)
    expected = first_page(params)
    if value not in expected.getlist(facet):
        expected.appendlist(facet, value)
    assert links.with_value(facet, value) == f"?{expected.urlencode()}"


@given(PAIRS, st.sampled_from(["people", "places", "type"]), VALUES, VALUES)
def test_removing_a_value_keeps_the_facets_others(
    pairs: list[tuple[str, str]], facet: str, value: str, name: str
) -> None:
    """The value goes whether the address holds its id or its name."""
    params, links = links_for(pairs)
    expected = first_page(params)
    if facet in expected:
        expected.setlist(facet, [kept for kept in expected.getlist(facet) if kept.strip() not in (value, name)])
    assert links.without_value(facet, value, name) == f"?{expected.urlencode()}"


@given(PAIRS, VALUES, VALUES)
def test_dates_and_words_replace_their_parameters(pairs: list[tuple[str, str]], start: str, end: str) -> None:
    params, links = links_for(pairs)
    dated = first_page(params)
    dated["from"], dated["to"] = start, end
    assert links.with_dates(start, end) == f"?{dated.urlencode()}"
    worded = first_page(params)
    worded["q"] = start
    assert links.with_query(start) == f"?{worded.urlencode()}"


@given(PAIRS, st.lists(st.sampled_from(NAMES), max_size=3), st.integers(min_value=1, max_value=5))
def test_leaving_out_parameters_and_turning_pages(pairs: list[tuple[str, str]], names: list[str], number: int) -> None:
    params, links = links_for(pairs, pages=5)
    without = first_page(params)
    for name in names:
        without.pop(name, None)
    assert links.without(*names) == f"?{without.urlencode()}"
    paged = params.copy() if number > 1 else first_page(params)
    if number > 1:
        paged["page"] = str(number)
    assert links.to_page(number) == f"?{paged.urlencode()}"
