"""Exports of a result set, all of it, streamed: CSV for spreadsheets, JSON Lines in the interchange format, and
BibTeX and RIS for reference managers. Only public documents are ever written."""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from readingroom.dates.edtf import display_date
from readingroom.records.citations import archive_location, csl_name, item_type
from readingroom.records.documents import public_view, visible_documents
from readingroom.records.mapping import document_links, document_record, documents_with_relations
from readingroom.records.models import Access, Document

CHUNK = 500
# Every interchange field a cell can hold, by its interchange name (source's fields as source_...), and the
# document's page: `readingroom import` reads this file back as it was. Full text, transcripts and attachments are
# written by the JSON Lines export only.
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
    "source_url",
    "credits",
    "rights",
    "related",
    "url",
)
ROLES = CSV_COLUMNS[6:13]
MULTIPLE_VALUES = "|"  # between the values of one cell, as the spreadsheet import splits them
# Cells a spreadsheet would run as a formula (OWASP's CSV injection): written with a ' before them, which
# spreadsheets show as text and the import takes away again; a cell that already starts with ' and then one of them
# gets one more, so that taking one away always gives the cell as it was.
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
EXCEL_MARK = "\ufeff"  # the UTF-8 byte order mark, by which Excel knows a CSV file is UTF-8


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


def csv_cell(value: str) -> str:
    return "'" + value if FORMULA_START.match(value) else value


def _readable_related(document: Document) -> list[str]:
    """The related documents a reader can open, as the JSON Lines export lists them (see public_view): a hidden
    document's id alone would tell of it."""
    if not document.related:
        return []
    readable = visible_documents(set(document.related))
    return [related for related in document.related if related in readable]


def _csv(documents: Iterable[Document], site: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for document in documents:
        roles = [MULTIPLE_VALUES.join(_names(document, role)) for role in ROLES]
        cells = [
            document.id,
            document.date,
            display_date(document.date),
            document.title,
            document.type,
            document.summary,
            *roles,
            MULTIPLE_VALUES.join(document.languages),
            document.source_repository,
            document.source_citation,
            document.source_publication,
            document.source_url,
            document.credits,
            document.rights,
            MULTIPLE_VALUES.join(_readable_related(document)),
            _url(site, document),
        ]
        writer.writerow([csv_cell(cell) for cell in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _jsonl(documents: Iterable[Document], site: str) -> Iterator[str]:
    for document in documents:
        yield json.dumps(public_view(document_record(document)).to_json(), ensure_ascii=False) + "\n"


# TeX's special characters as text: a backslash, braces, and the characters that start math, comments, parameters,
# alignments, subscripts, superscripts and non-breaking spaces.
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_TEX_SPECIAL = re.compile("|".join(re.escape(character) for character in _TEX_SPECIALS))


def _bibtex_text(text: str) -> str:
    """Text inside braces, TeX's special characters written so that BibTeX and LaTeX print them as they are."""
    return _TEX_SPECIAL.sub(lambda match: _TEX_SPECIALS[match[0]], " ".join(text.split()))


def _bibtex_name(name: dict[str, str]) -> str:
    """A name as BibTeX reads it: "Family, Given" (or "Family, Suffix, Given"); a name written as one piece (an
    organization, a name in its own order such as "Zhou Enlai") in a second pair of braces, which BibTeX takes as a
    family name it must not split: "{Secretary of State}", not a person named "State, Secretary of"."""
    if "literal" in name:
        return "{" + _bibtex_text(name["literal"]) + "}"
    parts = [name["family"], name["suffix"], name["given"]] if "suffix" in name else [name["family"], name["given"]]
    return ", ".join(_bibtex_text(part) for part in parts)


def _csl_names(document: Document, role: str) -> list[dict[str, str]]:
    return [csl_name(link.authority) for link in document.links.all() if link.role == role]


def _bibtex(documents: Iterable[Document], site: str) -> Iterator[str]:
    keys: set[str] = set()
    for document in documents:
        key = re.sub(r"[^A-Za-z0-9:_-]+", "_", document.id).strip("_") or "document"
        while key in keys:
            key += "_"
        keys.add(key)
        fields = {
            "title": _bibtex_text(document.title),
            "author": " and ".join(_bibtex_name(name) for name in _csl_names(document, "authors")),
            "date": _bibtex_text(document.date.split("T")[0].rstrip("?~%")) if document.date else "",
            "note": _bibtex_text("; ".join(part for part in (document.type, document.source_citation) if part)),
            "howpublished": _bibtex_text(document.source_publication or document.source_repository),
            "abstract": _bibtex_text(document.summary),
            "keywords": _bibtex_text(", ".join(_names(document, "topics"))),
            "url": _bibtex_text(_url(site, document)),
        }
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
        yield f"@misc{{{key},\n{body}\n}}\n\n"


def _ris_name(name: dict[str, str]) -> str:
    """A name as RIS writes it: "Family, Given" (or "Family, Given, Suffix"); a name written as one piece with a comma
    after it, RIS's mark of a corporate author (EndNote and Zotero then keep it whole, never inverted)."""
    if "literal" in name:
        return name["literal"] + ","
    return ", ".join(name[part] for part in ("family", "given", "suffix") if part in name)


def _ris_date(text: str) -> str:
    """RIS's YYYY/MM/DD/ for a date known to the year, month or day; an EDTF interval or other form as written, less
    its times of day (Zotero keeps such a date as written, and reads its first date for sorting)."""
    sides = [side.split("T")[0] for side in text.split("/")]
    day = sides[0].rstrip("?~%")
    if len(sides) == 1 and re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", day):
        return "/".join([*day.split("-"), "", ""][:3]) + "/"
    return "/".join(sides)


def _ris(documents: Iterable[Document], site: str) -> Iterator[str]:
    for document in documents:
        letter = item_type(document) == "letter"
        # RIS's personal communication is the type Zotero and EndNote read as a letter, with A2 its recipients
        lines = [("TY", "PCOMM" if letter else "MANSCPT"), ("TI", document.title)]
        lines += [("AU", _ris_name(name)) for name in _csl_names(document, "authors")]
        if letter:
            lines += [("A2", _ris_name(name)) for name in _csl_names(document, "recipients")]
        if document.date:
            lines += [("PY", document.date[:4]), ("DA", _ris_date(document.date))]
        lines += [
            ("M3", document.type),
            ("AB", document.summary),
            ("DB", document.source_repository),
            ("AN", archive_location(document)),
            ("T2", document.source_publication),
            ("UR", _url(site, document)),
            ("ID", document.id),
        ]
        lines += [("LA", language) for language in document.languages]
        lines.append(("CR", document.rights))  # not in the RIS specification, but read by Zotero as the rights
        lines += [("KW", name) for name in _names(document, "topics")]
        yield "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value) + "ER  - \n\n"
