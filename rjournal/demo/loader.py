"""Writing the demo journal: the generated rows bulk-loaded, then derived by the store.

Everything is written into a private temporary file beside the target and moved onto it at the
end, so a half-built demo never exists under the real name. What the journal derives (last
contact, the learned rhythm, the rhythm in force and its clock, the search index, the export
rows) is worked out by the store's own derivation after the load (store.bulk), the way it
works it out for any journal.
"""

from __future__ import annotations

import itertools
import os
import random
import sqlite3
import uuid
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rjournal.demo.generator import ENTRY_COLUMNS, PERSON_COLUMNS, TAG_RHYTHMS, Builder
from rjournal.demo.heroes import Hero, heroes
from rjournal.store import checks
from rjournal.store.bulk import bulk_load
from rjournal.store.connection import sync_folder
from rjournal.store.journal import Journal
from rjournal.store.leftovers import remove_stale, temporary_name

# Bound values per multi-row INSERT (within SQLite's oldest limit of 999).
_VALUES_PER_INSERT = 960
# Generated entries are made and loaded this many people at a time, to bound memory.
_ENTRY_CHUNK = 5_000


def build_demo(path: Path, *, people: int = 300, today: date, seed: int = 7) -> None:
    """Build a realistic demo journal at path (replacing it), deterministic for the arguments."""
    if people < 1:
        raise ValueError("a demo journal needs at least one person")
    path = Path(path)
    remove_stale(path)  # what killed builds left
    tmp = temporary_name(path, "building")
    if tmp.exists():
        tmp.unlink()
    try:
        journal = Journal.open(tmp)
        try:
            fill(journal.conn, people, today, seed)
        finally:
            journal.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        checks.moved(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        checks.forget(tmp)
        raise
    sync_folder(path.parent)


def fill(conn: sqlite3.Connection, people: int, today: date, seed: int) -> None:
    """Load the demo's rows into a fresh journal, then derive everything else."""
    # The file is a private temporary that is thrown away on any failure, so no rollback
    # journal and no syncing while loading; build_demo fsyncs the finished file once.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("PRAGMA temp_store = MEMORY")
    # The builder links only ids it made, and a look-up of both parents per link row cost
    # as much as inserting it. (Outside the transaction: SQLite ignores it inside one.)
    conn.execute("PRAGMA foreign_keys = OFF")
    chosen = heroes(today)[:people]
    builder = Builder(people, today, seed)
    builder.add_people(chosen)
    conn.execute("BEGIN")
    with bulk_load(conn):
        insert_people(conn, builder, seed)
        _insert_small_tables(conn, builder, chosen)
        _insert_entries(conn, *builder.hero_entries(chosen))
        for first in range(len(chosen) + 1, people + 1, _ENTRY_CHUNK):
            last = min(people, first + _ENTRY_CHUNK - 1)
            _insert_entries(conn, *builder.random_entries(first, last))
    conn.execute("COMMIT")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = DELETE")


def insert_people(conn: sqlite3.Connection, builder: Builder, seed: int) -> None:
    """The people's rows as typed, each with a uid drawn from the seed (so the same arguments
    give the same journal); their derived columns are left to the store."""
    rows = builder.people_rows()
    marks = ", ".join("?" * (len(PERSON_COLUMNS) + 1))
    conn.executemany(
        f"INSERT INTO people ({', '.join(PERSON_COLUMNS)}, uid) VALUES ({marks})",
        ((*row, uid) for row, uid in zip(rows, _uids(len(rows), seed), strict=True)),
    )


def _uids(count: int, seed: int) -> list[str]:
    """`count` version 4 UUIDs, the same ones for the same seed."""
    drawn = random.Random(f"uids {seed}").randbytes(16 * count)
    return [str(uuid.UUID(bytes=drawn[i : i + 16], version=4)) for i in range(0, 16 * count, 16)]


def _insert_small_tables(
    conn: sqlite3.Connection, builder: Builder, chosen: Sequence[Hero]
) -> None:
    """Tag rhythms, tags, kids, pets, occasions and promises (a fraction of the rows)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    tag_rhythms = [
        (tag, rhythm.code(), rhythm.min_days(), rhythm.approx_days())
        for tag, rhythm in TAG_RHYTHMS.items()
    ]
    kids, pets, occasions, promises = builder.extras(chosen)
    for table, columns, rows in (
        ("tag_rhythms", ("tag", "rhythm", "rhythm_days", "rhythm_avg"), tag_rhythms),
        ("tags", ("person_id", "tag"), builder.tags),
        ("kids", ("person_id", "name", "birthday", "notes", "passed_on"), kids),
        ("pets", ("person_id", "name", "species", "birthday", "notes", "passed_on"), pets),
        ("occasions", ("person_id", "label", "date"), occasions),
        ("promises", ("person_id", "text", "due", "done_on", "created_on"), promises),
    ):
        # insert_all's list form: the column names first, then the rows.
        db.table(table).insert_all(itertools.chain([columns], rows), batch_size=1000)


def _insert_flat(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], values: list[Any]
) -> None:
    """Insert rows given as one flat list (len(columns) values a row), in order.

    Many rows a statement: executemany's cost per statement (stepping, resetting) is most of
    the cost of a two-column row.
    """
    width = len(columns)
    row = f"({', '.join('?' * width)})"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    per = max(1, _VALUES_PER_INSERT // width)
    step = width * per
    whole = len(values) - len(values) % step
    if whole:
        conn.executemany(
            head + ", ".join([row] * per), (values[i : i + step] for i in range(0, whole, step))
        )
    conn.executemany(head + row, (values[i : i + width] for i in range(whole, len(values), width)))


def _insert_entries(conn: sqlite3.Connection, entries: list[Any], links: list[int]) -> None:
    _insert_flat(conn, "entries", ENTRY_COLUMNS, entries)
    _insert_flat(conn, "entry_people", ("entry_id", "person_id"), links)
