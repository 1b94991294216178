"""The JSON API: the same services as the pages, shaped as the architecture's contract."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from readingroom.records.documents import public_record
from readingroom.records.searching import SearchPage, search_archive
from readingroom.web.requests import search_request


def search_json(page: SearchPage) -> dict[str, Any]:
    return {
        "total": page.total,
        "start": page.start,
        "end": page.end,
        "page": page.page,
        "pages": page.pages,
        "per_page": page.per_page,
        "sort": page.sort,
        "notes": page.notes,
        "suggestion": page.suggestion or None,
        "hits": [
            {
                "id": hit.id,
                "title": hit.title,
                "date": hit.date or None,
                "date_display": hit.date_display,
                "summary": hit.summary,
                "snippet": hit.snippet,
                "page": hit.page,
                "matched": hit.matched,
                "url": reverse("document", args=[hit.id]),
            }
            for hit in page.hits
        ],
        "facets": {
            facet: [{"id": v.id, "name": v.name, "count": v.count, "selected": v.selected} for v in values]
            for facet, values in page.facets.items()
        },
        "dates": {
            "decades": [{"decade": decade, "count": count} for decade, count in page.decades],
            "years": [{"year": year, "count": count} for year, count in page.years],
            "months": [
                {"month": f"{month // 100:04d}-{month % 100:02d}", "count": count} for month, count in page.months
            ],
        },
    }


@require_safe
def search(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        search_json(search_archive(search_request(request.GET))), json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def document(request: HttpRequest, document_id: str) -> JsonResponse:
    record = public_record(document_id)
    if record is None:
        return JsonResponse({"error": f"no public document with id {document_id!r}"}, status=404)
    return JsonResponse(record.to_json(), json_dumps_params={"ensure_ascii": False})
