"""What the exports read besides the contacts (store.contacts) and the backup
(store.backup_json): how many people and entries there are (for a progress bar), open
promises with a due day, and people's uids."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from rjournal.domain.model import Promise
from rjournal.store.rows import PROMISE_COLUMNS, promise_from_row

_DUE_PROMISES = (
    "SELECT {columns}, p.uid, p.name FROM promises pr JOIN people p ON p.id = pr.person_id "
    "WHERE pr.done_on IS NULL AND pr.due IS NOT NULL AND p.deleted_at IS NULL "
    "AND p.archived = 0 ORDER BY pr.due, pr.id"
).format(columns=", ".join(f"pr.{c.strip()}" for c in PROMISE_COLUMNS.split(",")))
_WIDTH = len(PROMISE_COLUMNS.split(","))


def people_count(conn: sqlite3.Connection, *, archived: bool = True, trash: bool = False) -> int:
    """How many people there are: the archived unless told not to, the trash only if told."""
    clauses = ([] if trash else ["deleted_at IS NULL"]) + ([] if archived else ["archived = 0"])
    where = " AND ".join(clauses) or "TRUE"
    return int(conn.execute(f"SELECT count(*) FROM people WHERE {where}").fetchone()[0])


def entries_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


def due_promises(conn: sqlite3.Connection) -> Iterator[tuple[Promise, str, str]]:
    """Open promises with a due day, of people neither archived nor in the trash, soonest
    first: each with its person's uid and name."""
    for row in conn.execute(_DUE_PROMISES):
        yield promise_from_row(row[:_WIDTH]), row[_WIDTH], row[_WIDTH + 1]


def uids_of(conn: sqlite3.Connection, person_ids: Sequence[int]) -> dict[int, str]:
    """The uid of each of these people."""
    marks = ", ".join("?" * len(person_ids))
    rows = conn.execute(f"SELECT id, uid FROM people WHERE id IN ({marks})", list(person_ids))
    return {int(pid): str(uid) for pid, uid in rows}
