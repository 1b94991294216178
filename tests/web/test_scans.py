"""Scans and attachments: imported with their documents, shown in the page viewer, downloadable, public only."""

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from readingroom.records.files import stored_file
from readingroom.records.importing import import_paths
from readingroom.records.models import Attachment, Document
from tests.scans import make_image, make_pdf, write

pytestmark = pytest.mark.django_db

PAGES = ["Telegram from Moscow, page one", "Second page: Filippov to Zhou Enlai", "Third page"]


@pytest.fixture
def scans(tmp_path: Path, load: Callable[..., Any]) -> Path:
    """A document with a three-page PDF, a TIFF of two pages and a text file; and a restricted one with a PDF."""
    folder = tmp_path / "import"
    records = [
        {
            "id": "scanned",
            "title": "Telegram with scans",
            "languages": ["en"],
            "attachments": [
                {"path": write(folder, "scans/telegram.pdf", make_pdf(PAGES)), "label": "Original telegram"},
                {"path": write(folder, "scans/photo.tif", make_image("TIFF", frames=2))},
                {"path": write(folder, "notes.txt", b"<script>alert(1)</script>"), "label": "Archivist's notes"},
            ],
        },
        {
            "id": "secret",
            "title": "Restricted telegram",
            "access": "restricted",
            "attachments": [{"path": write(folder, "secret.pdf", make_pdf(["secret words"]))}],
        },
    ]
    path = folder / "records.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    report = load(path)
    assert report.rejected == 0, report.rejections
    return folder


def test_files_are_stored_under_their_hash(scans: Path) -> None:
    pdf, tiff, text = Document.objects.get(pk="scanned").attachments.order_by("position")
    assert stored_file(pdf.sha256).read_bytes() == (scans / "scans/telegram.pdf").read_bytes()
    assert (pdf.media_type, tiff.media_type, text.media_type) == ("application/pdf", "image/tiff", "text/plain")
    assert pdf.size == (scans / "scans/telegram.pdf").stat().st_size


def test_the_document_page_lists_scans_with_thumbnails_and_downloads(client: Client, scans: Path) -> None:
    html = client.get("/documents/scanned").content.decode()
    assert "Scans and attachments" in html
    assert 'href="/documents/scanned/attachments/1"' in html
    assert 'src="/documents/scanned/attachments/1/pages/1.png?width=400"' in html
    assert "PDF, 3 pages" in html
    assert "TIFF image, 2 pages" in html
    assert 'href="/documents/scanned/attachments/3/file?download"' in html
    assert '/documents/scanned/attachments/3"' not in html  # a text file has no viewer


def test_the_viewer_pages_through_a_pdf_with_its_text(client: Client, scans: Path) -> None:
    first = client.get("/documents/scanned/attachments/1").content.decode()
    assert "Page 1 of 3 of Original telegram" in first
    assert PAGES[0] in first
    assert 'rel="next" href' not in first
    assert 'href="/documents/scanned/attachments/1?page=2" rel="next"' in first
    assert "Previous page" not in first
    second = client.get("/documents/scanned/attachments/1", {"page": "2", "zoom": "1600"}).content.decode()
    assert PAGES[1] in second
    assert PAGES[0] not in second
    assert 'src="/documents/scanned/attachments/1/pages/2.png?width=1600"' in second
    assert 'href="/documents/scanned/attachments/1?page=2&amp;zoom=2400">Zoom in' in second
    assert 'href="/documents/scanned/attachments/1?page=2&amp;zoom=1200">Zoom out' in second
    assert 'href="/documents/scanned/attachments/1?page=1&amp;zoom=1600" rel="prev"' in second


@pytest.mark.parametrize("page", ["0", "-3", "99", "abc", "1e9", "9" * 40])
def test_the_viewer_clamps_any_page_number(client: Client, scans: Path, page: str) -> None:
    response = client.get("/documents/scanned/attachments/1", {"page": page, "zoom": "7"})
    assert response.status_code == 200


def test_pages_are_rendered_as_png_at_the_asked_width(client: Client, scans: Path) -> None:
    for number, page, width in [(1, 1, 400), (1, 3, 1600), (2, 2, 400)]:
        response = client.get(f"/documents/scanned/attachments/{number}/pages/{page}.png", {"width": width})
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert image.width == width or (number == 2 and image.width == 300)  # a small image is not enlarged


@pytest.mark.parametrize(
    "url",
    [
        "/documents/scanned/attachments/1/pages/4.png",
        "/documents/scanned/attachments/1/pages/0.png",
        "/documents/scanned/attachments/1/pages/1.png?width=333",
        "/documents/scanned/attachments/3/pages/1.png",
        "/documents/scanned/attachments/3",
        "/documents/scanned/attachments/4",
        "/documents/scanned/attachments/0/file",
        "/documents/nothing/attachments/1",
    ],
)
def test_what_does_not_exist_is_a_404(client: Client, scans: Path, url: str) -> None:
    assert client.get(url).status_code == 404


def test_files_download_and_only_viewable_types_open_inline(client: Client, scans: Path) -> None:
    pdf = client.get("/documents/scanned/attachments/1/file")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline")
    assert b"".join(pdf.streaming_content) == (scans / "scans/telegram.pdf").read_bytes()
    saved = client.get("/documents/scanned/attachments/1/file?download")
    b"".join(saved.streaming_content)  # read to the end, as a server does, which closes the file
    assert saved["Content-Disposition"] == 'attachment; filename="telegram.pdf"'
    text = client.get("/documents/scanned/attachments/3/file")
    assert b"".join(text.streaming_content) == b"<script>alert(1)</script>"
    assert text["Content-Type"] == "application/octet-stream"
    assert text["Content-Disposition"].startswith("attachment")
    assert text["X-Content-Type-Options"] == "nosniff"


def test_a_restricted_documents_scans_do_not_exist(client: Client, scans: Path) -> None:
    for url in ["", "/attachments/1", "/attachments/1/file", "/attachments/1/pages/1.png?width=400"]:
        response = client.get(f"/documents/secret{url}")
        assert response.status_code == 404
        assert b"secret words" not in response.content


@pytest.mark.parametrize(
    ("attachment", "message"),
    [
        ({"path": "../outside.pdf"}, "'../outside.pdf' leads outside the imported file's folder"),
        ({"path": "/etc/passwd"}, "'/etc/passwd' must be a path relative to the imported file"),
        ({"path": "missing.pdf"}, "missing.pdf does not exist"),
        (
            {"path": "fake.pdf"},
            "fake.pdf claims to be application/pdf but is not: its content does not begin as one",
        ),
        (
            {"path": "image.png", "media_type": "application/pdf"},
            "image.png claims to be application/pdf but is image/png",
        ),
    ],
)
def test_bad_attachments_are_rejected_with_the_line_and_field(
    tmp_path: Path, db: None, attachment: dict[str, str], message: str
) -> None:
    folder = tmp_path / "import"
    write(tmp_path, "outside.pdf", make_pdf(["outside"]))
    write(folder, "fake.pdf", b"<html>not a pdf</html>")
    write(folder, "image.png", make_image("PNG"))
    path = folder / "records.jsonl"
    good = {"id": "good", "title": "Kept"}
    path.write_text(json.dumps(good) + "\n" + json.dumps({"id": "bad", "title": "Bad", "attachments": [attachment]}))
    report = import_paths([path])
    assert [str(rejection) for rejection in report.rejections] == [
        f"{path}, line 2 (bad): field 'attachments[0].path': {message}"
        + (f" (looked for {folder / 'missing.pdf'})" if "missing" in message else "")
    ]
    assert list(Document.objects.values_list("id", flat=True)) == ["good"]


def test_reimporting_is_unchanged_until_a_file_changes(tmp_path: Path, db: None) -> None:
    folder = tmp_path / "import"
    write(folder, "scan.pdf", make_pdf(["first version"]))
    path = folder / "records.jsonl"
    path.write_text(json.dumps({"id": "d", "title": "T", "attachments": [{"path": "scan.pdf"}]}) + "\n")
    assert import_paths([path]).count("documents", "added") == 1
    assert import_paths([path]).count("documents", "unchanged") == 1
    write(folder, "scan.pdf", make_pdf(["second version"]))
    assert import_paths([path]).count("documents", "updated") == 1
    assert stored_file(Attachment.objects.get().sha256).read_bytes() == (folder / "scan.pdf").read_bytes()


def test_a_broken_pdf_is_offered_for_download_only(tmp_path: Path, client: Client, load: Callable[..., Any]) -> None:
    folder = tmp_path / "import"
    write(folder, "broken.pdf", b"%PDF-1.4\nthis is not really a PDF")
    path = folder / "records.jsonl"
    path.write_text(json.dumps({"id": "d", "title": "T", "attachments": [{"path": "broken.pdf"}]}) + "\n")
    load(path)
    html = client.get("/documents/d").content.decode()
    assert "/documents/d/attachments/1/file?download" in html
    assert 'href="/documents/d/attachments/1"' not in html
    assert client.get("/documents/d/attachments/1").status_code == 404
    assert client.get("/documents/d/attachments/1/pages/1.png").status_code == 404
