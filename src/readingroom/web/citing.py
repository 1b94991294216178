"""Citing a document: the citations and embedded metadata of its page, and its citation as a file to download
(BibTeX, RIS, CSL-JSON) at /documents/<id>/citation.<format>."""

import json
import re
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from readingroom.records.citations import csl_item, document_citations
from readingroom.records.exports import export_lines, public_documents
from readingroom.records.metadata import coins, dublin_core_tags, highwire_tags, json_ld
from readingroom.records.models import Document


@dataclass(frozen=True)
class CitationFile:
    name: str
    media_type: str


CITATION_FILES = {
    "bib": CitationFile("BibTeX", "application/x-bibtex; charset=utf-8"),
    "ris": CitationFile("RIS", "application/x-research-info-systems; charset=utf-8"),
    "json": CitationFile("CSL-JSON", "application/vnd.citationstyles.csl+json; charset=utf-8"),
}


@dataclass(frozen=True)
class UnapiFormat:
    extension: str  # of the citation file it answers with
    media_type: str
    docs: str


# RIS first: of these Zotero prefers it, and reads its corporate authors and archive fields
UNAPI_FORMATS = {
    "ris": UnapiFormat("ris", "application/x-research-info-systems", "https://en.wikipedia.org/wiki/RIS_(file_format)"),
    "bibtex": UnapiFormat("bib", "application/x-bibtex", "https://www.bibtex.org/Format/"),
}


def citation_context(request: HttpRequest, document: Document) -> dict[str, Any]:
    """What the document page needs to show its citations and to carry its metadata in its head."""
    url = document_url(request, document)
    return {
        "citations": document_citations(document, url, timezone.localdate()),
        "citation_files": [
            (reverse("document-citation", args=[document.id, key]), file.name) for key, file in CITATION_FILES.items()
        ],
        "highwire_tags": highwire_tags(document, url),
        "dublin_core_tags": dublin_core_tags(document, url),
        "coins": coins(document, url),
        "unapi_server": request.build_absolute_uri(reverse("unapi")),
        "json_ld": mark_safe(json_ld(document, url)),  # JSON with <, > and & escaped: inert inside <script>
    }


@require_safe
def citation_file(request: HttpRequest, document_id: str, format_key: str) -> HttpResponse:
    document = next(public_documents([document_id]), None)
    if document is None or format_key not in CITATION_FILES:
        raise Http404(f"No citation {format_key} of document {document_id}")
    if format_key == "json":
        item = csl_item(document, document_url(request, document), timezone.localdate())
        body = json.dumps([item], ensure_ascii=False, indent=2) + "\n"
    else:
        body = "".join(export_lines(format_key, [document], request.build_absolute_uri("/")))
    response = HttpResponse(body, content_type=CITATION_FILES[format_key].media_type)
    filename = re.sub(r"[^A-Za-z0-9._-]+", "-", document.id).strip("-.") or "document"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{format_key}"'
    return response


@require_safe
def unapi(request: HttpRequest) -> HttpResponse:
    """An unAPI server (https://web.archive.org/web/2015/http://unapi.info/specs/): the formats a document's citation
    can be had in, and the citation itself. Zotero asks it before the page's COinS span or meta tags, which have no
    place for an archive, an archival reference, a genre or a name that must not be split; RIS has."""
    document_id = request.GET.get("id")
    format_key = request.GET.get("format")
    if format_key is None:
        body = render_to_string("readingroom/unapi.xml", {"id": document_id, "formats": UNAPI_FORMATS})
        return HttpResponse(body, content_type="application/xml; charset=utf-8", status=300 if document_id else 200)
    if format_key not in UNAPI_FORMATS:
        return HttpResponse(f"No format {format_key}\n", content_type="text/plain; charset=utf-8", status=406)
    if not document_id:
        return HttpResponse("Which document? Give its id\n", content_type="text/plain; charset=utf-8", status=400)
    return citation_file(request, document_id, UNAPI_FORMATS[format_key].extension)


def document_url(request: HttpRequest, document: Document) -> str:
    return request.build_absolute_uri(reverse("document", args=[document.id]))
