"""The full JSON backup, written: everything the journal holds, in the shape of
docs/json-format.md (store.restore_json reads it back).

One document: a head (format, version, schema, when), the settings, the tags' rhythms, then
`people` (every person, the trash included, each with their tags, kids, pets, occasions,
promises open and done, and kept contact lines) and `entries` (each with its people by id),
one record per line. Records are what was typed: the columns the journal derives (last
contact, learned rhythms, search keys, export rows) are left out and worked out again on
restore.

It streams: people and entries come from one cursor each, a block at a time, with one query
per related table per block, so memory stays a block's whatever the size of the journal, and
the whole document is one consistent picture (one read transaction).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

FORMAT = "rjournal-backup"
VERSION = 1
BLOCK = 500  # people or entries per block: few queries, little memory

# Every people column a backup carries, in the order a record lists them (after `id`).
PERSON_TEXT = (
    "uid", "name", "nickname", "company", "role", "emails", "phones", "city", "birthday",
    "partner", "met", "about", "likes", "dislikes", "channel", "reach", "rhythm",
    "snoozed_until", "archived", "added_on", "deleted_at", "kept",
)  # fmt: skip
KID_FIELDS = ("id", "name", "birthday", "notes", "passed_on")
PET_FIELDS = ("id", "name", "species", "birthday", "notes", "passed_on")
OCCASION_FIELDS = ("id", "label", "date")
PROMISE_FIELDS = ("id", "text", "due", "done_on", "created_on")
ENTRY_FIELDS = ("id", "kind", "on", "channel", "from_them", "text", "created_at")
# The people columns holding a list, one item a line.
_LISTS = frozenset({"emails", "phones", "kept"})

Write = Callable[[str], Any]


@dataclass
class Written:
    """What a backup holds: how many people (the trash included) and entries."""

    people: int = 0
    entries: int = 0


# One encoder for every record (json.dumps with options makes a new one per call).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    """One record: on one line, UTF-8 as is (json escapes every control character)."""
    return _ENCODER.encode(value)


def write_backup(
    conn: sqlite3.Connection,
    write: Write,
    *,
    exported_at: str,
    advance: Callable[[int], None] | None = None,
) -> Written:
    """Write the whole journal as one JSON document; `advance(n)` hears of each block of n
    people or entries written. Run it with no transaction open: it holds its own read."""
    written = Written()
    schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
    conn.execute("BEGIN")
    try:
        head = {"format": FORMAT, "version": VERSION, "schema": schema, "exported_at": exported_at}
        write("{" + dumps(head)[1:-1] + ",\n")
        settings = dict(conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall())
        write(f'"settings": {dumps(settings)},\n')
        rhythms = dict(conn.execute("SELECT tag, rhythm FROM tag_rhythms ORDER BY tag").fetchall())
        write(f'"tag_rhythms": {dumps(rhythms)},\n')
        write('"people": [')
        for count, block in _blocks(_people(conn)):
            write(block)
            written.people += count
            if advance:
                advance(count)
        write('\n],\n"entries": [')
        for count, block in _blocks(_entries(conn)):
            write(block)
            written.entries += count
            if advance:
                advance(count)
        write("\n]\n}\n")
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
    return written


def _blocks(records: Iterator[list[Any]]) -> Iterator[tuple[int, str]]:
    """Each block of records (objects, or their JSON text) as text: one record a line, commas
    between them."""
    first = True
    for block in records:
        lines = [record if isinstance(record, str) else dumps(record) for record in block]
        text = ",\n".join(lines)
        yield len(lines), ("\n" if first else ",\n") + text
        first = False


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _related(
    conn: sqlite3.Connection, ids: Sequence[int], table: str, columns: Sequence[str], order: str
) -> dict[int, list[Any]]:
    """The rows of a table that belong to these people, by person: a value each for one
    column, else an object each."""
    found: defaultdict[int, list[Any]] = defaultdict(list)
    picked = ", ".join(columns)
    for row in conn.execute(
        f"SELECT person_id, {picked} FROM {table} WHERE person_id IN ({_marks(ids)}) "
        f"ORDER BY person_id, {order}",
        list(ids),
    ):
        value = row[1] if len(columns) == 1 else dict(zip(columns, row[1:], strict=True))
        found[row[0]].append(value)
    return found


def _people(conn: sqlite3.Connection) -> Iterator[list[dict[str, Any]]]:
    rows = conn.execute(f"SELECT id, {', '.join(PERSON_TEXT)} FROM people ORDER BY id")
    while batch := rows.fetchmany(BLOCK):
        ids = [row[0] for row in batch]
        related = {
            "tags": _related(conn, ids, "tags", ("tag",), "tag"),
            "kids": _related(conn, ids, "kids", KID_FIELDS, "id"),
            "pets": _related(conn, ids, "pets", PET_FIELDS, "id"),
            "occasions": _related(conn, ids, "occasions", OCCASION_FIELDS, "id"),
            "promises": _related(conn, ids, "promises", PROMISE_FIELDS, "id"),
        }
        block = []
        for row in batch:
            person_id = row[0]
            record: dict[str, Any] = {"id": person_id}
            for name, value in zip(PERSON_TEXT, row[1:], strict=True):
                if name in _LISTS:
                    record[name] = value.split("\n") if value else []
                elif name == "archived":
                    record[name] = bool(value)
                else:
                    record[name] = value
            for name, by_person in related.items():
                record[name] = by_person.get(person_id, [])
            block.append(record)
        yield block


# Each entry as its JSON record, made by SQLite's JSON functions: three times faster than
# building and encoding them in Python, and entries are most of a journal.
_ENTRY_RECORDS = """SELECT json_object('id', e.id, 'kind', e.kind, 'on', e.on_date,
    'channel', e.channel, 'from_them', json(iif(e.from_them, 'true', 'false')), 'text', e.text,
    'created_at', e.created_at, 'people', (SELECT json_group_array(person_id)
        FROM (SELECT person_id FROM entry_people WHERE entry_id = e.id ORDER BY person_id)))
    FROM entries e ORDER BY e.id"""


def _entries(conn: sqlite3.Connection) -> Iterator[list[str]]:
    rows = conn.execute(_ENTRY_RECORDS)
    while batch := rows.fetchmany(BLOCK):
        yield [record for (record,) in batch]
