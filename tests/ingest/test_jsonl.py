import json
from pathlib import Path

import pytest

from readingroom.ingest import jsonl
from readingroom.ingest.jsonl import JsonLinesFile, ParsedLine, Rejection, parse_record
from readingroom.ingest.records import AuthorityRecord, DocumentRecord
from tests.conftest import SAMPLE


def read(tmp_path: Path, *lines: str | bytes) -> list[ParsedLine | Rejection]:
    path = tmp_path / "records.jsonl"
    path.write_bytes(b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines))
    return list(JsonLinesFile(path))


def rejection(tmp_path: Path, line: str | bytes) -> Rejection:
    [result] = read(tmp_path, line)
    assert isinstance(result, Rejection), result
    return result


def test_the_sample_reads_as_seven_documents_and_eighteen_authorities() -> None:
    records = [item.record for item in JsonLinesFile(SAMPLE) if isinstance(item, ParsedLine)]
    assert sum(isinstance(r, DocumentRecord) for r in records) == 7
    assert sum(isinstance(r, AuthorityRecord) for r in records) == 18


def test_every_field_of_a_document_is_kept() -> None:
    data = {
        "kind": "document",
        "id": "a/1",
        "title": "T",
        "date": "1952-09",
        "summary": "S",
        "text": "X",
        "transcripts": [{"language": "ru", "text": "Текст"}],
        "languages": ["ru"],
        "type": "Letter",
        "authors": ["A"],
        "recipients": ["B"],
        "people": ["C"],
        "organizations": ["D"],
        "places": ["E"],
        "topics": ["F"],
        "collections": ["G"],
        "source": {
            "repository": "R",
            "citation": "Fond 1",
            "publication": "P",
            "url": "https://example.org/x",
        },
        "credits": "Cr",
        "rights": "Ri",
        "related": ["a/2"],
        "attachments": [{"path": "scan.pdf", "label": "Scan", "media_type": "application/pdf"}],
        "access": "restricted",
        "extra": {"anything": [1, 2]},
    }
    assert parse_record(data).to_json() == data


def test_every_field_of_an_authority_is_kept() -> None:
    data = {
        "kind": "place",
        "id": "place/x",
        "name": "X",
        "variants": ["Y", "Z"],
        "dates": "1900/1950",
        "description": "D",
        "broader": ["W"],
        "coordinates": [38.81, 121.26],
        "extra": {"k": "v"},
    }
    assert parse_record(data).to_json() == data


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ('{"id": "a", "title": "T"', None, "invalid JSON"),
        ('["a list"]', None, "expected a JSON object"),
        ('{"id": "a"}', "title", "is required"),
        ('{"id": "a", "title": "  "}', "title", "must not be empty"),
        ('{"id": "has spaces", "title": "T"}', "id", "not a valid id"),
        ('{"id": "a", "title": "T", "date": "Sept 1952"}', "date", "not an EDTF date"),
        ('{"id": "a", "title": "T", "date": "1953-02-30"}', "date", "not a valid date"),
        ('{"id": "a", "title": "T", "colour": "red"}', "colour", "unknown field"),
        ('{"id": "a", "title": "T", "people": "Stalin"}', "people", "expected a list"),
        ('{"id": "a", "title": "T", "people": [""]}', "people[0]", "non-empty string"),
        ('{"id": "a", "title": "T", "access": "secret"}', "access", "not one of public, restricted"),
        ('{"id": "a", "title": "T", "source": {"archive": "x"}}', "source.archive", "unknown field"),
        (
            '{"id": "a", "title": "T", "transcripts": [{"text": "x"}]}',
            "transcripts[0].language",
            "is required",
        ),
        ('{"kind": "person", "id": "p"}', "name", "is required"),
        ('{"kind": "planet", "id": "p", "name": "Mars"}', "kind", "unknown kind"),
        ('{"kind": "place", "id": "p", "name": "X", "coordinates": [1]}', "coordinates", "latitude"),
        ('{"kind": "place", "id": "p", "name": "X", "coordinates": [100, 0]}', "coordinates", "latitude"),
        ('{"id": "a", "title": 5}', "title", "expected a string, found a number"),
        ('{"id": "a", "title": "T\\u0000"}', "title", "control character U+0000"),
        ('{"id": "a", "title": "T", "extra": {"notes": ["x", "y\\u0000"]}}', "extra.notes[1]", "U+0000"),
        ('{"id": "a", "title": "T", "extra": {"k\\u0007": 1}}', "extra", "U+0007"),
        ('{"id": "a", "title": "T", "languages": ["ru", "Klingon"]}', "languages[1]", "not a language tag"),
        (
            '{"id": "a", "title": "T", "transcripts": [{"language": "Martian", "text": "x"}]}',
            "transcripts[0].language",
            '"Martian" is not a language tag or a language name',
        ),
    ],
)
def test_a_bad_line_is_rejected_naming_file_line_and_field(
    tmp_path: Path, line: str, field: str | None, words: str
) -> None:
    found = rejection(tmp_path, line)
    assert found.field == field
    assert words in found.message
    assert str(found).startswith(f"{tmp_path / 'records.jsonl'}, line 1")


def test_languages_are_kept_as_tags_whether_written_as_tags_or_names() -> None:
    record = parse_record(
        {
            "id": "a",
            "title": "T",
            "languages": ["Russian", "ru", "CHINESE (simplified)", "de_CH"],
            "transcripts": [{"language": "Russian", "text": "Текст"}],
        }
    )
    assert isinstance(record, DocumentRecord)
    assert record.languages == ["ru", "zh-Hans", "de-CH"]
    assert record.transcripts[0].language == "ru"


def test_a_language_that_is_none_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    good = [json.dumps({"id": f"d{number}", "title": "T", "languages": ["en"]}) for number in range(1, 12)]
    results = read(tmp_path, *good, '{"id": "d12", "title": "T", "languages": ["Klingon"]}')
    assert str(results[11]) == (
        f"{tmp_path / 'records.jsonl'}, line 12 (d12): "
        "field 'languages[0]': \"Klingon\" is not a language tag or a language name"
    )


def test_good_lines_around_a_bad_one_are_read(tmp_path: Path) -> None:
    results = read(tmp_path, '{"id": "a", "title": "A"}', "not json", "", '{"id": "b", "title": "B"}')
    assert [type(r).__name__ for r in results] == ["ParsedLine", "Rejection", "ParsedLine"]
    assert [r.line for r in results] == [1, 2, 4]


def test_bytes_that_are_not_utf8_are_a_message(tmp_path: Path) -> None:
    assert "not UTF-8" in rejection(tmp_path, b"\x89PNG\x1a\x00\xff\xfe").message


def test_a_line_longer_than_the_limit_is_skipped_without_losing_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1000)
    long_line = json.dumps({"id": "big", "title": "x" * 5000})
    results = read(tmp_path, long_line, '{"id": "after", "title": "kept"}')
    assert isinstance(results[0], Rejection)
    assert "longer than" in results[0].message
    assert isinstance(results[1], ParsedLine)
    assert results[1].record.id == "after"
    assert results[1].line == 2


@pytest.mark.parametrize(
    ("line", "column"),
    [
        # A line cut short fails after its last character: the column past its end, not column 1.
        ('{"id": "a", "title": "Été"', len('{"id": "a", "title": "Été"') + 1),
        ('{"id": "a", "title": ', len('{"id": "a", "title": ') + 1),
        # A missing comma: the column of the quote where one was expected, counting characters, not bytes.
        ('{"id": "Ünter" "title": "T"}', '{"id": "Ünter" "title": "T"}'.index('"title"') + 1),
    ],
)
def test_invalid_json_names_the_column_an_editor_shows(tmp_path: Path, line: str, column: int) -> None:
    assert rejection(tmp_path, line).message.endswith(f"at column {column}")


def test_a_bad_byte_is_counted_from_the_start_of_the_line_byte_order_mark_included(tmp_path: Path) -> None:
    line = b'\xef\xbb\xbf{"id": "a", "title": "\xff"}'
    byte = line.index(b"\xff") + 1
    assert f"(byte {byte})" in rejection(tmp_path, line).message


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    [result] = read(tmp_path, b'\xef\xbb\xbf{"id": "a", "title": "T"}')
    assert isinstance(result, ParsedLine)


def test_deeply_nested_json_is_a_message(tmp_path: Path) -> None:
    line = '{"id": "a", "title": "T", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert "invalid JSON" in rejection(tmp_path, line).message


def test_each_line_belongs_to_one_share_of_a_two_pass_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 100)
    path = tmp_path / "records.jsonl"
    lines = [
        {"kind": "person", "id": "p/1", "name": "Zhou Enlai"},
        {"id": "d/1", "title": "A telegram"},
        {"kind": "person", "id": "p/2"},  # no name: rejected with the authorities
        "{not json",
        {"kind": "bishop", "id": "b/1"},
        {"id": "d/2"},  # no title: rejected with the documents
        {"id": "d/3", "title": "x" * 200},  # too long
    ]
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))

    def share(authorities: bool) -> list[tuple[int, str]]:
        return [
            (item.line, "rejected" if isinstance(item, Rejection) else type(item.record).__name__)
            for item in JsonLinesFile(path, authorities=authorities)
        ]

    assert share(True) == [(1, "AuthorityRecord"), (3, "rejected")]
    assert share(False) == [(2, "DocumentRecord"), (4, "rejected"), (5, "rejected"), (6, "rejected"), (7, "rejected")]
