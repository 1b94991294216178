"""The JSON API, version 1: the same services as the pages, shaped as openapi.py describes. Every view checks its
parameters against their declarations first (parameters.py), so what reaches a service is already sound."""

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.cache import get_conditional_response
from django.views.decorators.csrf import csrf_exempt

from readingroom.api import cursors
from readingroom.api.answers import (
    authority_json,
    document_summary_json,
    facet_value_json,
    histogram_json,
    search_json,
)
from readingroom.api.errors import ApiError, endpoint, error_response
from readingroom.api.parameters import AUTHORITIES, DOCUMENTS, FACET_VALUES, FILTERS, SEARCH, Parameter, checked
from readingroom.records.authorities import authorities_after, public_authority, public_collections
from readingroom.records.documents import documents_after, public_record
from readingroom.records.searching import (
    FACET_LABELS,
    MAX_PAGE,
    SearchRequest,
    date_histogram,
    facet_values,
    search_archive,
)
from readingroom.web.requests import search_request


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _one(params: dict[str, list[str]], name: str, default: str = "") -> str:
    return params[name][0] if name in params else default


def _read_search(request: HttpRequest, declared: tuple[Parameter, ...]) -> tuple[SearchRequest, dict[str, list[str]]]:
    params = checked(request.GET, declared)
    form = QueryDict(mutable=True)
    for name, values in params.items():
        form.setlist(name, values)
    return search_request(form), params


@endpoint
def search(request: HttpRequest) -> HttpResponse:
    """A page of results, by page number or by cursor; a cursor is bound to the search that gave it out."""
    wanted, params = _read_search(request, SEARCH)
    this_search = cursors.fingerprint((key, values) for key, values in params.items() if key not in ("page", "cursor"))
    if "cursor" in params:
        if "page" in params:
            raise ApiError("give page or cursor, not both")
        position = cursors.decode(params["cursor"][0], "search")
        if not (isinstance(position, list) and len(position) == 2 and isinstance(position[1], int)):
            raise cursors.invalid_cursor()
        if position[0] != this_search:
            raise ApiError("cursor: it belongs to another search; drop it to start this one from its first page")
        if not 1 <= position[1] <= MAX_PAGE:
            raise cursors.invalid_cursor()
        wanted.page = position[1]
    page = search_archive(wanted)
    following = page.page + 1 if page.page < min(page.pages, MAX_PAGE) else None
    return _json(search_json(page, cursors.encode("search", [this_search, following]) if following else None))


@endpoint
def facet(request: HttpRequest, facet: str) -> HttpResponse:
    if facet not in FACET_LABELS:
        raise ApiError(f"no facet {facet!r}; the facets are {', '.join(FACET_LABELS)}", 404)
    wanted, params = _read_search(request, FACET_VALUES)
    values = facet_values(wanted, facet, _one(params, "contains"))
    return _json({"facet": facet, "label": FACET_LABELS[facet], "values": [facet_value_json(v) for v in values]})


@endpoint
def dates(request: HttpRequest) -> HttpResponse:
    wanted, _ = _read_search(request, FILTERS)
    return _json(histogram_json(date_histogram(wanted)))


@endpoint
def documents(request: HttpRequest) -> HttpResponse:
    params = checked(request.GET, DOCUMENTS)
    after = cursors.decode(params["cursor"][0], "documents") if "cursor" in params else ""
    if not isinstance(after, str):
        raise cursors.invalid_cursor()
    limit = int(_one(params, "per_page", "100"))
    found = documents_after(after, limit + 1)
    next_cursor = cursors.encode("documents", found[limit - 1].id) if len(found) > limit else None
    return _json({"documents": [document_summary_json(d) for d in found[:limit]], "next_cursor": next_cursor})


@endpoint
def document(request: HttpRequest, document_id: str) -> HttpResponse:
    """The interchange record, with a strong ETag from its bytes: a client that has them gets a 304."""
    checked(request.GET, ())
    record = public_record(document_id)  # an id with a NUL never comes this far: see web/nul.py
    if record is None:
        raise ApiError(f"no public document with id {document_id!r}", 404)
    response = _json(record.to_json())
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


@endpoint
def authorities(request: HttpRequest) -> HttpResponse:
    params = checked(request.GET, AUTHORITIES)
    after = cursors.decode(params["cursor"][0], "authorities") if "cursor" in params else None
    if after is not None and not (
        isinstance(after, list) and len(after) == 2 and all(isinstance(a, str) for a in after)
    ):
        raise cursors.invalid_cursor()
    limit = int(_one(params, "per_page", "100"))
    found = authorities_after(
        (after[0], after[1]) if after else None,
        limit + 1,
        kind=_one(params, "kind"),
        prefix=_one(params, "prefix"),
        contains=_one(params, "contains"),
    )
    last = found[limit - 1].authority if len(found) > limit else None
    return _json(
        {
            "authorities": [authority_json(entry) for entry in found[:limit]],
            "next_cursor": cursors.encode("authorities", [last.name, last.id]) if last else None,
        }
    )


@endpoint
def authority(request: HttpRequest, authority_id: str) -> HttpResponse:
    checked(request.GET, ())
    entry = public_authority(authority_id)
    if entry is None:
        raise ApiError(f"no public authority with id {authority_id!r}", 404)
    return _json(authority_json(entry))


@endpoint
def collections(request: HttpRequest) -> HttpResponse:
    checked(request.GET, ())
    return _json({"collections": [authority_json(entry) for entry in public_collections()]})


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    return error_response(f"no such API endpoint: {request.path}; the API is described at /api/", 404)
