"""The people columns derived from other rows: never typed, rewritten in the same transaction
as every change they follow.

- last_contact, last_channel: the latest interaction (by day, then entry id); notes don't count.
- awaiting: 1 when that interaction came from them and waits on your answer (one that mail
  ingest saw you answer the same day, in mail_answered, waits on nothing).
- recent_n, recent_them: who reached out in the latest RECENT_INTERACTIONS interactions,
  newest first: how many there are, and a bit for each that came from them (see recent_bits).
- learned_days: domain.rhythms.learn_rhythm over every interaction's day: the median of the
  gaps between contact days, which the schema keeps counted (contact_gaps), so it costs the
  number of different gaps, not of interactions (learned_from_gaps).
- eff_min, eff_avg: the rhythm in force (store.rhythm_sql), its shortest and average length in
  days, 0 for none; start_day and due_from: the day its clock started (last contact, else the
  day added) and the earliest day it can fall due, as day numbers (days since 1970-01-01), so
  ranking is integer arithmetic over a covering index.

What the schema's triggers keep (store/sql/v7.sql): each entry_people row carries its entry's
on_date, kind and from_them (the index entry_people_dated gives a person's entries by day),
contact_days counts each person's interactions by day, and contact_gaps the gaps between
those days. A bulk load, its triggers off, has rebuild_history make them in a few passes;
stale_history says where any of them differs from what the entries say.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from rjournal.domain.rhythms import LEARN_MIN_GAPS
from rjournal.store.rhythm_sql import in_force_sql

# The people columns this module keeps.
PEOPLE_DERIVED = (
    "last_contact", "last_channel", "awaiting", "learned_days", "eff_min", "eff_avg", "start_day",
    "due_from", "recent_n", "recent_them",
)  # fmt: skip
# How many of the latest interactions tell whether the dialog is one-sided. (Stored in
# recent_n and recent_them: a change needs a migration that works them out again.)
RECENT_INTERACTIONS = 5
# Days since 1970-01-01 in SQL, as day_number() counts them in Python.
DAY_NUMBER_SQL = "CAST(julianday({}) - 2440587.5 AS INTEGER)"
_EPOCH = date(1970, 1, 1)

# Whether an interaction waits on your answer: it came from them, and mail ingest did not see
# you answer it the same day.
_WAITS = "(ep.from_them AND ep.entry_id NOT IN (SELECT entry_id FROM mail_answered))"
# A person's latest interaction: its day, channel and whether it waits on your answer
# (entry_people_dated, from its end).
_LAST = (
    f"SELECT ep.on_date, e.channel, {_WAITS} FROM entry_people ep "
    "JOIN entries e ON e.id = ep.entry_id "
    "WHERE ep.person_id = ? AND ep.interaction ORDER BY ep.on_date DESC, ep.entry_id DESC "
    "LIMIT 1"
)
# Who reached out in a person's latest interactions, newest first.
RECENT_SQL = (
    "SELECT ep.from_them FROM entry_people ep WHERE ep.person_id = ? AND ep.interaction "
    f"ORDER BY ep.on_date DESC, ep.entry_id DESC LIMIT {RECENT_INTERACTIONS}"
)
_GAPS = "SELECT gap, n FROM contact_gaps WHERE person_id = ? ORDER BY gap"
_SET_CONTACT = (
    "UPDATE people SET last_contact = ?, last_channel = ?, awaiting = ?, learned_days = ?, "
    "recent_n = ?, recent_them = ? WHERE id = ?"
)


def day_number(day: date) -> int:
    """Days since 1970-01-01, as the schema's start_day and due_from count them."""
    return (day - _EPOCH).days


def from_day_number(number: int) -> date:
    """The day a day number counts (day_number's inverse)."""
    return _EPOCH + timedelta(days=number)


def learned_from_gaps(gaps: Iterable[tuple[int, int]]) -> int | None:
    """The learned rhythm's length in days, from the gaps between contact days counted by
    length ((gap, how many), shortest first): learn_rhythm's median, None with too few."""
    counted = list(gaps)
    total = sum(n for _, n in counted)
    if total < LEARN_MIN_GAPS:
        return None
    middle = total // 2
    wanted = [middle] if total % 2 else [middle - 1, middle]
    found: list[int] = []
    seen = 0
    for gap, n in counted:
        seen += n
        while wanted and wanted[0] < seen:  # the gap at sorted position wanted[0]
            found.append(gap)
            wanted.pop(0)
        if not wanted:
            break
    return max(sum(found) // len(found), 1)


def recent_bits(from_them: Iterable[object]) -> tuple[int, int]:
    """recent_n and recent_them of who reached out in the latest interactions, newest first."""
    flags = [bool(flag) for flag in from_them][:RECENT_INTERACTIONS]
    return len(flags), sum(1 << i for i, flag in enumerate(flags) if flag)


def recent_flags(recent_n: int, recent_them: int) -> tuple[bool, ...]:
    """CheckinFacts.recent_from_them of the stored recent_n and recent_them."""
    return tuple(bool(recent_them >> i & 1) for i in range(recent_n))


def refresh_contact(conn: sqlite3.Connection, people: Iterable[int]) -> None:
    """Re-derive last contact, its channel, whether it waits on your answer, who reached out
    lately, the learned rhythm and the rhythm in force of these people: a few index look-ups
    each, however long their history."""
    for person_id in people:
        last = conn.execute(_LAST, (person_id,)).fetchone()
        recent = recent_bits(row[0] for row in conn.execute(RECENT_SQL, (person_id,)))
        learned = learned_from_gaps(conn.execute(_GAPS, (person_id,)))
        day, channel, waits = last if last is not None else (None, None, 0)
        conn.execute(_SET_CONTACT, (day, channel, int(bool(waits)), learned, *recent, person_id))
        refresh_rhythms(conn, "id = ?", (person_id,))


# What the triggers of entry_people keep, worked out from the entries in one pass each.
_FILL_LINKS = """
UPDATE entry_people SET (on_date, interaction, from_them) = (
    SELECT e.on_date, e.kind = 'interaction', e.from_them FROM entries e
    WHERE e.id = entry_people.entry_id)
WHERE on_date IS NULL
"""
_FRESH_DAYS = f"""
SELECT person_id, {DAY_NUMBER_SQL.format("on_date")} AS day, count(*) AS n
FROM entry_people WHERE interaction GROUP BY 1, 2
"""
# Everyone's interactions in the order that makes each person's last one the latest.
_CONTACTS = (
    f"SELECT ep.person_id, ep.on_date, e.channel, ep.from_them, {_WAITS} FROM entry_people ep "
    "JOIN entries e ON e.id = ep.entry_id WHERE ep.interaction "
    "ORDER BY ep.person_id, ep.on_date, ep.entry_id"
)


def rebuild_history(conn: sqlite3.Connection) -> None:
    """What the history triggers keep, made again from the entries: for a bulk load, which
    turns them off (links loaded without their entry's day get it here)."""
    conn.execute(_FILL_LINKS)
    conn.execute("DELETE FROM contact_days")
    conn.execute(f"INSERT INTO contact_days (person_id, day, n) {_FRESH_DAYS}")
    conn.execute("DELETE FROM contact_gaps")
    conn.execute(f"INSERT INTO contact_gaps (person_id, gap, n) {gaps_of('contact_days')}")


def gaps_of(days: str) -> str:
    """SQL: the gaps between the contact days of `days` (rows of person_id, day), counted."""
    return f"""
SELECT person_id, gap, count(*) AS n FROM (
    SELECT person_id, day - lag(day) OVER (PARTITION BY person_id ORDER BY day) AS gap
    FROM {days})
WHERE gap IS NOT NULL GROUP BY 1, 2
"""


def stale_history(conn: sqlite3.Connection) -> list[str]:
    """Where what the history triggers keep differs from the entries (empty when it does not)."""
    problems: list[str] = []
    links = conn.execute(
        "SELECT count(*) FROM entry_people ep JOIN entries e ON e.id = ep.entry_id "
        "WHERE ep.on_date IS NOT e.on_date OR ep.interaction <> (e.kind = 'interaction') "
        "OR ep.from_them <> e.from_them"
    ).fetchone()[0]
    if links:
        problems.append(f"{links} entry_people rows differ from their entry")
    for table, fresh, key in (
        ("contact_days", _FRESH_DAYS, "day"),
        ("contact_gaps", gaps_of(f"({_FRESH_DAYS})"), "gap"),
    ):
        kept = f"SELECT person_id, {key}, n FROM {table}"
        differ = conn.execute(
            f"SELECT (SELECT count(*) FROM ({fresh} EXCEPT {kept})) "
            f"+ (SELECT count(*) FROM ({kept} EXCEPT {fresh}))"
        ).fetchone()[0]
        if differ:
            problems.append(f"{table} differs from the entries in {differ} rows")
    return problems


def refresh_everyone(conn: sqlite3.Connection) -> None:
    """refresh_contact for everyone at once, after a bulk load: the history tables rebuilt,
    then one sorted pass over the interactions, then the people. At 100,000 people that is
    about half the time of a query per person, and it needs none of the indexes a bulk load
    drops."""
    rebuild_history(conn)
    learned: dict[int, int | None] = {}
    gaps = conn.execute("SELECT person_id, gap, n FROM contact_gaps ORDER BY person_id, gap")
    for person_id, rows in itertools.groupby(gaps, key=lambda row: row[0]):
        learned[person_id] = learned_from_gaps((gap, n) for _, gap, n in rows)
    found: dict[int, tuple[Any, ...]] = {}
    for person_id, contacts in itertools.groupby(conn.execute(_CONTACTS), key=lambda r: r[0]):
        latest = _last_few(contacts)
        found[person_id] = (
            latest[0][1],
            latest[0][2],
            int(bool(latest[0][4])),
            learned.get(person_id),
            *recent_bits(row[3] for row in latest),
        )
    everyone = [row[0] for row in conn.execute("SELECT id FROM people")]
    nothing = (None, None, 0, None, 0, 0)
    conn.executemany(_SET_CONTACT, ((*found.get(pid, nothing), pid) for pid in everyone))
    refresh_rhythms(conn, "TRUE")


def _last_few(rows: Iterable[Sequence[Any]]) -> list[Sequence[Any]]:
    """The last RECENT_INTERACTIONS rows, newest first."""
    return list(deque(rows, maxlen=RECENT_INTERACTIONS))[::-1]


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
