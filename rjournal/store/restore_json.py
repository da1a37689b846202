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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rjournal.domain.rhythms import Rhythm
from rjournal.store.backup_json import (
    FORMAT,
    KID_FIELDS,
    OCCASION_FIELDS,
    PET_FIELDS,
    PROMISE_FIELDS,
    VERSION,
)
from rjournal.store.backup_records import RecordReader, Rows, read_entry, read_person
from rjournal.store.bulk import bulk_load
from rjournal.store.errors import JournalError
from rjournal.store.json_stream import JsonStream
from rjournal.store.rows import clean_tag

_HEAD = ("format", "version", "schema", "exported_at", "settings", "tag_rhythms")
# Problems listed at most: a wrong file would otherwise print one line per record.
SHOWN_PROBLEMS = 20
BLOCK = 1000  # people or entries written at a time
_FAMILY = ("kids", "pets", "occasions", "promises")


class BackupProblems(JournalError):
    """A backup that can't be restored: the problems found, one line each, and how many more
    there were (beyond backup_records.KEPT_PROBLEMS, only counted)."""

    def __init__(self, problems: Sequence[str], more: int = 0) -> None:
        self.problems = list(problems)
        self.more = more
        super().__init__(self.problems[0] if self.problems else "not a backup")


@dataclass
class Restored:
    people: int = 0
    entries: int = 0


class _Loader:
    """Reads a backup's members in order, checks each record, and writes blocks of rows while
    nothing is wrong (after a problem it only checks, to list every problem)."""

    def __init__(self, conn: sqlite3.Connection, advance: Callable[[int], None] | None) -> None:
        self.conn = conn
        self.advance = advance
        self.read = RecordReader()
        self.rows = Rows()
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
                self.read_person(record)
            else:
                self.read_entry(record)
            if len(self.rows.people) >= BLOCK or len(self.rows.entries) >= BLOCK:
                self._flush()

    def _unique(self, table: str, key: str, value: Any, seen: set[Any]) -> None:
        if value in seen:
            self.read.bad(key, f"{value} is given more than once in {table}")
        seen.add(value)

    def read_person(self, record: dict[str, Any]) -> None:
        before = len(self.rows.people)
        read_person(record, self.read, self.rows)
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

    def read_entry(self, record: dict[str, Any]) -> None:
        before = len(self.rows.entries)
        read_entry(record, self.read, self.rows, self.people)
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
        self.rows = Rows()
        self.marks = dict.fromkeys(_FAMILY, 0)


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


def _load(conn: sqlite3.Connection, rows: Rows) -> None:
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
