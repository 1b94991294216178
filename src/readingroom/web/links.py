"""Links of the search page: each keeps the reader's other choices and changes one thing."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from readingroom.records.searching import SearchPage

PAGE_WINDOW = 3


@dataclass
class PageLink:
    number: int
    url: str
    current: bool


class SearchLinks:
    def __init__(self, params: QueryDict, page: SearchPage, base: str = "") -> None:
        self.params = params
        self.page = page
        self.base = base  # the search page's address, for links from other pages; "" for links on it
        self.first_page_query = self._first_page().urlencode()  # the reader's choices, on the first page

    def _copy(self) -> QueryDict:
        """A mutable copy of the parameters (QueryDict.copy deep-copies: a page builds a hundred links)."""
        params = QueryDict(mutable=True)
        for name, values in self.params.lists():
            params.setlist(name, list(values))
        return params

    def _first_page(self) -> QueryDict:
        """A copy of the parameters without the page number: a link that changes the results starts at page 1."""
        params = self._copy()
        params.pop("page", None)
        return params

    def _url(self, params: QueryDict) -> str:
        encoded = params.urlencode()
        return f"{self.base}?{encoded}" if encoded else f"{self.base}?"

    def with_value(self, facet: str, value: str) -> str:
        if facet not in self.params:  # the usual case: the choices so far, and this one after them
            added = urlencode({facet: value})
            return f"{self.base}?{self.first_page_query}&{added}" if self.first_page_query else f"{self.base}?{added}"
        params = self._first_page()
        if value not in params.getlist(facet):
            params.appendlist(facet, value)
        return self._url(params)

    def without_value(self, facet: str, value: str, name: str = "") -> str:
        params = self._first_page()
        params.setlist(facet, [v for v in params.getlist(facet) if v.strip() not in (value, name)])
        return self._url(params)

    def with_query(self, q: str) -> str:
        params = self._first_page()
        params["q"] = q
        return self._url(params)

    def with_mode(self, facet: str, mode: str) -> str:
        params = self._first_page()
        if mode == "any":
            params[f"{facet}_mode"] = "any"
        else:
            params.pop(f"{facet}_mode", None)
        return self._url(params)

    def with_dates(self, date_from: str, date_to: str) -> str:
        params = self._first_page()
        params["from"], params["to"] = date_from, date_to
        return self._url(params)

    def without(self, *names: str) -> str:
        params = self._first_page()
        for name in names:
            params.pop(name, None)
        return self._url(params)

    def to_page(self, number: int) -> str:
        params = self._copy()
        if number == 1:
            params.pop("page", None)
        else:
            params["page"] = str(number)
        return self._url(params)

    def pages(self) -> list[PageLink | None]:
        """Page links around the current page, with the first and last; None where numbers are skipped."""
        current, last = self.page.page, self.page.pages
        numbers = sorted({1, last, *range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1)})
        links: list[PageLink | None] = []
        for number in numbers:
            if links and links[-1] is not None and number - links[-1].number > 1:
                links.append(None)
            links.append(PageLink(number, self.to_page(number), number == current))
        return links

    @property
    def first_page(self) -> str:
        return self.to_page(1)

    @property
    def previous(self) -> str | None:
        return self.to_page(self.page.page - 1) if self.page.page > 1 else None

    @property
    def next(self) -> str | None:
        return self.to_page(self.page.page + 1) if self.page.page < self.page.pages else None


@dataclass
class FacetLink:
    name: str
    count: int
    selected: bool
    url: str  # adds the value, or removes it when selected


@dataclass
class FacetGroup:
    facet: str
    label: str
    values: list[FacetLink]
    any_of: bool = False  # chosen values are alternatives
    mode_url: str = ""  # switches between "all of" and "any of"
    more_url: str = ""  # the full list of values, with a filter box


@dataclass
class Chip:
    label: str
    name: str
    remove_url: str


def facet_groups(links: SearchLinks, labels: dict[str, str]) -> list[FacetGroup]:
    groups = []
    for facet, values in links.page.facets.items():
        entries = [
            FacetLink(
                value.name,
                value.count,
                value.selected,
                links.without_value(facet, value.id) if value.selected else links.with_value(facet, value.id),
            )
            for value in values
        ]
        if entries:
            any_of = facet in links.page.request.any_of
            groups.append(
                FacetGroup(
                    facet,
                    labels[facet],
                    entries,
                    any_of=any_of,
                    mode_url=links.with_mode(facet, "all" if any_of else "any"),
                    more_url=reverse("search-facet", args=[facet]) + links.without("page"),
                )
            )
    decades = links.page.decades
    if decades:
        groups.append(
            FacetGroup(
                "decade",
                "Decade",
                [
                    FacetLink(
                        f"{decade}s",
                        count,
                        False,
                        links.with_dates(f"{decade:04d}"[:3] + "X", f"{decade:04d}"[:3] + "X"),
                    )
                    for decade, count in decades
                ],
            )
        )
    years = links.page.years
    if years and len(decades) <= 1:
        groups.append(
            FacetGroup(
                "year",
                "Year",
                [
                    FacetLink(str(year), count, False, links.with_dates(f"{year:04d}", f"{year:04d}"))
                    for year, count in years
                ],
            )
        )
    return groups


def chips(links: SearchLinks, labels: dict[str, str]) -> list[Chip]:
    selected = []
    request = links.page.request
    for facet, values in links.page.selected.items():
        for value in values:
            original = next((v for v in request.filters.get(facet, []) if v.strip() in (value.id, value.name)), "")
            selected.append(Chip(labels[facet], value.name, links.without_value(facet, value.id, original.strip())))
    if request.date_from.strip():
        selected.append(Chip("From", request.date_from, links.without("from")))
    if request.date_to.strip():
        selected.append(Chip("To", request.date_to, links.without("to")))
    return selected
