"""The files of the index folder besides tantivy's own: rebuild requests, and what a killed writer leaves."""

import os
import time
from pathlib import Path

from readingroom.search.index import SearchIndex


def test_a_rebuild_request_outlasts_commits_until_it_is_withdrawn(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.request_rebuild()
    with index.writer() as writer:
        writer.commit(1)
    assert index.rebuild_requested()
    index.rebuild_done()
    assert not index.rebuild_requested()
    assert index.applied_sequence() == 1


def test_a_writer_removes_the_temporary_files_a_killed_writer_left(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    left = index.path / ".tmpK1ll3d"  # as tantivy names meta.json while it writes it
    left.write_text('{"segments": []}')
    an_hour_ago = time.time() - 3600
    os.utime(left, (an_hour_ago, an_hour_ago))
    with index.writer() as writer:
        writer.commit(3)
    assert not left.exists()
    assert index.applied_sequence() == 3
