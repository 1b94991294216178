"""Requests carrying a NUL character are refused before anything reads them, naming where it was.

No address, parameter, cookie or form field of the archive holds one, and PostgreSQL refuses text containing it
(SQLite stores it): without this, a NUL typed into an address would reach a database query and fail there.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
NUL = "\x00"


def refusal(place: str) -> str:
    return f"{place}: contains a NUL character (%00), which this archive accepts nowhere"


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # OAI-PMH answers bad arguments itself, as the protocol's badArgument error with status 200.
        place = _nul_in(request, arguments=request.path != reverse("oai"))
        if place is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"error": refusal(place)}, status=400)
        context = {"title": "Bad request", "status": 400, "message": refusal(place)}
        return render(request, "readingroom/error.html", context, status=400)


def _nul_in(request: HttpRequest, arguments: bool = True) -> str | None:
    """Where the request carries a NUL: "the address", a parameter's or form field's name (unless `arguments` is
    false), a cookie, a header."""
    if NUL in request.path:
        return "the address"
    forms = [request.GET] if arguments else []
    if arguments and request.method == "POST" and request.content_type in FORM_TYPES:
        forms.append(request.POST)
    for form in forms:
        for name, values in form.lists():
            if NUL in name or any(NUL in value for value in values):
                return name.replace(NUL, "") or "a parameter"
    for name, value in request.COOKIES.items():  # the session key is looked up
        if NUL in name or NUL in value:
            return "a cookie"
    for name, value in request.META.items():  # the user agent, say, is kept with failed sign-ins
        if name.startswith("HTTP_") and NUL in str(value):
            return f"the header {name[5:].replace('_', '-').title()}"
    return None
