"""The journal side of a sync: the items a sync compares, read many at a time, and the
changes it applies, each inside the one write the sync holds (rjournal.sync.engine).

Adding, changing and removing entries returns the people whose last contact may have moved
instead of re-deriving it at once: a sync that brings thousands of entries re-derives each
person once, at the end (`refresh_contact`), still inside its transaction.

What a person's file holds is their contact (store.contacts); a promise, an occasion and an
entry are read with the uids of their people, since files name people by uid. A sync writes
only what changed: a person's columns that differ, the kids and pets that are not there yet
or no longer are (the others keep their ids), the tags when they differ.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

from rjournal.domain.contact import Contact
from rjournal.domain.model import (
    Entry,
    Kid,
    NewEntry,
    NewKid,
    NewOccasion,
    NewPet,
    Occasion,
    Pet,
    Promise,
)
from rjournal.store.contacts import contacts_of, set_kept
from rjournal.store.core import load_person
from rjournal.store.derived import refresh_contact, refresh_rhythms
from rjournal.store.family import insert_kid, insert_occasion, insert_pet
from rjournal.store.people import set_tags
from rjournal.store.rows import (
    KID_COLUMNS,
    OCCASION_COLUMNS,
    PET_COLUMNS,
    PROMISE_COLUMNS,
    entry_from_row,
    entry_values,
    kid_from_row,
    kid_values,
    occasion_from_row,
    person_values,
    pet_from_row,
    pet_values,
    promise_from_row,
)

_CHUNK = 500
# A person's columns a sync may set: what a contact file carries.
_CONTACT_FIELDS = (
    "name", "nickname", "company", "role", "emails", "phones", "city", "birthday", "partner",
    "met", "about", "likes", "dislikes", "channel", "reach", "tags", "rhythm",
)  # fmt: skip


@dataclass(frozen=True)
class PersonKey:
    """How files name a person: by uid, else an email or the name."""

    id: int
    uid: str
    name: str
    emails: tuple[str, ...]
    live: bool  # not in the trash


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def people_keys(conn: sqlite3.Connection) -> list[PersonKey]:
    """Everyone, the trash included (a file may name someone in it)."""
    return [
        PersonKey(pid, uid, name, tuple(emails.split("\n")) if emails else (), deleted is None)
        for pid, uid, name, emails, deleted in conn.execute(
            "SELECT id, uid, name, emails, deleted_at FROM people ORDER BY id"
        )
    ]


def person_key(conn: sqlite3.Connection, uid: str) -> PersonKey | None:
    """The person with this uid, in the journal or in the trash."""
    row = conn.execute(
        "SELECT id, uid, name, emails, deleted_at FROM people WHERE uid = ?", (uid,)
    ).fetchone()
    if row is None:
        return None
    pid, uid, name, emails, deleted = row
    return PersonKey(pid, uid, name, tuple(emails.split("\n")) if emails else (), deleted is None)


def contacts(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Contact]:
    """The contacts of these people; those in the trash or gone are left out."""
    live = _live_people(conn, ids)
    shown = [pid for pid in dict.fromkeys(ids) if pid in live]
    # contacts_of gives the contacts of the people it finds, in the order asked.
    return dict(zip(shown, contacts_of(conn, shown), strict=True))


def _live_people(conn: sqlite3.Connection, ids: Sequence[int]) -> set[int]:
    out: set[int] = set()
    for chunk in _chunks(list(dict.fromkeys(ids))):
        out.update(
            row[0]
            for row in conn.execute(
                f"SELECT id FROM people WHERE deleted_at IS NULL AND id IN ({_marks(chunk)})",
                chunk,
            )
        )
    return out


def promises(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Promise]:
    """These promises, where their person is not in the trash."""
    out: dict[int, Promise] = {}
    columns = ", ".join(f"x.{c.strip()}" for c in PROMISE_COLUMNS.split(","))
    for chunk in _chunks(ids):
        for row in conn.execute(
            f"SELECT {columns} FROM promises x JOIN people p ON p.id = x.person_id "
            f"WHERE p.deleted_at IS NULL AND x.id IN ({_marks(chunk)})",
            chunk,
        ):
            promise = promise_from_row(row)
            out[promise.id] = promise
    return out


def occasions(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, tuple[Occasion, int]]:
    """These occasions with their person's id, where that person is not in the trash."""
    out: dict[int, tuple[Occasion, int]] = {}
    columns = ", ".join(f"x.{c.strip()}" for c in OCCASION_COLUMNS.split(","))
    for chunk in _chunks(ids):
        for row in conn.execute(
            f"SELECT {columns}, x.person_id FROM occasions x JOIN people p ON p.id = x.person_id "
            f"WHERE p.deleted_at IS NULL AND x.id IN ({_marks(chunk)})",
            chunk,
        ):
            out[row[0]] = (occasion_from_row(row[:3]), int(row[3]))
    return out


def entries(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Entry]:
    """These entries with all their people, where one of them at least is not in the trash."""
    out: dict[int, Entry] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(
            "SELECT e.id, e.kind, e.on_date, e.channel, e.from_them, e.text, "
            "(SELECT group_concat(person_id) FROM entry_people x WHERE x.entry_id = e.id) "
            f"FROM entries e WHERE e.id IN ({_marks(chunk)}) AND EXISTS (SELECT 1 FROM "
            "entry_people ep JOIN people p ON p.id = ep.person_id WHERE ep.entry_id = e.id "
            "AND p.deleted_at IS NULL)",
            chunk,
        ):
            entry = entry_from_row(row)
            out[entry.id] = entry
    return out


# -- people --------------------------------------------------------------------------------


def update_contact(conn: sqlite3.Connection, person_id: int, contact: Contact) -> None:
    """Set what a contact file carries (occasions aside: they are calendar items), writing
    only the columns, tags, kids, pets and kept lines that differ."""
    current = load_person(conn, person_id)
    wanted = replace(current, **{f: getattr(contact.person, f) for f in _CONTACT_FIELDS})
    before, after = person_values(current), person_values(wanted)
    changed = {c: v for c, v in after.items() if c != "added_on" and before[c] != v}
    if changed:
        assignments = ", ".join(f"{c} = ?" for c in changed)
        conn.execute(
            f"UPDATE people SET {assignments} WHERE id = ?", (*changed.values(), person_id)
        )
    if set(current.tags) != set(wanted.tags):
        set_tags(conn, person_id, wanted.tags)
    if "rhythm" in changed:
        refresh_rhythms(conn, "id = ?", (person_id,))
    kids = [kid_from_row(r) for r in _family_rows(conn, "kids", KID_COLUMNS, person_id)]
    for kid in _differ(kids, contact.kids, kid_values, conn, "kids"):
        insert_kid(conn, person_id, kid)
    pets = [pet_from_row(r) for r in _family_rows(conn, "pets", PET_COLUMNS, person_id)]
    for pet in _differ(pets, contact.pets, pet_values, conn, "pets"):
        insert_pet(conn, person_id, pet)
    set_kept(conn, person_id, contact.kept)


def _family_rows(
    conn: sqlite3.Connection, table: str, columns: str, person_id: int
) -> list[tuple[Any, ...]]:
    return conn.execute(
        f"SELECT {columns} FROM {table} WHERE person_id = ? ORDER BY id", (person_id,)
    ).fetchall()


_Have = TypeVar("_Have", Kid, Pet)
_Want = TypeVar("_Want", NewKid, NewPet)


def _differ(
    have: Sequence[_Have],
    wanted: Sequence[_Want],
    values_of: Callable[[Any], tuple[Any, ...]],
    conn: sqlite3.Connection,
    table: str,
) -> list[_Want]:
    """Delete the kids (or pets) that are not wanted; the wanted ones that are not there yet.
    The ones already there stay as they are, with their ids."""
    remaining = [values_of(w) for w in wanted]
    for present in have:
        values = values_of(present)
        if values in remaining:
            remaining.remove(values)
        else:
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (present.id,))
    missing: list[_Want] = []
    for record in wanted:
        if values_of(record) in remaining:
            remaining.remove(values_of(record))
            missing.append(record)
    return missing


def trash(conn: sqlite3.Connection, person_id: int, at: datetime) -> None:
    """To the trash, as `rj delete` does: everything they had kept for `rj restore`."""
    conn.execute(
        "UPDATE people SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
        (at.isoformat(timespec="seconds"), person_id),
    )


def add_line(conn: sqlite3.Connection, person_id: int, line: str) -> bool:
    """One more line in a person's about, unless it is there already; whether it was added."""
    (about,) = conn.execute("SELECT about FROM people WHERE id = ?", (person_id,)).fetchone()
    if line in about.splitlines():
        return False
    text = f"{about.rstrip()}\n{line}" if about.strip() else line
    conn.execute("UPDATE people SET about = ? WHERE id = ?", (text, person_id))
    return True


def add_occasions(conn: sqlite3.Connection, person_id: int, found: Iterable[NewOccasion]) -> int:
    """Occasions a contact file brought that the person does not have yet; how many."""
    have = {
        (label, day)
        for label, day in conn.execute(
            "SELECT label, date FROM occasions WHERE person_id = ?", (person_id,)
        )
    }
    added = 0
    for occasion in found:
        key = (occasion.label.strip(), occasion.date.iso())
        if key[0] and key not in have:
            insert_occasion(conn, person_id, occasion)
            have.add(key)
            added += 1
    return added


# -- promises, occasions, entries ----------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def add_promise(
    conn: sqlite3.Connection,
    person_id: int,
    text: str,
    created_on: date,
    due: date | None,
    done_on: date | None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO promises (person_id, text, due, done_on, created_on) VALUES (?, ?, ?, ?, ?)",
        (person_id, text, _iso(due), _iso(done_on), created_on.isoformat()),
    )
    return int(cursor.lastrowid or 0)


def update_promise(conn: sqlite3.Connection, promise: Promise) -> None:
    conn.execute(
        "UPDATE promises SET person_id = ?, text = ?, due = ?, done_on = ?, created_on = ? "
        "WHERE id = ?",
        (
            promise.person_id,
            promise.text,
            _iso(promise.due),
            _iso(promise.done_on),
            promise.created_on.isoformat(),
            promise.id,
        ),
    )


def update_occasion(conn: sqlite3.Connection, occasion: Occasion, person_id: int) -> None:
    conn.execute(
        "UPDATE occasions SET person_id = ?, label = ?, date = ? WHERE id = ?",
        (person_id, occasion.label.strip(), occasion.date.iso(), occasion.id),
    )


def add_entry(
    conn: sqlite3.Connection, entry: NewEntry, created_at: datetime, touched: set[int]
) -> int:
    """An entry and its people; touched gains the people whose last contact it may move."""
    cursor = conn.execute(
        "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (*entry_values(entry), created_at.isoformat(timespec="seconds")),
    )
    entry_id = int(cursor.lastrowid or 0)
    people = list(dict.fromkeys(entry.people))
    conn.executemany(
        "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
        [(entry_id, p) for p in people],
    )
    if entry.is_interaction:
        touched.update(people)
    return entry_id


def update_entry(conn: sqlite3.Connection, entry: Entry, touched: set[int]) -> None:
    """An entry's fields and people; touched gains everyone it had before or has now."""
    before = [
        r[0]
        for r in conn.execute("SELECT person_id FROM entry_people WHERE entry_id = ?", (entry.id,))
    ]
    conn.execute(
        "UPDATE entries SET kind = ?, on_date = ?, channel = ?, from_them = ?, text = ? "
        "WHERE id = ?",
        (*entry_values(entry), entry.id),
    )
    people = list(dict.fromkeys(entry.people))
    if set(before) != set(people):
        conn.execute(
            f"DELETE FROM entry_people WHERE entry_id = ? AND person_id NOT IN ({_marks(people)})",
            (entry.id, *people),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO entry_people (entry_id, person_id) VALUES (?, ?)",
            [(entry.id, p) for p in people],
        )
    touched.update(before, people)


def delete_row(conn: sqlite3.Connection, table: str, row_id: int, touched: set[int]) -> None:
    """Remove a promise, an occasion or an entry (touched gains the entry's people)."""
    if table not in ("promises", "occasions", "entries"):
        raise ValueError(table)
    people: list[int] = []
    if table == "entries":
        people = [
            r[0]
            for r in conn.execute(
                "SELECT person_id FROM entry_people WHERE entry_id = ?", (row_id,)
            )
        ]
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
    touched.update(people)


__all__ = [
    "PersonKey",
    "add_entry",
    "add_line",
    "add_occasions",
    "add_promise",
    "contacts",
    "delete_row",
    "entries",
    "insert_occasion",
    "occasions",
    "people_keys",
    "promises",
    "refresh_contact",
    "trash",
    "update_contact",
    "update_entry",
    "update_occasion",
    "update_promise",
]
