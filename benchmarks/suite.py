"""The scale benchmark suite: generate an archive, import it, measure the search page against Datasette's and
against the engine's own limit.

    python benchmarks/suite.py --documents 1000000 --data /work/bench-data [--repeat 20] [--seconds 20]

Runs import_speed.py, search_speed.py and engine_limit.py on one generated archive (kept in --data, with its
data directory and Datasette's database, for later runs) and writes their results to benchmarks/out/suite_N.json.
CI runs it at 10,000 documents with few repetitions (tests/benchmarks/test_suite.py): it fails on errors, never on
timings.
"""

import argparse
from pathlib import Path

import engine_limit
import import_speed
import search_speed
from harness import write_json


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--data", type=Path, required=True, help="folder for the archive and its databases")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20, help="how long each throughput run lasts")
    parser.add_argument("--peer-repeat", type=int, default=5, help="runs of each search against Datasette")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    imported = import_speed.measure(args.documents, args.data)
    import_speed.report(imported)
    write_json(f"import_speed_{args.documents}", imported)
    home, archive = Path(imported["home"]), Path(imported["archive"])
    searched = search_speed.measure(home, archive, args.repeat, args.seconds, args.peer_repeat)
    search_speed.report(searched)
    limit = engine_limit.measure(home, args.seconds, min(args.documents, engine_limit.DOCUMENTS))
    engine_limit.report(limit)
    results = {"import": imported, "search": searched, "engine_limit": limit}
    path = write_json(f"suite_{args.documents}", results, args.json)
    print(f"written to {path}")


if __name__ == "__main__":
    main()
