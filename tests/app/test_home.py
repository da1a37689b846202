"""Home on the demo journal: check-ins, the people filter, opening a person, live data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rjournal.app import app as app_module
from rjournal.app.app import JournalApp, build_app
from rjournal.app.first_checkins import CHECKIN_PAGE
from rjournal.app.screens.home import HomeScreen
from rjournal.app.widgets.checkin_list import CheckinList
from rjournal.app.widgets.people_list import PeopleList
from rjournal.app.widgets.this_week import ThisWeek
from rjournal.app.widgets.upcoming import UpcomingList
from rjournal.domain.model import NewPerson
from rjournal.store.journal import Journal
from tests.conftest import TODAY


async def _settled(app: JournalApp, pilot: object) -> HomeScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    return screen


async def test_home_shows_checkins_with_reasons(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _settled(app, pilot)
        checkins = home.query_one(CheckinList)
        assert checkins.loaded
        assert len(checkins.rows) > 5
        first = checkins.rows[0]
        assert first.reason
        shown = str(checkins.get_option_at_index(0).prompt)
        assert first.name in shown
        assert first.reason[:20] in shown
        upcoming = home.query_one(UpcomingList)
        assert upcoming.items
        assert all(0 <= (u.on - TODAY).days <= 30 for u in upcoming.items)


async def test_filter_narrows_people_and_count(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _settled(app, pilot)
        people = home.query_one(PeopleList)
        everyone = people.count
        assert everyone > 50
        target = app.journal.people_page("", 10, 1)[0]
        home.action_focus_filter()
        await pilot.press(*target.name.split()[0].lower())
        await pilot.pause()
        assert 1 <= people.count < everyone
        assert target.name in people.visible_names()
        assert home.query_one("#people-panel").border_subtitle == f"{people.count:,}"
        await pilot.press("escape")
        await pilot.pause()
        assert people.count == everyone


async def test_people_list_keys_and_paging(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _settled(app, pilot)
        people = home.query_one(PeopleList)
        people.focus()
        await pilot.press("end")
        assert people.cursor == people.count - 1
        last = app.journal.people_page("", people.count - 1, 1)[0]
        assert people.highlighted_id == last.id
        assert last.name in people.visible_names()
        await pilot.press("home", "down", "down")
        assert people.cursor == 2
        await pilot.press("pagedown")
        assert people.cursor > 2
        # Only pages around what was shown were loaded, never the whole list.
        assert len(people._pages) <= 6


async def test_enter_opens_the_person(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _settled(app, pilot)
        person_id = home.query_one(CheckinList).highlighted_person_id
        assert person_id is not None
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PersonScreen"
        assert getattr(app.screen, "person_id", None) == person_id


async def test_click_on_a_person_row_highlights_it(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _settled(app, pilot)
        people = home.query_one(PeopleList)
        await pilot.click(PeopleList, offset=(3, 4))
        await pilot.pause()
        assert people.has_focus
        assert people.cursor == 4


async def test_tab_moves_between_panels(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _settled(app, pilot)
        seen = []
        for _ in range(5):
            assert home.focused is not None
            seen.append(home.focused.id)
            await pilot.press("tab")
        assert seen == ["checkins", "this-week", "upcoming", "people-filter", "people"]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_filter_placeholder_is_shown_whole(demo_db: Path, size: tuple[int, int]) -> None:
    from textual.widgets import Input

    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=size) as pilot:
        home = await _settled(app, pilot)
        box = home.query_one("#people-filter", Input)
        shown = box.render_line(0).text
        assert box.placeholder and box.placeholder in shown, (box.placeholder, shown)


async def test_what_the_cli_writes_shows_up_live(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "POLL_SECONDS", 0.05)  # the poll itself, sooner
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _settled(app, pilot)
        people = home.query_one(PeopleList)
        before = people.count
        computed = home.computations
        other = Journal.open(demo_db)  # like `rj add` in another process
        try:
            other.add_person(NewPerson(name="Aaron Aardvark", added_on=date(2026, 11, 1)))
        finally:
            other.close()
        for _ in range(100):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if people.count != before:
                break
        await pilot.pause()
        assert people.count == before + 1
        assert "Aaron Aardvark" in people.visible_names()
        assert home.computations > computed


async def test_tab_onto_a_list_puts_the_cursor_on_a_row_and_enter_opens_it(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _settled(app, pilot)
        upcoming = home.query_one(UpcomingList)
        assert upcoming.items
        await pilot.press("tab")
        await pilot.pause()
        week = home.query_one(ThisWeek)
        assert getattr(app.screen.focused, "id", None) == week.id  # the week's plan between
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.focused is upcoming
        assert upcoming.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert getattr(app.screen, "person_id", None) == upcoming.items[0].person_id


def test_a_birthday_under_a_nickname_names_the_person() -> None:
    from rjournal.app.widgets.upcoming import upcoming_prompt
    from rjournal.domain.occasions import UpcomingDate

    nickname = UpcomingDate(TODAY, "Gosia turns 24", 1, "Małgorzata Nowak", "birthday")
    assert "Małgorzata Nowak" in upcoming_prompt(nickname, TODAY).plain
    own = UpcomingDate(TODAY, "Elizabeth Turner turns 45", 2, "Elizabeth Turner", "birthday")
    assert upcoming_prompt(own, TODAY).plain.count("Elizabeth Turner") == 1


async def test_the_checkin_list_pages_through_everyone_with_the_true_count(db_path: Path) -> None:
    from rjournal.domain.rhythms import Rhythm

    weekly = Rhythm(1, "w")
    with Journal.open(db_path) as journal:
        for n in range(130):
            journal.add_person(
                NewPerson(name=f"Due {n:03}", rhythm=weekly, added_on=date(2026, 1, 1))
            )
    app = build_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await _settled(app, pilot)
        checkins = home.query_one(CheckinList)
        page = CHECKIN_PAGE
        assert len(checkins.rows) == page
        assert home.checkin_total == 130
        assert checkins.border_subtitle == f"{page} of 130"
        while checkins.more:
            shown = len(checkins.rows)
            checkins.focus()
            checkins.highlighted = checkins.option_count - 1  # the "more" row
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert len(checkins.rows) == min(shown + page, 130)
            # The cursor lands on the first person of the page just loaded.
            assert checkins.highlighted == shown
        assert checkins.border_subtitle == "130"
        names = [s.name for s in checkins.rows]
        assert sorted(names) == [f"Due {n:03}" for n in range(130)]


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)])
async def test_the_panels_mounted_after_the_first_frame_take_the_places_held_for_them(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    from rjournal.app.widgets.fitting_footer import FittingFooter

    held: dict[str, object] = {}
    mount_panels = HomeScreen.mount_panels

    def recording(self: HomeScreen) -> None:
        if not self.panels_mounted:
            assert self.query(CheckinList) and not self.query(ThisWeek)  # the first frame's
            for name in ("this-week", "upcoming", "footer"):
                held[name] = self.query_one(f"#{name}-space").region
            held["people"] = self.query_one("#people-panel").region
        mount_panels(self)

    monkeypatch.setattr(HomeScreen, "mount_panels", recording)
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=size) as pilot:
        home = await _settled(app, pilot)
        assert home.panels_mounted and held
        assert home.query_one(ThisWeek).region == held["this-week"]
        assert home.query_one(UpcomingList).region == held["upcoming"]
        assert home.query_one(FittingFooter).region == held["footer"]
        assert home.query_one("#people-panel").region == held["people"]
        assert not home.query("#this-week-space, #upcoming-space, #footer-space")
        assert home.query_one(ThisWeek).border_title == "This week"
        assert home.focused is home.query_one(CheckinList)


async def test_a_key_for_a_panel_not_mounted_yet_mounts_it_first(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HomeScreen, "call_after_refresh", lambda self, *a, **k: True)
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and not home.panels_mounted
        await pilot.press("f")
        await pilot.pause()
        assert home.panels_mounted
        assert home.focused is home.query_one("#people-filter")


@pytest.mark.parametrize(("width", "expected"), [(80, "-narrow"), (100, "-wide")])
async def test_a_screen_is_made_in_the_layout_of_the_terminals_width(
    demo_db: Path, width: int, expected: str
) -> None:
    """Not only from its first Resize, which comes after its first layout: at 80 columns the
    first frame was drawn wide, then again narrow."""
    from rjournal.app.screens.person import PersonScreen

    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        assert HomeScreen(app.context).has_class(expected)
        person = PersonScreen(app.context, 1)
        assert person.has_class("-narrow" if width < 96 else "-wide")
