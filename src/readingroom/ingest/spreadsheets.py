"""Read spreadsheets of documents (CSV, TSV, XLSX) into interchange records, one row at a time.

The first row that is not blank names the columns. A column is recognised by its interchange field name
(`title`, `source_citation`), by a Dublin Core name (`dc:title`, `dcterms:created`, `creator`), by the headers of
Omeka S's CSV Import (property terms) and of AtoM's archival description template (`legacyId`, `scopeAndContent`,
`eventDates` ...), or by a mapping file.
Each row becomes the same JSON object a line of JSON Lines would be and is checked by the same rules, so a bad row
is refused with its row, column and field, and the others are kept. Rows are streamed: memory does not grow with
the sheet.
"""

import codecs
import csv
import datetime
import re
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from readingroom.dates.edtf import InvalidDate
from readingroom.dates.written import read_date
from readingroom.ingest.jsonl import ParsedLine, RecordError, Rejection, parse_record

SUFFIXES = (".csv", ".tsv", ".xlsx")
MULTIPLE = frozenset(
    {"authors", "recipients", "people", "organizations", "places", "topics", "collections", "languages", "related"}
)
SINGLE = frozenset(
    {"id", "title", "date", "summary", "text", "type", "credits", "rights", "access", "kind"}
    | {"source.repository", "source.citation", "source.publication", "source.url", "date.start", "date.end"}
)
FIELDS = MULTIPLE | SINGLE | {"attachments"}
IGNORE = "ignore"
# Columns the archive's own CSV export writes that are derived from the others: read, not imported.
DERIVED = {"datedisplay": "date_display", "url": "url"}

_INTERCHANGE = {
    **{name: name for name in FIELDS if "." not in name},
    **{name.replace(".", ""): name for name in FIELDS if name.startswith("source.")},
    "language": "languages",
    "author": "authors",
    "recipient": "recipients",
    "person": "people",
    "organisations": "organizations",
    "organization": "organizations",
    "place": "places",
    "topic": "topics",
    "collection": "collections",
    "attachment": "attachments",
    "file": "attachments",
    "files": "attachments",
}
# Dublin Core elements and terms, without their prefix (dc:, dcterms:); Omeka S's CSV Import names columns so.
_DUBLIN_CORE = {
    "creator": "authors",
    "contributor": "people",
    "subject": "topics",
    "description": "summary",
    "abstract": "summary",
    "created": "date",
    "coverage": "places",
    "spatial": "places",
    "publisher": "source.repository",
    "source": "source.citation",
    "ispartof": "collections",
    "identifier": "id",
    "itemset": "collections",  # Omeka S: o:item_set
    "ispublic": "access",  # Omeka S: o:is_public
}
# AtoM's archival description CSV template (ISAD(G)); its identifier is the reference code when legacyId is the id.
_ATOM = {
    "legacyid": "id",
    "scopeandcontent": "summary",
    "eventdates": "date",
    "eventstartdates": "date.start",
    "eventenddates": "date.end",
    "eventactors": "authors",
    "repository": "source.repository",
    "nameaccesspoints": "people",
    "subjectaccesspoints": "topics",
    "placeaccesspoints": "places",
    "reproductionconditions": "rights",
    "publicationnote": "source.publication",
    "digitalobjectpath": "attachments",
    "publicationstatus": "access",
}
KNOWN = {**_INTERCHANGE, **_DUBLIN_CORE, **_ATOM}
_PREFIX = re.compile(r"^(?:dc|dcterms|dct|o)[:.]")
# Access as the templates write it: AtoM's publication status, Omeka S's 1/0.
_ACCESS = {"published": "public", "draft": "unpublished", "1": "public", "true": "public", "0": "unpublished"}
_ACCESS.update({"false": "unpublished", "yes": "public", "no": "unpublished"})
# Cells a CSV export prefixes with ' so that a spreadsheet does not run them as formulas (see records/exports.py)
NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
MAX_CELL = 64 * 1024 * 1024
MAX_CONVERSIONS_KEPT = 1000  # of a sheet's dates read as EDTF, listed; the rest counted (memory stays bounded)


class SpreadsheetError(ValueError):
    """The whole file cannot be read (no header row, no id or title column, an unreadable encoding)."""


class MappingError(ValueError):
    pass


@dataclass(frozen=True)
class ColumnRule:
    field: str  # an interchange field ("title", "source.citation"), or IGNORE
    split: str = "|"


@dataclass
class Mapping:
    """What a mapping file says: headers (as written, matched without regard to case, spaces or punctuation) and
    the field each gives; and whether columns no one recognises are kept under `extra`."""

    columns: dict[str, ColumnRule] = field(default_factory=dict)
    keep_unknown: bool = False


def header_key(header: str) -> str:
    return re.sub(r"[\W_]+", "", _PREFIX.sub("", header.strip().casefold()))


def read_mapping(path: Path) -> Mapping:
    """A mapping file, TOML: a [columns] table of header = field, or header = {field = ..., split = ";"}."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise MappingError(f"{path}: {error}") from None
    columns = data.get("columns", {})
    if not isinstance(columns, dict) or not columns:
        raise MappingError(f'{path}: expected a [columns] table of header = "field"')
    mapping = Mapping(keep_unknown=data.get("keep_unknown_columns") is True)
    for header, value in columns.items():
        rule = ColumnRule(value) if isinstance(value, str) else _rule_table(path, header, value)
        if rule.field not in FIELDS | {IGNORE}:
            known = ", ".join(sorted(FIELDS | {IGNORE}))
            raise MappingError(f'{path}: column "{header}": "{rule.field}" is not a field (fields: {known})')
        mapping.columns[header_key(header)] = rule
    return mapping


def _rule_table(path: Path, header: str, value: Any) -> ColumnRule:
    if not isinstance(value, dict) or not isinstance(value.get("field"), str):
        raise MappingError(f'{path}: column "{header}": expected "field" or {{ field = "...", split = ";" }}')
    split = value.get("split", "|")
    if not isinstance(split, str) or not split:
        raise MappingError(f'{path}: column "{header}": split must be a character such as ";"')
    return ColumnRule(value["field"], split)


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    rule: ColumnRule | None  # None: a column no one recognises

    @property
    def name(self) -> str:
        """Its letter and header, as a spreadsheet shows it: C "dcterms:created"."""
        letter, number = "", self.index + 1
        while number:
            number, rest = divmod(number - 1, 26)
            letter = chr(65 + rest) + letter
        return f'{letter} "{self.header}"' if self.header else f"{letter} (no header)"


@dataclass(frozen=True)
class Formula:
    """An XLSX cell's formula, as its text: never evaluated."""

    text: str


@dataclass(frozen=True)
class DateConversion:
    row: int
    column: str
    written: str
    edtf: str | None

    def __str__(self) -> str:
        return f'row {self.row}, column {self.column}: "{self.written}" read as {self.edtf or "undated"}'


Cell = str | Formula


class Spreadsheet:
    """The rows of one file as records; `notes` say what was read how (the encoding, columns not imported),
    `conversions` the dates read from the way people write dates (the first thousand; `converted` counts all).
    Raises SpreadsheetError for a file that cannot be read at all, OSError if it cannot be opened."""

    def __init__(self, path: Path, mapping: Mapping | None = None) -> None:
        self.path = path
        self.mapping = mapping or Mapping()
        self.size = path.stat().st_size
        self.rows_read = 0
        # The files the rows name, refused rows' too, when asked for (a folder of scans leaves them out of the
        # documents it makes for unnamed scans); None: not gathered, so that memory does not grow with the sheet.
        self.files_named: set[str] | None = None
        self.notes: list[str] = []
        self.conversions: list[DateConversion] = []  # the first MAX_CONVERSIONS_KEPT of them
        self.converted = 0
        self.columns: list[Column] = []
        self._seen: dict[str, int] = {}
        self.header_row = 1

    def __iter__(self) -> Iterator[ParsedLine | Rejection]:
        rows = (row for row in self._rows() if _filled(row[1]))  # blank rows, above the header too, are skipped
        header = next(rows, None)
        if header is None:
            raise SpreadsheetError(f"{self.path}: no rows; the first should name the columns")
        self.header_row = header[0]
        self.columns = self._columns(header[1])
        for number, cells in rows:
            self.rows_read = number
            yield self._record(number, cells)

    def _rows(self) -> Iterator[tuple[int, list[Cell]]]:
        if self.path.suffix.lower() == ".xlsx":
            yield from _xlsx_rows(self.path)
        else:
            yield from self._text_rows()

    def _text_rows(self) -> Iterator[tuple[int, list[Cell]]]:
        encoding = self._encoding()
        csv.field_size_limit(MAX_CELL)  # a document's full text may fill a cell
        number = 0
        try:
            with self.path.open(encoding=encoding, newline="") as stream:
                first = stream.readline()
                delimiter = "\t" if self.path.suffix.lower() == ".tsv" else _delimiter(first)
                stream.seek(0)
                for number, row in enumerate(csv.reader(stream, delimiter=delimiter), start=1):
                    yield number, [restored_cell(cell) for cell in row]
        except UnicodeDecodeError:
            # the text is decoded a block at a time, so the row is where reading stopped, not the bad byte's own
            raise SpreadsheetError(
                f"{self.path}, after row {number}: not {encoding} text; save the sheet as UTF-8 CSV"
            ) from None
        except csv.Error as error:
            raise SpreadsheetError(f"{self.path}, row {number + 1}: {error}") from None

    def _encoding(self) -> str:
        """UTF-8 (with or without its byte order mark) or UTF-16 with its mark; a file that is not UTF-8 is read as
        Windows-1252, which is what Excel on Windows saves as "CSV", and the notes say so. A file that is neither
        is refused, naming the line of its first byte that neither can read."""
        with self.path.open("rb") as stream:
            head = stream.read(4)
            if head.startswith(codecs.BOM_UTF8):
                return "utf-8-sig"
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            stream.seek(0)
            if (line := _first_bad_line(stream, _utf8_error)) is None:
                return "utf-8"
            self.notes.append(f"{self.path}: not UTF-8 (line {line} of the file); read as Windows-1252 (cp1252)")
            stream.seek(0)
            if (bad := _first_bad_line(stream, _cp1252_error)) is not None:
                raise SpreadsheetError(
                    f"{self.path}, line {bad} of the file: neither UTF-8 nor Windows-1252 text; "
                    "save the sheet as UTF-8 CSV"
                )
        return "cp1252"

    def _columns(self, header: list[Cell]) -> list[Column]:
        names = [cell.text if isinstance(cell, Formula) else cell.strip() for cell in header]
        keys = [header_key(name) for name in names]
        columns = [
            Column(index, name, self._rule(key, keys))
            for index, (name, key) in enumerate(zip(names, keys, strict=True))
        ]
        given = [column for column in columns if column.rule and column.rule.field != IGNORE]
        if not given:
            raise SpreadsheetError(
                f"{self.path}, row {self.header_row}: names no column this archive knows (such as id, title, date, "
                "dc:title, legacyId); is the header row missing? Map other headers with --mapping"
            )
        fields = [column.rule.field for column in given if column.rule]
        for needed in ("id", "title"):
            if needed not in fields:
                raise SpreadsheetError(
                    f"{self.path}, row {self.header_row}: no {needed} column; name one {needed} or map it"
                )
        self._refuse_twice_given(given)
        for column in columns:
            if column.rule is None and column.header:
                self.notes.append(self._unknown_note(column))
            elif column.rule and column.rule.field in DERIVED.values():
                self.notes.append(
                    f"{self.path}: column {column.name} is written by the archive's CSV export from the other "
                    "columns; not imported (map it with --mapping to import it)"
                )
        return columns

    def column_name(self, field: str | None) -> str | None:
        """The column that gives a field (`attachments[0].path` is given by the files column), as Column.name."""
        root = (field or "").split("[")[0].split(".")[0]
        given = (column for column in self.columns if column.rule and column.rule.field.split(".")[0] == root)
        return next((column.name for column in given), None)

    def _rule(self, key: str, keys: list[str]) -> ColumnRule | None:
        if key in self.mapping.columns:
            return self.mapping.columns[key]
        if key in DERIVED:
            return ColumnRule(DERIVED[key])
        if key == "identifier" and "legacyid" in keys:
            return ColumnRule("source.citation")  # AtoM's reference code
        if key in KNOWN:
            return ColumnRule(KNOWN[key])
        return None

    def _refuse_twice_given(self, given: list[Column]) -> None:
        first: dict[str, Column] = {}
        for column in given:
            rule = column.rule
            assert rule is not None
            if rule.field in SINGLE and rule.field in first:
                raise SpreadsheetError(
                    f"{self.path}, row {self.header_row}: columns {first[rule.field].name} and {column.name} both "
                    f"give the {rule.field}; map one of them to another field (or to ignore) with --mapping"
                )
            first.setdefault(rule.field, column)

    def _unknown_note(self, column: Column) -> str:
        if self.mapping.keep_unknown:
            return f"{self.path}: column {column.name} is kept under extra"
        return (
            f"{self.path}: column {column.name} is no field this archive knows; not imported "
            "(map it with --mapping, or keep it under extra with --keep-unknown-columns)"
        )

    def _record(self, number: int, cells: list[Cell]) -> ParsedLine | Rejection:
        data: dict[str, Any] = {}
        places: dict[str, Column] = {}
        try:
            for column, cell in zip(self.columns, cells, strict=False):  # a row may stop short of the last column
                self._read_cell(column, cell, data, places)
            self._refuse_cells_beyond_header(cells)
            self._combine_dates(data, places, number)
            if data.get("kind", "document") != "document":
                raise _CellError(
                    f'"{data["kind"]}": a spreadsheet holds documents; authorities come in JSON Lines', places["kind"]
                )
            record = parse_record(data)
        except _CellError as error:
            return self._rejection(number, error.message, error.column, None, data)
        except RecordError as error:
            root = (error.field or "").split("[")[0]
            where = places.get(root) or places.get(root.split(".")[0])
            return self._rejection(number, str(error), where, error.field, data)
        if (earlier := self._seen.setdefault(record.id, number)) != number:
            message = f'id "{record.id}" is already given in row {earlier}; this row is skipped'
            return self._rejection(number, message, places.get("id"), None, data)
        return ParsedLine(str(self.path), number, record)

    def _refuse_cells_beyond_header(self, cells: list[Cell]) -> None:
        for index in range(len(self.columns), len(cells)):
            cell = cells[index]
            if isinstance(cell, Formula) or cell.strip():
                raise _CellError(
                    f"holds a value, but row {self.header_row} names no column here", Column(index, "", None)
                )

    def _rejection(
        self, number: int, message: str, column: Column | None, field: str | None, data: dict[str, Any]
    ) -> Rejection:
        record_id = data.get("id") if isinstance(data.get("id"), str) else None
        name = column.name if column else None
        return Rejection(str(self.path), number, message, field, record_id, unit="row", column=name)

    def _read_cell(self, column: Column, cell: Cell, data: dict[str, Any], places: dict[str, Column]) -> None:
        rule = column.rule
        if rule is None and not (self.mapping.keep_unknown and column.header):
            return
        if rule is not None and (rule.field == IGNORE or rule.field in DERIVED.values()):
            return
        if isinstance(cell, Formula):
            raise _CellError(
                f"holds a formula ({cell.text[:40]}), which is never evaluated: replace it with its value",
                column,
            )
        if rule is not None:
            places.setdefault(rule.field, column)  # so that a refusal names the column, filled in or not
        value = cell.strip()
        if not value:
            return
        if rule is None:
            data.setdefault("extra", {})[column.header] = value
            return
        if rule.field in MULTIPLE or rule.field == "attachments":
            values = [part.strip() for part in value.split(rule.split) if part.strip()]
            if rule.field == "attachments":
                data.setdefault("attachments", []).extend({"path": path} for path in values)
                if self.files_named is not None:
                    self.files_named.update(values)
            else:
                data.setdefault(rule.field, []).extend(values)
        elif rule.field.startswith("source."):
            data.setdefault("source", {})[rule.field.removeprefix("source.")] = value
        elif rule.field == "access":
            data["access"] = _ACCESS.get(value.casefold(), value)
        else:
            data[rule.field] = value

    def _combine_dates(self, data: dict[str, Any], places: dict[str, Column], number: int) -> None:
        """The date column read as people write dates; AtoM's start and end dates, when given, as an interval."""
        start, end = data.pop("date.start", None), data.pop("date.end", None)
        if start or end:
            column = places["date.start" if start else "date.end"]
            first = self._date(start or "..", column, number)
            last = self._date(end or "..", places.get("date.end", column), number)
            data["date"] = first if first == last else f"{first or '..'}/{last or '..'}"
            places["date"] = column
        elif "date" in data:
            data["date"] = self._date(data["date"], places["date"], number)
        if data.get("date") is None:
            data.pop("date", None)

    def _date(self, written: str, column: Column, number: int) -> str | None:
        if written == "..":
            return ".."
        try:
            edtf = read_date(written)
        except InvalidDate as error:
            raise _CellError(str(error), column) from None
        if edtf != written:
            self.converted += 1
            if len(self.conversions) < MAX_CONVERSIONS_KEPT:
                self.conversions.append(DateConversion(number, column.name, written, edtf))
        return edtf


class _CellError(Exception):
    def __init__(self, message: str, column: Column) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


_NOT_CP1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")  # the five bytes Windows-1252 leaves undefined


def _utf8_error(chunk: bytes, decoder: codecs.IncrementalDecoder) -> int | None:
    try:
        decoder.decode(chunk)
    except UnicodeDecodeError as error:
        return max(error.start, 0)
    return None


def _cp1252_error(chunk: bytes, decoder: codecs.IncrementalDecoder) -> int | None:
    found = _NOT_CP1252.search(chunk)
    return found.start() if found else None


def _first_bad_line(
    stream: IO[bytes], error_at: Callable[[bytes, codecs.IncrementalDecoder], int | None]
) -> int | None:
    """The line of the file holding the first byte `error_at` finds, reading a megabyte at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    while chunk := stream.read(1024 * 1024):
        if (offset := error_at(chunk, decoder)) is not None:
            return lines + chunk[:offset].count(b"\n") + 1
        lines += chunk.count(b"\n")
    return None


def _filled(cells: list[Cell]) -> bool:
    return any(isinstance(cell, Formula) or cell.strip() for cell in cells)


def restored_cell(cell: str) -> str:
    """A cell as it was before a CSV export neutralised it: one leading ' taken away, and only that one."""
    return cell[1:] if NEUTRALISED.match(cell) else cell


def _delimiter(first_line: str) -> str:
    """The header row's separator: a comma, or the semicolon or tab a spreadsheet in some languages writes."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))


# What openpyxl raises for a file that is no workbook or a damaged one: a bad ZIP archive, a part missing, XML
# that does not parse (ElementTree's and lxml's errors are SyntaxErrors), a value it cannot read.
XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, IndexError)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Cell]]]:
    """The first sheet's rows, streamed (read-only mode holds a row at a time); formulas as their text."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (*XLSX_ERRORS, InvalidFileException) as error:
        raise SpreadsheetError(f"{path}: not an Excel workbook (.xlsx) that can be read: {error}") from None
    number = 0
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            yield number, [_xlsx_cell(cell) for cell in row]
    except XLSX_ERRORS as error:
        raise SpreadsheetError(f"{path}, after row {number}: the workbook is damaged: {error}") from None
    finally:
        workbook.close()


def _xlsx_cell(cell: Any) -> Cell:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(value))
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
