"""A folder of scans, or a ZIP archive of one: a sidecar spreadsheet describes some scans; page images sharing a name
become one document; scans no row names become unpublished documents marked as needing cataloguing, listed for
staff; files that cannot be imported are named; importing again changes nothing."""

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.test import Client

from readingroom.records.importing import import_paths
from readingroom.records.models import Document
from readingroom.search.index import SearchIndex
from readingroom.staff.roles import create_user
from tests.scans import make_image, make_pdf, write


def scans_folder(parent: Path) -> Path:
    """box-7: a sidecar describing a letter, a pair of photographs and a file that is missing; three page images,
    a multi-page TIFF and a PDF no row names; a Word file and an empty PDF."""
    folder = parent / "box-7"
    write(
        folder,
        "documents.csv",
        b"id,title,date,files\n"
        b'box7-letter,Letter to the Ambassador,"September 22, 1952",letter.pdf\n'
        b"box7-photos,Photographs of the embassy,1952,photos/photo-1.jpg|photos/photo-2.jpg\n"
        b"box7-lost,A file that is not there,1953,lost.pdf\n",
    )
    write(folder, "letter.pdf", make_pdf(["Dear Ambassador"]))
    write(folder, "photos/photo-1.jpg", make_image("JPEG"))
    write(folder, "photos/photo-2.jpg", make_image("JPEG"))
    for number in (10, 2, 1):  # written out of order: the pages are put in their numbers' order
        write(folder, f"page-{number:03d}.tif", make_image("TIFF", (200 + number, 100)))
    write(folder, "minutes.tif", make_image("TIFF", frames=3))
    write(folder, "annual_report-1953.pdf", make_pdf(["Report"]))
    write(folder, "notes.docx", b"PK\x03\x04 a word processor's file")
    write(folder, "empty.pdf", b"")
    write(folder, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    return folder


def attachment_paths(document_id: str) -> list[str]:
    return [a.path for a in Document.objects.get(pk=document_id).attachments.order_by("position")]


def test_a_sidecar_describes_its_scans_and_the_others_need_cataloguing(db: None, home: Path, tmp_path: Path) -> None:
    folder = scans_folder(tmp_path)
    report = import_paths([folder])
    assert report.count("documents", "added") == 5  # two rows, the page sequence, the TIFF, the PDF
    letter = Document.objects.get(pk="box7-letter")
    assert (letter.title, letter.date, letter.access, letter.extra) == (
        "Letter to the Ambassador",
        "1952-09-22",
        "public",
        {},
    )
    assert attachment_paths("box7-photos") == ["photos/photo-1.jpg", "photos/photo-2.jpg"]
    uncatalogued = Document.objects.filter(extra__needs_cataloguing=True).order_by("id")
    assert [(d.id, d.title, d.access) for d in uncatalogued] == [
        ("box-7/annual_report-1953", "Annual report 1953", "unpublished"),
        ("box-7/minutes", "Minutes", "unpublished"),
        ("box-7/page", "Page", "unpublished"),
    ]
    assert attachment_paths("box-7/page") == ["page-001.tif", "page-002.tif", "page-010.tif"]
    problems = [str(rejection) for rejection in report.rejections]
    assert f"{folder}/documents.csv, row 4, column D \"files\" (box7-lost): field 'attachments[0].path': " in (
        "\n".join(problems)
    )
    assert f"{folder}/empty.pdf: empty file (0 bytes); skipped" in problems
    assert any(p.startswith(f"{folder}/notes.docx: not a scan (PDF or .png") for p in problems)
    assert len(problems) == 3  # the hidden .DS_Store is passed over


def test_importing_the_folder_again_changes_nothing_and_keeps_staff_edits(db: None, home: Path, tmp_path: Path) -> None:
    folder = scans_folder(tmp_path)
    import_paths([folder])
    Document.objects.filter(pk="box-7/minutes").update(title="Minutes of the embassy staff meeting")
    again = import_paths([folder])
    assert again.count("documents", "added") == 0
    assert again.count("documents", "unchanged") == 5
    assert Document.objects.count() == 5
    assert Document.objects.get(pk="box-7/minutes").title == "Minutes of the embassy staff meeting"


def test_a_zip_of_the_folder_imports_the_same_documents_and_names_its_members(
    db: None, home: Path, tmp_path: Path
) -> None:
    folder = scans_folder(tmp_path / "original")
    archive = tmp_path / "box-7.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(folder.rglob("*")):
            out.write(path, path.relative_to(folder))
    report = import_paths([archive])
    assert report.count("documents", "added") == 5
    assert Document.objects.filter(extra__needs_cataloguing=True).count() == 3
    assert f"{archive}/empty.pdf: empty file (0 bytes); skipped" in [str(r) for r in report.rejections]
    assert import_paths([folder]).count("documents", "unchanged") == 5  # the folder and its ZIP: the same ids


def test_an_unsafe_zip_is_refused_whole_by_name(db: None, home: Path, tmp_path: Path) -> None:
    archive = tmp_path / "scans.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("letter.pdf", make_pdf(["ok"]))
        out.writestr("../../escaped.pdf", make_pdf(["evil"]))
    report = import_paths([archive])
    assert [str(r) for r in report.rejections] == [
        f'{archive}: member "../../escaped.pdf": its path leads outside the archive\'s folder (absolute, or with ../)'
    ]
    assert Document.objects.count() == 0


def test_the_staff_page_lists_documents_to_catalogue(
    db: None, home: Path, tmp_path: Path, client: Client, index: SearchIndex, load: Callable[..., Any]
) -> None:
    load(scans_folder(tmp_path))
    assert client.get("/staff/cataloguing/").status_code == 302  # readers are sent to sign in
    assert "box-7/page" not in client.get("/search?q=page").content.decode()  # unpublished until catalogued
    client.force_login(create_user("edith", "editor", "correct horse battery staple"))
    page = client.get("/staff/cataloguing/").content.decode()
    assert '<a href="/staff/records/document/box-7_2Fpage/change/">box-7/page</a>' in page
    assert "box7-letter" not in page
    Document.objects.filter(pk="box-7/page").update(extra={})
    assert "box-7/page" not in client.get("/staff/cataloguing/").content.decode()


def test_a_sidecar_row_with_the_same_id_catalogues_a_document(db: None, home: Path, tmp_path: Path) -> None:
    folder = scans_folder(tmp_path)
    import_paths([folder])
    with (folder / "documents.csv").open("ab") as sidecar:
        sidecar.write(b"box-7/page,Telegram from Vienna,1953-05-12,page-001.tif|page-002.tif|page-010.tif\n")
    report = import_paths([folder])
    assert report.count("documents", "updated") == 1
    telegram = Document.objects.get(pk="box-7/page")
    assert (telegram.title, telegram.access, telegram.extra) == ("Telegram from Vienna", "public", {})
    assert attachment_paths("box-7/page") == ["page-001.tif", "page-002.tif", "page-010.tif"]


def test_scans_a_refused_row_names_are_not_made_documents_of_their_own(db: None, home: Path, tmp_path: Path) -> None:
    """Once the row is put right, the next import gives them the row's id, not a made-up one to merge by hand."""
    folder = scans_folder(tmp_path)
    with (folder / "documents.csv").open("ab") as sidecar:
        sidecar.write(b"box7-minutes,Minutes,31.2.1952,minutes.tif\n")
    report = import_paths([folder])
    assert any(r.line == 5 and r.column == 'C "date"' for r in report.rejections)
    assert not Document.objects.filter(pk__in=["box7-minutes", "box-7/minutes"]).exists()
    assert Document.objects.filter(extra__needs_cataloguing=True).count() == 2
