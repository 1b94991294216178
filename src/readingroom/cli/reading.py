"""Scans read by workers, as the command line sees them: `readingroom work`, the worker `serve` starts beside the
web workers, the import's wait for its scans, and what `check` says of them."""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from rich.console import Console
from rich.markup import escape

from readingroom.cli.progress import CountBar
from readingroom.cli.setup import CommandError, stop_process
from readingroom.records.models import Attachment, Reading
from readingroom.records.reading import reading_state, requeue_abandoned, requeue_reading, worker_id

POLL_SECONDS = 0.5
MAX_PROBLEMS_SHOWN = 20


def work(args: argparse.Namespace) -> int:
    """Run queued jobs until stopped (Ctrl-C or SIGTERM let the job at hand finish; a second one stops it)."""
    from django.core.management import call_command

    # One job at a time, so Tesseract on one thread: with its own threads it read fewer pages a minute on a busy
    # machine (docs/benchmarks.md). Several workers use several cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if args.stop_when_input_closes:
        threading.Thread(target=_stop_when_input_closes, daemon=True).start()
    if requeued := requeue_abandoned():
        print(f"Queued again {requeued} scans whose worker on this machine was stopped while reading them", flush=True)
    print(f"Worker {worker_id()} waiting for jobs (Ctrl-C to stop)", flush=True)
    call_command(
        "db_worker", interval=args.interval, reload=False, startup_delay=False, worker_id=worker_id(), verbosity=1
    )
    return 0


def _stop_when_input_closes() -> None:
    # Read from the descriptor, as the indexer does; then stop as Ctrl-C would, after the job at hand.
    while os.read(sys.stdin.fileno(), 4096):
        pass
    os.kill(os.getpid(), signal.SIGTERM)


def start_worker(**popen: Any) -> "subprocess.Popen[bytes]":
    """`readingroom work` in a process of its own, tied to this one by a pipe on its standard input, so that it ends
    when this one ends, however it ends."""
    command = [sys.executable, "-m", "readingroom", "work", "--stop-when-input-closes"]
    return subprocess.Popen(command, stdin=subprocess.PIPE, **popen)


def wait_for_scans(console: Console) -> None:
    """Read the scans waiting to be read, with a worker of this command's own (a server's workers help), showing
    how many are done; then say which could not be read."""
    waiting = Attachment.objects.filter(reading=Reading.WAITING)
    total = waiting.count()
    if not total:
        return
    worker = start_worker(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with CountBar(console, "Reading scans") as bar:
            while left := waiting.count():
                total = max(total, left)
                bar(total - left, total)
                if worker.poll() is not None:
                    raise CommandError(f"the worker reading scans stopped; {left} scans wait for `readingroom work`")
                time.sleep(POLL_SECONDS)
            bar(total, total)
    finally:
        stop_process(worker, timeout=10)
    print(f"Read {total} scans.")
    report_problems(console)


def report_problems(console: Console) -> None:
    for line in reading_state().failed_pages[:MAX_PROBLEMS_SHOWN]:
        console.print(f"[red]unread[/red] {escape(line)}", markup=True, soft_wrap=True)


def check_scans(console: Console, repair: bool) -> bool:
    """Say how many scans wait to be read or could not be; with `repair`, queue them again. True if none failed."""
    state = reading_state()
    print(f"Scans waiting to be read: {state.waiting}; that could not be read (in part): {state.failed}")
    report_problems(console)
    if repair and (state.waiting or state.failed):
        print(f"Queued again: {requeue_reading()} scans (a server or `readingroom work` reads them)")
        return True
    if state.failed:
        print("Some scans could not be read; `readingroom check --repair` tries them again.")
    return not state.failed
