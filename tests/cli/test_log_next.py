"""`rj log` (quick-add) and `rj next`, the two commands people type most, case by case.

Every case runs the real click command against its own copy of one journal and checks what
it printed, its exit code, and what changed in the file: a success writes exactly one entry
and says so in one line; a failure says why in one `rj: ` line and changes nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import rjournal
from rjournal.cli.main import main
from rjournal.store.journal import Journal

HOSTILE = "met at [red]the gym[/red] \x1b[2J\x07 ok"


def build(path: Path) -> None:
    for args in (
        ["add", "Ana Lee", "--channel", "coffee"],
        ["add", "Ana Bell"],
        ["add", "Bob Stone"],
        ["add", "Zoë [bold]Ångström[/bold]"],
        ["log", "bob", "hello", "--on", "2026-11-01"],
    ):
        result = CliRunner().invoke(main, ["--db", str(path), *args])
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


def prepare(kind: str, base: Path, where: Path) -> Path:
    """The journal file of a case: "copy" of the base journal, "none" (no file), "empty",
    "damaged", or "text" (not a journal)."""
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


def run_case(
    args: list[str],
    kind: str,
    env: dict[str, str],
    base: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Result, Path]:
    """`rj ARGS` on a fresh copy of the journal (DB in ARGS stands for its path); a case
    without --db reaches it through $RJOURNAL_DB, or ("default") the data directory."""
    path = prepare(kind, base, tmp_path / "run")
    if kind == "default":
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "run" / "xdg"))
        path = tmp_path / "run" / "xdg" / "rjournal" / "journal.db"
    elif "DB" not in args and "--db=DB" not in args:
        monkeypatch.setenv("RJOURNAL_DB", str(path))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    argv = [a.replace("DB", str(path)) if a in ("DB", "--db=DB") else a for a in args]
    return CliRunner().invoke(main, argv), path


# --- rj log -----------------------------------------------------------------------------

# (argv after `rj`, what it prints)
VALID = [
    (["--db", "DB", "log", "ana lee", "coffee and cake"], "coffee with Ana Lee"),
    (
        ["--db", "DB", "log", "bob", "quiz night", "--with", "ana lee", "--with", "ana bell"],
        "contact with Bob Stone, Ana Lee and Ana Bell",
    ),
    (
        ["--db", "DB", "log", "--with", "Ana Bell", "bob", "--via", "lunch", "quiz night"],
        "meal with Bob Stone and Ana Bell",
    ),
    (
        ["--db", "DB", "log", "bob", "called", "--via", "phone", "--on", "3 days ago"],
        "call with Bob Stone on Thu 19 Nov",
    ),
    (
        ["--db", "DB", "log", "2", "letter", "--via=letter", "--on=Nov 20", "--from-them"],
        "letter with Ana Bell (they reached out) on Fri 20 Nov",
    ),
    (
        ["--db", "DB", "log", "--from-them", "zoë", "a postcard", "--on", "2026-10-31"],
        "contact with Zoë [bold]Ångström[/bold] (they reached out) on Sat 31 Oct",
    ),
    (
        ["--db", "DB", "log", "bob", "new year", "--on", "2025-12-31", "--with=4", "--via=EMAIL"],
        "email with Bob Stone and Zoë [bold]Ångström[/bold] on Wed 31 Dec 2025",
    ),
    (["--db=DB", "log", "ana lee", HOSTILE], "coffee with Ana Lee"),
    (["--db", "DB", "log", "1", "  spaces around  ", "--with", "1"], "coffee with Ana Lee"),
    (["--db", "DB", "log", "zoë", "hi", "--via", "other"], "contact with Zoë"),
    (["log", "bob", "through the environment"], "contact with Bob Stone"),  # RJOURNAL_DB
    (["log", "bob", "--db", "DB", "after the command word"], "contact with Bob Stone"),
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
    ["--db", "DB", "log", "bob", ""],  # refused like an empty note
    ["--db", "DB", "log", "bob", "   "],
    ["--db", "DB", "log", "99", "hi"],
    ["--db", "DB", "log", "\x1b[31mbob", "hi"],
    # What click reads and refuses: usage, exit 2.
    ["--db", "DB", "log"],
    ["--db", "DB", "log", "bob"],
    ["--db", "DB", "log", "bob", "hi", "extra"],
    ["--db", "DB", "log", "bob", "hi", "--bogus"],
    ["--db", "DB", "log", "bob", "hi", "-x"],
    ["--db", "DB", "log", "bob", "hi", "--on"],
    ["--db", "DB", "log", "bob", "hi", "--from-them=yes"],
    ["--db", "DB", "log", "bob", "hi", "--db", "other.db"],
    ["--db", "DB", "lo", "bob", "hi"],
    ["--db", "DB", "LOG", "bob", "hi"],
]
# (argv, journal file, environment, whether it logs)
CASES: list[tuple[list[str], str, dict[str, str], bool]] = (
    [(args, "copy", {}, True) for args, _ in VALID]
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


@pytest.mark.parametrize(("args", "kind", "env", "logs"), CASES)
def test_log_writes_one_entry_or_nothing(
    args: list[str],
    kind: str,
    env: dict[str, str],
    logs: bool,
    base_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result, path = run_case(args, kind, env, base_journal, tmp_path, monkeypatch)
    out, err, code, tables = result.stdout, result.stderr, result.exit_code, dump(path)
    if logs:
        assert (code, err) == (0, ""), err
        assert out.startswith("Logged ") and out.endswith("\n") and out.count("\n") == 1
        assert "\x1b" not in out
        assert len(tables["entries"]) == len(dump(base_journal)["entries"]) + 1
    else:
        assert code in (1, 2) and out == ""
        assert err.startswith("rj: ") and err.count("\n") == 1, err
        assert "\x1b" not in err
        assert isinstance(result.exception, SystemExit), result.exception
        if kind == "copy":
            assert tables == dump(base_journal)
        elif kind == "none" or kind == "default":
            assert not path.exists()


@pytest.mark.parametrize(("args", "says"), VALID)
def test_log_says_what_it_logged(
    args: list[str],
    says: str,
    base_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result, _ = run_case(args, "copy", {}, base_journal, tmp_path, monkeypatch)
    assert result.stdout.startswith(f"Logged {says}"), result.stdout
    if " on " not in says:
        assert result.stdout.endswith(" on Sun 22 Nov\n")


def test_log_keeps_the_text_and_the_people_as_typed(
    base_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--db", "DB", "log", "bob", f"  {HOSTILE}  ", "--with", "zoë", "--on", "Nov 20"]
    result, path = run_case(args, "copy", {}, base_journal, tmp_path, monkeypatch)
    assert result.exit_code == 0, result.stderr
    with Journal.open(path, create=False) as journal:
        (entry,) = journal.timeline(3, limit=1)
    assert entry.text == HOSTILE  # stripped, otherwise exactly as typed
    assert set(entry.people) == {3, 4}
    assert entry.on.isoformat() == "2026-11-20"


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
def test_failures_while_writing_are_one_line(
    fault: BaseException,
    code: int,
    message: str,
    base_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise fault

    monkeypatch.setattr(Journal, "add_entry", fail)
    args = ["--db", "DB", "log", "bob", "hi"]
    result, path = run_case(args, "copy", {}, base_journal, tmp_path, monkeypatch)
    assert dump(path) == dump(base_journal)
    assert result.exit_code == code and result.stdout == ""
    assert result.stderr.startswith(message), result.stderr
    if code != 130:
        assert result.stderr.count("\n") == 1
    if isinstance(fault, sqlite3.DatabaseError):
        assert str(path) in result.stderr  # the journal is named, not just "the journal"


def test_debugging_lets_errors_raise(
    base_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Journal, "add_entry", fail)
    args = ["--db", "DB", "log", "bob", "hi"]
    result, _ = run_case(args, "copy", {"RJOURNAL_DEBUG": "1"}, base_journal, tmp_path, monkeypatch)
    assert isinstance(result.exception, RuntimeError)
    assert "rj: " not in result.stderr


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
            result = CliRunner().invoke(main, ["--db", str(path), *args])
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
    (["next", "--db", "DB", "--limit", "2"], "copy", {}, 0, " 2  "),
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
    # What click reads and refuses.
    (
        ["--db", "DB", "next", "--limit", "-1"],
        "copy",
        {},
        2,
        "rj: invalid value for '--limit': -1 is not in the range 0<=x<=1000000000",
    ),
    (["--db", "DB", "next", "--limit", "ten"], "copy", {}, 2, "rj: invalid value for '--limit'"),
    (["--db", "DB", "next", "--limit", "1.5"], "copy", {}, 2, "rj: invalid value for '--limit'"),
    (["--db", "DB", "next", "--limit"], "copy", {}, 2, "rj: option '--limit' requires"),
    (["--db", "DB", "next", "ana"], "copy", {}, 2, "rj: got unexpected extra argument"),
    (["--db", "DB", "next", "--bogus"], "copy", {}, 2, "rj: no such option '--bogus'"),
    (["--db", "DB", "next", "--json=yes"], "copy", {}, 2, "rj: option '--json' does not take"),
    (["--db", "DB", "nex"], "copy", {}, 2, "rj: no such command 'nex'; did you mean 'next'?"),
]


@pytest.mark.parametrize(("args", "kind", "env", "code", "holds"), NEXT_CASES)
def test_next_says_who_or_why_not(
    args: list[str],
    kind: str,
    env: dict[str, str],
    code: int,
    holds: str,
    next_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result, path = run_case(args, kind, env, next_journal, tmp_path, monkeypatch)
    out, err, exit_code = result.stdout, result.stderr, result.exit_code
    assert exit_code == code, err
    if code == 0:
        assert err == "" and holds in out, out
        assert "\x1b" not in out and "\x07" not in out
    else:
        assert out == "" and err.startswith(holds) and err.count("\n") == 1, err
        assert "\x1b" not in err
    if kind == "copy":
        assert dump(path) == dump(next_journal)  # reading writes nothing
    elif kind == "none" or kind == "default":
        assert not path.exists()


def test_next_shows_hostile_text_as_text(
    next_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--db", "DB", "next", "--limit", "0", "--explain"]
    result, _ = run_case(args, "copy", {}, next_journal, tmp_path, monkeypatch)
    # The name and the talking point arrive as literal text, their controls made visible.
    assert "met at [red]the gym[/red]" in result.stdout and "\x1b" not in result.stdout


@pytest.mark.parametrize(
    ("fault", "code", "message"),
    [
        (KeyboardInterrupt(), 130, "\nrj: interrupted; nothing more was done\n"),
        (RuntimeError("boom"), 1, "rj: unexpected error (RuntimeError: boom); RJOURNAL_DEBUG"),
        (sqlite3.OperationalError("database is locked"), 1, "rj: can't use the journal at "),
    ],
)
def test_failures_while_reading_are_one_line(
    fault: BaseException,
    code: int,
    message: str,
    next_journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rjournal.store import facts

    def fail(*args: object, **kwargs: object) -> None:
        raise fault

    monkeypatch.setattr(facts, "next_checkins", fail)
    result, _ = run_case(["--db", "DB", "next"], "copy", {}, next_journal, tmp_path, monkeypatch)
    assert result.exit_code == code and result.stdout == ""
    assert result.stderr.startswith(message), result.stderr


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
    ("args", "code", "says"),
    [
        (
            ["log", "zoë", HOSTILE, "--via", "lunch", "--with", "bob"],
            0,
            "Logged meal with Zoë [bold]Ångström[/bold] and Bob Stone on Sun 22 Nov\n",
        ),
        (["log", "ana", "hi"], 1, 'rj: "ana" matches several people: Ana Bell (id 2); Ana'),
        (["log", "bob", "hi", "--on", "tomorrow"], 2, 'rj: "tomorrow" is in the future'),
        (
            ["log", "bob", "hi", "--bogus"],
            2,
            "rj: no such option '--bogus' (see \"rj log --help\")",
        ),
    ],
)
def test_a_real_log(
    args: list[str], code: int, says: str, base_journal: Path, tmp_path: Path
) -> None:
    path = prepare("copy", base_journal, tmp_path / "j")
    done = rj(tmp_path, "--db", str(path), *args, capture_output=True)
    assert done.returncode == code
    assert (done.stdout if code == 0 else done.stderr).startswith(says), (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "\x1b" not in done.stdout + done.stderr
    added = len(dump(path)["entries"]) - len(dump(base_journal)["entries"])
    assert added == (1 if code == 0 else 0)


def test_a_closed_pipe_after_log_is_quiet(base_journal: Path, tmp_path: Path) -> None:
    path = prepare("copy", base_journal, tmp_path / "j")
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read what rj writes: its write fails with EPIPE
    try:
        done = rj(
            tmp_path, "--db", str(path), "log", "bob", "hi", stdout=write_end,
            stderr=subprocess.PIPE,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert (done.stderr, done.returncode) == ("", 1)
    # The entry was saved before the confirmation line failed to arrive.
    assert len(dump(path)["entries"]) == len(dump(base_journal)["entries"]) + 1


@pytest.mark.parametrize(
    ("args", "code", "holds"),
    [
        (["next"], 0, " 1  Bob Stone "),
        (["next", "--json", "--as-of", "Nov 20", "--explain"], 0, '"terms"'),
        (["next", "--explain", "--limit", "0"], 0, "Cara Diaz"),
        (["next", "--as-of", "someday"], 2, 'rj: can\'t read "someday" as a date'),
    ],
)
def test_a_real_next(
    args: list[str], code: int, holds: str, next_journal: Path, tmp_path: Path
) -> None:
    done = rj(tmp_path, "--db", str(next_journal), *args, capture_output=True)
    assert done.returncode == code
    assert holds in (done.stdout if code == 0 else done.stderr), (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr


def test_a_closed_pipe_after_next_is_quiet(next_journal: Path, tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = rj(
            tmp_path, "--db", str(next_journal), "next", "--explain",
            stdout=write_end, stderr=subprocess.PIPE,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert (done.stderr, done.returncode) == ("", 1)
