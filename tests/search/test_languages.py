"""Original-language transcripts are analysed for their language; names are matched as written."""

from collections.abc import Callable
from typing import Any

import pytest

from readingroom.records.searching import SearchRequest, search_archive

pytestmark = pytest.mark.django_db


def ids(q: str) -> set[str]:
    return {hit.id for hit in search_archive(SearchRequest(q=q)).hits}


@pytest.fixture
def transcripts(sample: Any, load: Callable[..., Any]) -> None:
    load(
        [
            {
                "id": "t/zh",
                "title": "Telegram",
                "transcripts": [{"language": "zh-Hans", "text": "周恩来同志与斯大林会谈。"}],
            },
            {
                "id": "t/ru",
                "title": "Minutes",
                "transcripts": [{"language": "ru", "text": "Беседа с Хрущёвым о переговорах."}],
            },
            {"id": "t/de", "title": "Brief", "transcripts": [{"language": "de", "text": "Gespräche über Korea"}]},
        ]
    )


@pytest.mark.parametrize("word", ["斯大林", "会谈", "周", "周恩来同志"])
def test_chinese_is_found_by_words_of_any_length(transcripts: None, word: str) -> None:
    assert "t/zh" in ids(word)


def test_chinese_characters_must_stand_together(transcripts: None) -> None:
    assert "t/zh" not in ids("来斯")


@pytest.mark.parametrize("word", ["Хрущёв", "Хрущев", "Хрущёва", "переговоры", "переговор"])
def test_russian_is_found_by_any_word_form(transcripts: None, word: str) -> None:
    assert "t/ru" in ids(word)


def test_other_languages_are_found_as_written_without_accents(transcripts: None) -> None:
    assert "t/de" in ids("Gesprache")
    assert "t/de" in ids("gespräche")


def test_names_are_matched_as_written_not_stemmed(sample: Any) -> None:
    assert search_archive(SearchRequest(q="person:Stalin")).total == 6
    assert search_archive(SearchRequest(q="person:Stalins")).total == 0
    assert search_archive(SearchRequest(q="person:Хрущев")).total == 1
