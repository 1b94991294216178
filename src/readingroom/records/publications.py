"""A document printed in a published volume, cited as the volume's publisher asks. For FRUS, the Office of the
Historian's form: the volume's complete title, its editors, publisher, place and year, then "Document 138"; the
document's own date kept as its date, and its source note's archival reference (not the whole note) as its archive
location. The volume's imprint is its collection record's `extra.publication` (see readingroom.ingest.imprint)."""

import re
from typing import Any

from readingroom.records.models import Authority, Document, Role

# The document's place in its volume, at the end of its published source: "..., China, Document 138".
_DOCUMENT_NUMBER = re.compile(r",\s*(Document\s+\S+)\s*$")
# Where a FRUS source note's archival reference ends: before its classification or the editors' notes on the text.
_NOTE_AFTER_REFERENCE = re.compile(
    r"\.\s+(?=(?:Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|Unclassified|Restricted"
    r"|No classification marking|Extracts?|Eyes Only|Personal and Private|Personal and Confidential|Drafted|Prepared"
    r"|Sent|Received|Repeated|Transmitted|Also sent|The source text|A copy|Initialed|Printed from)\b)"
)
_STOP_BEFORE_CAPITAL = re.compile(r"\.\s+(?=[A-Z“])")
_NAME_SUFFIXES = {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"}


def volume_fields(document: Document, issued: dict[str, Any] | None) -> dict[str, Any]:
    """CSL-JSON variables of the volume `document` is printed in, where its collection record has an imprint: the
    volume as container title, its editors, publisher and place, its year as `issued` (the document's own date,
    `issued`, becomes `original-date`), the document's number as `volume` and its archival reference as
    `archive_location`. Empty for any other document."""
    publication = _imprint(document)
    if not publication.get("title"):
        return {}
    fields: dict[str, Any] = {"container-title": publication["title"]}
    editors = [_editor(name) for name in publication.get("editors", []) if isinstance(name, str) and name.strip()]
    if editors:
        fields["editor"] = editors
    for key, variable in (("publisher", "publisher"), ("place", "publisher-place")):
        if isinstance(publication.get(key), str) and publication[key].strip():
            fields[variable] = publication[key].strip()
    year = str(publication.get("year", ""))
    if year.isdigit():
        fields["issued"] = {"date-parts": [[int(year)]]}
        if issued:
            fields["original-date"] = issued
    number = _DOCUMENT_NUMBER.search(document.source_publication)
    if number:
        # CSL has no variable for a document's place in a volume; `number` would be printed with the genre
        # ("Telegram no. 138", read as the telegram's own number), `volume` is printed after the volume's title
        fields["volume"] = " ".join(number[1].split())
    reference = archival_reference(document.source_citation)
    if reference:
        fields["archive_location"] = reference
    return fields


def printed_in_volume(document: Document) -> bool:
    """Whether `document` is printed in a volume whose imprint its collection record holds."""
    return bool(_imprint(document).get("title"))


def archival_reference(note: str) -> str:
    """The archival reference a FRUS source note starts with ("Department of State, Central Files, 793.00/1–355"),
    without what follows it (the classification, who drafted the text, where it was repeated ...)."""
    note = " ".join(note.split())
    end = _NOTE_AFTER_REFERENCE.search(note)
    if end is None:
        end = next((stop for stop in _STOP_BEFORE_CAPITAL.finditer(note) if _ends_sentence(note[: stop.start()])), None)
    return (note[: end.start()] if end else note).rstrip(".")


def _ends_sentence(text: str) -> bool:
    """Whether a full stop after `text` ends a sentence: not after an abbreviation ("U.S.", "Jr.", "Vol."), a word
    of three letters or fewer or one with a stop inside; a file number ("793.00/1–355") does end one, unless it is
    all the note says so far (the older volumes' "501. BC Kashmir/11–2348")."""
    word = text.rsplit(" ", 1)[-1]
    if text.strip().isdigit():
        return False
    return any(character.isdigit() for character in word) or (len(word) > 3 and "." not in word)


def _imprint(document: Document) -> dict[str, Any]:
    collections: list[Authority] = [link.authority for link in document.links.all() if link.role == Role.COLLECTION]
    for collection in collections:
        publication = collection.extra.get("publication") if isinstance(collection.extra, dict) else None
        if isinstance(publication, dict) and publication:
            return publication
    return {}


def _editor(name: str) -> dict[str, str]:
    """An editor as the TEI header writes them, given names first ("Harriet D. Schwar"), as CSL's parts."""
    words = name.split()
    suffix = words.pop() if len(words) > 2 and words[-1].lower() in _NAME_SUFFIXES else ""
    if len(words) < 2:
        return {"literal": " ".join(name.split())}
    parts = {"family": words[-1].rstrip(","), "given": " ".join(words[:-1]).rstrip(",")}
    return {**parts, "suffix": suffix} if suffix else parts
