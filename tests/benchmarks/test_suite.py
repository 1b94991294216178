"""The scale benchmark suite, run small: every script must work end to end. Timings are not checked here; the
figures at 100,000 and 1,000,000 documents are in docs/benchmarks.md."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import POSTGRES

PROJECT = Path(__file__).resolve().parent.parent.parent
DOCUMENTS = 10_000


@pytest.mark.slow
@pytest.mark.skipif(
    POSTGRES is not None, reason="the benchmarks measure the embedded default, SQLite (the SQLite pass runs them)"
)
def test_the_suite_runs_at_ten_thousand_documents(tmp_path: Path) -> None:
    out = tmp_path / "suite.json"
    finished = subprocess.run(
        [
            sys.executable,
            "suite.py",
            "--documents",
            str(DOCUMENTS),
            "--data",
            str(tmp_path / "data"),
            "--repeat",
            "2",
            "--seconds",
            "2",
            "--peer-repeat",
            "2",
            "--json",
            str(out),
        ],
        cwd=PROJECT / "benchmarks",
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    results = json.loads(out.read_text())
    imported = results["import"]
    assert f"Documents: {DOCUMENTS} added, 0 updated, 0 unchanged" in imported["import"]["summary"]
    assert f"Documents: 0 added, 0 updated, {DOCUMENTS} unchanged" in imported["import_again"]["summary"]
    assert "Rejected: 0" in imported["import"]["summary"]
    split = imported["import"]["cpu_ms_per_document_by_process"]
    assert split["import"] > 0, split
    assert split["indexer"] > 0, split
    search = results["search"]
    assert search["in_process"]["person facet only"]["total"] > 0
    assert search["in_process"]["CSV export of 10,000 hits"]["bytes"] > 0
    assert set(search["http"]["latency"]) == set(search["in_process"]) - {"CSV export of 10,000 hits"}
    for run in search["http"]["throughput"].values():
        assert run["requests"] > 0
        assert run["errors"] == 0, run["first_errors"]
    assert search["http"]["worker_memory_mb"], "no web worker was measured"
    assert set(search["datasette_ratio"]) >= {"query + date range + facets", "person facet only"}
    limit = results["engine_limit"]
    assert set(limit["pages"]) == {"the search page's facets", "the issue's page (people, topics, years)"}
    for run in limit["pages"].values():
        assert run["pages_per_second"] > 0
    assert limit["indexing"]["documents"] == DOCUMENTS
    assert limit["indexing"]["indexing_documents_per_second"] > 0
