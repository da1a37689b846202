"""Gathering what the check-in engine needs, without loading people who cannot need you.

The SQL pre-filter is deliberately generous (rhythms by their shortest length in days); the
pure engine in domain.checkin makes the exact decision on what survives.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from rjournal.domain.checkin import CheckinSettings, Suggestion, rank
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, CheckinFacts, Entry, Occasion
from rjournal.domain.rhythms import Rhythm
from rjournal.store.journal import (
    _PERSON_SELECT,
    Journal,
    _entry_from_row,
    _kid_from_row,
    _person_from_row,
    _pet_from_row,
    _promise_from_row,
    day_number,
    shortest_tag_default,
)

# How many of the latest interactions tell whether the dialog is one-sided.
RECENT_INTERACTIONS = 5


_NEVER = day_number(date.max)


def window_month_days(today: date, days: int) -> list[str]:
    """Every "MM-DD" observed in [today, today + days]; 29 Feb rides on 28 Feb in common years."""
    out: list[str] = []
    for offset in range(days + 1):
        day = today + timedelta(days=offset)
        out.append(f"{day.month:02d}-{day.day:02d}")
        if day.month == 2 and day.day == 28 and (day + timedelta(days=1)).month == 3:
            out.append("02-29")
    return out


def person_facts(journal: Journal, person_id: int) -> CheckinFacts:
    """Everything the engine knows about one person, last entry and dialog included."""
    with journal.snapshot() as conn:
        rows = conn.execute(
            f"SELECT {_PERSON_SELECT}, p.last_contact, p.last_channel, p.learned_days "
            "FROM people p WHERE p.id = ? AND p.deleted_at IS NULL",
            (person_id,),
        ).fetchall()
        if not rows:
            journal.person(person_id)  # raises the NotFound with its message
        return complete(journal, _facts(journal, rows))[0]


def _facts(journal: Journal, rows: Sequence[Sequence[Any]]) -> list[CheckinFacts]:
    conn = journal.conn
    ids = json.dumps([r[0] for r in rows])
    grouped: dict[str, dict[int, list[Any]]] = {}
    queries = {
        "tags": "SELECT person_id, tag FROM tags WHERE person_id IN ids ORDER BY tag",
        "kids": "SELECT person_id, id, name, birthday, notes, passed_on FROM kids "
        "WHERE person_id IN ids ORDER BY coalesce(birthday, '9999'), id",
        "pets": "SELECT person_id, id, name, species, birthday, notes, passed_on FROM pets "
        "WHERE person_id IN ids ORDER BY id",
        "occasions": "SELECT person_id, id, label, date FROM occasions "
        "WHERE person_id IN ids ORDER BY id",
        "promises": "SELECT person_id, id, person_id, text, due, done_on, created_on "
        "FROM promises WHERE done_on IS NULL AND person_id IN ids "
        "ORDER BY coalesce(due, '9999'), id",
    }
    for name, sql in queries.items():
        bucket: dict[int, list[Any]] = defaultdict(list)
        sql = sql.replace("IN ids", "IN (SELECT value FROM json_each(?))")
        for row in conn.execute(sql, (ids,)):
            bucket[row[0]].append(row[1] if name == "tags" else row[1:])
        grouped[name] = bucket
    rhythms = journal.tag_rhythms()
    out: list[CheckinFacts] = []
    for row in rows:
        person_id = row[0]
        tags = tuple(grouped["tags"].get(person_id, ()))
        person = _person_from_row(row[:20], tags)
        default = shortest_tag_default(tags, rhythms)
        last_contact, last_channel, learned_days = row[20:23]
        out.append(
            CheckinFacts(
                person=person,
                kids=tuple(_kid_from_row(r) for r in grouped["kids"].get(person_id, ())),
                pets=tuple(_pet_from_row(r) for r in grouped["pets"].get(person_id, ())),
                occasions=tuple(
                    Occasion(label=r[1], date=YearlyDate.from_iso(r[2]), id=r[0])
                    for r in grouped["occasions"].get(person_id, ())
                ),
                open_promises=tuple(
                    _promise_from_row(r) for r in grouped["promises"].get(person_id, ())
                ),
                last_contact=date.fromisoformat(last_contact) if last_contact else None,
                last_channel=Channel(last_channel) if last_channel else None,
                tag_rhythm=default[1] if default else None,
                learned_rhythm=Rhythm(learned_days, "d") if learned_days else None,
            )
        )
    return out


def complete(journal: Journal, facts: Sequence[CheckinFacts]) -> list[CheckinFacts]:
    """Add the last entry and who reached out lately: the talking points of the few shown.

    Two queries for all of them (each person's entries numbered newest first), not two each.
    """
    ids = json.dumps([f.person.id for f in facts])
    newest = """
        SELECT ep.person_id AS person_id, e.id AS id, e.kind AS kind, e.on_date AS on_date,
            e.channel AS channel, e.from_them AS from_them, e.text AS text,
            row_number() OVER (
                PARTITION BY ep.person_id ORDER BY e.on_date DESC, e.id DESC) AS n
        FROM entry_people ep JOIN entries e ON e.id = ep.entry_id
        WHERE ep.person_id IN (SELECT value FROM json_each(:ids)) {kind}"""
    last: dict[int, Entry] = {}
    for row in journal.conn.execute(
        "SELECT person_id, id, kind, on_date, channel, from_them, text, "
        "(SELECT group_concat(person_id) FROM entry_people x WHERE x.entry_id = t.id) "
        f"FROM ({newest.format(kind='')}) AS t WHERE n = 1",
        {"ids": ids},
    ):
        last[row[0]] = _entry_from_row(row[1:])
    recent: dict[int, list[bool]] = defaultdict(list)
    interactions = newest.format(kind="AND e.kind = 'interaction'")
    for person_id, from_them in journal.conn.execute(
        "SELECT person_id, from_them FROM "
        f"({interactions}) AS t "
        "WHERE n <= :recent ORDER BY person_id, n",
        {"ids": ids, "recent": RECENT_INTERACTIONS},
    ):
        recent[person_id].append(bool(from_them))
    return [
        replace(
            fact,
            last_entry=last.get(fact.person.id or 0),
            recent_from_them=tuple(recent.get(fact.person.id or 0, ())),
        )
        for fact in facts
    ]


# Occasion and promise look-ups shared by the candidate queries.
_WINDOW_CTES = """
    md(v) AS (SELECT value FROM json_each(:mds)),
    occ(id) AS (
        SELECT id FROM people WHERE birthday IS NOT NULL AND birthday_md IN md
        UNION SELECT person_id FROM kids
            WHERE birthday IS NOT NULL AND birthday_md IN md AND passed_on IS NULL
        UNION SELECT person_id FROM pets
            WHERE birthday IS NOT NULL AND birthday_md IN md AND passed_on IS NULL
        UNION SELECT person_id FROM occasions WHERE date_md IN md
    ),
    prom(id, n_due, first_due, soon) AS (
        SELECT person_id, sum(due <= :as_of), min(due), max(due > :as_of) FROM promises
        WHERE done_on IS NULL AND due IS NOT NULL AND due <= :horizon GROUP BY person_id
    )
"""


def candidate_bounds(
    journal: Journal, as_of: date, settings: CheckinSettings, limit: int, offset: int
) -> list[tuple[int, float, int]]:
    """Candidates with an upper bound of their score and a lower bound of their due date.

    The bound adds each engine term at its largest (domain.checkin's formula): a due promise's
    weight and lateness exactly, the overdue ratio exactly (eff_avg is the engine's rhythm
    length), and the occasion and promise-soon terms at full weight. Best bound first, as
    (id, bound, earliest due day); `limit` < 0 means all.

    People with an occasion or a promise in the window are few: their bounds are worked out
    here. Everyone else can only be due by rhythm, so their bound is the overdue term alone,
    read best first from the covering index people_due -- no join over everyone who is due.
    """
    s = settings
    as_of_day = day_number(as_of)
    params = {
        "mds": json.dumps(window_month_days(as_of, s.lookahead_days)),
        "horizon": (as_of + timedelta(days=s.lookahead_days)).isoformat(),
        "as_of": as_of.isoformat(),
        "as_of_day": as_of_day,
    }
    conn = journal.conn
    occasions = {r[0] for r in conn.execute(f"WITH {_WINDOW_CTES} SELECT id FROM occ", params)}
    promises = {
        r[0]: (int(r[1]), day_number(date.fromisoformat(r[2])), bool(r[3]))
        for r in conn.execute(f"WITH {_WINDOW_CTES} SELECT * FROM prom", params)
    }
    oneside = max(s.one_sided_weight, 0.0) * RECENT_INTERACTIONS
    found: list[tuple[int, float, int]] = []
    due_among_them = 0
    for pid, due_from, start_day, eff_avg in conn.execute(
        "SELECT p.id, p.due_from, p.start_day, p.eff_avg FROM people p "
        "WHERE p.id IN (SELECT value FROM json_each(:ids)) AND p.deleted_at IS NULL "
        "AND p.archived = 0 AND (p.snoozed_until IS NULL OR p.snoozed_until <= :as_of)",
        {"ids": json.dumps([*occasions, *promises]), "as_of": as_of.isoformat()},
    ):
        bound, earliest = oneside, _NEVER
        if due_from is not None and due_from <= as_of_day:
            due_among_them += 1
            ratio = min(max((as_of_day - start_day) / eff_avg, 1.0), s.overdue_cap)
            bound += s.overdue_weight * ratio
        if due_from is not None:
            earliest = min(earliest, due_from)
        if pid in promises:
            n_due, first_due, soon = promises[pid]
            bound += n_due * s.promise_weight
            if n_due:
                bound += max(as_of_day - first_due, 0) * s.promise_day_weight
            if soon:
                bound += s.promise_soon_weight
            earliest = min(earliest, first_due)
        if pid in occasions:
            bound += s.occasion_weight
            earliest = min(earliest, as_of_day)
        found.append((pid, bound, earliest))
    top = -1 if limit < 0 else limit + offset + due_among_them
    for pid, bound, due_from in conn.execute(
        "SELECT p.id, :ow * min(max((:as_of_day - p.start_day) / p.eff_avg, 1.0), :cap) "
        "+ :oneside AS bound, p.due_from FROM people p INDEXED BY people_due "
        "WHERE p.due_from <= :as_of_day AND p.deleted_at IS NULL AND p.archived = 0 "
        "AND (p.snoozed_until IS NULL OR p.snoozed_until <= :as_of) "
        "ORDER BY bound DESC, p.due_from, p.id LIMIT :top",
        {
            "ow": s.overdue_weight,
            "cap": s.overdue_cap,
            "oneside": oneside,
            "as_of_day": as_of_day,
            "as_of": as_of.isoformat(),
            "top": top,
        },
    ):
        if pid not in occasions and pid not in promises:
            found.append((pid, float(bound), int(due_from)))
    found.sort(key=lambda r: (-r[1], r[2], r[0]))
    return found[offset:] if limit < 0 else found[offset : offset + limit]


def _facts_of(journal: Journal, ids: Sequence[int]) -> list[CheckinFacts]:
    rows = journal.conn.execute(
        f"SELECT {_PERSON_SELECT}, p.last_contact, p.last_channel, p.learned_days "
        "FROM people p WHERE p.id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(ids)),),
    ).fetchall()
    return _facts(journal, rows)


def _cannot_outrank(bound: tuple[int, float, int], last: Suggestion) -> bool:
    """True when a candidate's best possible score and due date still rank after `last`."""
    _, best, earliest = bound
    slack = 1e-6  # SQL and Python may round the same sum differently
    if best + slack < last.score:
        return True
    return abs(best - last.score) <= slack and earliest > day_number(last.due)


def next_checkins(
    journal: Journal,
    as_of: date,
    *,
    limit: int | None = None,
    settings: CheckinSettings | None = None,
) -> list[Suggestion]:
    """Who needs a check-in as of a day, best first.

    Candidates come from SQL best bound first; facts are built a batch at a time until the
    next bound cannot outrank the last of the `limit` best, so 100,000 people cost what the
    few shown do. Then only those shown get their last entry (talking points).
    """
    chosen = settings or CheckinSettings()
    batch = -1 if limit is None else max(4 * limit, 64)
    loaded: list[CheckinFacts] = []
    offset = 0
    with journal.snapshot():
        while True:
            rows = candidate_bounds(journal, as_of, chosen, batch + 1 if batch > 0 else -1, offset)
            page = rows if batch < 0 else rows[:batch]
            loaded += _facts_of(journal, [r[0] for r in page])
            offset += len(page)
            following = rows[batch] if 0 < batch < len(rows) else None
            if following is None:
                break
            top = rank(loaded, as_of, chosen, limit=limit)
            if limit is not None and len(top) == limit and _cannot_outrank(following, top[-1]):
                break
        first = rank(loaded, as_of, chosen, limit=limit)
        by_id = {f.person.id: f for f in loaded}
        shown = complete(journal, [by_id[s.person_id] for s in first])
    return rank(shown, as_of, chosen, limit=limit)
