"""Two nodes on one PostgreSQL under concurrent readers while an import runs: requests a second, latency, errors.

    python benchmarks/cluster_load.py [--database-url URL] [--readers 16] [--seconds 90] [--json FILE]

Without --database-url a throwaway PostgreSQL server (Debian's package, default settings: durable commits) is
started on 127.0.0.1 and removed afterwards (tests/postgres.py). Two nodes (`readingroom serve --workers 2`, each
with its own data directory and index) share its database; the archive starts with the bundled sample (the seed
and two FRUS volumes). Then, together:
- the readers (threads, a new connection a request, as a browser opening a link from a search engine) ask the
  search page for the query mix of search_latency.py, each request to the other node than its last;
- the 21 volumes of the shared FRUS corpus (without ../shared, the bundled volumes again) are imported through the
  first node's command line, each volume one transaction, so every node's indexer applies thousands of changes;
- every 10 s a probe document is imported on the first node and the seconds until the second node finds it timed.
The run ends when the import has finished, or after --seconds. An error is any answer but 200, or no answer.
"""

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from archive import DEFAULT_CORPUS, PROJECT
from search_latency import QUERIES, percentiles

sys.path.insert(0, str(PROJECT))
from tests.postgres import execute, free_port, running  # the project's throwaway server

SAMPLES = PROJECT / "src" / "readingroom" / "samples"


def readingroom(home: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readingroom", "--home", str(home), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


@contextmanager
def node(home: Path, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """`readingroom serve --workers 2` on a free port; yields its host and port once it answers."""
    port = free_port()
    log = (home.parent / f"{home.name}.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "readingroom", "--home", str(home), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/readyz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"node {home.name} did not become ready")
        yield "127.0.0.1", port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


class Reader(threading.Thread):
    """Asks the search page again and again, alternating between the nodes, until told to stop."""

    def __init__(self, nodes: list[tuple[str, int]], paths: list[str], stop: threading.Event, seed: int) -> None:
        super().__init__()
        self.nodes, self.paths, self.stop = nodes, paths, stop
        self.random = random.Random(seed)
        self.samples: list[tuple[int, float]] = []  # (node, milliseconds)
        self.errors: list[str] = []

    def run(self) -> None:
        turn = self.random.randrange(len(self.nodes))
        while not self.stop.is_set():
            turn = (turn + 1) % len(self.nodes)
            path = self.random.choice(self.paths)
            started = time.perf_counter()
            connection = http.client.HTTPConnection(*self.nodes[turn], timeout=60)
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    self.errors.append(f"{response.status} {path}")
                    continue
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(f"{type(error).__name__} {path}")
                continue
            finally:
                connection.close()
            self.samples.append((turn, (time.perf_counter() - started) * 1000))


def probe(first: Path, second: tuple[str, int], env: dict[str, str], number: int) -> float:
    """Import one document on the first node; seconds until the second node's search finds it."""
    word = f"probe{number}x{os.getpid()}"
    path = first.parent / f"{word}.jsonl"
    path.write_text(json.dumps({"id": f"probe/{word}", "title": f"Probe {word}"}) + "\n")
    readingroom(first, env, "import", str(path))
    started = time.monotonic()
    connection = http.client.HTTPConnection(*second, timeout=60)
    while True:
        connection.request("GET", f"/api/search?q={word}")
        if json.loads(connection.getresponse().read())["total"] == 1:
            return time.monotonic() - started
        time.sleep(0.05)


def searchable(address: tuple[str, int]) -> int:
    connection = http.client.HTTPConnection(*address, timeout=60)
    connection.request("GET", "/api/search")
    total: int = json.loads(connection.getresponse().read())["total"]
    return total


def measure(database_url: str, readers: int, seconds: float, corpus: Path) -> dict[str, Any]:
    env = {**os.environ, "READINGROOM_DATABASE_URL": database_url}
    with tempfile.TemporaryDirectory() as directory, ExitStack() as stack:
        first, second = Path(directory) / "node-one", Path(directory) / "node-two"
        readingroom(first, env, "migrate")
        readingroom(first, env, "import", str(SAMPLES / "seed.jsonl"), str(SAMPLES / "frus"))
        nodes = [stack.enter_context(node(home, env)) for home in (first, second)]
        paths = [
            "/search?" + urllib.parse.urlencode(params, doseq=True) for _, params in QUERIES if "page" not in params
        ]
        imported = [str(corpus / "volumes" if (corpus / "volumes").is_dir() else SAMPLES / "frus")]
        stop = threading.Event()
        threads = [Reader(nodes, paths, stop, seed) for seed in range(readers)]
        load_before = os.getloadavg()[0]
        documents_before = searchable(nodes[1])
        started = time.monotonic()
        for thread in threads:
            thread.start()
        importer = subprocess.Popen(
            [sys.executable, "-m", "readingroom", "--home", str(first), "import", *imported],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        lags: list[float] = []
        while importer.poll() is None and time.monotonic() - started < seconds:
            lags.append(probe(first, nodes[1], env, len(lags)))
            stop.wait(max(0.0, 10 - (time.monotonic() - started) % 10))
        finished = importer.poll() is not None
        if not finished:
            importer.terminate()
        elapsed = time.monotonic() - started
        load_during = os.getloadavg()[0]
        stop.set()
        for thread in threads:
            thread.join()
        import_summary = importer.communicate()[0].strip().splitlines()
        documents_after = searchable(nodes[1])
    samples = [sample for thread in threads for sample in thread.samples]
    errors = [error for thread in threads for error in thread.errors]
    return {
        "readers": readers,
        "seconds": round(elapsed, 1),
        "machine_load": {"cores": os.cpu_count(), "load_average_before": load_before, "at_the_end": load_during},
        "import": {
            "paths": [Path(path).name for path in imported],
            "finished": finished,
            "report": import_summary,
            "documents_searchable_on_node_2": [documents_before, documents_after],
        },
        "requests": len(samples) + len(errors),
        "requests_per_second": round((len(samples) + len(errors)) / elapsed, 1),
        "errors": len(errors),
        "error_examples": errors[:10],
        "latency_ms": percentiles([ms for _, ms in samples]),
        "per_node": {
            f"node {number + 1}": {"requests": len(ms), **percentiles(ms)}
            for number in range(len(nodes))
            if (ms := [value for turn, value in samples if turn == number])
        },
        "searchable_on_the_other_node_s": [round(lag, 2) for lag in lags],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a throwaway server)")
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=90, help="stop after this long even if the import runs")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, default=PROJECT / "benchmarks" / "out" / "cluster_load.json")
    args = parser.parse_args()
    if args.database_url:
        results = measure(args.database_url, args.readers, args.seconds, args.corpus)
    else:
        with running() as cluster:
            execute(cluster.url(), "CREATE DATABASE readingroom")
            results = measure(cluster.url("readingroom"), args.readers, args.seconds, args.corpus)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
