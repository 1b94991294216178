"""docs/importing.md against the interchange format's schema: every field listed, every example a valid record."""

import json
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from readingroom.ingest.jsonl import parse_record

SCHEMA = json.loads(files("readingroom.ingest").joinpath("record.schema.json").read_text())
GUIDE = Path(__file__).parents[2] / "docs" / "importing.md"


def resolved(spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in spec:
        spec = SCHEMA["$defs"][spec["$ref"].removeprefix("#/$defs/")]
    return spec


def field_paths(definition: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Each field's path as the guide writes it: `source.repository`, `transcripts[].language`."""
    for name, spec in definition.get("properties", {}).items():
        yield prefix + name
        spec = resolved(spec)
        if "properties" in spec:
            yield from field_paths(spec, f"{prefix}{name}.")
        elif "properties" in resolved(spec.get("items", {})):
            yield from field_paths(resolved(spec["items"]), f"{prefix}{name}[].")


def present(record: Any, path: str) -> bool:
    """Whether the record gives a value to the field at `path`."""
    name, _, rest = path.partition(".")
    if name.endswith("[]"):
        items = record.get(name[:-2]) if isinstance(record, dict) else None
        return bool(items) and all(present(item, rest) for item in items)
    if not isinstance(record, dict) or name not in record:
        return False
    return present(record[name], rest) if rest else True


def field_tables(text: str) -> list[list[str]]:
    """The fields each table of the guide's "Every field" section lists: the first cell of each row, in backticks."""
    section = text.split("\n## Every field\n", 1)[1].split("\n## ", 1)[0]
    tables = re.findall(r"(?:^\| `.*\n)+", section, re.M)
    return [re.findall(r"^\| `([^`]+)` \|", table, re.M) for table in tables]


def examples(text: str) -> list[dict[str, Any]]:
    blocks = re.findall(r"^```json\n(.*?)^```", text, re.M | re.S)
    return [json.loads(line) for block in blocks for line in block.splitlines() if line.strip()]


DOCUMENT = list(field_paths(SCHEMA["$defs"]["document"]))
AUTHORITY = list(field_paths(SCHEMA["$defs"]["authority"]))


def test_the_schema_has_nested_fields_to_list() -> None:
    assert {"source.repository", "transcripts[].language", "attachments[].media_type", "coordinates"} <= {
        *DOCUMENT,
        *AUTHORITY,
    }


def test_the_guide_lists_every_field_of_the_schema_and_no_other() -> None:
    documents, authorities = field_tables(GUIDE.read_text())
    assert sorted(documents) == sorted(DOCUMENT)
    assert sorted(authorities) == sorted(AUTHORITY)


def test_the_guide_has_examples_and_each_is_a_valid_record() -> None:
    records = examples(GUIDE.read_text())
    assert len(records) >= 3
    for record in records:
        jsonschema.validate(record, SCHEMA, cls=jsonschema.Draft202012Validator)
        parse_record(record)  # the importer takes it as it stands: raises RecordError, naming the field, if not


@pytest.mark.parametrize(("kind", "paths"), [("document", DOCUMENT), ("authority", AUTHORITY)])
def test_an_example_gives_every_field(kind: str, paths: list[str]) -> None:
    records = [
        record
        for record in examples(GUIDE.read_text())
        if (record.get("kind", "document") == "document") == (kind == "document")
    ]
    best = max(records, key=lambda record: sum(present(record, path) for path in paths))
    assert [path for path in paths if not present(best, path)] == [], f"no {kind} example gives every field"
