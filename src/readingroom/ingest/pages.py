"""Printed pages and withheld passages, as importers of printed volumes record them in a document's `extra`:
`extra.pages` is a list of {"n": page number, "offset": where that page starts in the text}; `extra.withheld`
counts the passages withheld at declassification. Footnotes (`extra.footnotes`, each with the `offset` of its marker)
and cross-references (`extra.references`: `offset`, `length`, `target`) are kept the same way: as places in the text,
which itself holds the words alone (web/text.py lays them out)."""

import re
from typing import Any

# Passages withheld at declassification, as the printed volumes mark them: "[1 paragraph (5 lines) not declassified]".
WITHHELD = re.compile(r"\[[^\[\]]{0,120}?not declassified[^\[\]]{0,40}\]")


def referenced_documents(extra: dict[str, Any]) -> set[str]:
    """The ids of the documents the text and the footnotes point to (`extra.references`)."""
    return {reference["target"].partition("#")[0] for reference in _all_references(extra)}


def only_references_to(extra: dict[str, Any], readable: set[str]) -> dict[str, Any]:
    """`extra` with only the cross-references to the documents in `readable`: the ids of the others would tell
    readers of documents they may not open. The words of each reference stay in the text."""

    def kept(references: Any) -> Any:
        if not isinstance(references, list):
            return references
        return [r for r in references if _is_reference(r) and r["target"].partition("#")[0] in readable]

    shown = dict(extra)
    if "references" in shown:
        shown["references"] = kept(shown["references"])
    if isinstance(shown.get("footnotes"), list):
        shown["footnotes"] = [
            {**note, "references": kept(note["references"])} if _has_references(note) else note
            for note in shown["footnotes"]
        ]
    return shown


def _all_references(extra: dict[str, Any]) -> list[dict[str, Any]]:
    notes = extra["footnotes"] if isinstance(extra.get("footnotes"), list) else []
    lists = [extra.get("references"), *(note.get("references") for note in notes if isinstance(note, dict))]
    return [r for references in lists if isinstance(references, list) for r in references if _is_reference(r)]


def _has_references(note: Any) -> bool:
    return isinstance(note, dict) and "references" in note


def _is_reference(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("target"), str)


def page_starts(extra: dict[str, Any]) -> list[tuple[int, str]]:
    """(offset in the text, page number) for each printed page, from the importer's `extra.pages`."""
    starts = []
    for page in extra.get("pages", []) if isinstance(extra.get("pages"), list) else []:
        if isinstance(page, dict) and isinstance(page.get("offset"), int) and page.get("n") is not None:
            starts.append((page["offset"], str(page["n"])))
    return sorted(starts, key=lambda start: start[0])


def page_span(extra: dict[str, Any]) -> str:
    """ "p. 130" or "pp. 130–133", or "" when the pages are not known."""
    pages = [n for _, n in page_starts(extra)]
    if not pages:
        return ""
    return f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}–{pages[-1]}"


def page_at(extra: dict[str, Any], offset: int) -> str | None:
    page = None
    for start, number in page_starts(extra):
        if start > offset:
            break
        page = number
    return page
