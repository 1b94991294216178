"""Backups of an archive while it serves, and restoring them: the database (SQLite's online backup, or pg_dump on
PostgreSQL) and the attachment files. The search index is not kept: it is rebuilt from the database on restore.

A backup is a folder: `manifest.json`, `readingroom.sqlite3` or `readingroom.pgdump`, and `attachments/`. Files are
stored once under their hash and never changed or removed, so copying those the database snapshot names, after
taking it, always finds them.
"""

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection

from readingroom.home import attachments_path, index_path
from readingroom.records.models import Attachment, Authority, Document
from readingroom.search.index import forget_index

FORMAT = "readingroom-backup-1"
SQLITE_FILE = "readingroom.sqlite3"
POSTGRES_FILE = "readingroom.pgdump"


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why."""


@dataclass
class Manifest:
    format: str
    created: str
    database: str  # "sqlite" or "postgresql"
    documents: int
    authorities: int
    files: int


def backup(out: Path, progress: Callable[[str], None] = lambda step: None) -> Manifest:
    """Snapshot the archive into the new folder `out`."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    progress("database")
    if connection.vendor == "sqlite":
        database = "sqlite"
        _sqlite_copy(Path(str(connection.settings_dict["NAME"])), out / SQLITE_FILE)
        with closing(sqlite3.connect(out / SQLITE_FILE)) as snapshot:
            documents = snapshot.execute("SELECT COUNT(*) FROM records_document").fetchone()[0]
            authorities = snapshot.execute("SELECT COUNT(*) FROM records_authority").fetchone()[0]
            hashes = {row[0] for row in snapshot.execute("SELECT sha256 FROM records_attachment WHERE sha256 != ''")}
    else:
        database = "postgresql"
        _postgres("pg_dump", "--format=custom", "--no-owner", f"--file={out / POSTGRES_FILE}")
        documents, authorities = Document.objects.count(), Authority.objects.count()
        hashes = set(Attachment.objects.exclude(sha256="").values_list("sha256", flat=True))
    progress("attachments")
    for sha256 in sorted(hashes):
        _copy_file(attachments_path() / sha256[:2] / sha256, out / "attachments" / sha256[:2] / sha256)
    manifest = Manifest(
        FORMAT, datetime.now(UTC).isoformat(timespec="seconds"), database, documents, authorities, len(hashes)
    )
    (out / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def read_manifest(folder: Path) -> Manifest:
    try:
        manifest = Manifest(**json.loads((folder / "manifest.json").read_text()))
    except (OSError, ValueError, TypeError) as error:
        raise BackupError(f"{folder} is not a readingroom backup (manifest.json: {error})") from None
    if manifest.format != FORMAT:
        raise BackupError(f"{folder}: unknown backup format {manifest.format!r}")
    return manifest


def restore(folder: Path, force: bool = False, progress: Callable[[str], None] = lambda step: None) -> Manifest:
    """Make the archive what the backup holds. Stop the server first; the index is rebuilt afterwards."""
    manifest = read_manifest(folder)
    if manifest.database != ("sqlite" if connection.vendor == "sqlite" else "postgresql"):
        raise BackupError(
            f"the backup is of a {manifest.database} archive; use export and import to move between stores"
        )
    if not force and Document.objects.exists():
        raise BackupError("this archive is not empty; restoring replaces it (use --force)")
    progress("attachments")
    source = folder / "attachments"
    for file in sorted(source.rglob("*")) if source.is_dir() else []:
        if file.is_file():
            _copy_file(file, attachments_path() / file.relative_to(source))
    progress("database")
    if manifest.database == "sqlite":
        target = Path(str(connection.settings_dict["NAME"]))
        connection.close()
        _sqlite_copy(folder / SQLITE_FILE, target)
    else:
        connection.close()
        _postgres(
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(folder / POSTGRES_FILE)
        )
    forget_index(index_path())
    shutil.rmtree(index_path(), ignore_errors=True)
    return manifest


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy, page by page, while other connections read and write."""
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def _copy_file(source: Path, target: Path) -> None:
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def _postgres(program: str, *arguments: str) -> None:
    settings = connection.settings_dict
    environment = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    target = [
        f"--host={settings.get('HOST') or 'localhost'}",
        f"--port={settings.get('PORT') or 5432}",
        f"--username={settings.get('USER') or ''}",
        f"--dbname={settings['NAME']}",
    ]
    try:
        subprocess.run([program, *target, *arguments], check=True, env=environment, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{program} is not installed (apt install postgresql-client)") from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{program} failed: {error.stderr.strip()}") from None
