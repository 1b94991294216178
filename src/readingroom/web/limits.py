"""Rate limits on the expensive doors (exports, feeds, deep result pages), per client, with a clear 429.

Counts are kept in each worker process's memory (a sliding window of request times per client and rule), so the
embedded default needs no cache server; with N workers a client may get up to N times a limit, which still stops a
runaway script. Signed-in staff are not limited.
"""

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from readingroom.api.cursors import search_page

DEEP_RESULTS = 1000  # a page starting beyond this many results is a deep page


@dataclass(frozen=True)
class Rule:
    name: str
    requests: int
    seconds: int
    applies: Callable[[HttpRequest], bool]


def _number(request: HttpRequest, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    # isascii too: "²" and "١٢" are digits to isdigit(), and int() refuses the first
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else default


def _deep(request: HttpRequest) -> bool:
    if request.path not in ("/search", "/api/search", "/api/v1/search"):
        return False
    page = _number(request, "page", 1)
    if request.path != "/search" and "cursor" in request.GET:  # the API's cursor names its page
        page = search_page(request.GET["cursor"]) or page
    return (page - 1) * _number(request, "per_page", 10) >= DEEP_RESULTS


RULES = (
    Rule("exports", 20, 60, lambda request: request.path.startswith("/search/export.")),
    Rule("feeds", 60, 60, lambda request: request.path == "/search/feed"),
    Rule("deep pages", 30, 60, _deep),
)


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.lock = threading.Lock()
        self.seen: dict[tuple[str, str], deque[float]] = {}
        self.last_sweep = time.monotonic()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "RATE_LIMITS", True) and not (request.user.is_authenticated and request.user.is_staff):
            for rule in RULES:
                if rule.applies(request) and (wait := self._wait(rule, _client(request))):
                    return _too_many(request, rule, wait)
        return self.get_response(request)

    def _wait(self, rule: Rule, client: str) -> int:
        """Seconds the client must wait before its next request under `rule` (0: go ahead, and it is counted)."""
        now = time.monotonic()
        with self.lock:
            if now - self.last_sweep > 300:  # forget clients that have gone quiet
                self.seen = {key: times for key, times in self.seen.items() if times and now - times[-1] < 300}
                self.last_sweep = now
            times = self.seen.setdefault((rule.name, client), deque())
            while times and now - times[0] >= rule.seconds:
                times.popleft()
            if len(times) >= rule.requests:
                return max(1, math.ceil(rule.seconds - (now - times[0])))
            times.append(now)
            return 0


def _client(request: HttpRequest) -> str:
    """The address the request came from; behind N proxies (READINGROOM_PROXIES=N), the one they were sent by."""
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if proxies and forwarded:
        return str(forwarded[-min(proxies, len(forwarded))])
    return str(request.META.get("REMOTE_ADDR", ""))


def _too_many(request: HttpRequest, rule: Rule, wait: int) -> HttpResponse:
    message = f"Too many requests for {rule.name}: at most {rule.requests} a minute. Try again in {wait} seconds."
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": message}, status=429)
    else:
        context = {"title": "Too many requests", "status": 429, "message": message}
        response = render(request, "readingroom/error.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response
