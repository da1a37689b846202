"""Sync's state in the journal (schema v6): where the vdirs are, which journal item each file
is, the base of each item's next three-way merge, and the files a sync left alone.

Every function here runs inside a write or read the caller holds: a sync is one BEGIN
IMMEDIATE transaction, and its state changes with the data it synced (rjournal.sync.engine).
Triggers (store/sql/v6.sql) set `dirty` when the journal side of a synced item changes, in
the transaction of that change, so finding what changed is one scan of this table.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

VdirName = Literal["contacts", "calendar"]
Kind = Literal["person", "promise", "occasion", "entry"]
VDIR_OF: dict[Kind, VdirName] = {
    "person": "contacts",
    "promise": "calendar",
    "occasion": "calendar",
    "entry": "calendar",
}


@dataclass(frozen=True)
class SyncSettings:
    contacts_dir: str
    calendar_dir: str
    namespace: uuid.UUID  # this journal's: the UIDs of its promises, occasions and entries
    last_run: str | None
    last_report: str | None  # JSON (rjournal.sync.report)


class SyncRow(NamedTuple):
    """One synced item as sync_items keeps it (its base is read on demand: base_of). A
    NamedTuple: a no-op sync makes one per item, and a dataclass costs several times more."""

    vdir: VdirName
    uid: str
    kind: Kind
    local_id: int | None
    href: str
    etag: str
    dirty: bool


@dataclass(frozen=True)
class Held:
    etag: str
    reason: str
    what: str
    retry: bool  # the journal may place it later: read again each run


def settings(conn: sqlite3.Connection) -> SyncSettings | None:
    """The sync set-up, or None before `rj sync --setup`."""
    row = conn.execute(
        "SELECT contacts_dir, calendar_dir, namespace, last_run, last_report "
        "FROM sync_settings WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    return SyncSettings(row[0], row[1], uuid.UUID(row[2]), row[3], row[4])


def set_folders(conn: sqlite3.Connection, contacts_dir: str, calendar_dir: str) -> None:
    """Where the vdirs are; the journal's UID namespace is made once, at the first set-up."""
    conn.execute(
        "INSERT INTO sync_settings (id, contacts_dir, calendar_dir, namespace) "
        "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "contacts_dir = excluded.contacts_dir, calendar_dir = excluded.calendar_dir",
        (contacts_dir, calendar_dir, str(uuid.uuid4())),
    )


def record_run(conn: sqlite3.Connection, when: str, report: str) -> None:
    conn.execute(
        "UPDATE sync_settings SET last_run = ?, last_report = ? WHERE id = 1", (when, report)
    )


def rows(conn: sqlite3.Connection, vdir: VdirName) -> list[SyncRow]:
    """Every synced item of a vdir, without its base: a no-op sync reads only these."""
    return [
        SyncRow(vdir, uid, kind, local_id, href, etag, bool(dirty))
        for uid, kind, local_id, href, etag, dirty in conn.execute(
            "SELECT uid, kind, local_id, href, etag, dirty FROM sync_items WHERE vdir = ?",
            (vdir,),
        )
    ]


def row_of(conn: sqlite3.Connection, kind: Kind, local_id: int) -> SyncRow | None:
    """The synced item of a journal row, if it has one."""
    found = conn.execute(
        "SELECT vdir, uid, kind, local_id, href, etag, dirty FROM sync_items "
        "WHERE kind = ? AND local_id = ?",
        (kind, local_id),
    ).fetchone()
    if found is None:
        return None
    vdir, uid, kind, row_id, href, etag, dirty = found
    return SyncRow(vdir, uid, kind, row_id, href, etag, bool(dirty))


def base_of(conn: sqlite3.Connection, vdir: VdirName, uid: str) -> tuple[str, str | None]:
    """An item's base and prior (see store/sql/v6.sql), as JSON."""
    row = conn.execute(
        "SELECT base, prior FROM sync_items WHERE vdir = ? AND uid = ?", (vdir, uid)
    ).fetchone()
    if row is None:
        raise KeyError(f"{vdir}/{uid} is not synced")
    return str(row[0]), row[1]


def put(
    conn: sqlite3.Connection,
    vdir: VdirName,
    uid: str,
    kind: Kind,
    local_id: int | None,
    href: str,
    etag: str,
    base: str,
    prior: str | None,
) -> None:
    """The item as both sides now hold it: clean."""
    conn.execute(
        "INSERT INTO sync_items (vdir, uid, kind, local_id, href, etag, base, prior, dirty) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (vdir, uid) DO UPDATE SET "
        "kind = excluded.kind, local_id = excluded.local_id, href = excluded.href, "
        "etag = excluded.etag, base = excluded.base, prior = excluded.prior, dirty = 0",
        (vdir, uid, kind, local_id, href, etag, base, prior),
    )


def drop(conn: sqlite3.Connection, vdir: VdirName, uid: str) -> None:
    conn.execute("DELETE FROM sync_items WHERE vdir = ? AND uid = ?", (vdir, uid))


def count(conn: sqlite3.Connection, vdir: VdirName) -> int:
    return int(
        conn.execute("SELECT count(*) FROM sync_items WHERE vdir = ?", (vdir,)).fetchone()[0]
    )


def uids(conn: sqlite3.Connection, vdir: VdirName) -> set[str]:
    return {row[0] for row in conn.execute("SELECT uid FROM sync_items WHERE vdir = ?", (vdir,))}


# -- journal items not synced yet ----------------------------------------------------------

_NO_ROW = "NOT EXISTS (SELECT 1 FROM sync_items s WHERE s.kind = '{kind}' AND s.local_id = {id})"
_UNSYNCED: dict[Kind, str] = {
    "person": "SELECT p.id FROM people p WHERE p.deleted_at IS NULL AND "
    + _NO_ROW.format(kind="person", id="p.id")
    + " ORDER BY p.id",
    "promise": "SELECT x.id FROM promises x JOIN people p ON p.id = x.person_id "
    "WHERE p.deleted_at IS NULL AND "
    + _NO_ROW.format(kind="promise", id="x.id")
    + " ORDER BY x.id",
    "occasion": "SELECT x.id FROM occasions x JOIN people p ON p.id = x.person_id "
    "WHERE p.deleted_at IS NULL AND "
    + _NO_ROW.format(kind="occasion", id="x.id")
    + " ORDER BY x.id",
    "entry": "SELECT e.id FROM entries e WHERE "
    + _NO_ROW.format(kind="entry", id="e.id")
    + " AND EXISTS (SELECT 1 FROM entry_people ep JOIN people p ON p.id = ep.person_id "
    "WHERE ep.entry_id = e.id AND p.deleted_at IS NULL) ORDER BY e.id",
}


def unsynced(conn: sqlite3.Connection, kind: Kind) -> list[int]:
    """The journal rows of a kind that sync shows (their person is not in the trash) and that
    have no file yet, in id order."""
    return [row[0] for row in conn.execute(_UNSYNCED[kind])]


def pending(conn: sqlite3.Connection) -> dict[str, int]:
    """What the next sync has to do on the journal side: items changed since (dirty) and
    items never synced, counted by kind ("person", "person new", ...)."""
    out: dict[str, int] = {}
    for kind, count in conn.execute(
        "SELECT kind, count(*) FROM sync_items WHERE dirty GROUP BY kind"
    ):
        out[str(kind)] = int(count)
    for kind, sql in _UNSYNCED.items():
        count = int(conn.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0])
        if count:
            out[f"{kind} new"] = count
    return out


# -- files left alone ----------------------------------------------------------------------


def held(conn: sqlite3.Connection, vdir: VdirName) -> dict[str, Held]:
    return {
        href: Held(etag, reason, what, bool(retry))
        for href, etag, reason, what, retry in conn.execute(
            "SELECT href, etag, reason, what, retry FROM sync_held WHERE vdir = ?", (vdir,)
        )
    }


def every_held(conn: sqlite3.Connection) -> Iterator[tuple[str, str, Held]]:
    """(vdir, href, why) of every file left alone, in name order."""
    for vdir, href, etag, reason, what, retry in conn.execute(
        "SELECT vdir, href, etag, reason, what, retry FROM sync_held ORDER BY vdir, href"
    ):
        yield vdir, href, Held(etag, reason, what, bool(retry))


def held_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM sync_held").fetchone()[0])


def hold(conn: sqlite3.Connection, vdir: VdirName, href: str, held: Held) -> None:
    conn.execute(
        "INSERT INTO sync_held (vdir, href, etag, reason, what, retry) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (vdir, href) DO UPDATE SET etag = excluded.etag, "
        "reason = excluded.reason, what = excluded.what, retry = excluded.retry",
        (vdir, href, held.etag, held.reason, held.what, int(held.retry)),
    )


def unhold(conn: sqlite3.Connection, vdir: VdirName, href: str) -> None:
    conn.execute("DELETE FROM sync_held WHERE vdir = ? AND href = ?", (vdir, href))


# -- removed on the vdir side --------------------------------------------------------------


def keep_removed(
    conn: sqlite3.Connection, at: str, kind: Kind, uid: str, fields: str, what: str
) -> None:
    """A promise, occasion or entry deleted elsewhere: its last field map, kept."""
    conn.execute(
        "INSERT INTO sync_removed (removed_at, kind, uid, fields, what) VALUES (?, ?, ?, ?, ?)",
        (at, kind, uid, fields, what),
    )


def removed(conn: sqlite3.Connection) -> list[tuple[int, str, str, str]]:
    """(id, removed_at, kind, what) of everything deleted elsewhere, newest first."""
    return [
        (int(row[0]), str(row[1]), str(row[2]), str(row[3]))
        for row in conn.execute(
            "SELECT id, removed_at, kind, what FROM sync_removed ORDER BY id DESC"
        )
    ]
