"""Where a search's words stand on a hit's scans: for a hit whose own text shows none of them, the first page of its
scans that does, as a passage with the words in <b>, the page's number and the page viewer's address at that page.

The index finds the document by its pages' words (analysed as Russian, Chinese ... text); the passage is found
again here, on the page hits of one result page only, by each word's first STEM letters, so that "Австрия" shows
the page where "Австрии" stands and "negotiations" the one with "negotiating".
"""

import re
from collections.abc import Iterable
from typing import Protocol

from django.urls import reverse
from django.utils.html import escape

from readingroom.records.models import ScanPage

STEM = 5
BEFORE, AFTER = 80, 160  # characters of the page shown around the first match
HAN = re.compile(r"[\u3400-\u9fff]")


class ScanHit(Protocol):
    id: str
    snippet: str
    page: str | None
    page_url: str


def add_scan_passages(hits: Iterable[ScanHit], words: Iterable[str]) -> None:
    """Give each hit without a passage of its text the passage of its first scan page holding one of `words`."""
    pattern = _words_pattern(words)
    bare = {hit.id: hit for hit in hits if not hit.snippet}
    if pattern is None or not bare:
        return
    pages = (
        ScanPage.objects.filter(attachment__document_id__in=list(bare))
        .exclude(text="")
        .order_by("attachment__document_id", "attachment__position", "number")
        .values_list("attachment__document_id", "attachment__position", "number", "text")
    )
    for document_id, position, number, text in pages.iterator():
        hit = bare.get(document_id)
        if hit is None or hit.snippet or not (found := pattern.search(text)):
            continue
        hit.snippet = _passage(text, found.start(), pattern)
        hit.page = str(number)
        hit.page_url = reverse("attachment", args=[document_id, position + 1]) + f"?page={number}"


def _words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    parts = []
    for word in words:
        word = word.strip()
        if not word:
            continue
        # Chinese is written without spaces: its words are looked for anywhere, other words at a word's start.
        parts.append(re.escape(word) if HAN.search(word) else r"\b" + re.escape(word[:STEM]) + r"\w*")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _passage(text: str, start: int, pattern: re.Pattern[str]) -> str:
    """The text around `start`, escaped, with every match of `pattern` in <b>."""
    begin, end = max(0, start - BEFORE), min(len(text), start + AFTER)
    shown = " ".join(text[begin:end].split())
    marked, last = [], 0
    for match in pattern.finditer(shown):
        marked += [escape(shown[last : match.start()]), f"<b>{escape(match.group())}</b>"]
        last = match.end()
    return "".join([*marked, escape(shown[last:])])
