"""Opaque cursors: where the next page of a list starts, as URL-safe base64 of a little JSON that names the list it
belongs to. Clients pass back what they were given; anything else is a 400, never a wrong page."""

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable

from readingroom.api.errors import ApiError

MAX_CURSOR = 1000


def encode(kind: str, position: object) -> str:
    text = json.dumps({"kind": kind, "after": position}, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str, kind: str) -> object:
    """The position a cursor of this kind holds; an ApiError for anything this API did not give out for it."""
    try:
        if len(cursor) > MAX_CURSOR:
            raise ValueError("too long")
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid_cursor() from None
    if not isinstance(data, dict) or data.get("kind") != kind or "after" not in data:
        raise invalid_cursor()
    return data["after"]


def search_page(cursor: str) -> int | None:
    """The page a search cursor leads to, or None for anything that is not one (for the rate limits, which look
    before the view checks anything)."""
    try:
        position = decode(cursor, "search")
    except ApiError:
        return None
    if isinstance(position, list) and len(position) == 2 and type(position[1]) is int:
        return position[1]
    return None


def invalid_cursor() -> ApiError:
    return ApiError("cursor: not a cursor this list gave out; pass the next_cursor of its last answer, or none")


def fingerprint(parameters: Iterable[tuple[str, list[str]]]) -> str:
    """A short digest of a request's parameters, so that a cursor is not reused for another search."""
    canonical = json.dumps(sorted(parameters), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
