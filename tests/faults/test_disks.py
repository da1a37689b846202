"""The command line on a full disk and a read-only one: one line saying what to do, exit 1,
the journal whole and unchanged, reads still working, the write going through once the disk
has room again."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from rjournal.store import checks
from tests.faults.conftest import fill, make_read_only, rj
from tests.faults.journals import check_invariants, dump

WRITES = [
    ["add", "Zed Full"],
    ["log", "ann", "a long talk " * 500],
    ["note", "ann", "kept " * 2000],
    ["edit", "ann", "--about", "x" * 5000],
    ["tags", "client", "--every", "monthly"],
]
READS = [["list"], ["next"], ["show", "ann"], ["search", "talk"], ["tags"], ["review"]]


def _journal(db: Path) -> None:
    assert rj(db, "add", "Ann Lee", "--tag", "client").returncode == 0
    assert rj(db, "log", "ann", "talk " + "y" * 500).returncode == 0
    conn = sqlite3.connect(db)
    conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?)",
        [(f"pad {i}", "z" * 3000) for i in range(60)],
    )
    conn.commit()
    conn.close()
    checks.forget(db)  # written by hand above: the next write checks the whole file


def _one_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    assert done.returncode == code, (done.stdout, done.stderr)
    assert done.stdout == "" and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rj: "), done.stderr
    return lines[0]


def test_writes_on_a_full_disk_change_nothing_and_say_what_to_do(small_disk: Path) -> None:
    db = small_disk / "journal.db"
    _journal(db)
    fill(small_disk)
    before = dump(db)
    for args in WRITES:
        line = _one_line(rj(db, *args), 1)
        assert "the disk is full" in line and "free some space" in line, line
        assert dump(db) == before, args
    for args in READS:
        assert rj(db, *args).returncode == 0, args
    assert [p.name for p in small_disk.iterdir() if ".new-" in p.name or "-journal" in p.name] == []
    (small_disk / "filler").unlink()
    assert rj(db, *WRITES[0]).returncode == 0
    check_invariants(db)


def test_a_new_journal_on_a_full_disk_is_one_line_and_leaves_no_file(small_disk: Path) -> None:
    fill(small_disk)
    db = small_disk / "journal.db"
    line = _one_line(rj(db, "add", "Ann"), 1)
    assert "No space left" in line or "disk is full" in line
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_writes_to_a_read_only_journal_say_so_and_reads_work(
    read_only_view: tuple[Path, Path],
) -> None:
    source, view = read_only_view
    _journal(source / "journal.db")
    if view.is_symlink():
        make_read_only(source)
    db = view / "journal.db"
    before = dump(db)
    try:
        for args in WRITES:
            line = _one_line(rj(db, *args), 1)
            assert "read-only" in line, line
        for args in READS:
            done = rj(db, *args)
            assert done.returncode == 0 and done.stderr == "", (args, done.stderr)
        assert dump(db) == before
    finally:
        if view.is_symlink():
            source.chmod(0o700)


@pytest.mark.parametrize("message", ["database or disk is full", "disk I/O error"])
def test_an_injected_sqlite_failure_is_one_line_with_what_to_do(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, message: str
) -> None:
    from click.testing import CliRunner

    from rjournal.cli.main import main
    from rjournal.store.journal import Journal

    assert CliRunner().invoke(main, ["--db", str(db_path), "add", "Ann"]).exit_code == 0

    def failing(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(Journal, "add_entry", failing)
    result = CliRunner().invoke(main, ["--db", str(db_path), "log", "ann", "hi"])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"rj: can't use the journal at {db_path}: ")
    assert ("free some space" if "full" in message else "rj salvage NEW-FILE") in line
