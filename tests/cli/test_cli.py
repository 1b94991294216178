"""`readingroom` driven as a person drives it: a subprocess with a data directory."""

import csv
import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE, archive_environment, run_cli, serving
from tests.scans import make_pdf, write


def search_json(home: Path, *args: str) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(run_cli("search", *args, "--json", home=home).stdout)
    return answer


def test_import_reports_counts_and_a_reimport_changes_nothing(tmp_path: Path) -> None:
    first = run_cli("import", str(SAMPLE), home=tmp_path)
    assert "Documents: 7 added, 0 updated, 0 unchanged" in first.stdout
    assert "Authorities: 18 added" in first.stdout
    again = run_cli("import", str(SAMPLE), home=tmp_path)
    assert "Documents: 0 added, 0 updated, 7 unchanged" in again.stdout
    assert "Nothing changed." in again.stdout


def test_bad_lines_are_reported_and_good_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok/1", "title": "Fine"}\n{"id": "bad id", "title": "x"}\n{"id": "ok/2"}\n')
    result = run_cli("import", str(path), home=tmp_path / "home", check=False)
    assert result.returncode == 1
    assert f"{path}, line 2 (bad id): field 'id'" in " ".join(result.stderr.split())
    assert f"{path}, line 3 (ok/2): field 'title': is required" in " ".join(result.stderr.split())
    assert "Documents: 1 added" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.jsonl", b"", "empty file"),
        ("notes.txt", b"hello", "not a JSON Lines (.jsonl), TEI (.xml) or spreadsheet"),
        ("missing.jsonl", None, "no such file"),
        ("binary.jsonl", bytes(range(256)) * 10, "not UTF-8"),
    ],
)
def test_files_of_the_wrong_kind_are_a_message(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run_cli("import", str(path), home=tmp_path / "home", check=False)
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_200_megabyte_line_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w") as stream:
        stream.write('{"id": "huge", "title": "' + "x" * 200_000_000 + '"}\n')
        stream.write('{"id": "small", "title": "Kept"}\n')
    result = run_cli("import", str(path), home=tmp_path / "home", check=False)
    assert "line 1: line is longer than" in result.stderr
    assert "Documents: 1 added" in result.stdout


def test_search_finds_by_any_name_and_filters(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    answer = search_json(tmp_path, "Filippov", "--filter", "places=Burma", "--from", "1952-09-17")
    assert answer["total"] == 2
    assert {hit["id"] for hit in answer["hits"]} == {
        "seed/1952-09-17-filippov-mao",
        "seed/1952-09-19-stalin-zhou",
    }
    plain = run_cli("search", "Khrushchev", home=tmp_path).stdout
    assert "Results: 1 - 1 of 1" in plain
    assert "October 2, 1959" in plain


def test_a_bad_filter_is_a_message(tmp_path: Path) -> None:
    result = run_cli("search", "x", "--filter", "colour=red", home=tmp_path, check=False)
    assert result.returncode == 2
    assert "--filter 'colour=red'" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_then_import_into_an_empty_archive_reproduces_it(tmp_path: Path) -> None:
    write(tmp_path, "a.pdf", make_pdf(["scan"]))
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps(
            {
                "id": "t/all",
                "title": "Every field",
                "date": "1950/1953",
                "summary": "S",
                "text": "T",
                "type": "Letter",
                "transcripts": [{"language": "ru", "text": "Текст"}],
                "languages": ["ru"],
                "authors": ["Filippov"],
                "recipients": ["New Person"],
                "source": {"repository": "R", "citation": "C"},
                "credits": "Cr",
                "rights": "Ri",
                "related": ["seed/1952-09-17-filippov-mao"],
                "access": "restricted",
                "attachments": [{"path": "a.pdf", "label": "Scan"}],
                "extra": {"k": [1, {"x": None}]},
            },
            ensure_ascii=False,
        )
        + "\n"
    )
    first, second = tmp_path / "first", tmp_path / "second"
    run_cli("import", str(SAMPLE), str(extra), home=first)
    run_cli("export", str(tmp_path / "one.jsonl"), home=first)
    imported = run_cli("import", str(tmp_path / "one.jsonl"), home=second)
    assert "New authorities created from names in documents" not in imported.stdout
    run_cli("export", str(tmp_path / "two.jsonl"), home=second)
    one, two = (tmp_path / "one.jsonl").read_text(), (tmp_path / "two.jsonl").read_text()
    assert one == two
    assert sum('"kind": "document"' in line for line in one.splitlines()) == 8
    assert '"access": "restricted"' in one
    assert (tmp_path / "attachments").is_dir()


def test_an_index_deleted_or_left_behind_catches_up_by_itself(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    shutil.rmtree(tmp_path / "index")
    assert search_json(tmp_path, "Stalin")["total"] == 6
    shutil.copytree(tmp_path / "index", tmp_path / "old-index")
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps({"id": "late/1", "title": "Stalin in a late document"}) + "\n")
    run_cli("import", str(new), home=tmp_path)
    shutil.rmtree(tmp_path / "index")
    shutil.move(tmp_path / "old-index", tmp_path / "index")
    assert search_json(tmp_path, "Stalin")["total"] == 7
    checked = run_cli("check", home=tmp_path)
    assert "The index agrees with the database." in checked.stdout


def test_reindex_rebuilds_from_the_database(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    assert "Indexed 7 documents." in run_cli("reindex", home=tmp_path).stdout
    assert search_json(tmp_path, "Mexican")["total"] == 2


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.mark.slow
def test_serve_makes_a_new_import_searchable_within_a_second(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    with serving(tmp_path) as base:
        assert get_json(f"{base}/api/search?q=Stalin")["total"] == 6
        new = tmp_path / "new.jsonl"
        new.write_text(json.dumps({"id": "live/1", "title": "Telegram imported while serving"}) + "\n")
        imported = run_cli("import", str(new), home=tmp_path)
        assert "Documents: 1 added" in imported.stdout
        started = time.monotonic()
        while get_json(f"{base}/api/search?q=serving")["total"] != 1:
            assert time.monotonic() - started < 1.0, "not searchable within a second"
            time.sleep(0.05)
        over_http = get_json(f"{base}/api/search?q=Stalin&places=Korea")
        assert over_http == search_json(tmp_path, "Stalin", "--filter", "places=Korea")
        with urllib.request.urlopen(f"{base}/search?collections=Sino-Soviet+Relations", timeout=10) as response:
            page = response.read().decode()
        assert "Results: 1 - 7 of 7" in page
        with urllib.request.urlopen(f"{base}/static/readingroom/site.css", timeout=10) as response:
            assert response.status == 200


def test_a_long_import_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty

    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"gen/{n}", "title": f"Telegram {n}"}) + "\n" for n in range(1200)))
    controller, terminal = pty.openpty()
    env = {**archive_environment(tmp_path / "home"), "COLUMNS": "100"}
    process = subprocess.Popen(
        [sys.executable, "-m", "readingroom", "import", str(path)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 0
    text = output.decode(errors="replace")
    assert "many.jsonl: documents" in text
    assert "━" in text
    assert "Documents: 1200 added" in text


def test_authorities_merge(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    extra = tmp_path / "extra.jsonl"
    note = {"id": "t/1", "title": "Note on the Generalissimo", "people": ["Generalissimo"]}
    extra.write_text(json.dumps(note) + "\n")
    run_cli("import", str(extra), home=tmp_path)
    merged = run_cli("authorities", "merge", "person/generalissimo", "person/chiang-kai-shek", home=tmp_path)
    assert "into Chiang Kai-shek (person/chiang-kai-shek); 1 documents changed" in merged.stdout
    assert search_json(tmp_path, "--filter", "people=Generalissimo")["total"] == 2
    assert search_json(tmp_path, "Generalissimo")["total"] == 2  # the merged name is now one of his
    wrong = run_cli("authorities", "merge", "place/korea", "person/stalin", home=tmp_path, check=False)
    assert wrong.returncode == 2
    assert "cannot merge a place (place/korea) into a person (person/stalin)" in wrong.stderr
    missing = run_cli("authorities", "merge", "person/nobody", "person/stalin", home=tmp_path, check=False)
    assert "no authority with id 'person/nobody'" in missing.stderr


def test_export_as_csv_and_without_restricted_documents(tmp_path: Path) -> None:
    hidden = tmp_path / "hidden.jsonl"
    hidden.write_text(json.dumps({"id": "t/hidden", "title": "Marker-restricted", "access": "restricted"}) + "\n")
    run_cli("import", str(SAMPLE), str(hidden), home=tmp_path)
    run_cli("export", "--format", "csv", "--site", "https://archive.example", str(tmp_path / "all.csv"), home=tmp_path)
    with (tmp_path / "all.csv").open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 7
    assert rows[0]["url"] == f"https://archive.example/documents/{rows[0]['id']}"
    assert "Marker-restricted" not in (tmp_path / "all.csv").read_text()
    public = run_cli("export", "--public", "-", home=tmp_path).stdout
    assert "Marker-restricted" not in public
    assert sum('"kind": "document"' in line for line in public.splitlines()) == 7
    assert "Marker-restricted" in run_cli("export", "-", home=tmp_path).stdout


def test_serving_starts_with_a_damaged_index_and_rebuilds_it(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    for segment in (tmp_path / "index").rglob("*"):  # the readers' index in index/public/ too
        if segment.is_file():
            segment.write_bytes(b"not an index")
    with serving(tmp_path) as address:
        for _ in range(100):
            with urllib.request.urlopen(f"{address}/status") as response:
                status = response.read().decode()
            if "The search index is up to date." in status:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the index was not rebuilt")
        with urllib.request.urlopen(f"{address}/api/search?q=Stalin") as response:
            assert json.load(response)["total"] == 6
    assert "The index agrees with the database." in run_cli("check", home=tmp_path).stdout
