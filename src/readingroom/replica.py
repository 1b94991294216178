"""Reads from a streaming replica: with `READINGROOM_DATABASE_REPLICA_URL` set, readers' pages read from it and
everything else uses the primary (`READINGROOM_DATABASE_URL`).

A replica replays the primary's changes a moment late, so only requests that expect nothing they wrote themselves
read from it: GET and HEAD requests that carry no session (signed-in staff) and no API token. Writes, staff,
commands, and above all the node's indexer use the primary: the indexer reads the change log there, so a replica
that lags can never make it skip a change or index an older version of a document.

A replica that does not answer costs readers nothing: their pages read from the primary until it is back (tried
again every RETRY_SECONDS), and `/readyz` says so.
"""

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)
REPLICA = "replica"
SAFE_METHODS = ("GET", "HEAD")
RETRY_SECONDS = 5.0
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)
_replica_down_until = 0.0  # per process: after a failure, when to try the replica again


def reads_from_replica(request: HttpRequest) -> bool:
    """Whether a request may read from the replica: a reader's page view, not a write or a staff member's view."""
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


class ReplicaRouter:
    """Sends reads to the replica while a reader's request is being answered, and outside a transaction."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if _reading_from_replica.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # a replica receives the primary's schema by replication


@contextmanager
def reading_from_replica(enabled: bool = True) -> Iterator[None]:
    """Within the block, the router sends this thread's reads to the replica (or, with False, to the primary)."""
    token = _reading_from_replica.set(enabled)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_reads(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: readers' requests read from the replica while it answers."""

    def middleware(request: HttpRequest) -> HttpResponse:
        with reading_from_replica(reads_from_replica(request) and replica_answers()):
            return get_response(request)

    return middleware


def replica_answers() -> bool:
    """Whether this thread's replica connection works (reconnecting if needed); a failure is remembered for a few
    seconds, so that readers do not each wait for a server that is down."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    connection = connections[REPLICA]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError:
        logger.warning("the replica database does not answer; readers' pages read from the primary", exc_info=True)
        _replica_down_until = time.monotonic() + RETRY_SECONDS
        return False
    return True
