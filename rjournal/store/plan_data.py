"""The plan for the coming days (domain.plan) from the journal: who, and what binds them to a day.

The people a plan considers are the check-in engine's best few (enough to fill every day's
room; more when some of them fit none of the days) and everyone whose occasion falls in those
days or whose promise is due by their end (rule 1 and 2 of domain.plan place those whatever
their score), each ranked by the engine with a look-ahead that covers the plan's days. Their
reach texts are read (domain.reach) for the days and times they allow.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from rjournal.domain.checkin import DEFAULT_SETTINGS, CheckinSettings, rank
from rjournal.domain.model import CheckinFacts
from rjournal.domain.occasions import upcoming_dates
from rjournal.domain.plan import Plan, plan_days
from rjournal.domain.reach import read_reach
from rjournal.store.facts import facts_of, next_checkins, window_people
from rjournal.store.journal import Journal


def week_plan(
    journal: Journal,
    start: date,
    days: int,
    per_day: int,
    settings: CheckinSettings = DEFAULT_SETTINGS,
    *,
    bound_limit: int | None = None,
) -> Plan:
    """The plan of `days` days from `start` with room for `per_day` people a day.

    `bound_limit` considers only that many of the people an occasion or a promise binds to a
    day, the nearest first (the app's home, whose memory must not grow with a big journal's
    thousands of birthdays a week); `rj plan` considers them all."""
    if days < 1 or per_day < 1:
        raise ValueError("a plan needs at least one day and room for one person a day")
    chosen = replace(settings, lookahead_days=max(settings.lookahead_days, days - 1))
    end = start + timedelta(days=days - 1)
    room = days * per_day
    wanted = room
    with journal.snapshot():
        bound = window_people(journal, start, days - 1, bound_limit)
    while True:
        best = [s.person_id for s in next_checkins(journal, start, limit=wanted, settings=chosen)]
        with journal.snapshot():
            facts = facts_of(journal, list(dict.fromkeys([*best, *bound])))
        plan = _plan(facts, start, end, days, per_day, chosen)
        # Some of the best may not fit the days (a reach that rules them out, an occasion
        # beyond the last day): while room is left and more people need you, ask for more.
        if len(plan.placements) >= room or len(best) < wanted:
            return plan
        wanted *= 2


def _plan(
    facts: list[CheckinFacts],
    start: date,
    end: date,
    days: int,
    per_day: int,
    chosen: CheckinSettings,
) -> Plan:
    needs = rank(facts, start, chosen)
    by_id = {f.person.id: f for f in facts}
    promise_dues = {
        s.person_id: [
            p.due
            for p in by_id[s.person_id].open_promises
            if p.due is not None and p.done_on is None and p.due <= end
        ]
        for s in needs
    }
    occasion_days = {
        s.person_id: [u.on for u in upcoming_dates(by_id[s.person_id], start, days - 1)]
        for s in needs
    }
    reach = {s.person_id: read_reach(by_id[s.person_id].person.reach) for s in needs}
    return plan_days(needs, promise_dues, occasion_days, reach, start, days, per_day)


def people_uids(journal: Journal, ids: list[int]) -> dict[int, str]:
    """Each person's stable uid (schema v3), for items that must keep their identity."""
    rows = journal.conn.execute(
        "SELECT id, uid FROM people WHERE id IN (SELECT value FROM json_each(?))",
        ("[" + ",".join(str(int(i)) for i in ids) + "]",),
    )
    return {int(pid): str(uid) for pid, uid in rows}
