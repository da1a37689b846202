"""`rj log`'s and `rj next`'s click-free fast paths behave exactly like the click commands they
stand in for.

The entry point reads the simple forms of `rj log` and `rj next` itself and calls
core.log_interaction / core.show_next, the functions the click commands call; everything else
goes to click. Each case here runs both
ways on identical copies of one journal and compares stdout, stderr, exit code and the data.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

import rjournal
from rjournal.cli import core, entry
from rjournal.cli import main as main_module
from rjournal.cli.entry import quick_log, quick_next
from rjournal.store.journal import Journal

CLICK_MAIN = main_module.main
HOSTILE = "met at [red]the gym[/red] \x1b[2J\x07 ok"


def build(path: Path) -> None:
    for args in (
        ["add", "Ana Lee", "--channel", "coffee"],
        ["add", "Ana Bell"],
        ["add", "Bob Stone"],
        ["add", "Zoë [bold]Ångström[/bold]"],
        ["log", "bob", "hello", "--on", "2026-11-01"],
    ):
        result = CliRunner().invoke(CLICK_MAIN, ["--db", str(path), *args])
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def base_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quick") / "base.db"
    mp = pytest.MonkeyPatch()
    mp.setenv("RJOURNAL_TODAY", "2026-11-22")
    try:
        build(path)
    finally:
        mp.undo()
    return path


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every data table's rows (entries without created_at, the clock's own value)."""
    if not path.exists():
        return {}
    with closing(sqlite3.connect(path)) as con:
        try:
            names = [
                n
                for (n,) in con.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE '%fts%' ORDER BY name"
                )
            ]
        except sqlite3.DatabaseError:
            return {"damaged": [(path.read_bytes(),)]}
        tables: dict[str, list[tuple[Any, ...]]] = {}
        for name in names:
            columns = [r[1] for r in con.execute(f"PRAGMA table_info({name})")]
            kept = ", ".join(c for c in columns if not (name == "entries" and c == "created_at"))
            tables[name] = sorted(con.execute(f"SELECT {kept} FROM {name}").fetchall(), key=repr)
        hits = con.execute(
            "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'gym OR hello OR coffee'"
        ).fetchone()
        tables["fts"] = [hits]
        return tables


# Each case: (argv after `rj`, with DB standing for the journal's path), and how to prepare
# the journal file: "copy" the base journal, "none" (no file), "damaged".
VALID = [
    ["--db", "DB", "log", "ana lee", "coffee and cake"],
    ["--db", "DB", "log", "bob", "quiz night", "--with", "ana lee", "--with", "ana bell"],
    ["--db", "DB", "log", "--with", "Ana Bell", "bob", "--via", "lunch", "quiz night"],
    ["--db", "DB", "log", "bob", "called", "--via", "phone", "--on", "3 days ago"],
    ["--db", "DB", "log", "2", "letter", "--via=letter", "--on=Nov 20", "--from-them"],
    ["--db", "DB", "log", "--from-them", "zoë", "a postcard", "--on", "2026-10-31"],
    ["--db", "DB", "log", "bob", "new year", "--on", "2025-12-31", "--with=4", "--via=EMAIL"],
    ["--db=DB", "log", "ana lee", HOSTILE],
    ["--db", "DB", "log", "1", "  spaces around  ", "--with", "1"],
    ["--db", "DB", "log", "zoë", "hi", "--via", "other"],
    ["log", "bob", "through the environment"],  # RJOURNAL_DB
    ["--db", "DB", "log", "bob", ""],  # an empty text is allowed: the contact is what counts
    ["--db", "DB", "log", "bob", "   "],
]
INVALID = [
    ["--db", "DB", "log", "nobody", "hi"],
    ["--db", "DB", "log", "Anna Leee", "hi"],
    ["--db", "DB", "log", "ana", "hi"],
    ["--db", "DB", "log", "bob", "hi", "--with", "ana"],
    ["--db", "DB", "log", "bob", "hi", "--on", "27.08"],
    ["--db", "DB", "log", "bob", "hi", "--on", "tomorrow"],
    ["--db", "DB", "log", "bob", "hi", "--on", "2026-02-30"],
    ["--db", "DB", "log", "bob", "hi", "--via", "pigeon"],
    ["--db", "DB", "log", "bob", "hi", "--via", "[red]x\x1b[0m"],
    ["--db", "DB", "log", "", "hi"],
    ["--db", "DB", "log", "99", "hi"],
    ["--db", "DB", "log", "\x1b[31mbob", "hi"],
]
# (argv, journal file, environment, whether it logs)
CASES = (
    [(args, "copy", {}, True) for args in VALID]
    + [(args, "copy", {}, False) for args in INVALID]
    + [
        (["--db", "DB", "log", "bob", "hi"], "none", {}, False),
        (["--db", "DB", "log", "bob", "hi"], "damaged", {}, False),
        (["--db", "DB", "log", "bob", "hi"], "text", {}, False),
        (["log", "bob", "hi"], "default", {}, False),  # no journal yet in the data directory
        (["--db", "DB", "log", "bob", "hi"], "copy", {"RJOURNAL_TODAY": "22/11/2026"}, False),
        (
            ["--db", "DB", "log", "bob", "hi", "--on", "someday"],
            "copy",
            {"RJOURNAL_TODAY": ""},
            False,
        ),
        (
            ["--db", "DB", "log", "bob", "hi", "--on", "2020-01-01"],
            "copy",
            {"RJOURNAL_TODAY": ""},
            True,
        ),
    ]
)


def prepare(kind: str, base: Path, where: Path) -> Path:
    where.mkdir()
    path = where / "journal.db"
    if kind == "copy":
        shutil.copy(base, path)
    elif kind == "empty":
        Journal.open(path, create=True).close()
    elif kind == "damaged":
        shutil.copy(base, path)
        with path.open("r+b") as f:
            f.seek(100)
            f.write(b"\xff" * 4000)
    elif kind == "text":
        path.write_text("not a journal\n", encoding="utf-8")
    return path


Outcome = tuple[str, str, int, dict[str, list[tuple[Any, ...]]]]


def run_in_process(
    run: Callable[[], object], capsys: pytest.CaptureFixture[str], path: Path
) -> Outcome:
    with pytest.raises(SystemExit) as stop:
        run()
    out, err = capsys.readouterr()
    code = stop.value.code
    assert isinstance(code, int)
    return out, err, code, dump(path)


def both_ways(
    args: list[str],
    kind: str,
    env: dict[str, str],
    base: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[Outcome, Outcome]:
    """(fast path, click path), each on its own copy of the journal."""
    outcomes = []
    for way in ("fast", "click"):
        # The same place both ways, so the messages that name the file compare equal.
        shutil.rmtree(tmp_path / "run", ignore_errors=True)
        path = prepare(kind, base, tmp_path / "run")
        monkeypatch.delenv("RJOURNAL_DB", raising=False)
        if kind == "default":
            monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "run" / "xdg"))
            path = tmp_path / "run" / "xdg" / "rjournal" / "journal.db"
        elif args[0] in ("log", "next"):
            monkeypatch.setenv("RJOURNAL_DB", str(path))
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        argv = [a.replace("DB", str(path)) if a in ("DB", "--db=DB") else a for a in args]
        core.State.current = None
        if way == "fast":
            assert quick_log(argv) is not None or quick_next(argv) is not None, argv
            monkeypatch.setattr(sys, "argv", ["rj", *argv])
            # The fast path must not reach click at all.
            monkeypatch.setattr(main_module, "main", _click_reached)
            outcome = run_in_process(entry.main, capsys, path)
            monkeypatch.setattr(main_module, "main", CLICK_MAIN)
        else:
            outcome = run_in_process(lambda argv=argv: CLICK_MAIN(args=argv), capsys, path)
        outcomes.append(outcome)
    fast, slow = outcomes
    return fast, slow


def _click_reached() -> None:
    raise AssertionError("the fast path fell back to click")


@pytest.mark.parametrize(("args", "kind", "env", "logs"), CASES)
def test_the_fast_path_says_and_writes_what_click_does(
    args: list[str],
    kind: str,
    env: dict[str, str],
    logs: bool,
    base_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fast, slow = both_ways(args, kind, env, base_journal, tmp_path, monkeypatch, capsys)
    out, err, code, tables = fast
    assert (out, err, code) == slow[:3]
    assert tables == slow[3]
    # And each case really is what it claims: a success writes one entry, a failure nothing.
    if logs:
        assert (code, err) == (0, ""), err
        assert out.startswith("Logged ") and out.endswith("\n") and out.count("\n") == 1
        assert "\x1b" not in out
        assert len(tables["entries"]) == len(dump(base_journal)["entries"]) + 1
    else:
        assert code in (1, 2) and out == ""
        assert err.startswith("rj: ") and err.count("\n") == 1, err
        assert "\x1b" not in err
        if kind == "copy":
            assert tables == dump(base_journal)


@pytest.mark.parametrize(
    ("fault", "code", "message"),
    [
        (KeyboardInterrupt(), 130, "\nrj: interrupted; nothing more was done\n"),
        (RuntimeError("boom"), 1, "rj: unexpected error (RuntimeError: boom); RJOURNAL_DEBUG"),
        (PermissionError(13, "Permission denied", "/x/j.db"), 1, "rj: /x/j.db: Permission"),
        (sqlite3.OperationalError("database is locked"), 1, "rj: can't use the journal at "),
        (sqlite3.DatabaseError("file is not a database"), 1, "rj: the journal at "),
    ],
)
def test_failures_while_writing_are_reported_alike(
    fault: BaseException,
    code: int,
    message: str,
    base_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise fault

    monkeypatch.setattr(Journal, "add_entry", fail)
    fast, slow = both_ways(
        ["--db", "DB", "log", "bob", "hi"], "copy", {}, base_journal, tmp_path, monkeypatch, capsys
    )
    assert fast[:3] == slow[:3]
    assert fast[3] == slow[3] == dump(base_journal)
    assert fast[2] == code and fast[0] == ""
    assert fast[1].startswith(message), fast[1]


# --- rj next ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def next_journal(base_journal: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base journal with rhythms, due promises, history and hostile text, so `rj next`
    has people to rank, reasons, talking points and score terms to show."""
    path = tmp_path_factory.mktemp("quick-next") / "next.db"
    shutil.copy(base_journal, path)
    mp = pytest.MonkeyPatch()
    mp.setenv("RJOURNAL_TODAY", "2026-11-22")
    try:
        for args in (
            ["add", "Cara Diaz", "--every", "weekly", "--channel", "call"],
            ["add", HOSTILE, "--every", "monthly", "--likes", HOSTILE],
            ["log", "cara", "coffee by the river", "--on", "2026-10-01"],
            ["log", "gym", HOSTILE, "--on", "2026-09-01", "--from-them"],
            ["promise", "bob", f"call back {HOSTILE}", "--due", "2026-11-20"],
            ["promise", "ana lee", "lend the book", "--due", "2026-12-20"],
            ["edit", "ana lee", "--every", "2w"],
            ["note", "ana lee", "moving house in December", "--on", "2026-11-02"],
        ):
            result = CliRunner().invoke(CLICK_MAIN, ["--db", str(path), *args])
            assert result.exit_code == 0, (args, result.output)
    finally:
        mp.undo()
    return path


# (argv, journal file, environment, exit code, text the output must hold)
NEXT_CASES = [
    (["--db", "DB", "next"], "copy", {}, 0, " 1  Bob Stone "),
    (["--db", "DB", "next", "--limit", "1"], "copy", {}, 0, "Promise overdue"),
    (["--db=DB", "next", "--limit=0"], "copy", {}, 0, "Cara Diaz"),
    (["--db", "DB", "next", "--limit", "007", "--as-of", "Nov 20"], "copy", {}, 0, "Bob"),
    (["--db", "DB", "next", "--as-of=2026-12-25", "--limit", "3"], "copy", {}, 0, "Ana Lee"),
    (["--db", "DB", "next", "--as-of", "2027-03-01"], "copy", {}, 0, "due Fri 20 Nov 2026"),
    (["--db", "DB", "next", "--json"], "copy", {}, 0, '"person_id": 3'),
    (["--db", "DB", "next", "--json", "--explain", "--as-of", "Nov 20"], "copy", {}, 0, '"terms"'),
    (["--db", "DB", "next", "--explain"], "copy", {}, 0, "    score   "),
    (["--db", "DB", "next", "--explain", "--limit=2", "--json"], "copy", {}, 0, '"reasons"'),
    (["next", "--limit", "2"], "copy", {}, 0, " 2  "),  # RJOURNAL_DB
    (["--db", "DB", "next"], "empty", {}, 0, "No one needs a check-in as of Sun 22 Nov."),
    (["--db", "DB", "next", "--json"], "empty", {}, 0, "[]"),
    (["--db", "DB", "next", "--as-of", "someday"], "copy", {}, 2, "rj: "),
    (["--db", "DB", "next", "--as-of", "2026-02-30"], "copy", {}, 2, "rj: "),
    (["--db", "DB", "next", "--as-of", "[red]x\x1b[0m"], "copy", {}, 2, "rj: "),
    (["--db", "DB", "next"], "none", {}, 1, "rj: "),
    (["--db", "DB", "next", "--json"], "none", {}, 1, "rj: "),
    (["--db", "DB", "next"], "damaged", {}, 1, "rj: "),
    (["--db", "DB", "next"], "text", {}, 1, "rj: "),
    (["next"], "default", {}, 1, "rj: "),  # no journal yet in the data directory
    (["--db", "DB", "next"], "copy", {"RJOURNAL_TODAY": "22/11/2026"}, 2, "rj: RJOURNAL_TODAY"),
]


@pytest.mark.parametrize(("args", "kind", "env", "code", "holds"), NEXT_CASES)
def test_next_without_click_says_what_click_does(
    args: list[str],
    kind: str,
    env: dict[str, str],
    code: int,
    holds: str,
    next_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fast, slow = both_ways(args, kind, env, next_journal, tmp_path, monkeypatch, capsys)
    assert fast == slow
    out, err, exit_code, tables = fast
    assert exit_code == code, err
    if code == 0:
        assert err == "" and holds in out, out
        assert "\x1b" not in out and "\x07" not in out
    else:
        assert out == "" and err.startswith(holds) and err.count("\n") == 1, err
        assert "\x1b" not in err
    if kind == "copy":
        assert tables == dump(next_journal)  # reading writes nothing


def test_next_shows_hostile_text_as_text(
    next_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--db", "DB", "next", "--limit", "0", "--explain"]
    fast, slow = both_ways(args, "copy", {}, next_journal, tmp_path, monkeypatch, capsys)
    assert fast == slow
    # The name and the talking point arrive as literal text, their controls made visible.
    assert "met at [red]the gym[/red]" in fast[0] and "\x1b" not in fast[0]


@pytest.mark.parametrize(
    ("fault", "code", "message"),
    [
        (KeyboardInterrupt(), 130, "\nrj: interrupted; nothing more was done\n"),
        (RuntimeError("boom"), 1, "rj: unexpected error (RuntimeError: boom); RJOURNAL_DEBUG"),
        (sqlite3.OperationalError("database is locked"), 1, "rj: can't use the journal at "),
    ],
)
def test_failures_while_reading_are_reported_alike(
    fault: BaseException,
    code: int,
    message: str,
    next_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rjournal.store import facts

    def fail(*args: object, **kwargs: object) -> None:
        raise fault

    monkeypatch.setattr(facts, "next_checkins", fail)
    fast, slow = both_ways(
        ["--db", "DB", "next"], "copy", {}, next_journal, tmp_path, monkeypatch, capsys
    )
    assert fast == slow
    assert fast[2] == code and fast[0] == ""
    assert fast[1].startswith(message), fast[1]


def test_next_forms_are_read_as_click_reads_them() -> None:
    assert quick_next(["next"]) == (None, 10, None, False, False)
    assert quick_next(["--db", "j.db", "next"]) == ("j.db", 10, None, False, False)
    assert quick_next(["--db=j.db", "next", "--limit=0"]) == ("j.db", 0, None, False, False)
    assert quick_next(["next", "--explain", "--as-of", "Nov 20", "--json", "--limit", "007"]) == (
        None,
        7,
        "Nov 20",
        True,
        True,
    )
    assert quick_next(["next", "--as-of=a=b"]) == (None, 10, "a=b", False, False)


@pytest.mark.parametrize(
    "args",
    [
        ["next", "--help"],
        ["next", "-h"],
        ["--help", "next"],
        ["next", "--limit"],
        ["next", "--limit", ""],
        ["next", "--limit="],
        ["next", "--limit", "-1"],
        ["next", "--limit", "ten"],
        ["next", "--limit", "1.5"],
        ["next", "--limit", " 7"],
        ["next", "--limit", "+7"],
        ["next", "--limit", "1_0"],
        ["next", "--limit", "\u0663"],  # an Arabic-Indic 3: click's int() reads it
        ["next", "--limit", "1", "--limit", "2"],
        ["next", "--as-of"],
        ["next", "--as-of="],
        ["next", "--as-of", "-3"],
        ["next", "--as-of", "--json"],
        ["next", "--as-of", "today", "--as-of=today"],
        ["next", "--json", "--json"],
        ["next", "--explain", "--explain"],
        ["next", "--json=yes"],
        ["next", "--explain=1"],
        ["next", "ana"],
        ["next", "--"],
        ["next", "-"],
        ["next", "--bogus"],
        ["next", "--lim", "3"],
        ["next", "--Limit", "3"],
        ["next", "--db", "j.db"],
        ["--db", "", "next"],
        ["--db=", "next"],
        ["--db", "-j.db", "next"],
        ["--db", "a.db", "--db", "b.db", "next"],
        ["--version", "next"],
        ["NEXT"],
        ["nex"],
        ["log", "next", "hi"],
    ],
)
def test_other_next_forms_go_to_click(args: list[str]) -> None:
    assert quick_next(args) is None


def test_a_bad_limit_gets_clicks_own_message(
    next_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = prepare("copy", next_journal, tmp_path / "j")
    monkeypatch.setattr(sys, "argv", ["rj", "--db", str(path), "next", "--limit", "-1"])
    with pytest.raises(SystemExit) as stop:
        entry.main()
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("rj: Invalid value for '--limit': -1 is not in the range x>=0")
    assert err.count("\n") == 1


# --- the recogniser ---------------------------------------------------------------------


def test_the_simple_forms_are_read_as_click_reads_them() -> None:
    assert quick_log(["log", "ana", "hi"]) == (None, "ana", "hi", (), None, None, False)
    assert quick_log(["--db", "j.db", "log", "ana", "hi"])[:3] == ("j.db", "ana", "hi")  # type: ignore[index]
    assert quick_log(["--db=j.db", "log", "ana", "hi"])[:3] == ("j.db", "ana", "hi")  # type: ignore[index]
    assert quick_log(
        ["log", "--with", "b", "ana", "--via=lunch", "hi", "--with=c d", "--on", "Nov 20",
         "--from-them"]
    ) == (None, "ana", "hi", ("b", "c d"), "lunch", "Nov 20", True)  # fmt: skip
    assert quick_log(["log", "ana", "--on=a=b", "hi"]) == (
        None,
        "ana",
        "hi",
        (),
        None,
        "a=b",
        False,
    )
    assert quick_log(["log", "", "hi"]) == (None, "", "hi", (), None, None, False)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--db", "j.db"],
        ["log"],
        ["log", "--help"],
        ["log", "-h"],
        ["--help", "log", "ana", "hi"],
        ["log", "ana", "hi", "--help"],
        ["log", "ana", "hi", "-h"],
        ["log", "ana", "hi", "--bogus"],
        ["log", "ana", "hi", "--bogus=1"],
        ["log", "ana", "hi", "-x"],
        ["log", "ana"],
        ["log", "ana", "hi", "extra"],
        ["log", "ana", "hi", "--on"],
        ["log", "ana", "hi", "--with"],
        ["log", "ana", "hi", "--with="],
        ["log", "ana", "hi", "--via", ""],
        ["log", "ana", "hi", "--on", "-3"],
        ["log", "ana", "hi", "--with", "--via"],
        ["log", "ana", "hi", "--via", "call", "--via", "video"],
        ["log", "ana", "hi", "--on", "today", "--on=today"],
        ["log", "ana", "hi", "--from-them", "--from-them"],
        ["log", "ana", "hi", "--from-them=yes"],
        ["log", "ana", "hi", "--"],
        ["log", "--", "ana", "hi"],
        ["log", "-", "hi"],
        ["log", "ana", "-5 degrees"],
        ["log", "ana", "hi", "--db", "j.db"],
        ["log", "ana", "hi", "--With", "b"],
        ["log", "ana", "hi", "--wit", "b"],
        ["--db", "", "log", "ana", "hi"],
        ["--db=", "log", "ana", "hi"],
        ["--db", "-j.db", "log", "ana", "hi"],
        ["--db", "a.db", "--db", "b.db", "log", "ana", "hi"],
        ["--version", "log", "ana", "hi"],
        ["note", "ana", "hi"],
        ["lo", "ana", "hi"],
        ["LOG", "ana", "hi"],
        ["ana", "log", "hi"],
    ],
)
def test_everything_else_goes_to_click(args: list[str]) -> None:
    assert quick_log(args) is None


@pytest.mark.parametrize(
    ("env", "by_click"),
    [
        ({}, False),
        ({"RJOURNAL_DEBUG": "1"}, True),
        ({"_RJ_COMPLETE": "bash_complete"}, True),
        ({"_RJOURNAL_COMPLETE": "zsh_source"}, True),
    ],
)
def test_debugging_and_completion_go_to_click(
    env: dict[str, str], by_click: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in list(os.environ):
        if key.endswith("_COMPLETE") or key == "RJOURNAL_DEBUG":
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert entry._click_must_read() is by_click


def test_a_fallback_form_gets_clicks_own_message(
    base_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = prepare("copy", base_journal, tmp_path / "j")
    monkeypatch.setattr(sys, "argv", ["rj", "--db", str(path), "log", "bob", "hi", "--bogus"])
    with pytest.raises(SystemExit) as stop:
        entry.main()
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("rj: No such option '--bogus' (see \"") and err.count("\n") == 1
    assert dump(path) == dump(base_journal)


# --- a real process ---------------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("rj")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "rjournal"]


def rj(tmp_path: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "RJOURNAL_TODAY": "2026-11-22",
        "PYTHONPATH": str(Path(rjournal.__file__).parent.parent),
        "LANG": "C.UTF-8",
    }
    return subprocess.run([*COMMAND, *args], text=True, env=env, check=False, timeout=120, **kwargs)


@pytest.mark.parametrize(
    "args",
    [
        ["log", "zoë", HOSTILE, "--via", "lunch", "--with", "bob"],
        ["log", "ana", "hi"],
        ["log", "bob", "hi", "--on", "tomorrow"],
    ],
)
def test_a_real_process_says_what_click_says(
    args: list[str], base_journal: Path, tmp_path: Path
) -> None:
    """`rj ... log P T` against its click twin `rj ... log P T --` (the `--` sends it to
    click, and means nothing more to click)."""
    results = []
    for way, tail in (("fast", []), ("click", ["--"])):
        path = prepare("copy", base_journal, tmp_path / way)
        done = rj(tmp_path, "--db", str(path), *args, *tail, capture_output=True)
        results.append((done.stdout, done.stderr, done.returncode, dump(path)))
    assert results[0] == results[1]
    assert "Traceback" not in results[0][1]


def test_a_closed_pipe_is_quiet_both_ways(base_journal: Path, tmp_path: Path) -> None:
    results = []
    for way, tail in (("fast", []), ("click", ["--"])):
        path = prepare("copy", base_journal, tmp_path / way)
        read_end, write_end = os.pipe()
        os.close(read_end)  # nobody will read what rj writes: its write fails with EPIPE
        try:
            done = rj(
                tmp_path, "--db", str(path), "log", "bob", "hi", *tail,
                stdout=write_end, stderr=subprocess.PIPE,
            )  # fmt: skip
        finally:
            os.close(write_end)
        results.append((done.stderr, done.returncode, dump(path)))
    assert results[0] == results[1]
    assert results[0][:2] == ("", 1)
    # The entry was saved before the confirmation line failed to arrive.
    assert len(results[0][2]["entries"]) == len(dump(base_journal)["entries"]) + 1


@pytest.mark.parametrize(
    "args",
    [
        ["next"],
        ["next", "--json", "--as-of", "Nov 20", "--explain"],
        ["next", "--explain", "--limit", "0"],
        ["next", "--as-of", "someday"],
    ],
)
def test_a_real_next_says_what_click_says(
    args: list[str], next_journal: Path, tmp_path: Path
) -> None:
    """`rj ... next ...` against its click twin `rj ... next ... --`."""
    results = []
    for tail in ([], ["--"]):
        done = rj(tmp_path, "--db", str(next_journal), *args, *tail, capture_output=True)
        results.append((done.stdout, done.stderr, done.returncode))
    assert results[0] == results[1]
    assert results[0][0] or results[0][1].startswith("rj: ")
    assert "Traceback" not in results[0][1]


def test_a_closed_pipe_after_next_is_quiet_both_ways(next_journal: Path, tmp_path: Path) -> None:
    results = []
    for tail in ([], ["--"]):
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            done = rj(
                tmp_path, "--db", str(next_journal), "next", "--explain", *tail,
                stdout=write_end, stderr=subprocess.PIPE,
            )  # fmt: skip
        finally:
            os.close(write_end)
        results.append((done.stderr, done.returncode))
    assert results[0] == results[1] == ("", 1)


@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "latin-1"])
@pytest.mark.parametrize("err", [False, True])
def test_echo_writes_what_click_echo_writes(
    encoding: str, err: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """core.echo stands in for click.echo: the same bytes, flushed, on any stream encoding
    (click writes UTF-8 to a stream that claims ASCII)."""
    written = []
    for write in (core.echo, click.echo):
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
        monkeypatch.setattr(sys, "stderr" if err else "stdout", stream)
        write("Logged coffee with Zoë Ångström and Ana Lee on Sun 22 Nov", err=err)
        written.append(raw.getvalue())  # nothing was flushed if this is empty
    assert written[0] == written[1]
    assert written[0].startswith(b"Logged coffee with Zo") and written[0].endswith(b"Nov\n")
