"""Gathering the morning digest (domain.digest): three reads, each consistent in itself.

Its cost follows what it shows: the check-in engine's first few (store.facts, which pages its
bounds), the week's occasions through the indexed "MM-DD" columns (store.upcoming), and the
due promises through the index of open promises by due day.
"""

from __future__ import annotations

from datetime import date, timedelta

from rjournal.domain.checkin import CheckinSettings
from rjournal.domain.digest import (
    DIGEST_DAYS,
    DIGEST_OCCASIONS,
    DIGEST_PEOPLE,
    DIGEST_PROMISES,
    DIGEST_TODAY,
    Digest,
    DuePromise,
)
from rjournal.store.facts import next_checkins
from rjournal.store.journal import Journal
from rjournal.store.rows import promise_from_row
from rjournal.store.upcoming import upcoming_occasions

# Open promises due by a day, to people who may be nagged (not in the trash, archived or
# snoozed: the engine's rule for who appears at all).
_DUE_PROMISES = """
FROM promises pr JOIN people p ON p.id = pr.person_id
WHERE pr.done_on IS NULL AND pr.due <= :day AND p.deleted_at IS NULL AND p.archived = 0
    AND (p.snoozed_until IS NULL OR p.snoozed_until <= :day)
"""


def gather_digest(journal: Journal, day: date, settings: CheckinSettings | None = None) -> Digest:
    """The digest as of `day` (domain.digest says what it holds)."""
    people = next_checkins(journal, day, limit=DIGEST_PEOPLE + 1, settings=settings)
    # Today's and the week's apart, so a day of many birthdays cannot hide the week; one more
    # than shown tells whether there are more.
    today = upcoming_occasions(journal, day, 0, limit=DIGEST_TODAY + 1)
    week = upcoming_occasions(
        journal, day + timedelta(days=1), DIGEST_DAYS - 1, limit=DIGEST_OCCASIONS + 1
    )
    params = {"day": day.isoformat(), "limit": DIGEST_PROMISES}
    with journal.snapshot() as conn:
        rows = conn.execute(
            "SELECT pr.id, pr.person_id, pr.text, pr.due, pr.done_on, pr.created_on, p.name "
            f"{_DUE_PROMISES} ORDER BY pr.due, pr.id LIMIT :limit",
            params,
        ).fetchall()
        count = int(conn.execute(f"SELECT count(*) {_DUE_PROMISES}", params).fetchone()[0])
    promises = tuple(DuePromise(promise_from_row(row[:6]), row[6]) for row in rows)
    return Digest(
        day,
        tuple(people[:DIGEST_PEOPLE]),
        (*today[:DIGEST_TODAY], *week[:DIGEST_OCCASIONS]),
        promises,
        count,
        more_people=len(people) > DIGEST_PEOPLE,
        more_today=len(today) > DIGEST_TODAY,
        more_this_week=len(week) > DIGEST_OCCASIONS,
    )


# The settings key that remembers the last day `rj remind` reminded, per journal.
REMINDED_ON = "reminded_on"


def claim_reminder(journal: Journal, day: date) -> bool:
    """True, once per day and journal: the day is claimed in one transaction, so two reminders
    started at once (a timer and a login) cannot both go out."""
    with journal.write() as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (REMINDED_ON,)).fetchone()
        if row is not None and row[0] == day.isoformat():
            return False
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (REMINDED_ON, day.isoformat()),
        )
    return True
