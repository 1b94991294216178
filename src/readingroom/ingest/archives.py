"""ZIP archives of files to import (a folder of scans with its sidecar, JSON Lines, TEI), unpacked safely.

A member is refused, and with it the whole archive, when it would land outside the folder (`../`, an absolute
path, a drive letter), when it is a symbolic link, or when the archive would unpack to more than the limits allow:
too many members, too many bytes in all, or a member that expands far more than real scans do (a ZIP bomb). The
sizes an archive declares are checked before anything is written, and the bytes actually unpacked again while they
are written, since a hostile archive can declare sizes it does not keep to.
"""

import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 8 * 1024**3
# Scans (PDF, JPEG, TIFF) hardly compress; text compresses about ten to one. A member a hundred times smaller
# packed than unpacked is a bomb, once it is big enough to matter.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
CHUNK = 1024 * 1024


class ArchiveError(ValueError):
    """The archive cannot be unpacked safely or at all; the message names the archive and the member."""


def extract_zip(
    path: Path,
    into: Path,
    max_members: int = MAX_MEMBERS,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_ratio: int = MAX_RATIO,
) -> Path:
    """Unpack the ZIP archive at `path` into a new folder `into/<archive name without .zip>` and return that folder
    (its name gives the ids of documents made from its scans, as a folder's name does). Raises ArchiveError, having
    written nothing, for an archive that is damaged or unsafe."""
    folder = into / path.stem
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_members(path, members, max_members, max_total_bytes, max_ratio)
            folder.mkdir(parents=True)
            try:
                for member in members:
                    _extract(path, archive, member, folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
    except zipfile.BadZipFile as error:
        raise ArchiveError(f"{path}: not a ZIP archive that can be read: {error}") from None
    except FileExistsError:
        raise ArchiveError(f"{path}: {folder} already exists; unpack into an empty folder") from None
    return folder


def _check_members(path: Path, members: list[zipfile.ZipInfo], limit: int, total_limit: int, ratio: int) -> None:
    if len(members) > limit:
        raise ArchiveError(f"{path}: holds {len(members):,} members; the most accepted is {limit:,}")
    total = 0
    for member in members:
        where = f'{path}, member "{member.filename}"'
        if _unsafe_path(member.filename):
            raise ArchiveError(f"{where}: its path leads outside the archive's folder (absolute, or with ../)")
        if stat.S_ISLNK(member.external_attr >> 16):
            raise ArchiveError(f"{where}: is a symbolic link; links are not unpacked")
        total += member.file_size
        if total > total_limit:
            raise ArchiveError(f"{where}: the archive unpacks to more than {total_limit:,} bytes, the most accepted")
        if member.file_size > RATIO_FROM_BYTES and member.file_size > ratio * max(member.compress_size, 1):
            raise ArchiveError(
                f"{where}: expands {member.file_size // max(member.compress_size, 1):,} times "
                f"({member.compress_size:,} to {member.file_size:,} bytes), more than the {ratio} accepted "
                "(a ZIP bomb?)"
            )


def _unsafe_path(name: str) -> bool:
    """Whether a member's name leads outside the folder: absolute (/ or \\ first, or a drive letter) or ../."""
    posix = PurePosixPath(name.replace("\\", "/"))
    return posix.is_absolute() or ".." in posix.parts or (len(name) > 1 and name[1] == ":")


def _extract(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, folder: Path) -> None:
    target = folder / PurePosixPath(member.filename.replace("\\", "/"))
    if member.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with archive.open(member) as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > member.file_size:  # zipfile stops at the declared size; this is a second guard
                    raise ArchiveError(f'{path}, member "{member.filename}": holds more bytes than it declares')
                out.write(chunk)
    except (
        zipfile.BadZipFile,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ) as error:  # RuntimeError: encrypted
        raise ArchiveError(f'{path}, member "{member.filename}": could not be unpacked: {error}') from None
