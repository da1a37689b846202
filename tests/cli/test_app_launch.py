"""Bare `rj` opens the app only for a person at a terminal; anywhere else it answers at once.

Real processes with real terminals (a pty) and real pipes and files, each with a timeout: the
old failure was a full-screen app drawing into a pipe and waiting for keys forever.
"""

from __future__ import annotations

import fcntl
import os
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

import rjournal
from rjournal.cli.session import AppOnly, app_only
from rjournal.domain.model import NewPerson
from rjournal.store.journal import Journal

SCRIPT = Path(sys.executable).with_name("rj")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "rjournal"]
APP_MARKER = b"who needs you next"  # the home screen's sub title, in its first frame
WELCOME_MARKER = b"Add someone"  # the welcome screen's first choice, before any journal
QUIT = b"\x11"  # ctrl+q
TIMEOUT = 60.0


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "RJOURNAL_TODAY": "2026-11-22",
        "PYTHONPATH": str(Path(rjournal.__file__).parent.parent),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        **extra,
    }


@dataclass
class Ran:
    code: int
    terminal: str  # what the process wrote to the terminal
    stdout: str  # what it wrote to stdout, when that was a pipe
    stderr: str  # what it wrote to stderr, when that was a pipe


def run(
    tmp_path: Path,
    *args: str,
    command: Sequence[str] = COMMAND,
    tty: tuple[str, ...] = ("stdin", "stdout", "stderr"),
    stdout_file: Path | None = None,
    keys_after: bytes | None = None,
    **env: str,
) -> Ran:
    """`rj ARGS` with the streams named in `tty` on a pseudo-terminal (100x30), stdout to a
    file or a pipe otherwise, stderr to a pipe, stdin from /dev/null. Once `keys_after`'s marker is
    on the terminal, ctrl+q is typed. Fails the test if rj has not finished by TIMEOUT."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    out_target: int | None = None
    if stdout_file is not None:
        out_target = os.open(stdout_file, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        process = subprocess.Popen(
            [*command, *args],
            stdin=slave if "stdin" in tty else subprocess.DEVNULL,
            stdout=slave if "stdout" in tty else (out_target or subprocess.PIPE),
            stderr=slave if "stderr" in tty else subprocess.PIPE,
            env=environment(tmp_path, **env),
            start_new_session=True,
        )
    finally:
        os.close(slave)
        if out_target is not None:
            os.close(out_target)
    seen = b""
    deadline = time.monotonic() + TIMEOUT
    quit_sent = False
    try:
        while process.poll() is None or _readable(master):
            if time.monotonic() > deadline:
                pytest.fail(f"rj {' '.join(args)} did not finish within {TIMEOUT:.0f} s")
            if _readable(master, 0.05):
                try:
                    seen += os.read(master, 65536)
                except OSError:  # the terminal closed: every writer has gone
                    break
            if keys_after is not None and not quit_sent and keys_after in seen:
                os.write(master, QUIT)
                quit_sent = True
        code = process.wait(timeout=TIMEOUT)
        piped = [
            p.read().decode() if p is not None else "" for p in (process.stdout, process.stderr)
        ]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()
        os.close(master)
    return Ran(code, seen.decode(errors="replace"), *piped)


def _readable(fd: int, wait: float = 0.0) -> bool:
    try:
        return bool(select.select([fd], [], [], wait)[0])
    except (OSError, ValueError):
        return False


REFUSED = "rj: the app opens only in a terminal; `rj --help` lists the commands"


@pytest.mark.parametrize(
    "tty",
    [
        ("stdin", "stderr"),  # rj | head
        ("stdout", "stderr"),  # rj < /dev/null, a script
        ("stdin", "stdout"),  # rj 2> log: Textual draws on stderr
        (),  # cron, CI
    ],
    ids=["stdout-a-pipe", "stdin-not-a-terminal", "stderr-not-a-terminal", "no-terminal"],
)
def test_bare_rj_away_from_a_terminal_says_what_to_do(tmp_path: Path, tty: tuple[str, ...]) -> None:
    ran = run(tmp_path, tty=tty)
    said = ran.terminal if "stderr" in tty else ran.stderr
    assert ran.code == 2
    assert said.replace("\r\n", "\n") == REFUSED + "\n"
    assert not (tmp_path / "xdg-data").exists()  # no journal, not even its folder


def test_bare_rj_into_a_file_says_what_to_do(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    ran = run(tmp_path, "--db", str(tmp_path / "j.db"), tty=("stdin", "stderr"), stdout_file=target)
    assert ran.code == 2
    assert ran.terminal.replace("\r\n", "\n") == REFUSED + "\n"
    assert target.read_text() == ""
    assert not (tmp_path / "j.db").exists()


def test_a_shell_asking_for_the_completion_script_gets_it(tmp_path: Path) -> None:
    """What `eval "$(_RJ_COMPLETE=bash_source rj)"` in a .bashrc runs: stdin a terminal,
    stdout the shell's pipe."""
    ran = run(tmp_path, tty=("stdin", "stderr"), _RJ_COMPLETE="bash_source")
    assert ran.code == 0
    assert "_rj_completion()" in ran.stdout and "complete -o nosort -F _rj_completion rj" in (
        ran.stdout
    )
    assert not (tmp_path / "xdg-data").exists()


def test_any_completion_variable_keeps_the_app_closed(tmp_path: Path) -> None:
    """Even at a terminal: a completion variable means a shell, not a person, is asking."""
    ran = run(tmp_path, _RJOURNAL_COMPLETE="bash_source")
    assert ran.code == 2
    assert REFUSED in ran.terminal
    assert not (tmp_path / "xdg-data").exists()


def test_rj_demo_away_from_a_terminal_builds_nothing(tmp_path: Path) -> None:
    ran = run(tmp_path, "demo", "--db", str(tmp_path / "d.db"), tty=("stdin", "stderr"))
    assert ran.code == 2
    assert "rj: the app opens only in a terminal; `rj demo --no-open`" in ran.terminal
    assert not (tmp_path / "d.db").exists()


def test_bare_rj_at_a_terminal_opens_the_app(tmp_path: Path) -> None:
    journal = tmp_path / "j.db"
    ran = run(tmp_path, "--db", str(journal), keys_after=WELCOME_MARKER)
    assert WELCOME_MARKER.decode() in ran.terminal
    assert ran.code == 0
    assert not journal.exists()  # the welcome screen creates it only with the first save
    with Journal.open(journal) as made:
        made.add_person(NewPerson(name="Ana Lima", added_on=date(2026, 12, 1)))
    ran = run(tmp_path, "--db", str(journal), keys_after=APP_MARKER)
    assert APP_MARKER.decode() in ran.terminal
    assert ran.code == 0


def test_a_journal_the_app_cannot_open_is_reported_in_one_line(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    foreign.write_text("not a journal")
    ran = run(tmp_path, "--db", str(foreign))
    assert ran.code == 1
    lines = ran.terminal.replace("\r\n", "\n").splitlines()
    assert len(lines) == 1 and lines[0].startswith("rj: ")
    assert "not an rjournal journal" in lines[0]
    assert foreign.read_text() == "not a journal"


def test_rj_demo_at_a_terminal_opens_the_demo_as_it_was_left(tmp_path: Path) -> None:
    demo = tmp_path / "d.db"
    built = run(tmp_path, "demo", "--db", str(demo), "--no-open", "--people", "5", tty=())
    assert built.code == 0, built.stderr
    assert run(tmp_path, "--db", str(demo), "add", "Mine Own", tty=()).code == 0
    ran = run(tmp_path, "demo", "--db", str(demo), keys_after=APP_MARKER)
    assert ran.code == 0
    assert f"Opening the demo journal at {demo}, built Sun 22 Nov, as you left it" in (
        ran.terminal.replace("\r\n", "\n")
    )
    assert APP_MARKER.decode() in ran.terminal
    listed = run(tmp_path, "--db", str(demo), "list", tty=())
    assert "Mine Own" in listed.stdout  # what was done in the demo is still there


# `rj` as the console script runs it, then writes which of click's and Textual's modules it
# had loaded to the file named by $LOADED_TO when it exits.
TELLING = [
    sys.executable,
    "-c",
    "import atexit, os, sys\n"
    "def tell():\n"
    "    with open(os.environ['LOADED_TO'], 'w') as out:\n"
    "        out.write(' '.join(m for m in ('click', 'textual') if m in sys.modules))\n"
    "atexit.register(tell)\n"
    "sys.argv = ['rj', *sys.argv[1:]]\n"
    "from rjournal.__main__ import main\n"
    "main()\n",
]


def journal_with_someone(path: Path) -> Path:
    with Journal.open(path, create=True) as made:
        made.add_person(NewPerson(name="Ana Lima", added_on=date(2026, 12, 1)))
    return path


@pytest.mark.parametrize("form", ["--db PATH", "--db=PATH", "$RJOURNAL_DB"])
def test_bare_rj_opens_the_app_without_loading_click(tmp_path: Path, form: str) -> None:
    journal = journal_with_someone(tmp_path / "j.db")
    loaded = tmp_path / "loaded.txt"
    args = {"--db PATH": ["--db", str(journal)], "--db=PATH": [f"--db={journal}"]}.get(form, [])
    chosen = str(journal) if form == "$RJOURNAL_DB" else ""
    ran = run(
        tmp_path,
        *args,
        command=TELLING,
        keys_after=APP_MARKER,
        LOADED_TO=str(loaded),
        RJOURNAL_DB=chosen,
    )
    assert ran.code == 0
    assert APP_MARKER.decode() in ran.terminal
    assert loaded.read_text() == "textual"  # the app, and none of the command line's click


def test_a_command_still_goes_through_click(tmp_path: Path) -> None:
    journal = journal_with_someone(tmp_path / "j.db")
    loaded = tmp_path / "loaded.txt"
    ran = run(
        tmp_path, "--db", str(journal), "list", command=TELLING, tty=(), LOADED_TO=str(loaded)
    )
    assert ran.code == 0, ran.stderr
    assert "Ana Lima" in ran.stdout
    assert loaded.read_text() == "click"


@pytest.mark.parametrize(
    ("args", "read"),
    [
        ([], AppOnly(None)),
        (["--db", "j.db"], AppOnly("j.db")),
        (["--db=j.db"], AppOnly("j.db")),
        (["--db", "~/j.db"], AppOnly("~/j.db")),
        # Everything else is click's: commands, help, version, odd or doubled --db.
        (["--help"], None),
        (["-h"], None),
        (["--version"], None),
        (["list"], None),
        (["--db", "j.db", "list"], None),
        (["--db", "j.db", "--help"], None),
        (["--db", "a.db", "--db", "a.db"], None),
        (["--db"], None),
        (["--db="], None),
        (["--db", ""], None),
        (["--db", "--help"], None),
        (["--db=-x"], None),
        (["--dbx", "j.db"], None),
        (["--", "--db", "j.db"], None),
    ],
)
def test_only_the_exact_app_forms_skip_click(args: list[str], read: AppOnly | None) -> None:
    assert app_only(args) == read


def test_a_shell_asking_for_completions_goes_through_click(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("_RJ_COMPLETE", "bash_complete")
    assert app_only([]) is None


@pytest.mark.parametrize("kind", ["damaged", "newer", "empty"])
def test_a_refused_journal_is_one_line_from_bare_rj(tmp_path: Path, kind: str) -> None:
    journal = journal_with_someone(tmp_path / "j.db")
    if kind == "damaged":
        data = bytearray(journal.read_bytes())
        data[100:4096] = b"\xff" * (4096 - 100)  # the schema page's header and cells
        journal.write_bytes(bytes(data))
    elif kind == "newer":
        with sqlite3.connect(journal) as conn:
            conn.execute("PRAGMA user_version = 999")
        conn.close()
    else:
        journal.write_bytes(b"")
    before = journal.read_bytes()
    ran = run(tmp_path, "--db", str(journal))
    assert ran.code == 1
    lines = ran.terminal.replace("\r\n", "\n").splitlines()
    assert len(lines) == 1 and lines[0].startswith("rj: "), ran.terminal
    assert str(journal) in lines[0] or kind == "newer"
    assert {"damaged": "damaged", "newer": "newer", "empty": "is empty"}[kind] in lines[0]
    assert journal.read_bytes() == before


def test_bare_rj_warns_of_a_synced_folder_and_opens(tmp_path: Path) -> None:
    (tmp_path / "Dropbox").mkdir()
    journal = journal_with_someone(tmp_path / "Dropbox" / "j.db")
    ran = run(tmp_path, "--db", str(journal), keys_after=APP_MARKER)
    assert ran.code == 0
    assert ran.terminal.count("inside a Dropbox folder") == 1
    assert APP_MARKER.decode() in ran.terminal


def test_a_bad_today_is_refused_in_one_line_from_bare_rj(tmp_path: Path) -> None:
    journal = journal_with_someone(tmp_path / "j.db")
    ran = run(tmp_path, "--db", str(journal), RJOURNAL_TODAY="someday")
    assert ran.code == 2
    assert ran.terminal.replace("\r\n", "\n") == (
        "rj: RJOURNAL_TODAY must be a date like 2026-11-22, not 'someday'\n"
    )
