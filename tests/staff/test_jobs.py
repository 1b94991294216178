"""The staff's jobs page: scans queued and being read, and those that could not be read; staff only."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from readingroom.search.index import SearchIndex
from tests.records.test_reading import bomb, document, pytestmark, work
from tests.scans import ENGLISH, page_file, rendered_page

__all__ = ["pytestmark"]  # skipped where Tesseract is missing, as the reading tests are


def test_the_jobs_page_lists_queued_scans_and_those_not_read(
    tmp_path: Path,
    load: Callable[..., Any],
    index: SearchIndex,
    client: Client,
    editor: User,
    signed_in: Callable[[User], Client],
) -> None:
    load(document(tmp_path, {"page.png": page_file("PNG", [rendered_page(ENGLISH)]), "bomb.png": bomb()}, ["en"]))
    assert client.get("/staff/jobs/").status_code == 302  # readers are sent to sign in
    staff = signed_in(editor)
    queued = staff.get("/staff/jobs/").content.decode()
    assert "Scans waiting to be read: 2" in queued
    assert queued.count("<td>queued</td><td>scan-1</td>") == 2
    work(index)
    done = staff.get("/staff/jobs/").content.decode()
    assert "No jobs are queued, running or failed." in done
    assert "bomb.png: refused, too many pixels" in done
