"""The layers stay apart: the domain is pure, the store is headless, the command line never
loads the app and each command loads only what it needs (each checked in a fresh
interpreter, where sys.modules tells the truth)."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest

import rjournal

PACKAGE = Path(rjournal.__file__).parent


def modules_after(code: str, tmp_path: Path, *, env: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh interpreter holds after running code."""
    script = textwrap.dedent(code) + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "RJOURNAL_TODAY": "2026-11-22",
            "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
            "PYTHONPATH": str(PACKAGE.parent),
            **(env or {}),
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def loaded(modules: set[str], top: str) -> bool:
    return any(m == top or m.startswith(top + ".") for m in modules)


CLI_RUN = """
from click.testing import CliRunner
from rjournal.cli.main import main
db = "{db}"
runner = CliRunner()
for args in {commands!r}:
    result = runner.invoke(main, ["--db", db, *args])
    assert result.exit_code == 0, (args, result.stderr)
"""


@pytest.mark.parametrize(
    "commands",
    [
        [["add", "Ana Lee", "--every", "weekly"], ["log", "ana", "coffee"]],
        [["add", "Ana Lee"], ["next"], ["next", "--json", "--explain"]],
        [["add", "Ana Lee"], ["list"], ["list", "--json"], ["show", "ana"]],
    ],
)
def test_the_command_line_never_loads_the_app(tmp_path: Path, commands: list[list[str]]) -> None:
    code = CLI_RUN.format(db=tmp_path / "j.db", commands=commands)
    modules = modules_after(code, tmp_path)
    assert "rjournal.cli.main" in modules
    for heavy in ("textual", "rich", "rjournal.app"):
        assert not loaded(modules, heavy), heavy


def test_log_loads_only_what_it_needs(tmp_path: Path) -> None:
    code = CLI_RUN.format(
        db=tmp_path / "j.db", commands=[["add", "Ana Lee"], ["log", "ana", "coffee"]]
    )
    modules = modules_after(code, tmp_path)
    for lazy in (
        "rjournal.store.facts",
        "rjournal.store.search",
        "rjournal.domain.checkin",
        "rjournal.cli.jsonshape",
        "rjournal.cli.output",
        "json",
        "calendar",
        "dateutil",
        "csv",
        "difflib",
        "platformdirs",
        "textual",
        "rich",
    ):
        assert lazy not in modules, lazy


QUICK_LOG = """
import sys
from rjournal.__main__ import main
sys.argv = ["rj", {db}"log", "ana", "coffee", "--via", "lunch", "--on", "Nov 20"]
try:
    main()
except SystemExit as stop:
    assert stop.code == 0, stop.code
"""


def test_quick_add_loads_only_what_it_needs(tmp_path: Path) -> None:
    """`rj log` as the console script runs it: click and the log command, nothing heavier."""
    from click.testing import CliRunner

    from rjournal.cli.main import main

    db = tmp_path / "j.db"
    assert CliRunner().invoke(main, ["--db", str(db), "add", "Ana Lee"]).exit_code == 0
    modules = modules_after(QUICK_LOG.format(db=f'"--db", "{db}", '), tmp_path)
    assert "rjournal.cli.entries" in modules
    for heavy in (
        "textual",
        "rich",
        "rjournal.app",
        "rjournal.cli.launch",
        "rjournal.cli.completion",
        "click.shell_completion",
        "rjournal.cli.reading",
        "rjournal.store.facts",
        "rjournal.store.search",
        "rjournal.store.export",
        "rjournal.domain.checkin",
    ):
        assert not loaded(modules, heavy), heavy
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT on_date, channel, text FROM entries").fetchall() == [
            ("2026-11-20", "meal", "coffee")
        ]


# The default location's platformdirs, which a journal named by --db or $RJOURNAL_DB has no
# use for.
NOT_FOR_QUICK_ADD = ("platformdirs",)


@pytest.mark.parametrize("named_by", ["--db", "RJOURNAL_DB"])
def test_quick_add_to_a_named_journal_never_loads_platformdirs(
    tmp_path: Path, named_by: str
) -> None:
    from click.testing import CliRunner

    from rjournal.cli.main import main

    db = tmp_path / "j.db"
    assert CliRunner().invoke(main, ["--db", str(db), "add", "Ana Lee"]).exit_code == 0
    floor = modules_after("import sqlite3", tmp_path)
    assert not any(loaded(floor, m) for m in NOT_FOR_QUICK_ADD), floor
    if named_by == "--db":
        modules = modules_after(QUICK_LOG.format(db=f'"--db", "{db}", '), tmp_path)
    else:
        env = {"RJOURNAL_DB": str(db)}
        modules = modules_after(QUICK_LOG.format(db=""), tmp_path, env=env)
    assert "rjournal.store.journal" in modules
    for heavy in NOT_FOR_QUICK_ADD:
        assert not loaded(modules, heavy), heavy
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT count(*) FROM entries").fetchone() == (1,)


def test_next_loads_only_what_it_needs(tmp_path: Path) -> None:
    code = CLI_RUN.format(
        db=tmp_path / "j.db",
        commands=[["add", "Ana Lee"], ["promise", "ana", "call back", "--due", "today"], ["next"]],
    )
    modules = modules_after(code + "assert 'Ana Lee' in result.output\n", tmp_path)
    assert "rjournal.store.facts" in modules
    for lazy in (
        "json",
        "calendar",
        "dateutil",
        "rjournal.cli.jsonshape",
        "rjournal.cli.profile",
        "rjournal.domain.review",
        "rjournal.store.search",
        "textual",
    ):
        assert lazy not in modules, lazy


QUICK_NEXT = """
import io, sys
from contextlib import redirect_stdout
from rjournal.__main__ import main
sys.argv = ["rj", "--db", "{db}", "next", *{options!r}]
out = io.StringIO()
try:
    with redirect_stdout(out):
        main()
except SystemExit as stop:
    assert stop.code == 0, stop.code
assert {expected!r} in out.getvalue(), out.getvalue()
"""


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], "Ana Lee"),
        (["--limit", "3", "--as-of", "Nov 20", "--explain"], "score"),
        (["--json"], '"name": "Ana Lee"'),
    ],
)
def test_next_loads_only_what_its_options_need(
    tmp_path: Path, options: list[str], expected: str
) -> None:
    """`rj next` as the console script runs it; only --json brings json (and the JSON
    shapes) along, only the human form the output module."""
    from click.testing import CliRunner

    from rjournal.cli.main import main

    db = tmp_path / "j.db"
    for args in (["add", "Ana Lee"], ["promise", "ana", "call back", "--due", "today"]):
        assert CliRunner().invoke(main, ["--db", str(db), *args]).exit_code == 0
    code = QUICK_NEXT.format(db=db, options=options, expected=expected)
    modules = modules_after(code, tmp_path)
    assert "rjournal.store.facts" in modules and "rjournal.cli.reading" in modules
    for heavy in (
        "textual",
        "rich",
        "rjournal.app",
        "rjournal.cli.launch",
        "rjournal.store.search",
        "dateutil",
    ):
        assert not loaded(modules, heavy), heavy
    _output_as_asked(modules, options)


def _output_as_asked(modules: set[str], options: list[str]) -> None:
    """The JSON shapes with --json, else the text output helpers, and not the other."""
    as_json = "--json" in options
    assert ("json" in modules) is as_json
    assert ("rjournal.cli.jsonshape" in modules) is as_json
    assert ("rjournal.cli.output" in modules) is not as_json
    if not as_json:  # the JSON shapes module brings these along
        for lazy in ("rjournal.cli.profile", "rjournal.domain.review"):
            assert lazy not in modules, lazy


QUICK_SEARCH = """
import io, sys
from contextlib import redirect_stdout
from rjournal.__main__ import main
sys.argv = ["rj", "--db", "{db}", "search", "garden", *{options!r}]
out = io.StringIO()
try:
    with redirect_stdout(out):
        main()
except SystemExit as stop:
    assert stop.code == 0, stop.code
assert "the garden again" in out.getvalue(), out.getvalue()
"""


@pytest.mark.parametrize("options", [[], ["--json"]])
def test_search_loads_only_what_it_needs(tmp_path: Path, options: list[str]) -> None:
    """`rj search` as the console script runs it: the store's search and the output helpers
    (or, with --json, the JSON shapes), no other command's modules, no date reader."""
    from click.testing import CliRunner

    from rjournal.cli.main import main

    db = tmp_path / "j.db"
    for args in (["add", "Ana Lee"], ["note", "ana", "the garden again"]):
        assert CliRunner().invoke(main, ["--db", str(db), *args]).exit_code == 0
    modules = modules_after(QUICK_SEARCH.format(db=db, options=options), tmp_path)
    assert "rjournal.store.search" in modules
    for heavy in (
        "textual",
        "rich",
        "rjournal.app",
        "rjournal.cli.launch",
        "rjournal.store.facts",
        "rjournal.domain.checkin",
        "rjournal.domain.date_parser",
        "dateutil",
    ):
        assert not loaded(modules, heavy), heavy
    _output_as_asked(modules, options)


def test_importing_the_command_line_is_light(tmp_path: Path) -> None:
    modules = modules_after("import rjournal.cli.main", tmp_path)
    for lazy in (
        "rjournal.app",
        "rjournal.cli.launch",
        "rjournal.cli.entries",
        "rjournal.store.facts",
        "rjournal.domain.checkin",
        "difflib",
        "platformdirs",
        "textual",
        "rich",
        "sqlite_utils",
    ):
        assert not loaded(modules, lazy), lazy


def test_the_domain_is_pure(tmp_path: Path) -> None:
    domain = sorted(
        f"rjournal.domain.{p.stem}"
        for p in (PACKAGE / "domain").glob("*.py")
        if p.stem != "__init__"
    )
    modules = modules_after("import " + ", ".join(domain), tmp_path)
    # dateutil is only the tests' oracle: the domain's calendar arithmetic is its own.
    for forbidden in (
        "sqlite3", "textual", "rich", "click", "dateutil", "rjournal.store", "rjournal.cli"
    ):  # fmt: skip
        assert not loaded(modules, forbidden), forbidden


def test_the_store_is_headless(tmp_path: Path) -> None:
    store = sorted(
        f"rjournal.store.{p.stem}" for p in (PACKAGE / "store").glob("*.py") if p.stem != "__init__"
    )
    modules = modules_after("import " + ", ".join(store), tmp_path)
    for forbidden in ("textual", "rich", "click", "rjournal.cli", "rjournal.app"):
        assert not loaded(modules, forbidden), forbidden


def test_the_domain_never_reads_the_clock() -> None:
    clock = re.compile(
        r"\b(date\.today|datetime\.now|datetime\.today|datetime\.utcnow|time\.time)\("
    )
    for path in sorted((PACKAGE / "domain").glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            assert not clock.search(code), f"{path.name}:{number}: {line.strip()}"
