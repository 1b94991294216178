"""Making the archive ready for a command: Django, the data directory and the database's tables."""

import gc
import os

import django
from django.core.management import call_command
from django.db import DatabaseError

from readingroom.home import data_home


class CommandError(Exception):
    """A problem the person running the command can fix; printed without a traceback."""


def prepare() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "readingroom.settings")
    home = data_home()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"cannot create the data directory {home}: {error.strerror}") from None
    django.setup()
    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as error:
        raise CommandError(f"the database could not be prepared: {error}") from None
    quieten_garbage_collector()


# Allocations between collections of the youngest generation (Python's default is 700).
GC_THRESHOLD = (50_000, 20, 20)


def quieten_garbage_collector() -> None:
    """Collect cyclic garbage less often, and never look again at what setting up loaded (modules, settings).
    Imports, the indexer and searches allocate many short-lived objects that reference counting frees; with the
    default thresholds the collector ran so often over the whole heap that it took half the indexer's time."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
