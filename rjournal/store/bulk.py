"""Loading many rows at once: triggers and secondary indexes off while loading, then every
derived column, the search index and the export rows worked out once, in SQL passes.

A trigger firing per row, and an index updated at a random place per row, cost more than
doing the same work once afterwards: for 100,000 people, seconds against minutes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from rjournal.store.derived import refresh_everyone
from rjournal.store.export_rows import rebuild_rows

# The tables whose secondary indexes a bulk load drops and rebuilds.
_LOADED_TABLES = ("people", "entries", "entry_people", "kids", "pets", "tags")
# A random version 4 UUID, as the trigger people_uid_given (store/sql/v3.sql) makes one for a
# person added without a uid: with the triggers off, a bulk load gives them itself.
NEW_UID_SQL = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' "
    "|| substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) "
    "|| substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)


@contextmanager
def bulk_load(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside the caller's transaction: load plain rows of any table in the body; on leaving
    it, the schema is whole again and everything derived from those rows is as the store's
    writes would have left it."""
    triggers = drop_triggers(conn)
    indexes = drop_indexes(conn)
    yield
    conn.execute(f"UPDATE people SET uid = {NEW_UID_SQL} WHERE uid = ''")
    refresh_everyone(conn)
    for sql in indexes:
        conn.execute(sql)
    conn.execute("INSERT INTO people_fts (people_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
    create_triggers(conn, triggers)
    rebuild_rows(conn)


def drop_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop every trigger; returns their SQL, in the order they were created, to recreate
    them (create_triggers)."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid"
    ).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in rows]


def create_triggers(conn: sqlite3.Connection, triggers: list[str]) -> None:
    for sql in triggers:
        conn.execute(sql)


def drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of the loaded tables (built after, an index is a sort, not
    a random insert per row); returns their SQL to recreate them exactly."""
    marks = ", ".join("?" for _ in _LOADED_TABLES)
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        _LOADED_TABLES,
    ).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]
