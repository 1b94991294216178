"""`readingroom harvest` against a second readingroom node over loopback: full records in the archive's own format,
restricted documents never harvested, then an incremental harvest after an edit and a deletion."""

import json
from pathlib import Path

import pytest

from readingroom.records.harvests import source_slug
from tests.conftest import SAMPLE, run_cli, serving

ENV = {"READINGROOM_OAI_PAGE_SIZE": "3", "READINGROOM_OAI_REPOSITORY_ID": "elsewhere.example.org"}
SECRET = {"id": "secret/zanzibar-1", "title": "Zanzibar note", "access": "restricted"}
EDITED = "seed/1952-09-14-zhou-report"
DELETED = "seed/1952-08-20-stalin-zhou"
NAMING = {"id": "notes/1", "title": "A note naming others", "related": [EDITED, SECRET["id"]]}


def exported(home: Path) -> dict[str, dict[str, object]]:
    lines = map(json.loads, run_cli("export", "-", home=home).stdout.splitlines())
    return {record["id"]: record for record in lines if record.get("kind", "document") == "document"}


@pytest.mark.slow
def test_a_readingroom_node_is_harvested_in_full_then_incrementally(tmp_path: Path) -> None:
    source, here = tmp_path / "source", tmp_path / "here"
    run_cli("import", str(SAMPLE), home=source)
    (tmp_path / "secret.jsonl").write_text(json.dumps(SECRET) + "\n" + json.dumps(NAMING) + "\n")
    run_cli("import", str(tmp_path / "secret.jsonl"), home=source)
    originals = exported(source)
    with serving(source, env=ENV) as address:
        url = f"{address}/oai"
        first = run_cli("harvest", url, "--prefix", "readingroom", home=here)
        prefix = f"harvest/{source_slug(url)}/"
        documents = exported(here)
        assert set(documents) == {prefix + i for i in originals if i != SECRET["id"]}
        assert "8 added" in first.stdout
        assert "(3 pages; complete)" in first.stdout
        report = documents[prefix + EDITED]
        original = originals[EDITED]
        for field in ("title", "date", "summary", "text", "languages", "type", "credits", "rights"):
            assert report.get(field) == original.get(field), field
        assert documents[prefix + "notes/1"]["related"] == [prefix + EDITED]  # the restricted one never told
        assert report["extra"]["harvest"]["identifier"] == f"oai:elsewhere.example.org:{EDITED}"  # type: ignore[index]
        assert report["extra"]["harvest"]["link"] == f"{address}/documents/{EDITED}"  # type: ignore[index]

        edited = {**original, "title": "Report, Zhou Enlai to Mao Zedong (revised)"}
        (tmp_path / "edit.jsonl").write_text(json.dumps(edited) + "\n")
        run_cli("import", str(tmp_path / "edit.jsonl"), home=source)
        run_cli("delete", DELETED, home=source)
        again = run_cli("harvest", home=here)  # every source kept, from where it got
    assert "0 added, 1 updated" in again.stdout, again.stdout
    assert "1 deleted" in again.stdout
    documents = exported(here)
    assert documents[prefix + EDITED]["title"] == edited["title"]
    assert prefix + DELETED not in documents
    assert len(documents) == 7
    found = run_cli("search", "revised", home=here).stdout
    assert prefix + EDITED in found
    # The provenance travels with the export: an empty archive importing it exports the same.
    run_cli("export", str(tmp_path / "harvested.jsonl"), home=here)
    run_cli("import", str(tmp_path / "harvested.jsonl"), home=tmp_path / "copy")
    assert exported(tmp_path / "copy") == documents
    listed = run_cli("harvest", "--list", home=here).stdout
    assert url in listed
    assert "Documents: 0 added, 1 updated" in " ".join(listed.split())


@pytest.mark.slow
def test_the_command_line_refuses_what_it_cannot_harvest(tmp_path: Path) -> None:
    home = tmp_path / "home"
    nothing_yet = run_cli("harvest", home=home, check=False)
    assert nothing_yet.returncode == 2
    assert "no source has been harvested yet" in nothing_yet.stderr
    not_http = run_cli("harvest", "ftp://archive.example.org/oai", home=home, check=False)
    assert not_http.returncode == 2
    assert "'ftp://archive.example.org/oai' is not an http:// or https:// address" in not_http.stderr
    negative = run_cli("harvest", "http://127.0.0.1:9/oai", "--every", "-1", home=home, check=False)
    assert "--every -1: give a number of hours" in negative.stderr
    undated = run_cli("harvest", "http://127.0.0.1:9/oai", "--from", "someday", home=home, check=False)
    assert undated.returncode == 2
    assert "--from 'someday':" in undated.stderr
    down = run_cli("harvest", "http://127.0.0.1:9/oai", home=home, check=False)  # the discard port: no one listens
    assert down.returncode == 1
    assert "http://127.0.0.1:9/oai?verb=Identify: could not be reached" in down.stdout
    assert "stopped" in run_cli("harvest", "--list", home=home).stdout
