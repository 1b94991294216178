"""The subcommands of `readingroom`: each reads its arguments, calls a service and reports."""

import argparse
import getpass
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape

from readingroom.cli.harvests import harvest as harvest  # the `harvest` command
from readingroom.cli.progress import CountBar, ImportBar
from readingroom.cli.reading import check_scans, start_worker, wait_for_scans
from readingroom.cli.reading import work as work  # the `work` command
from readingroom.cli.setup import CommandError, database_name, stop_process
from readingroom.cli.setup import migrate as apply_migrations
from readingroom.home import data_home, index_path
from readingroom.ingest.spreadsheets import Mapping, MappingError, read_mapping
from readingroom.records.duplicates import probable_duplicates
from readingroom.records.exports import EXCEL_MARK, export_lines, exported_documents
from readingroom.records.history import changeset
from readingroom.records.importing import ImportReport, import_paths
from readingroom.records.indexer import Indexer
from readingroom.records.models import Access, Authority, ChangeSet, Document
from readingroom.records.searching import FACETS, SearchRequest, search_archive
from readingroom.records.services import delete_document, export_archive, merge_authority
from readingroom.search.index import IndexBusy, index_at
from readingroom.secret_key import FILE_NAME as SECRET_KEY_FILE

console = Console(stderr=True, highlight=False)
MAX_REJECTIONS_SHOWN = 50
MAX_PROBLEMS_IN_DRY_RUN = 20
MAX_CONVERSIONS_SHOWN = 200


def import_(args: argparse.Namespace) -> int:
    mapping = Mapping(keep_unknown=args.keep_unknown_columns)
    if args.mapping:
        try:
            mapping = read_mapping(Path(args.mapping))
        except MappingError as error:
            raise CommandError(f"--mapping {error}") from None
        mapping.keep_unknown = mapping.keep_unknown or args.keep_unknown_columns
    paths = [Path(path) for path in args.paths]
    report = dry_run(paths, mapping) if args.dry_run else import_files(paths, mapping, wait=not args.no_wait)
    return 1 if report.rejected else 0


def dry_run(paths: list[Path], mapping: Mapping) -> ImportReport:
    """What an import would add, change and refuse, written nowhere."""
    with ImportBar(console) as bar:
        report = import_paths(paths, bar, mapping=mapping, dry_run=True)
    _print_report(report, MAX_PROBLEMS_IN_DRY_RUN)
    print("Dry run: nothing was written. As an import, it would give:")
    print(report.summary())
    return report


def _print_report(report: ImportReport, shown: int) -> None:
    for note in report.notes:
        console.print(f"[yellow]note[/yellow] {escape(note)}", markup=True, soft_wrap=True)
    for conversion in report.conversions[:MAX_CONVERSIONS_SHOWN]:
        console.print(f"date {conversion}", markup=False, soft_wrap=True)
    if report.converted > MAX_CONVERSIONS_SHOWN:
        console.print(f"… and {report.converted - MAX_CONVERSIONS_SHOWN} more dates read as EDTF")
    for ambiguity in report.ambiguities:
        console.print(f"[yellow]ambiguous[/yellow] {escape(ambiguity)}", markup=True, soft_wrap=True)
    for rejection in report.rejections[:shown]:
        console.print(f"[red]rejected[/red] {escape(str(rejection))}", markup=True, soft_wrap=True)
    if report.rejected > shown:
        console.print(f"… and {report.rejected - shown} more rejections")


def import_files(paths: list[Path], mapping: Mapping | None = None, wait: bool = True) -> ImportReport:
    """Import, then (unless not to `wait`) read the scans the import brought, and bring the index up to date."""
    with _indexing_alongside():  # also applies the pages read while the import waits for them
        with ImportBar(console) as bar:
            report = import_paths(paths, bar, mapping=mapping)
        _print_report(report, MAX_REJECTIONS_SHOWN)
        print(report.summary())
        if not report.changed:
            print("Nothing changed.")
        if wait:
            wait_for_scans(console)
    update_index(quiet=True)
    return report


INDEXER_COMMIT_SECONDS = 600  # for the indexer beside an import to commit a minute of applied batches


@contextmanager
def _indexing_alongside() -> Iterator[None]:
    """An indexer in a process of its own, applying each batch of an import once it is committed, on another core
    than the import's; what it has not applied when the import ends, `update_index` does. Where a running server's
    indexer holds the index, this one waits, idle, and that one does the work."""
    indexer = _start_indexer("--commit-every", "60", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        stop_process(indexer, timeout=INDEXER_COMMIT_SECONDS)


def _start_indexer(*options: str, **popen: Any) -> "subprocess.Popen[bytes]":
    """`readingroom index --follow` in a process of its own, tied to this one by a pipe on its standard input: it
    stops when this process closes the pipe, or ends in any way, kill -9 included. An indexer left running would
    hold the index's writer and shut out the next import's or server's."""
    command = [sys.executable, "-m", "readingroom", "index", "--follow", "--stop-when-input-closes", *options]
    return subprocess.Popen(command, stdin=subprocess.PIPE, **popen)


def update_index(quiet: bool = False) -> None:
    """Apply pending changes to this node's index, unless a running server's indexer holds it."""
    try:
        with CountBar(console, "Indexing") as bar:
            Indexer(index_at(index_path())).catch_up(bar)
    except IndexBusy:
        if not quiet:
            console.print("The search index is held by a running server; it will apply the changes itself.")


def demo(args: argparse.Namespace) -> int:
    port = _server_port(args.host, args.port, look_further=True)
    if port != args.port:
        print(f"Port {args.port} is in use by another program; serving on port {port} instead.", flush=True)
        args.port = port
    if not Document.objects.exists():
        samples = Path(str(files("readingroom").joinpath("samples")))
        print("Importing the sample collection: the seed documents and two FRUS volumes", flush=True)
        import_files([samples / "seed.jsonl", samples / "frus"])
    return serve(args)


def serve(args: argparse.Namespace) -> int:
    from readingroom.cli.server import run_server

    _server_port(args.host, args.port, look_further=False)
    _answer_at(args.host)
    _note_a_key_of_its_own()
    update_index()
    indexer = _start_indexer()
    worker = start_worker()  # reads the scans imported while the server runs, or left waiting
    try:
        print(f"Serving the archive at http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
        run_server(args.host, args.port, args.workers)
    finally:
        stop_process(worker, timeout=10)
        stop_process(indexer, timeout=10)
    return 0


DEFAULT_SITE = "http://127.0.0.1:8000"  # where `serve` listens unless told otherwise


def _site(given: str) -> str:
    """The address an export's links start with: --site, or READINGROOM_BASE_URL, or else DEFAULT_SITE."""
    from django.conf import settings

    return given or settings.BASE_URL or DEFAULT_SITE


def _server_port(host: str, port: int, look_further: bool) -> int:
    """`port` if the server can listen there; else, with `look_further`, the next free one."""
    from readingroom.cli.server import PortTaken, check_port, next_free_port

    try:
        if look_further:
            return next_free_port(host, port)
        check_port(host, port)
    except PortTaken as error:
        raise CommandError(f"{error}; choose another with --port") from None
    except OSError as error:
        raise CommandError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    return port


def _note_a_key_of_its_own() -> None:
    """Nodes that share a PostgreSQL database must sign sessions with one key, or a staff member signed in on one is
    signed out on the next: say so when this node signs with the key it made itself."""
    from django.db import connection

    if connection.vendor == "postgresql" and not os.environ.get("READINGROOM_SECRET_KEY", "").strip():
        console.print(
            f"Staff sessions are signed with this node's own key ({data_home() / SECRET_KEY_FILE}): give every "
            "node that shares the database the same READINGROOM_SECRET_KEY",
            soft_wrap=True,
        )


EVERY_ADDRESS = {"0.0.0.0", "::", ""}


def _answer_at(host: str) -> None:
    """Without READINGROOM_HOSTS, the server answers requests sent to the address it listens on, as well as to the
    loopback names; listening on every address, to this machine's names."""
    from django.conf import settings

    if settings.HOSTS_CONFIGURED:
        return
    if host in EVERY_ADDRESS:
        names = sorted({socket.gethostname(), socket.getfqdn()})
        print(
            f"Answering requests for {', '.join([*settings.ALLOWED_HOSTS, *names])}: "
            "set READINGROOM_HOSTS to the names readers use",
            flush=True,
        )
    else:
        names = [f"[{host}]" if ":" in host else host]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *names]


def index(args: argparse.Namespace) -> int:
    indexer = Indexer(index_at(index_path()))
    if not args.follow:
        try:
            with CountBar(console, "Indexing") as bar:
                indexer.catch_up(bar)
        except IndexBusy as error:
            raise CommandError(f"{error}; a running server keeps it up to date") from None
        return 0
    stop = threading.Event()
    for stopping in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stopping, lambda number, frame: stop.set())
    if args.stop_when_input_closes:

        def stop_when_input_closes() -> None:
            # Read from the descriptor: a thread waiting on sys.stdin's buffer holds its lock, and should the process
            # end meanwhile (the index held by a server), Python aborts at exit for want of that lock.
            while os.read(sys.stdin.fileno(), 4096):
                pass
            stop.set()

        threading.Thread(target=stop_when_input_closes, daemon=True).start()
    indexer.follow(stop, commit_seconds=args.commit_every)
    return 0


def reindex(args: argparse.Namespace) -> int:
    with CountBar(console, "Rebuilding the index") as bar:
        count = Indexer(index_at(index_path())).rebuild(bar)
    print(f"Indexed {count} documents.")
    return 0


def migrate(args: argparse.Namespace) -> int:
    applied = apply_migrations()
    for name in applied:
        print(f"Applied {name}")
    print(f"The database {database_name()} is up to date.")
    return 0


def check(args: argparse.Namespace) -> int:
    from readingroom.records.consistency import compare, repair

    search_index = index_at(index_path())
    differences = compare(search_index)
    print(f"Documents in the database: {differences.documents}; in the search index: {differences.indexed}")
    print(f"Changes not yet applied to the index: {differences.unapplied}")
    for label, ids in [
        ("missing from the index", differences.missing),
        ("indexed with old content", differences.stale),
        ("indexed more than once", differences.duplicated),
        ("indexed but not in the database", differences.stray),
        ("in the public documents' index but not public", differences.exposed),
    ]:
        if ids:
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            print(f"Documents {label}: {len(ids)} ({shown})")
    scans_read = check_scans(console, args.repair)
    if differences.agree:
        print("The index agrees with the database.")
        return 0 if scans_read else 1
    if args.repair:
        try:
            repaired = repair(search_index, differences)
        except IndexBusy as error:
            raise CommandError(f"{error}; the server's indexer is repairing it as it catches up") from None
        print(f"Repaired: {repaired} documents indexed again or removed.")
        return 0 if compare(search_index).agree else 1
    print("The index disagrees with the database; run `readingroom check --repair`.")
    return 1


def search(args: argparse.Namespace) -> int:
    from readingroom.api.answers import search_json

    update_index(quiet=True)
    filters: dict[str, list[str]] = {}
    for item in args.filter:
        name, _, value = item.partition("=")
        if name not in FACETS or not value:
            raise CommandError(f"--filter {item!r}: use FIELD=VALUE with FIELD one of {', '.join(FACETS)}")
        filters.setdefault(name, []).append(value)
    request = SearchRequest(
        q=" ".join(args.query),
        filters=filters,
        date_from=args.date_from,
        date_to=args.date_to,
        sort=args.sort,
        page=args.page,
    )
    page = search_archive(request)
    if args.json:
        print(json.dumps(search_json(page), ensure_ascii=False, indent=2))
        return 0
    for note in page.notes:
        print(f"Note: {note}")
    print(f"Results: {page.start} - {page.end} of {page.total}" if page.total else "No documents match.")
    for hit in page.hits:
        print(f"\n{hit.date_display}  {hit.id}\n  {hit.title}")
        if hit.summary:
            print(f"  {hit.summary[:200]}")
    return 0


def merge(args: argparse.Namespace) -> int:
    found = {a.id: a for a in Authority.objects.filter(pk__in=[args.source, args.target])}
    for authority_id in (args.source, args.target):
        if authority_id not in found:
            raise CommandError(f"no authority with id {authority_id!r}")
    source, target = found[args.source], found[args.target]
    if source.id == target.id:
        raise CommandError("an authority cannot be merged into itself")
    if source.kind != target.kind:
        raise CommandError(f"cannot merge a {source.kind} ({source.id}) into a {target.kind} ({target.id})")
    changed = merge_authority(source.id, target.id)
    print(f"Merged {source.name} ({source.id}) into {target.name} ({target.id}); {changed} documents changed.")
    update_index(quiet=True)
    return 0


def duplicates(args: argparse.Namespace) -> int:
    found = probable_duplicates(args.kind)
    for duplicate in found:
        print(f"{duplicate.name}: {duplicate.source} and {duplicate.target}\n  {duplicate.merge_command}")
    print(f"{len(found)} probable duplicates." if found else f"No probable duplicates among {args.kind} authorities.")
    return 0


def delete(args: argparse.Namespace) -> int:
    ids = list(dict.fromkeys(args.ids))
    with changeset(ChangeSet.Kind.DELETE, "readingroom delete " + " ".join(ids)):
        missing = [document_id for document_id in ids if not delete_document(document_id)]
    for document_id in missing:
        console.print(f"No document with id {document_id!r}.", markup=False)
    deleted = len(ids) - len(missing)
    print(f"Deleted {deleted} document{'s' if deleted != 1 else ''}.")
    update_index(quiet=True)
    return 1 if missing else 0


def export(args: argparse.Namespace) -> int:
    if args.excel and args.format != "csv":
        raise CommandError("--excel can only be used with --format csv")

    def write(stream: TextIO, beside: Path | None) -> int:
        if args.format == "csv":
            ids = list(Document.objects.filter(access=Access.PUBLIC).order_by("id").values_list("id", flat=True))
            if args.excel:
                stream.write(EXCEL_MARK)
            stream.writelines(export_lines("csv", exported_documents("csv", ids), _site(args.site)))
            return len(ids)
        return export_archive(stream, include_restricted=not args.public, beside=beside)

    if args.out == "-":
        count = write(sys.stdout, None)
    else:
        out = Path(args.out)
        try:
            with out.open("w", encoding="utf-8", newline="") as stream:
                count = write(stream, out)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror}") from None
    console.print(f"Exported {count} {'documents' if args.format == 'csv' else 'records'}.")
    return 0


def createuser(args: argparse.Namespace) -> int:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from readingroom.staff.roles import create_user

    if sys.stdin.isatty():
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("The same again: ") != password:
            raise CommandError("the two passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        validate_password(password)
        create_user(args.name, args.role, password, args.email)
    except ValidationError as error:
        raise CommandError("password refused: " + " ".join(error.messages)) from None
    except ValueError as error:
        raise CommandError(str(error)) from None
    console.print(f"Created {args.role} {args.name}; they sign in at /staff/.")
    return 0


def createtoken(args: argparse.Namespace) -> int:
    from readingroom.staff.tokens import create_token

    try:
        key = create_token(args.name, args.label)
    except ValueError as error:
        raise CommandError(str(error)) from None
    console.print(f"Token {args.label!r} for {args.name} (shown this once; send it as 'Authorization: Bearer KEY'):")
    print(key)
    return 0


def backup(args: argparse.Namespace) -> int:
    from readingroom.records.backup import BackupError
    from readingroom.records.backup import backup as make_backup

    try:
        manifest = make_backup(Path(args.out), progress=lambda step: console.print(f"Copying the {step} ..."))
    except BackupError as error:
        raise CommandError(str(error)) from None
    console.print(
        f"Backed up {manifest.documents} documents, {manifest.authorities} authorities and {manifest.files} files "
        f"to {args.out}."
    )
    return 0


def restore(args: argparse.Namespace) -> int:
    from readingroom.records.backup import BackupError
    from readingroom.records.backup import restore as restore_backup

    try:
        manifest = restore_backup(
            Path(args.folder), force=args.force, progress=lambda step: console.print(f"Restoring the {step} ...")
        )
    except BackupError as error:
        raise CommandError(str(error)) from None
    console.print(f"Restored {manifest.documents} documents from the backup of {manifest.created}; indexing ...")
    rebuilt = Indexer(index_at(index_path())).rebuild()
    console.print(f"Indexed {rebuilt} documents.")
    return 0
