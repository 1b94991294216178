"""The search use case behind the search page, the JSON API and `readingroom search`: read the reader's request,
find the authorities it names, ask the index, and label what comes back."""

import re
from dataclasses import dataclass, field
from datetime import date
from math import ceil

from readingroom.dates.edtf import InvalidDate, display_date, parse_edtf
from readingroom.dates.written import read_date
from readingroom.home import index_path
from readingroom.names.languages import UnknownLanguage, language_name, language_tag
from readingroom.names.normalize import name_key
from readingroom.records.authorities import public_authorities
from readingroom.records.expansion import expand_names
from readingroom.records.mapping import FACET_OF_KIND
from readingroom.records.models import Access, Authority, Document, DocumentAuthority, NameVariant, Role
from readingroom.records.names import NameResolver
from readingroom.records.scan_passages import add_scan_passages
from readingroom.search.index import SearchIndex, index_at
from readingroom.search.query import ParsedQuery, parse_query
from readingroom.search.query_dates import DateAmongWords, date_among_words
from readingroom.search.searcher import DATE_FACETS, SORTS, IndexQuery, Searcher

PER_PAGE = 10
PAGE_SIZES = (10, 25, 50, 100)
MAX_PAGE = 100_000
AUTHORITY_FACETS = {facet: kind for kind, facet in FACET_OF_KIND.items()}  # "people": "person"
FACETS = (*AUTHORITY_FACETS, "languages", "type", "features")
FACET_LABELS = {
    "people": "People",
    "organizations": "Organizations",
    "places": "Places",
    "topics": "Topics",
    "collections": "Collections",
    "languages": "Languages",
    "type": "Document type",
    "features": "Features",
}
FEATURE_LABELS = {"withheld": "Passages withheld at declassification"}


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> values as the reader gave them
    any_of: frozenset[str] = frozenset()  # facets where any one of the values chosen must match
    date_from: str = ""
    date_to: str = ""
    sort: str = ""
    page: int = 1
    per_page: int = PER_PAGE  # one of PAGE_SIZES
    include_restricted: bool = False


@dataclass
class FacetValue:
    id: str
    name: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    id: str
    title: str
    date: str
    date_display: str
    summary: str
    summary_html: str  # HTML-safe: the summary with <b> around matching words, or empty
    snippet: str  # HTML-safe: a passage of the full text with <b> around matching words, or empty
    page: str | None = None  # the printed page of that passage, or the page of a scan (records/scan_passages.py)
    page_url: str = ""  # for a scan's page: the page viewer at that page
    matched: list[str] = field(default_factory=list)  # "Stalin, Joseph: Filippov" when a name, not the text, matched
    type: str = ""  # "Telegram"
    repository: str = ""  # the holding archive (the record's source.repository)
    collections: list[str] = field(default_factory=list)  # the headings of its collections


@dataclass
class SearchPage:
    request: SearchRequest
    total: int
    page: int
    pages: int
    per_page: int
    start: int
    end: int
    sort: str
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    selected: dict[str, list[FacetValue]]
    decades: list[tuple[int, int]]
    years: list[tuple[int, int]]
    months: list[tuple[int, int]]  # (195209, count): documents dated to within two years, by month
    notes: list[str]
    suggestion: str = ""  # the query with its misspelt words corrected ("Did you mean …?"), or empty
    date_among_words: DateAmongWords | None = None  # "1952" typed among the words and read as a date


@dataclass
class _Reading:
    """A request as the index is asked it, with what the reader should be told about it."""

    query: IndexQuery
    parsed: ParsedQuery
    selected: dict[str, list[FacetValue]]
    impossible: bool  # a filter names nothing in the archive
    notes: list[str]
    date_among_words: DateAmongWords | None


@dataclass(frozen=True)
class Description:
    type: str
    repository: str
    collections: tuple[str, ...]


NO_DESCRIPTION = Description("", "", ())  # for a document deleted since the index found it


class _Lookups:
    """What searches look up in the catalogue (authorities by name, their headings, document types), remembered
    until the index moves on: every write reaches the index through the change log, so a new index version is
    the sign that they may be stale. Saves the database queries of a search page."""

    MAX_NAMES = 100_000
    MAX_DOCUMENTS = 10_000  # whose names are remembered (a document may name dozens of authorities)

    def __init__(self, version: object = None) -> None:
        self.version = version
        self.resolver = NameResolver()
        self.names: dict[str, str | None] = {}  # authority id -> heading (None: no such authority)
        self.public: dict[str, bool] = {}  # authority id -> whether readers may know of it
        self.types: dict[tuple[str, bool], str | None] = {}  # (as typed, staff) -> as stored
        # document id -> (heading, variant, " key ") of every name of the authorities it names
        self.variants: dict[str, list[tuple[str, str, str]]] = {}
        self.descriptions: dict[str, Description] = {}  # document id -> what its hit says of it beside the title


_lookups = _Lookups()


def _remembered(index: SearchIndex) -> _Lookups:
    global _lookups
    version = index.version()
    if (
        _lookups.version != version
        or len(_lookups.names) > _Lookups.MAX_NAMES
        or len(_lookups.variants) > _Lookups.MAX_DOCUMENTS
        or len(_lookups.descriptions) > _Lookups.MAX_DOCUMENTS
    ):
        _lookups = _Lookups(version)
    return _lookups


def _read(request: SearchRequest, index: SearchIndex) -> _Reading:
    _remembered(index)
    notes: list[str] = []
    typed_date = date_among_words(request.q)
    parsed = parse_query(typed_date.words if typed_date else request.q)
    notes.extend(parsed.notes)
    filters, selected, impossible = _resolve_filters(request.filters, request.any_of, notes, request.include_restricted)
    earliest = _date_bound(request.date_from, "from", notes, first_day=True)
    latest = _date_bound(request.date_to, "to", notes, first_day=False)
    if typed_date:
        earliest, latest = _within_typed_date(earliest, latest, typed_date, notes)
    query = IndexQuery(
        node=expand_names(parsed.node, version=index.version(), include_restricted=request.include_restricted),
        filters=filters,
        any_of=frozenset(facet for facet in request.any_of if facet in FACETS),
        earliest=earliest,
        latest=latest,
        include_restricted=request.include_restricted,
        sort=request.sort if request.sort in SORTS else ("relevance" if parsed.node else "date"),
    )
    return _Reading(query, parsed, selected, impossible, notes, typed_date)


def index_query(request: SearchRequest, index: SearchIndex | None = None) -> IndexQuery:
    """The request as the search index is asked it: its words with their names' variants, its filters resolved."""
    return _read(request, index or index_at(index_path())).query


def matching_ids(request: SearchRequest, limit: int, index: SearchIndex | None = None) -> list[str]:
    """The ids of every document the search finds (up to `limit`), in its order: for exports and feeds."""
    index = index or index_at(index_path())
    reading = _read(request, index)
    if reading.impossible:
        return []
    reading.query.limit = limit
    return Searcher(index).ids(reading.query)


MAX_FACET_VALUES = 5000


def facet_values(
    request: SearchRequest, facet: str, contains: str = "", index: SearchIndex | None = None
) -> list[FacetValue]:
    """Every value of one facet over the search's results (up to MAX_FACET_VALUES, most frequent first), those
    whose label contains `contains` (case and accents aside)."""
    index = index or index_at(index_path())
    reading = _read(request, index)
    if reading.impossible or facet not in FACETS:
        return []
    reading.query.limit, reading.query.facet_sizes = 1, {facet: MAX_FACET_VALUES}
    result = Searcher(index).search(reading.query)
    values = _label_facets(result.facets, reading.query.filters)[facet]
    wanted = name_key(contains)
    return [value for value in values if wanted in name_key(value.name)] if wanted else values


@dataclass
class DateHistogram:
    total: int
    decades: list[tuple[int, int]]
    years: list[tuple[int, int]]
    months: list[tuple[int, int]]  # as in SearchPage


def date_histogram(request: SearchRequest, index: SearchIndex | None = None) -> DateHistogram:
    """How the documents a search finds spread over decades, years and months: the timeline's figures alone."""
    index = index or index_at(index_path())
    reading = _read(request, index)
    if reading.impossible:
        return DateHistogram(0, [], [], [])
    reading.query.limit = 1
    result = Searcher(index).search(reading.query)
    return DateHistogram(result.total, *_date_buckets(result.facets))


def search_archive(request: SearchRequest, index: SearchIndex | None = None) -> SearchPage:
    index = index or index_at(index_path())
    reading = _read(request, index)
    parsed, selected, impossible, notes = reading.parsed, reading.selected, reading.impossible, reading.notes
    filters, sort = reading.query.filters, reading.query.sort
    page = min(max(request.page, 1), MAX_PAGE)
    per_page = request.per_page if request.per_page in PAGE_SIZES else PER_PAGE
    reading.query.offset, reading.query.limit = (page - 1) * per_page, per_page
    result = Searcher(index).search(reading.query)
    total = 0 if impossible else result.total
    # A query that finds a page of documents or more is taken as meant; fewer, and its words are checked.
    suggestion = _suggestion(index, request, parsed.words()) if total < PER_PAGE else ""
    hits = (
        []
        if impossible
        else [
            Hit(
                hit.id,
                hit.title,
                hit.date,
                display_date(hit.date),
                hit.summary,
                hit.summary_html,
                hit.snippet,
                hit.page,
            )
            for hit in result.hits
        ]
    )
    facets = {facet: [] for facet in FACETS} if impossible else _label_facets(result.facets, filters)
    decades, years, months = ([], [], []) if impossible else _date_buckets(result.facets)
    add_scan_passages(hits, parsed.words())
    _explain(hits, parsed.words())
    _describe(hits)
    start = (page - 1) * per_page + 1 if hits else 0
    return SearchPage(
        request=request,
        total=total,
        page=page,
        pages=max(1, ceil(total / per_page)),
        per_page=per_page,
        start=start,
        end=start + len(hits) - 1 if hits else 0,
        sort=sort,
        hits=hits,
        facets=facets,
        selected=selected,
        decades=decades,
        years=years,
        months=months,
        notes=notes,
        suggestion=suggestion,
        date_among_words=reading.date_among_words,
    )


def _date_buckets(
    buckets: dict[str, list[tuple[str, int]]],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    decades, years, months = ([(int(key), count) for key, count in buckets.get(unit, [])] for unit in DATE_FACETS)
    return decades, years, months


def _explain(hits: list[Hit], words: tuple[str, ...]) -> None:
    """Say which authority's name matched a hit whose title and summary do not hold the words typed."""
    keys = [key for key in dict.fromkeys(name_key(word) for word in words) if key]
    unseen: dict[str, list[str]] = {}  # hit id -> the keys its title, summary and passage do not show
    for hit in hits:
        visible = f" {name_key(' '.join((hit.title, hit.summary, re.sub('<[^>]+>', '', hit.snippet))))} "
        if missing := [key for key in keys if f" {key} " not in visible]:
            unseen[hit.id] = missing
    if not unseen:
        return
    by_document = _lookups.variants
    if missing := [document_id for document_id in unseen if document_id not in by_document]:
        names = NameVariant.objects.filter(authority__links__document_id__in=missing).values_list(
            "authority__links__document_id", "authority__name", "name", "key"
        )
        for document_id in missing:
            by_document[document_id] = []
        for document_id, authority, name, key in names:
            by_document[document_id].append((authority, name, f" {key} "))
    for hit in hits:
        for key in unseen.get(hit.id, []):
            for authority, name, variant in by_document.get(hit.id, []):
                if f" {key} " in variant:
                    explanation = f"{authority}: {name}" if name != authority else authority
                    if explanation not in hit.matched:
                        hit.matched.append(explanation)
                    break


def _describe(hits: list[Hit]) -> None:
    """Give each hit its type, holding repository and collections, for readers to judge a result by where it comes
    from. The index does not store them, so they are read for the page's documents (two queries) and remembered."""
    described = _lookups.descriptions
    if missing := [hit.id for hit in hits if hit.id not in described]:
        documents = Document.objects.filter(id__in=missing).values_list("id", "type", "source_repository")
        collections: dict[str, list[str]] = {}
        links = DocumentAuthority.objects.filter(document_id__in=missing, role=Role.COLLECTION)
        for document_id, name in links.order_by("position").values_list("document_id", "authority__name"):
            collections.setdefault(document_id, []).append(name)
        for document_id, document_type, repository in documents:
            described[document_id] = Description(document_type, repository, tuple(collections.get(document_id, [])))
    for hit in hits:
        description = described.get(hit.id, NO_DESCRIPTION)
        hit.type, hit.repository = description.type, description.repository
        hit.collections = list(description.collections)


def _suggestion(index: SearchIndex, request: SearchRequest, words: tuple[str, ...]) -> str:
    corrections = Searcher(index).suggest(words, include_restricted=request.include_restricted)
    if not corrections:
        return ""
    return re.sub(r"[\w'-]+", lambda match: corrections.get(match.group(), match.group()), request.q)


def _resolve_filters(
    requested: dict[str, list[str]], any_of: frozenset[str], notes: list[str], include_restricted: bool
) -> tuple[dict[str, list[str]], dict[str, list[FacetValue]], bool]:
    """Facet values as index terms (authority ids, exact types); a name that names nothing can match nothing (and
    so nothing at all, unless it is one of several alternatives)."""
    resolver = _lookups.resolver
    filters: dict[str, list[str]] = {}
    selected: dict[str, list[FacetValue]] = {}
    known: set[str] = set()  # the authorities found, whose headings label their chips
    impossible = False
    for facet, values in requested.items():
        if facet not in FACETS:
            continue
        for value in dict.fromkeys(v.strip() for v in values if v.strip()):
            term: str | None
            if facet in AUTHORITY_FACETS:
                term = resolver.find(value, AUTHORITY_FACETS[facet])
                if term and not include_restricted and not _known_to_readers(term):
                    term = None  # named only by restricted documents: unknown to the public
                if term:
                    known.add(term)
            elif facet == "type":
                term = _document_type(value, include_restricted)
            elif facet == "languages":
                term = _language(value)
            else:
                term = value
            if term is None:
                notes.append(f"Nothing in the archive is called “{value}” ({FACET_LABELS[facet].lower()}).")
                impossible = impossible or facet not in any_of
                term = value
            filters.setdefault(facet, []).append(term)
            label = _label(facet, term, {term: value})
            selected.setdefault(facet, []).append(FacetValue(term, label, 0, True))
    # Only these: a hidden authority's chip keeps the value as typed, or its heading would tell of it.
    names = _authority_names(known)
    for group in selected.values():
        for chosen in group:
            chosen.name = names.get(chosen.id, chosen.name)
    return filters, selected, impossible


def _known_to_readers(authority_id: str) -> bool:
    if authority_id not in _lookups.public:
        _lookups.public[authority_id] = public_authorities().filter(pk=authority_id).exists()
    return _lookups.public[authority_id]


def _document_type(value: str, include_restricted: bool) -> str | None:
    """The archive's spelling of a document type, whatever the case typed (a look-up in the type index). Types
    only restricted documents have are unknown to the public: the note saying so would otherwise tell of them."""
    key = (value, include_restricted)
    if key not in _lookups.types:
        documents = Document.objects.all() if include_restricted else Document.objects.filter(access=Access.PUBLIC)
        if documents.filter(type=value).exists():
            _lookups.types[key] = value
        else:
            types = documents.order_by().values_list("type", flat=True).distinct()
            _lookups.types[key] = next((known for known in types if known.casefold() == value.casefold()), None)
    return _lookups.types[key]


def _date_bound(text: str, name: str, notes: list[str], first_day: bool) -> date | None:
    """One end of the dates chosen, written as people write dates ("22 Sept. 1952", "1950s") or in EDTF."""
    if not text.strip():
        return None
    try:
        edtf = read_date(text)
    except InvalidDate as error:
        notes.append(f"The “{name}” date was ignored: {error}")
        return None
    if edtf is None:
        notes.append(f"The “{name}” date was ignored: “{text.strip()}” says there is no date.")
        return None
    parsed = parse_edtf(edtf)
    return parsed.earliest if first_day else parsed.latest


def _within_typed_date(
    earliest: date | None, latest: date | None, typed: DateAmongWords, notes: list[str]
) -> tuple[date | None, date | None]:
    """The dates chosen, narrowed to the date typed among the words. Chosen dates narrow it further rather than
    replace it: a timeline bar chosen on the page of "Stalin 1952" keeps the year, as the reader would expect."""
    span = parse_edtf(typed.edtf)
    period = f"the {span.display}" if typed.edtf.endswith("X") else span.display  # the 1950s
    notes.append(f"“{typed.typed}” read as a date: documents of {period}. Quote it to search for it as a word.")
    if span.earliest and (earliest is None or span.earliest > earliest):
        earliest = span.earliest
    if span.latest and (latest is None or span.latest < latest):
        latest = span.latest
    return earliest, latest


def _label_facets(
    buckets: dict[str, list[tuple[str, int]]], filters: dict[str, list[str]]
) -> dict[str, list[FacetValue]]:
    names = _authority_names({key for facet in AUTHORITY_FACETS for key, _ in buckets.get(facet, [])})
    facets: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        chosen = set(filters.get(facet, []))
        values = [
            FacetValue(key, _label(facet, key, names), count, key in chosen) for key, count in buckets.get(facet, [])
        ]
        values.sort(key=lambda value: (not value.selected, -value.count, value.name.casefold()))
        facets[facet] = values
    return facets


def _language(value: str) -> str:
    """A language as the index holds it, its tag ("Russian" and "RU" are "ru"); anything else as typed, to match
    nothing."""
    try:
        return language_tag(value)
    except UnknownLanguage:
        return value


def _label(facet: str, key: str, names: dict[str, str]) -> str:
    if facet == "languages":
        return language_name(key)
    if facet == "features":
        return FEATURE_LABELS.get(key, key)
    return names.get(key, key)


def _authority_names(ids: set[str]) -> dict[str, str]:
    names = _lookups.names
    missing = ids - names.keys()
    if missing:
        names.update(dict.fromkeys(missing))  # remembered as unknown too: a type or a language is no authority
        names.update(Authority.objects.filter(id__in=missing).values_list("id", "name"))
    return {authority_id: name for authority_id in ids if (name := names[authority_id]) is not None}
