"""Bare `rj` opens the app without the command machinery; everything else is the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rjournal.cli import entry


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--db", "j.db"], (True, "j.db")),
        (["--db=j.db"], (True, "j.db")),
        (["--db", "j.db", "next"], (False, None)),
        (["--db", "--help"], (False, None)),
        (["--db="], (False, None)),
        (["--help"], (False, None)),
        (["demo"], (False, None)),
    ],
)
def test_only_bare_app_invocations_skip_the_command_line(
    args: list[str], expected: tuple[bool, str | None]
) -> None:
    assert entry.app_only(args) == expected


def test_bare_rj_builds_and_runs_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rjournal.app import app as app_module

    ran: list[object] = []
    monkeypatch.setattr(app_module, "run_built", ran.append)
    monkeypatch.setattr(sys, "argv", ["rj", "--db", str(tmp_path / "j.db")])
    entry.main()
    assert len(ran) == 1
    assert isinstance(ran[0], app_module.JournalApp)
    assert ran[0].db_path == tmp_path / "j.db"
    ran[0].journal.close()  # type: ignore[attr-defined]


def test_a_journal_that_cannot_open_is_reported_by_the_command_line(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    foreign.write_text("not a journal")
    done = subprocess.run(
        [sys.executable, "-m", "rjournal", "--db", str(foreign)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("rj: ")
    assert "not an rjournal journal" in done.stderr
    assert foreign.read_text() == "not a journal"


def test_the_entry_point_loads_neither_click_nor_the_app_until_needed() -> None:
    code = (
        "import sys, rjournal.cli.entry; "
        "print(sorted(m for m in ('click', 'textual', 'rich') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]"
