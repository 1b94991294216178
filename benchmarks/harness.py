"""What the scale benchmarks share: the machine and its load, percentiles, process memory, servers, HTTP."""

import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "benchmarks" / "out"


def machine() -> dict[str, Any]:
    """The machine and how busy it is: a figure measured while other work ran is worth less, and says so."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "load": load(),
    }


def load() -> list[float]:
    """The load averages over 1, 5 and 15 minutes (as `uptime` shows them)."""
    return [round(value, 2) for value in os.getloadavg()]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)

    return {"p50": round(statistics.median(ordered), 2), "p95": at(0.95), "p99": at(0.99), "runs": len(ordered)}


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of one process, in MB (0 once it is gone). `RssAnon` leaves out the pages of files it maps
    (the search index's segments), which the system can drop and read again."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """Processor time a process has used so far, all its threads together (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The process's children, grandchildren and so on."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            direct = [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in direct:
            found += [child, *children(child)]
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class MemoryWatch:
    """Samples a process tree's resident memory in the background: `peak_mb` is the largest total seen,
    `peak_anonymous_mb` the largest total of its own memory (without mapped files). It also keeps each process's
    command line and the processor time it had used at the last sample (`cpu`, by process id)."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self.peak_anonymous_mb = 0.0
        self.cpu: dict[int, float] = {}
        self.commands: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            tree = [self.pid, *children(self.pid)]
            self.peak_mb = max(self.peak_mb, sum(rss_mb(pid) for pid in tree))
            self.peak_anonymous_mb = max(self.peak_anonymous_mb, sum(rss_mb(pid, "RssAnon") for pid in tree))
            for pid in tree:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu_seconds(pid))
                self.commands[pid] = self.commands.get(pid) or command_line(pid)  # empty until a child execs

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return round(self.peak_mb, 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running(command: list[str], port: int, probe: str, timeout: float = 600) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server and wait until `probe` answers; stop it afterwards."""
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                status, _ = fetch(port, probe)
                if status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(command)} did not start (exit code {server.poll()})")
            time.sleep(0.3)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def fetch(
    port: int, path: str, connection: http.client.HTTPConnection | None = None, timeout: float = 120
) -> tuple[int, int]:
    """GET a path from 127.0.0.1:port; (status, bytes read). Reuses `connection` (keep-alive) when given."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        if own:
            connection.close()


def url(path: str, params: dict[str, Any]) -> str:
    return f"{path}?{urllib.parse.urlencode(params, doseq=True)}" if params else path


def timed(call: Callable[[], Any], repeat: int, cpu: list[float] | None = None) -> tuple[list[float], Any]:
    """Milliseconds of `repeat` calls after one warm-up, and the last result; the processor time of each call
    (this process, all its threads) goes to `cpu` when given."""
    result = call()
    samples = []
    for _ in range(repeat):
        started, processor = time.perf_counter(), time.process_time()
        result = call()
        samples.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - processor) * 1000)
    return samples, result


def throughput(port: int, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """Requests per second with `clients` concurrent clients, each cycling through `paths` on one connection,
    for `seconds`. Counts answers other than 200 as errors."""
    stop = time.monotonic() + seconds
    done = [0] * clients
    errors: list[str] = []

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        position = number
        while time.monotonic() < stop:
            path = paths[position % len(paths)]
            position += 1
            try:
                status, _ = fetch(port, path, connection)
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{path}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            if status != 200:
                errors.append(f"{path}: HTTP {status}")
            done[number] += 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": sum(done),
        "seconds": round(elapsed, 1),
        "per_second": round(sum(done) / elapsed, 1),
        "errors": len(errors),
        "first_errors": errors[:5],
    }


def directory_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def write_json(name: str, results: dict[str, Any], out: Path | None = None) -> Path:
    path = out or OUT / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return path


def readingroom(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "readingroom", *arguments]
