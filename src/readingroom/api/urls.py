from django.urls import path, re_path

from readingroom.api import reference, views, writes
from readingroom.api.writes import read_or_write

urlpatterns = [
    path("", reference.reference, name="api"),
    path("openapi.json", reference.openapi_json, name="api-openapi"),
    re_path(r"^v1/?$", reference.index, name="api-v1"),
    path("v1/search", views.search, name="api-v1-search"),
    path("v1/facets/<str:facet>", views.facet, name="api-v1-facet"),
    path("v1/dates", views.dates, name="api-v1-dates"),
    path("v1/documents", read_or_write(views.documents, writes.write_documents, "POST"), name="api-v1-documents"),
    path(
        "v1/documents/<path:document_id>",
        read_or_write(views.document, writes.write_document, "PUT, DELETE"),
        name="api-v1-document",
    ),
    path(
        "v1/authorities", read_or_write(views.authorities, writes.write_authorities, "POST"), name="api-v1-authorities"
    ),
    path(
        "v1/authorities/<path:authority_id>",
        read_or_write(views.authority, writes.write_authority, "PUT, DELETE"),
        name="api-v1-authority",
    ),
    path("v1/collections", views.collections, name="api-v1-collections"),
    # The first addresses of the API, kept as aliases of version 1.
    path("search", views.search, name="api-search"),
    path("documents/<path:document_id>", views.document, name="api-document"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
