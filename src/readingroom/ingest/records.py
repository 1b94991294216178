"""Plain records of the interchange format (shared/schema/record.schema.json), free of any storage.

Importers turn files into these; the catalogue stores them; the exporter writes them back out.
"""

from dataclasses import dataclass, field
from typing import Any

AUTHORITY_KINDS = ("person", "organization", "place", "topic", "collection")
# Fields of a document that name authorities, with the kind a new name creates.
DOCUMENT_REFERENCES = {
    "authors": "person",
    "recipients": "person",
    "people": "person",
    "organizations": "organization",
    "places": "place",
    "topics": "topic",
    "collections": "collection",
}
ACCESS_LEVELS = ("public", "restricted", "unpublished")  # only "public" is ever shown to readers


@dataclass
class Source:
    repository: str = ""
    citation: str = ""
    publication: str = ""
    url: str = ""

    def to_json(self) -> dict[str, str]:
        return {name: value for name, value in vars(self).items() if value}


@dataclass
class Transcript:
    language: str
    text: str


@dataclass
class Attachment:
    path: str
    label: str = ""
    media_type: str = ""
    sha256: str = ""  # of the stored copy, once stored; not part of the interchange format
    size: int | None = None

    def to_json(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ("path", "label", "media_type") if getattr(self, name)}


@dataclass
class DocumentRecord:
    id: str
    title: str
    date: str | None = None
    summary: str = ""
    text: str = ""
    transcripts: list[Transcript] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    type: str = ""
    authors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    source: Source = field(default_factory=Source)
    credits: str = ""
    rights: str = ""
    related: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    access: str = "public"
    extra: dict[str, Any] = field(default_factory=dict)

    def references(self, name: str) -> list[str]:
        values: list[str] = getattr(self, name)
        return values

    def to_json(self) -> dict[str, Any]:
        """The record as one line of the interchange format, empty fields left out."""
        record: dict[str, Any] = {"kind": "document", "id": self.id, "title": self.title}
        if self.date:
            record["date"] = self.date
        for name in ("summary", "text", "type", "credits", "rights"):
            if getattr(self, name):
                record[name] = getattr(self, name)
        if self.transcripts:
            record["transcripts"] = [{"language": t.language, "text": t.text} for t in self.transcripts]
        for name in ("languages", *DOCUMENT_REFERENCES, "related"):
            if getattr(self, name):
                record[name] = list(getattr(self, name))
        if self.source.to_json():
            record["source"] = self.source.to_json()
        if self.attachments:
            record["attachments"] = [attachment.to_json() for attachment in self.attachments]
        if self.access != "public":
            record["access"] = self.access
        if self.extra:
            record["extra"] = self.extra
        return record


@dataclass
class AuthorityRecord:
    kind: str
    id: str
    name: str
    variants: list[str] = field(default_factory=list)
    dates: str | None = None
    description: str = ""
    broader: list[str] = field(default_factory=list)
    coordinates: tuple[float, float] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"kind": self.kind, "id": self.id, "name": self.name}
        if self.variants:
            record["variants"] = list(self.variants)
        if self.dates:
            record["dates"] = self.dates
        if self.description:
            record["description"] = self.description
        if self.broader:
            record["broader"] = list(self.broader)
        if self.coordinates is not None:
            record["coordinates"] = list(self.coordinates)
        if self.extra:
            record["extra"] = self.extra
        return record


Record = DocumentRecord | AuthorityRecord
