from django.urls import path, re_path

from readingroom.web import browse, citing, exports, views

SECTIONS = "people|organizations|places|topics|collections"

urlpatterns = [
    re_path(rf"^(?P<section>{SECTIONS})$", browse.section, name="browse"),
    re_path(rf"^(?P<section>{SECTIONS})/(?P<key>.+)$", browse.authority, name="authority"),
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("help/search", views.search_help, name="search-help"),
    path("search/export.<str:format_key>", exports.export, name="search-export"),
    path("search/feed", exports.SearchFeed(), name="search-feed"),
    path("search/facets/<str:facet>", views.facet, name="search-facet"),
    re_path(
        r"^documents/(?P<document_id>.+)/citation\.(?P<format_key>bib|ris|json)$",
        citing.citation_file,
        name="document-citation",
    ),
    path("documents/<path:document_id>", views.document, name="document"),
]
