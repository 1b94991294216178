"""The peer: the same documents in SQLite with FTS5, served by Datasette with facets on the same fields.

Datasette is what a Python user would pick to publish a searchable, faceted collection. The database holds the
public documents of a generated archive (restricted ones are left out, as the public search page leaves them
out): title, summary, text and date, the type, the year, and the people, places and topics as JSON arrays of
authority ids (names resolved to ids as the import does), with an FTS5 index of title, summary and text.
"""

import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from harness import url

# Facets asked of Datasette on every search: fewer than the search page counts (it also counts organizations,
# collections, languages, features, decades and months), so the comparison favours Datasette.
FACETS: dict[str, Any] = {"_facet_array": ["people", "places", "topics"], "_facet": ["type", "year"]}
SETTINGS = {
    "sql_time_limit_ms": "120000",  # let every count and facet finish, as the search page's do
    "facet_time_limit_ms": "120000",
    "max_returned_rows": "10000",
    "suggest_facets": "off",
    "num_sql_threads": "3",
}


def build(archive: Path, path: Path) -> float:
    """Write the peer's database from a generated archive (once; a finished one is reused). Returns seconds."""
    if path.exists():
        return 0.0
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    database = sqlite3.connect(partial)
    database.executescript(
        """
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE documents (
            rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, title TEXT, date TEXT, year INTEGER, type TEXT,
            summary TEXT, text TEXT, people TEXT, places TEXT, topics TEXT
        );
        """
    )
    ids: dict[str, str] = {}  # authority name -> id, for references written as names
    rows: list[tuple[Any, ...]] = []
    with archive.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            kind = record.get("kind", "document")
            if kind != "document":
                ids[record["name"]] = record["id"]
                continue
            if record.get("access") == "restricted":
                continue
            date = record.get("date") or ""
            day = (date + "-01-01")[:10] if date else None
            names = {
                field: json.dumps([ids.get(r, r) for r in record.get(field, [])]) for field in FACETS["_facet_array"]
            }
            people = json.loads(names["people"])
            for field in ("authors", "recipients"):  # in the people facet too, as on the search page
                people += [ids.get(r, r) for r in record.get(field, []) if ids.get(r, r).startswith("person/")]
            rows.append(
                (
                    record["id"],
                    record["title"],
                    day,
                    int(date[:4]) if date else None,
                    record.get("type", ""),
                    record.get("summary", ""),
                    record.get("text", ""),
                    json.dumps(list(dict.fromkeys(people))),
                    names["places"],
                    names["topics"],
                )
            )
            if len(rows) == 5000:
                _insert(database, rows)
                rows = []
    _insert(database, rows)
    database.executescript(
        """
        CREATE INDEX documents_date ON documents(date);
        CREATE INDEX documents_year ON documents(year);
        CREATE INDEX documents_type ON documents(type);
        CREATE VIRTUAL TABLE documents_fts USING fts5(title, summary, text, content="documents", content_rowid="rowid");
        INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
        INSERT INTO documents_fts(documents_fts) VALUES ('optimize');
        ANALYZE;
        """
    )
    database.commit()
    database.close()
    partial.rename(path)
    return time.perf_counter() - started


def _insert(database: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    database.executemany(
        "INSERT INTO documents (id, title, date, year, type, summary, text, people, places, topics) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def command(path: Path, port: int) -> list[str]:
    settings = [part for name, value in SETTINGS.items() for part in ("--setting", name, value)]
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(path), "--port", str(port), *settings]


def page(path: Path, params: dict[str, Any]) -> str:
    """The Datasette page of the documents table for these filters, with the facets: ten rows, as ours."""
    return url(f"/{path.stem}/documents", {**params, **FACETS, "_size": 10})


def export(path: Path, params: dict[str, Any], rows: int) -> str:
    return url(f"/{path.stem}/documents.csv", {**params, "_size": rows})
