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
        # The reader's choices as name-value pairs in their order (a page builds a hundred links from them).
        self._pairs = [(name, value) for name, values in params.lists() for value in values]
        self._encoded: dict[tuple[str, str], str] = {}  # each pair as it stands in an address, encoded once
        self.first_page_query = self._query(self._first_page())  # the reader's choices, on the first page

    def _first_page(self, *changed: str) -> list[tuple[str, str]]:
        """The parameters without the page number (a link that changes the results starts at page 1), nor those
        named in `changed`."""
        return [(name, value) for name, value in self._pairs if name != "page" and name not in changed]

    def _query(self, pairs: list[tuple[str, str]]) -> str:
        """What urlencode makes of the pairs, from each pair's encoding made once per page."""
        encoded = self._encoded
        for pair in pairs:
            if pair not in encoded:
                encoded[pair] = urlencode([pair])
        return "&".join(encoded[pair] for pair in pairs)

    def _url(self, pairs: list[tuple[str, str]]) -> str:
        return f"{self.base}?{self._query(pairs)}"

    def with_value(self, facet: str, value: str) -> str:
        if facet not in self.params:  # the usual case: the choices so far, and this one after them
            added = self._query([(facet, value)])
            return f"{self.base}?{self.first_page_query}&{added}" if self.first_page_query else f"{self.base}?{added}"
        pairs = self._first_page()
        if (facet, value) not in pairs:  # after the facet's other values, as QueryDict.appendlist puts it
            after = max((position for position, (name, _) in enumerate(pairs) if name == facet), default=len(pairs) - 1)
            pairs.insert(after + 1, (facet, value))
        return self._url(pairs)

    def without_value(self, facet: str, value: str, name: str = "") -> str:
        pairs = self._first_page()
        return self._url([(k, v) for k, v in pairs if k != facet or v.strip() not in (value, name)])

    def with_query(self, q: str) -> str:
        return self._url(_replaced(self._first_page(), "q", q))

    def with_mode(self, facet: str, mode: str) -> str:
        if mode == "any":
            return self._url(_replaced(self._first_page(), f"{facet}_mode", "any"))
        return self.without(f"{facet}_mode")

    def with_dates(self, date_from: str, date_to: str) -> str:
        return self._url(_replaced(_replaced(self._first_page(), "from", date_from), "to", date_to))

    def without(self, *names: str) -> str:
        return self._url(self._first_page(*names))

    def to_page(self, number: int) -> str:
        return self._url(self._first_page() if number == 1 else _replaced(self._pairs, "page", str(number)))

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


def _replaced(pairs: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """`name` set to the one `value`, where its first value stood (at the end if it had none), as QueryDict's
    item assignment does."""
    at = next((position for position, (key, _) in enumerate(pairs) if key == name), len(pairs))
    return [*pairs[:at], (name, value), *[(key, v) for key, v in pairs[at:] if key != name]]


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
