"""Importing files: JSON Lines of the interchange format, spreadsheets of documents (CSV, TSV, XLSX), TEI volumes
(FRUS), EAD finding aids and person records (FRUS people).

Authorities come first, across every file of one import, so a document may name an authority defined anywhere
in it. JSON Lines commit in batches of lines; a TEI volume commits as a whole, after it has been read entirely,
so a volume that cannot be read leaves nothing half-imported.
"""

import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.contrib.auth.models import User
from django.db import DatabaseError, transaction

from readingroom.ingest.archives import ArchiveError, extract_zip
from readingroom.ingest.ead import EADError, read_finding_aid
from readingroom.ingest.files import FileKind, file_kind
from readingroom.ingest.frus_people import read_person
from readingroom.ingest.jsonl import JsonLinesFile, ParsedLine, Rejection
from readingroom.ingest.records import AuthorityRecord, DocumentRecord, Record
from readingroom.ingest.scan_folders import SCANS, SIDECARS, read_scan_folder, uncatalogued_documents
from readingroom.ingest.spreadsheets import Mapping, Spreadsheet, SpreadsheetError
from readingroom.ingest.tei import TEIError, read_volume
from readingroom.records.batches import save_authorities, save_documents
from readingroom.records.files import AttachmentError, store_attachment
from readingroom.records.history import changeset, record_revision
from readingroom.records.mapping import FACET_OF_KIND, authorities_with_relations, authority_record
from readingroom.records.models import Authority, AuthorityAlias, Change, ChangeSet, Document
from readingroom.records.names import LOOKUPS_PER_QUERY, NameResolver
from readingroom.records.services import Outcome, log_change

BATCH_SIZE = 1000
SUFFIXES = (".jsonl", ".ndjson", ".xml")


@dataclass
class ImportReport:
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (documents|authorities, outcome) -> n
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created_authorities: int = 0
    created_kinds: Counter[str] = field(default_factory=Counter)  # of the new authorities: kind -> n
    notes: list[str] = field(default_factory=list)  # how files were read: encodings, columns not imported
    conversions: list[str] = field(default_factory=list)  # dates read from the way people write them (the first)
    converted: int = 0  # dates read so, all of them
    ambiguities: list[str] = field(default_factory=list)  # names several authorities have: which one was linked

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
            kinds = ", ".join(
                f"{n} {FACET_OF_KIND[kind] if n > 1 else kind}" for kind, n in sorted(self.created_kinds.items())
            )
            lines.append(f"New authorities created from names in documents: {self.created_authorities} ({kinds})")
        if self.converted:
            lines.append(f"Dates read as EDTF from the way people write them: {self.converted}")
        if self.warnings:
            lines.append(f"Imported with warnings: {len(self.warnings)}")
        if self.ambiguities:
            lines.append(f"Names several authorities have: {len(self.ambiguities)}")
        lines.append(f"Rejected: {self.rejected}")
        return "\n".join(lines)


class ImportProgress:
    """What an import tells whoever watches it (the command line draws a progress bar from it)."""

    def file_started(self, path: Path, phase: str, total: int, unit: str) -> None: ...

    def advanced(self, done: int) -> None: ...

    def file_finished(self) -> None: ...


class _DryRun(Exception):
    """Raised at the end of a dry run, to roll back everything it wrote."""


def import_paths(
    paths: Iterable[Path],
    progress: ImportProgress | None = None,
    user: User | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import files and folders of them (JSON Lines, spreadsheets, TEI volumes, person records), as one change set
    named after them in the history. A dry run does all of it inside one transaction and rolls it back, and stores
    no attachment files: the report tells what would be added, changed and refused."""
    if not dry_run:
        return _import(list(paths), progress, user, mapping)
    try:
        with transaction.atomic():
            report = _import(list(paths), progress, user, mapping, dry_run=True)
            raise _DryRun
    except _DryRun:
        return report


def _import(
    paths: list[Path],
    progress: ImportProgress | None,
    user: User | None,
    mapping: Mapping | None,
    dry_run: bool = False,
) -> ImportReport:
    run = _ImportRun(progress or ImportProgress(), mapping, dry_run)
    with tempfile.TemporaryDirectory(prefix="readingroom-import-") as unpacked:
        _import_files(run, paths, Path(unpacked), user)
    return run.report


def _import_files(run: "_ImportRun", paths: list[Path], unpacked: Path, user: User | None) -> None:
    archives: dict[Path, Path] = {}  # folder unpacked -> its ZIP archive, to name the archive in the report
    files = _expand(paths, run.report, unpacked, archives)
    with changeset(ChangeSet.Kind.IMPORT, "import of " + ", ".join(path.name for path in paths), user):
        for path in files[FileKind.PERSON]:
            run.import_person(path)
        for path in files[FileKind.JSONL]:
            run.import_jsonl(path, "authorities")
        run.link_broader()
        for path in files[FileKind.JSONL]:
            run.import_jsonl(path, "documents")
        for path in files[FileKind.SPREADSHEET]:
            run.import_spreadsheet(path)
        for path in files[FileKind.TEI]:
            run.import_volume(path)
        for path in files[FileKind.EAD]:
            run.import_finding_aid(path)
        for path in files[FileKind.SCANS]:
            run.import_scan_folder(path)
    run.report.created_authorities = len(run.resolver.created)
    run.report.ambiguities = list(run.resolver.ambiguities.values())
    # A created authority's id starts with its kind (NameResolver._new_id): which names became organizations shows.
    run.report.created_kinds = Counter(authority_id.partition("/")[0] for authority_id in run.resolver.created)
    # A file's bad lines in their order, whichever pass found them (authorities are read first).
    order = {str(path): position for position, path in enumerate(path for kind in FileKind for path in files[kind])}
    run.report.rejections.sort(key=lambda rejection: (order.get(rejection.path, -1), rejection.line))
    run.report.rejections = [_named_in_archive(rejection, archives) for rejection in run.report.rejections]


def _expand(
    paths: Iterable[Path], report: ImportReport, unpacked: Path, archives: dict[Path, Path]
) -> dict[FileKind, list[Path]]:
    """The files to import by kind; a ZIP archive is unpacked under `unpacked` and read as the folder it holds."""
    found: dict[FileKind, list[Path]] = {kind: [] for kind in FileKind}
    for given in paths:
        if (path := _unpacked(given, report, unpacked)) is None:
            continue
        if path != given:
            archives[path] = given
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
            candidates = [p for p in inside if p.stat().st_size]
            if not candidates and _holds_scans(path):
                found[FileKind.SCANS].append(path)
            elif not candidates:
                report.rejections.append(
                    Rejection(str(path), 0, "folder holds no JSON Lines (.jsonl), TEI (.xml), spreadsheets or scans")
                )
        elif not path.exists():
            report.rejections.append(Rejection(str(path), 0, "no such file or folder"))
            continue
        else:
            candidates = [path]
        for candidate in candidates:
            kind, problem = file_kind(candidate)
            if kind is None:
                report.rejections.append(Rejection(str(candidate), 0, problem))
            else:
                found[kind].append(candidate)
    return found


def _unpacked(path: Path, report: ImportReport, into: Path) -> Path | None:
    if path.suffix.lower() != ".zip" or not path.is_file():
        return path
    try:
        return extract_zip(path, into / str(len(list(into.iterdir()))))
    except ArchiveError as error:
        report.rejections.append(
            Rejection(str(path), 0, str(error).removeprefix(f"{path}, ").removeprefix(f"{path}: "))
        )
        return None


def _named_in_archive(rejection: Rejection, archives: dict[Path, Path]) -> Rejection:
    """A problem with a file unpacked from a ZIP archive names it as a member of the archive: scans.zip/page.tif."""
    for folder, archive in archives.items():
        if rejection.path.startswith(f"{folder}/") or rejection.path == str(folder):
            return replace(rejection, path=str(archive) + rejection.path.removeprefix(str(folder)))
    return rejection


def _holds_scans(folder: Path) -> bool:
    return any(p.suffix.lower() in SCANS + SIDECARS and p.is_file() for p in folder.rglob("*"))


def _store_files(line: ParsedLine, folder: Path) -> Rejection | None:
    """Store the files a document names (relative to its file's folder) before the document itself is written."""
    if not isinstance(line.record, DocumentRecord):
        return None
    for number, attachment in enumerate(line.record.attachments):
        try:
            store_attachment(attachment, folder)
        except AttachmentError as error:
            return Rejection(line.path, line.line, str(error), f"attachments[{number}].path", line.record.id)
    return None


class _ImportRun:
    def __init__(self, progress: ImportProgress, mapping: Mapping | None = None, dry_run: bool = False) -> None:
        self.progress = progress
        self.mapping = mapping
        self.dry_run = dry_run
        self.report = ImportReport()
        self.resolver = NameResolver()
        # Authorities imported so far: their kind, outcome and broader terms, linked once all exist.
        self.authorities: dict[str, tuple[str, Outcome, list[str]]] = {}

    def import_jsonl(self, path: Path, phase: str) -> None:
        lines = JsonLinesFile(path, authorities=phase == "authorities")  # each line is read in full in one pass
        self.progress.file_started(path, phase, lines.size, "bytes")
        batch: list[ParsedLine] = []
        try:
            for item in lines:
                if isinstance(item, Rejection):
                    self.report.rejections.append(item)
                elif problem := self._store_files(item, path.parent):
                    self.report.rejections.append(problem)
                else:
                    batch.append(item)
                if len(batch) >= BATCH_SIZE:
                    self._save_batch(batch)
                    batch = []
                    self.progress.advanced(lines.position)
            self._save_batch(batch)
        except OSError as error:
            self.report.rejections.append(Rejection(str(path), 0, f"could not be read: {error.strerror or error}"))
        self.progress.advanced(lines.position)
        self.progress.file_finished()

    def import_spreadsheet(self, path: Path, named: set[Path] | None = None) -> None:
        """A sheet's rows as documents, in batches as JSON Lines are; a file that cannot be read at all (no header
        row, no id or title column) is refused whole, and rows read before a fault further down are kept. The
        files its rows name are added to `named`."""
        sheet = Spreadsheet(path, self.mapping)
        sheet.files_named = set() if named is not None else None
        self.progress.file_started(path, "documents", sheet.size, "bytes")
        batch: list[ParsedLine] = []
        try:
            for item in sheet:
                if isinstance(item, Rejection):
                    self.report.rejections.append(item)
                    continue
                if problem := self._store_files(item, path.parent):
                    self.report.rejections.append(replace(problem, unit="row", column=sheet.column_name(problem.field)))
                else:
                    batch.append(item)
                if len(batch) >= BATCH_SIZE:
                    self._save_batch(batch)
                    batch = []
            self._save_batch(batch)
        except SpreadsheetError as error:
            self._save_batch(batch)
            message = str(error).removeprefix(f"{path}: ").removeprefix(f"{path}, ")  # the rejection names the file
            self.report.rejections.append(Rejection(str(path), 0, message))
        except OSError as error:
            self.report.rejections.append(Rejection(str(path), 0, f"could not be read: {error.strerror or error}"))
        self.report.notes.extend(sheet.notes)
        if named is not None and sheet.files_named:
            named.update((path.parent / name).resolve() for name in sheet.files_named)
        self.report.conversions.extend(f"{path}, {conversion}" for conversion in sheet.conversions)
        self.report.converted += sheet.converted
        self.progress.advanced(sheet.size)
        self.progress.file_finished()

    def import_scan_folder(self, folder: Path) -> None:
        """A folder of scans: its sidecars' rows, then a document for each scan (or sequence of page images) no
        row names, in batches; documents made so before are left as staff may have catalogued them since."""
        found = read_scan_folder(folder)
        self.report.rejections.extend(Rejection(str(path), 0, message) for path, message in found.skipped)
        named: set[Path] = set()
        for sidecar in found.sidecars:
            self.import_spreadsheet(sidecar, named)
        orphans = [path for path in found.scans if path.resolve() not in named]
        documents = uncatalogued_documents(folder, orphans)
        existing = set(Document.objects.filter(pk__in=[d.id for d in documents]).values_list("pk", flat=True))
        self.report.counts[("documents", "unchanged")] += len(existing)
        self.progress.file_started(folder, "documents", len(documents) - len(existing), "documents")
        batch: list[ParsedLine] = []
        for done, document in enumerate((d for d in documents if d.id not in existing), start=1):
            line = ParsedLine(str(folder), 0, document)
            if problem := self._store_files(line, folder):
                self.report.rejections.append(problem)
            else:
                batch.append(line)
            if len(batch) >= BATCH_SIZE:
                self._save_batch(batch)
                self.progress.advanced(done)
                batch = []
        self._save_batch(batch)
        self.progress.advanced(len(documents) - len(existing))
        self.progress.file_finished()

    def _store_files(self, line: ParsedLine, folder: Path) -> Rejection | None:
        return None if self.dry_run else _store_files(line, folder)

    def import_person(self, path: Path) -> None:
        try:
            record = read_person(path)
        except ValueError as error:
            self.report.rejections.append(Rejection(str(path), 0, str(error)))
            return
        self._save_batch([ParsedLine(str(path), 0, record)])

    def import_volume(self, path: Path) -> None:
        """Read the whole volume, then store it in one transaction: its collection, its persons (unless a person
        record already claims them), its documents."""
        self.progress.file_started(path, "reading", 1, "volumes")
        try:
            volume = read_volume(path)
        except (TEIError, OSError) as error:
            self.report.rejections.append(Rejection(str(path), 0, str(error)))
            self.progress.file_finished()
            return
        self.report.rejections.extend(
            Rejection(str(path), 0, problem.reason, record_id=f"{volume.id}/{problem.document}")
            for problem in volume.problems
        )
        self.report.warnings.extend(str(warning) for warning in volume.warnings)
        self.report.notes.extend(str(enclosure) for enclosure in volume.enclosures)
        self.report.notes.extend(volume.corrections)
        # Persons a person record already claims, and offices (senders and recipients such as "Department of
        # State") already known from another volume, whose spelling may differ slightly, are not stored again.
        claimed = set(
            AuthorityAlias.objects.filter(alias__in=[a.id for a in volume.authorities]).values_list("alias", flat=True)
        ) | set(Authority.objects.filter(pk__in=[o.id for o in volume.offices.values()]).values_list("id", flat=True))
        authorities = [ParsedLine(str(path), 0, a) for a in volume.authorities if a.id not in claimed]
        documents = [ParsedLine(str(path), 0, document) for document in volume.documents]
        self.progress.file_started(path, "documents", len(documents), "documents")
        try:
            with transaction.atomic():
                self._save_batch(authorities, atomic=False)
                for start in range(0, len(documents), BATCH_SIZE):
                    self._save_batch(documents[start : start + BATCH_SIZE], atomic=False)
                    self.progress.advanced(min(start + BATCH_SIZE, len(documents)))
        except DatabaseError as error:
            self.resolver.forget()
            self.report.rejections.append(Rejection(str(path), 0, f"volume not stored: {error}"))
        self.progress.file_finished()

    def import_finding_aid(self, path: Path) -> None:
        """A finding aid's collections (linked to their parents once all exist), then its documents in batches;
        components that cannot be imported are reported by their path and the rest kept."""
        self.progress.file_started(path, "reading", 1, "finding aids")
        try:
            aid = read_finding_aid(path)
        except EADError as error:
            column = str(error.column) if error.line else None
            self.report.rejections.append(Rejection(str(path), error.line, str(error), column=column))
            self.progress.file_finished()
            return
        self.report.rejections.extend(aid.problems)
        self.report.warnings.extend(aid.warnings)
        self.report.conversions.extend(f"{path}, {conversion}" for conversion in aid.conversions)
        self.report.converted += len(aid.conversions)
        self._save_batch([ParsedLine(str(path), 0, collection) for collection in aid.collections])
        self.link_broader()
        documents = [ParsedLine(str(path), 0, document) for document in aid.documents]
        self.progress.file_started(path, "documents", len(documents), "documents")
        for start in range(0, len(documents), BATCH_SIZE):
            self._save_batch(documents[start : start + BATCH_SIZE])
            self.progress.advanced(min(start + BATCH_SIZE, len(documents)))
        self.progress.file_finished()

    def _save_batch(self, batch: list[ParsedLine], atomic: bool = True) -> None:
        """Store a batch in one transaction, all at once; should the database refuse it, line by line, so that
        the report names the lines refused and the others are kept."""
        if not batch:
            return
        records = [line.record for line in batch]
        rejections: list[Rejection] = []
        try:
            with transaction.atomic():
                outcomes: list[Outcome | None] = list(self._save_all(records))
        except (DatabaseError, ValueError):
            self.resolver.forget()
            try:
                with transaction.atomic():
                    outcomes, rejections = self._save_each(batch)
            except DatabaseError as error:
                if not atomic:
                    raise
                self.resolver.forget()
                outcomes = [None] * len(batch)
                rejections = [
                    Rejection(line.path, line.line, f"batch not stored: {error}", record_id=line.record.id)
                    for line in batch
                ]
        for record, outcome in zip(records, outcomes, strict=True):
            if outcome is None:
                continue
            if isinstance(record, AuthorityRecord):
                self.authorities[record.id] = (record.kind, outcome, record.broader)
            else:
                self.report.counts[("documents", outcome)] += 1
        self.report.rejections.extend(rejections)
        if not atomic and any(isinstance(record, AuthorityRecord) for record in records):
            self.link_broader()

    def _save_all(self, records: list[Record]) -> list[Outcome]:
        """Outcomes in the records' order; a batch holds authorities or documents (a lone record, either)."""
        authorities = [record for record in records if isinstance(record, AuthorityRecord)]
        documents = [record for record in records if isinstance(record, DocumentRecord)]
        if authorities and documents:
            raise ValueError("a batch holds authorities or documents, not both")
        if authorities:
            return save_authorities(authorities, self.resolver)
        return save_documents(documents, self.resolver)

    def _save_each(self, batch: list[ParsedLine]) -> tuple[list[Outcome | None], list[Rejection]]:
        outcomes: list[Outcome | None] = []
        rejections: list[Rejection] = []
        for line in batch:
            try:
                with transaction.atomic():
                    outcomes.append(self._save_all([line.record])[0])
            except (DatabaseError, ValueError) as error:
                self.resolver.forget()
                outcomes.append(None)
                rejections.append(
                    Rejection(line.path, line.line, f"could not be stored: {error}", record_id=line.record.id)
                )
        return outcomes, rejections

    def link_broader(self) -> None:
        """Set each imported authority's broader terms, once every authority of the import exists, and count
        the authorities' outcomes (a changed broader term turns "unchanged" into "updated")."""
        ids = list(self.authorities)
        current: dict[str, set[str]] = {}
        through = Authority.broader.through
        for start in range(0, len(ids), LOOKUPS_PER_QUERY):
            pairs = through.objects.filter(from_authority_id__in=ids[start : start + LOOKUPS_PER_QUERY])
            for from_id, to_id in pairs.values_list("from_authority_id", "to_authority_id"):
                current.setdefault(from_id, set()).add(to_id)
        self.resolver.load(reference for _, _, references in self.authorities.values() for reference in references)
        for authority_id, (kind, outcome, references) in self.authorities.items():
            resolved = (self.resolver.resolve(reference, (kind,)) for reference in references)
            wanted = {found for found in resolved if found is not None}
            if current.get(authority_id, set()) != wanted:
                with transaction.atomic():
                    Authority.objects.get(pk=authority_id).broader.set(Authority.objects.filter(pk__in=wanted))
                    log_change(Change.Subject.AUTHORITY, authority_id, Change.Action.SAVED)
                    stored = authorities_with_relations(Authority.objects.filter(pk=authority_id)).get()
                    record_revision(Change.Subject.AUTHORITY, authority_id, authority_record(stored).to_json())
                outcome = "updated" if outcome == "unchanged" else outcome
            self.report.counts[("authorities", outcome)] += 1
        self.authorities.clear()
