"""Reading a search request from a URL's parameters, the same way for the page and the JSON API."""

from django.http import QueryDict

from readingroom.records.searching import FACETS, SearchRequest

MAX_PARAMETER = 2000


def search_request(params: QueryDict) -> SearchRequest:
    try:
        page = int(params.get("page", "1") or 1)
    except ValueError:
        page = 1
    return SearchRequest(
        q=params.get("q", "")[:MAX_PARAMETER],
        filters={facet: [v[:MAX_PARAMETER] for v in params.getlist(facet)[:50]] for facet in FACETS if facet in params},
        date_from=params.get("from", "")[:64],
        date_to=params.get("to", "")[:64],
        sort=params.get("sort", ""),
        page=page,
    )
