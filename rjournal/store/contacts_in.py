"""Contacts in: each record of a contact file matched with the journal's people, then added as
a new person or taken into the one it matches, inside a write the caller holds.

Matching (`ContactImport.match`), the first rule that finds someone:
1. the same uid (a card that left this journal, or came before from the same address book);
2. a shared email or phone (domain.merge's email_key and phone_key: case, spaces and
   punctuation aside), only with someone whose name agrees (domain.merge.names_agree: the
   same name, or one side with no name of its own, or every word of one name among the
   other's words or nickname);
3. the same name after Unicode normalisation, case and accents (the folded sort key).
A record that shares an email or phone only with people whose names differ (an office
switchboard, a household's phone, a shared inbox) and matches no one else is added as a new
person, and its Outcome names those people (`apart`) so the report says so; `rj duplicates`
lists the pairs. Nothing is merged on a guess: a false "new person" is one `rj merge` away,
a false match writes one person's emails into another's record.
People in the trash are never matched. Where a rule finds several people, the one the record
conflicts with least is taken (then the one sharing most, then the oldest). A file's uids are
its own people: a record never matches someone this same import added from a record with
another uid (two people of one name in an export stay two).

A match takes what the record adds (domain.merge.absorb and absorb_family: empty fields
filled, refined dates, new emails, phones, tags, kids, pets, occasions, contact lines that
have no field, and from rjournal's own CSV open promises and a later last contact); values
that differ are reported and left as the journal has them. A record that adds nothing writes
nothing, so a file imported twice changes nothing the second time.

Speed: the export-row triggers are off while records are written (a person's row would
otherwise be worked out again for each of their tags, kids and pets), and so are the search
index's insert triggers and the history triggers of entry_people; `finish` works out once, in
the same transaction, the export rows, the search rows, the contact days and gaps and the
derived columns of everyone touched. Sync's triggers are off too when sync keeps no item, and
into an empty journal the people indexes match does not read (finish makes them again).
Emails and phones are found through a temporary table of keys, built once per import.
New people are written in batches (one executemany per table, `_Pending`), their ids given
here. A record is matched in SQL only when `_Seen` says it may share a uid, key or name with
someone (the batch written first); most records of a file new to the journal share nothing,
and are added without a query.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from rjournal.domain.merge import (
    Conflict,
    Naming,
    absorb,
    absorb_family,
    absorb_occasions,
    email_key,
    names_agree,
    phone_key,
)
from rjournal.domain.model import NewPerson, Person
from rjournal.domain.text import fold
from rjournal.interop.card import Card
from rjournal.interop.csv_own import OwnRow
from rjournal.interop.person_card import contact_of
from rjournal.store.core import load_person
from rjournal.store.derived import (
    DAY_NUMBER_SQL,
    gaps_of,
    refresh_contact,
    refresh_rhythms,
)
from rjournal.store.export_rows import refresh_rows
from rjournal.store.family import (
    KID_ORDER,
    OCCASION_ORDER,
    PET_ORDER,
    insert_kid,
    insert_occasion,
    insert_pet,
    occasion_values,
)
from rjournal.store.people import set_tags
from rjournal.store.rows import (
    KID_COLUMNS,
    OCCASION_COLUMNS,
    PET_COLUMNS,
    clean_tags,
    kept_lines,
    kept_text,
    kid_from_row,
    kid_values,
    occasion_from_row,
    person_values,
    pet_from_row,
    pet_values,
)

Record = Card | OwnRow
IMPORTED_CONTACT = "Last contact, imported"
_BLOCK = 10_000  # ids per statement when many people are worked out again
_BATCH = 2_000  # new people written per batch
_KINDS = {"e": "email", "p": "phone"}
# The people indexes match reads (by uid, by folded name): the others are made again at the
# end of an import into an empty journal, one sort each instead of an insert per person.
_MATCHED_BY = ("people_uid", "people_sort")
# Triggers off while records are written, finish doing their work once: the search index's
# inserts (store/sql/v1.sql), and what entry_people's history triggers keep (v7.sql; the
# sync one marks entries that sync has seen, which new entries are not).
_DEFERRED = (
    "people_fts_insert", "entries_fts_insert", "entry_people_dated", "contact_day_added",
    "sync_entry_people_insert",
)  # fmt: skip
_PEOPLE_SEARCHED = "name, nickname, company, role, city, partner, about, likes, dislikes"


@dataclass(frozen=True)
class Outcome:
    """What one record did: added a person, updated one (what changed), or nothing."""

    kind: Literal["added", "updated", "unchanged"]
    person_id: int
    name: str
    matched_by: str = ""  # uid, email, phone or name ("" when added)
    changed: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    # Added although sharing an email or phone with these people, whose names differ:
    # (their name, what is shared: "an email", "a phone" or "an email and a phone").
    apart: tuple[tuple[str, str], ...] = ()


def _keys(emails: Iterable[str], phones: Iterable[str]) -> list[str]:
    """The keys of temp.import_keys for these emails and phones, each once."""
    keys = {f"e:{key}" for key in map(email_key, emails) if key}
    keys |= {f"p:{key}" for key in map(phone_key, phones) if key}
    return list(keys)


def _key_rows(
    person_id: int, emails: Iterable[str], phones: Iterable[str]
) -> list[tuple[str, int]]:
    return [(key, person_id) for key in _keys(emails, phones)]


def _shared(kinds: set[str]) -> str:
    """What a record shares with someone: "an email", "a phone", "an email and a phone"."""
    return " and ".join(
        f"an {k}" if k == "email" else f"a {k}" for k in ("email", "phone") if k in kinds
    )


def _ids_json(ids: Sequence[int]) -> str:
    return json.dumps(list(ids))


class _Seen:
    """Values (uids, email and phone keys, folded names) as a bitmap of their hashes, two bits
    each (a Bloom filter): `may_have` is False only for a value never added (a True may be
    other values' bits, about 1 in 7,000 at 100,000 values; the SQL match then decides).
    2 MiB, whatever the journal's size."""

    _MASK = (1 << 24) - 1

    def __init__(self) -> None:
        self.bits = bytearray((self._MASK + 1) // 8)
        self.empty = True

    def add(self, value: str) -> None:
        hashed, bits = hash(value), self.bits
        for bit in (hashed & self._MASK, (hashed >> 32) & self._MASK):
            bits[bit >> 3] |= 1 << (bit & 7)
        self.empty = False

    def may_have(self, value: str) -> bool:
        hashed, bits = hash(value), self.bits
        one, two = hashed & self._MASK, (hashed >> 32) & self._MASK
        return bool(bits[one >> 3] & (1 << (one & 7))) and bool(bits[two >> 3] & (1 << (two & 7)))


@dataclass
class _Pending:
    """Rows of new people not written yet, per table (`ContactImport.write_pending`)."""

    people: list[tuple[Any, ...]]
    tags: list[tuple[int, str]]
    kids: list[tuple[Any, ...]]
    pets: list[tuple[Any, ...]]
    occasions: list[tuple[int, str, str]]
    promises: list[tuple[int, str, str | None, str]]
    contacts: list[tuple[int, str]]  # (person, day): an interaction each
    keys: list[tuple[str, int]]

    @classmethod
    def empty(cls) -> _Pending:
        return cls([], [], [], [], [], [], [], [])


class ContactImport:
    """One import into a journal, inside the caller's write: `apply` each record, then
    `finish` (or roll back, which undoes everything, the temporary table included)."""

    def __init__(self, conn: sqlite3.Connection, *, today: date, now: datetime) -> None:
        self.conn = conn
        self.today = today
        self.created_at = now.isoformat(timespec="seconds")
        self.first_entry = int(
            conn.execute("SELECT coalesce(max(id), 0) + 1 FROM entries").fetchone()[0]
        )
        self.indexed: list[int] = []  # people added here whose search row went in early
        self.first_new = int(
            conn.execute("SELECT coalesce(max(id), 0) + 1 FROM people").fetchone()[0]
        )
        self.added = 0
        self.updated: set[int] = set()
        self.recontacted: set[int] = set()
        self._triggers: list[str] | None = None  # the export triggers, once dropped
        self._indexes: list[str] = []  # the people indexes dropped (into an empty journal)
        self._was_empty = conn.execute("SELECT NOT EXISTS (SELECT 1 FROM people)").fetchone()[0]
        self._uid_taken = False  # the last card matched has a uid someone in the trash has
        self._apart: tuple[tuple[str, str], ...] = ()  # the last card's kept apart (Outcome)
        self._card_keys: list[str] = []  # the last card's email and phone keys
        self._next_id = self.first_new
        self._pending = _Pending.empty()
        self._people_sql = ""  # the INSERT of a batch of people, made from the first one
        # What match could find: everyone's uids (the trash's included), and the keys and
        # names of the people here before and of those this import added (whom a card with a
        # uid never matches but by that uid).
        self._uids, self._before, self._new = _Seen(), _Seen(), _Seen()
        for uid, sort_key, living in conn.execute(
            "SELECT uid, sort_key, deleted_at IS NULL FROM people"
        ):
            self._uids.add(uid)
            if living:
                self._before.add(f"n:{sort_key}")
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS import_keys (key TEXT NOT NULL, person_id INTEGER "
            "NOT NULL)"
        )
        conn.execute("DELETE FROM temp.import_keys")
        rows = conn.execute(
            "SELECT id, emails, phones FROM people WHERE deleted_at IS NULL "
            "AND (emails <> '' OR phones <> '')"
        )
        while batch := rows.fetchmany(1000):
            keys = [key for pid, emails, phones in batch
                    for key in _key_rows(pid, emails.split("\n"), phones.split("\n"))]  # fmt: skip
            conn.executemany("INSERT INTO temp.import_keys (key, person_id) VALUES (?, ?)", keys)
            for key, _pid in keys:
                self._before.add(key)
        conn.execute("CREATE INDEX IF NOT EXISTS temp.import_keys_key ON import_keys (key)")

    # -- matching ----------------------------------------------------------------------------

    def match(self, card: Card) -> tuple[int, str] | None:
        """The person this card is (their id, and the rule that found them), or None."""
        found: defaultdict[int, set[str]] = defaultdict(set)
        conn = self.conn
        self._uid_taken = False
        self._apart = ()
        self._card_keys = keys = _keys(card.emails, card.phones)
        if not self._may_match(card, keys):
            return None
        self.write_pending()
        if card.uid:
            for pid, living in conn.execute(
                "SELECT id, deleted_at IS NULL FROM people WHERE uid = ?", (card.uid.strip(),)
            ):
                if living:
                    return int(pid), "uid"
                self._uid_taken = True  # by someone in the trash: never matched
        # A file's uids are its people: someone this import added from a record of another
        # uid is not this one.
        other = "(p.id < :first OR p.uid = :uid)" if card.uid.strip() else "TRUE"
        params: dict[str, object] = {"first": self.first_new, "uid": card.uid.strip()}
        if keys:
            params |= {f"k{n}": key for n, key in enumerate(keys)}
            marks = ", ".join(f":k{n}" for n in range(len(keys)))
            for key, pid in conn.execute(
                "SELECT k.key, k.person_id FROM temp.import_keys k JOIN people p "
                f"ON p.id = k.person_id WHERE k.key IN ({marks}) AND {other}",
                params,
            ):
                found[pid].add(_KINDS[key[0]])
        differ = self._names_differ(card, list(found))
        apart = {pid: found.pop(pid) for pid in differ}
        params["name"] = fold(card.name)
        for (pid,) in conn.execute(
            f"SELECT p.id FROM people p WHERE p.sort_key = :name AND p.deleted_at IS NULL "
            f"AND {other}",
            params,
        ):
            found[pid].add("name")
        shared = [pid for pid, how in found.items() if how - {"name"}]
        pool = shared or list(found)
        if not pool:
            self._apart = tuple((differ[pid], _shared(apart[pid])) for pid in sorted(apart))
            return None
        best = pool[0] if len(pool) == 1 else self._closest(card, pool, found)
        how = found[best]
        return best, next(k for k in ("email", "phone", "name") if k in how)

    def _may_match(self, card: Card, keys: list[str]) -> bool:
        """False when no one has the card's uid, nor any of its email and phone keys, nor its
        folded name: it matches no one, and is no one's apart (match needs no query)."""
        uid = card.uid.strip()
        if uid and self._uids.may_have(uid):
            return True
        pools = [p for p in ((self._before,) if uid else (self._before, self._new)) if not p.empty]
        if not pools:
            return False
        name = f"n:{fold(card.name)}"
        return any(pool.may_have(key) for pool in pools for key in (name, *keys))

    def _names_differ(self, card: Card, ids: list[int]) -> dict[int, str]:
        """Of the people who share an email or phone with the card, those whose names
        differ from the card's (names_agree), with their names."""
        if not ids:
            return {}
        mine = Naming(card.name, card.nickname, card.emails, card.phones)
        rows = self.conn.execute(
            "SELECT id, name, nickname, emails, phones FROM people "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (_ids_json(ids),),
        )
        return {
            int(pid): name
            for pid, name, nickname, emails, phones in rows
            if not names_agree(mine, Naming(name, nickname, emails.split("\n"), phones.split("\n")))
        }

    def _closest(self, card: Card, pool: list[int], found: dict[int, set[str]]) -> int:
        incoming = contact_of(card, added_on=self.today).person

        def rank(pid: int) -> tuple[int, int, int]:
            _changes, conflicts = absorb(load_person(self.conn, pid), incoming)
            return (len(conflicts), -len(found[pid]), pid)

        return min(pool, key=rank)

    # -- writing -----------------------------------------------------------------------------

    def apply(self, record: Record) -> Outcome:
        """Add the record's person, or take it into the person it matches."""
        card = record.card if isinstance(record, OwnRow) else record
        matched = self.match(card)
        if matched is None:
            return self._add(record, card)
        return self._take(matched[0], matched[1], record, card)

    def _writing(self) -> None:
        """Before the first write: the export triggers, the search index's insert triggers and
        entry_people's history triggers off (finish puts them back, and does their work once);
        and when sync knows no item, its triggers too (each only marks sync_items rows, and an
        import adds none). Into an empty journal, the people indexes match does not read."""
        if self._triggers is not None:
            return
        self._triggers = self._drop(
            "trigger",
            "name LIKE 'export\\_%' ESCAPE '\\' OR name IN (SELECT value FROM json_each(?)) "
            "OR (name LIKE 'sync\\_%' ESCAPE '\\' AND NOT EXISTS (SELECT 1 FROM sync_items))",
            _DEFERRED,
        )
        if self._was_empty:
            self._indexes = self._drop(
                "index",
                "tbl_name = 'people' AND sql LIKE 'CREATE INDEX %' "
                "AND name NOT IN (SELECT value FROM json_each(?))",
                _MATCHED_BY,
            )

    def _drop(self, kind: str, where: str, names: Sequence[str]) -> list[str]:
        """Drop the triggers or indexes `where` says (`names` its one parameter, as JSON);
        their SQL, in the order they were made, for finish to make them again."""
        rows = self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = ? AND ({where}) ORDER BY rowid",
            (kind, json.dumps(names)),
        ).fetchall()
        for name, _sql in rows:
            self.conn.execute(f'DROP {kind.upper()} "{name}"')
        return [sql for _name, sql in rows]

    def _uid_for(self, card: Card) -> str:
        """The card's uid when no one has it yet (match looked: the trash included), else a
        new one."""
        uid = card.uid.strip()
        return uid if uid and not self._uid_taken else str(uuid.uuid4())

    def _add(self, record: Record, card: Card) -> Outcome:
        """A new person, and their tags, kids, pets, occasions, promises and last contact, to
        the pending batch (written when it is full, or before anything reads the journal)."""
        self._writing()
        contact = contact_of(card, added_on=self.today)
        person = contact.person
        own = record if isinstance(record, OwnRow) else None
        values = person_values(person)
        if own is not None:  # what a card has not, set as person_values sets it
            values["archived"] = int(bool(own.archived))
            values["snoozed_until"] = own.snoozed_until.isoformat() if own.snoozed_until else None
        pid = self._next_id
        self._next_id += 1
        uid = self._uid_for(card)
        last = own.last_contact if own is not None else None
        pending = self._pending
        if not self._people_sql:
            columns = ("id", *values, "uid", "kept", "last_contact")
            marks = ", ".join("?" * len(columns))
            self._people_sql = f"INSERT INTO people ({', '.join(columns)}) VALUES ({marks})"
        # A new person's only interaction is this one: it is their last contact.
        pending.people.append(
            (
                pid,
                *values.values(),
                uid,
                kept_text(contact.kept),
                last.isoformat() if last else None,
            )
        )
        pending.tags += [(pid, tag) for tag in sorted(clean_tags(person.tags))]
        pending.kids += [(pid, *kid_values(kid)) for kid in contact.kids]
        pending.pets += [(pid, *pet_values(pet)) for pet in contact.pets]
        pending.occasions += [(pid, *occasion_values(o)) for o in contact.occasions]
        if own is not None:
            pending.promises += self._promise_rows(pid, own.promises)
            if last is not None:
                pending.contacts.append((pid, last.isoformat()))
        # The card's emails and phones are the person's: match worked out their keys.
        pending.keys += [(key, pid) for key in self._card_keys]
        self._uids.add(uid)
        self._new.add(f"n:{values['sort_key']}")
        for key in self._card_keys:
            self._new.add(key)
        self.added += 1
        if len(pending.people) >= _BATCH:
            self.write_pending()
        return Outcome("added", pid, str(values["name"]), apart=self._apart)

    def write_pending(self) -> None:
        """The pending batch of new people into the journal, one executemany per table."""
        pending, conn = self._pending, self.conn
        if not pending.people:
            return
        conn.executemany(self._people_sql, pending.people)
        conn.executemany("INSERT INTO tags (person_id, tag) VALUES (?, ?)", pending.tags)
        conn.executemany(
            "INSERT INTO kids (person_id, name, birthday, notes, passed_on) VALUES (?, ?, ?, ?, ?)",
            pending.kids,
        )
        conn.executemany(
            "INSERT INTO pets (person_id, name, species, birthday, notes, passed_on) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            pending.pets,
        )
        conn.executemany(
            "INSERT INTO occasions (person_id, label, date) VALUES (?, ?, ?)", pending.occasions
        )
        conn.executemany(
            "INSERT INTO promises (person_id, text, due, created_on) VALUES (?, ?, ?, ?)",
            pending.promises,
        )
        if pending.contacts:
            first = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM entries").fetchone()[0])
            conn.executemany(
                "INSERT INTO entries (id, kind, on_date, channel, from_them, text, created_at) "
                "VALUES (?, 'interaction', ?, NULL, 0, ?, ?)",
                [(first + n, day, IMPORTED_CONTACT, self.created_at)
                 for n, (_pid, day) in enumerate(pending.contacts)],
            )  # fmt: skip
            # With the day and kind their entry has, as entry_people_dated would set them.
            conn.executemany(
                "INSERT INTO entry_people (entry_id, person_id, on_date, interaction, from_them) "
                "VALUES (?, ?, ?, 1, 0)",
                [(first + n, pid, day) for n, (pid, day) in enumerate(pending.contacts)],
            )
        conn.executemany(
            "INSERT INTO temp.import_keys (key, person_id) VALUES (?, ?)", pending.keys
        )
        self._pending = _Pending.empty()

    def _take(self, pid: int, how: str, record: Record, card: Card) -> Outcome:
        """Take a record into the person it matched: what it adds, and what it leaves."""
        conn = self.conn
        person = load_person(conn, pid)
        contact = contact_of(card, added_on=self.today)
        incoming: NewPerson = contact.person
        own = record if isinstance(record, OwnRow) else None
        if own is not None:
            incoming = replace(incoming, snoozed_until=own.snoozed_until)
        changes, conflicts = absorb(person, incoming)
        kids = absorb_family(self._kids(pid), contact.kids, "kid")
        pets = absorb_family(self._pets(pid), contact.pets, "pet")
        occasions = absorb_occasions(self._occasions(pid), contact.occasions)
        kept = kept_lines(
            conn.execute("SELECT kept FROM people WHERE id = ?", (pid,)).fetchone()[0]
        )
        new_lines = [line for line in dict.fromkeys(contact.kept) if line not in kept]
        conflicts += [*kids.conflicts, *pets.conflicts, *occasions.conflicts]
        promises: list[tuple[str, date | None]] = []
        contacted = False
        if own is not None:
            known = {(text, due) for text, due in conn.execute(
                "SELECT text, due FROM promises WHERE person_id = ?", (pid,))}  # fmt: skip
            for text, due in own.promises:
                if (text, due.isoformat() if due else None) not in known:
                    promises.append((text, due))
                    known.add((text, due.isoformat() if due else None))
            if own.archived is not None and own.archived != person.archived:
                shown = ("yes", "no") if person.archived else ("no", "yes")
                conflicts.append(Conflict("archived", *shown))
            last = conn.execute("SELECT last_contact FROM people WHERE id = ?", (pid,)).fetchone()
            contacted = own.last_contact is not None and (
                last[0] is None or own.last_contact.isoformat() > last[0]
            )
        changed = [
            *changes,
            *(["kids"] if kids.added or kids.updated else []),
            *(["pets"] if pets.added or pets.updated else []),
            *(["occasions"] if occasions.added or occasions.updated else []),
            *(["other contact lines"] if new_lines else []),
            *(["promises"] if promises else []),
            *(["last contact"] if contacted else []),
        ]
        if not changed:
            return Outcome("unchanged", pid, person.name, how, (), tuple(conflicts))
        self._writing()
        if changes:
            self._update_person(person, changes)
        for kid in kids.added:
            insert_kid(conn, pid, kid)
        for kid in kids.updated:
            conn.execute(
                "UPDATE kids SET name = ?, birthday = ?, notes = ?, passed_on = ? WHERE id = ?",
                (*kid_values(kid), kid.id),
            )
        for pet in pets.added:
            insert_pet(conn, pid, pet)
        for pet in pets.updated:
            conn.execute(
                "UPDATE pets SET name = ?, species = ?, birthday = ?, notes = ?, passed_on = ? "
                "WHERE id = ?",
                (*pet_values(pet), pet.id),
            )
        for occasion in occasions.added:
            insert_occasion(conn, pid, occasion)
        for occasion in occasions.updated:
            conn.execute(
                "UPDATE occasions SET date = ? WHERE id = ?", (occasion.date.iso(), occasion.id)
            )
        if new_lines:
            conn.execute(
                "UPDATE people SET kept = ? WHERE id = ?", (kept_text((*kept, *new_lines)), pid)
            )
        self._promises(pid, promises)
        if contacted and own is not None and own.last_contact is not None:
            self._contact(pid, own.last_contact)
            self.recontacted.add(pid)
        self.updated.add(pid)
        return Outcome("updated", pid, person.name, how, tuple(changed), tuple(conflicts))

    def _update_person(self, person: Person, changes: dict[str, Any]) -> None:
        if person.id >= self.first_new and person.id not in self.indexed:
            # Someone added by this import, not in the search index yet: in it now, so the
            # index's update trigger finds the row it takes out.
            self._index_people("id = ?", (person.id,))
            self.indexed.append(person.id)
        values = person_values(replace(person, **changes))
        values.pop("added_on")
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(
            f"UPDATE people SET {assignments} WHERE id = ?", (*values.values(), person.id)
        )
        if "tags" in changes:
            set_tags(self.conn, person.id, changes["tags"])
        pool = self._new if person.id >= self.first_new else self._before
        pool.add(f"n:{values['sort_key']}")
        if "emails" in changes or "phones" in changes:
            keys = _key_rows(person.id, changes.get("emails", ()), changes.get("phones", ()))
            self.conn.executemany(
                "INSERT INTO temp.import_keys (key, person_id) VALUES (?, ?)", keys
            )
            for key, _pid in keys:
                pool.add(key)

    def _index_people(self, where: str, params: Sequence[Any]) -> None:
        self.conn.execute(
            f"INSERT INTO people_fts (rowid, {_PEOPLE_SEARCHED}) "
            f"SELECT id, {_PEOPLE_SEARCHED} FROM people WHERE {where}",
            tuple(params),
        )

    def _promise_rows(
        self, pid: int, promises: Sequence[tuple[str, date | None]]
    ) -> list[tuple[int, str, str | None, str]]:
        return [(pid, text, due.isoformat() if due else None, self.today.isoformat())
                for text, due in promises if text.strip()]  # fmt: skip

    def _promises(self, pid: int, promises: Sequence[tuple[str, date | None]]) -> None:
        self.conn.executemany(
            "INSERT INTO promises (person_id, text, due, created_on) VALUES (?, ?, ?, ?)",
            self._promise_rows(pid, promises),
        )

    def _contact(self, pid: int, day: date) -> None:
        cursor = self.conn.execute(
            "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
            "VALUES ('interaction', ?, NULL, 0, ?, ?)",
            (day.isoformat(), IMPORTED_CONTACT, self.created_at),
        )
        self.conn.execute(
            "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)", (cursor.lastrowid, pid)
        )

    def _kids(self, pid: int) -> list[Any]:
        rows = self.conn.execute(
            f"SELECT {KID_COLUMNS} FROM kids WHERE person_id = ? ORDER BY {KID_ORDER}", (pid,)
        )
        return [kid_from_row(row) for row in rows]

    def _pets(self, pid: int) -> list[Any]:
        rows = self.conn.execute(
            f"SELECT {PET_COLUMNS} FROM pets WHERE person_id = ? ORDER BY {PET_ORDER}", (pid,)
        )
        return [pet_from_row(row) for row in rows]

    def _occasions(self, pid: int) -> list[Any]:
        rows = self.conn.execute(
            f"SELECT {OCCASION_COLUMNS} FROM occasions WHERE person_id = ? "
            f"ORDER BY {OCCASION_ORDER}",
            (pid,),
        )
        return [occasion_from_row(row) for row in rows]

    # -- the end -----------------------------------------------------------------------------

    def _fill_history(self) -> None:
        """What entry_people's history triggers would have kept for the interactions this
        import wrote, in one pass each: their links' day and kind, the contact days of their
        people, and those people's gaps between contact days made again."""
        conn, first = self.conn, self.first_entry
        conn.execute(
            "UPDATE entry_people SET (on_date, interaction, from_them) = (SELECT e.on_date, "
            "e.kind = 'interaction', e.from_them FROM entries e WHERE e.id = entry_id) "
            "WHERE entry_id >= ? AND on_date IS NULL",
            (first,),
        )
        conn.execute(
            f"INSERT INTO contact_days (person_id, day, n) "
            f"SELECT person_id, {DAY_NUMBER_SQL.format('on_date')}, count(*) FROM entry_people "
            "WHERE entry_id >= ? AND interaction GROUP BY 1, 2 "
            "ON CONFLICT (person_id, day) DO UPDATE SET n = n + excluded.n",
            (first,),
        )
        touched = "SELECT person_id FROM entry_people WHERE entry_id >= ? AND interaction"
        conn.execute(f"DELETE FROM contact_gaps WHERE person_id IN ({touched})", (first,))
        conn.execute(
            "INSERT INTO contact_gaps (person_id, gap, n) "
            + gaps_of(f"(SELECT person_id, day FROM contact_days WHERE person_id IN ({touched}))"),
            (first,),
        )
        conn.execute(
            "UPDATE sync_items SET dirty = 1 WHERE kind = 'entry' AND local_id >= ?", (first,)
        )

    def finish(self) -> None:
        """Work out, once each, the derived columns and export rows of everyone the import
        added or changed, then put the export triggers back."""
        conn = self.conn
        self.write_pending()
        if self._triggers is not None:
            self._fill_history()
            refresh_contact(conn, sorted(self.recontacted))
            old = sorted(pid for pid in self.updated if pid < self.first_new)
            for start in range(0, len(old), _BLOCK):
                block = _ids_json(old[start : start + _BLOCK])
                refresh_rhythms(conn, "id IN (SELECT value FROM json_each(?))", (block,))
            refresh_rows(conn, old)
            if self.added:
                self._index_people(
                    "id >= ? AND id NOT IN (SELECT value FROM json_each(?))",
                    (self.first_new, _ids_json(self.indexed)),
                )
                refresh_rhythms(conn, "id >= ?", (self.first_new,))
                conn.execute("DELETE FROM export_rows WHERE person_id >= ?", (self.first_new,))
                conn.execute(
                    "INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id >= ? "
                    "ORDER BY sort_key, person_id",
                    (self.first_new,),
                )
            conn.execute(
                "INSERT INTO entries_fts (rowid, text) SELECT id, text FROM entries WHERE id >= ?",
                (self.first_entry,),
            )
            for sql in [*self._triggers, *self._indexes]:
                conn.execute(sql)
        conn.execute("DROP TABLE IF EXISTS temp.import_keys")
