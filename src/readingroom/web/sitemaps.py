"""What search engines may find: `/sitemap.xml` (an index of paged sitemaps, with last-modified dates) and
`/robots.txt`. Only public documents, and authorities that name at least one, are listed."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from readingroom.records.authorities import PUBLIC
from readingroom.records.models import Access, Authority, Document
from readingroom.web.browse import SECTIONS, authority_url

PAGE_SIZE = 10_000  # URLs a sitemap page; the protocol allows 50,000 (and 50 MB), a smaller page answers faster


class DocumentSitemap(Sitemap):  # type: ignore[type-arg]  # generic only in the type stubs
    limit = PAGE_SIZE

    def items(self) -> QuerySet[Document]:
        return Document.objects.filter(access=Access.PUBLIC).order_by("id").only("id", "modified")

    def location(self, item: Document) -> str:
        return reverse("document", args=[item.id])

    def lastmod(self, item: Document) -> object:
        return item.modified


class AuthoritySitemap(Sitemap):  # type: ignore[type-arg]  # generic only in the type stubs
    """Pages of people, places, topics and collections; each last modified when it or one of its documents was."""

    limit = PAGE_SIZE

    def items(self) -> QuerySet[Authority]:
        return (
            Authority.objects.annotate(count=Count("documents", filter=PUBLIC, distinct=True))
            .filter(count__gt=0)
            .annotate(documents_modified=Max("documents__modified", filter=PUBLIC))
            .order_by("kind", "id")
            .only("id", "kind", "modified")
        )

    def location(self, item: Authority) -> str:
        return authority_url(item.kind, item.id)

    def lastmod(self, item: Authority) -> object:
        return max(item.modified, getattr(item, "documents_modified", None) or item.modified)


class PagesSitemap(Sitemap):  # type: ignore[type-arg]  # generic only in the type stubs
    """The home page, the search help and the browse sections; not the search page, which robots.txt keeps
    crawlers out of (every address a sitemap lists must be one they may fetch)."""

    def items(self) -> list[str]:
        return ["home", "search-help", *SECTIONS]

    def location(self, item: str) -> str:
        return reverse("browse", args=[item]) if item in SECTIONS else reverse(item)


SITEMAPS = {"pages": PagesSitemap, "documents": DocumentSitemap, "authorities": AuthoritySitemap}

urlpatterns = [
    path("sitemap.xml", require_safe(sitemap_views.index), {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """Crawl documents and browse pages (through the sitemap); stay out of endless search combinations, the
    exports and the machine interfaces, which have their own harvesting protocols."""
    lines = [
        "User-agent: *",
        "Disallow: /search",
        "Disallow: /api/",
        "Disallow: /oai",
        "Disallow: /staff/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
