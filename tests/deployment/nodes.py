"""Asking a running node over HTTP, as a reader's browser or a load balancer would."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_json(url: str, headers: dict[str, str] | None = None) -> Any:
    status, body = get(url, headers)
    assert status == 200, f"{url}: {status} {body[:300]!r}"
    return json.loads(body)


def total(address: str, query: str) -> int:
    answer: int = get_json(f"{address}/api/search?{urllib.parse.urlencode({'q': query})}")["total"]
    return answer


def seconds_until(address: str, query: str, expected: int, limit: float = 2.0) -> float:
    """How long until a search on the node finds `expected` documents; fails past `limit` seconds."""
    started = time.monotonic()
    while (found := total(address, query)) != expected:
        elapsed = time.monotonic() - started
        assert elapsed < limit, f"{address}: {query!r} finds {found}, not {expected}, after {elapsed:.2f} s"
        time.sleep(0.05)
    return time.monotonic() - started


def eventually(condition: Callable[[], bool], what: str, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {limit} s waiting for {what}"
        time.sleep(0.05)
