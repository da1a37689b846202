"""rj init, rj salvage, rj purge; long text from standard input or an editor; errors after a
commit reported as saved; numbers and dates out of range refused as input."""

from __future__ import annotations

import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rjournal.cli.main import main
from rjournal.store.journal import Journal
from tests.faults.journals import check_invariants
from tests.faults.test_kill import FIXTURES, env

ONE_MB = 1024 * 1024


def invoke(db: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], input=stdin)


def one_line(result: Result, code: int) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rj: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "journal.db"
    for args in (["add", "Ann Lee"], ["add", "Bob Stone"], ["promise", "bob", "send it"]):
        assert invoke(path, *args).exit_code == 0
    return path


def in_a_terminal(
    args: list[str], answer: bytes = b"", extra_env: dict[str, str] | None = None
) -> tuple[int, str]:
    """`rj ARGS` with a terminal for its standard streams; `answer` typed once it asks."""
    main_fd, child_fd = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "rjournal", *args],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        env={**env(), **(extra_env or {})},
        close_fds=True,
    )
    os.close(child_fd)
    out = b""
    typed = not answer
    while True:
        ready, _, _ = select.select([main_fd], [], [], 30)
        if not ready:
            child.kill()
            raise AssertionError(f"no answer from rj: {out!r}")
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if not typed and b"?" in out:
            os.write(main_fd, answer)
            typed = True
    os.close(main_fd)
    return child.wait(30), out.decode("utf-8", "replace")


# -- rj init -------------------------------------------------------------------------------


def test_an_empty_journal_file_is_refused_until_rj_init(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    path.write_bytes(b"")
    for args in (["list"], ["add", "Ann"], ["log", "ann", "hi"], ["next"]):
        line = one_line(invoke(path, *args), 1)
        assert "is empty (0 bytes)" in line and "rj init" in line
        assert path.read_bytes() == b""
    result = invoke(path, "init")
    assert result.exit_code == 0 and "Started a new journal" in result.stdout
    assert "in place of the empty file" in result.stdout
    assert invoke(path, "add", "Ann").exit_code == 0
    again = invoke(path, "init")
    assert again.exit_code == 0 and "already a journal; nothing changed" in again.stdout
    with Journal.open(path) as journal:
        assert journal.people_count() == 1


def test_init_starts_a_journal_where_there_was_none(tmp_path: Path) -> None:
    path = tmp_path / "new" / "journal.db"
    assert invoke(path, "init").exit_code == 0
    check_invariants(path)


# -- rj salvage ------------------------------------------------------------------------------


def test_salvage_copies_what_still_reads_and_leaves_the_damaged_file(
    db: Path, tmp_path: Path
) -> None:
    from tests.faults.test_app_saves import damage_a_page_of

    with Journal.open(db) as journal, journal.write() as conn:
        conn.executemany(
            "INSERT INTO people (name, added_on, name_key, sort_key) VALUES (?, ?, ?, ?)",
            [(f"Person {i}", "2026-01-01", f"person {i}", f"person {i:04}") for i in range(300)],
        )
    damage_a_page_of(db, "people")
    before = db.read_bytes()
    assert one_line(invoke(db, "add", "Zed"), 1).count("rj salvage NEW-FILE") == 1
    out = tmp_path / "saved" / "journal.db"
    result = invoke(db, "salvage", str(out))
    assert result.exit_code == 0, result.stderr
    assert "table by table" in result.stdout or ".recover" in result.stdout
    assert db.read_bytes() == before
    check_invariants(out)
    with Journal.open(out) as journal:
        names = {row.name for row in journal.people()}
        assert {"Ann Lee", "Bob Stone"} <= names
        assert 200 < journal.people_count() < 302  # a page's worth lost, the rest kept
        journal.set_setting("salvaged", "yes")  # the new journal takes writes
    assert stat_mode(out) == 0o600
    # OUT is never overwritten.
    line = one_line(invoke(db, "salvage", str(out)), 1)
    assert "already exists" in line


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_salvage_of_a_sound_journal_is_a_whole_copy(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.db"
    result = invoke(db, "salvage", str(out))
    assert result.exit_code == 0, result.stderr
    assert "a whole copy: every row reads" in result.stdout
    with Journal.open(out) as journal:
        assert journal.people_count() == 2


def test_salvage_by_sqlites_recovery_where_the_program_can(db: Path, tmp_path: Path) -> None:
    from rjournal.store.salvage import salvage
    from tests.faults.test_app_saves import damage_a_page_of

    program = shutil.which("sqlite3")
    if program is None:
        pytest.skip("no sqlite3 program here")
    probe = subprocess.run([program, str(db), ".recover"], capture_output=True, text=True)
    if probe.returncode != 0 or "sql error" in probe.stderr.lower():
        pytest.skip(
            f"this sqlite3 can't .recover ({probe.stderr.strip()[:60]}): the table copy runs"
        )
    damage_a_page_of(db, "people")
    result = salvage(db, tmp_path / "out.db", today=date(2026, 11, 22))
    assert result.method.startswith("SQLite's recovery")
    check_invariants(tmp_path / "out.db")


def test_salvage_refuses_what_is_not_a_journal(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("Dear diary")
    assert "not an SQLite database" in one_line(invoke(text, "salvage", str(tmp_path / "o.db")), 1)
    assert not (tmp_path / "o.db").exists()


# -- rj purge --------------------------------------------------------------------------------


def test_purge_in_a_script_needs_yes_and_erases_only_from_the_trash(db: Path) -> None:
    assert "is not in the trash" in one_line(invoke(db, "purge", "bob", "--yes"), 1)
    assert invoke(db, "delete", "bob").exit_code == 0
    line = one_line(invoke(db, "purge", "bob"), 2)  # standard input is not a terminal
    assert "add --yes" in line
    result = invoke(db, "purge", "bob", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Erased Bob Stone for good (1 promise)\n"
    assert "no one called" in one_line(invoke(db, "restore", "bob"), 1)


@pytest.mark.parametrize(("answer", "erased"), [(b"n\r", False), (b"y\r", True)])
def test_purge_asks_first_at_a_terminal(db: Path, answer: bytes, erased: bool) -> None:
    assert invoke(db, "delete", "bob").exit_code == 0
    code, out = in_a_terminal(["--db", str(db), "purge", "bob"], answer)
    assert code == 0, out
    assert "Erase Bob Stone for good, with 1 promise? This can't be undone." in out
    with Journal.open(db) as journal:
        assert len(journal.people(deleted=True)) == (0 if erased else 1)


# -- long text -------------------------------------------------------------------------------


def test_a_one_megabyte_note_from_standard_input(db: Path) -> None:
    """Past the 128 KiB an argument may hold: through a real pipe."""
    text = ("a line of a long note, " * 40 + "\n") * (ONE_MB // 920 + 1)
    done = subprocess.run(
        [sys.executable, "-m", "rjournal", "--db", str(db), "note", "ann"],
        input=text,
        capture_output=True,
        text=True,
        env=env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    with Journal.open(db) as journal:
        (entry,) = journal.timeline(1)
    assert entry.text == text.strip() and len(entry.text) > ONE_MB - 1000


def test_log_text_from_standard_input_and_an_empty_one_refused(db: Path) -> None:
    result = invoke(db, "log", "ann", "--via", "call", stdin="a call about Rome\n")
    assert result.exit_code == 0 and result.stdout.startswith("Logged call with Ann Lee")
    assert "standard input was empty" in one_line(invoke(db, "log", "ann", stdin=""), 2)
    assert "standard input was empty" in one_line(invoke(db, "note", "ann", stdin=" \n"), 2)
    with Journal.open(db) as journal:
        (entry,) = journal.timeline(1)
    assert entry.text == "a call about Rome"


# An editor that writes $WRITE_TEXT, $WRITE_TIMES times over, into the file it is given.
EDITOR = r"""
import os, sys
from pathlib import Path
text = os.environ["WRITE_TEXT"] * int(os.environ["WRITE_TIMES"])
Path(sys.argv[-1]).write_text(text, encoding="utf-8")
"""


@pytest.mark.parametrize("command", ["note", "log"])
def test_at_a_terminal_the_text_is_written_in_the_editor(
    db: Path, tmp_path: Path, command: str
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    code, out = in_a_terminal(
        ["--db", str(db), command, "ann"],
        extra_env={
            "VISUAL": f"{sys.executable} {script}",
            "EDITOR": "false",
            "WRITE_TEXT": "written in the editor. ",
            "WRITE_TIMES": str(ONE_MB // 23 + 1),
        },
    )
    assert code == 0, out
    with Journal.open(db) as journal:
        (entry,) = journal.timeline(1)
    assert entry.text.startswith("written in the editor.") and len(entry.text) >= ONE_MB - 30


def test_an_editor_left_empty_writes_nothing(db: Path, tmp_path: Path) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    code, out = in_a_terminal(
        ["--db", str(db), "note", "ann"],
        extra_env={"VISUAL": f"{sys.executable} {script}", "WRITE_TEXT": " ", "WRITE_TIMES": "3"},
    )
    assert code == 2 and "left empty in the editor; nothing was written" in out
    with Journal.open(db) as journal:
        assert journal.timeline(1) == []


# -- errors after a commit, and out of range -------------------------------------------------


def test_a_failure_after_the_commit_says_the_change_was_saved(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Journal, "names", broken)
    result = invoke(db, "done", "1")
    assert result.exit_code == 0
    line = result.stderr.strip()
    assert line.startswith("rj: warning: the change was saved, but then: ")
    assert "I/O error" in line and "\n" not in line
    monkeypatch.undo()
    with Journal.open(db) as journal:
        assert journal.promise(1).done_on is not None


def test_a_failure_after_an_upgrade_does_not_say_the_upgrade_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rjournal.store import facts

    path = tmp_path / "journal.db"
    shutil.copy(FIXTURES / "journal-v2.db", path)

    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(facts, "next_checkins", broken)
    line = one_line(invoke(path, "next"), 1)
    from rjournal.store.migrations import latest_version

    upgraded = f"was upgraded from schema v2 to v{latest_version()} (a copy from before is at "
    assert upgraded in line
    assert "; then: can't use the journal at " in line and "I/O error" in line
    monkeypatch.undo()
    assert invoke(path, "next").exit_code == 0


OUT_OF_RANGE = [
    (["next", "--limit", "100000000000000000000"], {}, "not in the range"),
    (["show", "ann", "--entries", "100000000000000000000"], {}, "not in the range"),
    (["show", "99999999999999999999"], {}, "too large to be an id"),
    (["done", "99999999999999999999"], {}, "too large to be an id"),
    (["log", "ann", "x"], {"RJOURNAL_TODAY": "9999-12-31"}, "RJOURNAL_TODAY must be a day"),
    (["add", "Zed", "--every", "weekly"], {"RJOURNAL_TODAY": "9999-12-31"}, "RJOURNAL_TODAY"),
    (["next", "--as-of", "9999-12-30"], {}, "out of range"),
]


@pytest.mark.parametrize(("args", "environ", "words"), OUT_OF_RANGE)
def test_numbers_and_dates_out_of_range_are_bad_input(
    db: Path,
    args: list[str],
    environ: dict[str, str],
    words: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    before = db.read_bytes()
    line = one_line(invoke(db, *args), 2)
    assert words in line and "OverflowError" not in line and "damaged" not in line
    assert db.read_bytes() == before
