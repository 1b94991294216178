"""Use cases that write the catalogue. Each is one unit of work: the records and their change-log entries commit
together, and the node's indexer brings the search index up to date afterwards (see records.indexer)."""

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db import DatabaseError, transaction

from readingroom.dates.edtf import parse_edtf
from readingroom.ingest.jsonl import JsonLinesFile, ParsedLine, Rejection
from readingroom.ingest.records import DOCUMENT_REFERENCES, AuthorityRecord, DocumentRecord
from readingroom.records.mapping import (
    authorities_with_relations,
    authority_record,
    document_record,
    documents_with_relations,
)
from readingroom.records.models import (
    Attachment,
    Authority,
    Change,
    Document,
    DocumentAuthority,
    Transcript,
)
from readingroom.records.names import NameResolver, store_names

BATCH_SIZE = 500
AUTHORITY_KINDS_FOR_REFERENCE: dict[str, tuple[str, ...]] = {
    "authors": ("person", "organization"),
    "recipients": ("person", "organization"),
    **{name: (kind,) for name, kind in DOCUMENT_REFERENCES.items() if name not in ("authors", "recipients")},
}
IMPORTABLE_SUFFIXES = (".jsonl", ".ndjson")

Outcome = str  # "added", "updated" or "unchanged"


@dataclass
class ImportReport:
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (documents|authorities, outcome) -> n
    rejections: list[Rejection] = field(default_factory=list)
    created_authorities: int = 0

    def count(self, subject: str, outcome: str) -> int:
        return self.counts[(subject, outcome)]

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    @property
    def changed(self) -> bool:
        return any(n for (_, outcome), n in self.counts.items() if outcome in ("added", "updated"))

    def summary(self) -> str:
        lines = []
        for subject in ("documents", "authorities"):
            numbers = [f"{self.count(subject, outcome)} {outcome}" for outcome in ("added", "updated", "unchanged")]
            lines.append(f"{subject.capitalize()}: {', '.join(numbers)}")
        if self.created_authorities:
            lines.append(f"New authorities created from names in documents: {self.created_authorities}")
        lines.append(f"Rejected: {self.rejected}")
        return "\n".join(lines)


class ImportProgress:
    """What an import tells whoever watches it (the command line draws a progress bar from it)."""

    def file_started(self, path: Path, phase: str, size: int) -> None: ...

    def advanced(self, position: int) -> None: ...

    def file_finished(self) -> None: ...


def import_paths(paths: Iterable[Path], progress: ImportProgress | None = None) -> ImportReport:
    """Import JSON Lines files and folders of them. Authorities of every file come first, so a document may name
    an authority defined later in the same file or in another file; each batch of lines commits on its own."""
    run = _ImportRun(progress or ImportProgress())
    files = list(_expand(paths, run.report))
    for path in files:
        run.import_file(path, "authorities")
    run.link_broader()
    for path in files:
        run.import_file(path, "documents")
    run.report.created_authorities = len(run.resolver.created)
    return run.report


def _expand(paths: Iterable[Path], report: ImportReport) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in IMPORTABLE_SUFFIXES and p.is_file())
            if not found:
                report.rejections.append(Rejection(str(path), 0, "folder holds no JSON Lines (.jsonl) files"))
            yield from found
        elif not path.exists():
            report.rejections.append(Rejection(str(path), 0, "no such file or folder"))
        elif path.suffix.lower() not in IMPORTABLE_SUFFIXES:
            report.rejections.append(
                Rejection(str(path), 0, "not a JSON Lines file (expected a .jsonl file, one JSON record a line)")
            )
        elif path.stat().st_size == 0:
            report.rejections.append(Rejection(str(path), 0, "empty file; nothing to import"))
        else:
            yield path


class _ImportRun:
    def __init__(self, progress: ImportProgress) -> None:
        self.progress = progress
        self.report = ImportReport()
        self.resolver = NameResolver()
        # Authorities imported so far: their outcome and their broader terms, linked once all exist.
        self.authorities: dict[str, tuple[Outcome, list[str]]] = {}

    def import_file(self, path: Path, phase: str) -> None:
        lines = JsonLinesFile(path)
        self.progress.file_started(path, phase, lines.size)
        batch: list[ParsedLine] = []
        try:
            for item in lines:
                if isinstance(item, Rejection):
                    if phase == "documents":  # each bad line is reported once, in the second pass
                        self.report.rejections.append(item)
                elif isinstance(item.record, AuthorityRecord) == (phase == "authorities"):
                    batch.append(item)
                if len(batch) >= BATCH_SIZE:
                    self._save(batch)
                    batch = []
                    self.progress.advanced(lines.position)
            self._save(batch)
        except OSError as error:
            self.report.rejections.append(Rejection(str(path), 0, f"could not be read: {error.strerror or error}"))
        self.progress.advanced(lines.position)
        self.progress.file_finished()

    def _save(self, batch: list[ParsedLine]) -> None:
        if not batch:
            return
        documents: list[Outcome] = []
        authorities: dict[str, tuple[Outcome, list[str]]] = {}
        rejections: list[Rejection] = []
        try:
            with transaction.atomic():
                for line in batch:
                    record = line.record
                    try:
                        with transaction.atomic():
                            if isinstance(record, AuthorityRecord):
                                authorities[record.id] = (
                                    save_authority(record, self.resolver),
                                    record.broader,
                                )
                            else:
                                documents.append(save_document(record, self.resolver))
                    except (DatabaseError, ValueError) as error:
                        self.resolver.forget()
                        rejections.append(
                            Rejection(line.path, line.line, f"could not be stored: {error}", record_id=record.id)
                        )
        except DatabaseError as error:
            self.resolver.forget()
            documents, authorities = [], {}
            rejections = [
                Rejection(line.path, line.line, f"batch not stored: {error}", record_id=line.record.id)
                for line in batch
            ]
        self.report.counts.update(("documents", outcome) for outcome in documents)
        self.authorities.update(authorities)
        self.report.rejections.extend(rejections)

    def link_broader(self) -> None:
        """Set each imported authority's broader terms, once every authority of the import exists, and count
        the authorities' outcomes (a changed broader term turns "unchanged" into "updated")."""
        for authority_id, (outcome, references) in self.authorities.items():
            with transaction.atomic():
                authority = Authority.objects.get(pk=authority_id)
                wanted = [self.resolver.resolve(reference, (authority.kind,)) for reference in references]
                if sorted(authority.broader.values_list("id", flat=True)) != sorted(set(wanted)):
                    authority.broader.set(Authority.objects.filter(pk__in=wanted))
                    _log(Change.Subject.AUTHORITY, authority.id, Change.Action.SAVED)
                    outcome = "updated" if outcome == "unchanged" else outcome
            self.report.counts[("authorities", outcome)] += 1
        self.authorities.clear()


def save_document(record: DocumentRecord, resolver: NameResolver | None = None) -> Outcome:
    """Add or replace one document; its authority names are resolved to ids (new names create authorities)."""
    resolver = resolver or NameResolver()
    resolved = DocumentRecord(**{**vars(record)})
    for name, kinds in AUTHORITY_KINDS_FOR_REFERENCE.items():
        ids = [resolver.resolve(reference, kinds) for reference in record.references(name)]
        setattr(resolved, name, list(dict.fromkeys(ids)))
    existing = documents_with_relations(Document.objects.filter(pk=record.id)).first()
    if existing is not None and document_record(existing).to_json() == resolved.to_json():
        return "unchanged"
    parsed = parse_edtf(resolved.date) if resolved.date else None
    document = existing or Document(id=resolved.id)
    document.title = resolved.title
    document.date = resolved.date or ""
    document.date_earliest = parsed.earliest if parsed else None
    document.date_latest = parsed.latest if parsed else None
    for name in ("summary", "text", "type", "credits", "rights", "languages", "related", "access", "extra"):
        setattr(document, name, getattr(resolved, name))
    document.source_repository = resolved.source.repository
    document.source_citation = resolved.source.citation
    document.source_publication = resolved.source.publication
    document.source_url = resolved.source.url
    document.save()
    if existing is not None:
        document.links.all().delete()
        document.transcripts.all().delete()
        document.attachments.all().delete()
    DocumentAuthority.objects.bulk_create(
        DocumentAuthority(document=document, authority_id=authority_id, role=name, position=position)
        for name in DOCUMENT_REFERENCES
        for position, authority_id in enumerate(resolved.references(name))
    )
    Transcript.objects.bulk_create(
        Transcript(document=document, language=t.language, text=t.text, position=position)
        for position, t in enumerate(resolved.transcripts)
    )
    Attachment.objects.bulk_create(
        Attachment(document=document, path=a.path, label=a.label, media_type=a.media_type, position=position)
        for position, a in enumerate(resolved.attachments)
    )
    _log(Change.Subject.DOCUMENT, document.id, Change.Action.SAVED)
    return "added" if existing is None else "updated"


def save_authority(record: AuthorityRecord, resolver: NameResolver | None = None) -> Outcome:
    """Add or replace one authority; its broader terms are left as they are (see link_broader)."""
    existing = authorities_with_relations(Authority.objects.filter(pk=record.id)).first()
    if existing is not None:
        current = _without_broader(authority_record(existing))
        if current.to_json() == _without_broader(record).to_json():
            return "unchanged"
    authority = existing or Authority(id=record.id)
    authority.kind = record.kind
    authority.name = record.name
    authority.dates = record.dates or ""
    authority.description = record.description
    authority.latitude, authority.longitude = record.coordinates or (None, None)
    authority.extra = record.extra
    authority.save()
    store_names(authority, record.name, record.variants)
    _log(Change.Subject.AUTHORITY, authority.id, Change.Action.SAVED)
    if resolver:
        resolver.forget()
    return "added" if existing is None else "updated"


def _without_broader(record: AuthorityRecord) -> AuthorityRecord:
    return AuthorityRecord(**{**vars(record), "broader": []})


def delete_document(document_id: str) -> bool:
    with transaction.atomic():
        deleted, _ = Document.objects.filter(pk=document_id).delete()
        if deleted:
            _log(Change.Subject.DOCUMENT, document_id, Change.Action.DELETED)
    return bool(deleted)


def _log(subject: str, subject_id: str, action: str) -> None:
    Change.objects.create(subject=subject, subject_id=subject_id, action=action)


def export_archive(
    stream: IO[str], include_restricted: bool = True, on_record: Callable[[], None] | None = None
) -> int:
    """Write every authority, then every document, as JSON Lines of the interchange format; returns the count."""
    written = 0
    for authority in authorities_with_relations().order_by("kind", "id").iterator(chunk_size=2000):
        stream.write(json.dumps(authority_record(authority).to_json(), ensure_ascii=False) + "\n")
        written += 1
    documents = Document.objects.order_by("id")
    if not include_restricted:
        documents = documents.filter(access="public")
    for document in documents_with_relations(documents).iterator(chunk_size=500):
        stream.write(json.dumps(document_record(document).to_json(), ensure_ascii=False) + "\n")
        written += 1
        if on_record:
            on_record()
    return written
