from django.urls import include, path

from readingroom.oai import views as oai
from readingroom.staff.admin import staff_site
from readingroom.web import health, sitemaps

handler404 = "readingroom.web.views.not_found"
handler500 = "readingroom.web.views.server_error"
handler400 = "readingroom.web.views.bad_request"

urlpatterns = [
    path("robots.txt", sitemaps.robots, name="robots"),
    path("healthz", health.alive, name="healthz"),
    path("readyz", health.ready, name="readyz"),
    path("", include(sitemaps.urlpatterns)),
    path("staff/", staff_site.urls),
    path("api/", include("readingroom.api.urls")),
    path("oai", oai.endpoint, name="oai"),
    path("oai/readingroom.xsd", oai.schema, name="oai-schema"),
    path("", include("readingroom.web.urls")),
]
