"""The plan: occasions on their day, promises before their due day, the rest by urgency within
the daily room, each on a day and in a window their reach allows."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.checkin import Suggestion
from rjournal.domain.plan import Plan, plan_days
from rjournal.domain.reach import ALL_DAYS, NO_LIMITS, Reach, read_reach

MONDAY = date(2026, 11, 23)


def need(pid: int, score: float = 10.0, due: date = MONDAY, name: str = "") -> Suggestion:
    return Suggestion(
        person_id=pid,
        name=name or f"Person {pid}",
        score=score,
        due=due,
        terms=(),
        reasons=(),
        talking_points=(),
        channel=None,
        rhythm=None,
        rhythm_source="none",
        last_contact=None,
        days_since=0,
    )


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def where(plan: Plan) -> dict[int, list[date]]:
    placed: dict[int, list[date]] = {}
    for p in plan.placements:
        placed.setdefault(p.suggestion.person_id, []).append(p.day)
    return placed


def test_the_rest_fill_the_days_by_urgency_within_the_room() -> None:
    needs = [need(i, score=100 - i) for i in range(1, 8)]
    plan = plan_days(needs, {}, {}, {}, MONDAY, days=3, per_day=2)
    assert [(p.day, p.suggestion.person_id) for p in plan.placements] == [
        (day(0), 1), (day(0), 2), (day(1), 3), (day(1), 4), (day(2), 5), (day(2), 6),
    ]  # fmt: skip
    assert [(u.suggestion.person_id, u.reason) for u in plan.unplaced] == [(7, "no_room")]
    assert plan.unplaced[0].why == "no room in these 3 days at 2 a day"
    assert all(p.kinds == ("checkin",) for p in plan.placements)


def test_nobody_is_placed_before_they_are_due() -> None:
    plan = plan_days([need(1, due=day(2)), need(2, due=day(9))], {}, {}, {}, MONDAY, 7, 3)
    assert where(plan) == {1: [day(2)]}
    assert [(u.suggestion.person_id, u.reason) for u in plan.unplaced] == [(2, "later")]


def test_an_occasion_lands_on_its_day_even_when_the_day_is_full() -> None:
    needs = [need(1, 50), need(2, 40), need(3, 5, due=day(1))]
    plan = plan_days(needs, {}, {3: [day(1), day(20)]}, {}, MONDAY, 3, per_day=1)
    assert where(plan) == {3: [day(1)], 1: [day(0)], 2: [day(2)]}
    assert plan.on(day(1))[0].kinds == ("occasion",)


def test_an_occasion_on_a_forbidden_day_comes_early_or_not_at_all() -> None:
    weekdays = read_reach("weekdays")
    saturday, sunday = day(5), day(6)
    plan = plan_days([need(1, due=saturday)], {}, {1: [saturday]}, {1: weekdays}, MONDAY, 7, 3)
    assert where(plan) == {1: [day(4)]}  # the Friday before
    plan = plan_days([need(1, due=sunday)], {}, {1: [sunday]}, {1: weekdays}, sunday, 3, 3)
    assert [(u.kind, u.reason) for u in plan.unplaced] == [("occasion", "no_day")]
    assert where(plan) == {1: [day(7)]}  # still reached, on the first day their reach allows


def test_a_promise_goes_on_the_first_day_with_room_before_it_is_due() -> None:
    fillers = [need(i, 90 - i) for i in range(10, 13)]
    plan = plan_days([*fillers, need(1, 5)], {1: [day(3)]}, {}, {}, MONDAY, 7, per_day=1)
    assert where(plan)[1] == [day(0)]
    assert plan.on(day(0))[0].kinds == ("promise",)
    assert [where(plan)[i] for i in (10, 11, 12)] == [[day(1)], [day(2)], [day(3)]]


def test_a_promise_takes_a_full_day_when_every_day_before_it_is_full() -> None:
    plan = plan_days(
        [need(1, 5), need(2, 5), need(3, 5)],
        {1: [day(2)], 2: [day(2)], 3: [day(2)]},
        {},
        {},
        MONDAY,
        7,
        per_day=1,
    )
    assert sorted(where(plan).values()) == [[day(0)], [day(0)], [day(1)]]


def test_a_late_promise_goes_first_and_one_past_the_window_waits() -> None:
    plan = plan_days(
        [need(1, 120, due=day(-3)), need(2, 5, due=day(10))],
        {1: [day(-3)], 2: [day(10)]},
        {},
        {},
        MONDAY,
        7,
        3,
    )
    assert where(plan) == {1: [day(0)]}
    assert [(u.suggestion.person_id, u.reason) for u in plan.unplaced] == [(2, "later")]


def test_a_promise_rides_along_on_the_occasion_before_it() -> None:
    plan = plan_days([need(1)], {1: [day(4)]}, {1: [day(2)]}, {}, MONDAY, 7, 3)
    assert [(p.day, p.kinds) for p in plan.placements] == [(day(2), ("occasion", "promise"))]


def test_a_promise_due_before_the_occasion_takes_its_own_day() -> None:
    plan = plan_days([need(1)], {1: [day(2)]}, {1: [day(5)]}, {}, MONDAY, 7, 3)
    assert [(p.day, p.kinds) for p in plan.placements] == [
        (day(0), ("promise",)),
        (day(5), ("occasion",)),
    ]


def test_a_promise_with_no_allowed_day_before_it_is_due_is_listed() -> None:
    plan = plan_days([need(1)], {1: [day(2)]}, {}, {1: read_reach("fridays")}, MONDAY, 7, 3)
    assert [(u.kind, u.why) for u in plan.unplaced] == [
        ("promise", "their reach allows no day before it is due")
    ]
    assert where(plan) == {1: [day(4)]}


def test_placements_carry_the_reach_window_and_what_it_could_not_read() -> None:
    reach = read_reach("weekends only, after 6pm, unless it's urgent")
    plan = plan_days([need(1)], {}, {}, {1: reach}, MONDAY, 7, 3)
    (placed,) = plan.placements
    assert (placed.day, placed.earliest, placed.latest) == (day(5), time(18), None)
    assert placed.unread == ("unless it's urgent",)


def test_a_reach_that_allows_no_time_is_listed_not_placed() -> None:
    plan = plan_days(
        [need(1)], {1: [day(2)]}, {1: [day(1)]}, {1: read_reach("mornings, after 6pm")},
        MONDAY, 7, 3,
    )  # fmt: skip
    assert plan.placements == ()
    assert [(u.reason, u.why) for u in plan.unplaced] == [
        ("no_time", "their reach allows no time of the day")
    ]


def test_a_reach_that_allows_none_of_the_days_is_listed() -> None:
    plan = plan_days([need(1)], {}, {}, {1: read_reach("sundays")}, MONDAY, 6, 3)
    assert [(u.reason, u.why) for u in plan.unplaced] == [
        ("no_day", "their reach allows none of these days")
    ]


def test_refuses_an_empty_plan() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        plan_days([], {}, {}, {}, MONDAY, 0, 3)
    with pytest.raises(ValueError, match="room for one"):
        plan_days([], {}, {}, {}, MONDAY, 7, 0)


# -- properties ------------------------------------------------------------------------------

REACH = st.builds(
    Reach,
    days=st.sets(st.sampled_from(ALL_DAYS), min_size=1).map(lambda s: tuple(sorted(s))),
    earliest=st.none() | st.sampled_from([time(9), time(18)]),
    latest=st.none() | st.sampled_from([time(12), time(21)]),
)
OFFSET = st.integers(-5, 16)


@dataclass(frozen=True)
class Case:
    needs: list[Suggestion]
    promise_dues: dict[int, list[date]]
    occasion_days: dict[int, list[date]]
    reach: dict[int, Reach]
    days: int
    per_day: int
    start: date = MONDAY

    def plan(self) -> Plan:
        return plan_days(
            self.needs, self.promise_dues, self.occasion_days, self.reach,
            self.start, self.days, self.per_day,
        )  # fmt: skip

    def allowed(self, person_id: int) -> Reach:
        return self.reach.get(person_id, NO_LIMITS)

    @property
    def window(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def promise_range(self, person_id: int) -> list[date]:
        """The days a person's earliest promise may take: before its due day, or any once late."""
        due = min(self.promise_dues[person_id])
        last = self.window[-1] if due <= self.start else due - timedelta(days=1)
        return [d for d in self.window if d <= last and self.allowed(person_id).allows(d)]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n = draw(st.integers(0, 12))
    needs = [
        need(pid, score=draw(st.sampled_from([5.0, 10.0, 20.0, 110.0])), due=day(draw(OFFSET)))
        for pid in range(1, n + 1)
    ]
    ids = st.sampled_from(range(1, n + 1)) if n else st.nothing()
    return Case(
        needs=needs,
        promise_dues=draw(st.dictionaries(ids, st.lists(OFFSET.map(day), min_size=1, max_size=2))),
        occasion_days=draw(st.dictionaries(ids, st.lists(OFFSET.map(day), max_size=2))),
        reach=draw(st.dictionaries(ids, REACH | st.just(NO_LIMITS))),
        days=draw(st.integers(1, 10)),
        per_day=draw(st.integers(1, 4)),
    )


@given(cases())
def test_plan_rules_hold(case: Case) -> None:
    plan = case.plan()
    load = Counter(p.day for p in plan.placements)
    for p in plan.placements:
        allowed = case.allowed(p.suggestion.person_id)
        # Nobody on a day their reach forbids, always in their window, always inside the plan.
        assert p.day in case.window
        assert allowed.allows(p.day)
        assert (p.earliest, p.latest) == (allowed.earliest, allowed.latest)
        # A check-in only where there was room, never before they are due.
        if "checkin" in p.kinds:
            assert load[p.day] <= plan.per_day
            assert p.day >= p.suggestion.due
        # Promises come before their due day (or as soon as allowed, once already late).
        if "promise" in p.kinds:
            due = min(case.promise_dues[p.suggestion.person_id])
            assert p.day < due or due <= plan.start
    # A day holds more than the room only through an occasion, or a promise that had no
    # allowed day with room before its due day.
    for d, count in load.items():
        if count <= plan.per_day:
            continue
        musts = [p for p in plan.on(d) if p.kinds != ("checkin",)]
        assert len(musts) == count
        assert any(
            "occasion" in p.kinds
            or all(load[r] >= plan.per_day for r in case.promise_range(p.suggestion.person_id))
            for p in musts
        )
    # Nobody is lost: everyone given is placed or listed with why.
    placed = {p.suggestion.person_id for p in plan.placements}
    listed = {u.suggestion.person_id for u in plan.unplaced}
    assert placed | listed == {s.person_id for s in case.needs}
    assert all(u.why for u in plan.unplaced)


@given(cases(), st.randoms(use_true_random=False))
def test_plan_does_not_depend_on_the_order_of_its_input(case: Case, rnd: random.Random) -> None:
    needs = list(case.needs)
    rnd.shuffle(needs)
    shuffled = replace(
        case,
        needs=needs,
        promise_dues={k: v[::-1] for k, v in reversed(case.promise_dues.items())},
        occasion_days={k: v[::-1] for k, v in reversed(case.occasion_days.items())},
    )
    assert shuffled.plan() == case.plan()


@given(cases())
def test_occasions_land_on_their_day_when_their_reach_allows_it(case: Case) -> None:
    plan = case.plan()
    for s in case.needs:
        allowed = case.allowed(s.person_id)
        for d in case.occasion_days.get(s.person_id, []):
            if d in case.window and allowed.allows(d) and allowed.has_time:
                assert any(
                    p.day == d and "occasion" in p.kinds and p.suggestion == s
                    for p in plan.placements
                )
