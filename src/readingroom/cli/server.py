"""The HTTP server of `readingroom serve`: gunicorn with the archive's WSGI application."""

from typing import Any

from gunicorn.app.base import BaseApplication


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
