"""Bad input: one `rj: ` line on stderr, a non-zero exit, no traceback, the journal untouched.

And hostile text: whatever people and notes contain is printed literally, never as markup or
as terminal control sequences.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rjournal.cli.main import main
from tests.conftest import isolate, private_copy


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(result: Result, code: int | None = None) -> str:
    assert result.exit_code != 0, result.stdout
    if code is not None:
        assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("rj: ")
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception
    return lines[0]


@pytest.fixture(scope="module")
def db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-errors")
    path = folder / "journal.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate(monkeypatch, folder)
        for args in (
            ["add", "Ana Lee", "--tag", "client"],
            ["add", "Ana Bell"],
            ["add", "Bob Stone"],
            ["log", "bob", "hello", "--on", "2026-11-01"],
            ["promise", "bob", "send the article"],
        ):
            assert invoke(path, *args).exit_code == 0
    return path


@pytest.fixture
def db(db_template: Path, tmp_path: Path) -> Path:
    """Ana Lee (client), Ana Bell, Bob Stone with one interaction and one promise."""
    return private_copy(db_template, tmp_path / "journal.db")


BAD_INPUT = [
    # (args, exit code, a fragment the message must contain)
    (["log", "Anna Leee", "hi"], 1, 'did you mean "Ana Lee"'),
    (["log", "zzzz", "hi"], 1, 'no one called "zzzz"'),
    (["log", "ana", "hi"], 1, "Ana Bell (id 2); Ana Lee (id 1)"),
    (["show", "ana"], 1, "matches several people"),
    (["log", "bob", "hi", "--with", "ana"], 1, "matches several people"),
    (["log", "bob", "hi", "--on", "27.08"], 2, 'can\'t read "27.08" as a date'),
    (["kid", "bob", "Leo", "--birthday", "--0415"], 2, '"--0415"'),
    (["kid", "bob", "Leo", "--birthday", "Feb 30"], 2, "not a real date"),
    (["add", "Cy", "--birthday", "Feb 30"], 2, "not a real date"),
    (["log", "bob", "hi", "--on", "tomorrow"], 2, "in the future"),
    (["log", "bob", "hi", "--on", "2027-01-01"], 2, "in the future"),
    (["note", "bob", "x", "--on", "next friday"], 2, "in the future"),
    (["pet", "bob", "Rex", "--passed", "in 3 days"], 2, "in the future"),
    (["edit", "bob", "--every", "sometimes"], 2, 'can\'t read "sometimes" as a rhythm'),
    (["add", "Cy", "--every", "-3d"], 2, "negative"),
    (["tags", "client", "--every", "often"], 2, "as a rhythm"),
    (["log", "bob", "hi", "--via", "pigeon"], 2, '"pigeon" is not a channel'),
    (["edit", "bob", "--channel", "pigeon"], 2, "is not a channel"),
    (["review", "--month", "2026-13"], 2, "no month 13"),
    (["review", "--month", "soon"], 2, "as a month"),
    (["done", "99"], 1, "no promise with id 99"),
    (["done", "abc"], 2, "is not a promise id"),
    (["add", ""], 2, "a name can't be empty"),
    (["add", "   "], 2, "a name can't be empty"),
    (["edit", "bob", "--name", ""], 2, "a name can't be empty"),
    (["note", "bob", " "], 2, "a note can't be empty"),
    (["promise", "bob", ""], 2, "a promise can't be empty"),
    (["occasion", "bob", "", "06-12"], 2, "a label can't be empty"),
    (["occasion", "bob", "wedding", "someday"], 2, "as a yearly date"),
    (["snooze", "bob", "2026-11-01"], 2, "not after today"),
    (["snooze", "bob", "whenever"], 2, "as a date"),
    (["next", "--as-of", "xyz"], 2, "as a date"),
    (["next", "--limit", "-1"], 2, "--limit"),
    (["edit", "bob"], 2, "nothing to change"),
    (["edit", "bob", "--clear", "shoe-size"], 2, "--clear"),
    (["edit", "bob", "--city", "X", "--clear", "city"], 2, "contradict"),
    (["add", "Cy", "--tag", "two words"], 2, "a tag is one word"),
    (["restore", "bob"], 1, "in the trash"),
    (["log"], 2, "missing argument"),
    (["log", "bob", "hi", "--bogus"], 2, "no such option"),
    (["frobnicate"], 2, "no such command"),
    (["tags", "--every", "weekly"], 2, "--every needs a TAG"),
    (["tags", "nosuchtag"], 1, "no tag #nosuchtag"),
    (["merge", "bob", "Bob Stone"], 2, "are the same person"),
    (["merge", "bob", "ana"], 1, "matches several people"),
    (["merge", "bob", "zzzz"], 1, 'no one called "zzzz"'),
    (["merge", "bob"], 2, "missing argument"),
    # "Did you mean", and click's messages in the style of ours.
    (["lgo", "bob", "hi"], 2, "no such command 'lgo'; did you mean 'log'?"),
    (["export", "cvs"], 2, "no such command 'cvs'; did you mean 'csv'?"),
    (["next", "--lmit", "3"], 2, "no such option '--lmit'; did you mean '--limit'?"),
    (["log", "bob", "hi", "--via", "cofee"], 2, '"cofee" is not a channel; did you mean coffee?'),
    (["add", "Cy", "--every", "fortnight"], 2, "did you mean fortnightly?"),
    # An empty log is refused like an empty note.
    (["log", "bob", ""], 2, "a log's text can't be empty"),
    (["log", "bob", "  "], 2, "a log's text can't be empty"),
    # One earliest year for a birthday and a log.
    (["add", "Cy", "--birthday", "1850-01-01"], 2, '"1850-01-01" is before 1900'),
    (["kid", "bob", "Leo", "--birthday", "1899-12-31"], 2, "is before 1900"),
    (["log", "bob", "hi", "--on", "1899-12-31"], 2, "is before 1900"),
]


USAGE_ERRORS = [
    ["log"],
    ["log", "bob", "hi", "--bogus"],
    ["frobnicate"],
    ["next", "--limit", "x"],
    ["next", "--limit"],
    ["show", "bob", "extra"],
    ["next", "--json=yes"],
    ["edit", "bob", "--clear", "shoe-size"],
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda v: repr(v))
def test_clicks_messages_read_like_ours(db: Path, args: list[str]) -> None:
    # Ours start lowercase and end without a full stop; click's were capitalised.
    line = assert_one_line_error(invoke(db, *args), 2)
    message = line.removeprefix("rj: ").split(" (see ")[0]
    assert message[0].islower(), line
    assert not message.endswith("."), line


def test_a_person_in_the_trash_is_named_with_the_way_back(db: Path) -> None:
    assert invoke(db, "delete", "bob").exit_code == 0
    before = digest(db)
    for query in ("3", "Bob Stone", "bob"):
        line = assert_one_line_error(invoke(db, "show", query), 1)
        assert line == "rj: Bob Stone (id 3) is in the trash: rj restore 3 brings them back"
    line = assert_one_line_error(invoke(db, "log", "nobody", "hi"), 1)
    assert "trash" not in line  # not found anywhere: the usual message
    assert digest(db) == before


@pytest.mark.parametrize(("args", "code", "fragment"), BAD_INPUT, ids=lambda v: repr(v))
def test_bad_input_is_one_line_and_changes_nothing(
    db: Path, args: list[str], code: int, fragment: str
) -> None:
    before = digest(db)
    line = assert_one_line_error(invoke(db, *args), code)
    assert fragment in line
    assert digest(db) == before


def test_bad_rjournal_today(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RJOURNAL_TODAY", "tomorrow-ish")
    assert "RJOURNAL_TODAY" in assert_one_line_error(invoke(db, "next"), 2)


def test_not_a_journal_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes\n")
    before = digest(path)
    for args in (["add", "Ana"], ["list"], ["log", "ana", "hi"]):
        line = assert_one_line_error(invoke(path, *args), 1)
        assert "not an rjournal journal" in line
    assert digest(path) == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = digest(path)
    assert "not an rjournal journal" in assert_one_line_error(invoke(path, "add", "Ana"), 1)
    assert digest(path) == before


def test_damaged_journal(db: Path) -> None:
    data = bytearray(db.read_bytes())
    # Keep the header, scribble over the schema page.
    data[100:4096] = b"\xff" * (4096 - 100)
    db.write_bytes(bytes(data))
    before = digest(db)
    line = assert_one_line_error(invoke(db, "list"), 1)
    assert "damaged" in line or "malformed" in line
    assert digest(db) == before


def test_directory_as_journal(tmp_path: Path) -> None:
    assert "is a directory" in assert_one_line_error(invoke(tmp_path, "list"), 1)


def test_export_to_a_missing_directory(db: Path, tmp_path: Path) -> None:
    pytest.importorskip("rjournal.store.export")
    target = tmp_path / "no" / "such" / "dir.csv"
    assert_one_line_error(invoke(db, "export", "csv", "--output", str(target)), 1)
    assert not target.exists()


def test_unexpected_errors_are_one_line_too(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rjournal.store.listing as listing_module

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(listing_module, "list_pages", broken)
    line = assert_one_line_error(invoke(db, "list"), 1)
    assert "unexpected error (RuntimeError: boom)" in line


# --- hostile text -----------------------------------------------------------------------

HOSTILE_NAMES = ["Bob x[/bold]", "[@click=app.quit]Click", "Ann [red] Lee", "Al [/ Moss"]
CONTROL = ["\x1b", "\x07", "\u202e", "\x9b"]


def assert_terminal_safe(result: Result) -> None:
    for stream in (result.stdout, result.stderr):
        for char in CONTROL:
            assert char not in stream, (char, stream)


@pytest.fixture(scope="module")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate(monkeypatch, folder)
        for name in HOSTILE_NAMES:
            result = invoke(path, "add", name, "--company", "Evil\x1b[2J Corp", "--tag", "x")
            assert result.exit_code == 0
            assert result.stdout == f"Added {name} (id {HOSTILE_NAMES.index(name) + 1})\n"
        note = "red \x1b[31malert\x07 and \u202eesrever"
        for index in range(1, len(HOSTILE_NAMES) + 1):
            assert_terminal_safe(invoke(path, "log", str(index), note, "--on", "2026-09-01"))
            assert_terminal_safe(
                invoke(path, "kid", str(index), "K\x1b]0;title\x07", "--birthday", "2020-01-01")
            )
            assert_terminal_safe(
                invoke(path, "promise", str(index), "pay \x1b[5m", "--due", "today")
            )
    return path


@pytest.fixture
def hostile(hostile_template: Path, tmp_path: Path) -> Path:
    """Every hostile name with a terminal-hostile company, note, kid and promise."""
    return private_copy(hostile_template, tmp_path / "hostile.db")


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["next", "--limit", "0"],
        ["next", "--explain"],
        ["show", "1"],
        ["show", "2"],
        ["show", "3"],
        ["show", "4"],
        ["search", "alert"],
        ["search", "Click"],
        ["review"],
        ["tags"],
        ["trash"],
    ],
)
def test_hostile_text_is_printed_literally(hostile: Path, args: list[str]) -> None:
    result = invoke(hostile, *args)
    assert result.exit_code == 0, result.stderr
    assert_terminal_safe(result)


def test_hostile_names_show_as_typed(hostile: Path) -> None:
    listing = invoke(hostile, "list").stdout
    for name in HOSTILE_NAMES:
        assert name in listing
    shown = invoke(hostile, "show", "Al [/ Moss").stdout
    assert shown.startswith("Al [/ Moss")
    assert "red \\x1b[31malert\\x07 and \\u202eesrever" in shown
    assert "Evil\\x1b[2J Corp" in shown


def test_hostile_text_in_error_messages(hostile: Path) -> None:
    before = digest(hostile)
    for query in ["\x1b[31mnobody", "no\u202eone", "[bold]x\x07"]:
        result = invoke(hostile, "log", query, "hi")
        assert_one_line_error(result, 1)
        assert_terminal_safe(result)
    result = invoke(hostile, "log", "1", "hi", "--on", "\x1b[2J")
    assert_one_line_error(result, 2)
    assert_terminal_safe(result)
    result = invoke(hostile, "log", "1", "hi", "--via", "\x1b[2Jx")
    assert_one_line_error(result, 2)
    assert_terminal_safe(result)
    result = invoke(hostile, "log", "1", "hi", "--bogus\x1b")
    assert_one_line_error(result, 2)
    assert_terminal_safe(result)
    assert digest(hostile) == before


def test_json_keeps_text_exact_but_terminal_safe(hostile: Path) -> None:
    result = invoke(hostile, "show", "1", "--json")
    assert_terminal_safe(result)
    shown = json.loads(result.stdout)
    assert shown["name"] == "Bob x[/bold]"
    assert shown["entries"][0]["text"] == "red \x1b[31malert\x07 and \u202eesrever"
    assert shown["company"] == "Evil\x1b[2J Corp"
    listed = json.loads(invoke(hostile, "list", "--json").stdout)
    assert [p["name"] for p in listed] == sorted(HOSTILE_NAMES, key=lambda n: n.casefold())
