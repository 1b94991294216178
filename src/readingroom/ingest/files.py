"""What kind of file an import was given, told from its name and its first bytes (an XML file's from its root
element)."""

from enum import Enum
from pathlib import Path

from lxml import etree

from readingroom.ingest.ead import is_finding_aid

SNIFF_BYTES = 4096


class FileKind(Enum):
    JSONL = "jsonl"
    TEI = "tei"
    PERSON = "person"
    SPREADSHEET = "spreadsheet"
    EAD = "ead"
    SCANS = "scans"  # a folder of scans with their sidecars (ingest/scan_folders.py)


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
        root = _root_tag(path)
        # A file broken before its root is told by its first bytes, so that its reader can say where it breaks.
        if is_finding_aid(root) if root is not None else b"<ead" in head:
            return FileKind.EAD, ""
        if b"<TEI" in head or b"http://www.tei-c.org/ns/1.0" in head:
            return FileKind.TEI, ""
        if b"<person>" in head or b"<person " in head:
            return FileKind.PERSON, ""
        return (
            None,
            "not a TEI volume, EAD finding aid or person record (an XML file with a <TEI>, <ead> or <person> root)",
        )
    return None, "not a JSON Lines (.jsonl), TEI (.xml) or spreadsheet (.csv, .tsv, .xlsx) file"


def _root_tag(path: Path) -> str | None:
    """The root element's tag, read without DTDs, entities or the network; None when the file is not well-formed
    before its root (its reader then says where)."""
    with path.open("rb") as stream:
        try:
            events = etree.iterparse(stream, events=("start",), resolve_entities=False, no_network=True, load_dtd=False)
            for _, element in events:
                return str(element.tag)
        except etree.XMLSyntaxError:
            return None
    return None
