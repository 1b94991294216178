"""A document's full text laid out for reading: paragraphs, printed-page markers, withheld passages, footnote markers
and cross-references.

Importers of printed volumes keep these beside the plain text, as offsets into it (see ingest/pages.py): the text
itself holds the words alone, so that markup never splits a word for the search index."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readingroom.ingest.pages import WITHHELD, page_starts

_ORDER = {"note": 0, "page": 1}  # at one offset, a footnote's marker follows the word before; a page starts after


@dataclass(frozen=True)
class Segment:
    kind: str  # "text", "page" (a printed page starts here), "withheld", "note" (a footnote's marker) or "link"
    value: str
    target: str = ""  # a note's anchor, or a link's address


@dataclass(frozen=True)
class Footnote:
    number: str  # as printed, when it is a number
    anchor: str  # the id of its place in the list of notes; its marker in the text is anchor + "-ref"
    paragraphs: list[list[Segment]]
    in_text: bool  # whether a marker in the running text points to it
    on_title: bool  # whether it annotates the title: its marker follows the title

    @property
    def marker(self) -> Segment:
        return Segment("note", self.number or "*", self.anchor)


def paragraphs(text: str, extra: dict[str, Any], links: Mapping[str, str] | None = None) -> list[list[Segment]]:
    """The text split into paragraphs (blank lines), each a list of segments; page markers where pages start
    (a page starting in the blank between two paragraphs is marked at the start of the next one), footnote markers
    where the notes stand, and cross-references to the documents in `links` (id -> address) as links."""
    inserts = [(start, Segment("page", page)) for start, page in page_starts(extra)]
    inserts.extend((note.offset, note.marker) for note in _notes(extra, len(text)) if note.offset is not None)
    inserts.sort(key=lambda insert: (insert[0], _ORDER[insert[1].kind]))
    return _laid_out(text, inserts, _links(extra.get("references"), len(text), links or {}))


def footnotes(extra: dict[str, Any], text_length: int, links: Mapping[str, str] | None = None) -> list[Footnote]:
    """The footnotes of `extra.footnotes`, each laid out with its own cross-references."""
    return [
        Footnote(
            note.number,
            note.anchor,
            _laid_out(note.text, [], _links(note.references, len(note.text), links or {})),
            note.offset is not None,
            note.offset is None and note.on_title,
        )
        for note in _notes(extra, text_length)
    ]


@dataclass(frozen=True)
class _Note:
    number: str
    anchor: str
    text: str
    offset: int | None
    references: Any
    on_title: bool

    @property
    def marker(self) -> Segment:
        return Segment("note", self.number or "*", self.anchor)


def _notes(extra: dict[str, Any], text_length: int) -> list[_Note]:
    """The well-formed entries of `extra.footnotes`; an offset outside the text counts as none."""
    entries = [
        note
        for note in _list(extra.get("footnotes"))
        if isinstance(note, dict) and isinstance(note.get("text"), str) and note["text"]
    ]
    numbers = [str(note.get("n", "")) for note in entries]
    notes = []
    for position, (note, number) in enumerate(zip(entries, numbers, strict=True), start=1):
        unique = number.isdigit() and numbers.count(number) == 1
        offset = note.get("offset")
        placed = isinstance(offset, int) and not isinstance(offset, bool) and 0 <= offset <= text_length
        notes.append(
            _Note(
                number if number.isdigit() else "",
                f"footnote-{number}" if unique else f"footnote-at-{position}",
                note["text"],
                offset if placed else None,
                note.get("references"),
                note.get("on_title") is True,
            )
        )
    return notes


def _links(references: Any, text_length: int, links: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, address) of each cross-reference whose document is in `links`; the others stay plain text."""
    spans: list[tuple[int, int, str]] = []
    for reference in _list(references):
        if not isinstance(reference, dict):
            continue
        start, length, target = reference.get("offset"), reference.get("length"), reference.get("target")
        if not (isinstance(start, int) and isinstance(length, int) and isinstance(target, str)):
            continue
        document, _, footnote = target.partition("#")
        if document in links and start >= 0 and length > 0 and start + length <= text_length:
            fragment = f"#footnote-{footnote.removeprefix('fn')}" if footnote else ""
            spans.append((start, start + length, links[document] + fragment))
    spans.sort()
    return [span for number, span in enumerate(spans) if number == 0 or span[0] >= spans[number - 1][1]]


def _laid_out(text: str, inserts: list[tuple[int, Segment]], spans: list[tuple[int, int, str]]) -> list[list[Segment]]:
    blocks = text.split("\n\n")
    laid_out: list[list[Segment]] = []
    offset = 0
    previous_end = 0  # a page starting in the blank before this paragraph belongs to it
    for number, block in enumerate(blocks):
        end = offset + len(block)
        last = number == len(blocks) - 1
        mine = [
            (max(0, at - offset), segment)
            for at, segment in inserts
            if (segment.kind == "page" and previous_end <= at < end + (1 if last else 0))
            or (segment.kind == "note" and offset <= at <= end)  # a note may follow the paragraph's last word
        ]
        inside = [(start - offset, stop - offset, href) for start, stop, href in spans if offset <= start < end]
        segments = _block(block, mine, inside)
        if any(segment.kind != "text" or segment.value.strip() for segment in segments):
            laid_out.append(segments)
        previous_end = end
        offset = end + 2
    return laid_out


def _block(block: str, inserts: list[tuple[int, Segment]], spans: list[tuple[int, int, str]]) -> list[Segment]:
    cuts = sorted({0, len(block), *(at for at, _ in inserts), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments: list[Segment] = []
    for number, cut in enumerate(cuts):
        segments.extend(segment for at, segment in inserts if at == cut)
        if number + 1 < len(cuts):
            piece = block[cut : cuts[number + 1]]
            href = next((href for start, stop, href in spans if start <= cut < stop), "")
            segments.extend([Segment("link", piece, href)] if href else _withheld(piece))
    return segments


def _list(value: Any) -> list[Any]:
    """`value` if it is a list: `extra` comes from imported files, so its entries are checked before use."""
    return value if isinstance(value, list) else []


def _withheld(text: str) -> list[Segment]:
    segments = []
    cursor = 0
    for match in WITHHELD.finditer(text):
        if match.start() > cursor:
            segments.append(Segment("text", text[cursor : match.start()]))
        segments.append(Segment("withheld", match.group()))
        cursor = match.end()
    if cursor < len(text):
        segments.append(Segment("text", text[cursor:]))
    return segments
