from django.urls import include, path

from readingroom.staff.admin import staff_site
from readingroom.web import sitemaps

handler404 = "readingroom.web.views.not_found"
handler500 = "readingroom.web.views.server_error"
handler400 = "readingroom.web.views.bad_request"

urlpatterns = [
    path("robots.txt", sitemaps.robots, name="robots"),
    path("", include(sitemaps.urlpatterns)),
    path("staff/", staff_site.urls),
    path("api/", include("readingroom.api.urls")),
    path("", include("readingroom.web.urls")),
]
