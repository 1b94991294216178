"""What the search engine alone can do on this machine, with none of readingroom's Python above it: the ceiling
that the search page's throughput and the import's rate are measured against.

    python benchmarks/engine_limit.py --home DATA/home-N [--seconds 20] [--documents 20000]

1. The faceted page's engine work: for each of search_speed.py's 192 faceted pages, the tantivy calls the search
   page makes (the query with its exact total and top ten, the aggregations, the ten stored documents and their
   highlighted passages), the queries built once beforehand. Pages per second in two processes (one per core, as
   `serve --workers 2`) for --seconds, and the processor time a page. Twice: with the facets the page counts
   (eight facets and three date levels), and with the issue's bare-engine page (people, topics and years).
2. Indexing: --documents documents read from the archive's database and turned into tantivy documents
   beforehand (the time for that is reported too), then added to a new index with the writer's heap and threads
   and committed. Documents per second and processor time a document: tantivy's own share of an import.
"""

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import machine, write_json
from search_speed import FACETED_PAGES, request

DOCUMENTS = 20_000  # indexed to measure tantivy alone
ISSUE_FACETS = ("people", "topics", "year")  # the issue's bare-engine page counted these


def _prepare(home: Path) -> None:
    os.environ["READINGROOM_HOME"] = str(home)
    from readingroom.cli.setup import prepare

    prepare()


def _pages(home: Path, facets: tuple[str, ...] | None, seconds: float) -> tuple[int, float]:
    """Engine work for faceted pages, round and round, for `seconds`: (pages, processor seconds)."""
    _prepare(home)
    from readingroom.home import index_path
    from readingroom.records.searching import index_query
    from readingroom.search.index import index_at
    from readingroom.search.searcher import Searcher

    index = index_at(index_path())
    searcher = Searcher(index)
    work = []
    for params in FACETED_PAGES:
        asked = index_query(request(params), index)
        aggregations = searcher.aggregations(asked)
        if facets is not None:
            aggregations = {facet: aggregations[facet] for facet in facets}
        work.append((searcher.query(asked), aggregations, asked.node))
    engine = index.searcher()
    pages = 0
    started, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        query, aggregations, node = work[pages % len(work)]
        found = engine.search(query, 10, count=True)
        engine.aggregate(query, aggregations)
        highlights = searcher.highlights(engine, node) if node else None
        for _, address in found.hits:
            document = engine.doc(address)
            if highlights:
                highlights.passage(document)
                highlights.summary(document)
        pages += 1
    return pages, time.process_time() - cpu


def page_rate(home: Path, facets: tuple[str, ...] | None, seconds: float, processes: int = 2) -> dict[str, Any]:
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.starmap(_pages, [(home, facets, 2.0)] * processes)  # warm each process's view of the index
        done = pool.starmap(_pages, [(home, facets, seconds)] * processes)
    pages = sum(count for count, _ in done)
    cpu = sum(used for _, used in done)
    return {
        "facets": list(facets) if facets else "all the page counts",
        "processes": processes,
        "pages_per_second": round(pages / seconds, 1),
        "cpu_ms_per_page": round(cpu / pages * 1000, 2),
    }


def indexing(home: Path, documents: int) -> dict[str, Any]:
    _prepare(home)
    from readingroom.records.indexer import DOCUMENTS_PER_CHUNK
    from readingroom.records.mapping import AuthorityNames, index_documents
    from readingroom.records.models import Document
    from readingroom.search.index import WRITER_HEAP_BYTES, WRITER_THREADS, SearchIndex
    from readingroom.search.schema import to_tantivy

    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True)[:documents])
    names = AuthorityNames()  # as the indexer keeps them, across chunks
    cpu = time.process_time()
    read = [
        document
        for start in range(0, len(ids), DOCUMENTS_PER_CHUNK)
        for document in index_documents(ids[start : start + DOCUMENTS_PER_CHUNK], names)
    ]
    read_cpu = time.process_time() - cpu
    cpu = time.process_time()
    built = [to_tantivy(document) for document in read]
    built_cpu = time.process_time() - cpu
    folder = Path(tempfile.mkdtemp(prefix="engine-limit-"))
    try:
        index = SearchIndex(folder / "index")
        writer = index.index.writer(WRITER_HEAP_BYTES, WRITER_THREADS)
        started, cpu = time.perf_counter(), time.process_time()
        for document in built:
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    finally:
        shutil.rmtree(folder)
    count = len(built)
    return {
        "documents": count,
        "read_from_database_ms": round(read_cpu / count * 1000, 3),
        "to_tantivy_ms": round(built_cpu / count * 1000, 3),
        "indexing_documents_per_second": round(count / elapsed),
        "indexing_cpu_ms": round(used / count * 1000, 3),
        "writer_threads": WRITER_THREADS,
    }


def measure(home: Path, seconds: float, documents: int) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).parent))  # the spawned processes import this module
    return {
        "machine": machine(),
        "pages": {
            "the search page's facets": page_rate(home, None, seconds),
            "the issue's page (people, topics, years)": page_rate(home, ISSUE_FACETS, seconds),
        },
        "indexing": indexing(home, documents),
    }


def report(results: dict[str, Any]) -> None:
    print(f"machine: {results['machine']}")
    print("| the engine's work for | pages/s, 2 processes | processor time a page |")
    print("| --- | ---: | ---: |")
    for label, run in results["pages"].items():
        print(f"| {label} | {run['pages_per_second']} | {run['cpu_ms_per_page']} ms |")
    index = results["indexing"]
    print(
        f"indexing {index['documents']} documents: {index['indexing_documents_per_second']} a second, "
        f"{index['indexing_cpu_ms']} ms of processor time each ({index['writer_threads']} threads); "
        f"beforehand, reading each from the database {index['read_from_database_ms']} ms and making its "
        f"tantivy document {index['to_tantivy_ms']} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a data directory with an imported archive")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--documents", type=int, default=DOCUMENTS, help="documents to index")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = measure(args.home, args.seconds, args.documents)
    report(results)
    print(f"written to {write_json('engine_limit', results, args.json)}")


if __name__ == "__main__":
    main()
