from django.urls import path, re_path

from readingroom.web import browse, citing, exports, scans, views

SECTIONS = "people|organizations|places|topics|collections"
ATTACHMENT = r"documents/(?P<document_id>.+)/attachments/(?P<number>[0-9]{1,6})"

urlpatterns = [
    re_path(rf"^(?P<section>{SECTIONS})$", browse.section, name="browse"),
    re_path(rf"^(?P<section>{SECTIONS})/(?P<key>.+)$", browse.authority, name="authority"),
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("help/search", views.search_help, name="search-help"),
    path("status", views.status, name="status"),
    path("search/export.<str:format_key>", exports.export, name="search-export"),
    path("search/feed", exports.SearchFeed(), name="search-feed"),
    path("search/facets/<str:facet>", views.facet, name="search-facet"),
    re_path(rf"^{ATTACHMENT}$", scans.viewer, name="attachment"),
    re_path(rf"^{ATTACHMENT}/file$", scans.download, name="attachment-file"),
    re_path(rf"^{ATTACHMENT}/pages/(?P<page>[0-9]{{1,6}})\.png$", scans.page_image, name="attachment-page"),
    re_path(
        r"^documents/(?P<document_id>.+)/citation\.(?P<format_key>bib|ris|json)$",
        citing.citation_file,
        name="document-citation",
    ),
    path("unapi", citing.unapi, name="unapi"),
    path("documents/<path:document_id>", views.document, name="document"),
]
