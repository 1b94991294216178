"""Writing through the API, for staff members' scripts: create, replace and delete documents and authorities.

A request carries `Authorization: Bearer <key>` (an API token, see staff/tokens.py) and acts as the token's staff
member, with that member's role: editors create and replace, admins also delete. Bodies are records of the
interchange format, checked by the importer's own rules; each write is a change set of kind "api" in the history
and is searchable once the node's indexer has applied it (within a second while the server runs).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from readingroom.api.errors import ALLOWED_METHODS, ApiError, error_response
from readingroom.ingest.jsonl import RecordError, parse_record
from readingroom.ingest.records import AuthorityRecord, DocumentRecord, Record
from readingroom.records.batches import save_document
from readingroom.records.history import changeset
from readingroom.records.mapping import authorities_with_relations, authority_record, document_record
from readingroom.records.mapping import documents_with_relations as with_relations
from readingroom.records.models import Attachment, Authority, ChangeSet, Document
from readingroom.records.services import delete_authority, delete_document, save_authority
from readingroom.staff.tokens import user_for

WRITE_METHODS = ("POST", "PUT", "DELETE")
View = Callable[..., HttpResponse]


def read_or_write(read: View, write: View, methods: str) -> View:
    """One address for reading (the public API) and, with a token, writing by `methods` ("POST" or "PUT, DELETE")."""

    @csrf_exempt  # no cookies are used for writes: a token authenticates each request
    def dispatch(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = f"{ALLOWED_METHODS}, {methods}"
            return response
        if request.method in WRITE_METHODS:
            try:
                return write(request, *args, **kwargs)
            except ApiError as error:
                response = error_response(error.message, error.status)
                if error.status == 401:
                    response["WWW-Authenticate"] = 'Bearer realm="readingroom"'
                return response
        return read(request, *args, **kwargs)

    return dispatch


def _staff(request: HttpRequest, permission: str) -> User:
    user = user_for(request.headers.get("Authorization", ""))
    if user is None:
        raise ApiError("send a staff member's API token as 'Authorization: Bearer <key>' to write", 401)
    if not user.has_perm(f"records.{permission}"):
        raise ApiError(f"{user.get_username()} may not {permission.replace('_', ' ')}s", 403)
    return user


def _body(request: HttpRequest, kind: type[Record], record_id: str | None) -> Any:
    try:
        data = json.loads(request.body or b"null")
    except RequestDataTooBig:
        raise ApiError("the body is too large", 413) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(f"the body is not JSON: {error}") from None
    if isinstance(data, dict) and record_id is not None and data.setdefault("id", record_id) != record_id:
        raise ApiError(f"the record's id {data['id']!r} is not the address's {record_id!r}")
    try:
        record = parse_record(data)
    except RecordError as error:
        raise ApiError(f"field '{error.field}': {error}" if error.field else str(error)) from None
    if not isinstance(record, kind):
        raise ApiError(f"expected a {'document' if kind is DocumentRecord else 'authority'}, not a {data['kind']}")
    return record


def _keep_files(record: DocumentRecord) -> None:
    """Attachments can only be named by the paths the document already has: files are uploaded in the staff site."""
    stored = {a.path: a for a in Attachment.objects.filter(document_id=record.id)}
    for attachment in record.attachments:
        if attachment.path not in stored:
            raise ApiError(f"attachment {attachment.path!r} is not stored with this document; upload files at /staff/")
        attachment.sha256, attachment.size = stored[attachment.path].sha256, stored[attachment.path].size


def _document_json(document_id: str) -> dict[str, Any]:
    return document_record(with_relations(Document.objects.filter(pk=document_id)).get()).to_json()


def _authority_json(authority_id: str) -> dict[str, Any]:
    return authority_record(authorities_with_relations(Authority.objects.filter(pk=authority_id)).get()).to_json()


def _save_document(record: DocumentRecord) -> str:
    _keep_files(record)
    return save_document(record)


def _save_authority(record: AuthorityRecord) -> str:
    outcome = save_authority(record)
    Authority.objects.get(pk=record.id).broader.set(Authority.objects.filter(pk__in=record.broader))
    return outcome


def _delete_authority(authority_id: str) -> bool:
    if not delete_authority(authority_id):
        raise ApiError(f"{authority_id} is named by documents: merge it into another in the staff site", 409)
    return True


@dataclass(frozen=True)
class Writable:
    """What differs between writing documents and writing authorities; the requests are answered alike."""

    noun: str  # "a document", "an authority"
    model: type[Document] | type[Authority]
    record: type[Record]
    save: Callable[[Any], str]  # returns the outcome: "added", "updated" or "unchanged"
    delete: Callable[[str], bool]
    as_json: Callable[[str], dict[str, Any]]
    address: str  # the URL name of one record

    @property
    def name(self) -> str:
        return self.model._meta.model_name or ""


DOCUMENTS = Writable(
    "a document", Document, DocumentRecord, _save_document, delete_document, _document_json, "api-v1-document"
)
AUTHORITIES = Writable(
    "an authority", Authority, AuthorityRecord, _save_authority, _delete_authority, _authority_json, "api-v1-authority"
)


def _create(kind: Writable, request: HttpRequest) -> HttpResponse:
    """POST to the list's address: a new record (409 if the id is taken)."""
    if request.method != "POST":
        raise ApiError(f"use POST to create {kind.noun}, not {request.method}", 405)
    user = _staff(request, f"add_{kind.name}")
    record = _body(request, kind.record, None)
    with changeset(ChangeSet.Kind.API, f"API: create {record.id}", user), transaction.atomic():
        if kind.model.objects.filter(pk=record.id).exists():
            raise ApiError(f"there is already {kind.noun} {record.id!r}; PUT to its address to replace it", 409)
        kind.save(record)
    response = JsonResponse(kind.as_json(record.id), status=201, json_dumps_params={"ensure_ascii": False})
    response["Location"] = reverse(kind.address, args=[record.id])
    return response


def _replace_or_delete(kind: Writable, request: HttpRequest, record_id: str) -> HttpResponse:
    """PUT to a record's address replaces (or creates) it; DELETE deletes it (admins)."""
    if request.method == "DELETE":
        user = _staff(request, f"delete_{kind.name}")
        with changeset(ChangeSet.Kind.API, f"API: delete {record_id}", user):
            if not kind.model.objects.filter(pk=record_id).exists() or not kind.delete(record_id):
                raise ApiError(f"no {kind.name} {record_id!r}", 404)
        return HttpResponse(status=204)
    if request.method != "PUT":
        raise ApiError(f"use PUT to replace {kind.noun} or DELETE to delete it, not {request.method}", 405)
    user = _staff(request, f"change_{kind.name}")
    record = _body(request, kind.record, record_id)
    with changeset(ChangeSet.Kind.API, f"API: replace {record_id}", user), transaction.atomic():
        outcome = kind.save(record)
    status = 201 if outcome == "added" else 200
    return JsonResponse(kind.as_json(record_id), status=status, json_dumps_params={"ensure_ascii": False})


def write_documents(request: HttpRequest) -> HttpResponse:
    return _create(DOCUMENTS, request)


def write_document(request: HttpRequest, document_id: str) -> HttpResponse:
    return _replace_or_delete(DOCUMENTS, request, document_id)


def write_authorities(request: HttpRequest) -> HttpResponse:
    return _create(AUTHORITIES, request)


def write_authority(request: HttpRequest, authority_id: str) -> HttpResponse:
    return _replace_or_delete(AUTHORITIES, request, authority_id)
