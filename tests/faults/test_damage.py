"""Damaged and truncated journals through every command: a write is refused (one line, the
file byte for byte as it was) unless SQLite's quick_check finds the file sound; reads work
where they can and otherwise say so in one line; `rj salvage` gets back what still reads.
Never a traceback."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rjournal.cli.main import main
from rjournal.store.journal import Journal
from tests.faults.journals import check_invariants

WRITES = [
    ["add", "Zed New"],
    ["log", "ann", "after the damage"],
    ["note", "bob", "a note"],
    ["edit", "ann", "--company", "X"],
    ["delete", "bob"],
]
READS = [
    ["list"],
    ["next"],
    ["next", "--json"],
    ["show", "ann"],
    ["search", "talk"],
    ["tags"],
    ["review"],
    ["trash"],
    ["export", "csv"],
]


def _page_size(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[16:18], "big")


def _pages_of(path: Path, table: str) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [
            r[0]
            for r in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (table,)
            )
        ]
    finally:
        conn.close()


def _zero_page(table: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        pages = _pages_of(path, table)
        size = _page_size(path)
        data = bytearray(path.read_bytes())
        start = (pages[len(pages) // 2] - 1) * size
        data[start : start + size] = bytes(size)
        path.write_bytes(bytes(data))

    return damage


def _flip_bits(seed: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        rng = random.Random(seed)
        for _ in range(8):
            at = rng.randrange(100, len(data))
            data[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))

    return damage


def _cut(fraction: float) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * fraction)])

    return damage


def _header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[16:18] = b"\x12\x34"  # an impossible page size
    path.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "empty": _cut(0),
    "cut to a tenth": _cut(0.1),
    "cut in half": _cut(0.5),
    "cut by one byte": _cut(1 - 1e-9),
    "bad header": _header,
    "zeroed people page": _zero_page("people"),
    "zeroed entries page": _zero_page("entries"),
    "zeroed index page": _zero_page("entry_people_dated"),
    "zeroed search page": _zero_page("entries_fts_data"),
    **{f"8 flipped bits ({seed})": _flip_bits(seed) for seed in range(6)},
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("damage") / "journal.db"
    runner = CliRunner()
    for args in (["add", "Ann Lee", "--tag", "client"], ["add", "Bob Stone"]):
        assert runner.invoke(main, ["--db", str(path), *args]).exit_code == 0
    with Journal.open(path) as journal, journal.write() as conn:
        conn.executemany(
            "INSERT INTO entries (kind, on_date, text, created_at) VALUES ('note', ?, ?, ?)",
            [("2026-01-01", f"talk {i} " + "w" * 700, "2026-01-01T00:00:00") for i in range(120)],
        )
        conn.execute("INSERT INTO entry_people (entry_id, person_id) SELECT id, 1 FROM entries")
        conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
    return path


def _invoke(db: Path, args: list[str]) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args])


def _one_line_or_fine(result: Result) -> None:
    assert "Traceback" not in result.output
    assert not result.exception or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code != 0:
        assert result.exit_code == 1, result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("rj: "), result.stderr


def _sound(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
        try:
            return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError):  # a message quoting damaged bytes, too
        return False


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_journal_through_every_command(kind: str, template: Path, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    shutil.copy(template, db)
    DAMAGE[kind](db)
    sound = _sound(db)
    damaged = db.read_bytes()
    for args in WRITES:
        result = _invoke(db, args)
        _one_line_or_fine(result)
        if not sound:
            assert result.exit_code == 1, (args, result.stdout)
            assert db.read_bytes() == damaged, args  # refused before a byte was written
        elif result.exit_code == 0:
            damaged = db.read_bytes()  # quick_check can't see this damage: written as usual
    for args in READS:
        _one_line_or_fine(_invoke(db, args))
        assert db.read_bytes() == damaged, args
    # Salvage: a new journal of what still reads (nothing, from an empty or unreadable file).
    out = tmp_path / "salvaged.db"
    result = _invoke(db, ["salvage", str(out)])
    _one_line_or_fine(result)
    assert db.read_bytes() == damaged
    if result.exit_code == 0:
        check_invariants(out)
        with Journal.open(out) as journal:
            journal.set_setting("salvaged", "yes")
    else:
        assert not out.exists()


def test_salvage_builds_afresh_what_quick_check_cannot_see(template: Path, tmp_path: Path) -> None:
    """A file whose rows all read but whose search index is stale (a damaged index, as the
    flipped bits above make, is the same case): salvage's whole copy builds it afresh rather
    than copying the damage."""
    db = tmp_path / "journal.db"
    shutil.copy(template, db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DROP TRIGGER entries_fts_update")  # the text changes, its index doesn't
        conn.execute("UPDATE entries SET text = 'quince pastries' WHERE id = 7")
    conn.close()
    stale = sqlite3.connect(db)
    assert stale.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    assert (
        stale.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'quince'").fetchall()
        == []
    )
    stale.close()
    out = tmp_path / "salvaged.db"
    result = _invoke(db, ["salvage", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "a whole copy" in result.stdout
    check_invariants(out)
    fresh = sqlite3.connect(out)
    try:
        found = fresh.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'quince'")
        assert found.fetchall() == [(7,)]
    finally:
        fresh.close()


def test_salvage_mends_text_that_is_no_longer_utf8(template: Path, tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    shutil.copy(template, db)
    conn = sqlite3.connect(db)
    with conn:
        # What a flipped bit does to a note's and a tag's bytes: no longer UTF-8.
        conn.execute("UPDATE entries SET text = CAST(x'74616c6bff21' AS TEXT) WHERE id = 3")
        conn.execute("UPDATE tags SET tag = CAST(x'636c69656e74c3' AS TEXT) WHERE person_id = 1")
    conn.close()
    out = tmp_path / "salvaged.db"
    result = _invoke(db, ["salvage", str(out)])
    assert result.exit_code == 0, result.stderr
    check_invariants(out)
    with Journal.open(out) as journal:
        texts = {row[0] for row in journal.conn.execute("SELECT text FROM entries")}
        tags = [row[0] for row in journal.conn.execute("SELECT tag FROM tags")]
    assert "talk\ufffd!" in texts
    assert tags == ["client\ufffd"]
    # The salvaged journal reads through the command line as any other.
    shown = _invoke(out, ["show", "ann"])
    assert shown.exit_code == 0, shown.stderr
    assert "client\ufffd" in shown.stdout
