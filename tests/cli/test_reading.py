"""The command line and scans: the import reads its scans before it ends unless --no-wait; `readingroom work` reads
what waits; `check` reports scans waiting or failed and `--repair` queues them again; a worker killed while reading
leaves its scan to the next worker."""

import json
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from readingroom.ingest.ocr import installed_languages
from tests.conftest import archive_environment, run_cli, serving
from tests.scans import ENGLISH, RUSSIAN, page_file, rendered_page, write

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("tesseract") is None or not {"eng", "rus"} <= installed_languages(),
        reason="needs Debian's tesseract-ocr with its eng and rus packs (scripts/test.sh installs them)",
    ),
]


def scans(folder: Path, pages: int = 1, broken: bool = False) -> Path:
    record = {
        "id": "scan-1",
        "title": "Record of a meeting (scan)",
        "languages": ["ru", "en"],
        "attachments": [
            {"path": write(folder, "meeting.tiff", page_file("TIFF", [rendered_page(RUSSIAN)] * pages))},
            {"path": write(folder, "broken.png", page_file("PNG", [rendered_page(ENGLISH)])[:3000])},
        ][: 2 if broken else 1],
    }
    path = folder / "scan.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def read(address: str) -> str:
    with urllib.request.urlopen(address, timeout=10) as answer:
        return str(answer.read().decode())


def found(home: Path, q: str) -> list[str]:
    answer: dict[str, Any] = json.loads(run_cli("search", q, "--json", home=home).stdout)
    return [hit["id"] for hit in answer["hits"]]


def test_the_import_reads_its_scans_before_it_ends(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run_cli("import", str(scans(tmp_path, broken=True)), home=home, check=False)
    assert "Read 2 scans." in result.stdout
    assert "broken.png, page 1: " in result.stderr  # named, with its page
    assert found(home, "Австрия") == ["scan-1"]
    check = run_cli("check", home=home, check=False)
    assert "that could not be read (in part): 1" in check.stdout
    assert check.returncode == 1
    assert "Queued again: 1 scans" in run_cli("check", "--repair", home=home).stdout
    assert "Scans waiting to be read: 1;" in run_cli("check", home=home).stdout


def test_with_no_wait_the_scans_wait_for_a_worker(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_cli("import", "--no-wait", str(scans(tmp_path)), home=home)
    assert found(home, "meeting") == ["scan-1"]  # by its metadata at once
    assert found(home, "Австрия") == []
    assert "Scans waiting to be read: 1;" in run_cli("check", home=home).stdout
    reader = worker(home)
    try:
        deadline = time.monotonic() + 120
        while "Scans waiting to be read: 0;" not in run_cli("check", home=home, check=False).stdout:
            assert time.monotonic() < deadline, "the worker did not read the scan"
            time.sleep(0.5)
    finally:
        reader.send_signal(signal.SIGINT)
        reader.communicate(timeout=30)
    assert found(home, "Австрия") == ["scan-1"]


def worker(home: Path) -> "subprocess.Popen[str]":
    return subprocess.Popen(
        [sys.executable, "-m", "readingroom", "work", "--interval", "0.2"],
        env=archive_environment(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_scan_whose_worker_was_killed_is_read_by_the_next(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_cli("import", "--no-wait", str(scans(tmp_path, pages=6)), home=home)
    first = worker(home)
    assert first.stdout is not None
    for line in first.stdout:  # the worker logs each job it takes
        if "state=RUNNING" in line:
            break
    first.kill()  # in the middle of the scan's six pages
    first.communicate()
    assert "Scans waiting to be read: 1;" in run_cli("check", home=home).stdout
    second = worker(home)
    assert second.stdout is not None
    try:
        said = [second.stdout.readline() for _ in range(2)]
        assert said[0].startswith("Queued again 1 scans whose worker on this machine was stopped"), said
        for line in second.stdout:
            if "state=SUCCESSFUL" in line:
                break
    finally:
        second.send_signal(signal.SIGINT)
        second.communicate(timeout=30)
    assert found(home, "Австрия") == ["scan-1"]


def test_the_server_reads_scans_imported_while_it_runs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_cli("import", "--no-wait", str(scans(tmp_path)), home=home)
    with serving(home) as address:
        deadline = time.monotonic() + 120
        while "/documents/scan-1" not in read(f"{address}/search?q={quote('Австрия')}"):
            assert time.monotonic() < deadline, "the server's worker did not read the scan"
            time.sleep(0.5)
