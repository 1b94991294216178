"""Progress bars for long imports and rebuilds, drawn on standard error when it is a terminal."""

from pathlib import Path
from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, Task, TaskID, TextColumn, TimeRemainingColumn
from rich.text import Text

from readingroom.records.importing import ImportProgress


class _Bar:
    """A rich progress display, started and stopped by `with`."""

    bar: Progress

    def __enter__(self) -> Self:
        self.bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.bar.stop()


class ImportBar(_Bar, ImportProgress):
    def __init__(self, console: Console) -> None:
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            _AmountColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
            disable=not console.is_terminal,
        )
        self.task: TaskID | None = None

    def file_started(self, path: Path, phase: str, total: int, unit: str) -> None:
        if self.task is not None and self.bar.tasks[-1].description.startswith(f"{path.name}: "):
            self.bar.remove_task(self.task)  # the same file's next phase replaces its bar
        self.task = self.bar.add_task(f"{path.name}: {phase}", total=total, unit=unit)

    def advanced(self, done: int) -> None:
        if self.task is not None:
            self.bar.update(self.task, completed=done)

    def file_finished(self) -> None:
        if self.task is not None:
            self.bar.update(self.task, completed=self.bar.tasks[-1].total)


class _AmountColumn(DownloadColumn):
    """Bytes as sizes (1.2/3.4 MB), anything else as a count (120/324 documents)."""

    def render(self, task: Task) -> Text:
        unit = task.fields.get("unit", "bytes")
        if unit == "bytes":
            return super().render(task)
        return Text(f"{int(task.completed)}/{int(task.total or 0)} {unit}", style="progress.download")


class CountBar(_Bar):
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

    def __call__(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total)
