"""Machine-read text is labelled as such: on the document page, for each scan, and in the page viewer."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.test import Client

from readingroom.search.index import SearchIndex
from tests.records.test_reading import document, pytestmark, work
from tests.scans import ENGLISH, make_pdf, page_file, rendered_page

__all__ = ["pytestmark"]  # skipped where Tesseract is missing, as the reading tests are


def test_machine_read_text_says_so(
    tmp_path: Path, load: Callable[..., Any], index: SearchIndex, client: Client
) -> None:
    typed = make_pdf(["Telegram from Beijing, 3 October 1950. Zhou Enlai to Panikkar."])
    load(document(tmp_path, {"scan.png": page_file("PNG", [rendered_page(ENGLISH)]), "typed.pdf": typed}, ["en"]))
    waiting = client.get("/documents/scan-1").content.decode()
    assert waiting.count("Text waiting to be read") == 2
    work(index)
    page = client.get("/documents/scan-1").content.decode()
    assert page.count("Text machine-read (OCR), mean confidence") == 1  # the PDF's typed text layer is not
    viewer = client.get("/documents/scan-1/attachments/1").content.decode()
    assert "Text machine-read (OCR), mean confidence" in viewer
    assert "Ambassador" in viewer
    typed_viewer = client.get("/documents/scan-1/attachments/2").content.decode()
    assert "Panikkar" in typed_viewer
    assert "machine-read" not in typed_viewer
