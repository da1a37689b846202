"""A person's kids, pets and yearly occasions."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from rjournal.domain.model import Kid, NewKid, NewOccasion, NewPet, Occasion, Pet
from rjournal.store.core import JournalCore, R, load_person, must_change, rebased
from rjournal.store.errors import NotFound
from rjournal.store.rows import (
    KID_COLUMNS,
    OCCASION_COLUMNS,
    PET_COLUMNS,
    kid_from_row,
    kid_values,
    occasion_from_row,
    pet_from_row,
    pet_values,
)

# The tables `remove` may delete one row of.
_REMOVABLE = frozenset({"kids", "pets", "occasions", "promises"})
# The order of a person's kids, pets and occasions wherever they are listed.
KID_ORDER = "coalesce(birthday, '9999'), id"
PET_ORDER = "id"
OCCASION_ORDER = "date_md, id"


def insert_kid(conn: sqlite3.Connection, person_id: int, kid: NewKid) -> int:
    cursor = conn.execute(
        "INSERT INTO kids (person_id, name, birthday, notes, passed_on) VALUES (?, ?, ?, ?, ?)",
        (person_id, *kid_values(kid)),
    )
    return int(cursor.lastrowid or 0)


def insert_pet(conn: sqlite3.Connection, person_id: int, pet: NewPet) -> int:
    cursor = conn.execute(
        "INSERT INTO pets (person_id, name, species, birthday, notes, passed_on) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (person_id, *pet_values(pet)),
    )
    return int(cursor.lastrowid or 0)


def occasion_values(occasion: NewOccasion) -> tuple[str, str]:
    """The label and date columns of an occasion, as they are stored."""
    return occasion.label.strip(), occasion.date.iso()


def insert_occasion(conn: sqlite3.Connection, person_id: int, occasion: NewOccasion) -> int:
    cursor = conn.execute(
        "INSERT INTO occasions (person_id, label, date) VALUES (?, ?, ?)",
        (person_id, *occasion_values(occasion)),
    )
    return int(cursor.lastrowid or 0)


def _one(
    conn: sqlite3.Connection,
    table: str,
    columns: str,
    row_id: int,
    from_row: Callable[[Sequence[Any]], R],
) -> R:
    """One kid, pet or occasion by id; NotFound when it is gone."""
    row = conn.execute(f"SELECT {columns} FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None:
        raise NotFound(f"no {table[:-1]} with id {row_id} (removed meanwhile)")
    return from_row(row)


class FamilyQueries(JournalCore):
    """Kids, pets and occasions (a part of store.journal.Journal)."""

    def add_kid(self, person_id: int, kid: NewKid) -> int:
        with self.write() as conn:
            load_person(conn, person_id)
            return insert_kid(conn, person_id, kid)

    def add_pet(self, person_id: int, pet: NewPet) -> int:
        with self.write() as conn:
            load_person(conn, person_id)
            return insert_pet(conn, person_id, pet)

    def add_occasion(self, person_id: int, occasion: NewOccasion) -> int:
        with self.write() as conn:
            load_person(conn, person_id)
            return insert_occasion(conn, person_id, occasion)

    def update_kid(self, kid: Kid, *, base: Kid | None = None) -> None:
        """Replace a kid's fields; with `base` (as a form showed it), only those changed from
        it, EditConflict when someone else changed them too (store.core.rebased)."""
        with self.write() as conn:
            if base is not None:
                kid = rebased(base, _one(conn, "kids", KID_COLUMNS, kid.id, kid_from_row), kid)
            must_change(
                conn.execute(
                    "UPDATE kids SET name = ?, birthday = ?, notes = ?, passed_on = ? WHERE id = ?",
                    (*kid_values(kid), kid.id),
                ),
                f"no kid with id {kid.id}",
            )

    def update_pet(self, pet: Pet, *, base: Pet | None = None) -> None:
        """Replace a pet's fields; `base` as for update_kid."""
        with self.write() as conn:
            if base is not None:
                pet = rebased(base, _one(conn, "pets", PET_COLUMNS, pet.id, pet_from_row), pet)
            must_change(
                conn.execute(
                    "UPDATE pets SET name = ?, species = ?, birthday = ?, notes = ?, passed_on = ? "
                    "WHERE id = ?",
                    (*pet_values(pet), pet.id),
                ),
                f"no pet with id {pet.id}",
            )

    def update_occasion(self, occasion: Occasion, *, base: Occasion | None = None) -> None:
        """Replace an occasion's fields; `base` as for update_kid."""
        with self.write() as conn:
            if base is not None:
                current = _one(conn, "occasions", OCCASION_COLUMNS, occasion.id, occasion_from_row)
                occasion = rebased(base, current, occasion)
            must_change(
                conn.execute(
                    "UPDATE occasions SET label = ?, date = ? WHERE id = ?",
                    (occasion.label.strip(), occasion.date.iso(), occasion.id),
                ),
                f"no occasion with id {occasion.id}",
            )

    def remove(self, table: str, row_id: int) -> None:
        """Remove one kid, pet, occasion or promise."""
        if table not in _REMOVABLE:
            raise ValueError(table)
        with self.write() as conn:
            must_change(
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,)),
                f"no {table[:-1]} with id {row_id}",
            )

    def kids(self, person_id: int) -> list[Kid]:
        rows = self.conn.execute(
            f"SELECT {KID_COLUMNS} FROM kids WHERE person_id = ? ORDER BY {KID_ORDER}",
            (person_id,),
        )
        return [kid_from_row(r) for r in rows]

    def pets(self, person_id: int) -> list[Pet]:
        rows = self.conn.execute(
            f"SELECT {PET_COLUMNS} FROM pets WHERE person_id = ? ORDER BY {PET_ORDER}",
            (person_id,),
        )
        return [pet_from_row(r) for r in rows]

    def occasions(self, person_id: int) -> list[Occasion]:
        rows = self.conn.execute(
            f"SELECT {OCCASION_COLUMNS} FROM occasions WHERE person_id = ? "
            f"ORDER BY {OCCASION_ORDER}",
            (person_id,),
        )
        return [occasion_from_row(r) for r in rows]
