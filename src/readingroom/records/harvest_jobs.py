"""Harvesting a source again on a schedule, by the job worker (`readingroom work`, or the one `serve` starts).

A scheduled source has one job queued at a time: each job harvests it and queues the next, `every_hours` later,
whether the harvest went well or not (a source that was down is tried again at the next time). Unscheduling the
source lets the queued job end without queuing another. The server's indexer indexes what a harvest brings; a node
without a running server indexes it at its next command that updates the index.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from readingroom.records.harvests import harvest
from readingroom.records.models import HarvestSource


@task()
def harvest_on_schedule(slug: str) -> str:
    source = HarvestSource.objects.filter(pk=slug).first()
    if source is None or not source.every_hours:
        return "no longer scheduled"
    try:
        report = harvest(source)
    finally:
        queue_harvest(source, later=True)
    return report.summary()


def schedule_harvests(source: HarvestSource, every_hours: int, just_harvested: bool = False) -> None:
    """Harvest `source` every so many hours from now on (the first at once, or after the first interval when it
    was `just_harvested`); 0 stops it."""
    source.every_hours = every_hours or None
    source.save(update_fields=["every_hours"])
    queue_harvest(source, later=just_harvested)


def queue_harvest(source: HarvestSource, later: bool = False) -> bool:
    """Queue the source's next harvest (now, or `every_hours` later) unless one is queued already."""
    if not source.every_hours or next_harvest(source) is not None:
        return False
    run_after = timezone.now() + timedelta(hours=source.every_hours) if later else timezone.now()
    harvest_on_schedule.using(run_after=run_after).enqueue(source.slug)
    return True


def next_harvest(source: HarvestSource) -> datetime | None:
    """When the source's harvest waiting in the queue is due, if one is."""
    waiting = DBTaskResult.objects.filter(
        task_path=harvest_on_schedule.module_path, status=TaskResultStatus.READY, args_kwargs__args=[source.slug]
    )
    due: datetime | None = waiting.order_by("run_after").values_list("run_after", flat=True).first()
    return due
