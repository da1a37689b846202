"""People as contacts (domain.contact.Contact): read whole for an export or a sync, found by
their uid, and their kept contact lines written.

Reading streams: people come from one cursor in name order, a block at a time, and each block
takes one query per table it draws on (tags, kids, pets, occasions), so the cost per person is
constant and the memory is a block's, whatever the size of the journal.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any, TypeVar

from rjournal.domain.contact import Contact
from rjournal.store.family import KID_ORDER, OCCASION_ORDER, PET_ORDER
from rjournal.store.rows import (
    KID_COLUMNS,
    OCCASION_COLUMNS,
    PERSON_COLUMNS,
    PERSON_SELECT,
    PET_COLUMNS,
    kept_lines,
    kept_text,
    kid_from_row,
    occasion_from_row,
    person_from_row,
    pet_from_row,
)

# People per block: few queries per person, a small and constant amount of memory.
BLOCK = 500
_T = TypeVar("_T")
_LIVING = f"SELECT {PERSON_SELECT}, p.uid, p.kept FROM people p WHERE p.deleted_at IS NULL"
_UID_AT = len(PERSON_COLUMNS)


def stream_contacts(conn: sqlite3.Connection, *, block: int = BLOCK) -> Iterator[Contact]:
    """Everyone not in the trash (the archived too), in name order, as contacts.

    Run it inside a read or write the caller holds (Journal.snapshot() or write()), so the
    whole stream is one consistent picture of the journal; write people only after it ends
    (a change under the open cursor could move someone in the order).
    """
    rows = conn.execute(f"{_LIVING} ORDER BY p.sort_key, p.id")
    while batch := rows.fetchmany(block):
        yield from _contacts(conn, batch)


def contacts_of(conn: sqlite3.Connection, person_ids: Sequence[int]) -> list[Contact]:
    """The contacts of these people, in the order given (those in the trash or gone left out)."""
    found: dict[int, Contact] = {}
    for start in range(0, len(person_ids), BLOCK):
        chunk = list(person_ids[start : start + BLOCK])
        rows = conn.execute(f"{_LIVING} AND p.id IN ({_marks(chunk)})", chunk).fetchall()
        found.update(zip([row[0] for row in rows], _contacts(conn, rows), strict=True))
    return [found[pid] for pid in person_ids if pid in found]


def person_with_uid(conn: sqlite3.Connection, uid: str) -> int | None:
    """The id of the person with this uid, in the journal or in the trash; None if no one."""
    row = conn.execute("SELECT id FROM people WHERE uid = ?", (uid.strip(),)).fetchone()
    return int(row[0]) if row else None


def set_kept(conn: sqlite3.Connection, person_id: int, kept: Sequence[str]) -> None:
    """Replace a person's kept contact lines, inside a write the caller holds."""
    text = kept_text(kept)
    conn.execute("UPDATE people SET kept = ? WHERE id = ? AND kept <> ?", (text, person_id, text))


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _contacts(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> Iterator[Contact]:
    """Contacts of people rows (PERSON_COLUMNS, uid, kept), four queries for all of them."""
    ids = [row[0] for row in rows]
    marks = _marks(ids)

    def of(
        table: str, columns: str, order: str, make: Callable[[Sequence[Any]], _T]
    ) -> dict[int, list[_T]]:
        found: defaultdict[int, list[_T]] = defaultdict(list)
        for row in conn.execute(
            f"SELECT person_id, {columns} FROM {table} WHERE person_id IN ({marks}) "
            f"ORDER BY person_id, {order}",
            ids,
        ):
            found[row[0]].append(make(row[1:]))
        return found

    tags: dict[int, list[str]] = of("tags", "tag", "tag", itemgetter(0))
    kids = of("kids", KID_COLUMNS, KID_ORDER, kid_from_row)
    pets = of("pets", PET_COLUMNS, PET_ORDER, pet_from_row)
    occasions = of("occasions", OCCASION_COLUMNS, OCCASION_ORDER, occasion_from_row)
    for row in rows:
        person_id = row[0]
        yield Contact(
            person=person_from_row(row[:_UID_AT], tuple(tags.get(person_id, ()))),
            uid=row[_UID_AT],
            kids=tuple(kids.get(person_id, ())),
            pets=tuple(pets.get(person_id, ())),
            occasions=tuple(occasions.get(person_id, ())),
            kept=kept_lines(row[_UID_AT + 1]),
        )
