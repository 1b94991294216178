"""Browse pages: people, organizations, places, topics and collections, A-Z, and one page for each."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from readingroom.dates.edtf import display_date
from readingroom.records.authorities import authority_page, browse, find_authority, known_to_readers
from readingroom.records.mapping import FACET_OF_KIND
from readingroom.records.models import Authority

PER_PAGE = 100
# URL section, kind of authority, heading.
SECTIONS = {
    "people": ("person", "People"),
    "organizations": ("organization", "Organizations"),
    "places": ("place", "Places"),
    "topics": ("topic", "Topics"),
    "collections": ("collection", "Collections"),
}
SECTION_OF_KIND = {kind: section for section, (kind, _) in SECTIONS.items()}


def authority_url(kind: str, authority_id: str) -> str:
    """/people/stalin for "person/stalin": the kind's prefix is left out of the address when the id has it."""
    key = authority_id.removeprefix(f"{kind}/")
    return reverse("authority", args=[SECTION_OF_KIND[kind], key])


@require_safe
def section(request: HttpRequest, section: str) -> HttpResponse:
    kind, heading = SECTIONS[section]
    contains = request.GET.get("q", "")[:200]
    letter = request.GET.get("letter", "")[:1]
    paginator = Paginator(browse(kind, contains, letter), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    entries = [(authority, authority_url(kind, authority.id)) for authority in page.object_list]
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    context = {
        "section": section,
        "heading": heading,
        "page": page,
        "entries": entries,
        "contains": contains,
        "letter": letter,
        "letters": letters,
    }
    return render(request, "readingroom/browse.html", context)


@require_safe
def authority(request: HttpRequest, section: str, key: str) -> HttpResponse:
    kind, heading = SECTIONS[section]
    found, moved_to = find_authority(kind, key)
    if moved_to:
        return HttpResponsePermanentRedirect(authority_url(kind, moved_to))
    if found is None or not known_to_readers(found):
        raise Http404(f"No {kind} {key}")
    page = authority_page(found)
    facet = FACET_OF_KIND[kind]
    context = {
        "page": page,
        "section": section,
        "heading": heading,
        "facet": facet,
        "dates": display_date(found.dates) if found.dates else "",
        "documents": [(document, display_date(document.date)) for document in page.documents],
        "companions": [(person, count, authority_url("person", person.id)) for person, count in page.companions],
        "broader": [(a, authority_url(a.kind, a.id)) for a in page.broader],
        "narrower": [(a, authority_url(a.kind, a.id)) for a in page.narrower],
        "trail": [(a, authority_url(a.kind, a.id)) for a in page.trail],
        "children": [(a, count, authority_url(a.kind, a.id)) for a, count in page.children],
        "details": _details(found) if kind == "collection" else [],
    }
    return render(request, "readingroom/authority.html", context)


def _details(collection: Authority) -> list[tuple[str, str]]:
    """What a finding aid said of a collection beyond its name and description (kept in its `extra`)."""
    extra = collection.extra if isinstance(collection.extra, dict) else {}
    labels = (("level", "Level"), ("unitid", "Reference"), ("extent", "Extent"))
    return [
        (label, str(extra[name]).capitalize() if name == "level" else str(extra[name]))
        for name, label in labels
        if extra.get(name)
    ]
