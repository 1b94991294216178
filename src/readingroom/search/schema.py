"""What the index holds for each document, and how text is analysed.

The index is derived from the catalogue: `IndexDocument` is everything the searcher needs, built by the catalogue's
indexer. Authority names are indexed by kind so that a document is found by any name of any authority it names.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field

import tantivy

from readingroom.names.normalize import name_key

SCHEMA_VERSION = 7
TEXT_ANALYZER = "readingroom_text"  # English: stemmed, accents folded
NAME_ANALYZER = "readingroom_name"  # names and other languages: words as written, case and accents folded
CHINESE_ANALYZER = "readingroom_zh"  # each Han character a token, so words of any length are phrases
RUSSIAN_ANALYZER = "readingroom_ru"  # Russian word forms: Хрущёва finds Хрущёв

# Facet fields: raw values (authority ids, language tags, type names), fast for counting (but the coded ones below).
FACETS = ("people", "organizations", "places", "topics", "collections", "languages", "type", "features")
# Facets of many values (authority ids), counted over a number standing for each value (its facet_code) in a field
# of their own (coded_field). tantivy counts a string field's values by looking each one up in every segment's term
# dictionary. On a million-document search page, people took 5.2 ms beyond the query as strings, 0.9 ms as numbers.
# The strings stay, to filter on exactly and to read the numbers back (SearchIndex.facet_values).
CODED_FACETS = ("people", "organizations", "places", "topics", "collections")
# Kinds of authority whose names are searchable, each in its own field (names_person ...).
NAME_KINDS = ("person", "organization", "place", "topic", "collection")
# Analysed text fields and their weight in relevance ranking (BM25 score times weight).
TEXT_FIELDS = {
    "title": 3.0,
    "summary": 2.0,
    "text": 1.0,
    "transcripts": 1.0,
    "transcripts_zh": 1.0,
    "transcripts_ru": 1.0,
    "names_person": 1.5,
    "names_organization": 1.2,
    "names_place": 1.2,
    "names_topic": 1.2,
    "names_collection": 0.5,
    "type_text": 1.0,
    "source": 0.5,
}
DOCUMENT_KIND = "document"
STATE_KIND = "state"
STATE_ID = "readingroom:index-state"


@dataclass
class IndexDocument:
    id: str
    title: str
    date: str = ""
    earliest: datetime.date | None = None
    latest: datetime.date | None = None
    summary: str = ""
    text: str = ""
    transcripts: list[tuple[str, str]] = field(default_factory=list)  # (BCP 47 language, text)
    type: str = ""
    source: str = ""
    access: str = "public"
    added: int = 0  # when the document came into the archive, seconds since 1970
    sort_title: str = ""
    pages: list[tuple[int, str]] = field(default_factory=list)  # (offset in text, printed page number)
    names: dict[str, list[str]] = field(default_factory=dict)  # authority kind -> every name of every authority
    facets: dict[str, list[str]] = field(default_factory=dict)  # facet field -> values


# Russian surnames in -ов/-ев/-ин declined (Хрущёва, Молотову, Сталиным): the Snowball stemmer reduces these to
# another stem than the nominative, so the case ending is taken off first.
RUSSIAN_SURNAME = re.compile(r"\b([А-Яа-я]+(?:[оеё]в|[иы]н))(?:а|у|ым|ом|ой|е|ых|ыми)\b")


def analyzers() -> dict[str, tantivy.TextAnalyzer]:
    def words() -> tantivy.TextAnalyzerBuilder:
        return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(60))

    return {
        # "Négotiations" -> "negoti"
        TEXT_ANALYZER: words()
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build(),
        NAME_ANALYZER: words().filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build(),
        CHINESE_ANALYZER: tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"\p{Han}|[\p{L}\p{N}&&[^\p{Han}]]+"))
        .filter(tantivy.Filter.lowercase())
        .build(),
        RUSSIAN_ANALYZER: words().filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.stemmer("russian")).build(),
    }


def field_analyzer(name: str) -> str:
    if name.startswith("names_") or name == "transcripts":
        return NAME_ANALYZER
    return {"transcripts_zh": CHINESE_ANALYZER, "transcripts_ru": RUSSIAN_ANALYZER}.get(name, TEXT_ANALYZER)


def prepare(name: str, text: str) -> str:
    """What a field's analyser is given, for indexing and querying alike: names are folded to their lookup key
    (Хрущёв = Хрущев, N.S. = N. S.); Russian loses the diaeresis of ё, which its stemmer does not know."""
    if name.startswith("names_"):
        return name_key(text)
    if name == "transcripts_ru":
        return RUSSIAN_SURNAME.sub(r"\1", text.replace("ё", "е").replace("Ё", "Е"))
    return text


def transcript_field(language: str) -> str:
    primary = language.split("-")[0].lower()
    return {"zh": "transcripts_zh", "ru": "transcripts_ru"}.get(primary, "transcripts")


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    builder.add_text_field("kind", tokenizer_name="raw")
    builder.add_text_field("access", tokenizer_name="raw")
    builder.add_text_field("date", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:  # in a fixed order: an index is reopened only with the very same schema
        stored = name in ("title", "summary", "text")
        builder.add_text_field(name, stored=stored, tokenizer_name=field_analyzer(name))
    for name in FACETS:
        builder.add_text_field(name, tokenizer_name="raw", fast=name not in CODED_FACETS)
    for name in CODED_FACETS:
        builder.add_integer_field(coded_field(name), fast=True)
    builder.add_text_field("sort_title", tokenizer_name="raw", fast=True)
    builder.add_text_field("pages", stored=True, tokenizer_name="raw")  # JSON: [[offset, page], ...]
    builder.add_text_field("fingerprint", stored=True, tokenizer_name="raw")  # of the IndexDocument: see check
    # Days since 0001-01-01 (date.toordinal), so that ranges and sorting are integer comparisons.
    for name in ("earliest", "latest", "year", "decade", "month", "added"):
        builder.add_integer_field(name, indexed=True, fast=True)
    builder.add_integer_field("sequence", stored=True)
    builder.add_integer_field("schema_version", stored=True)
    return builder.build()


def years_spanned(earliest: datetime.date | None, latest: datetime.date | None, limit: int = 200) -> list[int]:
    """The years a document's date may fall in (an open end counts only the known year)."""
    first = earliest.year if earliest else latest.year if latest else None
    last = latest.year if latest else first
    if first is None or last is None:
        return []
    return list(range(first, min(last, first + limit - 1) + 1))


def months_spanned(earliest: datetime.date | None, latest: datetime.date | None, limit: int = 24) -> list[int]:
    """The months (as 195209) a document may fall in, when it is dated to within `limit` months."""
    if earliest is None or latest is None:
        return []
    first, last = earliest.year * 12 + earliest.month - 1, latest.year * 12 + latest.month - 1
    if last - first >= limit:
        return []
    return [(index // 12) * 100 + index % 12 + 1 for index in range(first, last + 1)]


def coded_field(facet: str) -> str:
    """The field that holds the numbers of a coded facet's values."""
    return f"{facet}_code"


def facet_code(value: str) -> int:
    """The number standing for a value of a coded facet: the first 63 bits of its BLAKE2b hash, the same in every
    process and every version. Two of a million values share a number with a chance of about one in 18 million."""
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big") >> 1


def fingerprint(document: IndexDocument) -> str:
    """A hash of everything the index holds of a document: the check compares it with the catalogue's.

    The fields are encoded as they stand: every one is a string, number, date, list, tuple or dict, which JSON
    writes as it would their copies. (dataclasses.asdict copied them first, deeply: 40% of reindexing's time.)"""
    text = json.dumps(vars(document), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def to_tantivy(document: IndexDocument) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", document.id)
    doc.add_text("fingerprint", fingerprint(document))
    doc.add_text("kind", DOCUMENT_KIND)
    doc.add_text("access", document.access)
    doc.add_text("date", document.date)
    doc.add_text("title", document.title)
    doc.add_text("summary", document.summary)
    doc.add_text("text", document.text)
    for language, transcript in document.transcripts:
        field_name = transcript_field(language)
        doc.add_text(field_name, prepare(field_name, transcript))
    for kind, names in document.names.items():
        for name in names:
            doc.add_text(f"names_{kind}", prepare(f"names_{kind}", name))
    doc.add_text("type_text", document.type)
    doc.add_text("source", document.source)
    for facet, values in document.facets.items():
        for value in values:
            doc.add_text(facet, value)
            if facet in CODED_FACETS:
                doc.add_integer(coded_field(facet), facet_code(value))
    doc.add_text("sort_title", document.sort_title)
    doc.add_integer("added", document.added)
    if document.pages:
        doc.add_text("pages", json.dumps(document.pages))
    if document.earliest or document.latest:
        # An open end ("../1953", "1952/..") reaches as far as dates go, so range filters treat it as unbounded.
        doc.add_integer("earliest", (document.earliest or datetime.date.min).toordinal())
        doc.add_integer("latest", (document.latest or datetime.date.max).toordinal())
    years = years_spanned(document.earliest, document.latest)
    for year in years:
        doc.add_integer("year", year)
    for decade in sorted({year // 10 * 10 for year in years}):
        doc.add_integer("decade", decade)
    for month in months_spanned(document.earliest, document.latest):
        doc.add_integer("month", month)
    return doc
