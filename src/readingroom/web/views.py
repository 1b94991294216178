"""The reading room's HTML pages. Views are thin: read the request, call a service, render."""

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from readingroom.api.errors import error_response, is_api_request
from readingroom.dates.edtf import display_date
from readingroom.ingest.pages import page_span, referenced_documents
from readingroom.names.languages import language_name
from readingroom.records.documents import public_document, visible_documents
from readingroom.records.exports import FORMATS
from readingroom.records.models import Access, Authority, Document
from readingroom.records.searching import FACET_LABELS, PAGE_SIZES, SearchRequest, facet_values, search_archive
from readingroom.records.status import index_rebuilding, index_status
from readingroom.web.citing import citation_context
from readingroom.web.links import SearchLinks, chips, facet_groups
from readingroom.web.requests import search_request
from readingroom.web.scans import shown_attachments
from readingroom.web.text import footnotes, paragraphs
from readingroom.web.timeline import timeline

EXTRA_LABELS = {
    "number": "Document number",
    "place_of_writing": "Place of writing",
    "classification": "Classification",
    "drafter": "Drafted by",
    "withheld": "Passages withheld at declassification",
}
ROLE_LABELS = {
    "authors": "From",
    "recipients": "To",
    "people": "People",
    "organizations": "Organizations",
    "places": "Places",
    "topics": "Topics",
    "collections": "Collections",
}


def staff_sees_everything(request: HttpRequest) -> bool:
    """Signed-in staff find and read restricted and unpublished documents on the search and document pages (marked
    as such); exports, feeds, the API and harvesting stay public-only for everyone."""
    return bool(request.user.is_active and request.user.is_staff)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    public = Q(documents__access="public")
    collections = (
        Authority.objects.filter(kind="collection")
        .annotate(count=Count("documents", filter=public, distinct=True))
        .filter(count__gt=0)
        .order_by("-count", "name")[:12]
    )
    everything = search_archive(SearchRequest())  # the whole public archive: its facets and its timeline
    links = SearchLinks(QueryDict(), everything, base=reverse("search"))
    recent = search_archive(SearchRequest(sort="added", per_page=10)).hits
    most = {
        facet: [(value, links.with_value(facet, value.id)) for value in everything.facets[facet][:8]]
        for facet in ("people", "places", "topics")
    }
    context = {
        "collections": collections,
        "total": everything.total,
        "timeline": timeline(everything, links),
        "most": [(FACET_LABELS[facet], values) for facet, values in most.items() if values],
        "recent": recent,
    }
    return render(request, "readingroom/home.html", context)


def export_links(links: SearchLinks) -> list[tuple[str, tuple[str, str]]]:
    """The result set in each export format, and as CSV for Excel (with the byte order mark it needs)."""
    found = []
    for key, export in FORMATS.items():
        address = reverse("search-export", args=[key]) + links.without("page")
        found.append((key, (address, export.name)))
        if key == "csv":
            found.append(("csv-excel", (address + ("&" if "?" in address else "?") + "excel=1", "CSV for Excel")))
    return found


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    search = search_request(request.GET)
    search.include_restricted = staff_sees_everything(request)
    page = search_archive(search)
    links = SearchLinks(request.GET, page)
    context = {
        "page": page,
        "links": links,
        "facets": facet_groups(links, FACET_LABELS),
        "chips": chips(links, FACET_LABELS),
        "page_sizes": PAGE_SIZES,
        "timeline": timeline(page, links),
        "export_links": export_links(links),
        "feed_url": (reverse("search-feed") + links.without("page", "sort", "per_page")).rstrip("?"),
        "suggestion_url": links.with_query(page.suggestion) if page.suggestion else "",
        "as_words_url": links.with_query(page.date_among_words.as_words) if page.date_among_words else "",
        "index_rebuilding": index_rebuilding(),
        "clear_url": links.without(
            "people", "organizations", "places", "topics", "collections", "languages", "type", "from", "to"
        ),
    }
    return render(request, "readingroom/search.html", context)


@require_safe
def document(request: HttpRequest, document_id: str) -> HttpResponse:
    found = public_document(document_id, include_restricted=staff_sees_everything(request))
    if found is None:
        raise Http404(f"No document {document_id}")
    sections = [(label, found.authorities[role]) for role, label in ROLE_LABELS.items() if found.authorities[role]]
    source_url = found.document.source_url
    extra = found.document.extra
    targets = visible_documents(referenced_documents(extra), include_restricted=staff_sees_everything(request))
    links = {target: reverse("document", args=[target]) for target in targets}
    notes = footnotes(extra, len(found.document.text), links)
    details = [(label, str(extra[key])) for key, label in EXTRA_LABELS.items() if extra.get(key)]
    context = {
        "paragraphs": paragraphs(found.document.text, extra, links),
        "footnotes": notes,
        "title_notes": [note.marker for note in notes if note.on_title],
        "details": details,
        "pages": page_span(extra),
        "document": found,
        "date_display": display_date(found.document.date),
        "sections": sections,
        "languages": [(tag, language_name(tag)) for tag in found.document.languages],
        "safe_source_url": source_url if source_url.startswith(("https://", "http://")) else "",
        "attachments": shown_attachments(found.document.id, list(found.document.attachments.all())),
        **citation_context(request, found.document),
    }
    return render(request, "readingroom/document.html", context)


@require_safe
def facet(request: HttpRequest, facet: str) -> HttpResponse:
    """Every value of one facet for the current search, with a box to filter them by name."""
    if facet not in FACET_LABELS:
        raise Http404(f"No facet {facet}")
    params = request.GET.copy()
    contains = params.pop("contains", [""])[-1][:200]
    search = search_request(params)
    search.include_restricted = staff_sees_everything(request)
    page = search_archive(search)
    links = SearchLinks(params, page)
    values = [
        (
            value,
            reverse("search")
            + (links.without_value(facet, value.id) if value.selected else links.with_value(facet, value.id)),
        )
        for value in facet_values(search, facet, contains)
    ]
    context = {
        "facet": facet,
        "label": FACET_LABELS[facet],
        "values": values,
        "contains": contains,
        "back_url": reverse("search") + links.without(),
        "params": params,
        "page": page,
    }
    return render(request, "readingroom/facet.html", context)


@require_safe
def status(request: HttpRequest) -> HttpResponse:
    """The node's state for readers and operators: how many documents, how current the search index is. Staff
    also see the change log's sequence numbers, which count changes to restricted records too."""
    staff = staff_sees_everything(request)
    context = {
        "staff": staff,
        "status": index_status(include_restricted=staff),
        "documents": Document.objects.filter(access=Access.PUBLIC).count(),  # public ones only, as everywhere
        "indexed": search_archive(SearchRequest(per_page=10)).total,
    }
    return render(request, "readingroom/status.html", context)


@require_safe
def search_help(request: HttpRequest) -> HttpResponse:
    return render(request, "readingroom/help.html")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return error_response("not found", 404)
    return render(request, "readingroom/error.html", {"title": "Page not found", "status": 404}, status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return error_response(f"bad request: {exception}" if exception else "bad request", 400)
    return render(request, "readingroom/error.html", {"title": "Bad request", "status": 400}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return error_response("the server failed to answer this request; please report it", 500)
    return render(request, "readingroom/error.html", {"title": "Something went wrong", "status": 500}, status=500)
