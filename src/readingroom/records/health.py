"""Whether this node can serve readers: its databases answer, and its search index exists and keeps up.

A load balancer asks `/readyz` before sending a node readers (a node building its index after a start from nothing
is alive but not ready); `/healthz` says only that the process answers.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Max
from django.utils import timezone

from readingroom.records.models import Change
from readingroom.replica import REPLICA
from readingroom.search.index import SearchIndex

logger = logging.getLogger(__name__)
# The indexer applies changes within a second; a change waiting longer than this means it is stuck or far behind.
MAX_INDEX_LAG = timedelta(seconds=30)


@dataclass(frozen=True)
class Readiness:
    problems: tuple[str, ...]  # what keeps the node from serving readers
    warnings: tuple[str, ...]  # what it works around

    @property
    def ready(self) -> bool:
        return not self.problems


def readiness(index: SearchIndex) -> Readiness:
    """The messages name no host or error: the answer is public; the log has the details. A replica that does not
    answer is only a warning: readers' pages then read from the primary (see readingroom.replica)."""
    if not _answers(DEFAULT_DB_ALIAS):
        return Readiness(("the database does not answer",), ())
    warnings = []
    if REPLICA in settings.DATABASES and not _answers(REPLICA):
        warnings.append("the replica database does not answer; readers' pages read from the primary")
    return Readiness(tuple(_index_problems(index)), tuple(warnings))


def _answers(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        logger.exception("readiness: the %s database does not answer", alias)
        connections[alias].close()
        return False


def _index_problems(index: SearchIndex) -> list[str]:
    """Compared with the primary, where the change log is written."""
    applied = index.applied_sequence()
    changes = Change.objects.using(DEFAULT_DB_ALIAS)
    if applied > (changes.aggregate(last=Max("sequence"))["last"] or 0):
        return ["the search index belongs to another database; it is being rebuilt"]
    waiting = changes.filter(sequence__gt=applied).order_by("sequence").values_list("at", flat=True).first()
    if waiting is None:
        return []
    if applied == 0:
        return ["the search index is being built"]
    lag = timezone.now() - waiting
    if lag > MAX_INDEX_LAG:
        return [f"the search index is {int(lag.total_seconds())} seconds behind the database"]
    return []
