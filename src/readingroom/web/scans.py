"""Scans and attachments of public documents: the page viewer, rendered pages and the files themselves.

The viewer needs no script: pages and zoom levels are links, and the page image is rendered on the server at the
width asked for. A scan's text layer, where the PDF has one, is offered under the image as its text alternative.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db.models import Avg, Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.http import require_safe

from readingroom.records.files import TYPE_NAMES, stored_file
from readingroom.records.models import Access, Attachment, Reading, ScanPage
from readingroom.records.scans import (
    DEFAULT_WIDTH,
    WIDTHS,
    UnreadableScan,
    rendered_page,
    scan_info,
    viewable,
)

THUMBNAIL_WIDTH = WIDTHS[0]
ZOOMS = WIDTHS[1:]  # "fit" shows DEFAULT_WIDTH scaled to the window; these show the page at its own pixel width
CACHE = "public, max-age=86400"
WAITING = "Text waiting to be read"


@dataclass
class ShownAttachment:
    """One attachment as the document page lists it."""

    number: int
    label: str
    filename: str
    description: str  # "PDF, 3 pages, 1.2 MB"
    file_url: str
    viewer_url: str  # empty when the file cannot be shown in the browser
    thumbnail_url: str
    reading: str = ""  # "Text machine-read (OCR) ...": how its text was had, where it was not typed


def shown_attachments(document_id: str, attachments: list[Attachment]) -> list[ShownAttachment]:
    shown = []
    read = _machine_read(attachments)
    for number, attachment in enumerate(attachments, 1):
        pages = _pages(attachment)
        kind = TYPE_NAMES.get(attachment.media_type, attachment.media_type or "file")
        parts = [kind] + ([f"{pages} pages"] if pages and pages > 1 else [])
        parts += [filesizeformat(attachment.size)] if attachment.size is not None else []
        viewer = reverse("attachment", args=[document_id, number]) if pages else ""
        shown.append(
            ShownAttachment(
                number=number,
                label=attachment.label or _filename(attachment),
                filename=_filename(attachment),
                description=", ".join(parts),
                file_url=reverse("attachment-file", args=[document_id, number]),
                viewer_url=viewer,
                thumbnail_url=_page_url(document_id, number, 1, THUMBNAIL_WIDTH) if viewer else "",
                reading=read.get(
                    attachment.pk, "Text waiting to be read" if attachment.reading == Reading.WAITING else ""
                ),
            )
        )
    return shown


def _machine_read(attachments: list[Attachment]) -> dict[int, str]:
    """For each attachment with pages read by OCR, what to tell the reader of their text."""
    read = (
        ScanPage.objects.filter(attachment__in=attachments, method=ScanPage.Method.OCR)
        .values("attachment_id")
        .annotate(pages=Count("pk"), confidence=Avg("confidence"))
    )
    return {row["attachment_id"]: machine_read(row["pages"], row["confidence"]) for row in read}


def machine_read(pages: int, confidence: float | None) -> str:
    said = "Text machine-read (OCR)" + (f" on {pages} pages" if pages > 1 else "")
    return said + (f", mean confidence {confidence:.0f}%" if confidence is not None else "") + "; it may hold errors"


def _pages(attachment: Attachment) -> int | None:
    if not attachment.sha256 or not viewable(attachment.media_type):
        return None
    try:
        return scan_info(attachment.sha256, attachment.media_type).pages
    except UnreadableScan:
        return None


def _filename(attachment: Attachment) -> str:
    return PurePosixPath(attachment.path.replace("\\", "/")).name or "attachment"


def _page_url(document_id: str, number: int, page: int, width: int) -> str:
    return reverse("attachment-page", args=[document_id, number, page]) + f"?width={width}"


def _public_attachment(document_id: str, number: str) -> Attachment:
    attachments = list(
        Attachment.objects.filter(document_id=document_id, document__access=Access.PUBLIC, sha256__gt="").order_by(
            "position"
        )
    )
    if not 1 <= int(number) <= len(attachments):
        raise Http404(f"No attachment {number} of document {document_id}")
    return attachments[int(number) - 1]


def _number(request: HttpRequest, name: str, default: int | None) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 7 else default


@require_safe
def viewer(request: HttpRequest, document_id: str, number: str) -> HttpResponse:
    attachment = _public_attachment(document_id, number)
    try:
        info = scan_info(attachment.sha256, attachment.media_type) if viewable(attachment.media_type) else None
    except UnreadableScan:
        info = None
    if info is None:
        raise Http404("This attachment cannot be shown in the browser; download it from the document page")
    page = min(max(_number(request, "page", 1) or 1, 1), info.pages)
    zoom = _number(request, "zoom", None)
    zoom = zoom if zoom in ZOOMS else None
    here = reverse("attachment", args=[document_id, int(number)])

    def link(page: int, zoom: int | None) -> str:
        return f"{here}?page={page}" + (f"&zoom={zoom}" if zoom else "")

    larger = [width for width in ZOOMS if width > (zoom or DEFAULT_WIDTH)]
    smaller = [width for width in ZOOMS if width < zoom] if zoom else []
    context = {
        "document": attachment.document,
        "label": attachment.label or _filename(attachment),
        "kind": TYPE_NAMES.get(attachment.media_type, attachment.media_type),
        "size": attachment.size,
        "file_url": reverse("attachment-file", args=[document_id, int(number)]),
        "page": page,
        "pages": info.pages,
        "zoom": zoom,
        "image_url": _page_url(document_id, int(number), page, zoom or DEFAULT_WIDTH),
        "previous_url": link(page - 1, zoom) if page > 1 else "",
        "next_url": link(page + 1, zoom) if page < info.pages else "",
        "zoom_in_url": link(page, larger[0]) if larger else "",
        "zoom_out_url": link(page, smaller[-1] if smaller else None) if zoom else "",
        "fit_url": link(page, None) if zoom else "",
        **_page_text(attachment, page, info.text),
        "languages": attachment.document.languages,
    }
    return render(request, "readingroom/attachment.html", context)


def _page_text(attachment: Attachment, page: int, text_layer: tuple[str, ...]) -> dict[str, str]:
    """The page's text as read (machine-read text labelled so), or its text layer."""
    read = ScanPage.objects.filter(attachment=attachment, number=page).first()
    if read and read.text:
        machine = read.method == ScanPage.Method.OCR
        return {"text": read.text, "machine_read": machine_read(1, read.confidence) if machine else ""}
    return {"text": text_layer[page - 1] if text_layer else "", "machine_read": ""}


@require_safe
def page_image(request: HttpRequest, document_id: str, number: str, page: str) -> FileResponse:
    attachment = _public_attachment(document_id, number)
    width = _number(request, "width", DEFAULT_WIDTH)
    if width not in WIDTHS or not viewable(attachment.media_type):
        raise Http404(f"Pages are rendered at widths {', '.join(map(str, WIDTHS))}")
    try:
        path = rendered_page(attachment.sha256, attachment.media_type, int(page), width)
    except (ValueError, UnreadableScan) as error:
        raise Http404(str(error)) from error
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["Cache-Control"] = CACHE
    return response


@require_safe
def download(request: HttpRequest, document_id: str, number: str) -> FileResponse:
    """The stored file. Viewable types open in the browser; anything else is only ever a download, so a file that
    claims to be HTML cannot run in the archive's origin."""
    attachment = _public_attachment(document_id, number)
    path = stored_file(attachment.sha256)
    if not path.is_file():
        raise Http404("The file of this attachment is missing from the data directory")
    inline = viewable(attachment.media_type) and "download" not in request.GET
    response = FileResponse(
        path.open("rb"),
        as_attachment=not inline,
        filename=_filename(attachment),
        content_type=attachment.media_type if inline else "application/octet-stream",
    )
    response["Cache-Control"] = CACHE
    response["ETag"] = f'"{attachment.sha256}"'
    return response
