"""The export progress bar: only on a terminal, only after a second of work."""

from __future__ import annotations

import io
import sys

from rjournal.cli.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_drawn_before_a_second_of_work_and_a_bar_after() -> None:
    clock, stream = Clock(), io.StringIO()
    with Progress(1000, "Exporting vCards", enabled=True, stream=stream, clock=clock) as bar:
        bar.advance(400)
        clock.now += 0.9
        bar.advance(100)
        assert stream.getvalue() == "" and bar.bar is None
        clock.now += 0.2
        bar.advance(100)
        assert bar.bar is not None
        assert bar.bar.tasks[0].completed == 600 and bar.bar.tasks[0].total == 1000
    drawn = stream.getvalue()
    assert "Exporting vCards" in drawn and "600/1000" in drawn
    assert bar.bar is None  # stopped: the terminal is left to what follows


def test_no_bar_when_stderr_is_not_a_terminal() -> None:
    clock, stream = Clock(), io.StringIO()
    bar = Progress(10, "x", stream=stream, clock=clock)
    assert not bar.enabled
    clock.now += 60
    bar.advance(10)
    bar.close()
    assert stream.getvalue() == "" and bar.done == 10


def test_a_bar_is_asked_of_a_terminal_only() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert Progress(1, "x", stream=Terminal()).enabled
    assert not Progress(1, "x", stream=io.StringIO()).enabled
    assert Progress(1, "x").enabled == sys.stderr.isatty()
