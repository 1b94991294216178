"""The OAI-PMH endpoint at /oai: the request's arguments, from the query string (GET) or a form body (POST), go to
the provider, and its document comes back as XML with status 200, protocol errors included."""

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from readingroom.oai.metadata import READINGROOM_SCHEMA
from readingroom.oai.provider import Repository, respond

XML = "text/xml; charset=utf-8"


@csrf_exempt  # harvesters POST forms of their own making; the endpoint only reads
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    arguments = request.POST if request.method == "POST" else request.GET
    return HttpResponse(respond(dict(arguments.lists()), repository(request)), content_type=XML)


@require_safe
def schema(request: HttpRequest) -> FileResponse:
    """The XML Schema of the `readingroom` metadata format."""
    return FileResponse(READINGROOM_SCHEMA.open("rb"), content_type=XML)


def repository(request: HttpRequest) -> Repository:
    host, _ = split_domain_port(request.get_host())
    identifier = settings.OAI_REPOSITORY_ID or host
    domain = identifier if "." in identifier else f"{identifier}.localdomain"
    return Repository(
        name=settings.OAI_REPOSITORY_NAME,
        identifier=identifier,
        base_url=request.build_absolute_uri(reverse("oai")),
        admin_email=settings.OAI_ADMIN_EMAIL or f"webmaster@{domain}",
        page_size=max(1, settings.OAI_PAGE_SIZE),
        absolute_url=request.build_absolute_uri,
        document_url=lambda document_id: request.build_absolute_uri(reverse("document", args=[document_id])),
    )
