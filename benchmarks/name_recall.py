"""Recall and precision of name search on the FRUS corpus, and what name matching costs in latency.

    python benchmarks/name_recall.py [--home DIR] [--corpus DIR] [--people N] [--json FILE]

For every person of the people database with two or more names of their own (preferred and listed variants) and
at least one document, each name is searched as a phrase; the documents that should be found are those that name
the person: those the volumes' markup links to the person, and those whose title, summary or text holds any of
the person's names. Recall and precision are pooled (micro-averaged) per group of names.

Latency of the whole search page (`search_archive`: parsing, expansion, matching, exact total, facets with their
names, snippets, "did you mean") for the same name queries: as typed
(names matched through the index's name fields only), with query-time expansion, and with the misspelling fallback
too; each query 5 times, the median per query, then p50/p95 over the queries.

Spelling pairs that no volume lists: every other name of a person in the table of conventional names
(names/data/conventional_people.tsv: Jiang Jieshi, 蔣介石, Dzhugashvili, 김일성 ...) paired with the row's first name,
the one FRUS prints. A pair counts when its first name finds documents; its recall is the share of those documents
the other name finds, pooled per group of the table's sources.
Places likewise: every curated name of a place of the gazetteer (places/data/gazetteer.json: Peking, Mukden,
Djakarta, Stalingrad, 北京 ...) paired with the place's curated name that finds the most documents, pooled into
historical names (those with a period), current and conventional ones, and those in other scripts.

Without --home the corpus is imported into a temporary data directory first (about a minute).
"""

import argparse
import json
import statistics
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from archive import DEFAULT_CORPUS, PROJECT, frus_archive


def group_of(name: str) -> str:
    from readingroom.names.variants import name_variants, pinyin_to_wade_giles, wade_giles_readings

    if any("\u4e00" <= char <= "\u9fff" for char in name):
        return "Chinese characters"
    if any("\u0400" <= char <= "\u04ff" for char in name):
        return "Cyrillic"
    if pinyin_to_wade_giles(name) or wade_giles_readings(name):
        return "Chinese romanised"
    if any(any("\u0400" <= char <= "\u04ff" for char in variant) for variant in name_variants(name)):
        return "Russian romanised"
    return "Other (English, European, Korean, Vietnamese ...)"


PAIR_GROUPS = {
    "pinyin": "Chinese romanised (pinyin, Wade-Giles)",
    "wg": "Chinese romanised (pinyin, Wade-Giles)",
    "boorman": "Chinese romanised (pinyin, Wade-Giles)",  # the dictionaries' Wade-Giles; their characters below
    "kc": "Chinese romanised (pinyin, Wade-Giles)",
    "gse": "Cyrillic",
    "korean": "Korean (Hangul, Hanja, romanisations)",
    "mr": "Korean (Hangul, Hanja, romanisations)",
    "rr": "Korean (Hangul, Hanja, romanisations)",
    "japanese": "Japanese (kanji, Hepburn)",
    "hepburn": "Japanese (kanji, Hepburn)",
    "vietnamese": "Vietnamese with diacritics",
    "alias": "Aliases, birth names, code names",
    "birth": "Aliases, birth names, code names",
    "cwihp": "Aliases, birth names, code names",
    "native": "Other scripts (Arabic, Hebrew, Thai ...)",
}


def spelling_pairs() -> list[tuple[str, str, str]]:
    """(group, other name, first name) for every other name of every person of the table of conventional names."""
    from importlib.resources import files

    from readingroom.names.conventional import read_table

    table = files("readingroom.names").joinpath("data/conventional_people.tsv").read_text(encoding="utf-8")
    pairs = []
    for person in read_table(table):
        first = person.names[0][0]
        for name, source in person.names[1:]:
            han = any("\u4e00" <= char <= "\u9fff" for char in name)
            group = "Chinese characters" if han else PAIR_GROUPS.get(source, "English forms (FRUS, Britannica)")
            pairs.append((group, name, first))
    return pairs


def place_pairs(found: Any) -> list[tuple[str, str, str]]:
    """(group, other name, reference name) for every curated name of every place of the gazetteer: the reference is
    the place's curated name that finds the most documents of the corpus (the one its volumes print)."""
    from readingroom.places.gazetteer import places

    pairs = []
    for place in places():
        names = [name for name in place.names if name.source != "GeoNames"]
        if len(names) < 2:
            continue
        reference = max(names, key=lambda name: len(found(name.name)))
        for name in names:
            if name is reference:
                continue
            latin = all(not char.isalpha() or "LATIN" in unicodedata.name(char, "") for char in name.name)
            group = "places: historical names" if name.period else "places: current and conventional names"
            pairs.append(
                (group if latin else "places: other scripts (Chinese, Cyrillic ...)", name.name, reference.name)
            )
    return pairs


def pair_recall(found: Any, table: list[tuple[str, str, str]] | None = None) -> dict[str, dict[str, Any]]:
    """Recall of each group of spelling pairs whose first name finds documents; `found` maps a name to ids."""
    pooled: dict[str, dict[str, int]] = defaultdict(lambda: {"pairs": 0, "found": 0, "expected": 0})
    for group, name, first in spelling_pairs() if table is None else table:
        expected = found(first)
        if not expected:
            continue
        numbers = pooled[group]
        numbers["pairs"] += 1
        numbers["found"] += len(found(name) & expected)
        numbers["expected"] += len(expected)
    results: dict[str, dict[str, Any]] = {
        group: {"pairs": numbers["pairs"], "recall": round(numbers["found"] / numbers["expected"], 4)}
        for group, numbers in sorted(pooled.items())
    }
    pairs = sum(numbers["pairs"] for numbers in pooled.values())
    found_all = sum(numbers["found"] for numbers in pooled.values())
    expected_all = sum(numbers["expected"] for numbers in pooled.values())
    results["all"] = {"pairs": pairs, "recall": round(found_all / expected_all, 4) if expected_all else None}
    return results


def timed(function: Any, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(limit_people: int | None) -> dict[str, Any]:
    from readingroom.cli.setup import prepare

    prepare()
    from readingroom.home import index_path
    from readingroom.records.expansion import expand_names
    from readingroom.records.models import Authority, DocumentAuthority
    from readingroom.search.index import index_at
    from readingroom.search.query import parse_query
    from readingroom.search.searcher import IndexQuery, Searcher

    searcher = Searcher(index_at(index_path()))
    linked: dict[str, set[str]] = defaultdict(set)
    for authority_id, document_id in DocumentAuthority.objects.filter(
        authority__kind="person", authority__id__startswith="person/frus-", document__access="public"
    ).values_list("authority_id", "document_id"):
        linked[authority_id].add(document_id)
    pooled: dict[str, dict[str, int]] = defaultdict(lambda: {"names": 0, "found": 0, "expected": 0, "returned": 0})
    queries: list[str] = []
    people = Authority.objects.filter(pk__in=list(linked)).prefetch_related("names").order_by("id")
    for person in people[:limit_people] if limit_people else people:
        names = [variant.name for variant in person.names.all() if not variant.generated]
        if len(names) < 2:
            continue
        expected = set(linked[person.id])
        for name in names:
            mentions = parse_query(f'title:"{name}" OR summary:"{name}" OR text:"{name}"').node
            expected |= set(searcher.ids(IndexQuery(node=mentions, limit=100_000)))
        for name in names:
            query = f'"{name}"'
            found = set(searcher.ids(IndexQuery(node=expand_names(parse_query(query).node), limit=100_000)))
            group = pooled[group_of(name)]
            group["names"] += 1
            group["found"] += len(found & expected)
            group["expected"] += len(expected)
            group["returned"] += len(found)
            queries.append(query)
    results: dict[str, Any] = {
        group: {
            "names": numbers["names"],
            "recall": round(numbers["found"] / numbers["expected"], 4) if numbers["expected"] else None,
            "precision": round(numbers["found"] / numbers["returned"], 4) if numbers["returned"] else None,
        }
        for group, numbers in sorted(pooled.items())
    }
    total = {
        key: sum(numbers[key] for numbers in pooled.values()) for key in ("names", "found", "expected", "returned")
    }
    results["all"] = {
        "names": total["names"],
        "recall": round(total["found"] / total["expected"], 4),
        "precision": round(total["found"] / total["returned"], 4),
    }

    def found_by(name: str) -> set[str]:
        node = expand_names(parse_query(f'"{name}"').node)
        return set(searcher.ids(IndexQuery(node=node, limit=100_000))) if node else set()

    results["spelling_pairs"] = pair_recall(found_by)
    places_paired = place_pairs(found_by)
    results["place_pairs"] = pair_recall(found_by, places_paired)
    place_queries = list(dict.fromkeys(f'"{name}"' for _, name, _ in places_paired))

    from readingroom.records import searching as page
    from readingroom.search import searcher as searching

    def latency(expand: bool, forgive: bool, asked: list[str] = queries) -> dict[str, float]:
        """The search page's own use case (search_archive), with expansion or misspelling matching switched off."""
        saved = (page.expand_names, searching.MISSPELLING_FALLBACK_BELOW)
        page.expand_names = page.expand_names if expand else (lambda node, version=None, include_restricted=False: node)  # type: ignore[assignment]
        searching.MISSPELLING_FALLBACK_BELOW = saved[1] if forgive else 0
        try:
            samples = [timed(lambda q=q: page.search_archive(page.SearchRequest(q=q))) for q in asked[:300]]
        finally:
            page.expand_names, searching.MISSPELLING_FALLBACK_BELOW = saved
        return {"p50": round(percentile(samples, 0.5), 2), "p95": round(percentile(samples, 0.95), 2)}

    results["latency_ms"] = {
        "names as typed (index-time names only)": latency(expand=False, forgive=False),
        "with query-time expansion": latency(expand=True, forgive=False),
        "with expansion and misspelling fallback": latency(expand=True, forgive=True),
        "queries": min(len(queries), 300),
        "place names as typed (index-time names only)": latency(False, False, place_queries),
        "place names with query-time expansion (gazetteer included)": latency(True, False, place_queries),
        "place queries": min(len(place_queries), 300),
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an archive with the FRUS corpus imported")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--people", type=int, help="only the first N people (a quick run)")
    parser.add_argument("--json", type=Path, default=PROJECT / "benchmarks" / "out" / "name_recall.json")
    args = parser.parse_args()
    with frus_archive(args.home, args.corpus):
        results = measure(args.people)
    print(f"{'group':52} {'names':>6} {'recall':>7} {'precision':>9}")
    for group, numbers in results.items():
        if group not in ("latency_ms", "spelling_pairs", "place_pairs"):
            print(f"{group:52} {numbers['names']:6} {numbers['recall']!s:>7} {numbers['precision']!s:>9}")
    print(f"\n{'spelling pairs of the table of conventional names':52} {'pairs':>6} {'recall':>7}")
    for group, numbers in results["spelling_pairs"].items():
        print(f"{group:52} {numbers['pairs']:6} {numbers['recall']!s:>7}")
    print(f"\n{'spelling pairs of the gazetteer (curated place names)':52} {'pairs':>6} {'recall':>7}")
    for group, numbers in results["place_pairs"].items():
        print(f"{group:52} {numbers['pairs']:6} {numbers['recall']!s:>7}")
    for label, figures in results["latency_ms"].items():
        if isinstance(figures, dict):
            print(f"latency, {label:42} p50 {figures['p50']:6.2f} ms   p95 {figures['p95']:6.2f} ms")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
