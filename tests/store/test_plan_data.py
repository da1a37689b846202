"""The plan from the journal: the people it considers are those ranking everyone would give it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rjournal.domain.checkin import DEFAULT_SETTINGS, rank
from rjournal.domain.occasions import upcoming_dates
from rjournal.domain.plan import plan_days
from rjournal.domain.reach import read_reach
from rjournal.store import facts
from rjournal.store.plan_data import week_plan
from tests.conftest import TODAY
from tests.store.test_next_checkins import PersonSpec, _build, person_spec


def _everyone_planned(journal_path: Path, days: int, per_day: int) -> list[tuple[date, int]]:
    from rjournal.store.journal import Journal

    with Journal.open(journal_path, create=False) as journal:
        ids = [r[0] for r in journal.conn.execute("SELECT id FROM people WHERE deleted_at IS NULL")]
        everyone = [facts.person_facts(journal, i) for i in ids]
    chosen = replace(DEFAULT_SETTINGS, lookahead_days=max(14, days - 1))
    needs = rank(everyone, TODAY, chosen)
    by_id = {f.person.id: f for f in everyone}
    end = TODAY + timedelta(days=days - 1)
    plan = plan_days(
        needs,
        {
            s.person_id: [p.due for p in by_id[s.person_id].open_promises if p.due and p.due <= end]
            for s in needs
        },
        {
            s.person_id: [u.on for u in upcoming_dates(by_id[s.person_id], TODAY, days - 1)]
            for s in needs
        },
        {s.person_id: read_reach(by_id[s.person_id].person.reach) for s in needs},
        TODAY,
        days,
        per_day,
    )
    return [(p.day, p.suggestion.person_id) for p in plan.placements]


@settings(max_examples=10)
@given(
    specs=st.lists(person_spec, min_size=1, max_size=20),
    days=st.integers(1, 10),
    per_day=st.integers(1, 3),
)
def test_the_plan_places_whom_planning_everyone_would(
    tmp_path: Path, specs: list[PersonSpec], days: int, per_day: int
) -> None:
    path = tmp_path / f"p{abs(hash(str(specs))) % 10**9}-{days}-{per_day}.db"
    journal = _build(path, specs)
    try:
        got = week_plan(journal, TODAY, days, per_day)
    finally:
        journal.close()
    try:
        assert [(p.day, p.suggestion.person_id) for p in got.placements] == _everyone_planned(
            path, days, per_day
        )
    finally:
        path.unlink()


def test_window_people_are_nearest_first_and_can_be_cut(tmp_path: Path) -> None:
    specs = [
        PersonSpec(birthday_in=5),
        PersonSpec(kid_in=1),
        PersonSpec(promise_in=-3),  # late: first
        PersonSpec(birthday_in=9),  # outside a week
        PersonSpec(promise_in=2, archived=True),
        PersonSpec(dead_pet_in=0),  # never offered
    ]
    journal = _build(tmp_path / "w.db", specs)
    try:
        assert facts.window_people(journal, TODAY, 6) == [3, 2, 1]
        assert facts.window_people(journal, TODAY, 6, 2) == [3, 2]
        assert facts.window_people(journal, TODAY, 9) == [3, 2, 1, 4]
        week = week_plan(journal, TODAY, 7, 1, bound_limit=2)
        assert sorted(p.suggestion.person_id for p in week.placements) == [1, 2, 3]
    finally:
        journal.close()
