"""The people columns derived from other rows: never typed, rewritten in the same transaction
as every change they follow.

- last_contact, last_channel: the latest interaction (by day, then entry id); notes don't count.
- awaiting: 1 when that interaction came from them and waits on your answer (one that mail
  ingest saw you answer the same day, in mail_answered, waits on nothing).
- learned_days: domain.rhythms.learn_rhythm over every interaction's day.
- eff_min, eff_avg: the rhythm in force (store.rhythm_sql), its shortest and average length in
  days, 0 for none; start_day and due_from: the day its clock started (last contact, else the
  day added) and the earliest day it can fall due, as day numbers (days since 1970-01-01), so
  ranking is integer arithmetic over a covering index.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rjournal.domain.rhythms import learn_rhythm
from rjournal.store.rhythm_sql import in_force_sql

# The people columns this module keeps.
PEOPLE_DERIVED = (
    "last_contact", "last_channel", "awaiting", "learned_days", "eff_min", "eff_avg", "start_day",
    "due_from",
)  # fmt: skip
# Days since 1970-01-01 in SQL, as day_number() counts them in Python.
DAY_NUMBER_SQL = "CAST(julianday({}) - 2440587.5 AS INTEGER)"
_EPOCH = date(1970, 1, 1)

# A person's interactions in the order that makes the last one the latest.
_CONTACTS = (
    "SELECT ep.person_id, e.on_date, e.channel, "
    "e.from_them AND e.id NOT IN (SELECT entry_id FROM mail_answered) FROM entry_people ep "
    "JOIN entries e ON e.id = ep.entry_id WHERE e.kind = 'interaction' {where} "
    "ORDER BY {order}e.on_date, e.id"
)
_SET_CONTACT = (
    "UPDATE people SET last_contact = ?, last_channel = ?, awaiting = ?, learned_days = ? "
    "WHERE id = ?"
)


def day_number(day: date) -> int:
    """Days since 1970-01-01, as the schema's start_day and due_from count them."""
    return (day - _EPOCH).days


def _contact_columns(contacts: Sequence[tuple[Any, ...]]) -> tuple[Any, Any, Any, Any]:
    """last_contact, last_channel, awaiting, learned_days of (person, day, channel, awaiting)
    rows in order."""
    if not contacts:
        return None, None, 0, None
    learned = learn_rhythm([date.fromisoformat(row[1]) for row in contacts])
    last = contacts[-1]
    return last[1], last[2], int(bool(last[3])), learned.count if learned else None


def refresh_contact(conn: sqlite3.Connection, people: Iterable[int]) -> None:
    """Re-derive last contact, its channel, whether it waits on your answer, the learned rhythm
    and the rhythm in force of these people from their interactions."""
    sql = _CONTACTS.format(where="AND ep.person_id = ?", order="")
    for person_id in people:
        contacts = conn.execute(sql, (person_id,)).fetchall()
        conn.execute(_SET_CONTACT, (*_contact_columns(contacts), person_id))
        refresh_rhythms(conn, "id = ?", (person_id,))


def refresh_everyone(conn: sqlite3.Connection) -> None:
    """refresh_contact for everyone at once, after a bulk load: one sorted pass over the
    interactions, then the people. At 100,000 people that is about half the time of a query
    per person, and it needs none of the indexes a bulk load drops."""
    found: dict[int, tuple[Any, Any, Any, Any]] = {}
    rows = conn.execute(_CONTACTS.format(where="", order="ep.person_id, "))
    for person_id, contacts in itertools.groupby(rows, key=lambda row: row[0]):
        found[person_id] = _contact_columns(list(contacts))
    everyone = [row[0] for row in conn.execute("SELECT id FROM people")]
    nothing = (None, None, 0, None)
    conn.executemany(_SET_CONTACT, ((*found.get(pid, nothing), pid) for pid in everyone))
    refresh_rhythms(conn, "TRUE")


def refresh_rhythms(conn: sqlite3.Connection, where: str, params: Sequence[Any] = ()) -> None:
    """Re-derive the rhythm in force and its clock of the people matching `where`."""
    start_day = DAY_NUMBER_SQL.format("coalesce(last_contact, added_on)")
    conn.execute(
        f"UPDATE people SET eff_min = {in_force_sql('rhythm_days')}, "
        f"eff_avg = {in_force_sql('rhythm_avg')}, start_day = {start_day} "
        f"WHERE {where}",
        tuple(params),
    )
    # A second pass reads the values just written instead of working them out again.
    conn.execute(
        "UPDATE people SET due_from = CASE WHEN eff_min > 0 THEN start_day + eff_min END "
        f"WHERE {where}",
        tuple(params),
    )
