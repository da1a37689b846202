"""The export progress bar: only on a terminal, only after a second of work."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from rjournal.cli.progress import Progress
from tests.conftest import read_until_closed


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


def _stderr_on_a_terminal(argv: list[str], tmp_path: Path) -> tuple[int, bytes, bytes]:
    """Run with standard error on a pseudo-terminal (stdout to a file, so neither can fill
    up while the other is read): exit code, stdout, and what reached the terminal."""
    controller, terminal = pty.openpty()
    stdout = tmp_path / "stdout"
    with open(stdout, "wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=terminal)
        os.close(terminal)
        seen = read_until_closed(controller)
        code = process.wait()
    return code, stdout.read_bytes(), seen


# The command line with the bar's delay at zero, so a small export shows it.
_NO_DELAY = (
    "import sys, rjournal.cli.progress as p; p.AFTER = 0.0; "
    "from rjournal.cli.main import main; sys.argv[0] = 'rj'; main()"
)


def test_an_export_draws_its_bar_on_a_terminal_stderr(demo_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup.json"
    argv = [sys.executable, "-c", _NO_DELAY, "--db", str(demo_copy), "export", "json"]
    code, out, seen = _stderr_on_a_terminal([*argv, "--output", str(target)], tmp_path)
    assert code == 0
    assert b"Exporting everything" in seen and b"Exported " in seen
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "rjournal-backup"
    # To a pipe, the data alone; the bar still on the terminal, never in the data.
    code, out, seen = _stderr_on_a_terminal(argv, tmp_path)
    assert code == 0 and b"Exporting everything" in seen
    assert json.loads(out)["format"] == "rjournal-backup"
