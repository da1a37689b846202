"""The Journal: every read and write of one journal file.

Every logical change is one BEGIN IMMEDIATE transaction (see `Journal.write`): the app and
the command line write the same file at once, and a deferred transaction that reads and then
writes can fail with "database is locked" where an immediate one simply waits its turn.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import (
    Channel,
    Entry,
    Kid,
    Occasion,
    Person,
    Pet,
    Promise,
)
from rjournal.domain.rhythms import Rhythm, learn_rhythm
from rjournal.domain.text import fold
from rjournal.domain.value import Value, frozen
from rjournal.store import connection, schema
from rjournal.store.errors import Ambiguous, JournalError, NotFound

if TYPE_CHECKING:
    from rjournal.domain.merge import Conflict
    from rjournal.store.connection import StrPath

# Person fields as stored; tags live in their own table.
_PERSON_COLUMNS = (
    "id",
    "name",
    "nickname",
    "company",
    "role",
    "emails",
    "phones",
    "city",
    "birthday",
    "partner",
    "met",
    "about",
    "likes",
    "dislikes",
    "channel",
    "reach",
    "rhythm",
    "snoozed_until",
    "archived",
    "added_on",
)
_PERSON_SELECT = ", ".join(f"p.{c}" for c in _PERSON_COLUMNS)
EDITABLE_FIELDS = frozenset(f.name for f in fields(Person)) - {"id", "added_on"}


@frozen
class PersonRow(Value):
    """A person as lists show them: light, one query for any number of rows."""

    id: int
    name: str
    nickname: str
    company: str
    tags: tuple[str, ...]
    last_contact: date | None
    archived: bool


@frozen
class SearchHit(Value):
    """One search result: a person, or an entry of theirs."""

    person_id: int
    person_name: str
    kind: str  # "person", "interaction" or "note"
    snippet: str
    entry_id: int | None = None
    on: date | None = None


@frozen
class TagInfo(Value):
    """A tag, how many people have it, and its default rhythm."""

    tag: str
    people: int
    rhythm: Rhythm | None


def filter_key(name: str, nickname: str, company: str, tags: Iterable[str]) -> str:
    """What filter-as-you-type searches, folded once at write time: one instr() per keystroke."""
    return _filter_key(fold(name), fold(nickname), company, tags)


def _filter_key(name_folded: str, nick_folded: str, company: str, tags: Iterable[str]) -> str:
    return "\n".join([name_folded, nick_folded, fold(company), *sorted(clean_tags(tags))])


# Days since 1970-01-01 in SQL, as day_number() counts them in Python.
DAY_NUMBER_SQL = "CAST(julianday({}) - 2440587.5 AS INTEGER)"
_EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """Days since 1970-01-01, as the schema's start_day and due_from count them."""
    return (day - _EPOCH).days


def shortest_tag_default(
    tags: Iterable[str], rhythms: Mapping[str, Rhythm]
) -> tuple[str, Rhythm] | None:
    """(tag, rhythm) of the most attentive default among a person's tags: the shortest, and
    the first tag by name among equals -- the choice refresh_rhythms makes in SQL."""
    found = [(tag, rhythms[tag]) for tag in sorted(tags) if tag in rhythms]
    return min(found, key=lambda pair: pair[1].approx_days()) if found else None


def _named(words: Sequence[str]) -> str:
    """SQL: the name or nickname (folded) holds every one of these words."""
    return " AND ".join("instr(name_key, ?) > 0" for _ in words)


def clean_tags(tags: Iterable[str]) -> set[str]:
    return {t.strip().lower() for t in tags if t.strip()}


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _y(text: str | None) -> YearlyDate | None:
    return YearlyDate.from_iso(text) if text else None


def _lines(values: Sequence[str]) -> str:
    return "\n".join(v.strip() for v in values if v.strip())


def _person_from_row(row: Sequence[Any], tags: tuple[str, ...]) -> Person:
    (
        pid,
        name,
        nickname,
        company,
        role,
        emails,
        phones,
        city,
        birthday,
        partner,
        met,
        about,
        likes,
        dislikes,
        channel,
        reach,
        rhythm,
        snoozed,
        archived,
        added_on,
    ) = row
    return Person(
        id=pid,
        name=name,
        nickname=nickname,
        company=company,
        role=role,
        emails=tuple(emails.split("\n")) if emails else (),
        phones=tuple(phones.split("\n")) if phones else (),
        city=city,
        birthday=_y(birthday),
        partner=partner,
        met=met,
        about=about,
        likes=likes,
        dislikes=dislikes,
        channel=Channel(channel) if channel else None,
        reach=reach,
        tags=tags,
        rhythm=Rhythm.from_code(rhythm) if rhythm else None,
        snoozed_until=_d(snoozed),
        archived=bool(archived),
        added_on=date.fromisoformat(added_on),
    )


def _person_values(person: Person) -> dict[str, Any]:
    """Column values for a person (all but id)."""
    name_folded, nick_folded = fold(person.name), fold(person.nickname)
    return {
        "name": person.name.strip(),
        "nickname": person.nickname.strip(),
        "company": person.company,
        "role": person.role,
        "emails": _lines(person.emails),
        "phones": _lines(person.phones),
        "city": person.city,
        "birthday": person.birthday.iso() if person.birthday else None,
        "partner": person.partner,
        "met": person.met,
        "about": person.about,
        "likes": person.likes,
        "dislikes": person.dislikes,
        "channel": person.channel.value if person.channel else None,
        "reach": person.reach,
        "rhythm": person.rhythm.code() if person.rhythm else None,
        "rhythm_days": person.rhythm.min_days() if person.rhythm else None,
        "rhythm_avg": person.rhythm.approx_days() if person.rhythm else None,
        "snoozed_until": person.snoozed_until.isoformat() if person.snoozed_until else None,
        "archived": int(person.archived),
        "added_on": person.added_on.isoformat(),
        "name_key": f"{name_folded}\n{nick_folded}",
        "sort_key": name_folded,
        "nick_key": nick_folded,
        "filter_key": _filter_key(name_folded, nick_folded, person.company, person.tags),
    }


def _kid_from_row(row: Sequence[Any]) -> Kid:
    kid_id, name, birthday, notes, passed = row
    return Kid(name=name, birthday=_y(birthday), notes=notes, passed_on=_d(passed), id=kid_id)


def _pet_from_row(row: Sequence[Any]) -> Pet:
    pet_id, name, species, birthday, notes, passed = row
    return Pet(
        name=name,
        species=species,
        birthday=_y(birthday),
        notes=notes,
        passed_on=_d(passed),
        id=pet_id,
    )


def _promise_from_row(row: Sequence[Any]) -> Promise:
    promise_id, person_id, text, due, done_on, created_on = row
    return Promise(
        text=text,
        created_on=date.fromisoformat(created_on),
        due=_d(due),
        done_on=_d(done_on),
        id=promise_id,
        person_id=person_id,
    )


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


class Journal:
    """One open journal file. Not shared between threads: open one per thread."""

    def __init__(self, conn: sqlite3.Connection, path: StrPath) -> None:
        self.conn = conn
        self.path = Path(path)
        self.file = str(self.path)

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: StrPath, *, create: bool = True, private_dir: bool = False) -> Journal:
        """Open (or create) a journal; refuse files that are foreign, damaged or newer."""
        latest = schema.latest_version()
        path = Path(path)
        if path.is_dir():
            raise JournalError(f"{path} is a directory, not a journal")
        if not path.exists():
            if not create:
                raise JournalError(f"no journal at {path} yet: `rj add NAME` starts one")
            connection.ensure_parent(path, private=private_dir)
            try:
                connection.create_private_file(path)
            except FileExistsError:
                pass  # another process created it a moment ago: use theirs
            except OSError as error:
                raise JournalError(f"cannot create {path}: {error.strerror}") from None
        elif private_dir:
            connection.make_private_dir(path.parent)
        try:
            header = connection.read_header(path)
        except OSError as error:
            raise JournalError(f"cannot read {path}: {error.strerror}") from None
        version = connection.check_header(path, header, latest) if header else 0
        conn: sqlite3.Connection | None = None
        try:
            # connect() already reads the schema (PRAGMA journal_mode): damage can show there.
            conn = connection.connect(path)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            # Only a file that proved to be a readable journal is ours to chmod.
            if os.access(path, os.W_OK):
                connection.make_private(path)
            if version < latest:
                _migrate(conn, path, version)
        except sqlite3.OperationalError as error:
            if conn is not None:
                conn.close()
            if connection.is_busy(error):
                raise JournalError(
                    f"{path} is busy (another rjournal is writing it); try again"
                ) from None
            raise connection.damaged(path, error) from None
        except sqlite3.DatabaseError as error:
            if conn is not None:
                conn.close()
            raise connection.damaged(path, error) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One logical change: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            _rollback(self.conn)
            raise
        self.conn.execute("COMMIT")

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

    # -- settings ------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- people --------------------------------------------------------------------------

    def add_person(
        self,
        person: Person,
        *,
        kids: Iterable[Kid] = (),
        pets: Iterable[Pet] = (),
        occasions: Iterable[Occasion] = (),
    ) -> int:
        """A person with their tags, kids, pets and occasions, as one transaction."""
        with self.write() as conn:
            return self.insert_person(conn, person, kids=kids, pets=pets, occasions=occasions)

    def insert_person(
        self,
        conn: sqlite3.Connection,
        person: Person,
        *,
        kids: Iterable[Kid] = (),
        pets: Iterable[Pet] = (),
        occasions: Iterable[Occasion] = (),
    ) -> int:
        """add_person inside a write the caller holds (an import adds many in one)."""
        values = _person_values(person)
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = conn.execute(
            f"INSERT INTO people ({columns}) VALUES ({marks})", tuple(values.values())
        )
        person_id = int(cursor.lastrowid or 0)
        self._set_tags(conn, person_id, person.tags)
        refresh_rhythms(conn, "id = ?", (person_id,))
        for kid in kids:
            self._insert_kid(conn, person_id, kid)
        for pet in pets:
            self._insert_pet(conn, person_id, pet)
        for occasion in occasions:
            self._insert_occasion(conn, person_id, occasion)
        return person_id

    def update_person(self, person_id: int, changes: Mapping[str, Any]) -> Person:
        """Replace the named fields (Person field names); returns the person as saved."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        with self.write() as conn:
            current = self._person(conn, person_id)
            updated = replace(current, **changes)
            values = _person_values(updated)
            values.pop("added_on")
            assignments = ", ".join(f"{c} = ?" for c in values)
            conn.execute(
                f"UPDATE people SET {assignments} WHERE id = ?", (*values.values(), person_id)
            )
            if "tags" in changes:
                self._set_tags(conn, person_id, updated.tags)
            refresh_rhythms(conn, "id = ?", (person_id,))
        return updated

    def person(self, person_id: int, *, deleted: bool = False) -> Person:
        return self._person(self.conn, person_id, deleted=deleted)

    def _person(self, conn: sqlite3.Connection, person_id: int, *, deleted: bool = False) -> Person:
        trash = "IS NOT NULL" if deleted else "IS NULL"
        row = conn.execute(
            f"SELECT {_PERSON_SELECT} FROM people p WHERE p.id = ? AND p.deleted_at {trash}",
            (person_id,),
        ).fetchone()
        if row is None:
            where = "in the trash" if deleted else "in the journal"
            raise NotFound(f"no person with id {person_id} {where}")
        return _person_from_row(row, self._tags_of(conn, person_id))

    def _tags_of(self, conn: sqlite3.Connection, person_id: int) -> tuple[str, ...]:
        rows = conn.execute(
            "SELECT tag FROM tags WHERE person_id = ? ORDER BY tag", (person_id,)
        ).fetchall()
        return tuple(r[0] for r in rows)

    def _set_tags(self, conn: sqlite3.Connection, person_id: int, tags: Iterable[str]) -> None:
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

    def resolve(self, query: str, *, deleted: bool = False) -> Person:
        """An id, a full name, or a unique part of a name or nickname (case/accent-insensitive)."""
        text = query.strip()
        if text.isascii() and text.isdigit():  # "²".isdigit() is True, int("²") is not
            return self.person(int(text), deleted=deleted)
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
        """Everyone (not archived unless asked, not in the trash unless asked), by name."""
        clauses = ["p.deleted_at IS NOT NULL" if deleted else "p.deleted_at IS NULL"]
        params: list[Any] = []
        if not archived and not deleted:
            clauses.append("p.archived = 0")
        if tag:
            clauses.append("EXISTS (SELECT 1 FROM tags t WHERE t.person_id = p.id AND t.tag = ?)")
            params.append(tag.strip().lower())
        return self._person_rows(" AND ".join(clauses), params, "")

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
        finds it there, so the result is `people_ids(text)`'s. None when a key holds the NUL
        that separates them (the app then asks people_ids instead).
        """
        import json  # not at module level: rj log never needs it

        where, params = self._filter_clause("")
        row = self.conn.execute(
            "SELECT json_group_array(id), group_concat(filter_key, char(0)) FROM ("
            "SELECT p.id AS id, p.filter_key AS filter_key FROM people p "
            f"INDEXED BY people_live WHERE {where} ORDER BY p.sort_key, p.id)",
            params,
        ).fetchone()
        ids: list[int] = json.loads(row[0])
        keys: list[str] = row[1].split("\0") if row[1] is not None else []
        return (ids, keys) if len(keys) == len(ids) else None

    def people_rows(self, ids: Sequence[int]) -> list[PersonRow]:
        """The list rows of these people, in the order given (missing ones left out)."""
        if not ids:
            return []
        import json  # not at module level: rj log never needs it

        found = {
            row.id: row
            for row in self._person_rows(
                "p.id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))], ""
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

    def _person_rows(self, where: str, params: Sequence[Any], tail: str) -> list[PersonRow]:
        rows = self.conn.execute(
            "SELECT p.id, p.name, p.nickname, p.company, p.last_contact, p.archived, "
            "(SELECT group_concat(tag, ' ') FROM tags t WHERE t.person_id = p.id) "
            f"FROM people p WHERE {where} ORDER BY p.sort_key, p.id {tail}",
            params,
        ).fetchall()
        return [
            PersonRow(
                id=r[0],
                name=r[1],
                nickname=r[2],
                company=r[3],
                tags=tuple(sorted(r[6].split())) if r[6] else (),
                last_contact=_d(r[4]),
                archived=bool(r[5]),
            )
            for r in rows
        ]

    def set_archived(self, person_id: int, archived: bool) -> None:
        with self.write() as conn:
            self._person(conn, person_id)
            conn.execute("UPDATE people SET archived = ? WHERE id = ?", (int(archived), person_id))

    def snooze(self, person_id: int, until: date | None) -> None:
        with self.write() as conn:
            self._person(conn, person_id)
            conn.execute(
                "UPDATE people SET snoozed_until = ? WHERE id = ?",
                (until.isoformat() if until else None, person_id),
            )

    def delete_person(self, person_id: int, at: datetime) -> None:
        """To the trash: hidden everywhere, everything they had kept for `restore_person`."""
        with self.write() as conn:
            self._person(conn, person_id)
            conn.execute(
                "UPDATE people SET deleted_at = ? WHERE id = ?",
                (at.isoformat(timespec="seconds"), person_id),
            )

    def restore_person(self, person_id: int) -> None:
        with self.write() as conn:
            self._person(conn, person_id, deleted=True)
            conn.execute("UPDATE people SET deleted_at = NULL WHERE id = ?", (person_id,))

    def merge_people(
        self, source_id: int, target_id: int, at: datetime
    ) -> tuple[Person, list[Conflict]]:
        """Fold a duplicate record into the one kept, as one transaction.

        The target takes the source's entries (shared ones once), kids, pets, occasions and
        promises (exact copies of what it already has are dropped), and its field values as
        domain.merge decides; the source, emptied of those, goes to the trash with its own
        field values. Returns the target as saved and the values it did not take.
        """
        from rjournal.domain.merge import merge_people  # rare: kept off quick-add's import path

        if source_id == target_id:
            raise ValueError("a person cannot be merged into themselves")
        with self.write() as conn:
            source = self._person(conn, source_id)
            target = self._person(conn, target_id)
            merged, conflicts = merge_people(target, source)
            values = _person_values(merged)
            assignments = ", ".join(f"{c} = ?" for c in values)
            conn.execute(
                f"UPDATE people SET {assignments} WHERE id = ?", (*values.values(), target_id)
            )
            self._set_tags(conn, target_id, merged.tags)
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
            self._refresh_contact(conn, (source_id, target_id))
        return merged, conflicts

    def purge_person(self, person_id: int) -> None:
        """Empty one person from the trash for good (their shared entries stay for others)."""
        with self.write() as conn:
            self._person(conn, person_id, deleted=True)
            conn.execute("DELETE FROM people WHERE id = ?", (person_id,))
            # Entries that were theirs alone go with them.
            conn.execute("DELETE FROM entries WHERE id NOT IN (SELECT entry_id FROM entry_people)")

    # -- kids, pets, occasions -------------------------------------------------------------

    def _insert_kid(self, conn: sqlite3.Connection, person_id: int, kid: Kid) -> int:
        cursor = conn.execute(
            "INSERT INTO kids (person_id, name, birthday, notes, passed_on) VALUES (?, ?, ?, ?, ?)",
            (
                person_id,
                kid.name.strip(),
                kid.birthday.iso() if kid.birthday else None,
                kid.notes,
                kid.passed_on.isoformat() if kid.passed_on else None,
            ),
        )
        return int(cursor.lastrowid or 0)

    def _insert_pet(self, conn: sqlite3.Connection, person_id: int, pet: Pet) -> int:
        cursor = conn.execute(
            "INSERT INTO pets (person_id, name, species, birthday, notes, passed_on) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                person_id,
                pet.name.strip(),
                pet.species,
                pet.birthday.iso() if pet.birthday else None,
                pet.notes,
                pet.passed_on.isoformat() if pet.passed_on else None,
            ),
        )
        return int(cursor.lastrowid or 0)

    def _insert_occasion(self, conn: sqlite3.Connection, person_id: int, occ: Occasion) -> int:
        cursor = conn.execute(
            "INSERT INTO occasions (person_id, label, date) VALUES (?, ?, ?)",
            (person_id, occ.label.strip(), occ.date.iso()),
        )
        return int(cursor.lastrowid or 0)

    def add_kid(self, person_id: int, kid: Kid) -> int:
        with self.write() as conn:
            self._person(conn, person_id)
            return self._insert_kid(conn, person_id, kid)

    def add_pet(self, person_id: int, pet: Pet) -> int:
        with self.write() as conn:
            self._person(conn, person_id)
            return self._insert_pet(conn, person_id, pet)

    def add_occasion(self, person_id: int, occasion: Occasion) -> int:
        with self.write() as conn:
            self._person(conn, person_id)
            return self._insert_occasion(conn, person_id, occasion)

    def update_kid(self, kid: Kid) -> None:
        with self.write() as conn:
            self._must_change(
                conn.execute(
                    "UPDATE kids SET name = ?, birthday = ?, notes = ?, passed_on = ? WHERE id = ?",
                    (
                        kid.name.strip(),
                        kid.birthday.iso() if kid.birthday else None,
                        kid.notes,
                        kid.passed_on.isoformat() if kid.passed_on else None,
                        kid.id,
                    ),
                ),
                f"no kid with id {kid.id}",
            )

    def update_pet(self, pet: Pet) -> None:
        with self.write() as conn:
            self._must_change(
                conn.execute(
                    "UPDATE pets SET name = ?, species = ?, birthday = ?, notes = ?, passed_on = ? "
                    "WHERE id = ?",
                    (
                        pet.name.strip(),
                        pet.species,
                        pet.birthday.iso() if pet.birthday else None,
                        pet.notes,
                        pet.passed_on.isoformat() if pet.passed_on else None,
                        pet.id,
                    ),
                ),
                f"no pet with id {pet.id}",
            )

    def update_occasion(self, occasion: Occasion) -> None:
        with self.write() as conn:
            self._must_change(
                conn.execute(
                    "UPDATE occasions SET label = ?, date = ? WHERE id = ?",
                    (occasion.label.strip(), occasion.date.iso(), occasion.id),
                ),
                f"no occasion with id {occasion.id}",
            )

    def remove(self, table: str, row_id: int) -> None:
        """Remove one kid, pet, occasion or promise."""
        if table not in {"kids", "pets", "occasions", "promises"}:
            raise ValueError(table)
        with self.write() as conn:
            self._must_change(
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,)),
                f"no {table[:-1]} with id {row_id}",
            )

    @staticmethod
    def _must_change(cursor: sqlite3.Cursor, message: str) -> None:
        if cursor.rowcount == 0:
            raise NotFound(message)

    def kids(self, person_id: int) -> list[Kid]:
        rows = self.conn.execute(
            "SELECT id, name, birthday, notes, passed_on FROM kids WHERE person_id = ? "
            "ORDER BY coalesce(birthday, '9999'), id",
            (person_id,),
        )
        return [_kid_from_row(r) for r in rows]

    def pets(self, person_id: int) -> list[Pet]:
        rows = self.conn.execute(
            "SELECT id, name, species, birthday, notes, passed_on FROM pets WHERE person_id = ? "
            "ORDER BY id",
            (person_id,),
        )
        return [_pet_from_row(r) for r in rows]

    def occasions(self, person_id: int) -> list[Occasion]:
        rows = self.conn.execute(
            "SELECT id, label, date FROM occasions WHERE person_id = ? ORDER BY date_md, id",
            (person_id,),
        )
        return [Occasion(label=r[1], date=YearlyDate.from_iso(r[2]), id=r[0]) for r in rows]

    # -- promises ------------------------------------------------------------------------

    def add_promise(self, person_id: int, text: str, created_on: date, due: date | None) -> int:
        with self.write() as conn:
            self._person(conn, person_id)
            cursor = conn.execute(
                "INSERT INTO promises (person_id, text, due, created_on) VALUES (?, ?, ?, ?)",
                (person_id, text, due.isoformat() if due else None, created_on.isoformat()),
            )
            return int(cursor.lastrowid or 0)

    def promise(self, promise_id: int) -> Promise:
        row = self.conn.execute(
            "SELECT id, person_id, text, due, done_on, created_on FROM promises WHERE id = ?",
            (promise_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no promise with id {promise_id}")
        return _promise_from_row(row)

    def update_promise(self, promise_id: int, text: str, due: date | None) -> Promise:
        """Reword a promise or move its due day (None: no due day)."""
        if not text.strip():
            raise ValueError("a promise can't be empty")
        with self.write() as conn:
            self._must_change(
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
            self._must_change(
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
            "SELECT id, person_id, text, due, done_on, created_on FROM promises "
            f"WHERE person_id = ?{extra} ORDER BY done_on IS NOT NULL, coalesce(due, '9999'), id",
            (person_id,),
        )
        return [_promise_from_row(r) for r in rows]

    # -- entries -------------------------------------------------------------------------

    def add_entry(self, entry: Entry, *, created_at: datetime) -> int:
        """An interaction (resets the rhythm clock of everyone in it) or a note."""
        people = _entry_people(entry)
        with self.write() as conn:
            for person_id in people:
                self._person(conn, person_id)
            cursor = conn.execute(
                "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (*_entry_values(entry), created_at.isoformat(timespec="seconds")),
            )
            entry_id = int(cursor.lastrowid or 0)
            conn.executemany(
                "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                [(entry_id, p) for p in people],
            )
            if entry.is_interaction:
                self._refresh_contact(conn, people)
        return entry_id

    def update_entry(self, entry: Entry) -> None:
        """Replace an entry's fields and people; everyone it touched before or after is
        re-derived (a moved date or a changed person moves their last contact)."""
        if entry.id is None:
            raise ValueError("update_entry needs an entry with an id")
        people = _entry_people(entry)
        with self.write() as conn:
            for person_id in people:
                self._person(conn, person_id)
            before = [
                r[0]
                for r in conn.execute(
                    "SELECT person_id FROM entry_people WHERE entry_id = ?", (entry.id,)
                )
            ]
            self._must_change(
                conn.execute(
                    "UPDATE entries SET kind = ?, on_date = ?, channel = ?, from_them = ?, "
                    "text = ? WHERE id = ?",
                    (*_entry_values(entry), entry.id),
                ),
                f"no entry with id {entry.id}",
            )
            conn.execute("DELETE FROM entry_people WHERE entry_id = ?", (entry.id,))
            conn.executemany(
                "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                [(entry.id, p) for p in people],
            )
            self._refresh_contact(conn, dict.fromkeys([*before, *people]))

    def delete_entry(self, entry_id: int) -> None:
        with self.write() as conn:
            people = [
                r[0]
                for r in conn.execute(
                    "SELECT person_id FROM entry_people WHERE entry_id = ?", (entry_id,)
                )
            ]
            self._must_change(
                conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,)),
                f"no entry with id {entry_id}",
            )
            self._refresh_contact(conn, people)

    def _refresh_contact(self, conn: sqlite3.Connection, people: Iterable[int]) -> None:
        """Re-derive last contact, its channel and the learned rhythm from the interactions."""
        for person_id in people:
            rows = conn.execute(
                "SELECT e.on_date, e.channel FROM entry_people ep JOIN entries e "
                "ON e.id = ep.entry_id WHERE ep.person_id = ? AND e.kind = 'interaction' "
                "ORDER BY e.on_date, e.id",
                (person_id,),
            ).fetchall()
            learned = learn_rhythm([date.fromisoformat(r[0]) for r in rows])
            conn.execute(
                "UPDATE people SET last_contact = ?, last_channel = ?, learned_days = ? "
                "WHERE id = ?",
                (
                    rows[-1][0] if rows else None,
                    rows[-1][1] if rows else None,
                    learned.count if learned else None,
                    person_id,
                ),
            )
            refresh_rhythms(conn, "id = ?", (person_id,))

    def timeline(self, person_id: int, *, limit: int | None = None, offset: int = 0) -> list[Entry]:
        """A person's entries, newest first."""
        tail = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        rows = self.conn.execute(
            "SELECT e.id, e.kind, e.on_date, e.channel, e.from_them, e.text, "
            "(SELECT group_concat(person_id) FROM entry_people x WHERE x.entry_id = e.id) "
            "FROM entry_people ep JOIN entries e ON e.id = ep.entry_id "
            f"WHERE ep.person_id = ? ORDER BY e.on_date DESC, e.id DESC{tail}",
            (person_id,),
        ).fetchall()
        return [_entry_from_row(r) for r in rows]

    def interactions_by_month(self, person_id: int, first: date, last: date) -> dict[str, int]:
        """Interactions (not notes) with a person per month ("YYYY-MM"), between two days."""
        rows = self.conn.execute(
            "SELECT substr(e.on_date, 1, 7), count(*) FROM entry_people ep "
            "JOIN entries e ON e.id = ep.entry_id "
            "WHERE ep.person_id = ? AND e.kind = 'interaction' AND e.on_date >= ? "
            "AND e.on_date <= ? GROUP BY 1",
            (person_id, first.isoformat(), last.isoformat()),
        )
        return {str(month): int(count) for month, count in rows}

    def entry(self, entry_id: int) -> Entry:
        row = self.conn.execute(
            "SELECT e.id, e.kind, e.on_date, e.channel, e.from_them, e.text, "
            "(SELECT group_concat(person_id) FROM entry_people x WHERE x.entry_id = e.id) "
            "FROM entries e WHERE e.id = ?",
            (entry_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no entry with id {entry_id}")
        return _entry_from_row(row)

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

    # -- tags and their rhythms ------------------------------------------------------------

    def tag_rhythms(self) -> dict[str, Rhythm]:
        return {
            tag: Rhythm.from_code(code)
            for tag, code in self.conn.execute("SELECT tag, rhythm FROM tag_rhythms")
        }

    def set_tag_rhythm(self, tag: str, rhythm: Rhythm | None) -> None:
        """The default rhythm of people with this tag and no rhythm of their own."""
        tag = tag.strip().lower()
        with self.write() as conn:
            if rhythm is None or rhythm.is_none:
                conn.execute("DELETE FROM tag_rhythms WHERE tag = ?", (tag,))
            else:
                conn.execute(
                    "INSERT INTO tag_rhythms (tag, rhythm, rhythm_days, rhythm_avg) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (tag) DO UPDATE SET rhythm = excluded.rhythm, "
                    "rhythm_days = excluded.rhythm_days, rhythm_avg = excluded.rhythm_avg",
                    (tag, rhythm.code(), rhythm.min_days(), rhythm.approx_days()),
                )
            refresh_rhythms(conn, "id IN (SELECT person_id FROM tags WHERE tag = ?)", (tag,))

    def tags(self) -> list[TagInfo]:
        rhythms = self.tag_rhythms()
        rows = self.conn.execute(
            "SELECT t.tag, count(*) FROM tags t JOIN people p ON p.id = t.person_id "
            "WHERE p.deleted_at IS NULL GROUP BY t.tag ORDER BY t.tag"
        ).fetchall()
        known = {r[0] for r in rows}
        out = [TagInfo(tag, count, rhythms.get(tag)) for tag, count in rows]
        out += [TagInfo(tag, 0, r) for tag, r in sorted(rhythms.items()) if tag not in known]
        return out


def refresh_rhythms(conn: sqlite3.Connection, where: str, params: Sequence[Any] = ()) -> None:
    """Re-derive the rhythm in force and the clock of the people matching `where`.

    The rhythm in force (eff_min, eff_avg): own ("none" included), else the shortest tag
    default, else the learned one -- the order of domain.checkin.effective_rhythm, kept here
    so SQL can find who may be due. The clock: start_day (last contact, else added) and
    due_from (start_day + eff_min, the earliest day the rhythm can fall due).
    """
    eff_min = (
        "CASE WHEN rhythm IS NOT NULL THEN coalesce(rhythm_days, 0) "
        f"ELSE coalesce({schema.TAG_DEFAULT.format(col='tr.rhythm_days')}, learned_days, 0) END"
    )
    eff_avg = (
        "CASE WHEN rhythm IS NOT NULL THEN coalesce(rhythm_avg, 0) "
        f"ELSE coalesce({schema.TAG_DEFAULT.format(col='tr.rhythm_avg')}, learned_days, 0) END"
    )
    start_day = DAY_NUMBER_SQL.format("coalesce(last_contact, added_on)")
    conn.execute(
        f"UPDATE people SET eff_min = {eff_min}, eff_avg = {eff_avg}, start_day = {start_day} "
        f"WHERE {where}",
        tuple(params),
    )
    # A second pass reads the values just written instead of working them out again.
    conn.execute(
        "UPDATE people SET due_from = CASE WHEN eff_min > 0 THEN start_day + eff_min END "
        f"WHERE {where}",
        tuple(params),
    )


def _entry_people(entry: Entry) -> list[int]:
    """The entry's people, each once, in order; an entry without anyone is refused."""
    people = list(dict.fromkeys(entry.people))
    if not people:
        raise ValueError("an entry needs at least one person")
    return people


def _entry_values(entry: Entry) -> tuple[Any, ...]:
    """kind, on_date, channel, from_them, text: the entries columns an entry sets."""
    channel = entry.channel.value if entry.channel else None
    return (entry.kind, entry.on.isoformat(), channel, int(entry.from_them), entry.text)


def _entry_from_row(row: Sequence[Any]) -> Entry:
    entry_id, kind, on_date, channel, from_them, text, people = row
    return Entry(
        kind=kind,
        on=date.fromisoformat(on_date),
        text=text,
        channel=Channel(channel) if channel else None,
        from_them=bool(from_them),
        people=tuple(int(p) for p in people.split(",")) if people else (),
        id=entry_id,
    )


def _migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Bring the file to the latest schema, one transaction per step, after a backup."""
    saved = backup(conn, path, f"v{version}") if version > 0 else None
    for step in range(version, schema.latest_version()):
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current <= step:
                schema.MIGRATIONS[step](conn)  # looked up now: tests add steps
                conn.execute(f"PRAGMA application_id = {connection.APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {step + 1}")
        except sqlite3.OperationalError as error:
            _rollback(conn)
            if connection.is_busy(error):
                raise  # Journal.open says "busy", not "damaged"
            raise _migration_failed(path, step, error, saved) from error
        except sqlite3.DatabaseError:
            _rollback(conn)
            raise  # a damaged file: Journal.open refuses it
        except Exception as error:
            _rollback(conn)
            raise _migration_failed(path, step, error, saved) from error
        except BaseException:
            _rollback(conn)
            raise
        conn.execute("COMMIT")


def _migration_failed(path: Path, step: int, error: Exception, saved: Path | None) -> JournalError:
    kept = f"; a copy from before is at {saved}" if saved else ""
    return JournalError(
        f"could not upgrade {path} to schema v{step + 1} ({error}); it is unchanged at "
        f"v{step}{kept}"
    )


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, keeping the original error in view.

    Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, an interrupt) make SQLite roll back
    by itself; a second ROLLBACK would then raise "no transaction is active" and hide them.
    """
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def backup(conn: sqlite3.Connection, file: StrPath, label: str) -> Path:
    """A consistent copy beside the journal, private like it: NAME.LABEL-STAMP.bak."""
    path = Path(file)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}.bak")
    connection.create_private_file(target)
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    os.chmod(target, 0o600)
    return target
