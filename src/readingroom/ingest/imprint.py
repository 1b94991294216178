"""A published volume's imprint, read from its TEI header: what a citation of a document printed in it names.

For FRUS the Office of the Historian cites a document by the volume's complete title ("Foreign Relations of the
United States, 1955–1957, China, Volume II"), its editors, publisher, place and year, then the document's number.
The header holds them all (`titleStmt/title[@type="complete"]`, `titleStmt/editor`, `publicationStmt/publisher`,
`pubPlace` and `date`); the volume's collection record keeps them under `extra.publication`, so that they travel
with the archive's export and import."""

import re
from typing import Any

TEI_NS = "http://www.tei-c.org/ns/1.0"
_YEAR = re.compile(r"[0-9]{4}")


def imprint(root: Any) -> dict[str, Any]:
    """{"title", "editors", "publisher", "place", "year"} of the volume whose TEI root element is `root`, each left
    out where the header does not give it; editors in the header's order, as written ("Harriet D. Schwar")."""
    header = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc")
    if header is None:
        return {}
    statement = header.find(f"{{{TEI_NS}}}publicationStmt")
    found: dict[str, Any] = {
        "title": _text(header.find(f"{{{TEI_NS}}}titleStmt/{{{TEI_NS}}}title[@type='complete']")),
        "editors": [
            name for editor in header.iterfind(f"{{{TEI_NS}}}titleStmt/{{{TEI_NS}}}editor") if (name := _text(editor))
        ],
        "publisher": _text(statement.find(f"{{{TEI_NS}}}publisher")) if statement is not None else "",
        "place": _text(statement.find(f"{{{TEI_NS}}}pubPlace")) if statement is not None else "",
        "year": _year(statement.find(f"{{{TEI_NS}}}date")) if statement is not None else "",
    }
    return {field: value for field, value in found.items() if value}


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _year(element: Any) -> str:
    """The year of publication: the date's `when` or its text, when either is a year."""
    if element is None:
        return ""
    match = _YEAR.search(element.get("when") or _text(element))
    return match[0] if match else ""
