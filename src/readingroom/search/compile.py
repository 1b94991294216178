"""Turn the reader's query tree (search.query) into a tantivy query over the weighted text fields."""

import re
import unicodedata
from collections.abc import Callable

import tantivy

from readingroom.search.query import And, Node, Not, Or, Phrase, Term
from readingroom.search.schema import NAME_KINDS, TEXT_FIELDS, field_analyzer, prepare

WRITTEN = "written"  # what the documents themselves say: used by name expansion, not typed by readers
# The query language's field names and the index fields each one searches.
FIELD_TARGETS: dict[str, tuple[str, ...]] = {
    WRITTEN: ("title", "summary", "text", "transcripts", "transcripts_zh", "transcripts_ru"),
    "title": ("title",),
    "summary": ("summary",),
    "text": ("text", "transcripts", "transcripts_zh", "transcripts_ru"),
    "type": ("type_text",),
    "source": ("source",),
    **{kind: (f"names_{kind}",) for kind in NAME_KINDS},
}
DEFAULT_FIELDS = tuple(TEXT_FIELDS)
NAME_FIELDS = tuple(f"names_{kind}" for kind in NAME_KINDS)
TIE_BREAKER = 0.1
# A word typed with a mistake still finds the names it nearly spells ("Khruschev"), ranked below exact matches.
MISSPELLING_BOOST = 0.2
MISSPELLING_MIN_LENGTH = 5


class QueryCompiler:
    def __init__(
        self, schema: tantivy.Schema, analyzers: dict[str, tantivy.TextAnalyzer], misspellings: bool = False
    ) -> None:
        self.schema = schema
        self.analyzers = analyzers
        self.misspellings = misspellings  # also match names a word nearly spells (costly: used as a fallback)

    def tokens(self, field: str, text: str) -> list[str]:
        """The terms `text` becomes in `field`, analysed as the field is when indexed."""
        return list(self.analyzers[field_analyzer(field)].analyze(prepare(field, text)))

    def compile(self, node: Node) -> tantivy.Query:
        if isinstance(node, Term):
            return self._term(node)
        if isinstance(node, Phrase):
            return self._phrase(node.words, node.field, node.slop)
        if isinstance(node, And):
            return self._all_of([self.compile(child) for child in node.children])
        if isinstance(node, Or):
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, self.compile(c)) for c in node.children])
        if isinstance(node, Not):
            return tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, tantivy.Query.all_query()),
                    (tantivy.Occur.MustNot, self.compile(node.child)),
                ]
            )
        raise TypeError(f"not a query node: {node!r}")

    def exact(self, word: str) -> tantivy.Query:
        """The word in any field, as written (stemmed where the field stems), with no allowance for typing mistakes."""
        return self._phrase((word,), None, 0)

    def _all_of(self, queries: list[tantivy.Query]) -> tantivy.Query:
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query) for query in queries])

    def _fields(self, field: str | None) -> tuple[str, ...]:
        if field == "id":
            return ()
        return FIELD_TARGETS.get(field, DEFAULT_FIELDS) if field else DEFAULT_FIELDS

    def _across(self, field: str | None, build: Callable[[str], tantivy.Query | None]) -> tantivy.Query:
        """The same query in each field of `field`, the best-scoring field counting most."""
        queries = [
            tantivy.Query.boost_query(query, TEXT_FIELDS.get(name, 1.0))
            for name in self._fields(field)
            if (query := build(name)) is not None
        ]
        if not queries:
            return tantivy.Query.empty_query()
        return tantivy.Query.disjunction_max_query(queries, tie_breaker=TIE_BREAKER)

    def _term(self, term: Term) -> tantivy.Query:
        if term.field == "id":
            return tantivy.Query.term_query(self.schema, "id", term.text)
        if term.field == "language":
            return tantivy.Query.term_query(self.schema, "languages", term.text)
        if term.prefix:
            return self._across(term.field, lambda name: self._prefix(name, term.text))
        if term.fuzzy:
            return self._across(term.field, lambda name: self._fuzzy(name, term.text, term.fuzzy))
        exact = self._phrase((term.text,), term.field, 0)
        if not self.misspellings or not could_be_misspelt(term):
            return exact
        distance = 1 if len(term.text) < 8 else 2
        nearly = [query for name in NAME_FIELDS if (query := self._fuzzy(name, term.text, distance)) is not None]
        if not nearly:
            return exact
        misspelt = tantivy.Query.boost_query(tantivy.Query.disjunction_max_query(nearly), MISSPELLING_BOOST)
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, exact), (tantivy.Occur.Should, misspelt)])

    def _phrase(self, words: tuple[str, ...], field: str | None, slop: int) -> tantivy.Query:
        if field == "id":
            return tantivy.Query.term_query(self.schema, "id", " ".join(words))
        return self._across(field, lambda name: self._words(name, words, slop))

    def _words(self, name: str, words: tuple[str, ...], slop: int) -> tantivy.Query | None:
        """The words as one term, or as a phrase when they make several terms in this field."""
        tokens = [token for word in words for token in self.tokens(name, word)]
        if not tokens:
            return None
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, name, tokens[0])
        phrase: list[str | tuple[int, str]] = list(tokens)
        return tantivy.Query.phrase_query(self.schema, name, phrase, slop)

    def _prefix(self, name: str, text: str) -> tantivy.Query | None:
        # A stemmed field holds "negoti" for "negotiations": try both the typed prefix and its stem.
        tokens = self.tokens(name, text)
        if len(tokens) != 1:
            return None
        prefixes = sorted({re.escape(_fold(text)), re.escape(tokens[0])})
        return tantivy.Query.regex_query(self.schema, name, "(" + "|".join(prefixes) + ").*")

    def _fuzzy(self, name: str, text: str, distance: int) -> tantivy.Query | None:
        tokens = self.tokens(name, text)
        if len(tokens) != 1:
            return None
        variants = sorted({tokens[0], _fold(text)})
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.fuzzy_term_query(self.schema, name, v, distance)) for v in variants]
        )


def could_be_misspelt(term: Term) -> bool:
    return term.field is None and len(term.text) >= MISSPELLING_MIN_LENGTH and term.text.isalpha()


def might_be_misspelt(node: Node | None) -> bool:
    """Whether the query has a plain word long enough to be a misspelt name."""
    if isinstance(node, Term):
        return could_be_misspelt(node)
    if isinstance(node, And | Or):
        return any(might_be_misspelt(child) for child in node.children)
    return False


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
