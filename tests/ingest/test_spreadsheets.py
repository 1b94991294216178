"""The spreadsheet reader on its own: rows to interchange records, with row and column named for each problem."""

import codecs
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from readingroom.ingest.jsonl import ParsedLine, Rejection
from readingroom.ingest.records import DocumentRecord
from readingroom.ingest.spreadsheets import (
    Mapping,
    MappingError,
    Spreadsheet,
    SpreadsheetError,
    read_mapping,
    restored_cell,
)
from readingroom.records.exports import csv_cell

TEMPLATES = Path(__file__).parent / "spreadsheets"


def read(path: Path, mapping: Mapping | None = None) -> tuple[list[DocumentRecord], list[Rejection], Spreadsheet]:
    sheet = Spreadsheet(path, mapping)
    items = list(sheet)
    records = [item.record for item in items if isinstance(item, ParsedLine)]
    assert all(isinstance(record, DocumentRecord) for record in records)
    return records, [item for item in items if isinstance(item, Rejection)], sheet  # type: ignore[return-value]


def write(tmp_path: Path, text: str, name: str = "documents.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_atom_archival_description_template_is_read() -> None:
    [letter, minutes], rejections, sheet = read(TEMPLATES / "atom_isad.csv")
    assert rejections == []
    assert letter.id == "atom-1"
    assert letter.source.citation == "F1-S2-12"  # AtoM's identifier is the reference code beside legacyId
    assert letter.source.repository == "Archive of the Foreign Ministry"
    assert letter.summary == "Thanks the embassy for its report on Korea."
    assert letter.date == "1952-09-22"
    assert letter.languages == ["en", "zh"]
    assert letter.topics == ["Korea", "Armistice"]
    assert letter.places == ["Beijing"]
    assert letter.people == ["Zhou Enlai"]
    assert letter.authors == ["Zhou Enlai"]
    assert letter.rights == "Public domain"
    assert letter.access == "public"
    assert minutes.date == "1953-01-01/1953-03-31"  # the event's start and end dates
    assert minutes.access == "unpublished"  # AtoM's Draft
    unknown = " ".join(sheet.notes)
    for header in ("levelOfDescription", "extentAndMedium", "accessConditions", "genreAccessPoints", "culture"):
        assert f'"{header}" is no field this archive knows' in unknown


def test_omeka_s_csv_import_columns_are_read() -> None:
    [telegram, draft], rejections, sheet = read(TEMPLATES / "omeka_s.csv")
    assert rejections == []
    assert (telegram.id, telegram.title, telegram.type) == (
        "omeka-7",
        "Telegram from the Embassy in Moscow",
        "Telegram",
    )
    assert telegram.authors == ["Embassy in Moscow"]
    assert telegram.date == "1952-09-22"
    assert telegram.topics == ["Korea", "Prisoners of war"]
    assert telegram.languages == ["en"]
    assert telegram.places == ["Moscow"]
    assert telegram.collections == ["Moscow embassy telegrams"]
    assert (draft.date, draft.access) == ("1952~", "unpublished")
    assert [str(conversion) for conversion in sheet.conversions] == [
        'row 2, column D "dcterms:date": "22 Sept. 1952" read as 1952-09-22',
        'row 3, column D "dcterms:date": "c. 1952" read as 1952~',
    ]
    assert any('"o:resource_class" is no field' in note for note in sheet.notes)


@pytest.mark.parametrize(
    ("written", "edtf"),
    [
        ("September 22, 1952", "1952-09-22"),
        ("22.9.1952", "1952-09-22"),
        ("1952-09", "1952-09"),
        ("1950s", "195X"),
        ("n.d.", None),
    ],
)
def test_dates_are_read_as_people_write_them(tmp_path: Path, written: str, edtf: str | None) -> None:
    [record], _, sheet = read(write(tmp_path, f'id,title,date\nd1,T,"{written}"\n'))
    assert record.date == edtf
    assert [(c.written, c.edtf) for c in sheet.conversions] == ([(written, edtf)] if written != edtf else [])


def test_a_bad_row_names_its_row_and_column_and_the_others_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,created,language\nd1,One,1952,en\nd2,Two,31.2.1952,en\nd3,Three,1953,Klingonese\n")
    records, rejections, _ = read(path)
    assert [record.id for record in records] == ["d1"]
    assert [str(r).removeprefix(str(path)) for r in rejections] == [
        ', row 3, column C "created" (d2): "31.2.1952" is not a valid date (February 1952 has 29 days)',
        ", row 4, column D \"language\" (d3): field 'languages[0]': " + rejections[1].message,
    ]


def test_duplicate_ids_keep_the_first_row(tmp_path: Path) -> None:
    records, [rejection], _ = read(write(tmp_path, "id,title\nd1,First\nd1,Again\n"))
    assert [record.title for record in records] == ["First"]
    assert (rejection.line, rejection.column) == (3, 'A "id"')
    assert "already given in row 2" in rejection.message


def test_a_missing_header_row_is_one_clear_message(tmp_path: Path) -> None:
    path = write(tmp_path, "d1,Telegram from Moscow,1952\nd2,Reply,1952\n")
    with pytest.raises(SpreadsheetError, match=r"row 1: names no column .* is the header row missing"):
        list(Spreadsheet(path))


def test_blank_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    [record], [rejection], _ = read(write(tmp_path, ",,\n\nid,title\nd1,T\n\nd2,T,extra\n"))
    assert record.id == "d1"
    assert str(rejection).endswith("row 6, column C (no header) (d2): holds a value, but row 3 names no column here")


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04 damaged"])
def test_a_file_that_is_no_workbook_is_one_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "documents.xlsx"
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError, match=r"not an Excel workbook \(\.xlsx\) that can be read"):
        list(Spreadsheet(path))


def test_a_sheet_without_a_title_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match="no title column"):
        list(Spreadsheet(write(tmp_path, "id,date\nd1,1952\n")))


def test_two_columns_giving_one_field_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match='columns B "title" and C "dc:title" both give the title'):
        list(Spreadsheet(write(tmp_path, "id,title,dc:title\nd1,a,b\n")))


def test_a_row_of_another_kind_than_document_is_refused(tmp_path: Path) -> None:
    records, [rejection], _ = read(write(tmp_path, "kind,id,title\ndocument,d1,T\nperson,p1,Zhou Enlai\n"))
    assert [record.id for record in records] == ["d1"]
    assert (rejection.line, rejection.column) == (3, 'A "kind"')
    assert "a spreadsheet holds documents" in rejection.message


def test_a_value_beyond_the_named_columns_is_refused(tmp_path: Path) -> None:
    _, [rejection], _ = read(write(tmp_path, "id,title\nd1,T,stray\n"))
    assert (rejection.line, rejection.column) == (2, "C (no header)")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_utf8_and_utf16_with_their_marks_are_read(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "documents.csv"
    path.write_bytes(prefix + "id,title,creator\nd1,Note,José Martí\n".encode(encoding))
    [record], _, sheet = read(path)
    assert record.authors == ["José Martí"]
    assert sheet.notes == []


def test_windows_1252_is_read_and_said(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title\nd1,Plain\nd2,Café Müller\n", encoding="cp1252")
    [_, record], _, sheet = read(path)
    assert record.title == "Café Müller"
    assert sheet.notes == [f"{path}: not UTF-8 (line 3 of the file); read as Windows-1252 (cp1252)"]


def test_bytes_no_encoding_reads_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "documents.csv"
    path.write_bytes(b"id,title\nd1,Plain\nd2,Bad \xe9\x81 byte\n")
    with pytest.raises(SpreadsheetError, match="line 3 of the file: neither UTF-8 nor Windows-1252"):
        list(Spreadsheet(path))


def test_semicolons_and_tabs_separate_columns(tmp_path: Path) -> None:
    [semicolon], _, _ = read(write(tmp_path, "id;title;subject\nd1;One;Korea|Japan\n"))
    [tab], _, _ = read(write(tmp_path, "id\ttitle\nd2\tTwo, with a comma\n", name="documents.tsv"))
    assert (semicolon.topics, tab.title) == (["Korea", "Japan"], "Two, with a comma")


def test_a_cell_neutralised_by_the_export_is_restored_exactly(tmp_path: Path) -> None:
    path = write(tmp_path, "id,title,summary\nd1,'=1+1,'-3 degrees\nd2,'Quoted',''@name\n")
    one, two = read(path)[0]
    assert (one.title, one.summary) == ("=1+1", "-3 degrees")
    assert (two.title, two.summary) == ("'Quoted'", "'@name")


def test_a_mapping_file_maps_other_headers_and_splits_on_semicolons(tmp_path: Path) -> None:
    mapping_path = tmp_path / "mapping.toml"
    mapping_path.write_text(
        '[columns]\n"Ref. no." = "id"\nHeading = "title"\n'
        'Keywords = { field = "topics", split = ";" }\n"Internal notes" = "ignore"\n'
    )
    path = write(tmp_path, "Ref. no.,Heading,Keywords,Internal notes\nr-1,A letter,Korea; Japan,keep quiet\n")
    [record], [], sheet = read(path, read_mapping(mapping_path))
    assert (record.id, record.title, record.topics) == ("r-1", "A letter", ["Korea", "Japan"])
    assert sheet.notes == []


def test_a_bad_mapping_file_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text('[columns]\nHeading = "headline"\n')
    with pytest.raises(MappingError, match='column "Heading": "headline" is not a field'):
        read_mapping(path)


def test_unknown_columns_are_kept_under_extra_when_asked(tmp_path: Path) -> None:
    [record], _, sheet = read(write(tmp_path, "id,title,Box\nd1,T,Box 12\n"), Mapping(keep_unknown=True))
    assert record.extra == {"Box": "Box 12"}
    assert sheet.notes == [f'{tmp_path / "documents.csv"}: column C "Box" is kept under extra']


def test_xlsx_formulas_are_never_evaluated_and_dates_are_days(tmp_path: Path) -> None:
    import datetime

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["id", "title", "date"])
    sheet.append(["x1", "Cell text", datetime.datetime(1952, 9, 22)])
    sheet.append(["x2", '=HYPERLINK("http://example.org")', "1952"])
    path = tmp_path / "documents.xlsx"
    workbook.save(path)
    [record], [rejection], _ = read(path)
    assert (record.id, record.date) == ("x1", "1952-09-22")
    assert (rejection.line, rejection.column) == (3, 'B "title"')
    assert "formula" in rejection.message
    assert "never evaluated" in rejection.message


def test_a_large_sheet_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "documents.csv"
    with path.open("w") as stream:
        stream.write("id,title,summary\n")
        for number in range(60_000):
            stream.write(f"d{number},Document {number},{'words ' * 60}\n")
    assert path.stat().st_size > 20_000_000
    tracemalloc.start()
    count = sum(1 for item in Spreadsheet(path) if isinstance(item, ParsedLine))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 60_000
    assert peak < 20_000_000  # the seen ids, not the rows


@given(st.text())
def test_any_cell_the_export_neutralises_is_restored_as_it_was(cell: str) -> None:
    written = csv_cell(cell)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restored_cell(written) == cell
