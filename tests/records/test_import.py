import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from readingroom.records.importing import import_paths
from readingroom.records.models import Authority, Change, Document, DocumentAuthority
from tests.conftest import SAMPLE, seed_records

pytestmark = pytest.mark.django_db


def names_of(document_id: str, role: str) -> list[str]:
    links = DocumentAuthority.objects.filter(document_id=document_id, role=role).order_by("position")
    return [link.authority.name for link in links]


def test_the_sample_imports_with_counts(sample: Any) -> None:
    assert sample.count("documents", "added") == 7
    assert sample.count("authorities", "added") == 18
    assert sample.rejected == 0
    assert Document.objects.count() == 7
    # Places and topics the documents name but the sample does not define become authorities of their own.
    assert Authority.objects.filter(kind="place", name="Mongolia").exists()
    assert sample.created_authorities == Authority.objects.count() - 18


def test_reimporting_the_same_file_changes_nothing(sample: Any, load: Callable[..., Any]) -> None:
    changes = Change.objects.count()
    again = load(SAMPLE)
    assert again.count("documents", "unchanged") == 7
    assert again.count("authorities", "unchanged") == 18
    assert not again.changed
    assert Change.objects.count() == changes
    assert "Documents: 0 added, 0 updated, 7 unchanged" in again.summary()


def test_names_resolve_by_variant_whatever_case_accents_and_punctuation(sample: Any) -> None:
    assert names_of("seed/1952-09-17-filippov-mao", "authors") == ["Stalin, Joseph"]
    assert names_of("seed/1952-08-20-stalin-zhou", "people") == ["Stalin, Joseph", "Zhou Enlai"]
    assert names_of("seed/1952-09-22-zhou-report", "recipients") == [
        "Mao Zedong",
        "Chinese Communist Party Central Committee",
    ]


@pytest.mark.parametrize("spelling", ["n. s. khrushchev", "N.S.KHRUSHCHEV!", "Хрущев", "person/khrushchev"])
def test_a_document_may_name_an_authority_any_way(sample: Any, load: Callable[..., Any], spelling: str) -> None:
    load([{"id": "t/1", "title": "T", "people": [spelling], "places": ["lushun"]}])
    assert names_of("t/1", "people") == ["Khrushchev, Nikita Sergeyevich"]
    assert names_of("t/1", "places") == ["Port Arthur"]


def test_an_unknown_name_creates_an_authority_of_the_field_s_kind(sample: Any, load: Callable[..., Any]) -> None:
    load([{"id": "t/1", "title": "T", "people": ["Vyacheslav Molotov"], "topics": ["Disarmament"]}])
    assert Authority.objects.get(name="Vyacheslav Molotov").kind == "person"
    assert Authority.objects.get(name="Disarmament").kind == "topic"
    load([{"id": "t/2", "title": "T", "people": ["vyacheslav molotov"]}])
    assert Authority.objects.filter(name__iexact="Vyacheslav Molotov").count() == 1


def test_a_changed_record_is_updated_and_logged(sample: Any, load: Callable[..., Any]) -> None:
    record = seed_records()[-1]
    record["summary"] = "A new summary."
    report = load([record])
    assert report.count("documents", "updated") == 1
    assert Document.objects.get(pk=record["id"]).summary == "A new summary."
    assert Change.objects.filter(subject_id=record["id"]).count() == 2


def test_bad_lines_are_rejected_and_good_ones_kept_and_nothing_stored_is_lost(
    sample: Any, load: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "new/1", "title": "Kept"}\n'
        "{broken\n"
        '{"id": "seed/1952-09-22-zhou-report"}\n'
        '{"id": "new 2", "title": "Bad id"}\n'
        '{"id": "new/3", "title": "Bad date", "date": "1952-13"}\n'
        '{"id": "new/4", "title": "Kept too", "mood": "unknown field"}\n'
        '{"id": "new/5", "title": "Kept too"}\n'
        '{"kind": "person", "id": "person/nameless"}\n'
    )
    report = load(path)
    assert report.count("documents", "added") == 2
    assert [(r.line, r.field) for r in report.rejections] == [  # each once, in the file's order
        (2, None),
        (3, "title"),
        (4, "id"),
        (5, "date"),
        (6, "mood"),
        (8, "name"),
    ]
    assert Document.objects.get(pk="seed/1952-09-22-zhou-report").title.startswith("Report, Zhou Enlai")
    assert Document.objects.count() == 9


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.jsonl", b"", "empty file"),
        ("table.txt", b"id,title\n1,x\n", "not a JSON Lines (.jsonl), TEI (.xml) or spreadsheet"),
        ("picture.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\xff", "not UTF-8"),
    ],
)
def test_a_file_of_the_wrong_kind_is_a_message(
    db: None, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    report = import_paths([path])
    assert message in str(report.rejections[0])
    assert name in str(report.rejections[0])


def test_a_folder_is_imported_with_authorities_first(db: None, tmp_path: Path) -> None:
    (tmp_path / "a-documents.jsonl").write_text(json.dumps({"id": "d/1", "title": "T", "people": ["Filippov"]}) + "\n")
    (tmp_path / "b-authorities.jsonl").write_text(
        json.dumps({"kind": "person", "id": "person/stalin", "name": "Stalin", "variants": ["Filippov"]}) + "\n"
    )
    report = import_paths([tmp_path])
    assert report.created_authorities == 0
    assert names_of("d/1", "people") == ["Stalin"]


def test_broader_terms_may_be_defined_later(db: None, tmp_path: Path) -> None:
    path = tmp_path / "topics.jsonl"
    path.write_text(
        json.dumps({"kind": "topic", "id": "topic/pows", "name": "POWs", "broader": ["Korean War"]})
        + "\n"
        + json.dumps({"kind": "topic", "id": "topic/korean-war", "name": "Korean War"})
        + "\n"
    )
    import_paths([path])
    assert list(Authority.objects.get(pk="topic/pows").broader.values_list("id", flat=True)) == ["topic/korean-war"]
    assert not import_paths([path]).changed


def test_a_reference_that_is_no_name_is_dropped(sample: Any, load: Callable[..., Any]) -> None:
    record = {"id": "t/1", "title": "T", "places": ["[?]", "Korea", "—"]}
    load([record])
    assert names_of("t/1", "places") == ["Korea"]
    again = load([record])
    assert again.count("documents", "unchanged") == 1
    assert again.created_authorities == 0


def test_a_document_s_hash_is_that_of_its_canonical_json_with_its_files(sample: Any) -> None:
    """Stored hashes tell unchanged documents at the next import: the formula must not drift."""
    import hashlib
    import json

    from readingroom.records.batches import canonical_json, content_hash
    from readingroom.records.mapping import document_record

    record = document_record(Document.objects.get(pk="seed/1952-09-22-zhou-report"))
    text = json.dumps([record.to_json(), []], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert content_hash(record) == content_hash(record, canonical_json(record.to_json()))
    assert content_hash(record) == hashlib.sha256(text.encode()).hexdigest()
    assert Document.objects.get(pk=record.id).content_hash == content_hash(record)


def test_authors_and_recipients_that_are_bodies_or_offices_become_organizations(
    sample: Any, load: Callable[..., Any]
) -> None:
    report = load(
        [
            {
                "id": "t/1",
                "title": "T",
                "authors": ["Embassy in Poland", "Secretary Dulles"],
                "recipients": ["Department of State", "Secretary of State"],
            },
            {"id": "t/2", "title": "T", "authors": ["Polish Desk"], "organizations": ["Polish Desk"]},
        ]
    )
    kinds = dict(Authority.objects.values_list("name", "kind"))
    assert [kinds[name] for name in ("Embassy in Poland", "Department of State", "Secretary of State")] == [
        "organization"
    ] * 3
    assert kinds["Secretary Dulles"] == "person"
    # Listed among the document's organizations too: one organization, not a person beside it.
    assert list(Authority.objects.filter(name="Polish Desk").values_list("kind", flat=True)) == ["organization"]
    assert names_of("t/2", "authors") == names_of("t/2", "organizations") == ["Polish Desk"]
    # The summary tells how many of each kind the names made, so that a wrong guess shows.
    assert "New authorities created from names in documents: 5 (4 organizations, 1 person)" in report.summary()
