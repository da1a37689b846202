"""What the reading commands print, wherever it goes: whole in a pipe, as wide as a terminal,
columns straight whatever the names are made of. Real journals; a real pty for the terminal."""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import select
import struct
import subprocess
import sys
import termios
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import rjournal
from rjournal.cli.cells import cells
from rjournal.cli.main import main
from rjournal.cli.output import Page, profile
from rjournal.cli.profile import Profile, gather
from rjournal.store.journal import Journal

SCRIPT = Path(sys.executable).with_name("rj")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "rjournal"]
TODAY = date(2026, 11, 22)
LONG = " ".join(f"word{n}" for n in range(60))  # 413 characters, one paragraph
WIDE_NAMES = ["Ana Lee", "김민준", "Zoë 🎉 Party", "田中 美咲"]


def rj(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "journal.db"
    for name in WIDE_NAMES:
        rj(path, "add", name, "--every", "weekly", "--company", "Acme")
    rj(path, "log", "Ana Lee", LONG, "--on", "2026-10-01", "--via", "coffee")
    rj(path, "log", "김민준", "short", "--on", "2026-10-02", "--via", "call")
    rj(path, "log", "Zoë", "short", "--on", "2026-10-03")
    rj(path, "log", "田中", "short", "--on", "2026-10-04", "--via", "email")
    return path


def test_show_in_a_pipe_prints_every_text_whole(db: Path) -> None:
    # Once cut at 80 columns everywhere: a whole note could only be read with --json.
    out = rj(db, "show", "Ana Lee")
    (line,) = _entry_lines(out.splitlines())
    assert line.endswith(LONG)


def test_show_at_a_width_cuts_each_entry_to_one_line_and_full_shows_it_whole(db: Path) -> None:
    with Journal.open(db, create=False) as journal:
        ana = gather(journal, journal.resolve("Ana Lee"), TODAY, entries=10)
    for width in (80, 160):
        lines = _printed(ana, Page(width, cut=True))
        assert all(cells(line) <= width for line in lines)
        (entry,) = _entry_lines(lines)
        assert entry.endswith("…") and cells(entry) == width
        assert "Recent (--full shows each whole)" in lines
        full = _printed(ana, Page(width, cut=False))
        assert all(cells(line) <= width for line in full)
        start = full.index(_entry_lines(full)[0])
        end = full.index("", start)  # the entry's lines, up to the blank line after Recent
        words = " ".join(line.strip() for line in full[start:end])
        assert LONG in words


def _entry_lines(lines: list[str]) -> list[str]:
    """The lines of the Recent list that start the long entry."""
    return [line for line in lines if line.startswith("  #") and "word0" in line]


def _printed(shown: Profile, page: Page) -> list[str]:
    """What rj show prints of a profile on a page, as lines."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        profile(shown, TODAY, page)
    return buffer.getvalue().splitlines()


def test_wide_names_keep_the_columns_of_rj_next_in_place(db: Path) -> None:
    # 김민준 pushed "due" three columns right; an emoji pulled rj list's next column left.
    out = rj(db, "next", "--limit", "0")
    heads = [line for line in out.splitlines() if "due " in line and not line.startswith(" " * 4)]
    assert len(heads) == len(WIDE_NAMES)
    assert len({cells(line.split("due ")[0]) for line in heads}) == 1


def test_wide_names_keep_the_columns_of_rj_list_in_place(db: Path) -> None:
    out = rj(db, "list")
    rows = [line for line in out.splitlines() if "Acme" in line]
    assert len(rows) == len(WIDE_NAMES)
    assert len({cells(line.split("Acme")[0]) for line in rows}) == 1


def _in_a_terminal(tmp_path: Path, db: Path, columns: int, *args: str) -> str:
    """`rj --db DB ARGS` with its output on a pseudo-terminal `columns` wide."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "RJOURNAL_TODAY": TODAY.isoformat(),
        "PYTHONPATH": str(Path(rjournal.__file__).parent.parent),
        "LANG": "C.UTF-8",
    }
    try:
        process = subprocess.Popen(
            [*COMMAND, "--db", str(db), *args],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
        )
    finally:
        os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the other side closed
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            elif process.poll() is not None:
                break
        assert process.wait(timeout=10) == 0
    finally:
        os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_show_at_a_real_terminal_uses_its_width(tmp_path: Path, db: Path) -> None:
    out = _in_a_terminal(tmp_path, db, 120, "show", "Ana Lee")
    (entry,) = _entry_lines(out.splitlines())
    assert cells(entry) == 120 and entry.endswith("…")
    full = _in_a_terminal(tmp_path, db, 120, "show", "Ana Lee", "--full")
    assert all(cells(line) <= 120 for line in full.splitlines())
    start = full.index("  #")
    recent = full[start : full.index("\n\n", start)]
    assert "word59" in recent and "…" not in recent


def test_a_contact_logged_in_a_zone_ahead_is_today_never_negative(tmp_path: Path) -> None:
    # Logged under UTC+14, read under UTC-12: the entry's calendar day is after the reader's
    # today (always, whatever the hour: the two zones are 26 hours apart).
    db = tmp_path / "tz.db"
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(Path(rjournal.__file__).parent.parent),
        "LANG": "C.UTF-8",
    }

    def run(zone: str, *args: str) -> str:
        done = subprocess.run(
            [*COMMAND, "--db", str(db), *args],
            env={**base, "TZ": zone},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("Etc/GMT-14", "add", "Ana Lee", "--every", "weekly")
    run("Etc/GMT-14", "log", "ana", "coffee")
    out = run("Etc/GMT+12", "show", "ana")
    (rhythm,) = [line for line in out.splitlines() if line.startswith("Rhythm")]
    assert rhythm.endswith("(today)"), rhythm
    assert "-1" not in out and "tomorrow" not in out
