"""Read JSON Lines files of the interchange format into plain records, line by line.

A bad line never stops the file: it becomes a `Rejection` naming the file, the line and the field, and reading goes
on with the next line. Lines longer than `MAX_LINE_BYTES` are skipped without being held in memory.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from readingroom.dates.edtf import InvalidDate, parse_edtf
from readingroom.ingest.records import (
    ACCESS_LEVELS,
    AUTHORITY_KINDS,
    DOCUMENT_REFERENCES,
    Attachment,
    AuthorityRecord,
    DocumentRecord,
    Record,
    Source,
    Transcript,
)
from readingroom.names.languages import UnknownLanguage, language_tag

MAX_LINE_BYTES = 64 * 1024 * 1024
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}")
MAX_TITLE = 2000
MAX_REFERENCE = 300

DOCUMENT_FIELDS = frozenset(
    {
        "kind",
        "id",
        "title",
        "date",
        "summary",
        "text",
        "transcripts",
        "languages",
        "type",
        "source",
        "credits",
        "rights",
        "related",
        "attachments",
        "access",
        "extra",
        *DOCUMENT_REFERENCES,
    }
)
AUTHORITY_FIELDS = frozenset(
    {"kind", "id", "name", "variants", "dates", "description", "broader", "coordinates", "extra"}
)
SOURCE_FIELDS = frozenset({"repository", "citation", "publication", "url"})


class RecordError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Rejection:
    path: str
    line: int
    message: str
    field: str | None = None
    record_id: str | None = None
    unit: str = "line"  # "row" in a spreadsheet
    column: str | None = None  # a spreadsheet's column, its letter and header: C "dcterms:created"

    def __str__(self) -> str:
        where = f"{self.path}, {self.unit} {self.line}" if self.line else self.path
        if self.column:
            where += f", column {self.column}"
        if self.record_id:
            where += f" ({self.record_id})"
        what = f"field '{self.field}': {self.message}" if self.field else self.message
        return f"{where}: {what}"


@dataclass(frozen=True)
class ParsedLine:
    path: str
    line: int
    record: Record


class JsonLinesFile:
    """The lines of one file, parsed one at a time; `position` tells how many bytes have been read.

    `authorities` picks a share of the lines, for an import that stores the authorities before the documents
    naming them: True, the authority records alone; False, every other line (documents, and lines that are no
    record at all, rejected there). Each line is checked in full in one share only."""

    def __init__(self, path: Path, authorities: bool | None = None) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.position = 0
        self.authorities = authorities

    def __iter__(self) -> Iterator[ParsedLine | Rejection]:
        """Each non-blank line of the share asked for, parsed. Raises OSError if the file cannot be read."""
        with self.path.open("rb") as stream:
            for number, line in self._lines(stream):
                if line is None:
                    if self.authorities:
                        continue  # rejected with the documents' share
                    limit = MAX_LINE_BYTES // 2**20
                    yield Rejection(str(self.path), number, f"line is longer than {limit} MB; skipped")
                elif line.strip() and (parsed := parse_line(line, str(self.path), number, self.authorities)):
                    yield parsed

    def _lines(self, stream: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
        number = 0
        while line := stream.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                while (rest := stream.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                    pass
                self.position = stream.tell()
                yield number, None
            else:
                self.position = stream.tell()
                yield number, line


def parse_line(line: bytes, path: str, number: int, authorities: bool | None = None) -> ParsedLine | Rejection | None:
    """The line's record, or why it was refused; None for a line outside the share asked for (see JsonLinesFile):
    a line that is no JSON is refused with the documents' share."""
    try:
        # Decoded with the byte order mark kept, so that a bad byte's offset counts from the line's first byte;
        # parsed without the line break, so that a line cut short fails at the end of the line, not at column 1
        # of the next.
        text = line.decode("utf-8").rstrip("\r\n")
        data = json.loads(text.removeprefix("\ufeff") if number == 1 else text)
    except UnicodeDecodeError as error:
        problem = f"not UTF-8 text (byte {error.start + 1}); is this a JSON Lines file?"
    except json.JSONDecodeError as error:
        problem = f"invalid JSON: {error.msg} at column {error.colno}"
    except RecursionError:
        problem = "invalid JSON: nested too deeply"
    else:
        if authorities is not None and (isinstance(data, dict) and data.get("kind") in AUTHORITY_KINDS) != authorities:
            return None
        record_id = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
        try:
            return ParsedLine(path, number, parse_record(data))
        except RecordError as error:
            return Rejection(path, number, str(error), error.field, record_id)
    return None if authorities else Rejection(path, number, problem)


def parse_record(data: Any) -> Record:
    if not isinstance(data, dict):
        raise RecordError(f"expected a JSON object, found {_json_type(data)}")
    kind = data.get("kind", "document")
    if kind == "document":
        return _document(data)
    if kind in AUTHORITY_KINDS:
        return _authority(data)
    expected = ", ".join(("document", *AUTHORITY_KINDS))
    raise RecordError(f"unknown kind {_quote(kind)}; expected one of {expected}", "kind")


def _document(data: dict[str, Any]) -> DocumentRecord:
    _reject_unknown(data, DOCUMENT_FIELDS)
    record = DocumentRecord(id=_identifier(data), title=_string(data, "title", required=True, limit=MAX_TITLE))
    record.date = _date(data, "date")
    for name in ("summary", "text", "type", "credits", "rights"):
        setattr(record, name, _string(data, name))
    record.type = record.type.strip()
    record.languages = _languages(data)
    for name in DOCUMENT_REFERENCES:
        setattr(record, name, _strings(data, name, limit=MAX_REFERENCE))
    record.related = _strings(data, "related")
    for index, related in enumerate(record.related):
        if not ID_PATTERN.fullmatch(related):
            raise RecordError(f"{_quote(related)} is not a valid id", f"related[{index}]")
    record.transcripts = [
        Transcript(
            language=_language(
                _string(item, "language", required=True, prefix=f"transcripts[{index}]."),
                f"transcripts[{index}].language",
            ),
            text=_string(item, "text", prefix=f"transcripts[{index}]."),
        )
        for index, item in enumerate(_objects(data, "transcripts", {"language", "text"}))
    ]
    record.attachments = [
        Attachment(
            path=_string(item, "path", required=True, prefix=f"attachments[{index}]."),
            label=_string(item, "label", prefix=f"attachments[{index}]."),
            media_type=_string(item, "media_type", prefix=f"attachments[{index}]."),
        )
        for index, item in enumerate(_objects(data, "attachments", {"path", "label", "media_type"}))
    ]
    source = data.get("source")
    if source is not None:
        if not isinstance(source, dict):
            raise RecordError(f"expected an object, found {_json_type(source)}", "source")
        _reject_unknown(source, SOURCE_FIELDS, prefix="source.")
        record.source = Source(**{name: _string(source, name, prefix="source.") for name in SOURCE_FIELDS})
    access = data.get("access", "public")
    if access not in ACCESS_LEVELS:
        raise RecordError(f"{_quote(access)} is not one of {', '.join(ACCESS_LEVELS)}", "access")
    record.access = access
    record.extra = _extra(data)
    return record


def _authority(data: dict[str, Any]) -> AuthorityRecord:
    _reject_unknown(data, AUTHORITY_FIELDS)
    record = AuthorityRecord(
        kind=data["kind"],
        id=_identifier(data),
        name=_string(data, "name", required=True, limit=MAX_REFERENCE),
        variants=_strings(data, "variants", limit=MAX_REFERENCE),
        dates=_date(data, "dates"),
        description=_string(data, "description"),
        broader=_strings(data, "broader", limit=MAX_REFERENCE),
        extra=_extra(data),
    )
    coordinates = data.get("coordinates")
    if coordinates is not None:
        if (
            not isinstance(coordinates, list)
            or len(coordinates) != 2
            or not all(isinstance(value, int | float) and not isinstance(value, bool) for value in coordinates)
        ):
            raise RecordError("expected [latitude, longitude], two numbers", "coordinates")
        latitude, longitude = float(coordinates[0]), float(coordinates[1])
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise RecordError(f"[{latitude}, {longitude}] is not a latitude and longitude", "coordinates")
        record.coordinates = (latitude, longitude)
    return record


def _reject_unknown(data: dict[str, Any], known: frozenset[str], prefix: str = "") -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        raise RecordError(
            f'unknown field; put extra data under "extra" (known fields: {", ".join(sorted(known))})',
            prefix + unknown[0],
        )


def _identifier(data: dict[str, Any]) -> str:
    value = _string(data, "id", required=True)
    if not ID_PATTERN.fullmatch(value):
        raise RecordError(
            f"{_quote(value)} is not a valid id: use 1 to 200 letters, digits and . _ : / - "
            "(no spaces), starting with a letter or digit",
            "id",
        )
    return value


def _string(data: dict[str, Any], name: str, required: bool = False, limit: int | None = None, prefix: str = "") -> str:
    value = data.get(name)
    if value is None:
        if required:
            raise RecordError("is required", prefix + name)
        return ""
    if not isinstance(value, str):
        raise RecordError(f"expected a string, found {_json_type(value)}", prefix + name)
    if required and not value.strip():
        raise RecordError("must not be empty", prefix + name)
    if limit is not None and len(value) > limit:
        raise RecordError(f"is {len(value)} characters long; at most {limit} are allowed", prefix + name)
    _refuse_control_characters(value, prefix + name)
    return value


# Characters XML 1.0 cannot carry (feeds and OAI-PMH are XML): C0 controls other than tab, line feed and return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _refuse_control_characters(value: str, field: str) -> None:
    if found := CONTROL_CHARACTERS.search(value):
        code = f"U+{ord(found.group()):04X}"
        raise RecordError(f"contains the control character {code}, which feeds and harvesters cannot carry", field)


def _strings(data: dict[str, Any], name: str, limit: int | None = None) -> list[str]:
    values = data.get(name)
    if values is None:
        return []
    if not isinstance(values, list):
        raise RecordError(f"expected a list of strings, found {_json_type(values)}", name)
    result: list[str] = []
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise RecordError(f"expected a non-empty string, found {_json_type(value)}", f"{name}[{index}]")
        if limit is not None and len(value) > limit:
            raise RecordError(f"is {len(value)} characters long; at most {limit} are allowed", f"{name}[{index}]")
        _refuse_control_characters(value, f"{name}[{index}]")
        if value.strip() not in result:
            result.append(value.strip())
    return result


def _languages(data: dict[str, Any]) -> list[str]:
    """Each language as its tag, once ("Russian" and "ru" are one language)."""
    tags = [_language(value, f"languages[{index}]") for index, value in enumerate(_strings(data, "languages", 35))]
    return list(dict.fromkeys(tags))


def _language(value: str, field: str) -> str:
    try:
        return language_tag(value)
    except UnknownLanguage as error:
        raise RecordError(str(error), field) from None


def _objects(data: dict[str, Any], name: str, known: set[str]) -> list[dict[str, Any]]:
    values = data.get(name)
    if values is None:
        return []
    if not isinstance(values, list):
        raise RecordError(f"expected a list of objects, found {_json_type(values)}", name)
    for index, value in enumerate(values):
        if not isinstance(value, dict):
            raise RecordError(f"expected an object, found {_json_type(value)}", f"{name}[{index}]")
        _reject_unknown(value, frozenset(known), prefix=f"{name}[{index}].")
    return values


def _date(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"expected an EDTF date string, found {_json_type(value)}", name)
    if len(value) > 64:
        raise RecordError("is longer than 64 characters; not an EDTF date", name)
    try:
        return parse_edtf(value).text
    except InvalidDate as error:
        raise RecordError(str(error), name) from None


def _extra(data: dict[str, Any]) -> dict[str, Any]:
    extra = data.get("extra")
    if extra is None:
        return {}
    if not isinstance(extra, dict):
        raise RecordError(f"expected an object, found {_json_type(extra)}", "extra")
    _refuse_control_characters_within(extra, "extra")
    return extra


def _refuse_control_characters_within(value: Any, field: str) -> None:
    """In every key and string of a JSON value (extra data is shown, exported and harvested as the rest is)."""
    if isinstance(value, str):
        _refuse_control_characters(value, field)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_control_characters(key, field)
            _refuse_control_characters_within(item, f"{field}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_control_characters_within(item, f"{field}[{index}]")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _quote(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[:60]
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'
