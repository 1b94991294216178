"""The archive's public address. With READINGROOM_BASE_URL set, every request is read as if sent to that address,
so that each absolute link the archive builds (sitemaps, feeds, OAI-PMH identifiers, robots.txt, citations) names
it, whichever node or proxy the request came through."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

Handler = Callable[[HttpRequest], HttpResponse]


def base_url_middleware(get_response: Handler) -> Handler:
    if not settings.BASE_URL:
        raise MiddlewareNotUsed
    base = urlsplit(settings.BASE_URL)

    def at_base_url(request: HttpRequest) -> HttpResponse:
        request.get_host()  # refuses (400) a host not in ALLOWED_HOSTS before it is replaced
        request.META["HTTP_HOST"] = base.netloc
        request.META.pop("HTTP_X_FORWARDED_HOST", None)
        request.META["wsgi.url_scheme"] = base.scheme
        if settings.SECURE_PROXY_SSL_HEADER:  # the scheme comes from this header instead
            header, secure = settings.SECURE_PROXY_SSL_HEADER
            request.META[header] = secure if base.scheme == "https" else "http"
        return get_response(request)

    return at_base_url
