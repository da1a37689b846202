"""The full JSON backup, restored: a document of docs/json-format.md into an empty journal.

The document is read a record at a time (store.json_stream), so memory holds one person or
entry, not the file, and each record is checked as it comes: every problem is listed (where,
what, why), not only the first. Rows go in a block at a time inside one transaction (with
store.bulk setting the journal's triggers and indexes aside, then working out everything
derived once), with the ids, uids and days of the backup, so the journal restored equals the
one backed up, table by table. Any problem rolls the whole transaction back: the journal is
then as it was, empty.

Only an empty journal (no people, trash included, no entries, no tag rhythms) is restored
into: merging a backup into a journal in use would have to choose between two versions of
the same people, which is `rj import vcard`'s work, not a restore's. The head (`format`,
`version`) comes before the records, and `people` before `entries`, as `rj export json`
writes them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TextIO

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewPerson
from rjournal.domain.rhythms import Rhythm
from rjournal.domain.text import one_line
from rjournal.store.backup_json import (
    ENTRY_FIELDS,
    FORMAT,
    KID_FIELDS,
    OCCASION_FIELDS,
    PERSON_TEXT,
    PET_FIELDS,
    PROMISE_FIELDS,
    VERSION,
)
from rjournal.store.bulk import bulk_load
from rjournal.store.errors import JournalError
from rjournal.store.json_stream import JsonStream
from rjournal.store.rows import clean_tag, kept_text, person_values

_HEAD = ("format", "version", "schema", "exported_at", "settings", "tag_rhythms")
_PERSON_KEYS = frozenset({"id", *PERSON_TEXT, "tags", "kids", "pets", "occasions", "promises"})
_ENTRY_KEYS = frozenset({*ENTRY_FIELDS, "people"})
# Problems listed at most: a wrong file would otherwise print one line per record.
SHOWN_PROBLEMS = 20
KEPT_PROBLEMS = 1000  # beyond these, problems are counted, not kept
BLOCK = 1000  # people or entries written at a time
_FAMILY = ("kids", "pets", "occasions", "promises")


class BackupProblems(JournalError):
    """A backup that can't be restored: the problems found, one line each, and how many more
    there were than KEPT_PROBLEMS."""

    def __init__(self, problems: Sequence[str], more: int = 0) -> None:
        self.problems = list(problems)
        self.more = more
        super().__init__(self.problems[0] if self.problems else "not a backup")


@dataclass
class Restored:
    people: int = 0
    entries: int = 0


@dataclass
class _Rows:
    """Checked rows waiting to be written, table by table (a block of them)."""

    settings: list[tuple[str, str]] = field(default_factory=list)
    tag_rhythms: list[tuple[Any, ...]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    tags: list[tuple[int, str]] = field(default_factory=list)
    kids: list[tuple[Any, ...]] = field(default_factory=list)
    pets: list[tuple[Any, ...]] = field(default_factory=list)
    occasions: list[tuple[Any, ...]] = field(default_factory=list)
    promises: list[tuple[Any, ...]] = field(default_factory=list)
    entries: list[tuple[Any, ...]] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)


class _Reader:
    """Reads the values of one record, noting a problem (with where) for each bad one."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.more = 0  # problems past KEPT_PROBLEMS, counted only
        self.where = ""

    def note(self, problem: str) -> None:
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(one_line(problem))
        else:
            self.more += 1

    def bad(self, key: str, why: str) -> None:
        self.note(f"{self.where}.{key}: {why}" if key else f"{self.where}: {why}")

    def keys(self, record: Mapping[str, Any], allowed: Iterable[str]) -> None:
        unknown = sorted(set(record) - set(allowed))
        if unknown:
            self.bad("", f"unknown keys {', '.join(unknown)} (nothing is dropped unseen)")

    def text(self, record: Mapping[str, Any], key: str, *, required: bool = False) -> str:
        value = record.get(key, "")
        if not isinstance(value, str):
            self.bad(key, f"must be text, not {_kind(value)}")
            return ""
        if required and not value.strip():
            self.bad(key, "can't be empty")
        return value

    def texts(self, record: Mapping[str, Any], key: str) -> list[str]:
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(key, "must be a list of texts")
            return []
        return value

    def flag(self, record: Mapping[str, Any], key: str) -> bool:
        value = record.get(key, False)
        if not isinstance(value, bool):
            self.bad(key, f"must be true or false, not {_kind(value)}")
            return False
        return value

    def ident(self, record: Mapping[str, Any], key: str = "id") -> int:
        value = record.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**63:
            self.bad(key, f"must be a positive whole number, not {_kind(value)}")
            return 0
        return value

    def parsed(self, record: Mapping[str, Any], key: str, parse: Callable[[str], Any]) -> Any:
        """A value read by `parse`, or None when it is null or missing."""
        value = record.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.bad(key, f"must be text or null, not {_kind(value)}")
            return None
        try:
            return parse(value)
        except ValueError as error:
            self.bad(key, f"{value!r} can't be read ({error})")
            return None

    def day(self, record: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
        """A day as ISO text, or None when null or missing (a problem if `required`)."""
        if record.get(key) is None:
            if required:
                self.bad(key, "is required (a day: 2026-11-22)")
            return None
        found = self.parsed(record, key, date.fromisoformat)
        return found.isoformat() if found is not None else None

    def yearly(self, record: Mapping[str, Any], key: str) -> YearlyDate | None:
        found: YearlyDate | None = self.parsed(record, key, YearlyDate.from_iso)
        return found


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)  # fmt: skip


class _Loader:
    """Reads a backup's members in order, checks each record, and writes blocks of rows while
    nothing is wrong (after a problem it only checks, to list every problem)."""

    def __init__(self, conn: sqlite3.Connection, advance: Callable[[int], None] | None) -> None:
        self.conn = conn
        self.advance = advance
        self.read = _Reader()
        self.rows = _Rows()
        self.head: dict[str, Any] = {}
        self.people: set[int] = set()
        self.uids: set[str] = set()
        self.ids: dict[str, set[int]] = {table: set() for table in (*_FAMILY, "entries")}
        self.restored = Restored()
        # How many waiting rows of each family table the checks of uniqueness have seen.
        self.marks = dict.fromkeys(_FAMILY, 0)

    def load(self, stream: JsonStream) -> Restored:
        if stream.peek() != "{":
            raise BackupProblems([f'not an rjournal backup (no "format": "{FORMAT}")'])
        for key, value in stream.members(lambda key: key in ("people", "entries")):
            if key in ("people", "entries"):
                self._records(key, value)
            elif key in _HEAD:
                self._head(key, value)
            else:
                self.read.note(f"backup: unknown key {key!r} (nothing is dropped unseen)")
        self._check_head()
        self._flush()
        if self.read.problems:
            raise BackupProblems(self.read.problems, self.read.more)
        return self.restored

    def _check_head(self) -> None:
        """The format and version, which must come before any record."""
        if self.head.get("format") != FORMAT:
            raise BackupProblems([f'not an rjournal backup (no "format": "{FORMAT}" first)'])
        version = self.head.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise BackupProblems(["the backup's version is missing (it comes before people)"])
        if version > VERSION:
            newer = f"this backup is version {version}, from a newer rjournal (this one reads "
            raise BackupProblems([f"{newer}up to {VERSION}); upgrade rjournal"])

    def _head(self, key: str, value: Any) -> None:
        self.head[key] = value
        self.read.where = "backup"
        if key == "format" and value != FORMAT:
            self._check_head()
        elif key == "settings":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                self.read.bad("settings", "must be an object of texts")
            else:
                self.rows.settings = sorted(value.items())
        elif key == "tag_rhythms":
            self._tag_rhythms(value)

    def _tag_rhythms(self, rhythms: Any) -> None:
        if not isinstance(rhythms, dict):
            self.read.bad("tag_rhythms", "must be an object: tag -> rhythm code")
            return
        for tag, code in sorted(rhythms.items()):
            try:
                rhythm = Rhythm.from_code(code) if isinstance(code, str) else None
            except ValueError:
                rhythm = None
            if rhythm is None or rhythm.is_none:
                self.read.bad(f"tag_rhythms.{tag}", "must be a rhythm code (1w, 1m, 10d)")
                continue
            self.rows.tag_rhythms.append(
                (clean_tag(tag), rhythm.code(), rhythm.min_days(), rhythm.approx_days())
            )

    def _records(self, table: str, records: Any) -> None:
        self._check_head()
        if not isinstance(records, Iterator):
            self.read.note(f"backup: {table} must be a list")
            return
        for index, record in enumerate(records):
            self.read.where = f"{table}[{index}]"
            if not isinstance(record, dict):
                self.read.bad("", "must be an object")
                continue
            if table == "people":
                self._person(record)
            else:
                self._entry(record)
            if len(self.rows.people) >= BLOCK or len(self.rows.entries) >= BLOCK:
                self._flush()

    def _unique(self, table: str, key: str, value: Any, seen: set[Any]) -> None:
        if value in seen:
            self.read.bad(key, f"{value} is given more than once in {table}")
        seen.add(value)

    def _person(self, record: dict[str, Any]) -> None:
        before = len(self.rows.people)
        _person(record, self.read, self.rows)
        if len(self.rows.people) == before:
            return
        person = self.rows.people[-1]
        if person["id"]:
            self._unique("people", "id", person["id"], self.people)
        if person["uid"]:
            self._unique("people", "uid", person["uid"], self.uids)
        for table in _FAMILY:
            for row in getattr(self.rows, table)[self.marks[table] :]:
                if row[0] is not None:
                    self._unique(table, f"{table}.id", row[0], self.ids[table])
            self.marks[table] = len(getattr(self.rows, table))

    def _entry(self, record: dict[str, Any]) -> None:
        before = len(self.rows.entries)
        _entry(record, self.read, self.rows, self.people)
        if len(self.rows.entries) > before and self.rows.entries[-1][0]:
            self._unique("entries", "id", self.rows.entries[-1][0], self.ids["entries"])

    def _flush(self) -> None:
        """Write the rows waiting, unless something was wrong (then only drop them)."""
        rows = self.rows
        if not self.read.problems:
            _load(self.conn, rows)
            self.restored.people += len(rows.people)
            self.restored.entries += len(rows.entries)
        if self.advance:
            self.advance(len(rows.people) + len(rows.entries))
        self.rows = _Rows()
        self.marks = dict.fromkeys(_FAMILY, 0)


def _person(record: Any, read: _Reader, rows: _Rows) -> None:
    if not isinstance(record, dict):
        read.bad("", "must be an object")
        return
    read.keys(record, _PERSON_KEYS)
    person_id = read.ident(record)
    channel = read.parsed(record, "channel", Channel)
    rhythm = read.parsed(record, "rhythm", Rhythm.from_code)
    added = read.day(record, "added_on", required=True)
    snoozed = read.day(record, "snoozed_until")
    deleted = read.parsed(record, "deleted_at", datetime.fromisoformat)
    kept = read.texts(record, "kept")
    if any("\n" in line or "\r" in line for line in kept):
        read.bad("kept", "a kept line can't hold a line break")
        kept = []
    tags = read.texts(record, "tags")
    person = NewPerson(
        name=read.text(record, "name", required=True),
        added_on=date.fromisoformat(added) if added else date.min,
        nickname=read.text(record, "nickname"),
        company=read.text(record, "company"),
        role=read.text(record, "role"),
        emails=tuple(read.texts(record, "emails")),
        phones=tuple(read.texts(record, "phones")),
        city=read.text(record, "city"),
        birthday=read.yearly(record, "birthday"),
        partner=read.text(record, "partner"),
        met=read.text(record, "met"),
        about=read.text(record, "about"),
        likes=read.text(record, "likes"),
        dislikes=read.text(record, "dislikes"),
        channel=channel,
        reach=read.text(record, "reach"),
        tags=tuple(tags),
        rhythm=rhythm,
        snoozed_until=date.fromisoformat(snoozed) if snoozed else None,
        archived=read.flag(record, "archived"),
    )
    values = person_values(person)
    values.update(
        id=person_id,
        uid=read.text(record, "uid").strip(),
        kept=kept_text(kept),
        deleted_at=record.get("deleted_at") if deleted is not None else None,
    )
    rows.people.append(values)
    rows.tags.extend((person_id, tag) for tag in sorted({clean_tag(t) for t in tags if t.strip()}))
    where = read.where
    for key, reader, into in (
        ("kids", _kid, rows.kids),
        ("pets", _pet, rows.pets),
        ("occasions", _occasion, rows.occasions),
        ("promises", _promise, rows.promises),
    ):
        items = record.get(key, [])
        if not isinstance(items, list):
            read.bad(key, "must be a list")
            continue
        for index, item in enumerate(items):
            read.where = f"{where}.{key}[{index}]"
            if not isinstance(item, dict):
                read.bad("", "must be an object")
                continue
            into.append(reader(item, read, person_id))
        read.where = where


def _optional_id(record: Mapping[str, Any], read: _Reader) -> int | None:
    """A record's id, or None when the backup gives none (the journal then gives one)."""
    return read.ident(record) if record.get("id") is not None else None


def _kid(record: Mapping[str, Any], read: _Reader, person_id: int) -> tuple[Any, ...]:
    read.keys(record, KID_FIELDS)
    birthday = read.yearly(record, "birthday")
    return (
        _optional_id(record, read), person_id, read.text(record, "name", required=True).strip(),
        birthday.iso() if birthday else None, read.text(record, "notes"),
        read.day(record, "passed_on"),
    )  # fmt: skip


def _pet(record: Mapping[str, Any], read: _Reader, person_id: int) -> tuple[Any, ...]:
    read.keys(record, PET_FIELDS)
    birthday = read.yearly(record, "birthday")
    return (
        _optional_id(record, read), person_id, read.text(record, "name", required=True).strip(),
        read.text(record, "species"), birthday.iso() if birthday else None,
        read.text(record, "notes"), read.day(record, "passed_on"),
    )  # fmt: skip


def _occasion(record: Mapping[str, Any], read: _Reader, person_id: int) -> tuple[Any, ...]:
    read.keys(record, OCCASION_FIELDS)
    when = read.yearly(record, "date")
    if when is None and record.get("date") is None:
        read.bad("date", "is required (1990-04-15 or --04-15)")
    label = read.text(record, "label", required=True).strip()
    return (_optional_id(record, read), person_id, label, when.iso() if when else "")


def _promise(record: Mapping[str, Any], read: _Reader, person_id: int) -> tuple[Any, ...]:
    read.keys(record, PROMISE_FIELDS)
    return (
        _optional_id(record, read), person_id, read.text(record, "text", required=True),
        read.day(record, "due"), read.day(record, "done_on"),
        read.day(record, "created_on", required=True),
    )  # fmt: skip


def _entry(record: Any, read: _Reader, rows: _Rows, people: set[int]) -> None:
    if not isinstance(record, dict):
        read.bad("", "must be an object")
        return
    read.keys(record, _ENTRY_KEYS)
    entry_id = read.ident(record)
    kind = record.get("kind")
    if kind not in ("interaction", "note"):
        read.bad("kind", f'must be "interaction" or "note", not {_kind(kind)}')
    channel = read.parsed(record, "channel", Channel)
    created = read.parsed(record, "created_at", datetime.fromisoformat)
    if created is None and record.get("created_at") is None:
        read.bad("created_at", "is required (2026-11-22T08:30:00)")
    rows.entries.append(
        (
            entry_id, kind, read.day(record, "on", required=True),
            channel.value if channel else None, int(read.flag(record, "from_them")),
            read.text(record, "text"), record.get("created_at"),
        )
    )  # fmt: skip
    linked = record.get("people", [])
    if not isinstance(linked, list) or not all(
        isinstance(p, int) and not isinstance(p, bool) for p in linked
    ):
        read.bad("people", "must be a list of people's ids")
        return
    missing = sorted(set(linked) - people)
    if missing:
        read.bad("people", f"no person with id {', '.join(map(str, missing[:5]))} in the backup")
    rows.links.extend((entry_id, person_id) for person_id in sorted(set(linked)))


def is_empty(conn: sqlite3.Connection) -> bool:
    """No people (trash included), no entries and no tag rhythms: a journal to restore into."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM entries) "
        "OR EXISTS (SELECT 1 FROM tag_rhythms)"
    ).fetchone()
    return not row[0]


def restore(
    conn: sqlite3.Connection, source: TextIO, *, advance: Callable[[int], None] | None = None
) -> Restored:
    """Read a backup from `source` into the empty journal of `conn`, as one transaction.

    BackupProblems lists what is wrong with the backup, json.JSONDecodeError says where it is
    not JSON, JournalError says the journal is not empty (checked inside the transaction, so
    nothing can slip in between): each leaves the journal as it was. `advance(n)` hears of
    each block of n records read.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not is_empty(conn):
            raise JournalError(
                "the journal is not empty: a backup restores into an empty journal "
                "(give a new file with --db)"
            )
        with bulk_load(conn):
            restored = _Loader(conn, advance).load(JsonStream(source))
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return restored


def _insert(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Any]
) -> None:
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _load(conn: sqlite3.Connection, rows: _Rows) -> None:
    conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rows.settings,
    )
    _insert(conn, "tag_rhythms", ("tag", "rhythm", "rhythm_days", "rhythm_avg"), rows.tag_rhythms)
    if rows.people:
        columns = list(rows.people[0])
        _insert(conn, "people", columns, (tuple(p.values()) for p in rows.people))
    _insert(conn, "tags", ("person_id", "tag"), rows.tags)
    _insert(conn, "kids", ("id", *_person_id(KID_FIELDS[1:])), rows.kids)
    _insert(conn, "pets", ("id", *_person_id(PET_FIELDS[1:])), rows.pets)
    _insert(conn, "occasions", ("id", *_person_id(OCCASION_FIELDS[1:])), rows.occasions)
    _insert(conn, "promises", ("id", *_person_id(PROMISE_FIELDS[1:])), rows.promises)
    entry_columns = ("id", "kind", "on_date", "channel", "from_them", "text", "created_at")
    _insert(conn, "entries", entry_columns, rows.entries)
    _insert(conn, "entry_people", ("entry_id", "person_id"), rows.links)


def _person_id(columns: Sequence[str]) -> tuple[str, ...]:
    return ("person_id", *columns)
