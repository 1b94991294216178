"""Title case as citeproc-js writes it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readingroom.csl.casing import title_case


@pytest.mark.parametrize(
    ("text", "cased"),
    [
        ("memorandum of a conversation, 2:08 p.m.", "Memorandum of a Conversation, 2:08 p.m."),
        ("conversation between Stalin and Zhou Enlai", "Conversation between Stalin and Zhou Enlai"),
        ("hand-delivered note", "Hand-Delivered Note"),
        ("Dulles’s appointment diary", "Dulles’s Appointment Diary"),
        ("the place to stand on", "The Place to Stand On"),
        ("report: on the islands", "Report: On the Islands"),
        ("NATO and the USSR", "NATO and the USSR"),
        ("", ""),
    ],
)
def test_title_case(text: str, cased: str) -> None:
    assert title_case(text) == cased


@given(st.text(st.sampled_from("abcdeOPQ .,:;?!-–/'’“”()[]0123456789"), max_size=60))
def test_title_case_changes_only_letters_case_and_is_stable(text: str) -> None:
    cased = title_case(text)
    assert cased.lower() == text.lower()
    assert title_case(cased) == cased
