"""The home's "This week": `rj plan`'s plan, who to reach on which day, opened with enter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

from rjournal.app.app import build_app
from rjournal.app.screens.home import HomeScreen
from rjournal.app.widgets.this_week import ThisWeek, placement_prompt
from rjournal.domain.checkin import Suggestion
from rjournal.domain.model import Channel
from rjournal.domain.plan import Placement, Plan, Unplaced
from rjournal.store.journal import Journal
from rjournal.store.plan_data import week_plan
from tests.conftest import TODAY


def need(pid: int, name: str) -> Suggestion:
    return Suggestion(
        person_id=pid, name=name, score=1.0, due=TODAY, terms=(), reasons=("r",),
        talking_points=(), channel=None, rhythm=None, rhythm_source="none",
        last_contact=None, days_since=0,
    )  # fmt: skip


async def test_home_shows_the_weeks_plan_and_opens_a_person(demo_db: Path) -> None:
    with Journal.open(demo_db, create=False) as journal:
        expected = week_plan(journal, TODAY, 7, 3, bound_limit=200)
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        week = home.query_one(ThisWeek)
        assert week.border_title == "This week"
        first_day = expected.on(TODAY)
        assert first_day, "the demo has someone to reach today"
        assert week.person_ids[: len(first_day[:5])] == [
            p.suggestion.person_id for p in first_day[:5]
        ]
        assert str(week.get_option_at_index(0).prompt).startswith("Sun 22 Nov")
        await pilot.press("w")
        assert app.focused is week
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PersonScreen"


async def test_a_busy_day_shows_its_first_few_then_a_count_and_names_stay_text(
    demo_db: Path,
) -> None:
    names = ["[bold]Ann[/] Lee", "[@click=app.quit]Bo", *(f"P{i}" for i in range(6))]
    placements = tuple(
        Placement(TODAY, need(i + 1, name), ("occasion",), time(10) if i == 0 else None, None, ())
        for i, name in enumerate(names)
    )
    later = Placement(TODAY + timedelta(days=2), need(99, "Zoë"), ("checkin",), None, None, ())
    plan = Plan(TODAY, 3, 3, (*placements, later), ())
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        week = app.screen.query_one(ThisWeek)
        await app.workers.wait_for_complete()
        week.show_plan(plan)
        prompts = [str(week.get_option_at_index(i).prompt) for i in range(week.option_count)]
        assert prompts[0] == "Sun 22 Nov [bold]Ann[/] Lee · after 10:00"
        assert prompts[1] == "           [@click=app.quit]Bo"
        assert prompts[5].strip() == "+3 more (rj plan)"
        assert prompts[6].startswith("Tue 24 Nov Zoë")
        assert week.person_ids == [1, 2, 3, 4, 5, None, 99]
        assert app.screen.is_running  # the markup-looking names did nothing


def test_the_day_is_shown_on_a_days_first_line_only() -> None:
    p = Placement(date(2026, 11, 23), need(1, "Dana Kim"), ("checkin",), None, time(17), ())
    assert str(placement_prompt(p, True)) == "Mon 23 Nov Dana Kim · until 17:00"
    assert str(placement_prompt(p, False)) == "           Dana Kim · until 17:00"


def test_the_channel_other_is_not_named_as_everywhere_else() -> None:
    """ "· other" tells the reader nothing (domain.wording.channel_word)."""
    other = replace(need(1, "Dana Kim"), channel=Channel.OTHER)
    call = replace(need(1, "Dana Kim"), channel=Channel.CALL)
    p = Placement(date(2026, 11, 23), other, ("checkin",), None, None, ())
    assert str(placement_prompt(p, False)) == "           Dana Kim"
    p = Placement(date(2026, 11, 23), call, ("checkin",), time(10), None, ())
    assert str(placement_prompt(p, False)) == "           Dana Kim · call, after 10:00"


def test_what_the_reach_could_not_read_is_shown_as_text() -> None:
    unread = ("[b]when[/b] free", "not\x1b[31m Tuesdays")
    p = Placement(TODAY, need(1, "Dana Kim"), ("checkin",), None, None, unread)
    assert str(placement_prompt(p, True)) == (
        "Sun 22 Nov Dana Kim · reach not read: [b]when[/b] free; not\\x1b[31m Tuesdays"
    )


async def test_after_the_days_come_the_first_few_the_plan_could_not_place(demo_db: Path) -> None:
    unplaced = tuple(
        Unplaced(
            need(10 + i, f"U{i}"), "checkin", "no_day", "their reach allows none of these days"
        )
        for i in range(5)
    )
    placed = Placement(TODAY, need(1, "Ann"), ("checkin",), None, None, ())
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        week = app.screen.query_one(ThisWeek)
        await app.workers.wait_for_complete()
        week.show_plan(Plan(TODAY, 2, 3, (placed,), unplaced))
        prompts = [str(week.get_option_at_index(i).prompt) for i in range(week.option_count)]
        assert prompts[1:] == [
            "Not placed (5)",
            *(f"           U{i} · their reach allows none of these days" for i in range(3)),
            "           +2 more (rj plan)",
        ]
        assert week.person_ids == [1, None, 10, 11, 12, None]
