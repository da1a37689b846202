"""`rj` warns, once per run, when the journal sits in a folder a file-sync service copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rjournal.cli.base import State, warn_if_synced
from rjournal.cli.main import main


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_journal_in_a_syncthing_folder_is_warned_once_per_run(tmp_path: Path) -> None:
    (tmp_path / "Sync" / ".stfolder").mkdir(parents=True)
    db = tmp_path / "Sync" / "journal.db"
    code, out, err = run(db, "add", "Ana Lee")
    assert code == 0, err
    assert out == "Added Ana Lee (id 1)\n"
    warned = [line for line in err.splitlines() if "Syncthing folder" in line]
    assert len(warned) == 1, err
    assert warned[0].startswith("rj: warning: the journal ")
    # The warning is a warning: the command still did its work, and every run says it again.
    code, out, err = run(db, "show", "Ana Lee")
    assert code == 0, err
    assert "Ana Lee" in out
    assert sum("Syncthing folder" in line for line in err.splitlines()) == 1


def test_a_journal_elsewhere_is_not_warned(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "journal.db", "add", "Ana Lee")
    assert code == 0, err
    assert "warning" not in err


def test_a_run_that_opens_the_journal_twice_warns_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Dropbox").mkdir()
    db = tmp_path / "Dropbox" / "journal.db"
    state = State(str(db))
    warn_if_synced(state, db)
    warn_if_synced(state, db)
    err = capsys.readouterr().err
    assert err.count("inside a Dropbox folder") == 1, err
    # A new run (a new State) warns again.
    warn_if_synced(State(str(db)), db)
    assert "inside a Dropbox folder" in capsys.readouterr().err
