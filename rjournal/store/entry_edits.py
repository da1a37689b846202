"""Changes to one entry from the command line: an edit saved only over the entry it was made
from, and a deletion that can be undone (the command line's undo, as the app's `u`).

An edit is made in $EDITOR, minutes after the entry was read: save_edit writes it only if the
entry is still as read, in one transaction with that check, so a change made meanwhile (the
app, another command) is never overwritten.

An entry is deleted for good (its people's last contact is derived again), and in the same
transaction it is kept whole in the journal's settings (DELETED_KEY, a JSON list, newest
last, at most KEPT of them), so `rj entry restore` can write it again, with a new id, like the
app's undo. Kept in the journal, not beside it: the deletion and the means to undo it are one
change, and a backup or a copy of the file carries both. A person erased for good takes their
kept entries with them (forget_person).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from rjournal.domain.model import Channel, Entry
from rjournal.store.entries import insert_entry, remove_entry, rewrite_entry
from rjournal.store.errors import JournalError, NotFound
from rjournal.store.journal import Journal

DELETED_KEY = "deleted_entries"
# How many deleted entries can still be brought back: the oldest is forgotten past this.
KEPT = 20


def _kept(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (DELETED_KEY,)).fetchone()
    if row is None:
        return []
    try:
        found = json.loads(row[0])
    except ValueError:
        return []
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _keep(conn: sqlite3.Connection, items: list[dict[str, Any]]) -> None:
    if not items:
        conn.execute("DELETE FROM settings WHERE key = ?", (DELETED_KEY,))
        return
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (DELETED_KEY, json.dumps(items[-KEPT:], ensure_ascii=False)),
    )


def _as_json(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "on": entry.on.isoformat(),
        "channel": entry.channel.value if entry.channel is not None else None,
        "from_them": entry.from_them,
        "text": entry.text,
        "people": list(entry.people),
    }


def _from_json(item: dict[str, Any]) -> Entry:
    channel = item.get("channel")
    return Entry(
        kind="note" if item.get("kind") == "note" else "interaction",
        on=date.fromisoformat(str(item["on"])),
        text=str(item.get("text", "")),
        channel=Channel(channel) if channel else None,
        from_them=bool(item.get("from_them")),
        people=tuple(int(p) for p in item.get("people", [])),
        id=int(item["id"]),
    )


class ChangedMeanwhile(JournalError):
    """The entry changed between reading it and saving an edit of it: nothing was saved."""


def save_edit(journal: Journal, before: Entry, after: Entry) -> None:
    """Write `after` over the entry, if it still is `before` (ChangedMeanwhile otherwise)."""
    with journal.write():
        if journal.entry(before.id) != before:
            raise ChangedMeanwhile(f"entry {before.id} changed while you were editing it")
        rewrite_entry(journal.conn, after)


def delete_entry_keeping_undo(journal: Journal, entry_id: int) -> Entry:
    """Delete an entry and keep it for restore_entry, in one transaction; the entry deleted."""
    with journal.write() as conn:
        entry = journal.entry(entry_id)  # NotFound before anything is written
        remove_entry(conn, entry_id)
        _keep(conn, [*_kept(conn), _as_json(entry)])
    return entry


def deleted_entries(journal: Journal) -> list[Entry]:
    """The deleted entries that can still come back, newest last."""
    return [_from_json(item) for item in _kept(journal.conn)]


def restore_entry(
    journal: Journal, entry_id: int | None, *, created_at: datetime
) -> tuple[Entry, Entry, list[int]]:
    """Write a deleted entry again (the last one deleted, or the one that had `entry_id`):
    the entry as it was, the entry as written now (a new id) and the people left out because
    they are no longer in the journal (in the trash, or erased). NotFound when there is no such
    deleted entry, or no one of it is left; nothing is changed then."""
    with journal.write() as conn:
        items = _kept(conn)
        index = next(
            (
                i
                for i in range(len(items) - 1, -1, -1)
                if entry_id is None or items[i].get("id") == entry_id
            ),
            None,
        )
        if index is None:
            raise NotFound(
                "no deleted entry to bring back"
                if entry_id is None
                else f"entry {entry_id} is not among the deleted entries that can come back"
            )
        old = _from_json(items[index])
        marks = ", ".join("?" * len(old.people))
        here = {
            int(row[0])
            for row in conn.execute(
                f"SELECT id FROM people WHERE deleted_at IS NULL AND id IN ({marks})", old.people
            )
        }
        people = [p for p in old.people if p in here]
        if not people:
            raise NotFound(
                f"everyone in entry {old.id} is in the trash or gone now, so it cannot come back"
            )
        new_id = insert_entry(conn, old, people, created_at)
        del items[index]
        _keep(conn, items)
    return (
        old,
        replace(old, people=tuple(people), id=new_id),
        [p for p in old.people if p not in here],
    )


def forget_person(conn: sqlite3.Connection, person_id: int) -> None:
    """Inside the caller's transaction: what the kept entries hold of a person erased for
    good (an entry of theirs alone is forgotten; a shared one loses them)."""
    items = []
    for item in _kept(conn):
        people = [p for p in item.get("people", []) if p != person_id]
        if people:
            items.append({**item, "people": people})
    _keep(conn, items)
