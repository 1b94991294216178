"""Does the search index agree with the catalogue? Every document indexed once, with its current content (the
fingerprint of what the indexer would write now), nothing indexed that the catalogue lacks, every change applied;
and the same of the public documents' index (SearchIndex.public), which must hold the public documents alone."""

from dataclasses import dataclass, field

from readingroom.records.indexer import DOCUMENTS_PER_CHUNK, Indexer, latest_change
from readingroom.records.mapping import AuthorityNames, index_documents
from readingroom.records.models import Access, Document
from readingroom.search.index import SearchIndex
from readingroom.search.schema import fingerprint


@dataclass
class Differences:
    documents: int  # in the catalogue
    indexed: int  # entries in the index
    missing: list[str] = field(default_factory=list)  # in the catalogue, not in the index
    stale: list[str] = field(default_factory=list)  # indexed with content that is no longer the catalogue's
    duplicated: list[str] = field(default_factory=list)  # indexed more than once
    stray: list[str] = field(default_factory=list)  # indexed, not in the catalogue
    exposed: list[str] = field(default_factory=list)  # in the public documents' index, not public
    unapplied: int = 0  # changes in the log the index has not applied

    @property
    def agree(self) -> bool:
        return not (self.missing or self.stale or self.duplicated or self.stray or self.exposed or self.unapplied)

    @property
    def to_repair(self) -> list[str]:
        return sorted({*self.missing, *self.stale, *self.duplicated, *self.stray, *self.exposed})


def compare(index: SearchIndex) -> Differences:
    indexed = index.fingerprints()
    shown = index.public.fingerprints()
    applied = index.applied_sequence()
    differences = Differences(
        documents=Document.objects.count(),
        indexed=sum(len(prints) for prints in indexed.values()),
        unapplied=max(0, latest_change() - applied),
    )
    names = AuthorityNames()
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), DOCUMENTS_PER_CHUNK):
        for document in index_documents(ids[start : start + DOCUMENTS_PER_CHUNK], names):
            expected = fingerprint(document)
            _compare_one(document.id, indexed.pop(document.id, []), expected, differences)
            public = shown.pop(document.id, [])
            if document.access == Access.PUBLIC:
                _compare_one(document.id, public, expected, differences)
            elif public:
                differences.exposed.append(document.id)
    differences.stray = sorted(set(indexed) | set(shown))
    return differences


def _compare_one(document_id: str, prints: list[str], expected: str, differences: Differences) -> None:
    """One index's entries for a document against the fingerprint it should have (each difference told once)."""
    if not prints:
        found = differences.missing
    elif len(prints) > 1:
        found = differences.duplicated
    elif prints[0] != expected:
        found = differences.stale
    else:
        return
    if found[-1:] != [document_id]:
        found.append(document_id)


def repair(index: SearchIndex, differences: Differences) -> int:
    """Index again what differs, then apply the changes not yet applied; no full rebuild."""
    indexer = Indexer(index)
    repaired = indexer.repair(differences.to_repair) if differences.to_repair else 0
    return repaired + indexer.catch_up()
