"""`readingroom harvest`: another archive's records over OAI-PMH (records/harvests.py)."""

import argparse

from rich.console import Console
from rich.markup import escape

from readingroom.cli.setup import CommandError
from readingroom.dates.edtf import InvalidDate
from readingroom.dates.written import read_date
from readingroom.records.harvest_jobs import next_harvest, schedule_harvests
from readingroom.records.harvests import find_source
from readingroom.records.harvests import harvest as harvest_source
from readingroom.records.models import HarvestSource

PROBLEMS_SHOWN = 20
console = Console(highlight=False, soft_wrap=True)  # a line a source, whole, for logs and scripts


def harvest(args: argparse.Namespace) -> int:
    from readingroom.cli.commands import update_index  # commands imports this module

    if args.list:
        return _list_sources()
    if args.every is not None and args.every < 0:
        raise CommandError(f"--every {args.every}: give a number of hours, or 0 to stop harvesting on a schedule")
    if args.url:
        if not args.url.startswith(("http://", "https://")):
            raise CommandError(f"{args.url!r} is not an http:// or https:// address of an OAI-PMH interface")
        sources = [find_source(args.url, args.set, args.prefix)]
    else:
        sources = list(HarvestSource.objects.all())
        if not sources:
            raise CommandError("no source has been harvested yet: give the URL of an OAI-PMH interface")
    since = _since(args.since)
    failed = 0
    for source in sources:
        report = harvest_source(source, since)
        console.print(escape(f"{source.url}: {report.summary()}"))
        for problem in report.problems[:PROBLEMS_SHOWN]:
            console.print(escape(f"  {problem}"))
        if len(report.problems) > PROBLEMS_SHOWN:
            console.print(f"  ... and {len(report.problems) - PROBLEMS_SHOWN} more")
        failed += bool(report.error)
        if args.every is not None:
            schedule_harvests(source, args.every, just_harvested=True)
    update_index(quiet=True)
    return 1 if failed else 0


def _since(given: str) -> str:
    """--from as the day OAI-PMH's from= takes: a date as people write it, cut to its first day."""
    if not given:
        return ""
    try:
        edtf = read_date(given)
    except InvalidDate as error:
        raise CommandError(f"--from {given!r}: {error}") from None
    if edtf is None or len(edtf) < 4 or not edtf[:4].isdigit():
        raise CommandError(f"--from {given!r}: give a day, month or year")
    year, month, day = (edtf.split("/")[0].rstrip("~?%") + "-01-01").split("-")[:3]
    return f"{year}-{month}-{day}"


def _list_sources() -> int:
    sources = HarvestSource.objects.all()
    if not sources:
        print("No source has been harvested yet.")
    for source in sources:
        where = " ".join(part for part in (source.url, source.set_spec and f"set {source.set_spec}") if part)
        when = source.last_harvested.isoformat(timespec="seconds") if source.last_harvested else "never"
        console.print(escape(f"{source.slug}  {where}  ({source.prefix}; {source.repository_name or '?'})"))
        console.print(escape(f"  last harvested {when}: {source.last_status}"))
        if source.every_hours:
            due = next_harvest(source)
            queued = f"next queued for {due.isoformat(timespec='seconds')}" if due else "none queued"
            console.print(f"  harvested every {source.every_hours} hours by the job worker; {queued}")
    return 0
