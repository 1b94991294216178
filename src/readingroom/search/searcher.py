"""Run one search page against the index: matching, filters, exact total, facet counts, one page of hits."""

import difflib
import json
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import tantivy

from readingroom.search.compile import NAME_FIELDS, QueryCompiler, might_be_misspelt
from readingroom.search.highlight import Highlighter, Tokens
from readingroom.search.index import SearchIndex
from readingroom.search.query import Node
from readingroom.search.schema import CODED_FACETS, DOCUMENT_KIND, FACETS, coded_field

SORT_FIELDS: dict[str, tuple[str, tantivy.Order]] = {
    "date": ("earliest", tantivy.Order.Asc),
    "-date": ("latest", tantivy.Order.Desc),
    "title": ("sort_title", tantivy.Order.Asc),
    "added": ("added", tantivy.Order.Desc),  # most recently added first
}
SORTS = ("relevance", *SORT_FIELDS)
MISSPELLING_FALLBACK_BELOW = 10
MAX_SUGGESTED_WORDS = 5
SUGGESTION_CANDIDATES = 20_000
SUGGESTION_SIMILARITY = 0.75
SNIPPET_CHARACTERS = 260
SUMMARY_CHARACTERS = 100_000
# Per-segment buckets counted before merging; high enough that counts are exact (see ARCHITECTURE.md).
FACET_SEGMENT_SIZE = 65_000
DATE_FACETS = ("decade", "year", "month")
PAGES_KEPT = 10  # pages of one search kept in the result cache (index.results), the last shown


@dataclass
class IndexQuery:
    node: Node | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    any_of: frozenset[str] = frozenset()  # facets whose values are alternatives (any one must match), not all required
    earliest: date | None = None  # documents that may fall on or after this day
    latest: date | None = None  # documents that may fall on or before this day
    include_restricted: bool = False
    sort: str = "relevance"
    offset: int = 0
    limit: int = 10
    facet_size: int = 10
    facet_sizes: dict[str, int] = field(default_factory=dict)  # per facet, overriding facet_size


@dataclass
class IndexHit:
    id: str
    title: str
    date: str
    summary: str
    summary_html: str  # the summary escaped, matching words in <b>; empty when no word matched there
    snippet: str  # HTML: a passage of the full text, escaped, matching words in <b>
    page: str | None  # the printed page the passage stands on, when known
    score: float | None


@dataclass
class IndexResult:
    total: int
    hits: list[IndexHit]
    facets: dict[str, list[tuple[str, int]]]


@dataclass
class _Counted:
    """What a set of matches comes to, whichever page of it is shown, and the pages of it last shown."""

    total: int
    facets: dict[str, list[tuple[str, int]]]
    forgiving: bool  # matched with the allowance for misspelt names
    pages: OrderedDict[tuple[str, int, int], IndexResult] = field(default_factory=OrderedDict)  # by sort, offset, limit

    def keep(self, page: tuple[str, int, int], answer: IndexResult) -> None:
        self.pages[page] = answer
        with suppress(KeyError):  # another thread emptied it first
            while len(self.pages) > PAGES_KEPT:
                self.pages.popitem(last=False)  # one step, safe beside other threads


class Searcher:
    """Searches for readers run on the index of the public documents alone (SearchIndex.public), so that their
    ranking owes nothing to restricted ones; staff's on the full index."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.compiler = QueryCompiler(index.schema, index.analyzers)
        self.forgiving = QueryCompiler(index.schema, index.analyzers, misspellings=True)

    def search(self, request: IndexQuery) -> IndexResult:
        """One page of results. When the words match fewer documents than a page holds, names that a word nearly
        spells are matched too ("Khruschev"), ranked below the exact matches.

        The index's result cache keeps the page, and the total and facets of its matches for the other pages and
        sorts, until the next commit."""
        index = self.index.for_readers(request.include_restricted)
        version = index.version()  # before the searcher: an answer is never older than the version it is kept at
        searcher = index.searcher()
        matches, page = _matches(request), (request.sort, request.offset, request.limit)
        counted = index.results.get(version, matches)
        if isinstance(counted, _Counted) and (shown := counted.pages.get(page)) is not None:
            return shown
        sort, order = _order(request)
        if isinstance(counted, _Counted):
            query = self._query(request, self.forgiving if counted.forgiving else self.compiler)
            result = searcher.search(query, request.limit, offset=request.offset, **order)
        else:
            query = self._query(request, self.compiler)
            result = searcher.search(query, request.limit, count=True, offset=request.offset, **order)
            forgiving = result.count < MISSPELLING_FALLBACK_BELOW and might_be_misspelt(request.node)  # type: ignore[attr-defined]
            if forgiving:
                query = self._query(request, self.forgiving)
                result = searcher.search(query, request.limit, count=True, offset=request.offset, **order)
            counted = _Counted(
                int(result.count),  # type: ignore[attr-defined]  # missing from the stubs
                self._facets(searcher, query, request),
                forgiving,
            )
            index.results.put(version, matches, counted)
        answer = IndexResult(counted.total, self._hits(searcher, query, request, sort, result.hits), counted.facets)
        counted.keep(page, answer)
        return answer

    def _hits(
        self,
        searcher: tantivy.Searcher,
        query: tantivy.Query,
        request: IndexQuery,
        sort: str,
        found: list[tuple[Any, tantivy.DocAddress]],
    ) -> list[IndexHit]:
        highlights = self.highlights(searcher, request.node) if request.node else None
        hits = []
        for key, address in found:
            doc = searcher.doc(address)
            snippet, page = highlights.passage(doc) if highlights else ("", None)
            hits.append(
                IndexHit(
                    id=str(doc.get_first("id")),
                    title=doc.get_first("title") or "",
                    date=doc.get_first("date") or "",
                    summary=doc.get_first("summary") or "",
                    summary_html=highlights.summary(doc) if highlights else "",
                    snippet=snippet,
                    page=page,
                    score=key if sort == "relevance" else None,
                )
            )
        return hits

    def ids(self, request: IndexQuery) -> list[str]:
        """The ids of every match (up to `request.limit`), in the request's order: no facets, no snippets."""
        searcher = self.index.for_readers(request.include_restricted).searcher()
        _, order = _order(request)
        query = self._query(request, self.compiler)
        hits = searcher.search(query, request.limit, count=False, offset=request.offset, **order).hits
        return [str(searcher.doc(address).get_first("id")) for _, address in hits]

    def similar(self, document_id: str, limit: int = 5, include_restricted: bool = False) -> list[IndexHit]:
        """Documents most like this one in their words and names (tantivy's MoreLikeThis), best first."""
        searcher = self.index.for_readers(include_restricted).searcher()
        found = searcher.search(tantivy.Query.term_query(self.index.schema, "id", document_id), 1).hits
        if not found:
            return []
        like = tantivy.Query.more_like_this_query(
            found[0][1], min_doc_frequency=2, min_term_frequency=1, max_query_terms=40, min_word_length=3
        )
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, like),
                (tantivy.Occur.MustNot, tantivy.Query.term_query(self.index.schema, "id", document_id)),
            ]
            + [
                (tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0))
                for f in self._filters(IndexQuery(include_restricted=include_restricted))
            ]
        )
        hits = []
        for score, address in searcher.search(query, limit).hits:
            doc = searcher.doc(address)
            hits.append(
                IndexHit(
                    str(doc.get_first("id")),
                    doc.get_first("title") or "",
                    doc.get_first("date") or "",
                    doc.get_first("summary") or "",
                    "",
                    "",
                    None,
                    score,
                )
            )
        return hits

    def suggest(self, words: Iterable[str], include_restricted: bool = False) -> dict[str, str]:
        """For each word that matches nothing, the authority-name word it most likely misspells ("khrushchev"
        for "Khruschev"), from the names of the documents the reader may see."""
        visible = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, f) for f in self._filters(IndexQuery(include_restricted=include_restricted))]
        )
        searcher = self.index.for_readers(include_restricted).searcher()
        suggestions: dict[str, str] = {}
        for word in list(dict.fromkeys(words))[:MAX_SUGGESTED_WORDS]:
            if len(word) < 4 or not word.isalpha():
                continue
            exact = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, self.compiler.exact(word)), (tantivy.Occur.Must, visible)]
            )
            if searcher.search(exact, 1, count=True).count:  # type: ignore[attr-defined]
                continue
            folded = self.compiler.tokens(NAME_FIELDS[0], word)
            if len(folded) != 1:
                continue
            counts: dict[str, int] = {}
            for field_name in NAME_FIELDS:
                for term, count in searcher.terms_with_prefix(
                    field_name, folded[0][:1], filter_query=visible, limit=SUGGESTION_CANDIDATES
                ):
                    counts[term] = counts.get(term, 0) + count
            close = difflib.get_close_matches(folded[0], counts, n=3, cutoff=SUGGESTION_SIMILARITY)
            if close:
                best = max(
                    close, key=lambda term: (difflib.SequenceMatcher(None, folded[0], term).ratio(), counts[term])
                )
                suggestions[word] = best.capitalize() if word[:1].isupper() else best
        return suggestions

    def query(self, request: IndexQuery) -> tantivy.Query:
        """The tantivy query a search runs: its words, and its filters as one clause."""
        return self._query(request, self.compiler)

    def _query(self, request: IndexQuery, compiler: QueryCompiler) -> tantivy.Query:
        matching = tantivy.Query.all_query() if request.node is None else compiler.compile(request.node)
        # The filters make one clause, which tantivy intersects first: the words are then looked for only in the
        # documents that pass every filter. Listed beside the words, each filter was checked in turn, and the words
        # sought in every document of the rarest filter (11% of a million-document faceted page's engine time).
        filters = tantivy.Query.boolean_query([(tantivy.Occur.Must, f) for f in self._filters(request)])
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, matching), (tantivy.Occur.Must, tantivy.Query.const_score_query(filters, 0.0))]
        )

    def _filters(self, request: IndexQuery) -> list[tantivy.Query]:
        schema = self.index.schema
        filters = [tantivy.Query.term_query(schema, "kind", DOCUMENT_KIND)]
        if not request.include_restricted:
            filters.append(tantivy.Query.term_query(schema, "access", "public"))
        for facet, values in request.filters.items():
            terms = [tantivy.Query.term_query(schema, facet, value) for value in values]
            if facet in request.any_of and len(terms) > 1:
                filters.append(tantivy.Query.boolean_query([(tantivy.Occur.Should, term) for term in terms]))
            else:
                filters.extend(terms)
        if request.earliest:
            filters.append(_at_least(schema, "latest", request.earliest.toordinal()))
        if request.latest:
            filters.append(_at_most(schema, "earliest", request.latest.toordinal()))
        return filters

    def aggregations(self, request: IndexQuery) -> dict[str, Any]:
        """What tantivy is asked to count over a search's matches: every facet and every date level."""
        aggregations: dict[str, Any] = {
            facet: {
                "terms": {
                    "field": coded_field(facet) if facet in CODED_FACETS else facet,
                    "size": request.facet_sizes.get(facet, request.facet_size),
                    "segment_size": FACET_SEGMENT_SIZE,
                }
            }
            for facet in FACETS
        }
        for facet in DATE_FACETS:
            aggregations[facet] = {"terms": {"field": facet, "size": 10_000, "segment_size": FACET_SEGMENT_SIZE}}
        return aggregations

    def _facets(
        self, searcher: tantivy.Searcher, query: tantivy.Query, request: IndexQuery
    ) -> dict[str, list[tuple[str, int]]]:
        aggregations = self.aggregations(request)
        answer = searcher.aggregate(query, aggregations)
        # An "any of" facet counts its values over the results without its own choice, so that each count says
        # how many documents choosing that value (too) would show.
        for facet in request.any_of & set(request.filters):
            others = IndexQuery(
                **{**vars(request), "filters": {k: v for k, v in request.filters.items() if k != facet}}
            )
            answer[facet] = searcher.aggregate(self._query(others, self.compiler), {facet: aggregations[facet]})[facet]
        facets: dict[str, list[tuple[str, int]]] = {}
        for facet in (*FACETS, *DATE_FACETS):
            buckets = [(bucket["key"], int(bucket["doc_count"])) for bucket in answer.get(facet, {}).get("buckets", [])]
            if facet in CODED_FACETS:
                index = self.index.for_readers(request.include_restricted)  # the one `searcher` reads
                values = index.facet_values(searcher, facet, (key for key, _ in buckets))
                buckets = [(values[key], count) for key, count in buckets if key in values]
            facets[facet] = [(str(key), count) for key, count in buckets]
        for facet in DATE_FACETS:
            facets[facet].sort(key=lambda bucket: int(bucket[0]))
        return facets

    def highlights(self, searcher: tantivy.Searcher, node: Node) -> "Highlights":
        """What the query matched in a hit's full text and summary, highlighted."""
        return Highlights(searcher, self.index.schema, node, self.compiler.tokens)


class Highlights:
    """A passage of a hit's full text and its whole summary, each with what the query matched there in <b>.
    tantivy chooses the passage with the most of the words that may be marked; search.highlight marks them."""

    def __init__(self, searcher: tantivy.Searcher, schema: tantivy.Schema, node: Node, tokens: Tokens) -> None:
        self._text = Highlighter(node, "text", tokens)
        self._summary = Highlighter(node, "summary", tokens)
        self._passages = tantivy.SnippetGenerator.create(searcher, self._text.query(schema), schema, "text")
        self._passages.set_max_num_chars(SNIPPET_CHARACTERS)
        self._summaries = tantivy.SnippetGenerator.create(searcher, self._summary.query(schema), schema, "summary")
        self._summaries.set_max_num_chars(SUMMARY_CHARACTERS)  # the whole summary

    def summary(self, doc: tantivy.Document) -> str:
        """The summary as HTML with what matched in <b>, or "" when nothing matched there."""
        if not self._summary.terms() or not self._summaries.snippet_from_doc(doc).highlighted():
            return ""
        return self._summary.html(doc.get_first("summary") or "")[0]

    def passage(self, doc: tantivy.Document) -> tuple[str, str | None]:
        """A passage of the full text with what matched in <b>, and the printed page where the first match stands."""
        if not self._text.terms():
            return "", None
        fragment = self._passages.snippet_from_doc(doc).fragment()
        marked, first = self._text.html(fragment)
        if first is None:
            return "", None
        pages = json.loads(doc.get_first("pages") or "[]")
        start = (doc.get_first("text") or "").find(fragment)
        page = None
        if start >= 0 and pages:
            page = next((str(number) for offset, number in reversed(pages) if offset <= start + first), None)
        return marked, page


def _matches(request: IndexQuery) -> Hashable:
    """What decides which documents match and how their facets are counted: the request less its sort and page."""
    return (
        request.node,
        tuple(sorted((facet, tuple(values)) for facet, values in request.filters.items())),
        request.any_of,
        request.earliest,
        request.latest,
        request.include_restricted,
        request.facet_size,
        tuple(sorted(request.facet_sizes.items())),
    )


def _order(request: IndexQuery) -> tuple[str, dict[str, Any]]:
    """The sort in force (relevance, or date when there is nothing to rank by) and tantivy's arguments for it."""
    sort = request.sort if request.sort in SORTS else "relevance"
    if sort == "relevance" and request.node is None:
        sort = "date"
    if sort == "relevance":
        return sort, {}
    order_by, direction = SORT_FIELDS[sort]
    return sort, {"order_by_field": order_by, "order": direction}


def _at_least(schema: tantivy.Schema, name: str, value: int) -> tantivy.Query:
    return tantivy.Query.range_query(schema, name, tantivy.FieldType.Integer, value, None)


def _at_most(schema: tantivy.Schema, name: str, value: int) -> tantivy.Query:
    return tantivy.Query.range_query(schema, name, tantivy.FieldType.Integer, None, value)
