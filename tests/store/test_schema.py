"""The schema is history: a fresh journal's sqlite_master is pinned, and journals written by
every released version upgrade to today's schema with every row kept."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import sqlite3
import stat
import unicodedata
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rjournal.store import migrations
from rjournal.store.derived import PEOPLE_DERIVED, refresh_contact, stale_history
from rjournal.store.export import write_csv
from rjournal.store.export_rows import stale_rows
from rjournal.store.journal import Journal

GOLDEN = Path(__file__).parent / "golden" / "sqlite_master.txt"
# Set to rewrite the golden file from a fresh journal (then review the diff): only for a new
# migration, never to make a changed released one pass.
REWRITE = "RJOURNAL_REWRITE_GOLDEN"
# The day the fixtures were written (fixtures/build_journals.py).
FIXTURE_TODAY = date(2026, 11, 22)
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def render_master(conn: sqlite3.Connection) -> str:
    """Every table, index, view and trigger, in the order SQLite keeps them, as text."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
    return "".join(
        f"-- {kind} {name} ON {table}\n{sql if sql is not None else '(no sql)'}\n\n"
        for kind, name, table, sql in rows
    )


def test_a_fresh_journal_has_the_pinned_schema(tmp_path: Path) -> None:
    """To change it on purpose (a new migration): RJOURNAL_REWRITE_GOLDEN=1 pytest this test,
    then review and commit the diff of tests/store/golden/sqlite_master.txt."""
    with Journal.open(tmp_path / "fresh.db") as journal:
        text = render_master(journal.conn)
        version = journal.conn.execute("PRAGMA user_version").fetchone()[0]
    text = f"-- user_version {version}\n\n{text}"
    if os.environ.get(REWRITE):
        GOLDEN.write_text(text, encoding="utf-8")
        pytest.skip(f"rewrote {GOLDEN}")
    assert text == GOLDEN.read_text(encoding="utf-8")


# -- released journals upgrade with every row kept ----------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
RELEASED = (1, 2, 3, 7, 8)  # a journal written by each released schema: fixtures/journal-vN.db


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (a committed fixture, a backup)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _tables(
    conn: sqlite3.Connection, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (full-text search's own tables included), in a fixed order;
    with `columns`, only those tables and columns (what an older schema had)."""
    columns = columns if columns is not None else _columns(conn)
    out: dict[str, list[tuple[Any, ...]]] = {}
    for name, names in columns.items():
        selected = ", ".join(f'"{column}"' for column in names)
        out[name] = sorted(conn.execute(f'SELECT {selected} FROM "{name}"').fetchall(), key=repr)
    return out


def _columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Each table's columns, as SELECT * gives them."""
    names = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    return {
        name: [d[0] for d in conn.execute(f'SELECT * FROM "{name}" LIMIT 0').description]
        for name in names
    }


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _csv(journal: Journal) -> str:
    """The export without its uid column (an upgrade from before v3 draws uids at random)."""
    out = io.StringIO(newline="")
    write_csv(journal, out, today=FIXTURE_TODAY, raw=True)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    at = rows[0].index("uid")
    kept = io.StringIO(newline="")
    csv.writer(kept, lineterminator="\r\n").writerows(row[:at] + row[at + 1 :] for row in rows)
    return kept.getvalue()


@pytest.mark.parametrize("version", RELEASED)
def test_a_released_journal_upgrades_with_every_row_kept(tmp_path: Path, version: int) -> None:
    original = FIXTURES / f"journal-v{version}.db"
    path = tmp_path / "journal.db"
    shutil.copyfile(original, path)
    with closing(_read_only(original)) as conn:
        assert _version(conn) == version
        # Every table but export_rows, which a migration that changes a cell refills (it is
        # derived: checked fresh below).
        columns = {name: cols for name, cols in _columns(conn).items() if name != "export_rows"}
        before = _tables(conn, columns)
    latest = migrations.latest_version()

    with Journal.open(path, create=False) as journal:
        conn = journal.conn
        assert _version(conn) == latest
        # Every row the fixture holds, unchanged, in every table and column it had.
        assert _tables(conn, columns) == before
        _assert_everyone_has_a_uid(conn, before["people"], columns["people"])
        # Exactly the schema a fresh journal gets.
        assert render_master(conn) == GOLDEN.read_text(encoding="utf-8").split("\n\n", 1)[1]
        # What the new schema derives: an export row for everyone not in the trash, fresh.
        assert stale_rows(conn) == []
        assert stale_history(conn) == []
        assert (
            conn.execute("SELECT count(*) FROM export_rows").fetchone()
            == conn.execute("SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()
        )
        # Invariants.
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO people_fts (people_fts) VALUES ('integrity-check')")
        conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')")
        # The derived columns are what a fresh derivation gives.
        derived = f"SELECT id, {', '.join(PEOPLE_DERIVED)} FROM people ORDER BY id"
        stored = conn.execute(derived).fetchall()
        conn.execute("BEGIN")
        try:
            refresh_contact(conn, [row[0] for row in stored])
            assert conn.execute(derived).fetchall() == stored
        finally:
            conn.execute("ROLLBACK")
        exported = _csv(journal)

    # The same history written by the v2 code exports the same (no clock time is exported).
    # (A copy: opening a committed fixture would upgrade it in place.)
    v2_copy = tmp_path / "v2-copy" / "journal.db"
    v2_copy.parent.mkdir()
    shutil.copyfile(FIXTURES / "journal-v2.db", v2_copy)
    with Journal.open(v2_copy, create=False) as v2:
        assert exported == _csv(v2)
    rows = {row[1]: row for row in csv.reader(io.StringIO(exported))}
    assert rows["Olga Ivanova"][13:16] == ["quarterly (own)", "2026-08-31", "2026-11-30"]
    assert rows["김민준"][13] == "monthly (tag client)"
    assert rows["Priya Raghunathan"][13] == "every 31 days (learned)"
    assert rows["Ann [red] Lee"][13] == "every 2 weeks (tag family)"
    assert "Chad Spam" not in rows and rows["Greg Hollis"][17] == "yes"

    backups = sorted(tmp_path.glob("journal.db.v*.bak"))
    if version == latest:
        assert backups == []  # nothing to upgrade, nothing copied
        return
    # The backup was made first: it is the file as it was, at its old version.
    assert [b.name.split("-")[0] for b in backups] == [f"journal.db.v{version}"]
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    with closing(_read_only(backups[0])) as conn:
        assert _version(conn) == version
        assert _tables(conn, columns) == before


def _assert_everyone_has_a_uid(
    conn: sqlite3.Connection, people: list[tuple[Any, ...]], columns: list[str]
) -> None:
    """Schema v3: everyone, trash included, has a random UUID of their own and no kept lines
    (those come from contact files), and a uid the fixture had is kept as it was."""
    rows = conn.execute("SELECT id, uid, kept FROM people").fetchall()
    assert len(rows) == len(people) >= 10
    assert len({uid for _id, uid, _kept in rows}) == len(rows)
    if "uid" in columns:
        at = columns.index("uid")
        assert {uid for _id, uid, _kept in rows} == {row[at] for row in people}
    else:
        assert all(UUID4.fullmatch(uid) for _id, uid, _kept in rows)
        assert {kept for _id, _uid, kept in rows} == {""}


@pytest.mark.parametrize("version", RELEASED)
def test_the_fixture_holds_what_an_upgrade_must_carry(version: int) -> None:
    """The fixtures keep their promise: each kind of content is in them."""
    with closing(_read_only(FIXTURES / f"journal-v{version}.db")) as conn:

        def count(sql: str) -> int:
            return int(conn.execute(sql).fetchone()[0])

        names = {r[0] for r in conn.execute("SELECT name FROM people")}
        assert {"Zoë Quinn", "김민준", "Ann [red] Lee", "[@click=app.quit] Bob"} <= names
        assert unicodedata.is_normalized("NFC", "".join(names))
        assert count("SELECT count(*) FROM people WHERE nickname LIKE '%🦊%'") == 1
        assert count("SELECT count(*) FROM people WHERE birthday = '--04-15'") == 1
        assert count("SELECT count(*) FROM people WHERE birthday = '1992-02-29'") == 1
        assert count("SELECT count(*) FROM occasions WHERE date = '--02-29'") == 1
        assert count("SELECT count(*) FROM people WHERE deleted_at IS NOT NULL") == 2
        assert count("SELECT count(*) FROM people WHERE archived = 1") == 1
        assert count("SELECT count(*) FROM people WHERE snoozed_until IS NOT NULL") == 1
        assert count("SELECT count(*) FROM kids") >= 3
        assert count("SELECT count(*) FROM pets WHERE passed_on IS NOT NULL") == 1
        assert count("SELECT count(*) FROM promises WHERE done_on IS NULL") >= 2
        assert count("SELECT count(*) FROM promises WHERE done_on IS NOT NULL") >= 1
        assert count("SELECT count(*) FROM entries WHERE kind = 'note'") >= 2
        assert (
            count(
                "SELECT count(*) FROM (SELECT entry_id FROM entry_people "
                "GROUP BY entry_id HAVING count(*) > 2)"
            )
            >= 1
        )
        assert count("SELECT count(*) FROM tag_rhythms") >= 3
        assert count("SELECT count(*) FROM people WHERE rhythm IS NOT NULL") >= 3
        assert count("SELECT count(*) FROM people WHERE learned_days IS NOT NULL") >= 1
