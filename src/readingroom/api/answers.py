"""The JSON the API answers with, shaped from the services' answers (the schemas in openapi.py describe each)."""

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from readingroom.dates.edtf import display_date
from readingroom.records.authorities import AuthorityEntry
from readingroom.records.mapping import FACET_OF_KIND
from readingroom.records.models import Authority, Document
from readingroom.records.searching import DateHistogram, FacetValue, SearchPage
from readingroom.web.browse import authority_url


def search_json(page: SearchPage, next_cursor: str | None = None) -> dict[str, Any]:
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
        "next_cursor": next_cursor,
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
                "api_url": reverse("api-v1-document", args=[hit.id]),
            }
            for hit in page.hits
        ],
        "facets": {facet: [facet_value_json(value) for value in values] for facet, values in page.facets.items()},
        "dates": dates_json(page.decades, page.years, page.months),
    }


def facet_value_json(value: FacetValue) -> dict[str, Any]:
    return {"id": value.id, "name": value.name, "count": value.count, "selected": value.selected}


def histogram_json(histogram: DateHistogram) -> dict[str, Any]:
    return {"total": histogram.total, **dates_json(histogram.decades, histogram.years, histogram.months)}


def dates_json(
    decades: list[tuple[int, int]], years: list[tuple[int, int]], months: list[tuple[int, int]]
) -> dict[str, Any]:
    return {
        "decades": [{"decade": decade, "count": count} for decade, count in decades],
        "years": [{"year": year, "count": count} for year, count in years],
        "months": [{"month": f"{month // 100:04d}-{month % 100:02d}", "count": count} for month, count in months],
    }


def document_summary_json(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "date": document.date or None,
        "date_display": display_date(document.date),
        "type": document.type,
        "url": reverse("document", args=[document.id]),
        "api_url": reverse("api-v1-document", args=[document.id]),
    }


def authority_json(entry: AuthorityEntry) -> dict[str, Any]:
    authority = entry.authority
    return {
        **authority_link_json(authority),
        "dates": authority.dates or None,
        "description": authority.description,
        "variants": entry.variants,
        "generated_variants": entry.generated,
        "aliases": entry.aliases,
        "broader": [authority_link_json(other) for other in entry.broader],
        "narrower": [authority_link_json(other) for other in entry.narrower],
        "coordinates": [authority.latitude, authority.longitude]
        if authority.latitude is not None and authority.longitude is not None
        else None,
        "document_count": entry.document_count,
        "url": authority_url(authority.kind, authority.id),
        "documents_url": reverse("api-v1-search") + "?" + urlencode({FACET_OF_KIND[authority.kind]: authority.id}),
    }


def authority_link_json(authority: Authority) -> dict[str, Any]:
    return {
        "id": authority.id,
        "kind": authority.kind,
        "name": authority.name,
        "api_url": reverse("api-v1-authority", args=[authority.id]),
    }
