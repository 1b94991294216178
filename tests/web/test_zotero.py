"""What Zotero saves from a document page, asked of Zotero's own translation-server (../shared/tools, see
README-zotero.md there) with the archive served by `readingroom serve`: the same translators the Zotero Connector
runs in a browser, reading the page and whatever it points to."""

import hashlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from tests.conftest import SAMPLE, SHARED, run_cli, serving

pytestmark = pytest.mark.slow

TOOLS = SHARED / "tools"
SERVER = TOOLS / "zotero-translation-server"
NODE = shutil.which("node")
NPM = shutil.which("npm")
FRUS = SAMPLE.parent / "frus" / "frus1955-57v02.xml"

RECORDS = [
    {"kind": "person", "id": "person/rankin", "name": "Rankin, Karl L."},
    {"kind": "person", "id": "person/butterworth", "name": "Butterworth"},
    {"kind": "organization", "id": "org/embassy", "name": "Embassy in Indonesia"},
    {"kind": "organization", "id": "org/state", "name": "Department of State"},
    {
        "id": "zotero/telegram",
        "title": "Telegram From the Embassy in the Republic of China to the Department of State",
        "date": "1955-01-03",
        "type": "Telegram",
        "summary": "The Ambassador reports on the offshore islands.",
        "authors": ["person/rankin", "person/butterworth"],
        "languages": ["en"],
        "rights": "Public domain",
        "source": {
            "repository": "National Archives",
            "citation": "Department of State, Central Files, 793.00/1–355.",
            "publication": "Foreign Relations of the United States, 1955–1957, Volume II, China, Document 3",
        },
    },
    {
        "id": "zotero/letter",
        "title": "Letter From the Embassy in Indonesia to the Department of State",
        "date": "1958-02-10/1958-02-12",
        "type": "Letter",
        "authors": ["org/embassy"],
        "recipients": ["org/state"],
        "source": {"repository": "Eisenhower Library", "citation": "Whitman File, Dulles-Herter Series"},
    },
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _installed_server() -> Path:
    """The translation-server with its Node packages, installed once per package-lock.json into the system's
    temporary directory (outside the repository; the tools folder is read-only) and reused by later runs."""
    if NODE is None or NPM is None:
        pytest.skip("Node.js and npm are not installed (apt install nodejs npm)")
    if not (SERVER / "package-lock.json").is_file() or not (TOOLS / "wicked-good-xpath").is_dir():
        pytest.skip(f"Zotero's translation-server is not at {SERVER} (see README-zotero.md beside it)")
    lock = hashlib.sha256((SERVER / "package-lock.json").read_bytes()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"readingroom-zotero-{lock}"
    if (cache / "installed").is_file():
        return cache / "zotero-translation-server"
    building = Path(tempfile.mkdtemp(prefix="readingroom-zotero-"))
    shutil.copytree(SERVER, building / "zotero-translation-server", symlinks=True)
    shutil.copytree(TOOLS / "wicked-good-xpath", building / "wicked-good-xpath", symlinks=True)
    install = subprocess.run(
        [NPM, "install", "--omit=dev", "--no-audit", "--no-fund"],
        cwd=building / "zotero-translation-server",
        capture_output=True,
        text=True,
        timeout=900,
    )
    if install.returncode != 0:
        shutil.rmtree(building, ignore_errors=True)
        pytest.skip(f"npm could not install the translation-server's packages: {install.stderr[-800:]}")
    (building / "installed").write_text(lock + "\n")
    try:
        building.rename(cache)  # whole or not at all, should another run be installing too
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
    return cache / "zotero-translation-server"


@pytest.fixture(scope="module")
def translation_server() -> Iterator[str]:
    """Zotero's translation-server on a free port of 127.0.0.1 until the tests end; its address."""
    directory = _installed_server()
    port = _free_port()
    # the server reads its settings with node-config, which takes overrides from NODE_CONFIG
    env = {**os.environ, "NODE_CONFIG": json.dumps({"port": port, "host": "127.0.0.1"})}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([NODE, "src/server.js"], cwd=directory, env=env, stdout=log, stderr=log)
        try:
            _wait_for(port, server, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=20)


def _wait_for(port: int, server: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"the translation-server did not start: {log.read().decode()}") from None
            time.sleep(0.2)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, translation_server: str) -> Iterator[str]:
    """The seed sample, a FRUS volume and two documents with an archive and an archival reference, served."""
    home = tmp_path_factory.mktemp("zotero")
    records = home / "records.jsonl"
    records.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in RECORDS))
    run_cli("import", str(SAMPLE), str(FRUS), str(records), home=home, timeout=600)
    with serving(home) as address:
        yield address


def saved(translation_server: str, url: str) -> dict[str, Any]:
    """The one item Zotero saves from the page at `url`, as the translation-server answers it."""
    request = urllib.request.Request(
        f"{translation_server}/web", data=url.encode(), headers={"Content-Type": "text/plain"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        (item,) = json.load(response)
    assert isinstance(item, dict)
    return item


def test_an_archival_document(site: str, translation_server: str) -> None:
    item = saved(translation_server, f"{site}/documents/zotero/telegram")
    assert item["itemType"] == "manuscript"
    assert item["manuscriptType"] == "Telegram"
    assert item["title"] == "Telegram From the Embassy in the Republic of China to the Department of State"
    assert item["creators"] == [
        {"firstName": "Karl L.", "lastName": "Rankin", "creatorType": "author"},
        {"name": "Butterworth", "creatorType": "author"},
    ]
    assert item["date"] == "1955-01-03"
    assert item["archive"] == "National Archives"
    assert item["archiveLocation"] == "Department of State, Central Files, 793.00/1–355"
    assert item["url"] == f"{site}/documents/zotero/telegram"
    assert item["abstractNote"] == "The Ambassador reports on the offshore islands."
    assert item["language"] == "en"
    assert item["rights"] == "Public domain"


def test_a_letter_between_offices_dated_to_a_span(site: str, translation_server: str) -> None:
    item = saved(translation_server, f"{site}/documents/zotero/letter")
    assert item["itemType"] == "letter"
    assert item["letterType"] == "Letter"
    assert item["creators"] == [
        {"name": "Embassy in Indonesia", "creatorType": "author"},
        {"name": "Department of State", "creatorType": "recipient"},
    ]
    assert item["date"] == "1958-02-10/1958-02-12"
    assert item["archive"] == "Eisenhower Library"
    assert item["archiveLocation"] == "Whitman File, Dulles-Herter Series"


def test_names_written_family_first_keep_their_order(site: str, translation_server: str) -> None:
    item = saved(translation_server, f"{site}/documents/seed/1952-09-16-zhou-note")
    assert item["itemType"] == "manuscript"
    assert item["creators"] == [
        {"name": "Zhou Enlai", "creatorType": "author"},
        {"name": "Mao Zedong", "creatorType": "author"},
    ]
    assert item["date"] == "1952-09-16"
    assert item["language"] == "ru"


def test_a_frus_document(site: str, translation_server: str) -> None:
    item = saved(translation_server, f"{site}/documents/frus1955-57v02/d307")
    assert item["itemType"] == "manuscript"
    assert item["manuscriptType"] == "Telegram"
    assert item["creators"] == [{"name": "Secretary of State", "creatorType": "author"}]
    assert item["date"] == "1955-07-16/1955-07-17"
    # the archival reference its source note starts with, not the classification and times after it
    assert item["archiveLocation"] == "Department of State, Central Files, 611.93/7–1755"
