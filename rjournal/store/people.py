"""People: adding, changing, finding and listing them; the trash, the archive and merges."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rjournal.domain.model import NewKid, NewOccasion, NewPerson, NewPet, Person
from rjournal.domain.text import fold
from rjournal.store import checks
from rjournal.store.core import JournalCore, load_person, rebased
from rjournal.store.derived import refresh_contact, refresh_rhythms
from rjournal.store.errors import Ambiguous, NotFound
from rjournal.store.family import insert_kid, insert_occasion, insert_pet
from rjournal.store.listing import list_pages, person_row
from rjournal.store.records import PersonRow
from rjournal.store.rows import (
    EDITABLE_FIELDS,
    clean_tags,
    filter_key,
    kept_lines,
    kept_text,
    person_values,
)

if TYPE_CHECKING:
    from rjournal.domain.merge import Conflict

# The largest row id SQLite can give.
MAX_ID = 2**63 - 1
# What makes a moved kid, pet, occasion or promise an exact copy of one the target has
# (`o` the target's row): a merge drops those rather than list them twice.
_MERGE_SAME = {
    "kids": "o.name = kids.name AND o.birthday IS kids.birthday AND o.notes = kids.notes "
    "AND o.passed_on IS kids.passed_on",
    "pets": "o.name = pets.name AND o.species = pets.species AND o.birthday IS pets.birthday "
    "AND o.notes = pets.notes AND o.passed_on IS pets.passed_on",
    "occasions": "o.label = occasions.label AND o.date = occasions.date",
    "promises": "o.text = promises.text AND o.due IS promises.due "
    "AND o.done_on IS promises.done_on",
}


def record_id(text: str) -> int:
    """A typed id as a number; ValueError (bad input) past what an SQLite row id can be."""
    number = int(text)
    if number > MAX_ID:
        raise ValueError(f"{text} is too large to be an id")
    return number


def _named(words: Sequence[str]) -> str:
    """SQL: the name or nickname (folded) holds every one of these words."""
    return " AND ".join("instr(name_key, ?) > 0" for _ in words)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def set_tags(conn: sqlite3.Connection, person_id: int, tags: Iterable[str]) -> None:
    """Replace a person's tags, and the filter key that holds them."""
    conn.execute("DELETE FROM tags WHERE person_id = ?", (person_id,))
    clean = sorted(clean_tags(tags))
    conn.executemany(
        "INSERT INTO tags (person_id, tag) VALUES (?, ?)", [(person_id, t) for t in clean]
    )
    name, nickname, company = conn.execute(
        "SELECT name, nickname, company FROM people WHERE id = ?", (person_id,)
    ).fetchone()
    conn.execute(
        "UPDATE people SET filter_key = ? WHERE id = ?",
        (filter_key(name, nickname, company, clean), person_id),
    )


def _unite_kept(conn: sqlite3.Connection, source_id: int, target_id: int) -> None:
    """The target's kept contact lines, then the source's it lacks (a merge loses no line)."""
    (source,), (target,) = (
        conn.execute("SELECT kept FROM people WHERE id = ?", (pid,)).fetchone()
        for pid in (source_id, target_id)
    )
    united = kept_text(tuple(dict.fromkeys((*kept_lines(target), *kept_lines(source)))))
    if united != target:
        conn.execute("UPDATE people SET kept = ? WHERE id = ?", (united, target_id))


class PeopleQueries(JournalCore):
    """The people of a journal (a part of store.journal.Journal)."""

    def add_person(
        self,
        person: NewPerson,
        *,
        kids: Iterable[NewKid] = (),
        pets: Iterable[NewPet] = (),
        occasions: Iterable[NewOccasion] = (),
        uid: str = "",
        kept: Sequence[str] = (),
    ) -> int:
        """A person with their tags, kids, pets and occasions, as one transaction (see
        insert_person for uid and kept)."""
        with self.write() as conn:
            return self.insert_person(
                conn, person, kids=kids, pets=pets, occasions=occasions, uid=uid, kept=kept
            )

    def insert_person(
        self,
        conn: sqlite3.Connection,
        person: NewPerson,
        *,
        kids: Iterable[NewKid] = (),
        pets: Iterable[NewPet] = (),
        occasions: Iterable[NewOccasion] = (),
        uid: str = "",
        kept: Sequence[str] = (),
    ) -> int:
        """add_person inside a write the caller holds (an import adds many in one).

        `uid` is the one a contact file gave (it must be no one else's, trash included); ""
        lets the journal make one. `kept`: the file's lines with no field in rjournal.
        """
        values = {**person_values(person), "uid": uid.strip(), "kept": kept_text(kept)}
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = conn.execute(
            f"INSERT INTO people ({columns}) VALUES ({marks})", tuple(values.values())
        )
        person_id = int(cursor.lastrowid or 0)
        set_tags(conn, person_id, person.tags)
        refresh_rhythms(conn, "id = ?", (person_id,))
        for kid in kids:
            insert_kid(conn, person_id, kid)
        for pet in pets:
            insert_pet(conn, person_id, pet)
        for occasion in occasions:
            insert_occasion(conn, person_id, occasion)
        return person_id

    def update_person(
        self, person_id: int, changes: Mapping[str, Any], *, base: Person | None = None
    ) -> Person:
        """Replace the named fields (Person field names); returns the person as saved.

        With `base` (the person as a form showed them), only the fields changed from base are
        written, and EditConflict says which of them someone else changed meanwhile.
        """
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        with self.write() as conn:
            current = load_person(conn, person_id)
            if base is None:
                updated = replace(current, **changes)
            else:
                updated = rebased(base, current, replace(base, **changes))
                if updated == current:
                    return current
            values = person_values(updated)
            values.pop("added_on")
            assignments = ", ".join(f"{c} = ?" for c in values)
            conn.execute(
                f"UPDATE people SET {assignments} WHERE id = ?", (*values.values(), person_id)
            )
            if updated.tags != current.tags or (base is None and "tags" in changes):
                set_tags(conn, person_id, updated.tags)
            refresh_rhythms(conn, "id = ?", (person_id,))
            return load_person(conn, person_id)  # as stored: names NFC, tags cleaned

    def person(self, person_id: int, *, deleted: bool = False) -> Person:
        return load_person(self.conn, person_id, deleted=deleted)

    def resolve(self, query: str, *, deleted: bool = False) -> Person:
        """An id, a full name, or a unique part of a name or nickname (case/accent-insensitive)."""
        text = query.strip()
        if text.isascii() and text.isdigit():  # "²".isdigit() is True, int("²") is not
            return self.person(record_id(text), deleted=deleted)
        words = fold(text).split()
        if not words:
            raise NotFound("give a name or an id")
        trash = "IS NOT NULL" if deleted else "IS NULL"
        key = " ".join(words)
        # The common case, a full name or nickname typed out, is two index look-ups.
        exact_ids = self.conn.execute(
            f"SELECT id FROM people WHERE deleted_at {trash} AND (sort_key = ? OR nick_key = ?) "
            "LIMIT 2",
            (key, key),
        ).fetchall()
        if len(exact_ids) == 1:
            return self.person(exact_ids[0][0], deleted=deleted)
        rows = self.conn.execute(
            f"SELECT id, name, name_key FROM people WHERE deleted_at {trash} AND {_named(words)} "
            "ORDER BY sort_key, id LIMIT 201",
            words,
        ).fetchall()
        exact = [r for r in rows if key in r[2].split("\n")]
        if len(exact) == 1:
            return self.person(exact[0][0], deleted=deleted)
        if len(rows) == 1:
            return self.person(rows[0][0], deleted=deleted)
        if rows:
            shown = exact or rows
            candidates = [(int(r[0]), str(r[1])) for r in shown[:10]]
            more = "" if len(shown) <= 10 else f" and {len(shown) - 10}+ more"
            listed = "; ".join(f"{name} (id {pid})" for pid, name in candidates)
            raise Ambiguous(f'"{text}" matches several people: {listed}{more}', candidates)
        nearest = self._nearest_names(key, deleted=deleted)
        hint = f"; did you mean {', '.join(nearest)}?" if nearest else ""
        where_text = "in the trash" if deleted else "in the journal"
        raise NotFound(f'no one called "{text}" {where_text}{hint}')

    def people_named(self, text: str, limit: int) -> list[PersonRow]:
        """Everyone whose name or nickname holds every word typed, archived last: "go to"."""
        words = fold(text).split()
        if not words:
            return []
        ids = [
            r[0]
            for r in self.conn.execute(
                f"SELECT id FROM people WHERE deleted_at IS NULL AND {_named(words)} "
                "ORDER BY archived, sort_key, id LIMIT ?",
                [*words, limit],
            )
        ]
        return self.people_rows(ids)

    def _nearest_names(self, key: str, *, deleted: bool) -> list[str]:
        import difflib  # only on this error path: it is slow to import and to run

        trash = "IS NOT NULL" if deleted else "IS NULL"
        names: dict[str, str] = {}
        for name, sort_key in self.conn.execute(
            f"SELECT name, sort_key FROM people WHERE deleted_at {trash}"
        ):
            names.setdefault(sort_key, name)
            for part in sort_key.split():
                names.setdefault(part, name)
        close = difflib.get_close_matches(key, list(names), n=6, cutoff=0.6)
        seen: list[str] = []
        for match in close:
            if names[match] not in seen:
                seen.append(names[match])
        return [f'"{n}"' for n in seen[:3]]

    def people(
        self, *, tag: str | None = None, archived: bool = False, deleted: bool = False
    ) -> list[PersonRow]:
        """Everyone (not archived unless asked, not in the trash unless asked), by name; the
        pages of store.listing, whole."""
        pages = list_pages(self, tag=tag, archived=archived, deleted=deleted)
        return [person_row(row) for page in pages for row in page]

    def people_ids(self, filter_text: str = "") -> list[int]:
        """Ids of the people the list shows, in name order: one scan of a covering index.

        The app keeps this list, so its length is the count and any page is a slice. SQLite
        packs the ids into one JSON array: far cheaper than a Python row per person.
        """
        import json  # not at module level: rj log never needs it

        where, params = self._filter_clause(filter_text)
        row = self.conn.execute(
            "SELECT json_group_array(id) FROM (SELECT p.id AS id FROM people p "
            f"INDEXED BY people_live WHERE {where} ORDER BY p.sort_key, p.id)",
            params,
        ).fetchone()
        ids: list[int] = json.loads(row[0])
        return ids

    def people_filter_index(self) -> tuple[list[int], list[str]] | None:
        """Everyone the list shows, in name order, with their filter keys, from one read.

        The app filters these in memory as you type: a word is in a key exactly when instr()
        finds it there, so the result is `people_ids(text)`'s. Read row by row: one string of
        every key (group_concat) and its split were ~7 MiB more at 100,000 people, for the
        same time. (None, which the app answers with a scan per filter, is no longer returned.)
        """
        where, params = self._filter_clause("")
        ids: list[int] = []
        keys: list[str] = []
        add_id, add_key = ids.append, keys.append
        for person_id, key in self.conn.execute(
            "SELECT p.id, p.filter_key FROM people p "
            f"INDEXED BY people_live WHERE {where} ORDER BY p.sort_key, p.id",
            params,
        ):
            add_id(person_id)
            add_key(key)
        return ids, keys

    def people_rows(self, ids: Sequence[int]) -> list[PersonRow]:
        """The list rows of these people, in the order given (missing ones left out)."""
        if not ids:
            return []
        import json  # not at module level: rj log never needs it

        found = {
            row.id: row
            for row in self._person_rows(
                "p.id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]
            )
        }
        return [found[i] for i in ids if i in found]

    def people_page(self, filter_text: str, offset: int, limit: int) -> list[PersonRow]:
        """A window of the people list: only what is visible is loaded."""
        where, params = self._filter_clause(filter_text)
        ids = [
            r[0]
            for r in self.conn.execute(
                f"SELECT p.id FROM people p INDEXED BY people_live WHERE {where} "
                "ORDER BY p.sort_key, p.id LIMIT ? OFFSET ?",
                [*params, int(limit), int(offset)],
            )
        ]
        return self.people_rows(ids)

    def people_count(self, filter_text: str = "") -> int:
        where, params = self._filter_clause(filter_text)
        row = self.conn.execute(
            f"SELECT count(*) FROM people p INDEXED BY people_live WHERE {where}", params
        ).fetchone()
        return int(row[0])

    def _filter_clause(self, filter_text: str) -> tuple[str, list[Any]]:
        """Filter-as-you-type over name, nickname, company and tags; archived people hidden.

        Each word must appear (case- and accent-insensitive) in the folded filter_key.
        """
        clauses = ["p.deleted_at IS NULL", "p.archived = 0"]
        words = fold(filter_text).split()
        clauses += ["instr(p.filter_key, ?) > 0" for _ in words]
        return " AND ".join(clauses), words

    def _person_rows(self, where: str, params: Sequence[Any]) -> list[PersonRow]:
        rows = self.conn.execute(
            "SELECT p.id, p.name, p.nickname, p.company, p.last_contact, p.archived, "
            "(SELECT group_concat(tag, ' ') FROM tags t WHERE t.person_id = p.id) "
            f"FROM people p WHERE {where} ORDER BY p.sort_key, p.id",
            params,
        ).fetchall()
        return [
            PersonRow(
                id=r[0],
                name=r[1],
                nickname=r[2],
                company=r[3],
                tags=tuple(sorted(r[6].split())) if r[6] else (),
                last_contact=_day(r[4]),
                archived=bool(r[5]),
            )
            for r in rows
        ]

    def names(self, person_ids: Iterable[int]) -> dict[int, str]:
        ids = list(set(person_ids))
        out: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            out.update(
                self.conn.execute(
                    f"SELECT id, name FROM people WHERE id IN ({marks})", chunk
                ).fetchall()
            )
        return out

    def set_archived(self, person_id: int, archived: bool) -> None:
        with self.write() as conn:
            load_person(conn, person_id)
            conn.execute("UPDATE people SET archived = ? WHERE id = ?", (int(archived), person_id))

    def snooze(self, person_id: int, until: date | None) -> None:
        with self.write() as conn:
            load_person(conn, person_id)
            conn.execute(
                "UPDATE people SET snoozed_until = ? WHERE id = ?",
                (until.isoformat() if until else None, person_id),
            )

    def delete_person(self, person_id: int, at: datetime) -> None:
        """To the trash: hidden everywhere, everything they had kept for `restore_person`."""
        with self.write() as conn:
            load_person(conn, person_id)
            conn.execute(
                "UPDATE people SET deleted_at = ? WHERE id = ?",
                (at.isoformat(timespec="seconds"), person_id),
            )

    def restore_person(self, person_id: int) -> None:
        with self.write() as conn:
            load_person(conn, person_id, deleted=True)
            conn.execute("UPDATE people SET deleted_at = NULL WHERE id = ?", (person_id,))

    def merge_people(
        self, source_id: int, target_id: int, at: datetime
    ) -> tuple[Person, list[Conflict]]:
        """Fold a duplicate record into the one kept, as one transaction.

        The target takes the source's entries (shared ones once), kids, pets, occasions,
        promises (exact copies of what it already has are dropped) and kept contact lines, and
        its field values as domain.merge decides; the source, emptied of those, goes to the
        trash with its own field values and uid (the target keeps its own). Returns the
        target as saved and the values it did not take.
        """
        from rjournal.domain.merge import merge_people  # rare: kept off quick-add's import path

        if source_id == target_id:
            raise ValueError("a person cannot be merged into themselves")
        with self.write() as conn:
            source = load_person(conn, source_id)
            target = load_person(conn, target_id)
            merged, conflicts = merge_people(target, source)
            values = person_values(merged)
            assignments = ", ".join(f"{c} = ?" for c in values)
            conn.execute(
                f"UPDATE people SET {assignments} WHERE id = ?", (*values.values(), target_id)
            )
            set_tags(conn, target_id, merged.tags)
            _unite_kept(conn, source_id, target_id)
            ids = {"s": source_id, "t": target_id}
            for table, same in _MERGE_SAME.items():
                conn.execute(
                    f"DELETE FROM {table} WHERE person_id = :s AND EXISTS (SELECT 1 FROM "
                    f"{table} o WHERE o.person_id = :t AND {same})",
                    ids,
                )
                conn.execute(f"UPDATE {table} SET person_id = :t WHERE person_id = :s", ids)
            conn.execute(
                "INSERT OR IGNORE INTO entry_people (entry_id, person_id) "
                "SELECT entry_id, :t FROM entry_people WHERE person_id = :s",
                ids,
            )
            conn.execute("DELETE FROM entry_people WHERE person_id = :s", ids)
            conn.execute(
                "UPDATE people SET deleted_at = ? WHERE id = ?",
                (at.isoformat(timespec="seconds"), source_id),
            )
            refresh_contact(conn, (source_id, target_id))
        return merged, conflicts

    def owned_only(self, person_id: int) -> dict[str, int]:
        """What erasing this person takes with them: entries only they are in, kids, pets,
        occasions and promises (by those names), each a count."""
        counts = {
            "entries": "SELECT count(*) FROM entry_people ep WHERE ep.person_id = :p AND NOT "
            "EXISTS (SELECT 1 FROM entry_people o WHERE o.entry_id = ep.entry_id "
            "AND o.person_id <> :p)",
            **{
                table: f"SELECT count(*) FROM {table} WHERE person_id = :p"
                for table in ("kids", "pets", "occasions", "promises")
            },
        }
        return {
            what: int(self.conn.execute(sql, {"p": person_id}).fetchone()[0])
            for what, sql in counts.items()
        }

    def purge_person(self, person_id: int) -> None:
        """Erase one person in the trash for good, with everything only they own (an entry
        shared with others stays, for them), leaving no trace of their text in the file.

        SQLite's secure_delete overwrites what this write frees; the search indexes are merged
        into one segment, so no older segment keeps their words; VACUUM then rewrites the file
        from what remains. The erasing is one transaction: should the VACUUM fail after it
        (a full disk), the person is gone and their freed pages already zeroed.
        """
        (before,) = self.conn.execute("PRAGMA secure_delete").fetchone()
        self.conn.execute("PRAGMA secure_delete = ON")
        try:
            with self.write() as conn:
                load_person(conn, person_id, deleted=True)
                conn.execute(
                    "DELETE FROM entries WHERE id IN (SELECT entry_id FROM entry_people "
                    "WHERE person_id = :p) AND id NOT IN (SELECT entry_id FROM entry_people "
                    "WHERE person_id <> :p)",
                    {"p": person_id},
                )
                conn.execute("DELETE FROM people WHERE id = ?", (person_id,))
                for index in ("people_fts", "entries_fts"):
                    conn.execute(f"INSERT INTO {index} ({index}) VALUES ('optimize')")
        finally:
            self.conn.execute(f"PRAGMA secure_delete = {int(before)}")
        self.conn.execute("VACUUM")
        checks.remember(self.path)
