"""Exports of a result set, all of it, streamed: CSV for spreadsheets, JSON Lines in the interchange format, and
BibTeX and RIS for reference managers. Only public documents are ever written."""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from readingroom.dates.edtf import display_date
from readingroom.records.documents import public_view
from readingroom.records.mapping import document_links, document_record, documents_with_relations
from readingroom.records.models import Access, Document

CHUNK = 500
CSV_COLUMNS = (
    "id",
    "date",
    "date_display",
    "title",
    "type",
    "summary",
    "authors",
    "recipients",
    "people",
    "organizations",
    "places",
    "topics",
    "collections",
    "languages",
    "source_repository",
    "source_citation",
    "source_publication",
    "url",
)


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    media_type: str


FORMATS = {
    "csv": ExportFormat("CSV", "csv", "text/csv; charset=utf-8"),
    "jsonl": ExportFormat("JSON Lines", "jsonl", "application/x-ndjson; charset=utf-8"),
    "bib": ExportFormat("BibTeX", "bib", "application/x-bibtex; charset=utf-8"),
    "ris": ExportFormat("RIS", "ris", "application/x-research-info-systems; charset=utf-8"),
}


def public_documents(ids: list[str], whole: bool = True) -> Iterator[Document]:
    """The documents of `ids`, in that order, with their relations, a chunk at a time; restricted ones left out.
    Unless `whole`, without their full text, transcripts and attachments, which only JSON Lines writes: reading
    them was most of an export's time."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Public ones picked here, not in SQL: asked for both, SQLite walks the index of every public document.
        documents = Document.objects.filter(pk__in=chunk).order_by()
        if whole:
            documents = documents_with_relations(documents, names=False)
        else:
            documents = documents.defer("text").prefetch_related(document_links())
        found = {d.id: d for d in documents if d.access == Access.PUBLIC}
        yield from (found[document_id] for document_id in chunk if document_id in found)


def exported_documents(format_key: str, ids: list[str]) -> Iterator[Document]:
    """The public documents of `ids` with what an export in this format writes of them."""
    return public_documents(ids, whole=format_key == "jsonl")


def export_lines(format_key: str, documents: Iterable[Document], site: str) -> Iterator[str]:
    """The export as pieces of text; `site` is the archive's address, for the documents' URLs."""
    writers = {"csv": _csv, "jsonl": _jsonl, "bib": _bibtex, "ris": _ris}
    yield from writers[format_key](documents, site.rstrip("/"))


def _names(document: Document, role: str) -> list[str]:
    return [link.authority.name for link in document.links.all() if link.role == role]


def _url(site: str, document: Document) -> str:
    return f"{site}/documents/{document.id}"


def _csv(documents: Iterable[Document], site: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for document in documents:
        roles = {role: "; ".join(_names(document, role)) for role in CSV_COLUMNS[6:13]}
        writer.writerow(
            [
                document.id,
                document.date,
                display_date(document.date),
                document.title,
                document.type,
                document.summary,
                *roles.values(),
                "; ".join(document.languages),
                document.source_repository,
                document.source_citation,
                document.source_publication,
                _url(site, document),
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _jsonl(documents: Iterable[Document], site: str) -> Iterator[str]:
    for document in documents:
        yield json.dumps(public_view(document_record(document)).to_json(), ensure_ascii=False) + "\n"


def _bibtex_text(text: str) -> str:
    """Text inside braces: braces balanced away and the characters BibTeX treats specially escaped."""
    text = text.replace("\\", "").replace("{", "(").replace("}", ")")
    return re.sub(r"([&%$#_])", r"\\\1", " ".join(text.split()))


def _bibtex(documents: Iterable[Document], site: str) -> Iterator[str]:
    keys: set[str] = set()
    for document in documents:
        key = re.sub(r"[^A-Za-z0-9:_-]+", "_", document.id).strip("_") or "document"
        while key in keys:
            key += "_"
        keys.add(key)
        fields = {
            "title": document.title,
            "author": " and ".join(_names(document, "authors")),
            "date": document.date.split("T")[0].rstrip("?~%") if document.date else "",
            "note": "; ".join(part for part in (document.type, document.source_citation) if part),
            "howpublished": document.source_publication or document.source_repository,
            "abstract": document.summary,
            "keywords": ", ".join(_names(document, "topics")),
            "url": _url(site, document),
        }
        body = ",\n".join(f"  {name} = {{{_bibtex_text(value)}}}" for name, value in fields.items() if value)
        yield f"@misc{{{key},\n{body}\n}}\n\n"


def _ris(documents: Iterable[Document], site: str) -> Iterator[str]:
    for document in documents:
        lines = [("TY", "MANSCPT"), ("TI", document.title)]
        lines += [("AU", name) for name in _names(document, "authors")]
        if document.date:
            day = document.date.split("T")[0].split("/")[0].rstrip("?~%")
            parts = [*day.split("-"), "", ""][:3]
            if parts[0].isdigit():
                lines += [("PY", parts[0]), ("DA", "/".join(parts) + "/")]
        lines += [
            ("AB", document.summary),
            ("N1", document.source_citation),
            ("DB", document.source_publication),
            ("M3", document.type),
            ("UR", _url(site, document)),
            ("ID", document.id),
        ]
        lines += [("KW", name) for name in _names(document, "topics")]
        yield "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value) + "ER  - \n\n"
