"""`readingroom serve` and `readingroom demo` as a person starts them: the port, the hosts, the secret key."""

import json
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

from readingroom.secret_key import PUBLIC_KEY
from tests.conftest import SAMPLE, archive_environment, requires_postgres, run_cli, serving
from tests.deployment.nodes import get

pytestmark = pytest.mark.slow


@contextmanager
def port_taken() -> Iterator[int]:
    """A port of 127.0.0.1 that another program listens on, until the block ends."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def test_serve_on_a_taken_port_says_so_in_one_line(tmp_path: Path) -> None:
    with port_taken() as port:
        started = time.monotonic()
        result = run_cli("serve", "--port", str(port), home=tmp_path, check=False, timeout=60)
    assert result.returncode == 2
    assert (
        result.stderr
        == f"readingroom serve: port {port} on 127.0.0.1 is in use by another program; choose another with --port\n"
    )
    assert "Serving" not in result.stdout
    assert time.monotonic() - started < 20  # not gunicorn's five retries


@contextmanager
def started(home: Path, *args: str) -> Iterator[IO[str]]:
    """`readingroom ARGS` in the background until the block ends; yields what it prints on standard output."""
    command = [sys.executable, "-m", "readingroom", *args, "--workers", "1"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=archive_environment(home)
    ) as server:
        try:
            assert server.stdout is not None
            yield server.stdout
        finally:
            server.terminate()


def test_demo_on_a_taken_port_serves_on_the_next_free_one(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)  # the demo imports nothing into an archive that has documents
    with port_taken() as port, started(tmp_path, "demo", "--port", str(port)) as output:
        assert [output.readline(), output.readline()] == [
            f"Port {port} is in use by another program; serving on port {port + 1} instead.\n",
            f"Serving the archive at http://127.0.0.1:{port + 1}/ (Ctrl-C to stop)\n",
        ]
        assert found(f"http://127.0.0.1:{port + 1}", "Stalin") == 6


def test_listening_on_every_address_answers_to_this_machines_name(tmp_path: Path) -> None:
    run_cli("import", str(SAMPLE), home=tmp_path)
    with port_taken() as port:
        pass  # a port nothing listens on now
    with started(tmp_path, "serve", "--host", "0.0.0.0", "--port", str(port)) as output:
        said = output.readline()
        assert said.startswith("Answering requests for localhost, 127.0.0.1, [::1], ")
        assert said.endswith(": set READINGROOM_HOSTS to the names readers use\n")
        address = f"http://127.0.0.1:{port}"
        assert found(address, "Stalin") == 6
        assert get(f"{address}/robots.txt", headers={"Host": f"{socket.gethostname()}:{port}"})[0] == 200
        assert get(f"{address}/robots.txt", headers={"Host": f"forged.example:{port}"})[0] == 400


def test_a_base_url_that_is_no_address_is_a_message(tmp_path: Path) -> None:
    result = run_cli("search", "x", home=tmp_path, env={"READINGROOM_BASE_URL": "archive.example.org"}, check=False)
    assert result.returncode == 2
    assert result.stderr == (
        "readingroom search: READINGROOM_BASE_URL: 'archive.example.org' is not an address such as "
        "https://archive.example.org\n"
    )


def found(address: str, query: str) -> int:
    """How many documents the server at `address` finds, once it answers (within a minute)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{address}/api/search?q={query}", timeout=5) as answer:
                total: int = json.load(answer)["total"]
                return total
        except OSError:
            assert time.monotonic() < deadline, f"{address} did not answer"
            time.sleep(0.1)


def test_a_secret_key_is_made_on_the_first_run_and_kept(tmp_path: Path) -> None:
    run_cli("search", "Stalin", home=tmp_path)
    kept = tmp_path / "secret_key"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    key = kept.read_text().strip()
    assert len(key) >= 50
    assert key != PUBLIC_KEY
    run_cli("search", "Stalin", home=tmp_path)
    assert kept.read_text().strip() == key
    with serving(tmp_path) as address:  # a server starts with it, and keeps it
        assert found(address, "Stalin") == 0
    assert kept.read_text().strip() == key


def test_a_given_secret_key_is_used_and_none_is_made(tmp_path: Path) -> None:
    run_cli("search", "Stalin", home=tmp_path, env={"READINGROOM_SECRET_KEY": "given-" + "k" * 50})
    assert not (tmp_path / "secret_key").exists()


def test_the_public_key_is_refused_unless_debugging(tmp_path: Path) -> None:
    public = {"READINGROOM_SECRET_KEY": PUBLIC_KEY}
    refused = run_cli("serve", "--port", "0", home=tmp_path, env=public, check=False)
    assert refused.returncode == 2
    assert refused.stderr.startswith("readingroom serve: the secret key is the public one in readingroom's source")
    assert len(refused.stderr.splitlines()) == 1
    assert "READINGROOM_SECRET_KEY" in refused.stderr
    run_cli("search", "Stalin", home=tmp_path, env={**public, "READINGROOM_DEBUG": "1"})


@requires_postgres
def test_a_node_of_a_shared_database_signing_with_its_own_key_says_so(tmp_path: Path) -> None:
    notice = "give every node that shares the database the same READINGROOM_SECRET_KEY"
    with serving(tmp_path / "own"):
        assert notice in (tmp_path / "own" / "server.log").read_text()
    with serving(tmp_path / "given", env={"READINGROOM_SECRET_KEY": "given-" + "k" * 50}):
        assert notice not in (tmp_path / "given" / "server.log").read_text()
