"""Documents made from scans alone, which no sidecar described: staff give them a title, date and names, then clear
the mark (`needs_cataloguing` in the document's extra fields) and publish them."""

from django.db.models import QuerySet

from readingroom.ingest.scan_folders import NEEDS_CATALOGUING
from readingroom.records.models import Document


def needing_cataloguing() -> QuerySet[Document]:
    """Oldest first, the order they were imported in; restricted and unpublished ones too (for staff only)."""
    return Document.objects.filter(**{f"extra__{NEEDS_CATALOGUING}": True}).order_by("created", "id")
