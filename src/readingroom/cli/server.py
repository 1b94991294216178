"""The HTTP server of `readingroom serve`: gunicorn with the archive's WSGI application."""

import errno
import json
import socket
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.util import write_nonblock
from gunicorn.workers.gthread import ThreadWorker

from readingroom.web.long_addresses import MAX_REQUEST_LINE, too_long

NEXT_PORTS_TRIED = 20  # by `readingroom demo` when the port asked for is taken


class PortTaken(Exception):
    """Another program listens on the address and port asked for."""


class ArchiveServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from readingroom.wsgi import application

        return application


# Requests gunicorn refuses before the application sees them, answered as the API answers its errors.
REFUSALS = {
    LimitRequestLine: ("414 URI Too Long", too_long()),
    LimitRequestHeaders: (
        "431 Request Header Fields Too Large",
        "the request's headers are too many or too long; send fewer or shorter ones",
    ),
}


class ArchiveWorker(ThreadWorker):
    """gunicorn's threaded worker, answering a request line or headers too long to read in JSON, as the API answers
    every error, rather than in gunicorn's HTML: they are refused before the address is read, so API requests
    cannot be told from pages' (the application refuses shorter long addresses itself, as JSON or a page:
    web/long_addresses.py)."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        refusal = next((answer for kind, answer in REFUSALS.items() if isinstance(exc, kind)), None)
        if refusal is None:
            super().handle_error(req, client, addr, exc)
            return
        status, message = refusal
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        body = json.dumps({"error": message}).encode()
        head = (
            f"HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        try:
            write_nonblock(client, head.encode() + body)
        except OSError:
            self.log.debug("Failed to send error message.")


def run_server(host: str, port: int, workers: int) -> None:
    ArchiveServer(
        {
            "bind": f"{host}:{port}",
            "workers": max(1, workers),
            "worker_class": "readingroom.cli.server.ArchiveWorker",
            "threads": 4,
            "accesslog": "-",
            "timeout": 60,
            "control_socket_disable": True,
            # The most gunicorn reads (its default is 4,094); longer lines get ArchiveWorker's JSON 414.
            "limit_request_line": MAX_REQUEST_LINE,
        }
    ).run()


def check_port(host: str, port: int) -> None:
    """Raise PortTaken if another program listens on `host:port`, OSError if it cannot be bound for another reason
    (an address not of this machine, a port below 1024). Asked before the server starts, because gunicorn, finding
    the port taken, retries for five seconds, logs an error each time and exits."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does: TIME_WAIT is no obstacle
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortTaken(f"port {port} on {host} is in use by another program") from None
            raise


def next_free_port(host: str, port: int) -> int:
    """The first of `port` and the ports after it that nothing listens on."""
    for candidate in range(port, port + NEXT_PORTS_TRIED):
        try:
            check_port(host, candidate)
        except PortTaken:
            continue
        return candidate
    raise PortTaken(f"ports {port} to {port + NEXT_PORTS_TRIED - 1} on {host} are all in use")
