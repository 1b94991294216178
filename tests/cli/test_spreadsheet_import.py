"""`readingroom import` of spreadsheets and `readingroom export --format csv`, driven as a person would."""

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import SAMPLE, run_cli

pytestmark = pytest.mark.slow
SAMPLES = SAMPLE.parent


def export_csv(home: Path, out: Path, *options: str) -> bytes:
    run_cli("export", "--format", "csv", "--site", "https://archive.example", *options, str(out), home=home)
    return out.read_bytes()


def test_the_csv_export_of_the_sample_reads_back_unchanged(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLES / "seed.jsonl"), str(SAMPLES / "frus"), home=tmp_path / "first")
    first = export_csv(tmp_path / "first", tmp_path / "first.csv")
    imported = run_cli("import", str(tmp_path / "first.csv"), home=tmp_path / "second")
    assert "Rejected: 0" in imported.stdout
    assert export_csv(tmp_path / "second", tmp_path / "second.csv") == first
    assert first.count(b"\n") > 600  # the demo's 627 documents, not an empty file equal to another


def test_cells_neutralised_against_formulas_come_back_as_they_were(tmp_path: Path) -> None:
    source = tmp_path / "tricky.jsonl"
    record = {"id": "t/1", "title": "=1+1", "summary": "-3 degrees", "credits": "'@quoted", "topics": ["+plus"]}
    source.write_text(json.dumps(record) + "\n")
    run_cli("import", str(source), home=tmp_path / "first")
    first = export_csv(tmp_path / "first", tmp_path / "first.csv")
    assert b"'=1+1,,'-3 degrees" in first
    run_cli("import", str(tmp_path / "first.csv"), home=tmp_path / "second")
    assert export_csv(tmp_path / "second", tmp_path / "second.csv") == first
    [line] = [line for line in run_cli("export", "-", home=tmp_path / "second").stdout.splitlines() if "t/1" in line]
    stored = json.loads(line)
    assert (stored["title"], stored["summary"], stored["credits"]) == ("=1+1", "-3 degrees", "'@quoted")


def test_excel_gets_a_byte_order_mark(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    plain = export_csv(tmp_path, tmp_path / "plain.csv")
    assert export_csv(tmp_path, tmp_path / "excel.csv", "--excel") == b"\xef\xbb\xbf" + plain
    wrong = run_cli("export", "--excel", "-", home=tmp_path, check=False)
    assert wrong.returncode != 0
    assert "--excel can only be used with --format csv" in wrong.stderr


def test_a_dry_run_reports_and_writes_nothing(tmp_path: Path) -> None:
    sheet = tmp_path / "documents.csv"
    rows = ["id,title,date,Shelf"] + [f"d{n},Letter {n},{n + 1} Sept. 1952,B{n}" for n in range(3)]
    rows += [f"bad{n},Bad {n},31.2.1952," for n in range(25)]
    sheet.write_text("\n".join(rows) + "\n")
    result = run_cli("import", "--dry-run", str(sheet), home=tmp_path / "home", check=False)
    assert result.returncode == 1
    assert "Dry run: nothing was written" in result.stdout
    assert "Documents: 3 added, 0 updated, 0 unchanged" in result.stdout
    assert "Rejected: 25" in result.stdout
    assert result.stderr.count("rejected ") == 20
    assert "… and 5 more rejections" in result.stderr
    assert f'{sheet}, row 5, column C "date" (bad0): "31.2.1952" is not a valid date' in result.stderr
    assert f'{sheet}, row 2, column C "date": "1 Sept. 1952" read as 1952-09-01' in result.stderr
    assert 'column D "Shelf" is no field this archive knows; not imported' in result.stderr
    assert run_cli("export", "--format", "csv", "-", home=tmp_path / "home").stdout.count("\n") == 1
    imported = run_cli("import", str(sheet), home=tmp_path / "home", check=False)
    assert "Documents: 3 added, 0 updated, 0 unchanged" in imported.stdout
    again = run_cli("import", str(sheet), home=tmp_path / "home", check=False)
    assert "Documents: 0 added, 0 updated, 3 unchanged" in again.stdout  # safe to run again


def test_a_mapping_file_and_its_mistakes(tmp_path: Path) -> None:
    sheet = tmp_path / "catalogue.tsv"
    sheet.write_text("Ref\tHeading\tKeywords\nr-1\tA letter\tKorea; Japan\n")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\nRef = "id"\nHeading = "title"\nKeywords = { field = "topics", split = ";" }\n')
    result = run_cli("import", "--mapping", str(mapping), str(sheet), home=tmp_path / "home")
    assert "Documents: 1 added" in result.stdout
    assert run_cli("export", "--format", "csv", "-", home=tmp_path / "home").stdout.count("Korea|Japan") == 1
    mapping.write_text("[columns]\nRef = 3\n")
    wrong = run_cli("import", "--mapping", str(mapping), str(sheet), home=tmp_path / "home", check=False)
    assert wrong.returncode != 0
    assert f'--mapping {mapping}: column "Ref": expected "field"' in wrong.stderr
    assert "Traceback" not in wrong.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"d1,Telegram,1952\n", "row 1: names no column this archive knows"),
        (b"id,title\nd1,Caf\xe9\nd2,\x81\n", "line 3 of the file: neither UTF-8 nor Windows-1252 text"),
        (b"id,date\nd1,1952\n", "row 1: no title column"),
    ],
)
def test_a_sheet_that_cannot_be_read_is_one_message(tmp_path: Path, content: bytes, message: str) -> None:
    sheet = tmp_path / "documents.csv"
    sheet.write_bytes(content)
    result = run_cli("import", str(sheet), home=tmp_path / "home", check=False)
    assert result.returncode == 1
    [rejected] = [line for line in result.stderr.splitlines() if line.startswith("rejected")]
    assert rejected.startswith(f"rejected {sheet}: ")
    assert rejected.count(str(sheet)) == 1
    assert message in rejected
    assert "Traceback" not in result.stderr


def test_an_xlsx_workbook_with_a_formula_keeps_its_good_rows(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["dc:identifier", "dc:title", "dc:creator"])
    sheet.append(["x1", "Letter", "José Martí"])
    sheet.append(["x2", "=CONCAT(A1,B1)", "Nobody"])
    path = tmp_path / "documents.xlsx"
    workbook.save(path)
    result = run_cli("import", str(path), home=tmp_path / "home", check=False)
    assert "Documents: 1 added" in result.stdout
    assert f'{path}, row 3, column B "dc:title" (x2): holds a formula (=CONCAT(A1,B1))' in result.stderr
    assert "José Martí" in run_cli("export", "--format", "csv", "-", home=tmp_path / "home").stdout
