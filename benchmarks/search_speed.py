"""Search-page latency and throughput on a generated archive, and the same searches against Datasette.

    python benchmarks/search_speed.py --home DATA/home-N --archive DATA/archive-N.jsonl [--repeat 20] [--seconds 20]

1. In-process: `search_archive` (parsing, name expansion, matching, filters, exact total, counts of every facet,
   decades, years and months over all matches, ten hits with snippets), as the page and the API call it; and
   an export of 10,000 hits as CSV. p50, p95 and p99 of --repeat runs after a warm-up.
   The processor time of each search is measured too: on a machine shared with other work it is the figure that
   does not depend on what else ran.
2. Over HTTP: `readingroom serve --workers 2` with the per-client rate limits off, the HTML search page (/search)
   one request at a time; then pages per second with 2 and 8 concurrent clients cycling through the query mix for
   --seconds each, and through 192 different faceted pages (the issue's full search page). All of these with the
   result cache off (READINGROOM_SEARCH_CACHE=0), each page worked out afresh; then the 192 faceted pages again
   with the cache as served, once to fill it (not counted) and then measured, and the resident memory of each
   web worker afterwards; the size of the index on disk.
3. Datasette over the same public documents in SQLite with FTS5 (see datasette_peer.py), the same searches with
   facets on people, places, topics, type and year, one request at a time, in the same run: the ratio of its
   latency to ours.
"""

import argparse
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import datasette_peer
from harness import (
    children,
    command_line,
    directory_mb,
    fetch,
    free_port,
    load,
    machine,
    percentiles,
    readingroom,
    rss_mb,
    running,
    throughput,
    timed,
    url,
    write_json,
)

PERSON = "person/g00001"  # the most often named person of a generated archive


@dataclass
class Search:
    label: str
    params: dict[str, Any]  # the search page's parameters
    peer: dict[str, Any] | None = field(default=None)  # Datasette's, where it has the same search


# The query types of the issue, on words the generated archives hold at every size.
MIX = [
    Search("rare word", {"q": "Bolsheviki"}, {"_search": "Bolsheviki"}),
    Search("common word", {"q": "government"}, {"_search": "government"}),
    Search("two words", {"q": "economic agreement"}, {"_search": "economic agreement"}),
    Search("phrase", {"q": '"political question"'}, {"_search": '"political question"', "_searchmode": "raw"}),
    Search("person facet only", {"people": PERSON}, {"people__arraycontains": PERSON}),
    Search(
        "query + date range + facets",
        {"q": "agreement", "from": "1950", "to": "1960-06", "people": PERSON, "type": "Telegram"},
        {
            "_search": "agreement",
            "date__gte": "1950-01-01",
            "date__lte": "1960-06-30",
            "people__arraycontains": PERSON,
            "type": "Telegram",
        },
    ),
    Search("deep page (page 500)", {"q": "government", "page": "500"}),
]
# The full search page (a query, a date range, a person and a type) over many different choices, for pages
# per second on that page alone: 8 words, 4 people, 2 types and 3 date ranges make 192 distinct pages.
FACETED_PAGES = [
    {"q": word, "from": start, "to": end, "people": f"person/g0000{person}", "type": kind}
    for word in ("agreement", "treaty", "military", "conference", "minister", "economic", "embassy", "policy")
    for person in range(1, 5)
    for kind in ("Telegram", "Memorandum")
    for start, end in (("1945", "1950"), ("1950", "1960-06"), ("1960", "1970"))
]
EXPORT = Search("CSV export of 10,000 hits", {"q": "government"}, {"_search": "government"})
EXPORTED = 10_000
PEER_TIMEOUT = 300
PEER_SLOW = 10  # seconds: a Datasette search slower than this the first time is not repeated


def request(params: dict[str, Any]) -> Any:
    """The SearchRequest the search page makes of these parameters (Django set up first)."""
    from django.http import QueryDict

    from readingroom.web.requests import search_request

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.appendlist(key, value)
    return search_request(query)


def in_process(home: Path, repeat: int) -> dict[str, dict[str, Any]]:
    os.environ["READINGROOM_HOME"] = str(home)
    os.environ["READINGROOM_SEARCH_CACHE"] = "0"  # each search worked out afresh, not answered from the last run
    from readingroom.cli.setup import prepare

    prepare()
    from readingroom.home import index_path
    from readingroom.records.exports import export_lines, exported_documents
    from readingroom.records.indexer import Indexer
    from readingroom.records.searching import matching_ids, search_archive
    from readingroom.search.index import index_at

    Indexer(index_at(index_path())).catch_up()

    results: dict[str, dict[str, Any]] = {}
    for search in MIX:
        reading = request(search.params)
        cpu: list[float] = []
        samples, page = timed(lambda reading=reading: search_archive(reading), repeat, cpu)
        results[search.label] = {**percentiles(samples), "total": page.total, "cpu_p50": percentiles(cpu)["p50"]}
    reading = request(EXPORT.params)

    def export() -> int:
        ids = matching_ids(reading, EXPORTED)
        return sum(len(piece) for piece in export_lines("csv", exported_documents("csv", ids), "http://localhost/"))

    cpu = []
    samples, size = timed(export, max(2, repeat // 10), cpu)
    results[EXPORT.label] = {
        **percentiles(samples),
        "total": EXPORTED,
        "bytes": size,
        "cpu_p50": percentiles(cpu)["p50"],
    }
    return results


def over_http(home: Path, repeat: int, seconds: float) -> dict[str, Any]:
    port = free_port()
    command = readingroom("--home", str(home), "serve", "--port", str(port), "--workers", "2")
    # The clients all come from one address and cycle through deep pages: measure capacity, not the rate limits.
    os.environ["READINGROOM_RATE_LIMITS"] = "0"
    # First each page worked out afresh, as for the first reader who asks for it.
    os.environ["READINGROOM_SEARCH_CACHE"] = "0"
    with running(command, port, "/api/search"):
        latency = {}
        for search in MIX:
            path = url("/search", search.params)
            samples, (status, _) = timed(lambda path=path: fetch(port, path), repeat)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}")
            latency[search.label] = percentiles(samples)
        paths = [url("/search", search.params) for search in MIX]
        rates = {f"{clients} clients": throughput(port, paths, clients, seconds) for clients in (2, 8)}
        faceted = [url("/search", params) for params in FACETED_PAGES]
        for clients in (2, 8):
            rates[f"faceted page, {clients} clients"] = throughput(port, faceted, clients, seconds)
    # Then as served: each worker keeps recent answers until the index moves on, and the 192 pages come round again.
    del os.environ["READINGROOM_SEARCH_CACHE"]
    port = free_port()
    command = readingroom("--home", str(home), "serve", "--port", str(port), "--workers", "2")
    with running(command, port, "/api/search") as server:
        faceted = [url("/search", params) for params in FACETED_PAGES]
        throughput(port, faceted, 8, seconds)  # a first round fills each worker's cache: not counted
        for clients in (2, 8):
            rates[f"faceted page, {clients} clients, result cache"] = throughput(port, faceted, clients, seconds)
        workers = [pid for pid in children(server.pid) if "index --follow" not in command_line(pid)]
        memory = {
            str(pid): {"rss": round(rss_mb(pid), 1), "anonymous": round(rss_mb(pid, "RssAnon"), 1)} for pid in workers
        }
    return {"latency": latency, "throughput": rates, "worker_memory_mb": memory}


def peer(archive: Path, database: Path, repeat: int) -> dict[str, Any]:
    """Datasette's latency for the same searches; `repeat` is kept small, its broad searches take seconds."""
    built = datasette_peer.build(archive, database)
    port = free_port()
    latency: dict[str, dict[str, Any]] = {}
    with running(datasette_peer.command(database, port), port, f"/{database.stem}.json"):
        for search in [*MIX, EXPORT]:
            if search.peer is None:
                continue
            if search is EXPORT:
                path = datasette_peer.export(database, search.peer, EXPORTED)
                runs = max(1, repeat // 2)
            else:
                path = datasette_peer.page(database, search.peer)
                runs = repeat
            try:
                started = time.perf_counter()
                status, _ = fetch(port, path, timeout=PEER_TIMEOUT)
                first = (time.perf_counter() - started) * 1000
                if first > PEER_SLOW * 1000:  # its searches over most documents take minutes on a busy machine
                    samples = [first]
                else:
                    samples, (status, _) = timed(lambda path=path: fetch(port, path, timeout=PEER_TIMEOUT), runs)
            except TimeoutError:
                latency[search.label] = {"error": f"no answer within {PEER_TIMEOUT} s"}
                continue
            if status != 200:
                raise RuntimeError(f"Datasette {path}: HTTP {status}")
            latency[search.label] = percentiles(samples)
    return {"database": str(database), "built_seconds": round(built, 1), "latency": latency}


def measure(
    home: Path, archive: Path | None, repeat: int, seconds: float, peer_repeat: int = 5, with_peer: bool = True
) -> dict[str, Any]:
    results: dict[str, Any] = {"home": str(home), "machine": machine(), "index_mb": directory_mb(home / "index")}
    started = time.perf_counter()
    results["in_process"] = in_process(home, repeat)
    write_json(f"search_speed_{home.name}", results)  # each stage is kept, should a later one fail
    results["http"] = over_http(home, repeat, seconds)
    write_json(f"search_speed_{home.name}", results)
    if with_peer and archive is not None:
        database = archive.with_name(f"{archive.stem}-datasette.db")
        results["datasette"] = peer(archive, database, peer_repeat)
        results["datasette_ratio"] = {
            label: round(figures["p50"] / results["http"]["latency"][label]["p50"], 1)
            for label, figures in results["datasette"]["latency"].items()
            if label in results["http"]["latency"] and "p50" in figures
        }
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["load_after"] = load()
    return results


def report(results: dict[str, Any]) -> None:
    peer_latency = results.get("datasette", {}).get("latency", {})
    print(f"\nSearch page ({results['home']}; index {results['index_mb']:,.0f} MB; load {results['machine']['load']})")
    print(
        f"{'query':30} {'hits':>9} {'in-process p50/p95/p99 ms':>27} {'HTTP p50/p95/p99 ms':>22} {'Datasette p50':>14}"
    )
    for label, figures in results["in_process"].items():
        http = results["http"]["latency"].get(label)
        http_text = f"{http['p50']:.1f} / {http['p95']:.1f} / {http['p99']:.1f}" if http else ""
        peer_text = f"{peer_latency[label].get('p50', '-')}" if label in peer_latency else ""
        print(
            f"{label:30} {figures['total']:9,} "
            f"{figures['p50']:>9.1f} / {figures['p95']:.1f} / {figures['p99']:.1f} {figures['cpu_p50']:8.1f} "
            f"{http_text:>22} {peer_text:>14}"
        )
    for name, rate in results["http"]["throughput"].items():
        print(
            f"{name}: {rate['per_second']} pages/s ({rate['requests']} in {rate['seconds']} s, {rate['errors']} errors)"
        )
    print(f"web workers' resident memory (MB): {results['http']['worker_memory_mb']}")
    for label, ratio in results.get("datasette_ratio", {}).items():
        print(f"Datasette / readingroom over HTTP, {label}: {ratio}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a data directory holding a generated archive")
    parser.add_argument("--archive", type=Path, help="the archive's JSON Lines (for Datasette's database)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20, help="how long each throughput run lasts")
    parser.add_argument("--peer-repeat", type=int, default=5, help="runs of each search against Datasette")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = measure(args.home, args.archive, args.repeat, args.seconds, args.peer_repeat)
    report(results)
    print(f"written to {write_json(f'search_speed_{args.home.name}', results, args.json)}")


if __name__ == "__main__":
    main()
