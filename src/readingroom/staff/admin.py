"""The staff site at /staff/: Django's admin, with every write going through the catalogue's services, so each edit
is logged for the indexers, kept as a revision and searchable at once."""

import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from readingroom.names.normalize import name_key
from readingroom.records.cataloguing import needing_cataloguing
from readingroom.records.duplicates import probable_duplicates
from readingroom.records.history import changeset, differences, revisions
from readingroom.records.models import (
    ApiToken,
    Attachment,
    Authority,
    AuthorityAlias,
    AuthorityKind,
    ChangeSet,
    Document,
    DocumentAuthority,
    NameVariant,
    Revision,
    Transcript,
)
from readingroom.records.reading import jobs, reading_state
from readingroom.records.restoring import restore_revision
from readingroom.records.services import (
    authority_edited,
    delete_authority,
    delete_document,
    document_edited,
    merge_authority,
)
from readingroom.staff.forms import AttachmentForm, AuthorityForm, DocumentForm
from readingroom.staff.imports import ShownReport, UploadForm, declared_length, run_import, too_large
from readingroom.staff.roles import role_of
from readingroom.staff.staging import discard, stage, staged_file
from readingroom.staff.tokens import digest


class StaffSite(admin.AdminSite):
    site_header = "readingroom staff"
    site_title = "readingroom staff"
    index_title = "Curate the archive"
    site_url = "/"

    def get_urls(self) -> list[Any]:
        return [
            path("import/", self.admin_view(csrf_exempt(self.import_view)), name="import"),
            path("jobs/", self.admin_view(self.jobs_view), name="jobs"),
            path("cataloguing/", self.admin_view(self.cataloguing_view), name="cataloguing"),
            *super().get_urls(),
        ]

    def jobs_view(self, request: HttpRequest) -> HttpResponse:
        """Scans queued, being read and failed (restricted documents' too: only staff see this page)."""
        context = {
            **self.each_context(request),
            "title": "Jobs: reading scans",
            "jobs": jobs(),
            "state": reading_state(),
        }
        return render(request, "staff/jobs.html", context)

    def cataloguing_view(self, request: HttpRequest) -> HttpResponse:
        """Documents imported from scans no sidecar described, each linked to its edit page."""
        documents = [
            (document, reverse("staff:records_document_change", args=[quote(document.pk)]))
            for document in needing_cataloguing()
        ]
        context = {**self.each_context(request), "title": "Scans to catalogue", "documents": documents}
        return render(request, "staff/cataloguing.html", context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Editors and admins upload a file, read the dry run's report, then import it. Exempt from the CSRF
        middleware only so that a file over the limit is refused by its declared length before its body is read;
        the form itself is checked (csrf_protect) as every other form is."""
        if role_of(request.user) == "reader":
            raise PermissionDenied
        if request.method == "POST" and declared_length(request) > settings.MAX_UPLOAD_BYTES:
            page = self._import_page(request, UploadForm(), error=too_large(settings.MAX_UPLOAD_BYTES))
            page.status_code = 413
            return page
        return csrf_protect(self._import_form)(request)

    def _import_form(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and "token" in request.POST:
            return self._import_staged(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return self._import_page(request, form, status=400 if request.method == "POST" else 200)
        upload = form.cleaned_data["file"]
        token = stage(upload.name, upload.chunks())
        path = staged_file(token)
        assert path is not None  # just written
        report = run_import(path, request.user, dry_run=True)
        return self._import_page(request, UploadForm(), report=report, token=token)

    def _import_staged(self, request: HttpRequest) -> HttpResponse:
        token = request.POST.get("token", "")
        path = staged_file(token)
        if path is None:
            error = "That upload is no longer kept (imported already, or older than a day); upload the file again"
            return self._import_page(request, UploadForm(), error=error, status=400)
        report = run_import(path, request.user, dry_run=False)
        discard(token)
        return self._import_page(request, UploadForm(), report=report)

    def _import_page(
        self,
        request: HttpRequest,
        form: forms.Form,
        report: ShownReport | None = None,
        token: str = "",
        error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        context = {
            **self.each_context(request),
            "title": "Import a file",
            "form": form,
            "report": report,
            "token": token,
            "error": error,
        }
        return render(request, "staff/import.html", context, status=status)


staff_site = StaffSite(name="staff")


class HistoryMixin:
    """The history of a record: its revisions, newest first, each with what it changed; a button restores one."""

    subject = ""

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        model_admin: admin.ModelAdmin[Any] = self  # type: ignore[assignment]
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        entries = []
        previous: dict[str, Any] | None = None
        for revision in revisions(self.subject, object_id):
            entries.append((revision, differences(previous, revision.record)))
            previous = revision.record
        context = {
            **staff_site.each_context(request),
            "title": f"History of {object_id}",
            "subject_id": object_id,
            "entries": list(reversed(entries)),
            "can_restore": model_admin.has_change_permission(request),
            "opts": model_admin.model._meta,
        }
        return render(request, "staff/history.html", context)

    def restore_view(self, request: HttpRequest, object_id: str, revision_id: str) -> HttpResponse:
        model_admin: admin.ModelAdmin[Any] = self  # type: ignore[assignment]
        if request.method != "POST" or not model_admin.has_change_permission(request):
            raise PermissionDenied
        revision = get_object_or_404(Revision, pk=revision_id, subject=self.subject, subject_id=object_id)
        if revision.record is None:
            messages.error(request, "A deletion cannot be restored; restore the revision before it.")
        else:
            label = f"restore of {object_id} to its revision of {revision.at:%Y-%m-%d %H:%M:%S}"
            with changeset(ChangeSet.Kind.RESTORE, label, request.user):
                restore_revision(revision)
            messages.success(request, f"Restored {object_id} as it was at {revision.at:%Y-%m-%d %H:%M:%S} UTC.")
        opts = model_admin.model._meta
        return HttpResponseRedirect(reverse(f"staff:{opts.app_label}_{opts.model_name}_history", args=[object_id]))

    def history_urls(self) -> list[URLPattern]:
        model_admin: admin.ModelAdmin[Any] = self  # type: ignore[assignment]
        opts = model_admin.model._meta
        return [
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                model_admin.admin_site.admin_view(self.restore_view),
                name=f"{opts.app_label}_{opts.model_name}_restore",
            )
        ]


class EditedAsChangeSet:
    """Each save in the staff forms is one change set, with the editor's name on it."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        label = f"edit of {object_id}" if object_id else "new record"
        with changeset(ChangeSet.Kind.EDIT, label, request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc,no-any-return]


class LinkInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DocumentAuthority
    fields = ["role", "authority", "position"]
    autocomplete_fields = ["authority"]
    extra = 1
    verbose_name = "named authority"
    verbose_name_plural = "People, places, topics and collections named (authors and recipients too)"


class TranscriptInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Transcript
    fields = ["language", "text", "position"]
    extra = 0


class AttachmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Attachment
    form = AttachmentForm
    fields = ["label", "upload", "path", "media_type", "size", "position"]
    readonly_fields = ["path", "media_type", "size"]
    extra = 0


@admin.register(Document, site=staff_site)
class DocumentAdmin(HistoryMixin, EditedAsChangeSet, admin.ModelAdmin):  # type: ignore[type-arg]
    subject = "document"
    form = DocumentForm
    list_display = ["id", "title", "date", "type", "access", "modified"]
    list_filter = ["access", "type"]
    search_fields = ["id", "title"]
    ordering = ["-modified"]
    inlines = [LinkInline, TranscriptInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["id", "title", "date", "type", "access", "languages_text", "summary", "text"]}),
        ("Source", {"fields": ["source_repository", "source_citation", "source_publication", "source_url"]}),
        ("More", {"fields": ["credits", "rights", "related_text", "extra"]}),
    ]

    def get_urls(self) -> list[Any]:
        return [*self.history_urls(), *super().get_urls()]

    def get_readonly_fields(self, request: HttpRequest, obj: Document | None = None) -> list[str]:
        return ["id"] if obj else []  # an id is for ever: a new id is a new document

    def view_on_site(self, obj: Document) -> str:
        return reverse("document", args=[obj.id])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        document_edited(form.instance.pk)

    def delete_model(self, request: HttpRequest, obj: Document) -> None:
        with changeset(ChangeSet.Kind.DELETE, f"deletion of {obj.pk}", request.user):
            delete_document(obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        ids = list(queryset.values_list("id", flat=True))
        with changeset(ChangeSet.Kind.DELETE, f"deletion of {len(ids)} documents", request.user):
            for document_id in ids:
                delete_document(document_id)


class NameInline(admin.TabularInline):  # type: ignore[type-arg]
    """The names an editor lists; other romanisations and scripts are generated from them when saved."""

    model = NameVariant
    fields = ["name", "position"]
    extra = 1
    verbose_name = "other name (variant, pseudonym, other script)"
    verbose_name_plural = "Other names (spellings generated from them are added when saved)"

    def get_queryset(self, request: HttpRequest) -> QuerySet[NameVariant]:
        return super().get_queryset(request).filter(generated=False, preferred=False)


class AliasInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AuthorityAlias
    fields = ["alias"]
    readonly_fields = ["alias"]
    extra = 0
    can_delete = False
    verbose_name_plural = "Other ids (merged authorities, per-volume ids)"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Authority.objects.all(),
        label="Merge into",
        widget=AutocompleteSelect(Authority._meta.get_field("broader"), staff_site),
    )


@admin.register(Authority, site=staff_site)
class AuthorityAdmin(HistoryMixin, EditedAsChangeSet, admin.ModelAdmin):  # type: ignore[type-arg]
    subject = "authority"
    form = AuthorityForm
    list_display = ["name", "kind", "id", "dates"]
    list_filter = ["kind"]
    search_fields = ["name", "id", "names__name"]
    ordering = ["name"]
    autocomplete_fields = ["broader"]
    inlines = [NameInline, AliasInline]
    actions = ["merge"]
    change_list_template = "staff/authority_changelist.html"

    def get_urls(self) -> list[Any]:
        duplicates = path(
            "duplicates/", self.admin_site.admin_view(self.duplicates_view), name="records_authority_duplicates"
        )
        return [duplicates, *self.history_urls(), *super().get_urls()]

    def duplicates_view(self, request: HttpRequest) -> HttpResponse:
        """Probable duplicates (records/duplicates.py), each with a button that merges it as the merge action does."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        kind = request.GET.get("kind", "")
        kind = kind if kind in AuthorityKind.values else AuthorityKind.PERSON
        context = {
            **staff_site.each_context(request),
            "title": "Probable duplicates",
            "kind": kind,
            "kinds": AuthorityKind.choices,
            "duplicates": probable_duplicates(kind),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "staff/duplicates.html", context)

    def get_readonly_fields(self, request: HttpRequest, obj: Authority | None = None) -> list[str]:
        return ["id"] if obj else []

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for row in formset.save(commit=False):
            if isinstance(row, NameVariant):
                row.key = name_key(row.name)  # store_names rebuilds every name once the form is saved
                # A name the editor lists may be one already generated (Koba, from the table of conventional
                # names): the listed one takes its place.
                generated = NameVariant.objects.filter(authority_id=row.authority_id, name=row.name, generated=True)
                generated.exclude(pk=row.pk).delete()
            row.save()
        for row in formset.deleted_objects:
            row.delete()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        authority_edited(form.instance.pk)

    def delete_model(self, request: HttpRequest, obj: Authority) -> None:
        with changeset(ChangeSet.Kind.DELETE, f"deletion of {obj.pk}", request.user):
            if not delete_authority(obj.pk):
                messages.error(request, f"{obj} is named by documents: merge it into another authority instead.")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Authority]) -> None:
        for authority in queryset:
            self.delete_model(request, authority)

    @admin.action(description="Merge the selected authorities into another", permissions=["change"])
    def merge(self, request: HttpRequest, queryset: QuerySet[Authority]) -> HttpResponse | None:
        form = MergeForm(request.POST if "target" in request.POST else None)
        if form.is_valid():
            target = form.cleaned_data["target"]
            sources = [authority for authority in queryset if authority.pk != target.pk]
            label = f"merge of {', '.join(a.pk for a in sources)} into {target.pk}"
            with changeset(ChangeSet.Kind.MERGE, label, request.user), transaction.atomic():
                moved = sum(merge_authority(source.pk, target.pk) for source in sources)
            messages.success(request, f"Merged {len(sources)} into {target}; {moved} documents now name {target}.")
            return None
        context = {
            **staff_site.each_context(request),
            "title": "Merge authorities",
            "form": form,
            "authorities": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "staff/merge.html", context)


@admin.register(ChangeSet, site=staff_site)
class ChangeSetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Who changed what and when, across the archive: edits, imports, restores, merges and deletions."""

    list_display = ["at", "user", "kind", "label", "revision_count"]
    list_filter = ["kind", "user"]
    search_fields = ["label", "revisions__subject_id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ChangeSet]:
        # One that changed nothing is deleted as it closes; one left open by a killed import is not shown either.
        changed = Exists(Revision.objects.filter(changeset=OuterRef("pk")))
        return super().get_queryset(request).filter(changed).select_related("user")

    @admin.display(description="records")
    def revision_count(self, obj: ChangeSet) -> int:
        return obj.revisions.count()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TokenForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken, site=staff_site)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admins create a token for a staff member's scripts; the key is shown once, then only its digest is kept."""

    form = TokenForm
    list_display = ["name", "user", "created", "last_used"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    has_add_permission = has_module_permission

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        key = secrets.token_urlsafe(32)
        obj.digest = digest(key)
        super().save_model(request, obj, form, change)
        messages.warning(request, f"The key of {obj.name!r} (shown this once; copy it now): {key}")


staff_site.register(User, UserAdmin)
staff_site.register(Group, GroupAdmin)
