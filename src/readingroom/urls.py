from django.urls import include, path

from readingroom.web import health, sitemaps

handler404 = "readingroom.web.views.not_found"
handler500 = "readingroom.web.views.server_error"
handler400 = "readingroom.web.views.bad_request"

urlpatterns = [
    path("robots.txt", sitemaps.robots, name="robots"),
    path("healthz", health.alive, name="healthz"),
    path("readyz", health.ready, name="readyz"),
    path("", include(sitemaps.urlpatterns)),
    path("api/", include("readingroom.api.urls")),
    path("", include("readingroom.web.urls")),
]
