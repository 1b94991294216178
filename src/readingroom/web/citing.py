"""Citing a document: the citations and embedded metadata of its page, and its citation as a file to download
(BibTeX, RIS, CSL-JSON) at /documents/<id>/citation.<format>."""

import json
import re
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from readingroom.records.citations import csl_item, document_citations
from readingroom.records.exports import export_lines, public_documents
from readingroom.records.metadata import coins, highwire_tags, json_ld
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


def citation_context(request: HttpRequest, document: Document) -> dict[str, Any]:
    """What the document page needs to show its citations and to carry its metadata in its head."""
    url = document_url(request, document)
    return {
        "citations": document_citations(document, url, timezone.localdate()),
        "citation_files": [
            (reverse("document-citation", args=[document.id, key]), file.name) for key, file in CITATION_FILES.items()
        ],
        "highwire_tags": highwire_tags(document, url),
        "coins": coins(document, url),
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


def document_url(request: HttpRequest, document: Document) -> str:
    return request.build_absolute_uri(reverse("document", args=[document.id]))
