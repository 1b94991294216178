"""The staff import page: upload, the dry run's report, then the import, through the command line's importer."""

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from lxml import html as lxml_html
from PIL import Image

from readingroom.records.models import ChangeSet, Document
from tests.staff.conftest import form_values

PAGE = "/staff/import/"
FIXTURES = Path(__file__).parent.parent / "ingest" / "fixtures"
LINES = "\n".join(
    json.dumps(record)
    for record in [
        {"id": "upload/1", "title": "A letter uploaded", "date": "1952-09-22"},
        {"id": "upload/2", "title": "A telegram uploaded", "date": "1952-13-40"},
    ]
)
SHEET = "id,title,date\nsheet/1,A memorandum from a sheet,1953-01-05\nsheet/2,,1953-01-06\n"


def upload(client: Client, name: str, content: bytes | str) -> Any:
    data = content.encode() if isinstance(content, str) else content
    return client.post(PAGE, {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def editing(signed_in: Callable[[User], Client], editor: User, home: Path, db: None) -> Client:
    return signed_in(editor)


def test_a_dry_run_shows_what_would_be_stored_and_writes_nothing(editing: Client, home: Path) -> None:
    response = upload(editing, "letters.jsonl", LINES)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dry run of letters.jsonl: nothing was written" in page
    assert '<th scope="row">Documents</th><td>1</td>' in page  # one added
    assert '<th scope="row">Refused</th><td colspan="3">1</td>' in page
    assert "letters.jsonl, line 2 (upload/2): field &#x27;date&#x27;" in page  # named as uploaded, not as staged
    assert str(home) not in page
    assert not Document.objects.exists()
    staged = list((home / "staging").iterdir())
    assert len(staged) == 1
    assert re.fullmatch("[0-9a-f]{32}", staged[0].name)  # a random name
    assert [path.name for path in staged[0].iterdir()] == ["letters.jsonl"]


def test_import_after_the_dry_run_writes_and_forgets_the_upload(editing: Client, home: Path, editor: User) -> None:
    dry_run = upload(editing, "letters.jsonl", LINES).content.decode()
    response = editing.post(PAGE, form_values(dry_run, "import-form"))
    page = response.content.decode()
    assert "Imported letters.jsonl" in page
    assert list(Document.objects.values_list("id", flat=True)) == ["upload/1"]
    change_set = ChangeSet.objects.get(kind=ChangeSet.Kind.IMPORT)
    assert (change_set.label, change_set.user) == ("import of letters.jsonl", editor)
    assert not list((home / "staging").iterdir())
    again = editing.post(PAGE, form_values(dry_run, "import-form"))
    assert again.status_code == 400
    assert "no longer kept" in again.content.decode()
    assert Document.objects.count() == 1


def test_a_spreadsheet_names_its_rows_and_columns(editing: Client) -> None:
    dry_run = upload(editing, "catalogue.csv", SHEET).content.decode()
    assert "catalogue.csv, row 3" in dry_run
    assert not Document.objects.exists()
    editing.post(PAGE, form_values(dry_run, "import-form"))
    assert Document.objects.get(id="sheet/1").title == "A memorandum from a sheet"


def test_a_finding_aid_is_told_from_other_xml_by_its_content(editing: Client) -> None:
    finding_aid = (FIXTURES / "ead3-mission.xml").read_bytes()
    dry_run = upload(editing, "mission.xml", finding_aid).content.decode()
    assert "Dry run of mission.xml: nothing was written" in dry_run
    assert '<th scope="row">Documents</th><td>0</td>' not in dry_run
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "content", [b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div', b"<ead><archdesc level='fonds'>"]
)
def test_broken_xml_is_reported_not_an_error(editing: Client, content: bytes) -> None:
    response = upload(editing, "broken.xml", content)
    assert response.status_code == 200
    problems = lxml_html.fromstring(response.content).xpath("//ul[@class='import-problems']/li")
    assert problems[0].text_content().startswith("broken.xml"), response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "not a file the import reads"),
        ("scans.zip", b"%PDF-1.4 not an archive", "scans.zip: not a ZIP archive"),
        ("empty.csv", b"", "The submitted file is empty."),
        ("book.xlsx", b"\x00\x01garbage", "not an Excel workbook"),
    ],
)
def test_files_the_import_cannot_read_are_refused_with_a_message(
    editing: Client, home: Path, name: str, content: bytes, message: str
) -> None:
    response = upload(editing, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not (home / "staging").exists()


@pytest.mark.parametrize(
    "name", ["garbage.jsonl", "garbage.csv", "garbage.tsv", "garbage.xlsx", "garbage.xml", "garbage.zip"]
)
def test_garbage_gives_a_report_not_an_error(editing: Client, name: str) -> None:
    garbage = b"PK\x03\x04" + bytes(range(256)) * 40  # passes the workbook's first check, then is nothing
    response = upload(editing, name, garbage)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<th scope="row">Refused</th><td colspan="3">0</td>' not in page
    problems = lxml_html.fromstring(page).xpath("//ul[@class='import-problems']/li")
    assert problems[0].text_content().startswith(name), page
    assert not Document.objects.exists()


def test_a_long_or_strange_file_name_is_kept_short_and_plain(editing: Client, home: Path) -> None:
    name = "../" + "档案" * 200 + "<x>.jsonl"
    page = upload(editing, name, LINES).content.decode()
    assert "Dry run of " + "档案" * 25 + ".jsonl" in page
    (staged,) = (home / "staging").iterdir()
    assert [path.name for path in staged.iterdir()] == ["档案" * 25 + ".jsonl"]


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_archive_of_scans_with_its_sidecar(editing: Client) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(picture, "PNG")
    sidecar = b"id,title,files\nbox-7/memo,A memorandum scanned,memo.png\nbox-7/lost,A lost page,lost.png\n"
    archive = zipped({"box-7/documents.csv": sidecar, "box-7/memo.png": picture.getvalue()})
    dry_run = upload(editing, "box-7.zip", archive).content.decode()
    assert '<th scope="row">Documents</th><td>2</td>' in dry_run  # a dry run does not look for the files
    assert not Document.objects.exists()
    imported = editing.post(PAGE, form_values(dry_run, "import-form")).content.decode()
    assert "box-7.zip/box-7/documents.csv, row 3" in imported  # the missing scan, named inside the archive
    assert Document.objects.get(id="box-7/memo").attachments.count() == 1
    assert not Document.objects.filter(id="box-7/lost").exists()


def test_a_zip_archive_reaching_outside_its_folder_is_refused_whole(editing: Client) -> None:
    archive = zipped({"../letters.jsonl": LINES.encode()})
    page = upload(editing, "escape.zip", archive).content.decode()
    problems = lxml_html.fromstring(page).xpath("//ul[@class='import-problems']/li")
    assert problems[0].text_content().startswith("escape.zip"), page
    assert "../letters.jsonl" in problems[0].text_content()
    assert not Document.objects.exists()


@override_settings(MAX_UPLOAD_BYTES=1024 * 1024)
def test_a_file_over_the_limit_gets_a_413_page(editing: Client, home: Path) -> None:
    response = upload(editing, "big.jsonl", LINES + "\n" + " " * 1024 * 1024)
    assert response.status_code == 413
    assert "larger than the 1 MB a file uploaded here may have" in response.content.decode()
    assert not (home / "staging").exists()


def test_the_form_is_checked_for_its_csrf_token(editor: User, home: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(PAGE, {"file": SimpleUploadedFile("letters.jsonl", LINES.encode())}).status_code == 403
    page = client.get(PAGE).content.decode()
    values = form_values(page, "upload-form")
    values["file"] = SimpleUploadedFile("letters.jsonl", LINES.encode())
    assert client.post(PAGE, values).status_code == 200


def test_readers_cannot_reach_the_page(client: Client, home: Path, db: None) -> None:
    assert client.get(PAGE).status_code == 302
    response = client.post(PAGE, {"file": SimpleUploadedFile("letters.jsonl", LINES.encode())})
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
    assert not Document.objects.exists()
    assert not (home / "staging").exists()
