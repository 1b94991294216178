"""`readingroom search` reads dates as the search page does."""

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run_cli

pytestmark = pytest.mark.slow


def test_search_takes_dates_as_people_write_them_and_a_year_among_the_words(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    written = run_cli("search", "--from", "17 Sept. 1952", "--to", "19.9.1952", "--json", home=tmp_path).stdout
    assert sorted(hit["id"] for hit in json.loads(written)["hits"]) == [
        "seed/1952-09-17-filippov-mao",
        "seed/1952-09-19-stalin-zhou",
    ]
    among_words = run_cli("search", "Mao", "1959", home=tmp_path).stdout
    assert "Note: “1959” read as a date: documents of 1959." in among_words
    assert "Results: 1 - 1 of 1" in among_words
    ambiguous = run_cli("search", "--from", "9/10/1952", home=tmp_path).stdout
    assert 'Note: The “from” date was ignored: "9/10/1952" is ambiguous' in ambiguous
