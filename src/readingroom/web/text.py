"""A document's full text laid out for reading: paragraphs, printed-page markers and withheld passages."""

from dataclasses import dataclass
from typing import Any

from readingroom.ingest.pages import WITHHELD, page_starts


@dataclass(frozen=True)
class Segment:
    kind: str  # "text", "page" (a printed page starts here) or "withheld"
    value: str


def paragraphs(text: str, extra: dict[str, Any]) -> list[list[Segment]]:
    """The text split into paragraphs (blank lines), each a list of segments; page markers where pages start
    (a page starting in the blank between two paragraphs is marked at the start of the next one)."""
    starts = page_starts(extra)
    blocks = text.split("\n\n")
    laid_out: list[list[Segment]] = []
    offset = 0
    previous_end = 0  # a page starting in the blank before this paragraph belongs to it
    for number, block in enumerate(blocks):
        end = offset + len(block) + (0 if number < len(blocks) - 1 else 1)
        segments: list[Segment] = []
        cursor = offset
        for start, page in starts:
            if previous_end <= start < end:
                segments.extend(_withheld(text[cursor : max(cursor, start)]))
                segments.append(Segment("page", page))
                cursor = max(cursor, start)
        segments.extend(_withheld(text[cursor : offset + len(block)]))
        if any(segment.kind != "text" or segment.value.strip() for segment in segments):
            laid_out.append(segments)
        previous_end = offset + len(block)
        offset += len(block) + 2
    return laid_out


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
