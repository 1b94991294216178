"""The catalogue: the record of truth. The search index is derived from these tables and can always be rebuilt."""

from django.conf import settings
from django.db import models


class AuthorityKind(models.TextChoices):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    TOPIC = "topic"
    COLLECTION = "collection"


class Authority(models.Model):
    """A person, organization, place, topic or collection, under one preferred name and any number of variants."""

    id = models.CharField(primary_key=True, max_length=200)
    kind = models.CharField(max_length=20, choices=AuthorityKind.choices, db_index=True)
    name = models.CharField(max_length=300)
    dates = models.CharField(max_length=64, blank=True)
    description = models.TextField(blank=True)
    broader = models.ManyToManyField("self", symmetrical=False, related_name="narrower", blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name


class NameVariant(models.Model):
    """One name of an authority (the preferred name included), with its lookup key (see names.normalize)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True)
    preferred = models.BooleanField(default=False)
    generated = models.BooleanField(
        default=False, help_text="derived from another name (Wade-Giles from pinyin, Latin from Cyrillic ...)"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["authority", "position"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="unique_name_per_authority")]

    def __str__(self) -> str:
        return self.name


class AuthorityAlias(models.Model):
    """Another id an authority is known by: a person listed in many volumes has one id per volume's list, each an
    alias of the one person (the interchange format carries them as `extra.same_as`)."""

    alias = models.CharField(primary_key=True, max_length=200)
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name_plural = "authority aliases"

    def __str__(self) -> str:
        return f"{self.alias} -> {self.authority_id}"


class Access(models.TextChoices):
    """Who may see a document: readers see only PUBLIC ones; signed-in staff see all."""

    PUBLIC = "public"
    RESTRICTED = "restricted"  # may not be shown yet (declassification, privacy, rights)
    UNPUBLISHED = "unpublished"  # a draft being prepared


class Document(models.Model):
    id = models.CharField(primary_key=True, max_length=200)
    title = models.TextField()
    date = models.CharField(max_length=64, blank=True, help_text="EDTF, as imported; blank when undated")
    date_earliest = models.DateField(null=True, blank=True, db_index=True)
    date_latest = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    text = models.TextField(blank=True)
    languages = models.JSONField(default=list, blank=True)
    type = models.CharField(max_length=200, blank=True, db_index=True)
    source_repository = models.TextField(blank=True)
    source_citation = models.TextField(blank=True)
    source_publication = models.TextField(blank=True)
    source_url = models.TextField(blank=True)
    credits = models.TextField(blank=True)
    rights = models.TextField(blank=True)
    related = models.JSONField(default=list, blank=True)
    access = models.CharField(max_length=20, choices=Access.choices, default=Access.PUBLIC, db_index=True)
    extra = models.JSONField(default=dict, blank=True)
    authorities = models.ManyToManyField(Authority, through="DocumentAuthority", related_name="documents")
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="of the document as last imported, authorities resolved: a re-import that matches it changes nothing",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date_earliest", "id"]
        # Harvesters read public documents in the order of their datestamps (see records.harvesting).
        indexes = [models.Index(fields=["access", "modified", "id"], name="document_harvest_order")]

    def __str__(self) -> str:
        return self.title


class Role(models.TextChoices):
    """How a document names an authority; the values are the interchange format's field names."""

    AUTHOR = "authors"
    RECIPIENT = "recipients"
    PERSON = "people"
    ORGANIZATION = "organizations"
    PLACE = "places"
    TOPIC = "topics"
    COLLECTION = "collections"


class DocumentAuthority(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="links")
    role = models.CharField(max_length=20, choices=Role.choices)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["document", "role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "role", "authority"], name="unique_authority_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.role} {self.authority_id}"


class Transcript(models.Model):
    """The document's text in an original language (BCP 47 tag)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="transcripts")
    language = models.CharField(max_length=35)
    text = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"{self.document_id} ({self.language})"


class Reading(models.TextChoices):
    """Where an attachment's text stands: waiting for a job to read it, read, or failed (some page or the file)."""

    WAITING = "waiting"
    READ = "read"
    FAILED = "failed"


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    path = models.TextField()
    label = models.TextField(blank=True)
    media_type = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, help_text="the stored file's name under attachments/")
    size = models.BigIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    reading = models.CharField(
        max_length=10,
        choices=Reading.choices,
        blank=True,
        default="",
        db_index=True,
        help_text="whether its pages' text has been read (blank: not a scan)",
    )
    reading_error = models.TextField(blank=True, help_text="why the file or some of its pages could not be read")

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return self.label or self.path


class ScanPage(models.Model):
    """One page of a scan as read: its text (from the PDF's text layer, or machine-read by Tesseract), the words with
    their boxes (an ALTO file beside the stored scan), and the page image's size in pixels at the resolution read."""

    class Method(models.TextChoices):
        TEXT_LAYER = "text layer"
        OCR = "ocr"

    attachment = models.ForeignKey(Attachment, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(help_text="1-based")
    method = models.CharField(max_length=12, choices=Method.choices, blank=True)
    text = models.TextField(blank=True)
    languages = models.CharField(max_length=100, blank=True, help_text="Tesseract's languages, e.g. rus+eng")
    confidence = models.FloatField(null=True, blank=True, help_text="Tesseract's mean word confidence, 0-100")
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    alto = models.TextField(blank=True, help_text="the ALTO file's path under attachments/")
    error = models.TextField(blank=True, help_text="why this page could not be read")

    class Meta:
        ordering = ["attachment", "number"]
        constraints = [models.UniqueConstraint(fields=["attachment", "number"], name="one_row_a_scan_page")]

    def __str__(self) -> str:
        return f"{self.attachment}, page {self.number}"


class ChangeSet(models.Model):
    """One act of someone's: an edit, an import of some files, a restore, a merge. Its revisions belong to it."""

    class Kind(models.TextChoices):
        EDIT = "edit"
        IMPORT = "import"
        API = "api"
        RESTORE = "restore"
        MERGE = "merge"
        DELETE = "delete"
        COMMAND = "command"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.TextField(blank=True, help_text="what was done, e.g. the imported files' names")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.label}".strip()


class Revision(models.Model):
    """A record as it stood after one change (or its deletion): the history editors read, compare and restore."""

    changeset = models.ForeignKey(ChangeSet, null=True, blank=True, on_delete=models.PROTECT, related_name="revisions")
    subject = models.CharField(max_length=20)  # "document" or "authority", as in the change log
    subject_id = models.CharField(max_length=200)
    deleted = models.BooleanField(default=False)
    record = models.JSONField(null=True, blank=True, help_text="the record in the interchange format; null if deleted")
    files = models.JSONField(default=list, blank=True, help_text="the stored files' SHA-256 and size, by attachment")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["subject", "subject_id", "id"], name="revision_history")]

    def __str__(self) -> str:
        return f"{self.subject} {self.subject_id} at {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A key a script sends as `Authorization: Bearer <key>` to write through the API as its user. Only the key's
    SHA-256 is stored; the key itself is shown once, when it is created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=200, help_text="what the token is for, e.g. the script's name")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class Change(models.Model):
    """The change log: every write adds one entry in the same transaction; each node's indexer applies them in order."""

    class Subject(models.TextChoices):
        DOCUMENT = "document"
        AUTHORITY = "authority"

    class Action(models.TextChoices):
        SAVED = "saved"
        DELETED = "deleted"

    sequence = models.BigAutoField(primary_key=True)
    subject = models.CharField(max_length=20, choices=Subject.choices)
    subject_id = models.CharField(max_length=200)
    action = models.CharField(max_length=20, choices=Action.choices)
    public = models.BooleanField(
        default=False, help_text="the subject is public after this change (for a deletion: it was public before)"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sequence"]
        # Harvesters look for the few documents that were withdrawn or deleted, then at their histories
        # (records.harvesting); the query repeats the partial index's condition word for word so it is used.
        indexes = [
            models.Index(
                fields=["subject", "subject_id"],
                condition=models.Q(public=False) | models.Q(action="deleted"),
                name="change_withdrawn",
            ),
            models.Index(fields=["subject", "subject_id"], name="change_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence} {self.subject} {self.subject_id} {self.action}"


class HarvestSource(models.Model):
    """Another archive harvested over OAI-PMH (records/harvests.py): where to ask, and how far the last harvest got."""

    slug = models.CharField(primary_key=True, max_length=100, help_text="names its documents: harvest/<slug>/...")
    url = models.URLField(max_length=500, help_text="the base URL of its OAI-PMH interface")
    set_spec = models.CharField(max_length=200, blank=True)
    prefix = models.CharField(max_length=50, default="oai_dc")
    repository_name = models.TextField(blank=True, help_text="as its Identify answer gives it")
    harvested_until = models.CharField(
        max_length=30, blank=True, help_text="the responseDate of the last complete harvest: the next one asks from it"
    )
    resumption_token = models.TextField(
        blank=True, help_text="the last page stored of a harvest that stopped midway: the next one resumes after it"
    )
    resumption_from = models.CharField(max_length=30, blank=True, help_text="the responseDate that harvest began at")
    last_harvested = models.DateTimeField(null=True, blank=True)
    last_status = models.TextField(blank=True)
    every_hours = models.PositiveIntegerField(
        null=True, blank=True, help_text="harvested again by the job worker every so many hours"
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.url
