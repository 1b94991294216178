"""The staff's forms, validated by the importer's own rules, so an edit can store nothing an import would refuse."""

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from readingroom.ingest.jsonl import RecordError, parse_record
from readingroom.ingest.records import Attachment as FileRecord
from readingroom.ingest.records import DocumentRecord
from readingroom.records.files import AttachmentError, store_stream
from readingroom.records.models import Attachment, Authority, Document

# Where the importer's field names show in the document form.
FORM_FIELD = {"languages": "languages_text", "related": "related_text"}
SOURCE_FIELDS = ("repository", "citation", "publication", "url")


class DocumentForm(forms.ModelForm):  # type: ignore[type-arg]  # generic only in the type stubs
    languages_text = forms.CharField(
        label="Original languages",
        required=False,
        help_text="Language tags or English names, separated by commas: en, ru, zh-Hans or Russian",
    )
    related_text = forms.CharField(
        label="Related documents", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="One id a line"
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "date",
            "type",
            "access",
            "summary",
            "text",
            "source_repository",
            "source_citation",
            "source_publication",
            "source_url",
            "credits",
            "rights",
            "extra",
        ]
        help_texts = {"date": "EDTF: 1952-09-22, 1952-09, 1952, 1950~ (about 1950), 1952? (uncertain), 1950/1953"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["languages_text"] = ", ".join(self.instance.languages)
            self.initial["related_text"] = "\n".join(self.instance.related)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        languages = [tag.strip() for tag in data.get("languages_text", "").split(",") if tag.strip()]
        related = [line.strip() for line in data.get("related_text", "").splitlines() if line.strip()]
        record = {
            "id": data.get("id") or self.instance.pk,
            "title": data.get("title", ""),
            "date": data.get("date") or None,
            "languages": languages,
            "related": related,
            "access": data.get("access") or "public",
            "source": {
                name: data.get(f"source_{name}", "") for name in ("repository", "citation", "publication", "url")
            },
            "extra": data.get("extra") if data.get("extra") is not None else {},
            **{name: data.get(name, "") for name in ("summary", "text", "type", "credits", "rights")},
        }
        try:
            parsed = parse_record(record)
        except RecordError as error:
            raise ValidationError({self._form_field(error.field): str(error)}) from None
        assert isinstance(parsed, DocumentRecord)
        data["languages"], data["related"] = parsed.languages, related  # languages as tags, "Russian" as "ru"
        return data

    def _form_field(self, field: str | None) -> str:
        """The form's field for the importer's name of it ("source.url" is source_url); None for the whole form."""
        name = (field or "").split("[")[0]
        if name.startswith("source."):
            name = "source_" + name.removeprefix("source.")
        name = FORM_FIELD.get(name, name)
        return name if name in self.fields else NON_FIELD_ERRORS

    def save(self, commit: bool = True) -> Document:
        self.instance.languages = self.cleaned_data["languages"]
        self.instance.related = self.cleaned_data["related"]
        return super().save(commit)  # type: ignore[no-any-return]


class AuthorityForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Authority
        fields = ["id", "kind", "name", "dates", "description", "latitude", "longitude", "broader", "extra"]
        help_texts = {"dates": "EDTF, e.g. 1878/1953 for a person's life"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        record = {
            "kind": data.get("kind") or self.instance.kind,
            "id": data.get("id") or self.instance.pk,
            "name": data.get("name", ""),
            "dates": data.get("dates") or None,
            "description": data.get("description", ""),
        }
        try:
            parse_record(record)
        except RecordError as error:
            field = error.field if error.field and error.field in self.fields else NON_FIELD_ERRORS
            raise ValidationError({field: str(error)}) from None
        return data


class AttachmentForm(forms.ModelForm):  # type: ignore[type-arg]
    """An attachment row; a file chosen in `upload` is checked like an imported one and stored under its hash."""

    upload = forms.FileField(required=False, label="File (PDF or image)")

    class Meta:
        model = Attachment
        fields = ["label", "position"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is None and not self.instance.sha256:
            raise ValidationError({"upload": "Choose the file to attach."})
        if upload is not None:
            stored = FileRecord(path=upload.name or "attachment")
            try:
                store_stream(upload, upload.size or 0, stored)
            except AttachmentError as error:
                raise ValidationError({"upload": str(error)}) from None
            self.instance.path = stored.path
            self.instance.media_type = stored.media_type
            self.instance.sha256 = stored.sha256
            self.instance.size = stored.size
        return data
