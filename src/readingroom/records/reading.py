"""Reading scans as jobs: each attachment that is a scan (a PDF or an image) is read page by page by a worker, and
its pages' text joins the document in the index.

A PDF page whose text layer holds words keeps that text; other pages are rendered at OCR_DPI and read by Tesseract
in the document's languages. The import queues one job per scan in the transaction that writes its document, so
the document is searchable by its metadata as soon as the import commits and by its pages once they are read, and
a crash never leaves a scan without its job. A job that fails for a reason outside the file (the database, the
disk) is queued again, up to MAX_ATTEMPTS times; `readingroom check --repair` queues what is still waiting.
"""

import logging
import os
import socket
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pypdfium2
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from PIL import Image, ImageSequence

from readingroom.ingest.alto import Word, alto_page
from readingroom.ingest.ocr import PageText, UnreadablePage, read_page, tesseract_languages
from readingroom.records.files import VIEWABLE, stored_file
from readingroom.records.models import Access, Attachment, Change, Reading, ScanPage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_SECONDS = 60  # times the attempt's number
OCR_DPI = 300
USABLE_TEXT_LAYER = 20  # letters or digits on a PDF page's text layer for it to be kept rather than read again
TASK_PATH = "readingroom.records.reading.read_scan"


def is_scan(media_type: str) -> bool:
    return media_type in VIEWABLE


@dataclass
class ReadPage:
    number: int
    method: str = ""
    page: PageText | None = None
    error: str = ""


@dataclass
class ReadFile:
    pages: list[ReadPage] = field(default_factory=list)
    error: str = ""  # the whole file could not be opened


def queue_reading(attachments: Iterable[Attachment]) -> int:
    """One job for each scan among these saved attachments."""
    queued = 0
    for attachment in attachments:
        if attachment.reading == Reading.WAITING:
            read_scan.enqueue(attachment.pk)
            queued += 1
    return queued


PagesRead = dict[tuple[str, str], tuple[Attachment, list[ScanPage]]]  # (document id, file hash) -> what was read


def pages_read(document_ids: list[str]) -> PagesRead:
    """The scans of these documents that were read, with their pages: kept while a re-import replaces the
    documents' attachments, so that a scan still named is not read again."""
    if not document_ids:
        return {}
    scans = Attachment.objects.filter(document_id__in=document_ids, reading=Reading.READ)  # failed ones: again
    by_id: dict[int, tuple[Attachment, list[ScanPage]]] = {scan.pk: (scan, []) for scan in scans}
    for page in ScanPage.objects.filter(attachment_id__in=list(by_id)).order_by("number"):
        by_id[page.attachment_id][1].append(page)
    return {(scan.document_id, scan.sha256): (scan, pages) for scan, pages in by_id.values()}


def keep_pages_read(
    read: PagesRead, attachments: list[Attachment], languages: dict[str, list[str]]
) -> list[Attachment]:
    """Give the new attachments of re-imported documents the pages read of the same file, where they were read in
    the languages the document has now; the attachments still to read."""
    unread = []
    for attachment in attachments:
        earlier = read.get((attachment.document_id, attachment.sha256))
        if attachment.reading == Reading.WAITING and earlier and _same_languages(earlier[1], languages, attachment):
            _copy_pages(*earlier, attachment)
        else:
            unread.append(attachment)
    return unread


def _same_languages(pages: list[ScanPage], languages: dict[str, list[str]], attachment: Attachment) -> bool:
    wanted = tesseract_languages(list(languages.get(attachment.document_id, [])))
    return all(page.languages in ("", wanted) for page in pages)


def _copy_pages(scan: Attachment, pages: list[ScanPage], attachment: Attachment) -> None:
    for page in pages:
        page.pk, page.attachment = None, attachment
    ScanPage.objects.bulk_create(pages)
    attachment.reading, attachment.reading_error = scan.reading, scan.reading_error
    Attachment.objects.filter(pk=attachment.pk).update(reading=scan.reading, reading_error=scan.reading_error)


@task()
def read_scan(attachment_id: int, attempt: int = 1) -> str:
    try:
        return read_attachment(attachment_id)
    except Exception:
        if attempt < MAX_ATTEMPTS:
            later = timezone.now() + timedelta(seconds=RETRY_SECONDS * attempt)
            read_scan.using(run_after=later).enqueue(attachment_id, attempt + 1)
            logger.exception("reading attachment %s failed (attempt %s); queued again", attachment_id, attempt)
        else:
            Attachment.objects.filter(pk=attachment_id).update(
                reading=Reading.FAILED, reading_error=f"could not be read after {MAX_ATTEMPTS} attempts"
            )
        raise


def read_attachment(attachment_id: int) -> str:
    """Read one attachment's pages and save them; what it did, in a few words."""
    attachment = Attachment.objects.select_related("document").filter(pk=attachment_id).first()
    if attachment is None:
        return "gone"  # its document was deleted or imported again (with new attachments and jobs)
    languages = tesseract_languages(list(attachment.document.languages))
    read = read_file(stored_file(attachment.sha256), attachment.media_type, languages, attachment.path)
    pages = [_page_row(attachment, languages, page) for page in read.pages]
    problems = [read.error] if read.error else [page.error for page in pages if page.error]
    with transaction.atomic():
        if not Attachment.objects.select_for_update().filter(pk=attachment_id).exists():
            return "gone"
        ScanPage.objects.filter(attachment_id=attachment_id).delete()
        ScanPage.objects.bulk_create(pages)
        Attachment.objects.filter(pk=attachment_id).update(
            reading=Reading.FAILED if problems else Reading.READ, reading_error="\n".join(problems)
        )
        document = attachment.document
        # The indexer reads the document again, pages and all.
        Change.objects.create(
            subject=Change.Subject.DOCUMENT,
            subject_id=document.id,
            action=Change.Action.SAVED,
            public=document.access == Access.PUBLIC,
            at=timezone.now(),
        )
    return f"{len(pages)} pages, {len(problems)} problems"


def _page_row(attachment: Attachment, languages: str, read: ReadPage) -> ScanPage:
    row = ScanPage(attachment=attachment, number=read.number, method=read.method, error=read.error)
    if read.page:
        row.text, row.width, row.height = read.page.text, read.page.width, read.page.height
        if read.method == ScanPage.Method.OCR:
            row.languages, row.confidence = languages, read.page.confidence
        made_by = row.languages or "text-layer"  # ALTO files are named after what made them
        row.alto = _store_alto(attachment.sha256, read.number, made_by, read.page.alto) if read.page.alto else ""
    return row


def _store_alto(sha256: str, number: int, languages: str, alto: bytes) -> str:
    """The ALTO file beside the stored scan (under the scan's hash and the languages read in, which made it)."""
    path = stored_file(sha256).with_name(f"{sha256}.alto") / f"{number}-{languages}.xml"
    path.parent.mkdir(exist_ok=True)
    temporary = path.with_suffix(".incoming")
    temporary.write_bytes(alto)
    temporary.replace(path)
    return str(path.relative_to(stored_file(sha256).parent.parent))


def read_file(path: Path, media_type: str, languages: str, name: str) -> ReadFile:
    """Every page of a PDF or an image file, each read or with the reason it could not be; `name` (the file's name
    in its record) begins each message."""
    if media_type == "application/pdf":
        return _read_pdf(path, languages, name)
    return _read_image(path, languages, name)


def _read_pdf(path: Path, languages: str, name: str) -> ReadFile:
    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        reason = "encrypted: it cannot be read without its password" if "password" in str(error).lower() else error
        return ReadFile(error=f"{name}: not a readable PDF ({reason})")
    try:
        return ReadFile([_read_pdf_page(pdf, number, languages, name) for number in range(1, len(pdf) + 1)])
    finally:
        pdf.close()


def _read_pdf_page(pdf: pypdfium2.PdfDocument, number: int, languages: str, name: str) -> ReadPage:
    try:
        page = pdf[number - 1]
        width, height = page.get_size()
        scale = min(OCR_DPI / 72, ((Image.MAX_IMAGE_PIXELS or 0) / max(1.0, width * height)) ** 0.5)
        textpage = page.get_textpage()
        try:
            text = str(textpage.get_text_range()).replace("\r\n", "\n").strip()
            if sum(character.isalnum() for character in text) >= USABLE_TEXT_LAYER:
                size = (round(width * scale), round(height * scale))
                alto = alto_page(_text_layer_words(textpage, scale, height), *size)
                return ReadPage(number, ScanPage.Method.TEXT_LAYER, PageText(text, None, alto, *size))
        finally:
            textpage.close()
        image = page.render(scale=scale, grayscale=True).to_pil()
        return ReadPage(number, ScanPage.Method.OCR, read_page(image, languages))
    except (pypdfium2.PdfiumError, UnreadablePage, ValueError) as error:
        return ReadPage(number, error=f"{name}, page {number}: {error}")


def _text_layer_words(textpage: pypdfium2.PdfTextPage, scale: float, page_height: float) -> list[list[Word]]:
    """The text layer's words with their boxes, line by line, in pixels from the top left of the page rendered at
    `scale` (PDF boxes are in points from the bottom left)."""
    lines: list[list[Word]] = [[]]
    letters: list[tuple[str, tuple[float, float, float, float]]] = []

    def end_word() -> None:
        if letters:
            left, right = min(box[0] for _, box in letters), max(box[2] for _, box in letters)
            bottom, top = min(box[1] for _, box in letters), max(box[3] for _, box in letters)
            box = (left * scale, (page_height - top) * scale, (right - left) * scale, (top - bottom) * scale)
            lines[-1].append(Word("".join(letter for letter, _ in letters), *(round(side) for side in box)))
            letters.clear()

    for index in range(textpage.count_chars()):
        letter = str(textpage.get_text_range(index, 1))
        if letter in ("\r", "\n"):
            end_word()
            if lines[-1]:
                lines.append([])
        elif not letter or letter.isspace():
            end_word()
        else:
            letters.append((letter, textpage.get_charbox(index)))
    end_word()
    return lines


def _read_image(path: Path, languages: str, name: str) -> ReadFile:
    with warnings.catch_warnings():
        # Past Pillow's MAX_IMAGE_PIXELS a file is refused, not merely warned of: a small file can unpack to
        # gigabytes (a decompression bomb).
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            return ReadFile(error=f"{name}: refused, too many pixels to read ({error})")
        except OSError as error:
            return ReadFile(error=f"{name}: not a readable image ({error})")
        with image:
            return ReadFile(list(_read_frames(image, languages, name)))


def _read_frames(image: Image.Image, languages: str, name: str) -> Iterator[ReadPage]:
    for number, frame in enumerate(ImageSequence.Iterator(image), 1):
        try:
            frame.load()
            page = frame.convert("L")
            yield ReadPage(number, ScanPage.Method.OCR, read_page(page, languages))
        except (OSError, ValueError, UnreadablePage, Image.DecompressionBombError) as error:
            yield ReadPage(number, error=f"{name}, page {number}: {error}")
        except EOFError:
            return


@dataclass(frozen=True)
class ReadingState:
    waiting: int  # scans
    failed: int
    failed_pages: list[str]  # their messages


def reading_state() -> ReadingState:
    counts = Attachment.objects.aggregate(
        waiting=Count("pk", filter=Q(reading=Reading.WAITING)), failed=Count("pk", filter=Q(reading=Reading.FAILED))
    )
    messages = Attachment.objects.filter(reading=Reading.FAILED).order_by("pk").values_list("reading_error", flat=True)
    problems = [line for text in messages[:50] for line in text.splitlines()]
    return ReadingState(counts["waiting"], counts["failed"], problems)


def requeue_reading() -> int:
    """Queue again every scan still waiting or failed that no job is queued for: their jobs were lost (a worker
    killed while it ran them, an archive from before scans were read) or their files could not be read."""
    queued = {
        int(args["args"][0])
        for args in DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").values_list(
            "args_kwargs", flat=True
        )
        if args.get("args")
    }
    again = Attachment.objects.filter(reading__in=[Reading.WAITING, Reading.FAILED]).exclude(pk__in=queued)
    count = 0
    for attachment_id in again.values_list("pk", flat=True).iterator():
        read_scan.enqueue(attachment_id)
        count += 1
    again.update(reading=Reading.WAITING)
    return count


def worker_id() -> str:
    """This worker's name in the jobs it claims: its machine and process, so that a worker starting on the same
    machine can tell the jobs of one that was killed."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def requeue_abandoned() -> int:
    """Queue again the scans whose jobs a worker of this machine was running when it was killed (kill -9, a power
    cut): their jobs would stay `RUNNING` for ever. Called as a worker starts."""
    host = f"{socket.gethostname()[:40]}:"
    abandoned = []
    for job in DBTaskResult.objects.filter(task_path=TASK_PATH, status="RUNNING"):
        last = job.worker_ids[-1] if job.worker_ids else ""
        if last.startswith(host) and not _alive(int(last.removeprefix(host) or 0)):
            abandoned.append(job)
    for job in abandoned:
        DBTaskResult.objects.filter(pk=job.pk).update(status="FAILED", finished_at=timezone.now())
        read_scan.enqueue(*job.args_kwargs["args"])
    return len(abandoned)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid > 0


@dataclass(frozen=True)
class Job:
    """A job reading a scan, as the staff's jobs page lists it."""

    status: str  # READY (queued), RUNNING, FAILED, SUCCESSFUL
    document_id: str
    path: str  # the scan's name in its record
    attempt: int
    enqueued: datetime
    started: datetime | None
    error: str


JOBS_SHOWN = 200


def jobs(statuses: Iterable[str] = ("READY", "RUNNING", "FAILED")) -> list[Job]:
    """The latest jobs in these states, newest first, with the scan each one reads (where it still exists)."""
    found = DBTaskResult.objects.filter(task_path=TASK_PATH, status__in=list(statuses)).order_by("-enqueued_at")
    rows = list(found[:JOBS_SHOWN])
    arguments = [list(row.args_kwargs.get("args") or [0]) for row in rows]
    scans = {
        pk: (document_id, path)
        for pk, document_id, path in Attachment.objects.filter(pk__in=[args[0] for args in arguments]).values_list(
            "pk", "document_id", "path"
        )
    }
    gone = ("", "(gone: its document was deleted or imported again)")
    return [
        Job(
            row.status,
            *scans.get(int(args[0]), gone),
            int(args[-1]) if len(args) > 1 else 1,
            row.enqueued_at,
            row.started_at,
            _last_line(row.traceback),
        )
        for row, args in zip(rows, arguments, strict=True)
    ]


def _last_line(traceback: str) -> str:
    """The exception a traceback ends with ("OperationalError: database is locked")."""
    lines = traceback.strip().splitlines()
    return lines[-1] if lines else ""
