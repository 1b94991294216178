"""The staff import page: upload a file, read the dry run's report, then import it. Both runs are the command
line's (`import_paths` in records/importing.py), on the file kept in the staging folder (staff/staging.py)."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest

from readingroom.records.importing import ImportReport, import_paths
from readingroom.staff import staging

PROBLEMS_SHOWN = 20  # as many as `readingroom import --dry-run` prints
SUBJECTS = ("documents", "authorities")
OUTCOMES = ("added", "updated", "unchanged")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File to import",
        help_text=(
            "JSON Lines (.jsonl), a spreadsheet (.csv, .tsv, .xlsx), a TEI volume or an EAD finding aid (.xml), "
            "or a ZIP archive of scans with a sidecar spreadsheet (.zip)"
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(too_large(limit))
        upload.seek(0)
        head = upload.read(len(staging.ZIP_START))
        upload.seek(0)
        if problem := staging.refusal(upload.name, head):
            raise forms.ValidationError(problem)
        return upload


class ImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def too_large(limit: int) -> str:
    return f"The file is larger than the {limit / 1024 / 1024:g} MB a file uploaded here may have; import it on the \
server with readingroom import"


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@dataclass
class ShownReport:
    """An import's report as the page shows it: the counts and the first problems, naming the uploaded file."""

    dry_run: bool
    file_name: str
    counts: list[tuple[str, list[int]]]
    rejected: int
    problems: list[str]
    notes: list[str]
    summary: str

    @property
    def more_problems(self) -> int:
        return self.rejected - len(self.problems)


def run_import(path: Path, user: object, dry_run: bool) -> ShownReport:
    staff = user if isinstance(user, User) else None
    report = import_paths([path], user=staff, dry_run=dry_run)
    return _shown(report, path, dry_run)


def _shown(report: ImportReport, path: Path, dry_run: bool) -> ShownReport:
    def named(text: str) -> str:
        return text.replace(f"{path.parent}/", "")  # the staging folder means nothing to the person uploading

    return ShownReport(
        dry_run=dry_run,
        file_name=path.name,
        counts=[(subject, [report.count(subject, outcome) for outcome in OUTCOMES]) for subject in SUBJECTS],
        rejected=report.rejected,
        problems=[named(str(rejection)) for rejection in report.rejections[:PROBLEMS_SHOWN]],
        notes=[named(line) for line in report.notes + report.conversions[:PROBLEMS_SHOWN] + report.ambiguities],
        summary=report.summary(),
    )
