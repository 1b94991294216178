"""Spreadsheet import throughput and peak memory: `readingroom import` of a generated CSV file (a document a row,
Dublin Core headers, dates as people write them, names and subjects from pools) into a fresh data directory,
database, search index and authority resolution included; then the same file again (nothing changes).

    python benchmarks/spreadsheet_import.py --rows 100000 --data /work/bench-data

The file is DATA/sheet-N.csv, generated once; the data directory DATA/sheet-home-N is replaced on each run.
Peak memory is measured as import_speed.py measures it (the import and the indexer beside it).
"""

import argparse
import csv
import random
import shutil
import time
from pathlib import Path

from harness import machine, write_json
from import_speed import timed_import

MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
HEADERS = (
    *("dc:identifier", "dc:title", "dcterms:created", "dc:creator", "dc:subject", "dc:coverage", "dc:language"),
    *("dc:description", "dc:type", "dc:rights"),
)


def written_date(rng: random.Random) -> str:
    """A date in one of the ways a cataloguer types them."""
    year, month, day = rng.randint(1945, 1975), rng.randint(1, 12), rng.randint(1, 28)
    forms = (
        f"{year}-{month:02}-{day:02}",
        f"{day} {MONTHS[month - 1]} {year}",
        f"{day}.{month}.{year}",
        f"{year}-{month:02}",
        f"c. {year}",
        f"{year // 10 * 10}s",
    )
    return rng.choice(forms)


def generate_sheet(path: Path, rows: int) -> None:
    rng = random.Random(22)
    people = [f"Person {n} Surname{n % 997}" for n in range(2000)]
    topics = [f"Topic {n}" for n in range(500)]
    places = [f"Place {n}" for n in range(300)]
    words = [
        "telegram",
        "embassy",
        "conversation",
        "treaty",
        "meeting",
        "report",
        "minister",
        "council",
        "delegation",
        "agreement",
    ]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        for number in range(rows):
            writer.writerow(
                [
                    f"sheet/{number:07d}",
                    f"{rng.choice(words).capitalize()} {number} on {rng.choice(words)}",
                    written_date(rng),
                    "|".join(rng.sample(people, rng.randint(1, 2))),
                    "|".join(rng.sample(topics, rng.randint(1, 3))),
                    rng.choice(places),
                    rng.choice(("en", "ru", "de|en", "Chinese")),
                    " ".join(rng.choices(words, k=40)),
                    rng.choice(("Telegram", "Letter", "Memorandum")),
                    "Public domain",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=Path("bench-data"))
    parser.add_argument("--out", type=Path, help="write the figures as JSON here (default benchmarks/results/)")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    sheet = args.data / f"sheet-{args.rows}.csv"
    if not sheet.exists():
        started = time.perf_counter()
        generate_sheet(sheet, args.rows)
        print(f"generated {sheet} in {time.perf_counter() - started:.0f} s")
    home = args.data / f"sheet-home-{args.rows}"
    shutil.rmtree(home, ignore_errors=True)
    figures = {
        "machine": machine(),
        "rows": args.rows,
        "file_mb": round(sheet.stat().st_size / 2**20, 1),
        "import": timed_import(home, sheet, args.rows),
        "import_again": timed_import(home, sheet, args.rows),
    }
    for step in ("import", "import_again"):
        result = figures[step]
        print(
            f"{step}: {result['seconds']} s, {result['documents_per_second']} documents a second, "
            f"peak memory {result['peak_memory_mb']} MB"
        )
    print(f"written to {write_json('spreadsheet_import', figures, args.out)}")


if __name__ == "__main__":
    main()
