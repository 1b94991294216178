from django.urls import include, path

handler404 = "readingroom.web.views.not_found"
handler500 = "readingroom.web.views.server_error"
handler400 = "readingroom.web.views.bad_request"

urlpatterns = [
    path("api/", include("readingroom.api.urls")),
    path("", include("readingroom.web.urls")),
]
