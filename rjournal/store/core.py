"""What every part of the journal stands on: its connection, its transactions, and the look-up
of a person that every change to them starts with.

Every logical change is one BEGIN IMMEDIATE transaction (`JournalCore.write`): the app and the
command line write the same file at once, and a deferred transaction that reads and then writes
can fail with "database is locked" where an immediate one simply waits its turn. The first write
of each process checks the file first (store.checks), and every commit is recorded there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rjournal.domain.model import Person
from rjournal.domain.value import Value
from rjournal.store import checks
from rjournal.store.connection import rollback
from rjournal.store.errors import EditConflict, NotFound
from rjournal.store.rows import PERSON_SELECT, person_from_row

if TYPE_CHECKING:
    from rjournal.store.connection import StrPath
    from rjournal.store.migrations import Upgrade


R = TypeVar("R", bound=Value)


class JournalCore:
    """One open journal file. Not shared between threads: open one per thread."""

    def __init__(self, conn: sqlite3.Connection, path: StrPath) -> None:
        self.conn = conn
        self.path = Path(path)
        self.file = str(self.path)
        # Whether this process checked the file before writing it (store.checks).
        self.checked = False
        # Commits made through write(), and the upgrade made on opening: an error after
        # either must not say that it failed.
        self.commits = 0
        self.upgrade: Upgrade | None = None

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One logical change: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if not self.checked:
                checks.check_before_write(self.conn, self.path)
                self.checked = True
            yield self.conn
        except BaseException:
            rollback(self.conn)
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            # A COMMIT that failed (busy past the timeout, interrupted) leaves the transaction
            # open, holding the write lock: end it, so the error means "nothing was saved".
            rollback(self.conn)
            raise
        self.commits += 1
        checks.remember(self.path)

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Several reads that must agree with each other."""
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            if self.conn.in_transaction:  # an error may have ended it already
                self.conn.execute("COMMIT")

    def data_version(self) -> int:
        """Changes whenever another connection commits: a constant-cost "anything new?"."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])


def rebased(base: R, current: R, mine: R) -> R:
    """What a form saves: `current` with the fields `mine` changed from `base` (domain.edits);
    EditConflict when someone else changed one of them too, differently."""
    from rjournal.domain.edits import changes_between, rebase

    merged, conflicts = rebase(base, current, changes_between(base, mine))
    if conflicts:
        raise EditConflict(conflicts, current)
    return merged


def must_change(cursor: sqlite3.Cursor, message: str) -> None:
    """Raise NotFound(message) when the statement changed no row (an id that is gone)."""
    if cursor.rowcount == 0:
        raise NotFound(message)


def tags_of(conn: sqlite3.Connection, person_id: int) -> tuple[str, ...]:
    rows = conn.execute(
        "SELECT tag FROM tags WHERE person_id = ? ORDER BY tag", (person_id,)
    ).fetchall()
    return tuple(r[0] for r in rows)


def load_person(conn: sqlite3.Connection, person_id: int, *, deleted: bool = False) -> Person:
    """The person with this id, in the journal (or, if `deleted`, in the trash); NotFound
    otherwise."""
    trash = "IS NOT NULL" if deleted else "IS NULL"
    row = conn.execute(
        f"SELECT {PERSON_SELECT} FROM people p WHERE p.id = ? AND p.deleted_at {trash}",
        (person_id,),
    ).fetchone()
    if row is None:
        where = "in the trash" if deleted else "in the journal"
        raise NotFound(f"no person with id {person_id} {where}")
    return person_from_row(row, tags_of(conn, person_id))
