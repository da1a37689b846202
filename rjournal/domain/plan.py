"""A plan for the coming days: who to reach on which day, at a time their reach allows.

``plan_days`` takes the people who need you (the check-in engine's suggestions), the due days
of their open promises, the days of their occasions, what their reach text allows, a first
day, a number of days and a daily capacity, and places each person on one day of the window
(the engine never reads the clock: the first day is passed in).

The rules, in the order they are applied
----------------------------------------
1. **Occasions on their day.** Every occasion inside the window is placed on its day, full or
   not: the day passes. If their reach forbids that day, the latest day before it that it
   allows (a greeting early beats one late); if none, it is not placed.
2. **Promises before their due day.** A person's earliest open promise due before the window
   ends is placed on the first day from the first day of the window to the day before it is due
   that their reach allows and that still has room; when all of those are full, on the first
   of them anyway. A promise due on the first day or before (late already) may use any day of
   the window. If the person already has an occasion on one of those days, the promise is done
   there and takes no other day. No allowed day before the due day: not placed.
3. **Everyone else by urgency.** The people with no day yet, best score first (ties: earlier
   due, name, id: the engine's order), each on the first day from their due day on that their
   reach allows and that has room. No room: not placed. This includes someone whose occasion
   or promise found no allowed day: they still get the first allowed day, late, and the
   occasion or promise is also listed in ``unplaced``.

So capacity is never exceeded by rule 3, and a day holds more than ``per_day`` people only
through rules 1 and 2: occasions bound to their day, and promises that found every allowed day
before their due day full when their turn came (the earliest due first); a day over the room
holds no one placed by rule 3. Nobody is placed on a day their reach forbids, and every
placement carries the reach's time window. Everyone given is either placed or listed, with why,
in ``unplaced``. The result depends only on the arguments, not on their order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time, timedelta
from typing import Literal

from rjournal.domain.checkin import Suggestion
from rjournal.domain.reach import NO_LIMITS, Reach
from rjournal.domain.value import Value, frozen

PlanKind = Literal["occasion", "promise", "checkin"]
UnplacedReason = Literal["no_time", "no_day", "no_room", "later"]


@frozen
class Placement(Value):
    """One person on one day, and why they are on it."""

    day: date
    suggestion: Suggestion
    kinds: tuple[PlanKind, ...]  # occasion and promise both, when the promise rides along
    earliest: time | None  # the reach's window, None where it says nothing
    latest: time | None
    unread: tuple[str, ...]  # what their reach text says that could not be read, to show


@frozen
class Unplaced(Value):
    """Someone who needs you but has no day in this plan, and why."""

    suggestion: Suggestion
    kind: PlanKind
    reason: UnplacedReason
    why: str


@frozen
class Plan(Value):
    """The days from `start`, their placements (by day, then in placing order) and the rest."""

    start: date
    days: int
    per_day: int
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]

    def on(self, day: date) -> tuple[Placement, ...]:
        return tuple(p for p in self.placements if p.day == day)


def plan_days(
    needs: Iterable[Suggestion],
    promise_dues: Mapping[int, Iterable[date]],
    occasion_days: Mapping[int, Iterable[date]],
    reach: Mapping[int, Reach],
    start: date,
    days: int,
    per_day: int,
) -> Plan:
    """Place the people who need you over `days` days from `start` (rules: module docstring).

    The maps are keyed by person id; people in them but not in `needs` are ignored, so the
    engine's look-ahead should cover the plan's days. `needs` holds one suggestion a person,
    as the engine gives them.
    """
    if days < 1 or per_day < 1:
        raise ValueError("a plan needs at least one day and room for one person a day")
    window = [start + timedelta(days=i) for i in range(days)]
    end = window[-1]
    ranked = sorted(needs, key=lambda s: (-s.score, s.due, s.name, s.person_id))
    book = _Book(per_day)
    unplaced: list[Unplaced] = []
    no_time: set[int] = set()

    for s in ranked:
        if not reach.get(s.person_id, NO_LIMITS).has_time:
            no_time.add(s.person_id)
            unplaced.append(
                Unplaced(s, "checkin", "no_time", "their reach allows no time of the day")
            )

    # 1. Occasions on their day (or the latest allowed day before it).
    for s in ranked:
        if s.person_id in no_time:
            continue
        allowed = reach.get(s.person_id, NO_LIMITS)
        for day in sorted({d for d in occasion_days.get(s.person_id, ()) if start <= d <= end}):
            fits = [d for d in window if d <= day and allowed.allows(d)]
            if fits:
                book.place(fits[-1], s, "occasion")
            else:
                unplaced.append(
                    Unplaced(s, "occasion", "no_day", "their reach allows no day up to it")
                )

    # 2. Promises before their due day, the earliest due first.
    promised = sorted(
        (min(dues), order, s)
        for order, s in enumerate(ranked)
        if s.person_id not in no_time
        and (dues := [d for d in promise_dues.get(s.person_id, ()) if d <= end])
    )
    for due, _, s in promised:
        allowed = reach.get(s.person_id, NO_LIMITS)
        last = end if due <= start else due - timedelta(days=1)
        fits = [d for d in window if d <= last and allowed.allows(d)]
        if not fits:
            unplaced.append(
                Unplaced(s, "promise", "no_day", "their reach allows no day before it is due")
            )
            continue
        ridden = [d for d in fits if book.has(d, s.person_id)]
        if ridden:
            book.place(ridden[0], s, "promise")
            continue
        roomy = [d for d in fits if book.load(d) < per_day]
        book.place((roomy or fits)[0], s, "promise")

    # 3. Everyone else by urgency, within the room left.
    for s in ranked:
        if s.person_id in no_time or book.placed(s.person_id):
            continue
        allowed = reach.get(s.person_id, NO_LIMITS)
        if s.due > end:
            unplaced.append(Unplaced(s, "checkin", "later", "not due until after these days"))
            continue
        fits = [d for d in window if d >= s.due and allowed.allows(d)]
        if not fits:
            unplaced.append(
                Unplaced(s, "checkin", "no_day", "their reach allows none of these days")
            )
            continue
        roomy = [d for d in fits if book.load(d) < per_day]
        if not roomy:
            word = "day" if days == 1 else f"{days} days"
            unplaced.append(
                Unplaced(s, "checkin", "no_room", f"no room in these {word} at {per_day} a day")
            )
            continue
        book.place(roomy[0], s, "checkin")

    placements = tuple(
        Placement(
            day,
            s,
            kinds,
            reach.get(s.person_id, NO_LIMITS).earliest,
            reach.get(s.person_id, NO_LIMITS).latest,
            reach.get(s.person_id, NO_LIMITS).unread,
        )
        for day, s, kinds in book.in_order()
    )
    return Plan(start, days, per_day, placements, tuple(unplaced))


class _Book:
    """The placements made so far, by day, in placing order (looked up by day and person, so
    placing thousands of occasions stays linear)."""

    def __init__(self, per_day: int) -> None:
        self.per_day = per_day
        self.rows: list[tuple[date, Suggestion, list[PlanKind]]] = []
        self.kinds: dict[tuple[date, int], list[PlanKind]] = {}
        self.by_day: dict[date, int] = {}
        self.people: set[int] = set()

    def place(self, day: date, s: Suggestion, kind: PlanKind) -> None:
        kinds = self.kinds.get((day, s.person_id))
        if kinds is not None:
            if kind not in kinds:
                kinds.append(kind)
            return
        kinds = [kind]
        self.kinds[day, s.person_id] = kinds
        self.rows.append((day, s, kinds))
        self.by_day[day] = self.by_day.get(day, 0) + 1
        self.people.add(s.person_id)

    def has(self, day: date, person_id: int) -> bool:
        return (day, person_id) in self.kinds

    def placed(self, person_id: int) -> bool:
        return person_id in self.people

    def load(self, day: date) -> int:
        return self.by_day.get(day, 0)

    def in_order(self) -> Sequence[tuple[date, Suggestion, tuple[PlanKind, ...]]]:
        indexed = sorted(enumerate(self.rows), key=lambda row: (row[1][0], row[0]))
        return [(day, s, tuple(kinds)) for _, (day, s, kinds) in indexed]
