"""An archive for the API tests: the seed sample and one restricted document whose every field says MARKER."""

from collections.abc import Callable
from typing import Any

import pytest

MARKER = "nightjar"
RESTRICTED = {
    "id": "secret/nightjar-1",
    "title": "Nightjar cable on Korea",
    "date": "1971-03-04",
    "type": "Nightjar cable",
    "summary": "Stalin and the Nightjar channel.",
    "text": "Stalin Korea Nightjar. The Nightjar channel stays open.",
    "authors": ["Nightjar Agent"],
    "people": ["Stalin"],
    "places": ["Korea", "Nightjar Island"],
    "topics": ["Korean War", "Nightjar operations"],
    "collections": ["Sino-Soviet Relations", "Nightjar Files"],
    "languages": ["ru"],
    "access": "restricted",
    "extra": {"classification": "Nightjar eyes only"},
}


@pytest.fixture
def archive(sample: Any, load: Callable[..., Any]) -> None:
    """The seed sample (seven public documents) and the restricted document."""
    load([RESTRICTED])
