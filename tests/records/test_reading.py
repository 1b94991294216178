"""Scans are read by jobs: a document is searchable by its metadata once imported and by its pages once a worker
has read them; files and pages that cannot be read are reported by name and page, and the rest is kept."""

import io
import json
import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from lxml import etree
from PIL import Image

from readingroom.home import attachments_path
from readingroom.ingest.alto import NAMESPACE
from readingroom.ingest.ocr import installed_languages
from readingroom.records.indexer import Indexer
from readingroom.records.models import Attachment, Reading, ScanPage
from readingroom.records.reading import reading_state, requeue_reading
from readingroom.records.searching import SearchRequest, search_archive
from readingroom.search.index import SearchIndex
from tests.scans import CHINESE, ENGLISH, RUSSIAN, make_pdf, page_file, rendered_page, write

pytestmark = [
    pytest.mark.skipif(
        shutil.which("tesseract") is None or not {"eng", "rus", "chi_sim"} <= installed_languages(),
        reason="needs Debian's tesseract-ocr with its eng, rus and chi-sim packs (scripts/test.sh installs them)",
    ),
    # The worker runs in the test's process and commits as it would in its own: on PostgreSQL it closes a
    # connection held inside a test's transaction.
    pytest.mark.django_db(transaction=True),
]


def work(index: SearchIndex) -> None:
    """What a worker does with the queued jobs, then the indexer with the changes they made."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    Indexer(index).catch_up()


def found(q: str) -> list[str]:
    return [hit.id for hit in search_archive(SearchRequest(q=q)).hits]


def document(tmp_path: Path, attachments: dict[str, bytes], languages: list[str]) -> Path:
    record = {
        "id": "scan-1",
        "title": "Record of a meeting (scan)",
        "date": "1955-05-12",
        "languages": languages,
        "attachments": [{"path": write(tmp_path, name, content)} for name, content in attachments.items()],
    }
    path = tmp_path / "scan.jsonl"
    path.write_text(json.dumps(record) + "\n")
    return path


def pages(path: str) -> list[ScanPage]:
    return list(ScanPage.objects.filter(attachment__path=path).order_by("number"))


def test_a_scan_is_found_by_its_metadata_at_once_and_by_its_words_once_read(
    tmp_path: Path, load: Callable[..., Any], index: SearchIndex
) -> None:
    russian = page_file("PNG", [rendered_page(RUSSIAN)])
    tiff = page_file("TIFF", [rendered_page(ENGLISH), rendered_page(CHINESE, "han")])
    load(document(tmp_path, {"russian.png": russian, "two.tiff": tiff}, ["ru", "en", "zh-Hans"]))
    assert found("meeting") == ["scan-1"]
    assert found("Австрии") == []
    assert reading_state().waiting == 2
    work(index)
    assert found("Австрия") == ["scan-1"]  # analysed as Russian: another case of the same word
    assert found("Ambassador") == ["scan-1"]
    assert found("潘尼迦") == ["scan-1"]
    [page] = pages("russian.png")
    assert page.method == ScanPage.Method.OCR
    assert page.languages == "chi_sim+rus+eng"
    assert page.confidence is not None
    assert page.confidence > 80
    assert (page.width, page.height) == rendered_page(RUSSIAN).size
    assert (attachments_path() / page.alto).read_bytes().startswith(b"<?xml")
    assert [p.number for p in pages("two.tiff")] == [1, 2]
    assert reading_state().waiting == 0
    assert reading_state().failed == 0


def test_a_hit_in_a_scan_shows_its_passage_and_page(
    tmp_path: Path, load: Callable[..., Any], index: SearchIndex, client: Client
) -> None:
    tiff = page_file("TIFF", [rendered_page(ENGLISH), rendered_page(RUSSIAN)])
    load(document(tmp_path, {"typed.pdf": make_pdf(["A typed cover page."]), "two.tiff": tiff}, ["ru", "en"]))
    work(index)
    [hit] = search_archive(SearchRequest(q="Австрия")).hits
    assert "<b>Австрии</b>" in hit.snippet
    assert hit.page == "2"
    assert hit.page_url == "/documents/scan-1/attachments/2?page=2"
    page = client.get("/search", {"q": "Австрия"}).content.decode()
    assert '<a class="hit-page" href="/documents/scan-1/attachments/2?page=2">p. 2</a>' in page


def test_a_pdfs_text_layer_is_kept_and_a_scanned_pdf_is_read(
    tmp_path: Path, load: Callable[..., Any], index: SearchIndex
) -> None:
    scanned = io.BytesIO()
    rendered_page(ENGLISH).save(scanned, "PDF", resolution=300)
    typed = make_pdf(["Telegram from Beijing, 3 October 1950. Zhou Enlai to Panikkar."])
    load(document(tmp_path, {"typed.pdf": typed, "scanned.pdf": scanned.getvalue()}, ["en"]))
    work(index)
    [kept] = pages("typed.pdf")
    assert kept.method == ScanPage.Method.TEXT_LAYER
    assert kept.confidence is None
    assert "Panikkar" in kept.text
    # its words keep their boxes too, from PDFium, in pixels at 300 dpi: the line stands 72 pt from the left and
    # 720 pt from the bottom of an 842 pt page
    words = etree.fromstring((attachments_path() / kept.alto).read_bytes()).iter(f"{{{NAMESPACE}}}String")
    boxes = {word.get("CONTENT"): [int(word.get(side, "0")) for side in ("HPOS", "VPOS", "HEIGHT")] for word in words}
    scale = 300 / 72
    assert abs(boxes["Telegram"][0] - 72 * scale) < 5
    assert (842 - 720 - 18) * scale < boxes["Telegram"][1] < (842 - 720) * scale
    assert 0 < boxes["Panikkar."][2] <= 18 * scale
    assert (kept.width, kept.height) == (round(595 * scale), round(842 * scale))
    [read] = pages("scanned.pdf")
    assert read.method == ScanPage.Method.OCR
    assert "Austria" in read.text
    assert found("Panikkar") == found("Austria") == ["scan-1"]


def bomb() -> bytes:
    """A PNG that says it is 30,000 x 30,000 pixels: a few bytes that would unpack to 2.7 GB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
    )


def encrypted_pdf() -> bytes:
    """A PDF locked with a password (its /U entry matches no empty password), as PDFium sees one."""
    lock = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"
    identity = b" /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">]"
    return make_pdf(["A typed page."]).replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Encrypt " + lock + identity + b" >>")


def test_files_and_pages_that_cannot_be_read_are_named_and_the_rest_kept(
    tmp_path: Path, load: Callable[..., Any], index: SearchIndex
) -> None:
    good = page_file("PNG", [rendered_page(ENGLISH)])
    truncated = page_file("PNG", [rendered_page(RUSSIAN)])
    broken_page = page_file("TIFF", [rendered_page(ENGLISH), rendered_page(RUSSIAN)])
    second = broken_page.rfind(b"II*\x00")  # not a page start: cut the file in its second page's image data
    files = {
        "good.png": good,
        "truncated.png": truncated[: len(truncated) // 2],
        "bomb.png": bomb(),
        "corrupt.pdf": b"%PDF-1.4\n" + b"\x00garbage" * 50,
        "secret.pdf": encrypted_pdf(),
        "pages.tiff": broken_page[: len(broken_page) - 2000] if second else broken_page,
    }
    load(document(tmp_path, files, ["en"]))
    work(index)
    reading = dict(Attachment.objects.values_list("path", "reading"))
    assert reading["good.png"] == Reading.READ
    errors = dict(Attachment.objects.values_list("path", "reading_error"))
    assert errors["bomb.png"].startswith("bomb.png: refused, too many pixels")
    assert errors["corrupt.pdf"].startswith("corrupt.pdf: not a readable PDF")
    assert errors["secret.pdf"] == "secret.pdf: not a readable PDF (encrypted: it cannot be read without its password)"
    assert errors["truncated.png"].startswith("truncated.png, page 1: ")
    assert errors["pages.tiff"].startswith("pages.tiff, page 2: ")
    assert "Ambassador" in pages("pages.tiff")[0].text  # the page before the broken one is kept
    assert found("Ambassador") == ["scan-1"]
    assert found("meeting") == ["scan-1"]
    state = reading_state()
    assert state.failed == 5
    assert any(line.startswith("bomb.png") for line in state.failed_pages)


def test_scans_whose_jobs_were_lost_are_queued_again(
    tmp_path: Path, load: Callable[..., Any], index: SearchIndex
) -> None:
    load(document(tmp_path, {"page.png": page_file("PNG", [rendered_page(ENGLISH)])}, ["en"]))
    assert requeue_reading() == 0  # its job is queued: not twice
    DBTaskResult.objects.update(status="RUNNING")  # as a worker killed while reading leaves it
    assert requeue_reading() == 1
    work(index)
    assert found("Ambassador") == ["scan-1"]


def test_the_decompression_bomb_is_refused_before_it_is_unpacked() -> None:
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(bomb()))


def test_a_reimported_document_keeps_its_scans_pages_unless_its_languages_change(
    tmp_path: Path, load: Callable[..., Any], index: SearchIndex
) -> None:
    scan = {"page.png": page_file("PNG", [rendered_page(RUSSIAN)])}
    load(document(tmp_path, scan, ["ru"]))
    work(index)
    changed = json.loads((tmp_path / "scan.jsonl").read_text())
    changed["title"] = "Record of a meeting in Moscow (scan)"
    (tmp_path / "scan.jsonl").write_text(json.dumps(changed) + "\n")
    load(tmp_path / "scan.jsonl")
    assert DBTaskResult.objects.filter(status="READY").count() == 0  # not read again
    assert found("Австрия") == ["scan-1"]
    assert pages("page.png")[0].languages == "rus"
    changed["languages"] = ["en"]
    (tmp_path / "scan.jsonl").write_text(json.dumps(changed) + "\n")
    load(tmp_path / "scan.jsonl")
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # read again, in English
