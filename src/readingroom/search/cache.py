"""Recent searches' answers, kept while the index stays at one commit.

A reader paging through results, changing the sort or going back asks for the same matches again; the counts and
the facets of a set of matches cost most of a search page, and the page of hits the rest. Like Elasticsearch's
request cache and Solr's result cache, both are kept per commit: any commit, from any process, starts afresh, so
an answer is never older than the index it would come from.
"""

import os
import threading
from collections import OrderedDict
from collections.abc import Hashable

# Answers kept per process (least recently used go first); READINGROOM_SEARCH_CACHE=0 keeps none.
CACHED_ANSWERS = int(os.environ.get("READINGROOM_SEARCH_CACHE") or 256)


class ResultCache:
    def __init__(self, entries: int = CACHED_ANSWERS) -> None:
        self.entries = entries
        self._lock = threading.Lock()
        self._version: int | None = None
        self._answers: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, version: int, key: Hashable) -> object | None:
        """The answer stored for `key` at this version of the index, if any."""
        with self._lock:
            if version != self._version:
                return None
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, version: int, key: Hashable, answer: object) -> None:
        """Keep `answer`, found at `version` of the index; answers of any other version are dropped."""
        if self.entries <= 0:
            return
        with self._lock:
            if version != self._version:
                self._answers.clear()
                self._version = version
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self.entries:
                self._answers.popitem(last=False)
