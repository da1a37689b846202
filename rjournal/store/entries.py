"""Journal entries: interactions (they reset the rhythm clock of everyone in them) and notes.

What a change to an entry moves besides the people's derived columns (each link's copy of the
entry's day and kind, the contact days and their gaps) the schema's triggers keep.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from rjournal.domain.model import Entry, NewEntry
from rjournal.store.core import JournalCore, load_person, must_change, rebased
from rjournal.store.derived import refresh_contact
from rjournal.store.errors import NotFound
from rjournal.store.rows import entry_from_row, entry_values

# An entry's columns as entry_from_row reads them, from entries e.
_ENTRY_SELECT = (
    "e.id, e.kind, e.on_date, e.channel, e.from_them, e.text, "
    "(SELECT group_concat(person_id) FROM entry_people x WHERE x.entry_id = e.id)"
)


def _entry_people(entry: NewEntry) -> list[int]:
    """The entry's people, each once, in order; an entry without anyone is refused."""
    people = list(dict.fromkeys(entry.people))
    if not people:
        raise ValueError("an entry needs at least one person")
    return people


def insert_entry(
    conn: sqlite3.Connection, entry: NewEntry, people: list[int], created_at: datetime
) -> int:
    """Write an entry with its people (each in the journal), inside the caller's transaction."""
    for person_id in people:
        load_person(conn, person_id)
    cursor = conn.execute(
        "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (*entry_values(entry), created_at.isoformat(timespec="seconds")),
    )
    entry_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
        [(entry_id, p) for p in people],
    )
    if entry.is_interaction:
        refresh_contact(conn, people)
    return entry_id


def rewrite_entry(conn: sqlite3.Connection, entry: Entry) -> None:
    """update_entry inside the caller's transaction."""
    people = _entry_people(entry)
    for person_id in people:
        load_person(conn, person_id)
    before = [
        r[0]
        for r in conn.execute("SELECT person_id FROM entry_people WHERE entry_id = ?", (entry.id,))
    ]
    must_change(
        conn.execute(
            "UPDATE entries SET kind = ?, on_date = ?, channel = ?, from_them = ?, "
            "text = ? WHERE id = ?",
            (*entry_values(entry), entry.id),
        ),
        f"no entry with id {entry.id}",
    )
    conn.execute("DELETE FROM entry_people WHERE entry_id = ?", (entry.id,))
    conn.executemany(
        "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
        [(entry.id, p) for p in people],
    )
    refresh_contact(conn, dict.fromkeys([*before, *people]))


def remove_entry(conn: sqlite3.Connection, entry_id: int) -> None:
    """Delete an entry for good, inside the caller's transaction; its people re-derived."""
    people = [
        r[0]
        for r in conn.execute("SELECT person_id FROM entry_people WHERE entry_id = ?", (entry_id,))
    ]
    must_change(
        conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,)),
        f"no entry with id {entry_id}",
    )
    refresh_contact(conn, people)


class EntryQueries(JournalCore):
    """Entries (a part of store.journal.Journal)."""

    def add_entry(self, entry: NewEntry, *, created_at: datetime) -> int:
        """An interaction (resets the rhythm clock of everyone in it) or a note."""
        people = _entry_people(entry)
        with self.write() as conn:
            return insert_entry(conn, entry, people, created_at)

    def update_entry(self, entry: Entry, *, base: Entry | None = None) -> None:
        """Replace an entry's fields and people; everyone it touched before or after is
        re-derived (a moved date or a changed person moves their last contact). With `base`
        (the entry as a form showed it), only what changed from it, EditConflict when someone
        else changed that too (store.core.rebased)."""
        with self.write() as conn:
            if base is not None:
                row = conn.execute(
                    f"SELECT {_ENTRY_SELECT} FROM entries e WHERE e.id = ?", (entry.id,)
                ).fetchone()
                if row is None:
                    raise NotFound(f"no entry with id {entry.id} (removed meanwhile)")
                entry = rebased(base, entry_from_row(row), entry)
            rewrite_entry(conn, entry)

    def delete_entry(self, entry_id: int) -> None:
        with self.write() as conn:
            remove_entry(conn, entry_id)

    def timeline(self, person_id: int, *, limit: int | None = None, offset: int = 0) -> list[Entry]:
        """A person's entries, newest first: a page costs its own rows (entry_people_dated)."""
        tail = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        rows = self.conn.execute(
            f"SELECT {_ENTRY_SELECT} FROM entry_people ep JOIN entries e ON e.id = ep.entry_id "
            f"WHERE ep.person_id = ? ORDER BY ep.on_date DESC, ep.entry_id DESC{tail}",
            (person_id,),
        ).fetchall()
        return [entry_from_row(r) for r in rows]

    def interactions_by_month(self, person_id: int, first: date, last: date) -> dict[str, int]:
        """Interactions (not notes) with a person per month ("YYYY-MM"), between two days."""
        rows = self.conn.execute(
            "SELECT substr(on_date, 1, 7), count(*) FROM entry_people "
            "WHERE person_id = ? AND on_date >= ? AND on_date <= ? AND interaction GROUP BY 1",
            (person_id, first.isoformat(), last.isoformat()),
        )
        return {str(month): int(count) for month, count in rows}

    def entry(self, entry_id: int) -> Entry:
        row = self.conn.execute(
            f"SELECT {_ENTRY_SELECT} FROM entries e WHERE e.id = ?", (entry_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no entry with id {entry_id}")
        return entry_from_row(row)
