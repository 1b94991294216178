"""Harvests on a schedule: the job worker (django-tasks' db_worker, run in the test's process) harvests a source and
queues its next harvest; one job at a time is queued, and unscheduling ends the chain."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from readingroom.records.harvest_jobs import harvest_on_schedule, next_harvest, schedule_harvests
from readingroom.records.harvests import find_source
from readingroom.records.models import Document, HarvestSource
from tests.records.test_harvests import Provider, provider, two_pages

__all__ = ["provider"]  # the fixture, shared

# The worker commits as it would in its own process (see tests/records/test_reading.py).
pytestmark = pytest.mark.django_db(transaction=True)


def work() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_the_worker_harvests_a_scheduled_source_and_queues_the_next_harvest(provider: Provider) -> None:
    two_pages(provider)
    source = find_source(provider.url)
    source.save()
    schedule_harvests(source, 6)
    schedule_harvests(source, 6)  # asked twice: still one job
    due = next_harvest(source)
    assert due is not None
    assert due <= timezone.now()
    work()
    assert Document.objects.filter(pk__startswith=f"harvest/{source.slug}/").count() == 3
    harvested = HarvestSource.objects.get(pk=source.pk)
    assert "complete" in harvested.last_status
    later = next_harvest(harvested)
    assert later is not None
    assert timedelta(hours=5, minutes=59) < later - timezone.now() <= timedelta(hours=6)


def test_a_failed_harvest_is_tried_again_at_the_next_time_and_unscheduling_ends_it(provider: Provider) -> None:
    source = find_source(provider.url)  # no list is answered: HTTP 404
    source.save()
    schedule_harvests(source, 1)
    work()
    assert "HTTP 404" in HarvestSource.objects.get(pk=source.pk).last_status
    assert next_harvest(source) is not None
    schedule_harvests(source, 0)
    asked = len(provider.requests)
    assert harvest_on_schedule.call(source.slug) == "no longer scheduled"  # what the queued job will do
    assert len(provider.requests) == asked  # it asked nothing
