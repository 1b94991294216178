"""Reading a search request from a URL's parameters, the same way for the page and the JSON API."""

from django.http import QueryDict

from readingroom.ingest.jsonl import CONTROL_CHARACTERS
from readingroom.records.searching import FACETS, PAGE_SIZES, PER_PAGE, SearchRequest

MAX_PARAMETER = 2000


def search_request(params: QueryDict) -> SearchRequest:
    page = _number(params.get("page", ""), 1)
    per_page = _number(params.get("per_page", ""), PER_PAGE)
    return SearchRequest(
        q=_text(params.get("q", "")),
        any_of=frozenset(facet for facet in FACETS if params.get(f"{facet}_mode") == "any"),
        filters={facet: [_text(v) for v in params.getlist(facet)[:50]] for facet in FACETS if facet in params},
        date_from=_text(params.get("from", ""))[:64],
        date_to=_text(params.get("to", ""))[:64],
        sort=params.get("sort", ""),
        page=page,
        per_page=per_page if per_page in PAGE_SIZES else PER_PAGE,
    )


def _text(value: str) -> str:
    """A parameter as searched: control characters (which nobody types, and XML cannot carry) become spaces."""
    return CONTROL_CHARACTERS.sub(" ", value[:MAX_PARAMETER])


def _number(text: str, default: int) -> int:
    try:
        return int(text[:9]) if text.strip() else default
    except ValueError:
        return default
