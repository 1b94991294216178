"""The HTTP server of `readingroom serve`: gunicorn with the archive's WSGI application."""

import errno
import socket
from typing import Any

from gunicorn.app.base import BaseApplication

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


def run_server(host: str, port: int, workers: int) -> None:
    ArchiveServer(
        {
            "bind": f"{host}:{port}",
            "workers": max(1, workers),
            "worker_class": "gthread",
            "threads": 4,
            "accesslog": "-",
            "timeout": 60,
            "control_socket_disable": True,
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
