from django.urls import path

from readingroom.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("documents/<path:document_id>", views.document, name="document"),
]
