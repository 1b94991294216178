"""Addresses longer than the server reads are refused with the site's answer: JSON under /api/, a page elsewhere.

`readingroom serve` (gunicorn) reads request lines of up to MAX_REQUEST_LINE bytes and answers a longer one itself,
before any address is known (cli/server.py). The application refuses addresses a little shorter, so that every
address refused for its length gets the same answer however the application is served, with or without gunicorn,
and the API's description can promise it.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

MAX_REQUEST_LINE = 8190  # gunicorn's largest limit_request_line but 0, which reads lines of any length
MAX_ADDRESS = 8000  # path and query, in bytes: with the method and "HTTP/1.1", under MAX_REQUEST_LINE


def too_long() -> str:
    return f"the address is longer than {MAX_ADDRESS:,} bytes; ask with fewer or shorter parameters"


class RefuseLongAddressesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # gunicorn passes the address as it came (RAW_URI); other servers, the path and query decoded.
        address = request.META.get("RAW_URI") or request.get_full_path()
        if len(address.encode()) <= MAX_ADDRESS:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"error": too_long()}, status=414)
        context = {"title": "Address too long", "status": 414, "message": too_long()}
        return render(request, "readingroom/error.html", context, status=414)
