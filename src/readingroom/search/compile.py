"""Turn the reader's query tree (search.query) into a tantivy query over the weighted text fields."""

import re
import unicodedata
from collections.abc import Callable

import tantivy

from readingroom.search.query import And, Node, Not, Or, Phrase, Term
from readingroom.search.schema import NAME_KINDS, TEXT_FIELDS

# The query language's field names and the index fields each one searches.
FIELD_TARGETS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "summary": ("summary",),
    "text": ("text", "transcripts"),
    "type": ("type_text",),
    "source": ("source",),
    **{kind: (f"names_{kind}",) for kind in NAME_KINDS},
}
DEFAULT_FIELDS = tuple(TEXT_FIELDS)
TIE_BREAKER = 0.1


class QueryCompiler:
    def __init__(self, schema: tantivy.Schema, analyzer: tantivy.TextAnalyzer) -> None:
        self.schema = schema
        self.analyzer = analyzer

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
        tokens = self.analyzer.analyze(term.text)
        if not tokens:
            return tantivy.Query.empty_query()
        if term.prefix:
            return self._prefix(term.text, tokens, term.field)
        if term.fuzzy and len(tokens) == 1:
            plain = _fold(term.text)
            return self._across(
                term.field,
                lambda name: tantivy.Query.boolean_query(
                    [
                        (
                            tantivy.Occur.Should,
                            tantivy.Query.fuzzy_term_query(self.schema, name, plain, term.fuzzy),
                        ),
                        (
                            tantivy.Occur.Should,
                            tantivy.Query.fuzzy_term_query(self.schema, name, tokens[0], term.fuzzy),
                        ),
                    ]
                ),
            )
        return self._phrase((term.text,), term.field, 0)

    def _phrase(self, words: tuple[str, ...], field: str | None, slop: int) -> tantivy.Query:
        if field == "id":
            return tantivy.Query.term_query(self.schema, "id", " ".join(words))
        tokens = [token for word in words for token in self.analyzer.analyze(word)]
        if not tokens:
            return tantivy.Query.empty_query()
        if len(tokens) == 1:
            return self._across(field, lambda name: tantivy.Query.term_query(self.schema, name, tokens[0]))
        phrase: list[str | tuple[int, str]] = list(tokens)
        return self._across(field, lambda name: tantivy.Query.phrase_query(self.schema, name, phrase, slop))

    def _prefix(self, text: str, tokens: list[str], field: str | None) -> tantivy.Query:
        # The index holds stems ("negotiations" -> "negoti"), so try both the typed prefix and its stem.
        stems = {re.escape(_fold(text)), re.escape(tokens[-1])}
        pattern = "(" + "|".join(sorted(stems)) + ").*"
        return self._across(field, lambda name: tantivy.Query.regex_query(self.schema, name, pattern))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
