"""The indexer process beside `serve` and `import`: it ends with the process that started it, however that ends,
and `readingroom reindex` works while it holds the index."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from readingroom.search.index import REBUILD_REQUEST
from tests.conftest import SAMPLE, archive_environment, run_cli, serving

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="processes are watched through Linux's /proc"),
]


def _holds_the_index(home: Path) -> bool:
    result = run_cli("index", home=home, check=False)
    return result.returncode != 0 and "being written by another process" in result.stderr


def _following(home: Path) -> list[str]:
    return [sys.executable, "-m", "readingroom", "--home", str(home), "index", "--follow", "--stop-when-input-closes"]


def _follower(home: Path, log: Path) -> subprocess.Popen[bytes]:
    """`readingroom index --follow --stop-when-input-closes`, as serve and import start it, once it holds the index
    (it keeps the writer's lock file open)."""
    with log.open("wb") as output:
        indexer = subprocess.Popen(
            _following(home), stdin=subprocess.PIPE, stderr=output, env=archive_environment(home)
        )
    deadline = time.monotonic() + 30
    while not any(path.endswith(".tantivy-writer.lock") for path in _open_files(indexer.pid)):
        assert indexer.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the indexer did not take the index"
        time.sleep(0.05)
    return indexer


def test_an_indexer_stops_when_its_input_closes(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    indexer = _follower(tmp_path, tmp_path / "indexer.log")
    assert indexer.stdin is not None
    indexer.stdin.close()
    assert indexer.wait(timeout=30) == 0
    assert not _holds_the_index(tmp_path)


def test_an_indexer_that_finds_the_index_held_waits_then_takes_it_over(tmp_path: Path) -> None:
    """As the indexer beside an import does while a server runs, and a server's does while a command holds the
    index as it starts; it stops cleanly when its input closes (it used to abort at exit, its thread reading
    standard input holding the lock of sys.stdin's buffer)."""
    run_cli("import", str(SAMPLE), home=tmp_path)
    holder = _follower(tmp_path, tmp_path / "holder.log")
    try:
        with (tmp_path / "second.log").open("wb") as output:
            second = subprocess.Popen(
                _following(tmp_path), stdin=subprocess.PIPE, stderr=output, env=archive_environment(tmp_path)
            )
        time.sleep(2)
        assert second.poll() is None, (tmp_path / "second.log").read_text()
        assert not any(path.endswith(".tantivy-writer.lock") for path in _open_files(second.pid))
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    deadline = time.monotonic() + 30
    while not any(path.endswith(".tantivy-writer.lock") for path in _open_files(second.pid)):
        assert second.poll() is None, (tmp_path / "second.log").read_text()
        assert time.monotonic() < deadline, "the waiting indexer did not take the index over"
        time.sleep(0.05)
    assert second.stdin is not None
    second.stdin.close()
    assert second.wait(timeout=30) == 0
    assert "Fatal" not in (tmp_path / "second.log").read_text()
    assert not _holds_the_index(tmp_path)


def test_the_indexer_of_a_server_killed_with_sigkill_stops(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with (tmp_path / "server.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "readingroom", "--home", str(tmp_path), "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=archive_environment(tmp_path),
        )
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"http://127.0.0.1:{port}/search"):
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        (indexer,) = [pid for pid in _children(server.pid) if b"index\0--follow" in _command_line(pid)]
        server.send_signal(signal.SIGKILL)
        server.wait()
        deadline = time.monotonic() + 30
        while _alive(indexer):
            assert time.monotonic() < deadline, "the indexer outlived its server by 30 s"
            time.sleep(0.1)
        assert not _holds_the_index(tmp_path)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # web workers that may be left
        server.wait()


def test_reindex_while_serving_is_done_by_the_servers_indexer(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    with serving(tmp_path) as address:
        deadline = time.monotonic() + 60
        while not _holds_the_index(tmp_path):  # the server answers before its indexer has started, on a busy machine
            assert time.monotonic() < deadline, "the server's indexer did not take the index"
            time.sleep(0.2)
        reindexed = run_cli("reindex", home=tmp_path)
        assert "Indexed 7 documents." in reindexed.stdout
        assert "asked to rebuild it" in reindexed.stderr
        assert not (tmp_path / "index" / REBUILD_REQUEST).exists()
        with urllib.request.urlopen(f"{address}/api/search?q=Stalin", timeout=10) as response:
            assert json.loads(response.read())["total"] == 6
    # Without a server, reindex rebuilds the index itself.
    alone = run_cli("reindex", home=tmp_path)
    assert "Indexed 7 documents." in alone.stdout
    assert "asked" not in alone.stderr


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def _command_line(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


def _alive(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]) != "Z"
    except OSError:
        return False


def _open_files(pid: int) -> list[str]:
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return []
    paths = []
    for descriptor in descriptors:
        with contextlib.suppress(OSError):
            paths.append(os.readlink(f"/proc/{pid}/fd/{descriptor}"))
    return paths
