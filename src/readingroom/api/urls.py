from django.urls import path

from readingroom.api import views

urlpatterns = [
    path("search", views.search, name="api-search"),
    path("documents/<path:document_id>", views.document, name="api-document"),
]
