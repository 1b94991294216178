"""Files uploaded for import, kept in the data directory between the dry run and the import.

Each upload gets a folder of its own under `staging/`, named by a random token, holding the file under its own
(cleaned) name: the report and the change set then name the file as the person uploading it knows it, and the token
is all the import form sends back. Only a token of the expected shape is ever turned into a path."""

import re
import secrets
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from readingroom.home import data_home

FOLDER = "staging"
TOKEN = re.compile(r"[0-9a-f]{32}")
KEPT_SECONDS = 24 * 3600  # an upload never imported is removed a day later, when someone next uploads
READ_BY_IMPORT = (".jsonl", ".ndjson", ".csv", ".tsv", ".xlsx", ".xml", ".zip")
NAME_CHARACTERS = 50
ZIP_START = b"PK\x03\x04"  # an .xlsx is a ZIP archive too


def staging_folder() -> Path:
    return data_home() / FOLDER


def refusal(name: str, head: bytes) -> str | None:
    """Why an uploaded file cannot be imported, told from its name and first bytes; None if it may be tried."""
    suffix = Path(name).suffix.lower()
    if suffix not in READ_BY_IMPORT:
        return (
            f"{name}: not a file the import reads; upload JSON Lines (.jsonl), a spreadsheet (.csv, .tsv, .xlsx), "
            "a TEI volume or EAD finding aid (.xml) or a ZIP archive of scans with their sidecar (.zip)"
        )
    if not head:
        return f"{name}: the file is empty; nothing to import"
    if suffix in (".xlsx", ".zip") and not head.startswith(ZIP_START):
        kind = "an Excel workbook (.xlsx)" if suffix == ".xlsx" else "a ZIP archive"
        return f"{name}: not {kind}: it does not start as one does"
    return None


def stage(name: str, chunks: Iterable[bytes]) -> str:
    """Keep an upload for import; its token."""
    _remove_old()
    token = secrets.token_hex(16)
    folder = staging_folder() / token
    folder.mkdir(parents=True)
    with (folder / _safe_name(name)).open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return token


def staged_file(token: str) -> Path | None:
    """The file kept under a token, or None when there is none (imported already, removed, or no token at all)."""
    if not TOKEN.fullmatch(token):
        return None
    folder = staging_folder() / token
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return files[0] if files else None


def discard(token: str) -> None:
    if TOKEN.fullmatch(token):
        shutil.rmtree(staging_folder() / token, ignore_errors=True)


def _safe_name(name: str) -> str:
    """The upload's own name without folders or characters a file system might read otherwise."""
    cleaned = Path(re.sub(r"[^\w.\- ]", "_", Path(name.replace("\\", "/")).name).lstrip(". "))
    # File systems allow 255 bytes a name: 50 characters of four bytes at most, and the extension, stay within it.
    return cleaned.stem[:NAME_CHARACTERS] + cleaned.suffix.lower() if cleaned.stem else "upload" + cleaned.suffix


def _remove_old() -> None:
    if not staging_folder().is_dir():
        return
    oldest = time.time() - KEPT_SECONDS
    for folder in staging_folder().iterdir():
        if TOKEN.fullmatch(folder.name) and folder.stat().st_mtime < oldest:
            shutil.rmtree(folder, ignore_errors=True)
