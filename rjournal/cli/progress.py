"""A progress bar on stderr for work that runs longer than about a second.

Only when stderr is a terminal (never in a pipe, a file or a test), and not when the work's
own output goes to that terminal (the two would mix). Nothing is drawn, and Rich is not even
imported, until the work has run for `AFTER` seconds: a quick export shows no bar at all.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO, Any

AFTER = 1.0  # seconds of work before a bar appears


class Progress:
    """Counts work done out of `total` (None: unknown, the bar then only counts); draws a
    transient Rich bar once `after` seconds pass."""

    def __init__(
        self,
        total: int | None,
        what: str,
        *,
        enabled: bool | None = None,
        stream: IO[str] | None = None,
        after: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.what = what
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _terminal(self.stream) if enabled is None else enabled
        self.after = AFTER if after is None else after
        self.clock = clock
        self.start = clock()
        self.done = 0
        self.bar: Any = None
        self.task: Any = None

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        if self.bar is None:
            if self.clock() - self.start < self.after:
                return
            self._show()
        self.bar.update(self.task, completed=self.done)

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        console = Console(file=self.stream, force_terminal=True, highlight=False)
        self.bar = Bar(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task(self.what, total=self.total, completed=self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
