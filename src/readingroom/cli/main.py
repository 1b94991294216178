"""The `readingroom` command. Its --help texts are the reference for every subcommand."""

import argparse
import os
import sys
from collections.abc import Sequence

from readingroom import __version__

DESCRIPTION = "readingroom: a digital archive for historical documents."
EPILOG = "The data directory is --home, or READINGROOM_HOME, or ./readingroom-data."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="readingroom", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"readingroom {__version__}")
    parser.add_argument("--home", metavar="DIR", help="data directory (database, index, attachments)")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = subcommands.add_parser(
        "demo", help="import the bundled sample collection if the archive is empty, then serve it"
    )
    _add_server_options(demo)
    demo.set_defaults(handler="demo")

    importer = subcommands.add_parser(
        "import",
        help="import JSON Lines files, spreadsheets (CSV, TSV, XLSX), TEI volumes or folders",
        description="Import records in the interchange format (one JSON object a line: documents and authorities). "
        "Bad lines are reported with file, line and field and skipped; good lines are kept. "
        "Re-importing a file changes nothing. A spreadsheet holds a document a row, its columns named in row 1 "
        "(interchange fields, Dublin Core, Omeka S or AtoM headers); bad rows are reported with row and column.",
    )
    importer.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a .jsonl, .csv, .tsv, .xlsx or TEI .xml file, or a folder of .jsonl and .xml files",
    )
    importer.add_argument(
        "--mapping",
        metavar="TOML",
        help='spreadsheets: a file mapping other column headers to fields ([columns] "Heading" = "title")',
    )
    importer.add_argument(
        "--keep-unknown-columns",
        action="store_true",
        help="spreadsheets: keep the values of columns no field takes under each document's extra data",
    )
    importer.add_argument(
        "--dry-run",
        action="store_true",
        help="read everything and print what would be added, changed and refused, and the first twenty problems, "
        "writing nothing",
    )
    importer.add_argument(
        "--no-wait",
        action="store_true",
        help="do not wait for the scans to be read: a server or `readingroom work` reads them (without this, the "
        "import reads them itself, showing its progress)",
    )
    importer.set_defaults(handler="import_")

    harvest = subcommands.add_parser(
        "harvest",
        help="harvest another archive over OAI-PMH (or, without a URL, every source harvested before)",
        description="Harvest the records of another archive's OAI-PMH interface as documents (ids harvest/<source>/"
        "<OAI identifier>, so harvesting again updates them; deleted records are deleted). The source is kept: "
        "harvesting it again asks only for what changed since, and a harvest that stopped midway resumes after its "
        "last page stored. Without a URL, every kept source is harvested again.",
    )
    harvest.add_argument("url", nargs="?", metavar="URL", help="the base URL of the OAI-PMH interface")
    harvest.add_argument("--set", default="", metavar="SET", help="harvest only this set (its setSpec)")
    harvest.add_argument("--prefix", default="oai_dc", help="metadata format (default oai_dc)")
    harvest.add_argument("--from", dest="since", default="", metavar="DATE", help="only records changed from DATE")
    harvest.add_argument(
        "--every",
        type=int,
        metavar="HOURS",
        help="then harvest it again every HOURS hours, by the job worker (readingroom work, or serve's); 0 stops it",
    )
    harvest.add_argument("--list", action="store_true", help="list the sources harvested before, with their outcome")
    harvest.set_defaults(handler="harvest")

    delete = subcommands.add_parser(
        "delete",
        help="delete documents",
        description="Delete documents from the archive (their history keeps every earlier version). Every node's "
        "index drops them within a second.",
    )
    delete.add_argument("ids", nargs="+", metavar="ID", help="a document's id")
    delete.set_defaults(handler="delete")

    serve = subcommands.add_parser("serve", help="serve the archive over HTTP (with its indexer)")
    _add_server_options(serve)
    serve.set_defaults(handler="serve")

    search = subcommands.add_parser("search", help="search the archive from the command line")
    search.add_argument("query", nargs="*", help='words, "phrases", OR, -exclusions, field:value')
    search.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help='facet filter, e.g. people=Stalin or collections="Sino-Soviet Relations"; repeatable',
    )
    search.add_argument("--from", dest="date_from", default="", metavar="DATE", help="a date, e.g. Sept. 1952")
    search.add_argument("--to", dest="date_to", default="", metavar="DATE", help="a date, e.g. 1953 or late 1950s")
    search.add_argument("--sort", choices=["relevance", "date", "-date", "title", "added"], default="")
    search.add_argument("--page", type=int, default=1)
    search.add_argument("--json", action="store_true", help="print the JSON of /api/search")
    search.set_defaults(handler="search")

    export = subcommands.add_parser(
        "export",
        help="write the whole archive: JSON Lines of the interchange format (authorities and documents), or CSV",
    )
    export.add_argument("out", metavar="OUT", help="file to write (- for standard output)")
    export.add_argument(
        "--format",
        choices=["jsonl", "csv"],
        default="jsonl",
        help="jsonl: everything, restricted documents and attachment files included (see --public); "
        "csv: one row a public document, for spreadsheets, which readingroom import reads back",
    )
    export.add_argument("--public", action="store_true", help="leave restricted documents out of the JSON Lines")
    export.add_argument(
        "--excel",
        action="store_true",
        help="csv: begin with a UTF-8 byte order mark, by which Excel reads accented names correctly",
    )
    export.add_argument(
        "--site",
        default="",
        help="the archive's public address, for the CSV's document URLs (default READINGROOM_BASE_URL, or else "
        "http://127.0.0.1:8000)",
    )
    export.set_defaults(handler="export")

    reindex = subcommands.add_parser(
        "reindex",
        help="rebuild the search index from the database",
        description="Rebuild the search index from the database. While a server runs, its indexer does the work and "
        "this waits for it; readers search the old index until the rebuilt one is ready.",
    )
    reindex.set_defaults(handler="reindex")

    index = subcommands.add_parser("index", help="bring the search index up to date with the database")
    index.add_argument("--follow", action="store_true", help="keep applying changes as they come (as serve does)")
    index.add_argument(
        "--commit-every",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="with --follow: let applied changes wait up to this long to be committed (searchable); default 0",
    )
    index.add_argument(
        "--stop-when-input-closes",
        action="store_true",
        help="with --follow: also stop (committing what it applied) when standard input closes; serve and import "
        "start it so, with a pipe they hold, so that it ends with them however they end",
    )
    index.set_defaults(handler="index")

    work = subcommands.add_parser(
        "work",
        help="run a worker: read the scans queued by imports (serve starts one too)",
        description="Run the jobs that imports queue (reading scans: PDF text layers, and OCR with Tesseract) until "
        "stopped. Workers on several machines sharing one PostgreSQL database (READINGROOM_DATABASE_URL) and one "
        "attachments folder (READINGROOM_ATTACHMENTS) share the work. Ctrl-C lets the job at hand finish.",
    )
    work.add_argument(
        "--interval", type=float, default=1.0, metavar="SECONDS", help="how often to look for new jobs (default 1)"
    )
    work.add_argument(
        "--stop-when-input-closes",
        action="store_true",
        help="also stop (after the job at hand) when standard input closes; serve and import start it so",
    )
    work.set_defaults(handler="work")

    authorities = subcommands.add_parser("authorities", help="curate people, places, topics ...")
    authority_commands = authorities.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = authority_commands.add_parser(
        "merge",
        help="fold one authority into another (the same person under two ids)",
        description="Fold SOURCE into TARGET: SOURCE's documents, names and narrower terms move to TARGET, and "
        "SOURCE's id becomes an alias of TARGET (its page redirects there).",
    )
    merge.add_argument("source", metavar="SOURCE", help="id of the authority that goes away")
    merge.add_argument("target", metavar="TARGET", help="id of the authority that stays")
    merge.set_defaults(handler="merge")
    duplicates = authority_commands.add_parser(
        "duplicates",
        help="list probable duplicates (a shared name, compatible dates) with the merge command for each",
        description="List pairs of authorities of one kind that share a name (listed or generated spelling) and "
        "whose dates agree where both give them, each with the `readingroom authorities merge` command that folds "
        "the thinner record into the fuller one (dates, listed names, documents).",
    )
    duplicates.add_argument(
        "--kind", default="person", choices=["person", "organization", "place", "topic"], help="default: person"
    )
    duplicates.set_defaults(handler="duplicates")

    migrate = subcommands.add_parser(
        "migrate",
        help="create or upgrade the database's tables",
        description="Create the tables in a new database, or apply the changes a new version of readingroom brings. "
        "An SQLite archive does this by itself; a PostgreSQL database shared by several nodes changes only when this "
        "is run, once, from any node (two nodes running it at once take turns).",
    )
    migrate.set_defaults(handler="migrate")

    createuser = subcommands.add_parser(
        "createuser",
        help="add a staff account (editor or admin)",
        description="Add a staff account that signs in at /staff/. Editors edit documents and authorities; admins "
        "also manage users, API tokens, imports and deletions. The password is asked for twice on a terminal, "
        "or read from the first line of standard input.",
    )
    createuser.add_argument("name", metavar="NAME")
    createuser.add_argument("--role", choices=["editor", "admin"], required=True)
    createuser.add_argument("--email", default="")
    createuser.set_defaults(handler="createuser")

    createtoken = subcommands.add_parser(
        "createtoken", help="make an API token for a staff account's scripts (printed once)"
    )
    createtoken.add_argument("name", metavar="USER")
    createtoken.add_argument("--label", default="script", help="what the token is for")
    createtoken.set_defaults(handler="createtoken")

    backup = subcommands.add_parser(
        "backup",
        help="snapshot the archive into a new folder while it serves (database and attachment files)",
        description="A consistent snapshot while the archive serves: SQLite's online backup (or pg_dump on "
        "PostgreSQL) and the attachment files. The search index is rebuilt on restore.",
    )
    backup.add_argument("out", metavar="FOLDER", help="a new or empty folder")
    backup.set_defaults(handler="backup")
    restore = subcommands.add_parser(
        "restore", help="bring back a backup (stop the server first); the index is rebuilt"
    )
    restore.add_argument("folder", metavar="FOLDER", help="a folder written by readingroom backup")
    restore.add_argument("--force", action="store_true", help="replace an archive that is not empty")
    restore.set_defaults(handler="restore")

    check = subcommands.add_parser(
        "check",
        help="compare the search index with the database, document by document",
        description="Every document must be indexed once with its current content (a fingerprint of what the "
        "indexer would write now), nothing indexed that the database lacks, and every change applied. Also says how "
        "many scans wait to be read and which files and pages could not be read (exit status 1 while any could not).",
    )
    check.add_argument(
        "--repair",
        action="store_true",
        help="index again what disagrees (no full rebuild), then apply pending changes; queue again the scans "
        "waiting or failed",
    )
    check.set_defaults(handler="check")
    for commands in (subcommands, authority_commands):
        _accept_home_after(commands)
    return parser


def _accept_home_after(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Let every command take --home after its name too (`readingroom import --home DIR ...`). Unless given there,
    it leaves the value given before the command alone."""
    for command in commands.choices.values():
        command.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help="data directory")


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2, help="web worker processes (default 2)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.home:
        os.environ["READINGROOM_HOME"] = args.home
    from readingroom.cli.setup import CommandError, prepare

    try:
        prepare(upgrade=args.handler != "migrate")
        from readingroom.cli import commands  # needs Django ready

        status: int = getattr(commands, args.handler)(args)
    except CommandError as error:
        print(f"readingroom {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return status
