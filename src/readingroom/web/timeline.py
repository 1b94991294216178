"""The timeline above the results: a histogram of the matching documents drawn as SVG by the server.

Decades for long spans, years otherwise, months when the results fall within one year; every bar a link that sets
the date filter, and the same figures as a table for screen readers.
"""

from dataclasses import dataclass

from readingroom.dates.edtf import MONTH_NAMES
from readingroom.records.searching import SearchPage
from readingroom.web.links import SearchLinks

WIDTH = 720
HEIGHT = 120
LABEL_HEIGHT = 20
MAX_YEARS = 60  # beyond this many years, bars are decades


@dataclass
class Bar:
    label: str  # "1952", "1950s", "September 1952"
    short: str  # under the bar, when there is room
    count: int
    url: str
    x: float
    y: float
    width: float
    height: float
    tick: bool = True  # whether `short` is written under the bar

    @property
    def description(self) -> str:
        return f"{self.label}: {self.count} document{'' if self.count == 1 else 's'}"


@dataclass
class Timeline:
    unit: str  # "decade", "year" or "month"
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT + LABEL_HEIGHT
    chart_height: int = HEIGHT
    label_y: int = HEIGHT + 14

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
    slot = WIDTH / len(entries)
    every = max(1, len(entries) // 12)  # the bars labelled underneath: at most about twelve
    bars = []
    for position, (label, short, count, edtf) in enumerate(entries):
        height = round(HEIGHT * count / highest, 1) if count else 0.0
        bars.append(
            Bar(
                label,
                short,
                count,
                links.with_dates(edtf, edtf),
                round(position * slot + slot * 0.1, 1),
                round(HEIGHT - height, 1),
                round(slot * 0.8, 1),
                height,
                tick=position % every == 0,
            )
        )
    return Timeline(unit, bars)
