"""Gathering what the monthly review needs (see domain.review for what it makes of it).

People are gathered as of the review day, min(today, the month's last day): their last contact
and who reached out lately count only interactions on or before that day. The learned rhythm
is the one learned from the whole history (it changes slowly; re-learning it per month would
read every interaction ever logged).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from rjournal.domain.model import Channel, CheckinFacts
from rjournal.domain.review import ONLY_YOU_MIN, MonthReview, build_review, month_bounds
from rjournal.domain.rhythms import Rhythm
from rjournal.store.facts import RECENT_INTERACTIONS
from rjournal.store.journal import (
    _PERSON_SELECT,
    Journal,
    _entry_from_row,
    _person_from_row,
    _promise_from_row,
)


def month_review(journal: Journal, year: int, month: int, today: date) -> MonthReview:
    """The review of one month as of today, from one consistent read of the journal."""
    first, last = month_bounds(year, month)
    as_of = min(today, last)
    conn = journal.conn
    with journal.snapshot():
        entries = [
            _entry_from_row(row)
            for row in conn.execute(
                "SELECT e.id, e.kind, e.on_date, e.channel, e.from_them, e.text, "
                "(SELECT group_concat(ep.person_id) FROM entry_people ep "
                " JOIN people p ON p.id = ep.person_id "
                " WHERE ep.entry_id = e.id AND p.deleted_at IS NULL) "
                "FROM entries e WHERE e.on_date BETWEEN ? AND ? ORDER BY e.on_date, e.id",
                (first.isoformat(), as_of.isoformat()),
            )
        ]
        # Entries that only concerned people now in the trash no longer count.
        entries = [e for e in entries if e.people]
        people = _people_as_of(journal, as_of)
        promises = [
            _promise_from_row(row)
            for row in conn.execute(
                "SELECT pr.id, pr.person_id, pr.text, pr.due, pr.done_on, pr.created_on "
                "FROM promises pr JOIN people p ON p.id = pr.person_id "
                "WHERE p.deleted_at IS NULL AND "
                "(pr.due BETWEEN :first AND :last OR pr.done_on BETWEEN :first AND :last)",
                {"first": first.isoformat(), "last": last.isoformat()},
            )
        ]
        names = journal.names(p.person_id for p in promises if p.person_id is not None)
    return build_review(year, month, today, entries, people, promises, names)


def _people_as_of(journal: Journal, as_of: date) -> list[CheckinFacts]:
    """The people who might show in the review, with their contact history up to a day.

    A slim first pass over everyone (not archived, not in the trash; added by then or with
    interactions logged by then, as backfilled history counts) keeps
    those whose rhythm may have fallen due (rhythms by their shortest length, generous like
    store.facts) or whose latest interactions may be one-sided or unreturned; only they are
    loaded in full. The domain makes the exact decision.
    """
    conn = journal.conn
    day = as_of.isoformat()
    histories: dict[int, list[tuple[str, int, str, bool]]] = {}
    keep: list[int] = []
    for person_id, added_on, rhythm_days, recent in conn.execute(
        """
        SELECT p.id, p.added_on, coalesce(
            p.rhythm_days,
            (SELECT min(tr.rhythm_days) FROM tags t JOIN tag_rhythms tr ON tr.tag = t.tag
                WHERE t.person_id = p.id),
            p.learned_days, 0),
            (SELECT group_concat(x.on_date || ' ' || x.id || ' ' || x.channel || ' '
                || x.from_them, ',') FROM (
                SELECT e.on_date, e.id, coalesce(e.channel, '-') AS channel, e.from_them
                FROM entry_people ep JOIN entries e ON e.id = ep.entry_id
                WHERE ep.person_id = p.id AND e.kind = 'interaction' AND e.on_date <= :day
                ORDER BY e.on_date DESC, e.id DESC LIMIT :recent) x)
        FROM people p
        WHERE p.deleted_at IS NULL AND p.archived = 0
        """,
        {"day": day, "recent": RECENT_INTERACTIONS},
    ):
        history = _history(recent)
        if added_on > day and not history:
            continue  # not in the journal yet, and nothing logged with them by then
        since = history[0][0] if history else added_on
        flags = [h[3] for h in history]
        rhythm_may_be_due = 1 <= rhythm_days <= (as_of - date.fromisoformat(since)).days
        one_sided = len(flags) >= ONLY_YOU_MIN and not any(flags)
        unreturned = bool(flags) and flags[0]
        if rhythm_may_be_due or one_sided or unreturned:
            keep.append(person_id)
            histories[person_id] = history
    tags: dict[int, list[str]] = defaultdict(list)
    ids = json.dumps(keep)
    for person_id, tag in conn.execute(
        "SELECT person_id, tag FROM tags WHERE person_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY tag",
        (ids,),
    ):
        tags[person_id].append(tag)
    rhythms = journal.tag_rhythms()
    out: list[CheckinFacts] = []
    for row in conn.execute(
        f"SELECT {_PERSON_SELECT}, p.learned_days FROM people p "
        "WHERE p.id IN (SELECT value FROM json_each(?)) ORDER BY p.id",
        (ids,),
    ):
        person_id = row[0]
        person_tags = tuple(tags.get(person_id, ()))
        history = histories[person_id]
        defaults = [rhythms[t] for t in person_tags if t in rhythms]
        channel = history[0][2] if history else "-"
        out.append(
            CheckinFacts(
                person=_person_from_row(row[:20], person_tags),
                last_contact=date.fromisoformat(history[0][0]) if history else None,
                last_channel=Channel(channel) if channel != "-" else None,
                tag_rhythm=min(defaults, key=Rhythm.approx_days) if defaults else None,
                learned_rhythm=Rhythm(row[20], "d") if row[20] else None,
                recent_from_them=tuple(h[3] for h in history),
            )
        )
    return out


def _history(packed: str | None) -> list[tuple[str, int, str, bool]]:
    """ "on_date id channel from_them" items, newest first (group_concat keeps no order)."""
    if not packed:
        return []
    items = []
    for item in packed.split(","):
        on_date, entry_id, channel, from_them = item.split(" ")
        items.append((on_date, int(entry_id), channel, from_them == "1"))
    items.sort(key=lambda h: (h[0], h[1]), reverse=True)
    return items
