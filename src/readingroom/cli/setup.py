"""Making the archive ready for a command: Django, the data directory and the database's tables.

An SQLite archive upgrades its own tables whenever a command starts: it has one user, on one machine. A PostgreSQL
database is shared by several nodes, so its schema changes only when someone runs `readingroom migrate` (once, for
all of them, as an upgrade's step); until then the other commands say so instead of starting.
"""

import gc
import os
import subprocess

import django
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from readingroom.home import data_home
from readingroom.secret_key import keep_secret_key, public_key_refused

# The key of the PostgreSQL advisory lock that lets one `readingroom migrate` at a time change the schema.
MIGRATION_LOCK = 0x52524D47


class CommandError(Exception):
    """A problem the person running the command can fix; printed without a traceback."""


def prepare(upgrade: bool = True) -> None:
    """Set up Django for a command; with `upgrade`, bring an SQLite archive's tables up to date (on PostgreSQL,
    check that `readingroom migrate` has)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    home = data_home()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"cannot create the data directory {home}: {error.strerror}") from None
    try:
        keep_secret_key(home)
    except OSError as error:
        raise CommandError(
            f"cannot keep a secret key in {home}: {error.strerror}; set READINGROOM_SECRET_KEY"
        ) from None
    try:
        django.setup()
    except ValueError as error:  # a setting the environment gives that cannot be used, named in the message
        raise CommandError(str(error)) from None
    if refusal := public_key_refused(settings.SECRET_KEY, settings.DEBUG):
        raise CommandError(refusal)
    if not upgrade:
        return
    try:
        if connection.vendor == "sqlite":
            call_command("migrate", interactive=False, verbosity=0)
        elif pending := pending_migrations():
            raise CommandError(
                f"the database {database_name()} needs {len(pending)} migration(s) this version of readingroom "
                "brings: run `readingroom migrate` (once, from any node)"
            )
    except DatabaseError as error:
        raise CommandError(f"the database {database_name()} could not be prepared: {error}".strip()) from None
    quieten_garbage_collector()


# Allocations between collections of the youngest generation (Python's default is 700).
GC_THRESHOLD = (50_000, 20, 20)


def quieten_garbage_collector() -> None:
    """Collect cyclic garbage less often, and never look again at what setting up loaded (modules, settings).
    Imports, the indexer and searches allocate many short-lived objects that reference counting frees; with the
    default thresholds the collector ran so often over the whole heap that it took half the indexer's time."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def pending_migrations() -> list[str]:
    """The migrations this version has that the database lacks, in the order they would be applied."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def migrate() -> list[str]:
    """Apply the pending migrations; returns their names. On PostgreSQL, an advisory lock keeps two nodes that
    upgrade at once from applying the same migration twice: the second waits, then finds nothing to do."""
    try:
        if connection.vendor != "postgresql":
            pending = pending_migrations()
            call_command("migrate", interactive=False, verbosity=0)
            return pending
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
            try:
                pending = pending_migrations()
                call_command("migrate", interactive=False, verbosity=0)
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
        return pending
    except DatabaseError as error:
        raise CommandError(f"the database {database_name()} could not be migrated: {error}".strip()) from None


def database_name() -> str:
    """Where the database is, for messages: the SQLite file, or the PostgreSQL server and database (no password)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings["NAME"])
    return f"{settings['NAME']} on {settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"


def stop_process(process: "subprocess.Popen[bytes]", timeout: float) -> None:
    """Stop a process started beside a command (the indexer, a scan worker): close its input pipe and send it the
    signal as well, since processes forked after it (web workers) hold copies of the pipe until they end; past
    `timeout` seconds, kill it. Neither loses work: the indexer commits what it applied (the next one applies the
    rest), and a scan whose job a killed worker was running is queued again."""
    if process.stdin:
        process.stdin.close()
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
