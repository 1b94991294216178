"""The API's OpenAPI 3.1 description, built from the same declarations the views check requests against
(parameters.py) and the interchange format's own schema (ingest/record.schema.json). `/api/openapi.json` serves
it; `/api/` renders it for people; the tests drive the API with schemathesis against it."""

import json
from functools import cache
from importlib.resources import files
from typing import Any

from readingroom.api.parameters import AUTHORITIES, DOCUMENTS, FACET_VALUES, FILTERS, SEARCH, Parameter
from readingroom.records.models import AuthorityKind
from readingroom.records.searching import FACET_LABELS, FACETS, PAGE_SIZES
from readingroom.search.searcher import SORTS
from readingroom.web.limits import DEEP_RESULTS, RULES
from readingroom.web.long_addresses import MAX_ADDRESS

VERSION = "1.0.0"
JSON = "application/json"
SEED_DOCUMENT = "seed/1952-09-17-filippov-mao"  # examples name the bundled sample's records


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {**schema, "description": description} if description else schema


def _object(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these properties, every one always present."""
    schema = {"type": "object", "required": list(properties), "properties": properties, "additionalProperties": False}
    return _described(schema, description)


def _text(description: str = "") -> dict[str, Any]:
    return _described({"type": "string"}, description)


def _nullable(description: str) -> dict[str, Any]:
    return _described({"type": ["string", "null"]}, description)


def _count(description: str = "") -> dict[str, Any]:
    return _described({"type": "integer", "minimum": 0}, description)


def _list(items: dict[str, Any], description: str = "") -> dict[str, Any]:
    return _described({"type": "array", "items": items}, description)


CURSOR = _nullable("Pass as `cursor` for the next page; null on the last page.")
URL = _text("Path of the page for people.")
API_URL = _text("Path of this record in the API.")


def _schemas() -> dict[str, Any]:
    facet_value = _object(
        "One value of a facet with the number of matching documents that have it.",
        {
            "id": _text("Authority id, language tag, document type or feature: what the facet parameter takes."),
            "name": _text("Label for people."),
            "count": _count("Matching documents with this value."),
            "selected": {"type": "boolean", "description": "The request filters by this value."},
        },
    )
    dates = {
        "decades": _list(
            _object("", {"decade": {"type": "integer", "description": "1950 for the 1950s."}, "count": _count()}),
            "Matching documents by decade (a document spanning several counts in each).",
        ),
        "years": _list(_object("", {"year": {"type": "integer"}, "count": _count()}), "By year."),
        "months": _list(
            _object("", {"month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}, "count": _count()}),
            "By month, for documents dated to within two years.",
        ),
    }
    hit = _object(
        "One matching document.",
        {
            "id": _text("Document id."),
            "title": _text(),
            "date": _nullable("EDTF, as catalogued; null when undated."),
            "date_display": _text('The date as people write it: "September 17, 1952", "c. 1950", "n.d.".'),
            "summary": _text(),
            "snippet": _text("HTML: a passage of the full text, escaped, matching words in <b>; empty without words."),
            "page": _nullable("The printed page of that passage, when known."),
            "matched": _list({"type": "string"}, 'Names that found the document: "Stalin, Joseph: Filippov".'),
            "url": URL,
            "api_url": API_URL,
        },
    )
    authority_link = {
        "id": _text("Authority id."),
        "kind": {"type": "string", "enum": list(AuthorityKind.values)},
        "name": _text("Preferred name."),
        "api_url": API_URL,
    }
    schemas: dict[str, Any] = {
        "Error": _object("What was wrong with the request.", {"error": _text("A message a person can act on.")}),
        "FacetValue": facet_value,
        "Hit": hit,
        "SearchPage": _object(
            "One page of results, with the facets and the date histogram of all of them.",
            {
                "total": _count("Matching documents, exactly."),
                "start": _count("Position of the first hit (from 1); 0 with no hits."),
                "end": _count("Position of the last hit; 0 with no hits."),
                "page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "enum": list(PAGE_SIZES)},
                "sort": {"type": "string", "enum": list(SORTS)},
                "notes": _list({"type": "string"}, "How a malformed query or an unknown facet value was read."),
                "suggestion": _nullable('The query with misspelt names corrected ("Did you mean …?"), or null.'),
                "next_cursor": CURSOR,
                "hits": _list(_ref("Hit")),
                "facets": _object(
                    "Each facet's most frequent values over all matches, chosen ones first.",
                    {facet: _list(_ref("FacetValue"), FACET_LABELS[facet]) for facet in FACETS},
                ),
                "dates": _object("The date histogram of all matches.", dates),
            },
        ),
        "FacetValues": _object(
            "Every value of one facet over the matches (up to 5,000), most frequent first.",
            {
                "facet": {"type": "string", "enum": list(FACETS)},
                "label": _text(),
                "values": _list(_ref("FacetValue")),
            },
        ),
        "DateHistogram": _object(
            "How the matching documents spread over time.", {"total": _count("Matching documents."), **dates}
        ),
        "DocumentSummary": _object(
            "A document in a list.",
            {
                "id": _text("Document id."),
                "title": _text(),
                "date": _nullable("EDTF; null when undated."),
                "date_display": _text(),
                "type": _text("Document type; empty when not known."),
                "url": URL,
                "api_url": API_URL,
            },
        ),
        "DocumentList": _object(
            "A page of public documents in order of id.",
            {"documents": _list(_ref("DocumentSummary")), "next_cursor": CURSOR},
        ),
        "AuthorityLink": _object("Another authority, named.", authority_link),
        "Authority": _object(
            "A person, organization, place, topic or collection, with all its names.",
            {
                **authority_link,
                "dates": _nullable("EDTF: life dates of a person, span of an organization."),
                "description": _text(),
                "variants": _list({"type": "string"}, "Other names as catalogued: spellings, scripts, pseudonyms."),
                "generated_variants": _list(
                    {"type": "string"}, "Spellings derived from those (Wade-Giles from pinyin …), also searched."
                ),
                "aliases": _list({"type": "string"}, "Other ids it is known by (merged or per-volume ids)."),
                "broader": _list(_ref("AuthorityLink"), "Parent topics, containing places."),
                "narrower": _list(_ref("AuthorityLink")),
                "coordinates": {
                    "type": ["array", "null"],
                    "items": {"type": "number"},
                    "minItems": 2,
                    "maxItems": 2,
                    "description": "[latitude, longitude] of a place, or null.",
                },
                "document_count": _count("Public documents that name it."),
                "url": URL,
                "documents_url": _text("The API search for its documents."),
            },
        ),
        "AuthorityList": _object(
            "A page of authorities in order of name.",
            {"authorities": _list(_ref("Authority")), "next_cursor": CURSOR},
        ),
        "CollectionList": _object("Every collection, A-Z.", {"collections": _list(_ref("Authority"))}),
        "ApiIndex": _object(
            "What version 1 of the API offers: its endpoints, and where they are described.",
            {
                "title": _text(),
                "version": _text("The version of this description."),
                "description": _text("The address of this description, as JSON."),
                "reference": _text("The address of the reference for people."),
                "endpoints": _list(
                    _object(
                        "",
                        {
                            "path": _text("The path, with `{id}` or `{facet}` standing for its part."),
                            "methods": _list(_text(), "The HTTP methods it answers (writes need a token)."),
                            "summary": _text(),
                        },
                    )
                ),
            },
        ),
    }
    return {**schemas, **_interchange_schemas()}


def _interchange_schemas() -> dict[str, Any]:
    """The interchange format's definitions, as components: `document` becomes InterchangeDocument."""
    record = json.loads(files("readingroom.ingest").joinpath("record.schema.json").read_text())
    text = json.dumps(record["$defs"])
    for name in record["$defs"]:
        text = text.replace(f'"#/$defs/{name}"', f'"#/components/schemas/Interchange{name.capitalize()}"')
    return {f"Interchange{name.capitalize()}": schema for name, schema in json.loads(text).items()}


def _answer(description: str, schema: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _ref(schema)}}, **extra}


# Every operation may answer these: they are checked before any operation's own work (web/nul.py,
# web/long_addresses.py, api/parameters.py, api/cursors.py).
ERRORS = {
    "400": _answer(
        "A parameter is unknown, repeated, malformed or out of range (`from` or `to` that is no date, EDTF or as "
        "people write it); a `cursor` the API did not give out, or gave out for another search or list; or a NUL "
        "character in the address, a parameter, a cookie or a header.",
        "Error",
    ),
    "414": _answer(f"The address (path and query) is longer than {MAX_ADDRESS:,} bytes.", "Error"),
}
NOT_FOUND = {"404": _answer("Nothing public has that id.", "Error")}


def _deep_pages_limit() -> dict[str, Any]:
    rule = next(rule for rule in RULES if rule.name == "deep pages")
    return _answer(
        f"More than {rule.requests} pages starting beyond the {DEEP_RESULTS:,}th result from this client within "
        f"{rule.seconds} seconds; wait as long as `Retry-After` says.",
        "Error",
        headers={"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}}},
    )


def _path_parameter(name: str, description: str, schema: dict[str, Any], example: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
        "example": example,
    }


def _operation(
    operation_id: str,
    tag: str,
    summary: str,
    description: str,
    parameters: tuple[Parameter, ...],
    responses: dict[str, Any],
    path_parameters: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "tags": [tag],
            "summary": summary,
            "description": description,
            "parameters": [*path_parameters, *(parameter.openapi() for parameter in parameters)],
            "responses": responses,
        }
    }


def _alias(operation: dict[str, Any], operation_id: str) -> dict[str, Any]:
    described = operation["get"]
    note = " The same as its version 1 address, kept at the API's first one."
    return {
        "get": {
            **described,
            "operationId": operation_id,
            "tags": ["First addresses"],
            "description": described["description"] + note,
        }
    }


def _paths() -> dict[str, Any]:
    document_id = _path_parameter(
        "id", "Document id.", {"type": "string", "minLength": 1, "maxLength": 200}, SEED_DOCUMENT
    )
    search = _operation(
        "search",
        "Search",
        "Search the archive",
        "The search page's parameters and results: words, facet filters, dates, sort; one page of hits with exact "
        "totals, facet counts and the date histogram. Page through by `page` or by `cursor`.",
        SEARCH,
        {"200": _answer("A page of results.", "SearchPage"), **ERRORS, "429": _deep_pages_limit()},
    )
    document = _operation(
        "document",
        "Documents",
        "One document",
        "The document as one record of the interchange format, its authorities named by id. The `ETag` is taken "
        "from the record's bytes; send it back in `If-None-Match` to get a 304 while the record is unchanged.",
        (),
        {
            "200": _answer(
                "The record.",
                "InterchangeDocument",
                headers={"ETag": {"description": "Strong validator of the record.", "schema": {"type": "string"}}},
            ),
            "304": {"description": "The record is unchanged since the ETag given in If-None-Match."},
            **ERRORS,
            **NOT_FOUND,
        },
        (
            document_id,
            {
                "name": "If-None-Match",
                "in": "header",
                "required": False,
                "description": "An ETag this endpoint gave out.",
                "schema": {"type": "string", "maxLength": 200},
            },
        ),
    )
    return {
        "/api/v1/": _operation(
            "index",
            "Description",
            "What version 1 offers",
            "Every endpoint of version 1 with its methods and summary, and the addresses of this description.",
            (),
            {"200": _answer("The endpoints.", "ApiIndex"), **ERRORS},
        ),
        "/api/v1/search": search,
        "/api/v1/facets/{facet}": _operation(
            "facet-values",
            "Search",
            "Every value of one facet",
            "All values of a facet over the documents a search finds (up to 5,000), with counts; `contains` narrows "
            "them by name.",
            FACET_VALUES,
            {"200": _answer("The values.", "FacetValues"), **ERRORS, "404": _answer("No such facet.", "Error")},
            (_path_parameter("facet", "A facet.", {"type": "string", "enum": list(FACETS)}, "people"),),
        ),
        "/api/v1/dates": _operation(
            "date-histogram",
            "Search",
            "The date histogram of a search",
            "How the documents a search finds spread over decades, years and months.",
            FILTERS,
            {"200": _answer("The histogram.", "DateHistogram"), **ERRORS},
        ),
        "/api/v1/documents": _operation(
            "documents",
            "Documents",
            "Every public document",
            "All public documents in order of id, a page at a time; follow `next_cursor` to the end.",
            DOCUMENTS,
            {"200": _answer("A page of documents.", "DocumentList"), **ERRORS},
        ),
        "/api/v1/documents/{id}": document,
        "/api/v1/authorities": _operation(
            "authorities",
            "Authorities",
            "People, organizations, places, topics and collections",
            "Authorities in order of name, each with its names, related terms and count of public documents; "
            "filtered by kind and by a name's start or part; follow `next_cursor` to the end.",
            AUTHORITIES,
            {"200": _answer("A page of authorities.", "AuthorityList"), **ERRORS},
        ),
        "/api/v1/authorities/{id}": _operation(
            "authority",
            "Authorities",
            "One authority",
            "An authority with its name variants, other ids, broader and narrower terms and count of public "
            "documents. An alias (a merged or per-volume id) answers the authority it stands for.",
            (),
            {"200": _answer("The authority.", "Authority"), **ERRORS, **NOT_FOUND},
            (
                _path_parameter(
                    "id", "Authority id.", {"type": "string", "minLength": 1, "maxLength": 200}, "person/stalin"
                ),
            ),
        ),
        "/api/v1/collections": _operation(
            "collections",
            "Authorities",
            "Every collection",
            "The archive's collections, A-Z, each with its count of public documents.",
            (),
            {"200": _answer("The collections.", "CollectionList"), **ERRORS},
        ),
        "/api/search": _alias(search, "search-alias"),
        "/api/documents/{id}": _alias(document, "document-alias"),
        "/api/openapi.json": {
            "get": {
                "operationId": "openapi",
                "tags": ["Description"],
                "summary": "This description",
                "description": "The OpenAPI 3.1 description of the API, as JSON.",
                "responses": {
                    "200": {"description": "The description.", "content": {JSON: {"schema": {"type": "object"}}}},
                    **ERRORS,
                },
            }
        },
    }


def _write(
    operation_id: str, summary: str, description: str, body: str | None, answers: dict[str, Any]
) -> dict[str, Any]:
    """A write with a staff member's token; the answers every write may give are added."""
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "tags": ["Writing"],
        "summary": summary,
        "description": description,
        "security": [{"token": []}],
        "responses": {
            **answers,
            "400": _answer(
                "The body is not JSON, or not a valid record (the message names the field); or a NUL character in "
                "the address, a cookie or a header.",
                "Error",
            ),
            "401": _answer("No token, or not a valid one.", "Error"),
            "413": _answer("The body is larger than the site accepts.", "Error"),
            "414": ERRORS["414"],
            "403": _answer("The token's staff member may not do this (deleting needs an admin).", "Error"),
            "404": _answer("No record has that id, or the address is not one of the API's.", "Error"),
            **answers,
        },
    }
    if body:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": _ref(body)}}}
    return operation


def _write_paths(paths: dict[str, Any]) -> None:
    _add_writes(paths)
    for methods in paths.values():  # a write at an address with an {id} takes the id as its read does
        in_path = [parameter for parameter in methods["get"].get("parameters", []) if parameter["in"] == "path"]
        for method in ("put", "delete"):
            if method in methods:
                methods[method]["parameters"] = in_path


def _add_writes(paths: dict[str, Any]) -> None:
    record = {"200": _answer("Replaced; the record as stored.", "InterchangeDocument")}
    paths["/api/v1/documents"]["post"] = _write(
        "create-document",
        "Create a document",
        "A new document in the interchange format, named authorities resolved as an import resolves them.",
        "InterchangeDocument",
        {
            "201": _answer("Created; the record as stored.", "InterchangeDocument"),
            "409": _answer("A document has that id.", "Error"),
        },
    )
    paths["/api/v1/documents/{id}"]["put"] = _write(
        "replace-document",
        "Replace (or create) a document",
        "The document at this address becomes the record sent; attachments may only name files it already has.",
        "InterchangeDocument",
        {**record, "201": _answer("Created; the record as stored.", "InterchangeDocument")},
    )
    paths["/api/v1/documents/{id}"]["delete"] = _write(
        "delete-document",
        "Delete a document",
        "Admins only. Harvesters are told of the deletion.",
        None,
        {"204": {"description": "Deleted."}, "404": _answer("No document has that id.", "Error")},
    )
    authority = {"200": _answer("Replaced; the record as stored.", "InterchangeAuthority")}
    paths["/api/v1/authorities"]["post"] = _write(
        "create-authority",
        "Create an authority",
        "A new person, organization, place, topic or collection with its name variants.",
        "InterchangeAuthority",
        {
            "201": _answer("Created; the record as stored.", "InterchangeAuthority"),
            "409": _answer("An authority has that id.", "Error"),
        },
    )
    paths["/api/v1/authorities/{id}"]["put"] = _write(
        "replace-authority",
        "Replace (or create) an authority",
        "Its names are replaced by those sent; spellings generated from them are made again.",
        "InterchangeAuthority",
        {**authority, "201": _answer("Created; the record as stored.", "InterchangeAuthority")},
    )
    paths["/api/v1/authorities/{id}"]["delete"] = _write(
        "delete-authority",
        "Delete an authority",
        "Admins only; one that documents name must be merged into another in the staff site instead.",
        None,
        {
            "204": {"description": "Deleted."},
            "404": _answer("No authority has that id.", "Error"),
            "409": _answer("Documents name it.", "Error"),
        },
    )


@cache
def description() -> dict[str, Any]:
    paths = _paths()
    _write_paths(paths)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "readingroom API",
            "version": VERSION,
            "description": "JSON access to the archive's public documents, their people, places, "
            "organizations, topics and collections, and its search. Restricted documents never appear: not in "
            "results, counts, facets or dates. Errors are JSON objects with an `error` message. Any site may "
            "call it from a browser (CORS, GET only). Staff members' scripts also create, replace and delete "
            "records with an API token (the Writing operations).",
        },
        "tags": [
            {"name": "Search", "description": "The search page as data."},
            {"name": "Documents", "description": "Documents in the interchange format."},
            {"name": "Authorities", "description": "Names and the documents they find."},
            {"name": "Writing", "description": "For staff members' scripts, with an API token."},
            {"name": "First addresses", "description": "Where the API first answered; they answer as version 1."},
            {"name": "Description", "description": "This description."},
        ],
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {
                "token": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A staff member's API token (`readingroom createtoken`, or the staff site).",
                }
            },
        },
    }
