from django.urls import include, path

from readingroom.oai import views as oai

handler404 = "readingroom.web.views.not_found"
handler500 = "readingroom.web.views.server_error"
handler400 = "readingroom.web.views.bad_request"

urlpatterns = [
    path("api/", include("readingroom.api.urls")),
    path("oai", oai.endpoint, name="oai"),
    path("oai/readingroom.xsd", oai.schema, name="oai-schema"),
    path("", include("readingroom.web.urls")),
]
