"""The timeline above the results: a histogram of the matching documents drawn by the server.

Decades for long spans, years otherwise, months when the results fall within one year; every bar a link that sets
the date filter, and the same figures as a table for screen readers. Each bar is a list item with a small SVG of
its own, laid out by the stylesheet: bars never grow narrower than a finger can tap nor labels smaller than 12 px,
and when they do not fit (on a phone) the chart scrolls sideways instead of shrinking, as one scaled SVG did (its
labels were 4 px high at 390 px).
"""

from dataclasses import dataclass

from readingroom.dates.edtf import MONTH_NAMES
from readingroom.records.searching import SearchPage
from readingroom.web.links import SearchLinks

HEIGHT = 120  # of each bar's drawing; the stylesheet gives it its height on the page
MAX_YEARS = 30  # beyond this many years, bars are decades: thirty bars fit a desktop's results column unscrolled
MAX_LABELS = 12  # bars labelled underneath, at most: a label may then take its neighbours' room


@dataclass
class Bar:
    label: str  # "1952", "1950s", "September 1952"
    short: str  # under the bar, when there is room
    count: int
    url: str
    y: float
    height: float
    tick: bool = True  # whether `short` is written under the bar

    @property
    def description(self) -> str:
        return f"{self.label}: {self.count} document{'' if self.count == 1 else 's'}"


@dataclass
class Timeline:
    unit: str  # "decade", "year" or "month"
    bars: list[Bar]
    chart_height: int = HEIGHT

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def timeline(page: SearchPage, links: SearchLinks) -> Timeline | None:
    if not page.years:
        return None
    first, last = page.years[0][0], page.years[-1][0]
    if first == last and page.months:
        return _months(page, links, first)
    if last - first + 1 > MAX_YEARS:
        counts = dict(page.decades)
        keys = list(range(first // 10 * 10, last // 10 * 10 + 1, 10))
        entries = [(f"{key}s", f"{key}s", counts.get(key, 0), f"{key:04d}"[:3] + "X") for key in keys]
        return _draw("decade", entries, links)
    counts = dict(page.years)
    entries = [(str(y), str(y), counts.get(y, 0), f"{y:04d}") for y in range(first, last + 1)]
    return _draw("year", entries, links)


def _months(page: SearchPage, links: SearchLinks, year: int) -> Timeline:
    counts = dict(page.months)
    entries = [
        (f"{MONTH_NAMES[m - 1]} {year}", MONTH_NAMES[m - 1][:3], counts.get(year * 100 + m, 0), f"{year:04d}-{m:02d}")
        for m in range(1, 13)
    ]
    return _draw("month", entries, links)


def _draw(unit: str, entries: list[tuple[str, str, int, str]], links: SearchLinks) -> Timeline:
    highest = max((count for *_, count, _ in entries), default=0) or 1
    every = -(-len(entries) // MAX_LABELS)  # rounded up
    bars = []
    for position, (label, short, count, edtf) in enumerate(entries):
        height = round(HEIGHT * count / highest, 1) if count else 0.0
        url = links.with_dates(edtf, edtf)
        bars.append(Bar(label, short, count, url, round(HEIGHT - height, 1), height, tick=position % every == 0))
    return Timeline(unit, bars)
