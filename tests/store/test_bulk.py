"""A bulk load (store.bulk) leaves a journal exactly as the store's own writes would have."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from rjournal.domain.model import NewPerson
from rjournal.store.bulk import bulk_load, create_triggers, drop_indexes, drop_triggers
from rjournal.store.derived import PEOPLE_DERIVED, stale_history
from rjournal.store.export_rows import stale_rows
from rjournal.store.journal import Journal
from rjournal.store.search import search

FIXTURE = Path(__file__).parent / "fixtures" / "journal-v2.db"
# What a load writes, parents first; people without what the store derives for them.
LOADED = ("people", "tag_rhythms", "tags", "kids", "pets", "occasions", "entries",
          "entry_people", "promises", "settings")  # fmt: skip
COMPARED = (*LOADED, "export_rows", "contact_days", "contact_gaps")
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns a row is written with: not generated ones, not derived ones."""
    names = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    return [n for n in names if not (table == "people" and n in PEOPLE_DERIVED)]


def _rows(conn: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    return sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def _upgraded_fixture(tmp_path: Path) -> sqlite3.Connection:
    """The fixture, as the store has brought it to today's schema."""
    path = tmp_path / "source.db"
    shutil.copyfile(FIXTURE, path)
    Journal.open(path, create=False).close()
    return sqlite3.connect(path)


def test_a_bulk_load_derives_what_the_writes_derived(tmp_path: Path) -> None:
    """The fixture was written command by command; the same rows loaded at once, with none of
    the derived columns, come out the same: derived columns, export rows, search index."""
    source = _upgraded_fixture(tmp_path)
    with Journal.open(tmp_path / "loaded.db") as journal:
        conn = journal.conn
        with journal.write(), bulk_load(conn):
            for table in LOADED:
                columns = _columns(conn, table)
                rows = source.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
                marks = ", ".join("?" for _ in columns)
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                )
        for table in COMPARED:
            assert _rows(conn, table) == _rows(source, table), table
        assert (
            conn.execute("SELECT count(*) FROM people WHERE last_contact IS NOT NULL").fetchone()[0]
            > 5
        )
        assert stale_rows(conn) == []
        assert stale_history(conn) == []
        assert conn.execute("SELECT count(*) FROM contact_gaps").fetchone()[0] > 5
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO people_fts (people_fts) VALUES ('integrity-check')")
        conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')")
        query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
        assert conn.execute(query).fetchall() == source.execute(query).fetchall()
        # The search index was rebuilt: people and entries are found.
        assert [h.person_name for h in search(journal, "zoe")] == ["Zoë Quinn"]
        assert {h.kind for h in search(journal, "mentoring")} == {"interaction"}
    source.close()


def test_a_bulk_load_gives_everyone_loaded_without_a_uid_their_own(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "loaded.db") as journal:
        conn = journal.conn
        journal.add_person(NewPerson("Ana Lee", date(2026, 1, 1)), uid="from-a-card")
        with journal.write(), bulk_load(conn):
            conn.executemany(
                "INSERT INTO people (name, added_on, name_key, sort_key) VALUES (?, ?, ?, ?)",
                [(f"P {i}", "2026-01-01", f"p {i}", f"p {i}") for i in range(300)],
            )
        uids = [row[0] for row in conn.execute("SELECT uid FROM people ORDER BY id")]
        assert uids[0] == "from-a-card"
        assert len(set(uids)) == 301
        assert all(UUID4.fullmatch(uid) for uid in uids[1:])
        assert stale_rows(conn) == []


def test_every_trigger_and_index_is_dropped_for_the_load_and_recreated(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "t.db") as journal:
        conn = journal.conn
        conn.execute("CREATE TRIGGER zz_extra AFTER INSERT ON kids BEGIN SELECT 1; END")
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid"
        before = conn.execute(query).fetchall()
        assert "zz_extra" in {name for name, _sql in before}
        triggers = drop_triggers(conn)
        assert conn.execute(query).fetchall() == []
        create_triggers(conn, triggers)
        assert conn.execute(query).fetchall() == before
        indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        kept = conn.execute(indexes).fetchall()
        dropped = drop_indexes(conn)
        left = conn.execute(indexes).fetchall()
        assert {sql for _name, sql in left} | set(dropped) == {sql for _name, sql in kept}
        assert "people_due" not in {name for name, _sql in left}
