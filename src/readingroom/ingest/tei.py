"""Read volumes of the Foreign Relations of the United States (TEI P5) into plain records.

One volume gives one collection authority, one person authority per entry of its list of persons, and one
document record per `div[@type="document"]`. A document that cannot be read becomes a `DocumentProblem` and the
rest of the volume is still read; only a file that is not well-formed TEI raises `TEIError`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path
from typing import Any

from lxml import etree

from readingroom.dates.edtf import MONTH_NAMES, InvalidDate, parse_edtf
from readingroom.ingest.imprint import imprint
from readingroom.ingest.jsonl import ID_PATTERN
from readingroom.ingest.records import AuthorityRecord, DocumentRecord, Source
from readingroom.names.normalize import slug

__all__ = ["DocumentProblem", "TEIError", "Volume", "clean_name", "looks_like_tei", "read_volume"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SERIES = "Foreign Relations of the United States"
DOCUMENT_URL = "https://history.state.gov/historicaldocuments/{volume}/{id}"
VOLUME_URL = "https://history.state.gov/historicaldocuments/{volume}"
MAX_TOPIC = 120
MAX_MARKING = 80  # the longest line under a dateline read as a classification marking
SNIFF_BYTES = 4096

# Elements that make paragraphs of the running text. Containers (list, table, div ...) are listed too, so that loose
# text directly inside them becomes a paragraph of its own rather than sticking to its neighbours.
_BLOCKS = {
    "p", "item", "head", "closer", "signed", "dateline", "row", "opener", "salute", "postscript", "ab", "lg", "l",
    "list", "table", "div", "attachment", "byline", "docAuthor", "trailer", "epigraph", "argument", "figure",
}  # fmt: skip
# Characters that stand for a place in text being built, until its offset is known: a page break, a footnote's
# marker, the start and the end of a cross-reference. A page and a cross-reference start at the word after them; a
# footnote's marker and a cross-reference's end stay with the word before them.
_PAGE = "\ue000"
_NOTE = "\ue001"
_REFERENCE_START = "\ue002"
_REFERENCE_END = "\ue003"
_FORWARD = {_PAGE, _REFERENCE_START}
_ANY_MARK = re.compile(f"[{_PAGE}{_NOTE}{_REFERENCE_START}{_REFERENCE_END}]")
# A pointer to a document, or to one of its footnotes: "#d9", "frus1955-57v03#d9", "#d183fn3".
_DOCUMENT_POINTER = re.compile(r"(?P<volume>[A-Za-z0-9._-]*)#(?P<document>d[0-9]+)(?:fn(?P<footnote>[0-9]+))?")
_WITHHELD = re.compile(r"\[[^\[\]]*not declassified[^\[\]]*\]")
_NUMBER = re.compile(r"^(?:No\.\s*\d+[A-Za-z]?\.?|\d+[A-Za-z]?\.)\s*")
_CLASSIFICATION = re.compile(
    r"\b(Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|Unclassified|Restricted)\b"
)
_DRAFTED = re.compile(r"\bDrafted by\s+")
# Where a drafter's name ends: a sentence's end or a semicolon ...
_SENTENCE_END = re.compile(r";|\.(?=\s|$|<)")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Messrs|Dr|Jr|Sr|St|Gen|Col|Lt|Maj|Capt|Adm|Amb|Cdr|Rev|Hon|No|Nos|U\.S|U\.N"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))$"
)
# ... or the words that follow a name in "Drafted by Hoey and cleared by ...", "Drafted by Gleason on Nov. 20".
_AFTER_DRAFTER = re.compile(
    r"\s+(?:and\s+|who\s+)?(?:cleared|approved|signed|initialed|initialled|concurred|revised|transmitted|sent)\b"
    r"|\s+on\s+(?:[A-Z][a-z]+\.?\s+)?\d"
    r"|\s+with\s+(?:the\s+)?concurrences?"
    r"|\s+in\s+response\b"
    r"|,?\s+(?:of|in)\s+the\b"
    r"|,\s+who\b"
)
# Document types, most specific first; the earliest match in the text wins, this order breaks ties.
_TYPES = (
    "Memorandum of Conversation", "Memorandum for the Record", "Memorandum", "Telegram", "Despatch", "Airgram",
    "Letter", "Editorial Note", "Minutes", "Notes", "Note", "Report", "Paper", "Message", "Circular", "Instruction",
    "Aide-Mémoire", "National Intelligence Estimate", "Special National Intelligence Estimate", "Statement", "Draft",
    "Record",
)  # fmt: skip
_SPELLINGS = {
    "Memorandum of Conversation": r"Memorandum of (?:a )?Conversations?",
    "Aide-Mémoire": r"Aide[- ]M[ée]moire",
}
_PLURALS = {"Telegram", "Airgram", "Letter", "Report", "Paper", "Message", "Instruction", "Statement"}
_TYPE_PATTERNS = [
    (name, re.compile(rf"\b{_SPELLINGS.get(name, name)}{'s?' if name in _PLURALS else ''}\b", re.IGNORECASE))
    for name in _TYPES
]
_MONTHS = {**{name[:3]: n for n, name in enumerate(MONTH_NAMES, 1)}, "Sept": 9}
_MONTHS.update({name: n for n, name in enumerate(MONTH_NAMES, 1)})
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TEXT_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_TEXT_MONTH = re.compile(rf"\b({_MONTH})\.?,?\s+(\d{{4}})\b")
_TIMEZONE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_TIME = re.compile(r"\d{2}:\d{2}(?::\d{2})?")
_SPACE_BEFORE = re.compile(r" ([,;:)\]]|(?<![.\s] )\.(?! ?\.))")
_SPACE_AFTER = re.compile(r"([(\[]) ")
_SPLIT_PLURAL = re.compile(r"\b([A-Za-z]+) s\b(?=[\s,.;:)]|$)")


# The numbering of a subject list's items: "1.", "2)", "(a)", "A."
ENUMERATION = re.compile(r"^\s*(?:\(?[0-9]{1,2}[.)]|\(?[a-zA-Z][.)]|\([0-9a-zA-Z]{1,2}\))\s+")


class TEIError(ValueError):
    """The file as a whole cannot be read as a FRUS volume."""


@dataclass(frozen=True)
class DocumentProblem:
    volume: str  # the volume's file name
    document: str
    reason: str

    def __str__(self) -> str:
        return f"{self.volume}, document {self.document}: {self.reason}"


@dataclass
class Volume:
    id: str
    title: str
    authorities: list[AuthorityRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    problems: list[DocumentProblem] = field(default_factory=list)
    warnings: list[DocumentProblem] = field(default_factory=list)
    enclosures: list[DocumentProblem] = field(default_factory=list)  # documents within documents, read as their text
    corrections: list[str] = field(default_factory=list)  # words the digitisation split, joined again
    offices: dict[str, AuthorityRecord] = field(default_factory=dict)  # id -> sender or recipient that is no person


def looks_like_tei(path: Path) -> bool:
    """Whether the file starts like a TEI document (a TEI root element or the TEI namespace in its first 4 KB)."""
    try:
        with path.open("rb") as stream:
            start = stream.read(SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return TEI_NS in start or re.search(r"<(?:[\w.-]+:)?TEI[\s/>]", start) is not None


def read_volume(path: Path) -> Volume:
    """Read one FRUS volume. Raises TEIError when the file cannot be read at all."""
    parser = etree.XMLParser(collect_ids=False, huge_tree=True, resolve_entities=False, no_network=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        raise TEIError(f"{path.name}: not well-formed XML: {error.msg} (line {error.lineno})") from None
    except OSError as error:
        raise TEIError(f"{path.name}: cannot be read: {error.strerror or error}") from None
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise TEIError(f"{path.name}: not a TEI P5 document (the root element is <{_local(root)}>)")
    documents = _documents_with_start_pages(root)
    if not documents:
        raise TEIError(f'{path.name}: no documents (no <div type="document">) in this TEI file')

    volume = Volume(id=path.stem, title=_volume_title(root) or path.stem)
    volume.corrections = [f"{path.name}: {correction}" for correction in _join_split_plurals(root)]
    extra = {"series": SERIES, "publication": imprint(root)}  # the imprint: what a citation names (ingest/imprint.py)
    collection = AuthorityRecord("collection", f"collection/{volume.id}", volume.title, extra=extra)
    volume.authorities.append(collection)
    persons = _persons(root, volume.id)
    volume.authorities.extend(persons.values())
    seen: set[str] = set()
    given = {div.get(XML_ID) for div, _ in documents}
    for position, (div, start_page) in enumerate(documents, start=1):
        xml_id = div.get(XML_ID) or ""
        label = xml_id or f"at position {position}"
        if not xml_id or not ID_PATTERN.fullmatch(f"{volume.id}/{xml_id}"):
            # Older volumes, made by reading printed pages, lack some ids: the document's place in the volume gives
            # one that the next import of the same file gives again.
            xml_id = f"document-{position}"
            if xml_id in given:
                volume.problems.append(DocumentProblem(path.name, label, "no usable xml:id; skipped"))
                continue
            volume.warnings.append(
                DocumentProblem(path.name, label, f"no usable xml:id; imported as {volume.id}/{xml_id}")
            )
        if xml_id in seen:
            volume.problems.append(DocumentProblem(path.name, label, "repeats an earlier document's xml:id; skipped"))
            continue
        seen.add(xml_id)
        volume.enclosures.extend(
            DocumentProblem(path.name, xml_id, f"enclosure {name} is kept in this document's text")
            for name in _enclosures(div)
        )
        reader = _DocumentReader(volume, persons, div, xml_id, start_page)
        try:
            record = reader.read()
        except Exception as error:  # one bad document must not stop the volume
            volume.problems.append(DocumentProblem(path.name, label, f"could not be read: {error!r}"))
            continue
        volume.warnings.extend(DocumentProblem(path.name, label, warning) for warning in reader.warnings)
        if isinstance(record, str):
            volume.problems.append(DocumentProblem(path.name, label, record))
        else:
            volume.documents.append(record)
    volume.authorities.extend(volume.offices.values())
    return volume


def clean_name(text: str) -> str:
    """Normalise whitespace and drop trailing commas and a trailing period that does not end an abbreviation.

    "Chou En-lai." becomes "Chou En-lai", but "Allen, George V." and "Hoover, Herbert, Jr." keep their periods.
    """
    name = " ".join(text.split()).rstrip(" ,;:")
    while name.endswith(".") and not _ends_with_abbreviation(name[:-1]):
        name = name[:-1].rstrip(" ,;:")
    return name


def _ends_with_abbreviation(text: str) -> bool:
    last = re.split(r"[\s,]+", text)[-1]
    letters = last.replace(".", "")
    return "." in last or 0 < len(letters) <= 3


# The volume


def _join_split_plurals(root: Any) -> list[str]:
    """Join a plural's "s" that the digitisation set apart ("Joint Chief s of Staff") to its word, where the volume
    uses the joined word elsewhere; other lone letters ("Averoff s inquiry", a lost apostrophe) stay as written.
    The tree is changed in place, so that titles, text and offsets all read the joined word."""
    nodes = [node for node in root.xpath("//text()[contains(., ' s')]") if _SPLIT_PLURAL.search(node)]
    if not nodes:
        return []
    text = "".join(root.itertext())
    split = {match[1] for node in nodes for match in _SPLIT_PLURAL.finditer(node)}
    whole = {word for word in split if re.search(rf"\b{word}s\b", text)}
    joined: Counter[str] = Counter()

    def join(match: re.Match[str]) -> str:
        if match[1] not in whole:
            return match.group()
        joined[match[1]] += 1
        return f"{match[1]}s"

    for node in nodes:
        owner = node.getparent()
        if node.is_tail:
            owner.tail = _SPLIT_PLURAL.sub(join, owner.tail)
        else:
            owner.text = _SPLIT_PLURAL.sub(join, owner.text)
    return [f'"{word} s" read as "{word}s" ({_times(n)})' for word, n in sorted(joined.items())]


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _in_note(element: Any) -> bool:
    return any(_local(ancestor) == "note" for ancestor in element.iterancestors())


def _page_number(pb: Any) -> str:
    number = pb.get("n") or (pb.get(XML_ID) or "").removeprefix("pg_")
    return str(number)


def _documents_with_start_pages(root: Any) -> list[tuple[Any, str]]:
    """Each document with the page it starts on: the last page break before it, outside footnotes."""
    documents: list[tuple[Any, str]] = []
    page = ""
    for element in root.iter("{*}pb", "{*}div"):
        if _local(element) == "pb":
            if not _in_note(element) and _page_number(element):
                page = _page_number(element)
        elif element.get("type") == "document" and not _enclosing_document(element):
            documents.append((element, page))
    return documents


def _enclosing_document(div: Any) -> bool:
    return any(_local(ancestor) == "div" and ancestor.get("type") == "document" for ancestor in div.iterancestors())


def _enclosures(div: Any) -> list[str]:
    """How each document within this one is known: its xml:id, or its place among them ("2 (no xml:id)")."""
    inner = [element for element in div.iterdescendants("{*}div") if element.get("type") == "document"]
    return [element.get(XML_ID) or f"{number} (no xml:id)" for number, element in enumerate(inner, start=1)]


def _volume_title(root: Any) -> str:
    titles: dict[str, str] = {}
    for statement in root.iter(f"{{{TEI_NS}}}titleStmt"):
        for title in statement.iterfind(f"{{{TEI_NS}}}title"):
            titles.setdefault(title.get("type") or "", _normalise("".join(title.itertext())))
        break
    if titles.get("series") and titles.get("volume"):
        parts = (titles.get(name, "") for name in ("series", "subseries", "volumenumber", "volume"))
        return ", ".join(part for part in parts if part)
    return titles.get("complete", "")


def _persons(root: Any, volume: str) -> dict[str, AuthorityRecord]:
    persons: dict[str, AuthorityRecord] = {}
    for div in root.iter("{*}div"):
        if div.get(XML_ID) != "persons":
            continue
        for name in div.iter("{*}persName"):
            pid = name.get(XML_ID)
            if not pid or pid in persons or _in_note(name) or not ID_PATTERN.fullmatch(f"person/{volume}/{pid}"):
                continue
            item = next((a for a in name.iterancestors() if _local(a) == "item"), name.getparent())
            raw_name = _inline_text(name)
            entry = _inline_text(item)
            rest = entry[len(raw_name) :] if entry.startswith(raw_name) else entry.replace(raw_name, "", 1)
            persons[pid] = AuthorityRecord(
                kind="person",
                id=f"person/{volume}/{pid}",
                name=clean_name(raw_name),
                description=rest.lstrip(" ,;:").strip(),
            )
        break
    return {pid: record for pid, record in persons.items() if record.name}


# Text


def _normalise(text: str) -> str:
    """One line: whitespace collapsed, and none left inside brackets or before a comma (pretty-printed XML has some)."""
    return _tidy(" ".join(text.split()))


def _tidy(text: str) -> str:
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text))


def _inline_pieces(element: Any) -> Iterator[str]:
    if element.text and isinstance(element.tag, str):
        yield element.text
    for child in element:
        name = _local(child)
        if name == "lb":
            yield " "
        elif name not in ("note", ""):
            yield from _inline_pieces(child)
        if name in ("row", "item", "p", "head"):
            yield " "
        if child.tail:
            yield child.tail


def _inline_text(element: Any) -> str:
    """The element's text on one line, footnotes left out."""
    return _normalise("".join(_inline_pieces(element)))


@dataclass(frozen=True)
class _Mark:
    """A place in the text: a page break (the page number), a footnote (the note element) or a cross-reference's
    start (the id it points to) or end; `offset` is where it falls in the finished text."""

    kind: str  # one of _PAGE, _NOTE, _REFERENCE_START, _REFERENCE_END
    value: Any
    in_note: bool = False  # a page break inside a footnote or the title
    offset: int = 0


class _Paragraphs:
    """Collects the running text of an element as paragraphs, with page breaks, footnote markers and
    cross-references marked where they fall."""

    def __init__(self, skip: Iterable[Any] = (), volume: str = "") -> None:
        self.skip = set(skip)
        self.volume = volume  # the volume's id, to which "#d9" points
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []
        self.marks: list[_Mark] = []  # in the order they stand in the text

    def mark(self, kind: str, value: Any, in_note: bool = False) -> None:
        self.buffer.append(kind)
        self.marks.append(_Mark(kind, value, in_note))

    def mark_page(self, pb: Any, in_note: bool) -> None:
        if _page_number(pb):
            self.mark(_PAGE, _page_number(pb), in_note)

    def mark_pages_in(self, element: Any) -> None:
        """Count the page breaks inside an element left out of the text (the title, a footnote) where it stands."""
        for pb in element.iter("{*}pb"):
            self.mark_page(pb, True)

    def flush(self) -> None:
        self.paragraphs.append("".join(self.buffer))
        self.buffer = []

    def add_children(self, element: Any) -> None:
        if element.text:
            self.buffer.append(element.text)
        previous = ""
        for child in element:
            self.add(child, element, previous)
            previous = _local(child) or previous
            if child.tail:
                self.buffer.append(child.tail)

    def add(self, element: Any, parent: Any, previous: str) -> None:
        name = _local(element)
        if not name:
            return
        if element in self.skip:
            self.mark_pages_in(element)
        elif name == "note":
            self.mark(_NOTE, element)
            self.mark_pages_in(element)
        elif name == "pb":
            self.mark_page(element, False)
        elif name == "lb":
            self.buffer.append(" ")
        elif name == "ref" and (target := _document_pointer(element.get("target") or "", self.volume)):
            self.mark(_REFERENCE_START, target)
            self.add_children(element)
            self.mark(_REFERENCE_END, target)
        elif name == "cell":
            if previous == "cell":
                self.buffer.append(" | ")
            self.add_children(element)
        elif name == "label" and _local(parent) == "list":
            self.flush()  # a label starts a paragraph that its item continues
            self.add_children(element)
            self.buffer.append(" ")
        elif name in _BLOCKS or (name == "quote" and _local(parent) != "p"):
            if not (name == "item" and previous == "label"):
                self.flush()
            self.add_children(element)
            self.flush()
        else:
            self.add_children(element)

    def result(self) -> tuple[str, list[_Mark]]:
        """The text, paragraphs separated by blank lines, and each mark with its offset in it."""
        self.flush()
        texts: list[str] = []
        offsets = [0] * len(self.marks)
        waiting: list[int] = []  # page breaks and references that fall between paragraphs start the next one
        length = 0
        numbers = iter(range(len(self.marks)))
        for raw in self.paragraphs:
            text, positions = _place_marks(raw)
            start = length + (2 if texts else 0)
            if text:
                for number in waiting:
                    offsets[number] = start
                waiting = []
            for position, number in zip(positions, numbers, strict=False):
                if self.marks[number].kind not in _FORWARD:  # stays with the text before it
                    offsets[number] = start + position if text else length
                elif text and position < len(text):
                    offsets[number] = start + position
                else:
                    waiting.append(number)
            if text:
                texts.append(text)
                length = start + len(text)
        for number in waiting:
            offsets[number] = length
        marks = [_Mark(m.kind, m.value, m.in_note, offset) for m, offset in zip(self.marks, offsets, strict=True)]
        return "\n\n".join(texts), marks


def _place_marks(raw: str) -> tuple[str, list[int]]:
    """Normalise a paragraph; return it with the offset of each of its marks (len(text) when at its end).

    Normalising changes only whitespace, so a mark is placed by counting the other characters before it."""
    pieces = _ANY_MARK.split(raw)
    text = _normalise("".join(pieces))
    if len(pieces) == 1:
        return text, []
    spaces = [match.start() for match in re.finditer(" ", text)]  # the only whitespace left
    letters = len(text) - len(spaces)  # characters other than whitespace

    def index_of(count: int) -> int:
        """Where the character stands that follows `count` others than whitespace (spaces before it skipped)."""
        skipped = 0
        while (more := bisect_right(spaces, count + skipped)) != skipped:
            skipped = more
        return count + skipped

    positions: list[int] = []
    seen = 0  # characters other than whitespace before the mark
    for piece, mark in zip(pieces, _ANY_MARK.findall(raw), strict=False):
        seen += len("".join(piece.split()))
        if mark in _FORWARD:
            positions.append(index_of(seen) if seen < letters else len(text))
        else:
            positions.append(index_of(seen - 1) + 1 if seen else 0)
    return text, positions


def _document_pointer(target: str, volume: str) -> str:
    """The document id a cross-reference points to ("frus1955-57v03/d9", with "#fn3" for one of its footnotes), or
    "" when it points elsewhere (a page, a term, another site)."""
    match = _DOCUMENT_POINTER.fullmatch(target.strip())
    if match is None or not (match["volume"] or volume):
        return ""
    footnote = f"#fn{match['footnote']}" if match["footnote"] else ""
    return f"{match['volume'] or volume}/{match['document']}{footnote}"


def _paragraph_text(element: Any) -> str:
    builder = _Paragraphs()
    builder.add_children(element)
    return builder.result()[0]


def _references(marks: list[_Mark], text: str) -> list[dict[str, Any]]:
    """The cross-references among `marks`: where each starts, how long it is and what it points to. One that would
    span two paragraphs is left as plain text."""
    references: list[dict[str, Any]] = []
    starts: list[_Mark] = []
    for mark in marks:
        if mark.kind == _REFERENCE_START:
            starts.append(mark)
        elif mark.kind == _REFERENCE_END and starts:
            start = starts.pop()
            if start.offset < mark.offset and "\n\n" not in text[start.offset : mark.offset]:
                references.append({"offset": start.offset, "length": mark.offset - start.offset, "target": start.value})
    return sorted(references, key=lambda reference: reference["offset"])


# One document


class _DocumentReader:
    def __init__(
        self, volume: Volume, persons: dict[str, AuthorityRecord], div: Any, xml_id: str, start_page: str
    ) -> None:
        self.volume = volume
        self.persons = persons
        self.div = div
        self.start_page = start_page
        self.xml_id = xml_id
        self.number: str = div.get("n") or ""
        self.head = next((child for child in div if _local(child) == "head"), None)
        self.warnings: list[str] = []

    def read(self) -> DocumentRecord | str:
        """The record, or why the document is skipped."""
        title = self.title()
        if not title:
            return "no title (no <head>, or an empty one); skipped"
        source_note = self.source_note()
        citation = _normalise(_paragraph_text(source_note)) if source_note is not None else ""
        citation = re.sub(r"^Source:\s*", "", citation)
        record = DocumentRecord(
            id=f"{self.volume.id}/{self.xml_id}",
            title=title,
            date=self.date(),
            type=_document_type(title) or _document_type(citation),
            languages=["en"],
            collections=[f"collection/{self.volume.id}"],
            access="public",
            source=Source(
                repository="",
                citation=citation,
                publication=f"{self.volume.title}, Document {self.number or self.xml_id}",
                url=self.url(),
            ),
        )
        dateline = self.dateline()
        extra = {
            "classification": self.classification(citation),
            "drafter": _drafter(citation),
            "place_of_writing": _place_of_writing(dateline) if dateline is not None else "",
        }
        record.extra = {"number": self.number, **{name: value for name, value in extra.items() if value}}
        record.authors, record.recipients = self.correspondents()
        record.people = _unique(
            self.persons[pid].id
            for name in self.div.iter("{*}persName")
            for pid in _corresp_ids(name)
            if pid in self.persons
        )
        record.places = _unique(clean_name(_inline_text(place)) for place in self.div.iter("{*}placeName"))
        record.organizations = _unique(_inline_text(org) for org in self.div.iter("{*}orgName"))

        subjects = [
            text
            for subject in self.div.iter("{*}list")
            if subject.get("type") == "subject" and not _in_note(subject)
            for item in subject
            if _local(item) == "item" and (text := _inline_text(item))
        ]
        topics = (clean_name(ENUMERATION.sub("", subject)) for subject in subjects)
        record.topics = _unique(topic for topic in topics if topic and len(topic) <= MAX_TOPIC)
        summary_note = None
        if subjects:
            record.summary = "; ".join(subjects)
        else:
            summary_note = next((n for n in self.div.iter("{*}note") if n.get("type") == "summary"), None)
            if summary_note is not None:
                record.summary = _normalise(_paragraph_text(summary_note))

        record.text, marks = self.text(source_note)
        record.extra["pages"] = _pages(record.text, marks, self.start_page)
        references = _references(marks, record.text)
        if references:
            record.extra["references"] = references
        markers = {id(mark.value): mark.offset for mark in marks if mark.kind == _NOTE}
        footnotes = [
            self.footnote(note, markers.get(id(note)))
            for note in self.div.iter("{*}note")
            if note is not source_note and note is not summary_note
        ]
        record.extra["footnotes"] = footnotes
        record.extra["withheld"] = sum(
            len(_WITHHELD.findall(text)) for text in (record.text, title, *(note["text"] for note in footnotes))
        )
        return record

    def url(self) -> str:
        """The document on history.state.gov; the volume's page for a document known there by no id."""
        if self.div.get(XML_ID) != self.xml_id:
            return VOLUME_URL.format(volume=self.volume.id)
        return DOCUMENT_URL.format(volume=self.volume.id, id=self.xml_id)

    def title(self) -> str:
        if self.head is None:
            return ""
        return _NUMBER.sub("", _inline_text(self.head), count=1).strip()

    def source_note(self) -> Any:
        before_head = takewhile(lambda child: child is not self.head, self.div)
        candidates = [child for child in before_head if _local(child) == "note"]
        if self.head is not None:
            candidates.extend(self.head.iter("{*}note"))
        typed = [note for note in candidates if note.get("type") == "source"]
        by_text = [note for note in candidates if "".join(note.itertext()).lstrip().startswith("Source:")]
        return (typed or by_text or [None])[0]

    def text(self, source_note: Any) -> tuple[str, list[_Mark]]:
        skip = [element for element in (self.head, source_note) if element is not None]
        builder = _Paragraphs(skip=skip, volume=self.volume.id)
        builder.add_children(self.div)
        return builder.result()

    def footnote(self, note: Any, offset: int | None) -> dict[str, Any]:
        """A footnote as stored: its number, its text, where its marker stands in the running text, or whether it
        annotates the title instead, and its own cross-references."""
        builder = _Paragraphs(volume=self.volume.id)
        builder.add_children(note)
        text, marks = builder.result()
        footnote: dict[str, Any] = {"n": note.get("n") or "", "text": text}
        if offset is not None:
            footnote["offset"] = offset
        elif not _in_note(note) and any(ancestor is self.head for ancestor in note.iterancestors()):
            footnote["on_title"] = True
        references = _references(marks, text)
        if references:
            footnote["references"] = references
        return footnote

    def dateline(self) -> Any:
        """The document's own dateline: not one of a footnote, an attachment or a quoted text."""
        for dateline in self.div.iter("{*}dateline"):
            nested = False
            for ancestor in dateline.iterancestors():
                if ancestor is self.div:
                    break
                nested = nested or _local(ancestor) in ("note", "attachment", "div", "quote")
            if not nested:
                return dateline
        return None

    def date(self) -> str | None:
        dateline = self.dateline()
        places = [element for element in (dateline, self.head) if element is not None]
        dates = [d for place in places for d in place.iter("{*}date") if not _in_note(d)]
        exact = next((date for date in dates if date.get("when")), None)
        ranges = [(d.get("from") or d.get("notBefore"), d.get("to") or d.get("notAfter")) for d in dates]
        start, end = next(((start, end) for start, end in ranges if start or end), (None, None))
        if exact is not None:
            value = _with_time(exact.get("when"), exact)
        elif start or end:
            value = f"{start or '..'}/{end or '..'}"
        else:
            value = _date_from_text(_inline_text(dateline)) if dateline is not None else ""
        return self.valid_date(value) if value else None

    def valid_date(self, value: str) -> str | None:
        reason = ""
        without_zone = "/".join(_TIMEZONE.sub("", side) for side in value.split("/"))
        for candidate in dict.fromkeys((value, without_zone)):  # a time zone is dropped only if it is in the way
            try:
                return parse_edtf(candidate).text
            except InvalidDate as error:
                reason = reason or str(error)
        self.warnings.append(f'date "{value}" is not a valid date; imported without a date ({reason})')
        return None

    def classification(self, citation: str) -> str:
        match = _CLASSIFICATION.search(citation)
        if match:
            return match.group(1)
        # The 1948-1954 volumes give only a file number in the source note; the classification stands in the opener
        # in small capitals written lower case ("top secret"), or in a short line flush left under the dateline.
        marks = [seg for opener in self.div.iterfind("{*}opener") for seg in opener.iterfind("{*}seg")]
        first = next((child for child in self.div if _local(child) == "p"), None)
        if first is not None and first.get("rend") == "flushleft":
            marks.append(first)
        for mark in marks:
            text = _inline_text(mark)
            found = _CLASSIFICATION.search(text.title()) if len(text) <= MAX_MARKING else None
            if found:
                return found.group(1)
        return ""

    def correspondents(self) -> tuple[list[str], list[str]]:
        found: dict[str, list[str]] = {"from": [], "to": []}
        if self.head is None:
            return [], []
        for element in self.head.iter("{*}persName", "{*}gloss", "{*}orgName"):
            role = element.get("type")
            if role not in found or _in_note(element):
                continue
            pids = [pid for pid in _corresp_ids(element) if pid in self.persons]
            name = clean_name(_inline_text(element))
            if _local(element) == "persName" and pids:
                found[role].append(self.persons[pids[0]].id)
            elif _local(element) == "persName":
                if name:
                    found[role].append(name)
            elif slug(name):  # a gloss or orgName names an office: "Department of State", "Embassy in Indonesia"
                office_id = f"organization/{slug(name)}"  # one office however its name is punctuated
                office = self.volume.offices.setdefault(office_id, AuthorityRecord("organization", office_id, name))
                found[role].append(office.id)
        return _unique(found["from"]), _unique(found["to"])


def _pages(text: str, marks: list[_Mark], start_page: str) -> list[dict[str, Any]]:
    """Where each printed page starts in the text: the page the document starts on at 0, then each page break."""
    breaks = [mark for mark in marks if mark.kind == _PAGE]
    pages: dict[str, int] = {}
    if start_page and not any(mark.offset == 0 and not mark.in_note for mark in breaks):
        pages[start_page] = 0
    for mark in breaks:
        # a break after the last word starts a page that holds none of this document
        if not mark.in_note and mark.value not in pages and not (text and mark.offset >= len(text)):
            pages[mark.value] = mark.offset
    # A page that only a footnote reaches counts where the footnote stands.
    for mark in breaks:
        if mark.in_note and mark.value not in pages:
            pages[mark.value] = mark.offset
    ordered = sorted(pages.items(), key=lambda item: item[1])  # stable: the start page stays first
    return [{"n": page, "offset": offset} for page, offset in ordered]


def _with_time(when: str, date: Any) -> str:
    """`when`, with the start time of a <time> that follows the date in the same dateline or head, if it has none."""
    if "T" in when or len(when) != 10:
        return when
    for sibling in date.itersiblings():
        if _local(sibling) == "time":
            start = sibling.get("when") or sibling.get("from") or ""
            if _TIME.fullmatch(start):
                return f"{when}T{start}"
            break
        if _local(sibling) == "date":
            break
    return when


def _date_from_text(text: str) -> str:
    match = _TEXT_DAY.search(text)
    if match:
        month, day, year = match.groups()
        return f"{year}-{_MONTHS[month]:02d}-{int(day):02d}"
    match = _TEXT_MONTH.search(text)
    if match:
        month, year = match.groups()
        return f"{year}-{_MONTHS[month]:02d}"
    return ""


def _place_of_writing(dateline: Any) -> str:
    for place in dateline.iter("{*}placeName"):
        if not _in_note(place):
            name = clean_name(_inline_text(place)).strip("[] ")
            if name:
                return name
    first = _inline_text(dateline).split(",")[0]
    name = clean_name(first.replace("[", "").replace("]", ""))
    if not re.fullmatch(r"[^\d]*[A-Za-z][^\d]*", name) or name.split()[0].rstrip(".") in {*_MONTHS, "undated"}:
        return ""
    return name


def _document_type(text: str) -> str:
    best: tuple[int, int, str] | None = None
    for rank, (name, pattern) in enumerate(_TYPE_PATTERNS):
        match = pattern.search(text)
        if match and (best is None or (match.start(), rank) < best[:2]):
            best = (match.start(), rank, name)
    return best[2] if best else ""


def _drafter(citation: str) -> str:
    match = _DRAFTED.search(citation)
    if not match:
        return ""
    rest = citation[match.end() :]
    end = len(rest)
    for stop in _SENTENCE_END.finditer(rest):
        if stop.group() == ";" or not _ABBREVIATION.search(rest[: stop.start()]):
            end = stop.start()
            break
    name = rest[:end]
    after = _AFTER_DRAFTER.search(name)
    if after:
        name = name[: after.start()]
    return name.strip(" ,:")


def _corresp_ids(element: Any) -> list[str]:
    """The local ids an element points to: "#p_CE1" gives p_CE1; pointers into other files are left out."""
    return [token[1:] for token in (element.get("corresp") or "").split() if token.startswith("#")]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))
