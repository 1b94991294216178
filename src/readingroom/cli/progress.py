"""Progress bars for long imports and rebuilds, drawn on standard error when it is a terminal."""

from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from readingroom.records.services import ImportProgress


class ImportBar(ImportProgress):
    def __init__(self, console: Console) -> None:
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
            disable=not console.is_terminal,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> "ImportBar":
        self.bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.bar.stop()

    def file_started(self, path: Path, phase: str, size: int) -> None:
        self.task = self.bar.add_task(f"{path.name}: {phase}", total=size)

    def advanced(self, position: int) -> None:
        if self.task is not None:
            self.bar.update(self.task, completed=position)

    def file_finished(self) -> None:
        if self.task is not None:
            self.bar.update(self.task, completed=self.bar.tasks[-1].total)


class CountBar:
    """A bar for a count of documents (index rebuilds); call it with (done, total)."""

    def __init__(self, console: Console, description: str) -> None:
        self.bar = Progress(
            TextColumn(description),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeRemainingColumn(),
            console=console,
            disable=not console.is_terminal,
        )
        self.task = self.bar.add_task(description, total=None)

    def __enter__(self) -> "CountBar":
        self.bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.bar.stop()

    def __call__(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total)
