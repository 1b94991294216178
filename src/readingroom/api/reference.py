"""The API's description, served as JSON for programs and as a page for people: the page is drawn on the server
from the very same description, so it cannot say anything the JSON does not."""

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from readingroom.api.errors import endpoint
from readingroom.api.openapi import description


@dataclass
class Field:
    name: str
    type: str
    link: str  # the schema the type names, when it names one
    description: SafeString
    where: str = ""  # for parameters: path or header; empty for the query's
    required: bool = False


@dataclass
class Answer:
    status: str
    description: SafeString
    schema: str


@dataclass
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: SafeString
    example: str
    parameters: list[Field]
    answers: list[Answer]


@dataclass
class Section:
    name: str
    description: SafeString
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Schema:
    name: str
    type: str
    description: SafeString
    fields: list[Field]


@endpoint
def openapi_json(request: HttpRequest) -> HttpResponse:
    return JsonResponse(description(), json_dumps_params={"ensure_ascii": False})


@endpoint
def index(request: HttpRequest) -> HttpResponse:
    """/api/v1/: the endpoints of version 1, taken from the description so that the two cannot disagree."""
    described = description()
    endpoints = [
        {"path": path, "methods": [method.upper() for method in methods], "summary": methods["get"]["summary"]}
        for path, methods in described["paths"].items()
        if path.startswith("/api/v1/") and path != "/api/v1/"
    ]
    answer = {
        "title": described["info"]["title"],
        "version": described["info"]["version"],
        "description": reverse("api-openapi"),
        "reference": reverse("api"),
        "endpoints": endpoints,
    }
    return JsonResponse(answer, json_dumps_params={"ensure_ascii": False})


@endpoint
def reference(request: HttpRequest) -> HttpResponse:
    described = description()
    sections = _sections(described)
    examples = [operation.example for section in sections for operation in section.operations]
    context = {
        "info": {**described["info"], "description": _prose(described["info"]["description"])},
        "sections": sections,
        "schemas": _schemas(described["components"]["schemas"]),
        "curl": f"curl '{request.build_absolute_uri(examples[0])}'" if examples else "",
    }
    return render(request, "readingroom/api.html", context)


def _sections(described: dict[str, Any]) -> list[Section]:
    sections = {tag["name"]: Section(tag["name"], _prose(tag["description"])) for tag in described["tags"]}
    for path, methods in described["paths"].items():
        for method, operation in methods.items():
            parameters = [_parameter(parameter) for parameter in operation.get("parameters", [])]
            sections[operation["tags"][0]].operations.append(
                Operation(
                    anchor=operation["operationId"],
                    method=method.upper(),
                    path=path,
                    summary=operation["summary"],
                    description=_prose(operation["description"]),
                    example=_example(path, operation.get("parameters", [])),
                    parameters=parameters,
                    answers=[
                        Answer(status, _prose(answer["description"]), _schema_name(answer))
                        for status, answer in operation["responses"].items()
                    ],
                )
            )
    return [section for section in sections.values() if section.operations]


def _parameter(parameter: dict[str, Any]) -> Field:
    schema = parameter["schema"]
    text, link = _type(schema.get("items", schema))
    if schema.get("type") == "array":
        text += ", repeatable"
    where = "" if parameter["in"] == "query" else parameter["in"]
    return Field(parameter["name"], text, link, _prose(parameter["description"]), where, parameter["required"])


def _example(path: str, parameters: list[dict[str, Any]]) -> str:
    """A request to try: the path with its parameters' examples, and the query parameters that have one."""
    query = []
    for parameter in parameters:
        if "example" not in parameter:
            continue
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", parameter["example"])
        elif parameter["in"] == "query":
            example = parameter["example"]
            query.append((parameter["name"], example[0] if isinstance(example, list) else example))
    return f"{path}?{urlencode(query)}" if query else path


def _schema_name(answer: dict[str, Any]) -> str:
    schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
    return str(schema["$ref"]).rsplit("/", 1)[-1] if "$ref" in schema else ""


def _schemas(schemas: dict[str, Any]) -> list[Schema]:
    listed = []
    for name, schema in schemas.items():
        fields = _fields(schema)
        kind = "object" if fields else _type(schema)[0]
        listed.append(Schema(name, kind, _prose(schema.get("description", "")), fields))
    return listed


def _fields(schema: dict[str, Any], prefix: str = "") -> list[Field]:
    """The properties of an object schema, and those of the objects inside it as `dates.years[].count`."""
    required = set(schema.get("required", []))
    fields = []
    for key, value in schema.get("properties", {}).items():
        fields.append(
            Field(prefix + key, *_type(value), _prose(value.get("description", "")), required=key in required)
        )
        if "properties" in value:
            fields += _fields(value, f"{prefix}{key}.")
        elif "properties" in value.get("items", {}):
            fields += _fields(value["items"], f"{prefix}{key}[].")
    return fields


def _type(schema: dict[str, Any]) -> tuple[str, str]:
    """A schema's type as people read it ("array of Hit", "one of all, any", "string or null") and the name of the
    schema it refers to, if any."""
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return name, name
    if "const" in schema:
        return json.dumps(schema["const"]), ""
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"]), ""
    if "oneOf" in schema:
        kinds = [_type(option) for option in schema["oneOf"]]
        return " or ".join(text for text, _ in kinds), next((link for _, link in kinds if link), "")
    types = schema.get("type", "any")
    parts, link = [], ""
    for kind in types if isinstance(types, list) else [types]:
        if kind == "array":
            inner, link = _type(schema.get("items", {}))
            parts.append(f"array of {inner}")
        elif kind == "integer" and "minimum" in schema and "maximum" in schema:
            parts.append(f"integer, {schema['minimum']} to {schema['maximum']}")
        else:
            parts.append(str(kind))
    return " or ".join(parts), link


def _prose(text: str) -> SafeString:
    """A description as HTML: escaped, with `code` in backticks set as code (the one piece of the descriptions'
    CommonMark that they use)."""
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text)))  # escaped just before
