"""Throwaway PostgreSQL servers for the tests and benchmarks, from Debian's server binaries.

    python -m tests.postgres run -- pytest -m "not browser"    # a command against a fresh server, removed after

A cluster lives in a temporary directory, listens on 127.0.0.1 only (and a socket in its own directory) on a free
port, and trusts local connections. initdb and the server refuse to run as root, so as root the cluster belongs to
the `postgres` user (Debian's package creates it) and its commands run as that user.
"""

import contextlib
import glob
import hashlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SERVER_USER = "postgres"
# The tests' server trades durability for speed; a benchmark's keeps the defaults. Autovacuum is off because the
# tests roll back almost everything they write: vacuuming those dead rows would record the tables as empty (no live
# rows on many pages), and the planner, believing that, would scan whole tables inside a test that fills them.
FAST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "autovacuum": "off"}
TEMPLATE = "readingroom_template"


def binaries() -> Path | None:
    """The folder of initdb, pg_ctl and pg_basebackup: READINGROOM_POSTGRES_BIN, or Debian's newest, or PATH's."""
    if configured := os.environ.get("READINGROOM_POSTGRES_BIN"):
        return Path(configured)
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    if debian:
        return Path(debian[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """One PostgreSQL server: its data directory, port and log, in a folder of its own."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "server.log"
        self.port = port
        bin_folder = binaries()
        if bin_folder is None:
            raise RuntimeError("PostgreSQL's server binaries were not found (apt install postgresql)")
        self.bin = bin_folder

    @classmethod
    def create(cls, settings: dict[str, str] | None = None) -> "Cluster":
        """initdb a new cluster in a new temporary folder."""
        cluster = cls(_owned_folder(), free_port())
        cluster._run("initdb", "-D", str(cluster.data), "-U", SERVER_USER, "--auth=trust", "-E", "UTF8", "--no-sync")
        cluster.configure({"listen_addresses": "'127.0.0.1'", "max_connections": "200", **(settings or {})})
        return cluster

    def standby(self) -> "Cluster":
        """A hot standby streaming from this server (pg_basebackup -R), in a new folder; not started yet."""
        standby = Cluster(_owned_folder(), free_port())
        host = ("-h", "127.0.0.1", "-p", str(self.port), "-U", SERVER_USER)
        self._run("pg_basebackup", *host, "-D", str(standby.data), "-R", "-X", "stream", "-c", "fast", "--no-sync")
        return standby

    def configure(self, settings: dict[str, str]) -> None:
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder}"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        if check and result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr}{result.stdout}\n{log}")


def _owned_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="readingroom-postgres-"))
    _own(folder)
    return folder


def _own(path: Path) -> None:
    """As root, hand the path to the server's user: PostgreSQL will not run as root."""
    if os.geteuid() == 0:
        user = pwd.getpwnam(SERVER_USER)
        os.chown(path, user.pw_uid, user.pw_gid)


@contextlib.contextmanager
def running(settings: dict[str, str] | None = None) -> Iterator[Cluster]:
    """A new cluster, started, then stopped and removed when the block ends."""
    cluster = Cluster.create(settings)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def execute(url: str, *statements: str) -> None:
    """Run statements outside a transaction (CREATE DATABASE cannot run in one)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement.encode())


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def server_url() -> str | None:
    """The server the tests run against: READINGROOM_DATABASE_URL when it names a PostgreSQL database."""
    url = os.environ.get("READINGROOM_DATABASE_URL", "")
    return url if urlsplit(url).scheme in ("postgres", "postgresql") else None


class Archives:
    """A database of its own for each data directory a test's subprocesses use, cloned from a migrated template,
    so that every test archive starts empty as an SQLite one in a fresh folder does. All dropped at the end."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.created: list[str] = []
        self.template_ready = False

    def database(self, key: str, migrated: bool = True) -> str:
        """The URL of the database for `key` (a data directory, or any name), created on first use: with the tables
        of `readingroom migrate`, or empty."""
        name = "readingroom_test_" + hashlib.sha1(key.encode()).hexdigest()[:16]
        if name not in self.created:
            self.create(name, migrated)
        return with_database(self.server, name)

    def create(self, name: str, migrated: bool) -> None:
        if migrated and not self.template_ready:
            execute(with_database(self.server, "postgres"), f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
            execute(with_database(self.server, "postgres"), f'CREATE DATABASE "{TEMPLATE}"')
            env = {**os.environ, "READINGROOM_DATABASE_URL": with_database(self.server, TEMPLATE)}
            subprocess.run([sys.executable, "-m", "readingroom", "migrate"], env=env, check=True, capture_output=True)
            self.template_ready = True
        execute(
            with_database(self.server, "postgres"),
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE if migrated else "template0"}"',
        )
        self.created.append(name)

    def drop_all(self) -> None:
        names = [*self.created, TEMPLATE] if self.template_ready else self.created
        execute(with_database(self.server, "postgres"), *(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)' for n in names))
        self.created.clear()


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[:2] != ["run", "--"]:
        print("usage: python -m tests.postgres run -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop)  # so that a stopped run still removes its cluster
    with running(FAST_SETTINGS) as cluster:
        execute(cluster.url(), "CREATE DATABASE readingroom")
        print(f"== PostgreSQL on 127.0.0.1:{cluster.port} ({cluster.folder})", flush=True)
        env = {**os.environ, "READINGROOM_DATABASE_URL": cluster.url("readingroom")}
        return subprocess.run(argv[2:], env=env).returncode


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
