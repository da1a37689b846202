"""`--db PATH` chooses the journal wherever it is given: before the command word or after it
(also inside `rj export csv`); two different journals in one command line are refused."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rjournal.cli.main import main


def rj(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def entries(path: Path) -> int:
    with closing(sqlite3.connect(path)) as con:
        return int(con.execute("SELECT count(*) FROM entries").fetchone()[0])


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    for path in (first, second):
        assert rj("--db", str(path), "add", "Ana Lee").exit_code == 0
    return first, second


@pytest.mark.parametrize(
    "where",
    [
        ["--db", "J", "log", "ana", "hi"],
        ["log", "--db", "J", "ana", "hi"],
        ["log", "ana", "hi", "--db", "J"],
        ["log", "ana", "hi", "--db=J"],
        ["--db", "J", "log", "ana", "hi", "--db", "J"],  # the same journal twice is fine
    ],
)
def test_db_before_or_after_the_command_word(
    where: list[str], two: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = two
    monkeypatch.setenv("RJOURNAL_DB", str(second))  # --db wins over the variable
    args = [str(first) if a == "J" else a.replace("=J", f"={first}") for a in where]
    result = rj(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Logged contact with Ana Lee on Sun 22 Nov\n"
    assert (entries(first), entries(second)) == (1, 0)


def test_db_inside_a_group_of_commands(two: tuple[Path, Path]) -> None:
    first, _ = two
    for args in (["export", "csv", "--db", str(first)], ["export", "--db", str(first), "csv"]):
        result = rj(*args)
        assert result.exit_code == 0, result.stderr
        assert "Ana Lee" in result.stdout


def test_demo_writes_to_db_given_after_the_command_word(tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    result = rj("demo", "--db", str(target), "--no-open", "--people", "5")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Built a demo journal of 5 people at {target}\n"
    with closing(sqlite3.connect(target)) as con:
        assert con.execute("SELECT count(*) FROM people").fetchone() == (5,)
    assert not (tmp_path / "xdg-data").exists()  # not the demo's own file


@pytest.mark.parametrize(
    "where",
    [
        ["--db", "A", "log", "ana", "hi", "--db", "B"],
        ["--db", "A", "--db", "B", "log", "ana", "hi"],
        ["log", "ana", "--db", "A", "hi", "--db", "B"],
        ["--db", "A", "export", "--db", "B", "csv"],
        ["--db", "A", "demo", "--db", "B", "--no-open", "--people", "5"],
    ],
)
def test_two_different_journals_are_a_usage_error(
    where: list[str], two: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = two
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in two]
    args = [{"A": str(first), "B": str(second)}.get(a, a) for a in where]
    result = rj(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"rj: --db was given twice, as '{first}' and '{second}': give one journal"
    )
    assert result.stderr.count("\n") == 1
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in two] == before


def test_every_command_lists_db_in_its_help() -> None:
    for args in (["log"], ["next"], ["demo"], ["export", "csv"], ["completion"]):
        result = rj(*args, "--help")
        assert result.exit_code == 0
        assert "--db PATH" in result.stdout, args
