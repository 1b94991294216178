"""The subcommands of `readingroom`: each reads its arguments, calls a service and reports."""

import argparse
import json
import subprocess
import sys
import threading
from importlib.resources import files
from pathlib import Path
from typing import TextIO

from rich.console import Console

from readingroom.cli.progress import CountBar, ImportBar
from readingroom.cli.setup import CommandError, database_name
from readingroom.cli.setup import migrate as apply_migrations
from readingroom.home import index_path
from readingroom.records.exports import export_lines, public_documents
from readingroom.records.history import changeset
from readingroom.records.importing import ImportReport, import_paths
from readingroom.records.indexer import Indexer, latest_change
from readingroom.records.models import Access, Authority, ChangeSet, Document
from readingroom.records.searching import FACETS, SearchRequest, search_archive
from readingroom.records.services import delete_document, export_archive, merge_authority
from readingroom.search.index import IndexBusy, index_at

console = Console(stderr=True, highlight=False)
MAX_REJECTIONS_SHOWN = 50


def import_(args: argparse.Namespace) -> int:
    report = import_files([Path(path) for path in args.paths])
    return 1 if report.rejected else 0


def import_files(paths: list[Path]) -> ImportReport:
    with ImportBar(console) as bar:
        report = import_paths(paths, bar)
    for rejection in report.rejections[:MAX_REJECTIONS_SHOWN]:
        console.print(f"[red]rejected[/red] {rejection}", markup=True, soft_wrap=True)
    if report.rejected > MAX_REJECTIONS_SHOWN:
        console.print(f"… and {report.rejected - MAX_REJECTIONS_SHOWN} more rejections")
    print(report.summary())
    if not report.changed:
        print("Nothing changed.")
    update_index(quiet=True)
    return report


def update_index(quiet: bool = False) -> None:
    """Apply pending changes to this node's index, unless a running server's indexer holds it."""
    try:
        with CountBar(console, "Indexing") as bar:
            Indexer(index_at(index_path())).catch_up(bar)
    except IndexBusy:
        if not quiet:
            console.print("The search index is held by a running server; it will apply the changes itself.")


def demo(args: argparse.Namespace) -> int:
    if not Document.objects.exists():
        samples = Path(str(files("readingroom").joinpath("samples")))
        print("Importing the sample collection: the seed documents and two FRUS volumes")
        import_files([samples / "seed.jsonl", samples / "frus"])
    return serve(args)


def serve(args: argparse.Namespace) -> int:
    from readingroom.cli.server import run_server

    update_index()
    indexer = subprocess.Popen([sys.executable, "-m", "readingroom", "index", "--follow"])
    try:
        print(f"Serving the archive at http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
        run_server(args.host, args.port, args.workers)
    finally:
        indexer.terminate()
        indexer.wait(timeout=10)
    return 0


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
    try:
        indexer.follow(stop)
    except KeyboardInterrupt:
        stop.set()
    return 0


def reindex(args: argparse.Namespace) -> int:
    try:
        with CountBar(console, "Rebuilding the index") as bar:
            count = Indexer(index_at(index_path())).rebuild(bar)
    except IndexBusy as error:
        raise CommandError(f"{error}; stop the server first") from None
    print(f"Indexed {count} documents.")
    return 0


def migrate(args: argparse.Namespace) -> int:
    applied = apply_migrations()
    for name in applied:
        print(f"Applied {name}")
    print(f"The database {database_name()} is up to date.")
    return 0


def check(args: argparse.Namespace) -> int:
    search_index = index_at(index_path())
    in_database, in_index = Document.objects.count(), search_index.document_count()
    applied, latest = search_index.applied_sequence(), latest_change()
    print(f"Documents in the database: {in_database}; in the search index: {in_index}")
    print(f"Changes applied to the index: {applied} of {latest}")
    if in_database == in_index and applied == latest:
        print("The index agrees with the database.")
        return 0
    if args.repair:
        return reindex(args)
    print("The index disagrees with the database; run `readingroom check --repair` or `readingroom reindex`.")
    return 1


def search(args: argparse.Namespace) -> int:
    from readingroom.api.views import search_json

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
    def write(stream: TextIO, beside: Path | None) -> int:
        if args.format == "csv":
            ids = list(Document.objects.filter(access=Access.PUBLIC).order_by("id").values_list("id", flat=True))
            stream.writelines(export_lines("csv", public_documents(ids), args.site))
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
