"""Reading a search request from a URL's parameters, the same way for the page and the JSON API."""

from django.http import QueryDict

from readingroom.records.searching import FACETS, PAGE_SIZES, PER_PAGE, SearchRequest

MAX_PARAMETER = 2000


def search_request(params: QueryDict) -> SearchRequest:
    page = _number(params.get("page", ""), 1)
    per_page = _number(params.get("per_page", ""), PER_PAGE)
    return SearchRequest(
        q=params.get("q", "")[:MAX_PARAMETER],
        any_of=frozenset(facet for facet in FACETS if params.get(f"{facet}_mode") == "any"),
        filters={facet: [v[:MAX_PARAMETER] for v in params.getlist(facet)[:50]] for facet in FACETS if facet in params},
        date_from=params.get("from", "")[:64],
        date_to=params.get("to", "")[:64],
        sort=params.get("sort", ""),
        page=page,
        per_page=per_page if per_page in PAGE_SIZES else PER_PAGE,
    )


def _number(text: str, default: int) -> int:
    try:
        return int(text[:9]) if text.strip() else default
    except ValueError:
        return default
