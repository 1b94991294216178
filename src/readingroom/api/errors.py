"""Errors under /api/ are JSON, `{"error": "…"}`, whatever went wrong: a bad parameter, an unknown path, a method
other than GET, HEAD and OPTIONS, or a request Django itself refused (see the site's error handlers)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
API_PREFIX = "/api/"


class ApiError(Exception):
    """A request the API cannot answer, with a message for the person who wrote it."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def error_response(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 405:
        response["Allow"] = ALLOWED_METHODS
    return response


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


View = Callable[..., HttpResponse]


def endpoint(view: View) -> View:
    """A read-only API view: GET and HEAD are answered by `view`, OPTIONS with the methods allowed, anything else
    with a 405; an ApiError raised inside becomes its JSON error. No CSRF check: nothing here changes anything."""

    @wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            return response
        if request.method not in ("GET", "HEAD"):
            return error_response(f"this API only reads: use GET, HEAD or OPTIONS, not {request.method}", 405)
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return error_response(error.message, error.status)

    return csrf_exempt(answer)
