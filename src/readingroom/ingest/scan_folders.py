"""A folder of scans (PDFs and images) with, optionally, spreadsheets beside them (sidecars) that describe them.

A sidecar is read as any spreadsheet is, one row a document, its files column (`files`, `file`, `attachments`)
naming the row's scans relative to the sidecar, several separated by `|`. Scans no row names become documents of
their own, to be catalogued by staff:

- an image whose name ends in a page number (`page-001.tif`, `letter_2.jpg`, `scan 3.png`) belongs with the other
  images of the same folder sharing the name before that number: together they are one document, its pages in
  the numbers' order (so `page-2` comes before `page-10`);
- any other scan (a PDF, a multi-page TIFF, an image without a page number) is one document;
- the document's title is that shared name, or the file's name without its extension, with `-` and `_` read as
  spaces and a capital first (`page-001.tif` gives "Page"); its id is the folder's name and that name, so a folder
  imported again gives the same documents.

Files that are neither scans nor spreadsheets are listed and skipped, and so are empty files; hidden files and the
`__MACOSX` folder that macOS puts in ZIP archives are passed over silently.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from readingroom.ingest.records import Attachment, DocumentRecord

PDF = ".pdf"
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".webp", ".jp2")
SCANS = (PDF, *IMAGES)
SIDECARS = (".csv", ".tsv", ".xlsx")
NEEDS_CATALOGUING = "needs_cataloguing"  # the key in a document's `extra` marking a document made from a file alone
_PAGE_NUMBER = re.compile(r"^(?P<name>.*?)[\s._-]*(?P<number>\d+)$")
_NOT_ID = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class ScanFolder:
    """What a folder holds: its sidecars, its scans, and the files skipped with the reason (path, message)."""

    folder: Path
    sidecars: list[Path] = field(default_factory=list)
    scans: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def read_scan_folder(folder: Path) -> ScanFolder:
    found = ScanFolder(folder)
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") or part == "__MACOSX" for part in relative.parts):
            continue
        suffix = path.suffix.lower()
        if suffix not in SCANS + SIDECARS:
            found.skipped.append((path, f"not a scan (PDF or {', '.join(IMAGES)}) or a spreadsheet; skipped"))
        elif path.stat().st_size == 0:
            found.skipped.append((path, "empty file (0 bytes); skipped"))
        elif suffix in SIDECARS:
            found.sidecars.append(path)
        else:
            found.scans.append(path)
    return found


def uncatalogued_documents(folder: Path, scans: list[Path]) -> list[DocumentRecord]:
    """Documents for scans no sidecar row names, grouped by the rule above, marked as needing cataloguing and
    unpublished until staff have described them."""
    groups: dict[tuple[Path, str], list[tuple[int, Path]]] = defaultdict(list)
    for path in scans:
        name, number = _document_name(path)
        groups[(path.parent, name)].append((number, path))
    documents = []
    for (parent, name), pages in sorted(groups.items()):
        pages.sort(key=lambda page: (page[0], page[1].name))
        stem = "/".join((*parent.relative_to(folder).parts, name))
        documents.append(
            DocumentRecord(
                id=_document_id(folder.name, stem),
                title=_title(name),
                attachments=[Attachment(str(path.relative_to(folder)), path.name) for _, path in pages],
                access="unpublished",
                extra={NEEDS_CATALOGUING: True},
            )
        )
    return documents


def _document_name(path: Path) -> tuple[str, int]:
    """The name a scan shares with the other pages of its document, and its page number (0 if none)."""
    if path.suffix.lower() in IMAGES and (found := _PAGE_NUMBER.match(path.stem)) and found["name"]:
        return found["name"], int(found["number"])
    return path.stem, 0


def _document_id(folder_name: str, stem: str) -> str:
    parts = [_NOT_ID.sub("-", part).strip("-._") for part in (folder_name, *stem.split("/"))]
    return "/".join(part or "scan" for part in parts)[:200]


def _title(name: str) -> str:
    words = " ".join(re.split(r"[\s_-]+", name)).strip()
    return words[:1].upper() + words[1:] if words else name
