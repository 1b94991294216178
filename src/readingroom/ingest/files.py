"""What kind of file an import was given, told from its name and its first bytes."""

from enum import Enum
from pathlib import Path

SNIFF_BYTES = 4096


class FileKind(Enum):
    JSONL = "jsonl"
    TEI = "tei"
    PERSON = "person"
    SPREADSHEET = "spreadsheet"


def file_kind(path: Path) -> tuple[FileKind | None, str]:
    """The file's kind, or None and the reason it cannot be imported."""
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size == 0:
            return None, "empty file; nothing to import"
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES)
    except OSError as error:
        return None, f"could not be read: {error.strerror or error}"
    if suffix in (".jsonl", ".ndjson"):
        return FileKind.JSONL, ""
    if suffix in (".csv", ".tsv", ".xlsx"):
        return FileKind.SPREADSHEET, ""
    if suffix == ".xml":
        if b"<TEI" in head or b"http://www.tei-c.org/ns/1.0" in head:
            return FileKind.TEI, ""
        if b"<person>" in head or b"<person " in head:
            return FileKind.PERSON, ""
        return None, "not a TEI volume or a person record (an XML file with a <TEI> or <person> root)"
    return None, "not a JSON Lines (.jsonl), TEI (.xml) or spreadsheet (.csv, .tsv, .xlsx) file"
