"""Latency of the search page for a mix of queries, in-process and over HTTP, on an archive of the FRUS corpus.

    python benchmarks/search_latency.py [--home DIR] [--corpus DIR] [--repeat N] [--json FILE]

In-process: `search_archive` (parsing, name expansion, matching, exact total, facets, timeline counts, snippets)
as the page and the API call it. Over HTTP: `readingroom serve` (one worker) answering /api/search and /search.
Each query is run --repeat times after one warm-up; p50, p95 and p99 over those runs. Without --home the corpus is
imported into a temporary data directory first (about a minute).
"""

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from archive import DEFAULT_CORPUS, PROJECT, frus_archive

# (label, parameters): the query types readers use, with the search page's parameters.
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("no query (date order)", {}),
    ("rare word", {"q": "Quemoy"}),
    ("common word", {"q": "government"}),
    ("two words", {"q": "Sukarno army"}),
    ("phrase", {"q": '"offshore islands"'}),
    ("proximity", {"q": '"Dulles Chiang"~5'}),
    ("OR and NOT", {"q": "(Quemoy OR Matsu) -Eisenhower"}),
    ("field:value", {"q": 'person:"Zhou Enlai" title:telegram'}),
    ("prefix", {"q": "negotiat*"}),
    ("misspelt name", {"q": "Khruschev"}),
    ("name in another spelling", {"q": "Mao Tse-tung"}),
    ("person facet only", {"people": ["Chou En-lai"]}),
    (
        "query + dates + facets",
        {"q": "Taiwan", "from": "1955", "to": "1956-06", "people": ["Dulles, John Foster"], "type": ["Telegram"]},
    ),
    ("any-of facet", {"places": ["Taipei", "Djakarta"], "places_mode": "any"}),
    ("one year by month", {"from": "1958", "to": "1958"}),
    ("deep page", {"q": "Secretary", "page": "150"}),
    ("100 a page", {"q": "Embassy", "per_page": "100"}),
]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)

    return {"p50": round(statistics.median(ordered), 2), "p95": at(0.95), "p99": at(0.99)}


def in_process(repeat: int) -> dict[str, dict[str, Any]]:
    from readingroom.cli.setup import prepare

    prepare()
    from django.http import QueryDict

    from readingroom.home import index_path
    from readingroom.records.exports import export_lines, exported_documents
    from readingroom.records.indexer import Indexer
    from readingroom.records.searching import matching_ids, search_archive
    from readingroom.search.index import index_at
    from readingroom.web.requests import search_request

    Indexer(index_at(index_path())).catch_up()  # an index of an older schema is rebuilt first

    results: dict[str, dict[str, Any]] = {}
    for label, params in QUERIES:
        request = search_request(_query_dict(params, QueryDict))
        search_archive(request)
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            page = search_archive(request)
            samples.append((time.perf_counter() - started) * 1000)
        results[label] = {**percentiles(samples), "total": page.total}

    request = search_request(_query_dict({"q": "Secretary"}, QueryDict))
    samples = []
    for _ in range(max(3, repeat // 10)):
        started = time.perf_counter()
        ids = matching_ids(request, 10_000)
        size = sum(len(piece) for piece in export_lines("csv", exported_documents("csv", ids), "http://localhost/"))
        samples.append((time.perf_counter() - started) * 1000)
    results["CSV export of up to 10,000 hits"] = {**percentiles(samples), "total": len(ids), "bytes": size}
    return results


def _query_dict(params: dict[str, Any], query_dict: Any) -> Any:
    result = query_dict(mutable=True)
    for key, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            result.appendlist(key, item)
    return result


def over_http(home: Path, repeat: int) -> dict[str, dict[str, Any]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "readingroom", "--home", str(home), "serve", "--port", str(port), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/search", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        results: dict[str, dict[str, Any]] = {}
        for label, params in QUERIES:
            query = urllib.parse.urlencode(params, doseq=True)
            for path in ("/api/search", "/search"):
                url = f"{base}{path}?{query}"
                urllib.request.urlopen(url, timeout=30).read()
                samples = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    urllib.request.urlopen(url, timeout=30).read()
                    samples.append((time.perf_counter() - started) * 1000)
                results[f"{label} ({path})"] = percentiles(samples)
        return results
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", type=Path, default=PROJECT / "benchmarks" / "out" / "search_latency.json")
    args = parser.parse_args()
    with frus_archive(args.home, args.corpus) as home:
        results = {"in_process": in_process(args.repeat), "http": over_http(home, args.repeat)}
    for where, rows in results.items():
        print(f"\n{where}")
        print(f"{'query':52} {'hits':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
        for label, figures in rows.items():
            print(
                f"{label:52} {figures.get('total', ''):>6} {figures['p50']:8.2f} {figures['p95']:8.2f} "
                f"{figures['p99']:8.2f}"
            )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
