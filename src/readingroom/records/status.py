"""How current the node's search index is, for the status page and the search page's notice."""

from dataclasses import dataclass

from readingroom.home import index_path
from readingroom.records.indexer import latest_change
from readingroom.search.index import index_at


@dataclass(frozen=True)
class IndexStatus:
    applied: int  # the last change the index reflects
    latest: int  # the last change in the catalogue

    @property
    def rebuilding(self) -> bool:
        """A new (or replaced damaged) index being filled: searches find nothing, or little, until it commits."""
        return self.applied == 0 and self.latest > 0

    @property
    def pending(self) -> int:
        return max(0, self.latest - self.applied)


def index_status() -> IndexStatus:
    """Two cheap look-ups (the index's state document and the change log's last number): fit for every request."""
    return IndexStatus(index_at(index_path()).applied_sequence(), latest_change())


def index_rebuilding() -> bool:
    """Whether the index is being filled anew (see IndexStatus.rebuilding): the change log is read only then."""
    return index_at(index_path()).applied_sequence() == 0 and latest_change() > 0
