"""Export then import into an empty archive gives the same archive, for any records the format allows."""

import io
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readingroom.records.importing import import_paths
from readingroom.records.models import Authority, Change, Document
from readingroom.records.services import export_archive
from tests.conftest import SAMPLE
from tests.scans import make_image, make_pdf, write

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(files("readingroom").joinpath("ingest/record.schema.json").read_text())
ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,30}", fullmatch=True)
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    str.strip
)
dates = st.sampled_from([None, "1952-09-22", "1952-09", "1952", "1950~", "1952?", "195X", "1950/1953", "1952/..", "%"])
names = st.lists(st.sampled_from(["Stalin", "Filippov", "Zhou Enlai", "Chou En-lai", "Mao", "Korea", "UN"]), max_size=3)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = {"id": draw(ids), "title": draw(words)}
    if (date := draw(dates)) not in (None, "%"):
        record["date"] = date
    for field in ("summary", "text", "type", "credits", "rights"):
        if draw(st.booleans()):
            record[field] = draw(words)
    for field in ("authors", "recipients", "people", "places", "topics", "collections", "organizations"):
        if value := draw(names):
            record[field] = value
    if draw(st.booleans()):
        record["transcripts"] = [{"language": "ru", "text": draw(words)}]
        record["languages"] = ["ru"]
    if draw(st.booleans()):
        record["source"] = {"repository": draw(words), "citation": draw(words)}
    if draw(st.booleans()):
        record["related"] = [draw(ids)]
    if draw(st.booleans()):
        record["access"] = "restricted"
    if draw(st.booleans()):
        record["extra"] = {"note": draw(words), "numbers": [1, 2.5, None]}
    return record


def export_text() -> str:
    stream = io.StringIO()
    export_archive(stream)
    return stream.getvalue()


def empty_archive() -> None:
    Document.objects.all().delete()
    Authority.objects.all().delete()
    Change.objects.all().delete()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(documents(), max_size=6, unique_by=lambda record: record["id"]))
def test_export_then_import_reproduces_the_archive(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    empty_archive()
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))
    import_paths([SAMPLE, source])
    first = export_text()
    empty_archive()
    exported = tmp_path / "export.jsonl"
    exported.write_text(first)
    report = import_paths([exported])
    assert report.rejected == 0, report.rejections
    assert report.created_authorities == 0
    assert export_text() == first


def test_the_export_follows_the_interchange_schema(sample: Any) -> None:
    lines = export_text().splitlines()
    assert len(lines) == Authority.objects.count() + Document.objects.count()
    for line in lines:
        jsonschema.validate(json.loads(line), SCHEMA)


def test_an_export_to_a_file_carries_the_attachment_files(tmp_path: Path, db: None) -> None:
    source = tmp_path / "source"
    write(source, "scans/telegram.pdf", make_pdf(["page one"]))
    write(source, "scans/photo.png", make_image("PNG"))
    record = {
        "id": "d",
        "title": "T",
        "attachments": [{"path": "scans/telegram.pdf", "label": "Telegram"}, {"path": "scans/photo.png"}],
    }
    (source / "records.jsonl").write_text(json.dumps(record) + "\n")
    import_paths([source / "records.jsonl"])
    first = tmp_path / "first" / "archive.jsonl"
    first.parent.mkdir()
    with first.open("w") as stream:
        export_archive(stream, beside=first)
    exported = json.loads(first.read_text().splitlines()[-1])["attachments"]
    assert [(first.parent / a["path"]).read_bytes() for a in exported] == [
        (source / "scans/telegram.pdf").read_bytes(),
        (source / "scans/photo.png").read_bytes(),
    ]
    assert exported[0]["path"].endswith("/telegram.pdf")
    empty_archive()
    assert import_paths([first]).rejected == 0
    second = tmp_path / "second" / "archive.jsonl"
    second.parent.mkdir()
    with second.open("w") as stream:
        export_archive(stream, beside=second)
    assert second.read_text() == first.read_text()
