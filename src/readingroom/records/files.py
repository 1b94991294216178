"""Attachment files (scans, PDFs): checked, then copied into the data directory under their SHA-256.

A file is stored once however many documents name it, and a stored file never changes, so readers' caches and
rendered pages stay valid. The importer stores files before it writes their documents: a crash in between leaves
an unused file behind, never a document without its file.
"""

import hashlib
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from readingroom.home import attachments_path
from readingroom.ingest.records import Attachment

# Types shown in the reader's viewer, each known by its first bytes; other files are offered as downloads only.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
    "image/webp": (b"RIFF",),  # followed by the size, then WEBP (checked below)
    "image/jp2": (b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51"),  # JPEG 2000: file, or bare codestream
}
VIEWABLE = frozenset(SIGNATURES)
TYPE_NAMES = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/tiff": "TIFF image",
    "image/webp": "WebP image",
    "image/jp2": "JPEG 2000 image",
}
MAX_FILE_BYTES = 2 * 1024**3
CHUNK = 1024 * 1024


class AttachmentError(ValueError):
    """A file named by a record cannot be stored; the message says why, for the reader of the import report."""


def sniff(head: bytes) -> str | None:
    """The viewable type these first bytes begin, or None."""
    for media_type, signatures in SIGNATURES.items():
        if head.startswith(signatures):
            if media_type == "image/webp" and head[8:12] != b"WEBP":
                continue
            return media_type
    return None


def stored_file(sha256: str) -> Path:
    return attachments_path() / sha256[:2] / sha256


def store_attachment(attachment: Attachment, base: Path) -> None:
    """Copy the file an attachment names (relative to `base`, the imported file's folder) into the data directory,
    filling in its hash, size and media type. Raises AttachmentError for a path outside `base`, a missing file, or a
    file that is not what its media type or name claims."""
    source = _inside(base, attachment.path)
    try:
        with source.open("rb") as stream:
            store_stream(stream, source.stat().st_size, attachment)
    except OSError as error:
        raise AttachmentError(f"{attachment.path} could not be read: {error.strerror or error}") from error


def store_stream(stream: BinaryIO, size: int, attachment: Attachment) -> None:
    """Store the content of an open file (an imported one, or an editor's upload) for `attachment`, whose path names
    it; checks and fills in as store_attachment does."""
    if size > MAX_FILE_BYTES:
        raise AttachmentError(f"{attachment.path} is {size:,} bytes; the largest accepted is {MAX_FILE_BYTES:,}")
    head = stream.read(16)
    attachment.media_type = _checked_type(attachment, sniff(head))
    stream.seek(0)
    attachment.sha256, attachment.size = _copy(stream)


def _inside(base: Path, relative: str) -> Path:
    if not relative or Path(relative).is_absolute() or relative.startswith("~"):
        raise AttachmentError(f"{relative!r} must be a path relative to the imported file")
    folder = base.resolve()
    source = (folder / relative).resolve()
    if not source.is_relative_to(folder):
        raise AttachmentError(f"{relative!r} leads outside the imported file's folder")
    if not source.is_file():
        raise AttachmentError(f"{relative} does not exist (looked for {source})")
    return source


def _checked_type(attachment: Attachment, found: str | None) -> str:
    declared = attachment.media_type.split(";")[0].strip().lower()
    guessed = mimetypes.guess_type(attachment.path)[0] or ""
    claimed = declared or guessed
    if found and claimed in VIEWABLE and claimed != found:
        raise AttachmentError(f"{attachment.path} claims to be {claimed} but is {found}")
    if not found and claimed in VIEWABLE:
        raise AttachmentError(f"{attachment.path} claims to be {claimed} but is not: its content does not begin as one")
    return found or claimed or "application/octet-stream"


def _copy(stream: BinaryIO) -> tuple[str, int]:
    """Copy into a temporary file beside the store while hashing, then move it under its hash."""
    folder = attachments_path()
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".incoming-", delete=False) as copy:
        try:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                copy.write(chunk)
                size += len(chunk)
            copy.flush()
            os.fsync(copy.fileno())
        except BaseException:
            Path(copy.name).unlink(missing_ok=True)
            raise
    target = stored_file(digest.hexdigest())
    if target.exists():
        Path(copy.name).unlink()
    else:
        target.parent.mkdir(exist_ok=True)
        shutil.move(copy.name, target)
    return digest.hexdigest(), size
