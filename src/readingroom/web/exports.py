"""Taking results away: the whole result set of a search as a file, and an Atom feed of any search."""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from readingroom.dates.edtf import display_date
from readingroom.records.exports import EXCEL_MARK, FORMATS, export_lines, exported_documents, public_documents
from readingroom.records.models import Document
from readingroom.records.searching import SearchRequest, matching_ids
from readingroom.web.requests import search_request

MAX_EXPORT = 10_000_000  # no cap a reader would meet: the whole result set is written
FEED_ENTRIES = 50
NOT_IN_FEED = ("page", "sort", "per_page")  # parameters that change a page of results, not the search followed


@require_safe
def export(request: HttpRequest, format_key: str) -> StreamingHttpResponse:
    if format_key not in FORMATS:
        raise Http404(f"No export format {format_key}")
    ids = matching_ids(search_request(request.GET), MAX_EXPORT)
    site = request.build_absolute_uri("/")
    lines: Iterator[str] = export_lines(format_key, exported_documents(format_key, ids), site)
    if format_key == "csv" and request.GET.get("excel") == "1":
        lines = itertools.chain([EXCEL_MARK], lines)
    response = StreamingHttpResponse((line.encode() for line in lines), content_type=FORMATS[format_key].media_type)
    response["Content-Disposition"] = f'attachment; filename="readingroom-search.{FORMATS[format_key].extension}"'
    return response


@dataclass
class FollowedSearch:
    """A search as its feed names it: feed readers tell feeds apart by their id and self link, so each search's
    feed carries its own address, not the bare /search every feed would otherwise share."""

    search: SearchRequest
    query: str  # the search's parameters as given, less those of a page of results ("" for no parameters)
    absolute_feed_url: str

    def address(self, name: str) -> str:
        return _address(name, self.query)


def _address(name: str, query: str) -> str:
    return reverse(name) + (f"?{query}" if query else "")


def followed_search(request: HttpRequest) -> FollowedSearch:
    search = search_request(request.GET)
    search.sort = "added"
    params = request.GET.copy()
    for name in NOT_IN_FEED:
        params.pop(name, None)
    query = params.urlencode()
    return FollowedSearch(search, query, request.build_absolute_uri(_address("search-feed", query)))


class SearchFeed(Feed):  # type: ignore[type-arg]
    """The documents a search finds, most recently added first, for readers following a subject."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FollowedSearch:
        return followed_search(request)

    def title(self, followed: FollowedSearch) -> str:
        q = followed.search.q
        return f"readingroom: {q}" if q.strip() else "readingroom: new documents"

    def link(self, followed: FollowedSearch) -> str:
        return followed.address("search")

    def feed_url(self, followed: FollowedSearch) -> str:
        return followed.address("search-feed")

    def feed_guid(self, followed: FollowedSearch) -> str:
        return followed.absolute_feed_url

    def subtitle(self, followed: FollowedSearch) -> str:
        return "Documents matching this search, most recently added first."

    def items(self, followed: FollowedSearch) -> list[Document]:
        return list(public_documents(matching_ids(followed.search, FEED_ENTRIES)))

    def item_title(self, document: Document) -> str:
        return document.title

    def item_description(self, document: Document) -> str:
        return " — ".join(part for part in (display_date(document.date), document.summary) if part)

    def item_link(self, document: Document) -> str:
        return reverse("document", args=[document.id])

    def item_pubdate(self, document: Document) -> Any:
        return document.created

    def item_updateddate(self, document: Document) -> Any:
        return document.modified
