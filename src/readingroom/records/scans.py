"""Scans as pages a browser can show: PDF pages and images (TIFF included) rendered to PNG at a few widths.

Rendering happens on the server (PDFium for PDFs, Pillow for images), so the reader needs no plug-in and no
script, and the page ships only the image at the width asked for. Rendered pages are cached in the data directory
under the file's hash, which never changes.
"""

import io
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2
from PIL import Image, ImageSequence

from readingroom.home import data_home
from readingroom.records.files import VIEWABLE, stored_file

WIDTHS = (400, 800, 1200, 1600, 2400)  # the thumbnail, then the viewer's zoom levels
DEFAULT_WIDTH = 1200
MAX_HEIGHT_RATIO = 6  # a page far taller than wide (a scroll) is rendered no taller than this many widths

_pdfium = threading.Lock()  # PDFium is not thread-safe; the server runs several threads per worker


class UnreadableScan(Exception):
    """The stored file cannot be rendered; the viewer offers the download instead."""


@dataclass(frozen=True)
class ScanInfo:
    pages: int
    text: tuple[str, ...]  # each page's text layer (empty for images and scanned PDFs without one)


def viewable(media_type: str) -> bool:
    return media_type in VIEWABLE


@lru_cache(maxsize=256)
def scan_info(sha256: str, media_type: str) -> ScanInfo:
    path = stored_file(sha256)
    try:
        if media_type == "application/pdf":
            with _pdfium:
                pdf = pypdfium2.PdfDocument(path)
                try:
                    return ScanInfo(len(pdf), tuple(_page_text(page) for page in pdf))
                finally:
                    pdf.close()
        with Image.open(path) as image:
            return ScanInfo(getattr(image, "n_frames", 1), ())
    except (OSError, pypdfium2.PdfiumError, Image.DecompressionBombError, ValueError) as error:
        raise UnreadableScan(str(error)) from error


def _page_text(page: pypdfium2.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        return str(textpage.get_text_range()).replace("\r\n", "\n").strip()
    finally:
        textpage.close()


def rendered_page(sha256: str, media_type: str, page: int, width: int) -> Path:
    """The PNG of one page (1-based) at one of WIDTHS, rendered on first request."""
    if width not in WIDTHS:
        raise ValueError(f"width must be one of {WIDTHS}")
    if not 1 <= page <= scan_info(sha256, media_type).pages:
        raise ValueError(f"no page {page}")
    cached = data_home() / "cache" / "pages" / sha256[:2] / sha256 / f"{page}-{width}.png"
    if not cached.exists():
        image = _render(stored_file(sha256), media_type, page, width)
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".png", delete=False) as out:
            out.write(image)
        os.replace(out.name, cached)  # readers never see half a file
    return cached


def _render(path: Path, media_type: str, page: int, width: int) -> bytes:
    try:
        if media_type == "application/pdf":
            with _pdfium:
                pdf = pypdfium2.PdfDocument(path)
                try:
                    pdf_page = pdf[page - 1]
                    page_width, page_height = pdf_page.get_size()
                    scale = min(width / page_width, width * MAX_HEIGHT_RATIO / page_height)
                    picture = pdf_page.render(scale=scale).to_pil()
                    picture = picture.crop((0, 0, min(picture.width, width), picture.height))  # PDFium rounds up
                finally:
                    pdf.close()
        else:
            with Image.open(path) as image:
                frame = next(f for number, f in enumerate(ImageSequence.Iterator(image), 1) if number == page)
                picture = frame.convert("RGBA" if frame.mode in ("RGBA", "LA", "P") else "RGB")
                picture.thumbnail((width, width * MAX_HEIGHT_RATIO))
        out = io.BytesIO()
        picture.save(out, "PNG", optimize=False)
        return out.getvalue()
    except (OSError, pypdfium2.PdfiumError, Image.DecompressionBombError, ValueError, StopIteration) as error:
        raise UnreadableScan(str(error)) from error
