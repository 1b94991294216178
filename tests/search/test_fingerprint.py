"""A document's fingerprint in the index: what `readingroom check` compares with the catalogue."""

import dataclasses
import datetime
import hashlib
import json

from readingroom.search.schema import IndexDocument, fingerprint


def _document(**changes: object) -> IndexDocument:
    document = IndexDocument(
        id="frus1952-54v14/d12",
        title="Report, Zhou Enlai to the Chairman [Mao Zedong]",
        date="1952-09-22",
        earliest=datetime.date(1952, 9, 22),
        latest=datetime.date(1952, 9, 22),
        summary="Zhou and Stalin discuss the POW issue.",
        text="The Soviet side agreed…",
        transcripts=[("zh", "周恩来"), ("ru", "Чжоу Эньлай")],
        access="public",
        added=1_700_000_000,
        pages=[(0, "12"), (340, "13")],
        names={"person": ["Zhou Enlai", "Chou En-lai", "周恩来"], "place": ["Moscow"]},
        facets={"people": ["person/zhou-enlai"], "type": ["Report"], "features": []},
    )
    return dataclasses.replace(document, **changes)  # type: ignore[arg-type]


def test_the_fingerprint_is_the_one_indexes_already_hold() -> None:
    """The hash of the document's JSON, as it was when made from a deep copy (dataclasses.asdict)."""
    document = _document()
    copied = json.dumps(dataclasses.asdict(document), ensure_ascii=False, sort_keys=True, default=str)
    assert fingerprint(document) == hashlib.sha256(copied.encode()).hexdigest()[:32]


def test_any_change_of_what_is_indexed_changes_the_fingerprint() -> None:
    prints = {
        fingerprint(_document()),
        fingerprint(_document(title="Report")),
        fingerprint(_document(latest=datetime.date(1952, 9, 23))),
        fingerprint(_document(names={"person": ["Zhou Enlai"], "place": ["Moscow"]})),
        fingerprint(_document(facets={"people": ["person/mao"], "type": ["Report"], "features": []})),
        fingerprint(_document(pages=[(0, "12")])),
        fingerprint(_document(access="restricted")),
    }
    assert len(prints) == 7
