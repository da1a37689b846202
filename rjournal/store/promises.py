"""Promises you made: open until done."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rjournal.domain.model import Promise
from rjournal.store.core import JournalCore, load_person, must_change, rebased
from rjournal.store.errors import NotFound
from rjournal.store.rows import PROMISE_COLUMNS, promise_from_row


class PromiseQueries(JournalCore):
    """Promises (a part of store.journal.Journal)."""

    def add_promise(self, person_id: int, text: str, created_on: date, due: date | None) -> int:
        with self.write() as conn:
            load_person(conn, person_id)
            cursor = conn.execute(
                "INSERT INTO promises (person_id, text, due, created_on) VALUES (?, ?, ?, ?)",
                (person_id, text, due.isoformat() if due else None, created_on.isoformat()),
            )
            return int(cursor.lastrowid or 0)

    def promise(self, promise_id: int) -> Promise:
        row = self.conn.execute(
            f"SELECT {PROMISE_COLUMNS} FROM promises WHERE id = ?", (promise_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no promise with id {promise_id}")
        return promise_from_row(row)

    def update_promise(
        self, promise_id: int, text: str, due: date | None, *, base: Promise | None = None
    ) -> Promise:
        """Reword a promise or move its due day (None: no due day). With `base` (the promise
        as a form showed it), only what changed from it, EditConflict when someone else
        changed that too (store.core.rebased)."""
        if not text.strip():
            raise ValueError("a promise can't be empty")
        with self.write() as conn:
            if base is not None:
                row = conn.execute(
                    f"SELECT {PROMISE_COLUMNS} FROM promises WHERE id = ?", (promise_id,)
                ).fetchone()
                if row is None:
                    raise NotFound(f"no promise with id {promise_id} (removed meanwhile)")
                mine = replace(base, text=text, due=due)
                saved = rebased(base, promise_from_row(row), mine)
                text, due = saved.text, saved.due
            must_change(
                conn.execute(
                    "UPDATE promises SET text = ?, due = ? WHERE id = ?",
                    (text, due.isoformat() if due else None, promise_id),
                ),
                f"no promise with id {promise_id}",
            )
        return self.promise(promise_id)

    def complete_promise(self, promise_id: int, on: date | None) -> Promise:
        """Mark done (on a day) or open again (None)."""
        with self.write() as conn:
            must_change(
                conn.execute(
                    "UPDATE promises SET done_on = ? WHERE id = ?",
                    (on.isoformat() if on else None, promise_id),
                ),
                f"no promise with id {promise_id}",
            )
        return self.promise(promise_id)

    def promises(self, person_id: int, *, open_only: bool = False) -> list[Promise]:
        extra = " AND done_on IS NULL" if open_only else ""
        rows = self.conn.execute(
            f"SELECT {PROMISE_COLUMNS} FROM promises "
            f"WHERE person_id = ?{extra} ORDER BY done_on IS NOT NULL, coalesce(due, '9999'), id",
            (person_id,),
        )
        return [promise_from_row(r) for r in rows]
