"""A real harvester (oaipmh-scythe, from PyPI) takes the whole FRUS sample from `readingroom serve`, page by page."""

import json
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from oaipmh_scythe import Scythe
from oaipmh_scythe.iterator import OAIResponseIterator
from oaipmh_scythe.models import Header, Record, Set
from oaipmh_scythe.response import OAIResponse

from tests.conftest import SAMPLE, run_cli, serving
from tests.oai.conftest import SCHEMA

PAGE_SIZE = 50
WITHDRAWN = "frus1958-60v17/d100"
RESTRICTED = {"id": "secret/zanzibar-7", "title": "Zanzibar telegram", "access": "restricted", "topics": ["Zanzibar"]}


@pytest.fixture(scope="module")
def frus_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """The bundled sample with one FRUS document withdrawn (made restricted) and one restricted document added;
    with the ids of the public documents, as the archive's own export has them."""
    home = tmp_path_factory.mktemp("oai-harvest")
    changes = home / "changes.jsonl"
    withdrawn = {"id": WITHDRAWN, "title": "Withdrawn: zanzibar", "access": "restricted"}
    changes.write_text("".join(json.dumps(record) + "\n" for record in (withdrawn, RESTRICTED)))
    run_cli("import", str(SAMPLE), str(SAMPLE.parent / "frus"), home=home)
    run_cli("import", str(changes), home=home)
    exported = run_cli("export", "-", home=home).stdout.splitlines()
    public = {
        record["id"]
        for record in map(json.loads, exported)
        if record.get("kind", "document") == "document" and record.get("access", "public") == "public"
    }
    return home, public


@pytest.mark.slow
def test_a_harvester_gets_every_public_record_once(
    frus_archive: tuple[Path, set[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, public = frus_archive
    assert len(public) == 626
    monkeypatch.setenv("READINGROOM_OAI_PAGE_SIZE", str(PAGE_SIZE))
    monkeypatch.setenv("READINGROOM_OAI_REPOSITORY_ID", "frus.example.org")
    with serving(home) as address, Scythe(f"{address}/oai") as scythe:
        assert scythe.identify().xml.findtext("{*}deletedRecord") == "persistent"
        records = [record for record in scythe.list_records(metadata_prefix="oai_dc") if isinstance(record, Record)]
        sets = [item.setSpec for item in scythe.list_sets() if isinstance(item, Set)]
        in_volume = [
            header.identifier
            for header in scythe.list_identifiers(metadata_prefix="oai_dc", set_="collection:frus1958-60v17")
            if isinstance(header, Header)
        ]
        with Scythe(f"{address}/oai", iterator=OAIResponseIterator) as by_page:
            pages = list(by_page.list_records(metadata_prefix="readingroom"))
    live = Counter(record.header.identifier for record in records if not record.deleted)
    assert set(live) == {f"oai:frus.example.org:{document_id}" for document_id in public}
    assert set(live.values()) == {1}
    assert [record.header.identifier for record in records if record.deleted] == [f"oai:frus.example.org:{WITHDRAWN}"]
    assert all(record.metadata["title"] for record in records if not record.deleted)
    assert all("zanzibar" not in record.raw.lower() for record in records)
    assert sets == ["collection", "collection:frus1955-57v02", "collection:frus1958-60v17", "collection:korean-war",
                    "collection:sino-soviet"]  # fmt: skip
    assert len(in_volume) == len({i for i in public if i.startswith("frus1958-60v17/")}) == len(set(in_volume))
    assert len(pages) == -(-(len(public) + 1) // PAGE_SIZE)
    harvested = 0
    for page in pages:
        assert isinstance(page, OAIResponse)
        root = page.xml
        SCHEMA.assertValid(root)
        harvested += len(root.findall(".//{*}ListRecords/{*}record"))
        assert "zanzibar" not in etree.tostring(root, encoding="unicode").lower()
    assert harvested == len(public) + 1
