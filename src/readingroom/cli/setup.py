"""Making the archive ready for a command: Django, the data directory and the database's tables."""

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
