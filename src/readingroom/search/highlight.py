"""Which words of a passage are highlighted: what the reader's query matched there, and nothing else.

tantivy's snippet generator marks every term of the query wherever it stands. Name expansion adds an authority's
other names to the query as phrases ("President Sukarno", "Sukarno (also Soekarno), Dr. Achmed"), and their words
("President", "also", "Dr") stand alone in many passages that do not name the person. So tantivy only chooses the
passage here; the words to mark are found again: a word the reader typed wherever it stands, the words of a phrase
only where the whole phrase stands, and of another name of the person only its name proper, not a title of address
("President", "Dr.") before or after it.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import tantivy
from nameparser.config import CONSTANTS

from readingroom.search.compile import DEFAULT_FIELDS, FIELD_TARGETS, WRITTEN
from readingroom.search.query import And, Node, Not, Or, Phrase, Term

# Words as tantivy's simple tokenizer cuts them: runs of letters and digits.
WORD = re.compile(r"[^\W_]+")
# Titles of address ("president", "dr", "secretary"), as nameparser, a well-kept name parser, knows them.
TITLES = frozenset(CONSTANTS.titles)

Tokens = Callable[[str, str], list[str]]  # (field, text) -> the terms the field's analyser makes of it


@dataclass(frozen=True)
class _Phrase:
    terms: tuple[str, ...]
    slop: int
    marked: tuple[bool, ...]  # which of its words are highlighted where the phrase stands


class Highlighter:
    """Marks in one stored field (the full text, the summary) what a query's words match there."""

    def __init__(self, node: Node, field: str, tokens: Tokens) -> None:
        self.field = field
        self._tokens = tokens
        self.words: set[str] = set()  # terms marked wherever they stand
        self.phrases: list[_Phrase] = []  # terms marked only where the whole phrase stands
        self._analysed: dict[str, str | None] = {}  # word -> its term, for the passages of one page
        self._collect(node)

    def terms(self) -> set[str]:
        """Every term that may be marked: what the snippet generator looks for to choose the passage."""
        return self.words | {
            term for phrase in self.phrases for term, marked in zip(phrase.terms, phrase.marked, strict=True) if marked
        }

    def query(self, schema: tantivy.Schema) -> tantivy.Query:
        terms = sorted(self.terms())
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(schema, self.field, term)) for term in terms]
        )

    def html(self, text: str) -> tuple[str, int | None]:
        """The text escaped, the matching words in <b>, and where the first of them starts (None: none matched)."""
        words = [(match.start(), match.end(), self._term(match.group())) for match in WORD.finditer(text)]
        marked = self._marked([term for _, _, term in words])
        if not marked:
            return "", None
        pieces, done = [], 0
        for position in sorted(marked):
            start, end, _ = words[position]
            pieces.append(f"{html.escape(text[done:start])}<b>{html.escape(text[start:end])}</b>")
            done = end
        pieces.append(html.escape(text[done:]))
        return "".join(pieces), words[min(marked)][0]

    def _term(self, word: str) -> str | None:
        if word not in self._analysed:
            terms = self._tokens(self.field, word)
            self._analysed[word] = terms[0] if len(terms) == 1 else None
        return self._analysed[word]

    def _marked(self, terms: list[str | None]) -> set[int]:
        marked = {position for position, term in enumerate(terms) if term in self.words}
        for phrase in self.phrases:
            for start in range(len(terms)):
                if (positions := _occurrence(phrase, terms, start)) is not None:
                    marked.update(p for p, keep in zip(positions, phrase.marked, strict=True) if keep)
        return marked

    def _collect(self, node: Node) -> None:
        if isinstance(node, Term):
            if not (node.prefix or node.fuzzy) and self._searches(node.field):
                self._add([node.text], node.field, 0)
        elif isinstance(node, Phrase):
            if self._searches(node.field):
                self._add(list(node.words), node.field, node.slop)
        elif isinstance(node, And | Or):
            for child in node.children:
                self._collect(child)
        elif not isinstance(node, Not):  # an excluded word matches nothing that is shown
            raise TypeError(f"not a query node: {node!r}")

    def _searches(self, field: str | None) -> bool:
        return self.field in (FIELD_TARGETS.get(field, ()) if field else DEFAULT_FIELDS)

    def _add(self, words: list[str], field: str | None, slop: int) -> None:
        # Another name of a person (added by name expansion, searched in what the documents say) is marked
        # without its titles of address: "President Sukarno" marks "Sukarno".
        titled = field == WRITTEN
        terms, marked = [], []
        for word in words:
            for term in self._tokens(self.field, word):
                terms.append(term)
                marked.append(not (titled and _is_title(word)))
        if len(terms) == 1:
            if marked[0]:
                self.words.add(terms[0])
        elif terms:
            self.phrases.append(_Phrase(tuple(terms), slop, tuple(marked)))


def _is_title(word: str) -> bool:
    return "".join(WORD.findall(word)).casefold() in TITLES


def _occurrence(phrase: _Phrase, terms: list[str | None], start: int) -> list[int] | None:
    """The positions of the phrase's words when it stands at `start`: in order, each within `slop` words of the
    one before (exactly next to it when the slop is 0)."""
    if terms[start] != phrase.terms[0]:
        return None
    positions = [start]
    for term in phrase.terms[1:]:
        following = positions[-1] + 1
        window = terms[following : following + phrase.slop + 1]
        if term not in window:
            return None
        positions.append(following + window.index(term))
    return positions
