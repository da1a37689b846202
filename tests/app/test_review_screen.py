"""The review screen: a month's counts as build_review makes them, month keys, person lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static

from rjournal.app.app import JournalApp
from rjournal.app.screens.person import PersonScreen
from rjournal.app.screens.review import ReviewPeopleList, ReviewScreen
from rjournal.app.widgets.review_chart import ReviewChart
from rjournal.domain.model import Channel, NewEntry, NewPerson
from rjournal.domain.review import MonthReview
from rjournal.domain.rhythms import Rhythm
from rjournal.store.journal import Journal
from rjournal.store.review_data import month_review
from tests.app.apps import bare_app
from tests.conftest import TODAY

BOB, CLICK, ANN, AL = "Bob x[/bold]", "[@click=app.quit]Click", "Ann [red] Lee", "Al [/ Moss"
HOSTILE_PROMISE = "send \x1b[31mthe deck [b]now[/]"


def small_journal(path: Path) -> dict[str, int]:
    """November 2026: two calls (one with two people), an email from Bob, a note; promises."""
    at = datetime(2026, 11, 1, 9)
    monthly = Rhythm(1, "m")
    with Journal.open(path) as journal:
        ids = {
            name: journal.add_person(
                NewPerson(name=name, added_on=date(2026, 1, 1), rhythm=monthly)
            )
            for name in (BOB, CLICK, ANN, AL)
        }

        def log(on: date, channel: Channel, *names: str, from_them: bool = False) -> None:
            journal.add_entry(
                NewEntry(
                    "interaction",
                    on,
                    f"{channel} on {on}",
                    channel,
                    from_them,
                    tuple(ids[n] for n in names),
                ),
                created_at=at,
            )

        for month in (8, 9, 10):  # only you reach out to Al, and not since October
            log(date(2026, month, 1), Channel.MESSAGE, AL)
        log(date(2026, 10, 20), Channel.VIDEO, CLICK, from_them=True)
        log(date(2026, 11, 3), Channel.CALL, ANN)
        log(date(2026, 11, 10), Channel.EMAIL, BOB, from_them=True)
        log(date(2026, 11, 12), Channel.CALL, ANN, CLICK)
        journal.add_entry(
            NewEntry("note", date(2026, 11, 15), "Heard Bob moved", people=(ids[BOB],)),
            created_at=at,
        )
        kept = journal.add_promise(ids[ANN], HOSTILE_PROMISE, date(2026, 11, 1), date(2026, 11, 10))
        journal.complete_promise(kept, date(2026, 11, 8))
        ids["missed"] = journal.add_promise(
            ids[CLICK], "intro to Carl", date(2026, 11, 1), date(2026, 11, 14)
        )
        ids["kept"] = kept
    return ids


async def wait_until(pilot: Pilot[None], ready: Callable[[], bool], seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if ready():
            return
        await pilot.pause(0.02)
    raise AssertionError("the screen never got there")


async def open_review(pilot: Pilot[None], screen: ReviewScreen | None = None) -> ReviewScreen:
    app = pilot.app
    assert isinstance(app, JournalApp)
    review_screen = screen or ReviewScreen(app.context)
    app.push_screen(review_screen)
    await wait_until(pilot, lambda: review_screen.review is not None)
    await pilot.pause()
    return review_screen


async def go(pilot: Pilot[None], key: str, year: int, month: int) -> ReviewScreen:
    await pilot.press(key)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    await wait_until(
        pilot,
        lambda: (
            screen.review is not None and (screen.review.year, screen.review.month) == (year, month)
        ),
    )
    await pilot.pause()
    return screen


def plain(screen: ReviewScreen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    assert isinstance(content, Content)
    return content.plain


def chart_text(screen: ReviewScreen) -> str:
    return screen.query_one(ReviewChart).render().plain


def people_lines(screen: ReviewScreen) -> list[str]:
    people = screen.query_one(ReviewPeopleList)
    lines = []
    for index in range(people.option_count):
        prompt = people.get_option_at_index(index).prompt
        assert isinstance(prompt, Content)
        lines.append(prompt.plain)
    return lines


def expected(path: Path, year: int, month: int) -> MonthReview:
    with Journal.open(path) as journal:
        return month_review(journal, year, month, TODAY)


def assert_shows(screen: ReviewScreen, review: MonthReview) -> None:
    """Every number and list of the review is on the screen as build_review made it."""
    assert screen.review == review
    summary = plain(screen, "#review-summary")
    assert f"{review.interactions} interaction" in summary
    assert f"{review.notes} note" in summary
    chart = chart_text(screen)
    for channel, count in review.by_channel.items():
        assert f"{channel} {count}" in chart
    balance = plain(screen, "#review-balance")
    assert f"You reached out {review.you_reached_out} time" in balance
    assert f"they did {review.they_reached_out} time" in balance
    lines = "\n".join(people_lines(screen))
    for _, name, _ in review.slipped + review.unreturned + review.promises_kept:
        assert name in lines
    for _, name, count in review.only_you:
        assert name in lines and f"the last {count} times" in lines


async def test_shows_the_month_as_build_review_makes_it_with_names_literal(db_path: Path) -> None:
    small_journal(db_path)
    november = expected(db_path, 2026, 11)
    # The journal as written above, counted by hand: the store and the domain agree with it.
    assert (november.interactions, november.notes) == (3, 1)
    assert november.by_channel == {"call": 2, "email": 1}
    assert (november.you_reached_out, november.they_reached_out) == (2, 1)
    assert november.people_contacted == 3
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert_shows(screen, november)
        assert plain(screen, "#review-title").startswith("November 2026")
        assert plain(screen, "#review-summary") == (
            "3 interactions, 1 note so far; 3 people contacted"
        )
        chart = chart_text(screen).splitlines()
        assert chart[0].startswith("Oct 26")  # the week of Monday 26 Oct touches November
        assert chart[1].startswith("Nov  2") and chart[1].endswith(" 1")
        assert chart[2].startswith("Nov  9") and chart[2].endswith(" 2")
        assert len(chart[2].split()[2]) == 2 * len(chart[1].split()[2])  # bars to scale
        # Hostile names and promise text stay literal in the lists.
        lines = people_lines(screen)
        text = "\n".join(lines)
        assert any(line.strip().startswith(BOB) and "they reached out" in line for line in lines)
        assert any(line.strip().startswith(AL) and "the last 3 times" in line for line in lines)
        assert any(CLICK in line and "intro to Carl" in line for line in lines)
        assert any(ANN in line and "send \\x1b[31mthe deck [b]now[/]" in line for line in lines)
        assert "\x1b" not in text
        assert isinstance(app.screen, ReviewScreen)  # the [@click] name did not quit
        # What the command line logs while the review is open shows up.
        with Journal.open(db_path) as journal:
            journal.add_entry(
                NewEntry(
                    "interaction",
                    date(2026, 11, 20),
                    "Coffee",
                    Channel.COFFEE,
                    people=(journal.resolve("Ann").id or 0,),
                ),
                created_at=datetime(2026, 11, 20, 9),
            )
        app.journal_written()
        await wait_until(
            pilot, lambda: screen.review is not None and screen.review.interactions == 4
        )
        assert_shows(screen, expected(db_path, 2026, 11))


async def test_previous_and_next_month_never_past_today(db_path: Path) -> None:
    small_journal(db_path)
    october = expected(db_path, 2026, 10)
    november = expected(db_path, 2026, 11)
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        screen = await go(pilot, "left_square_bracket", 2026, 10)
        assert plain(screen, "#review-title").startswith("October 2026")
        assert "so far" not in plain(screen, "#review-summary")
        assert_shows(screen, october)
        assert (october.interactions, october.by_channel) == (2, {"message": 1, "video": 1})
        screen = await go(pilot, "right_square_bracket", 2026, 11)
        assert_shows(screen, november)
        await pilot.press("right_square_bracket", "right")
        await pilot.pause(0.2)
        assert (screen.year, screen.month) == (2026, 11)
        screen = await go(pilot, "left", 2026, 10)
        screen = await go(pilot, "left", 2026, 9)
        assert plain(screen, "#review-title").startswith("September 2026")
        app.pop_screen()
        # Asked for a month with nothing in it, and for one in the future (this month, then).
        screen = await open_review(pilot, ReviewScreen(app.context, 2026, 3))
        assert plain(screen, "#review-summary") == "nothing logged in March 2026"
        assert "Promises kept: none" in people_lines(screen)
        app.pop_screen()
        screen = await open_review(pilot, ReviewScreen(app.context, 2027, 2))
        assert (screen.year, screen.month) == (2026, 11)


async def test_enter_on_a_line_opens_that_person(db_path: Path) -> None:
    ids = small_journal(db_path)
    app = bare_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        people = screen.query_one(ReviewPeopleList)
        assert people.has_focus
        # The first line is the missed promise to [@click]: enter opens its person.
        assert people.highlighted is not None
        assert "intro to Carl" in people_lines(screen)[people.highlighted]
        await pilot.press("enter")
        await pilot.pause()
        opened = app.screen
        assert isinstance(opened, PersonScreen) and opened.person_id == ids[CLICK]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        lines = people_lines(screen)
        bob_line = next(i for i, line in enumerate(lines) if BOB in line)
        while people.highlighted != bob_line:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        bob_screen = app.screen
        assert isinstance(bob_screen, PersonScreen) and bob_screen.person_id == ids[BOB]


async def test_month_keys_land_at_the_top_and_home_end_page_keys_move_the_page(
    demo_db: Path,
) -> None:
    from textual.containers import VerticalScroll

    app = bare_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        body = screen.query_one("#review-body", VerticalScroll)
        people = screen.query_one(ReviewPeopleList)
        assert body.max_scroll_y > 10  # a long month: the page scrolls
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        assert screen.targets[people.highlighted or 0] is not None
        # Another month opens at its top, title and chart on screen.
        screen = await go(pilot, "left_square_bracket", 2026, 10)
        await pilot.pause()
        assert body.scroll_y == 0
        # Page down moves the page; home brings the title back, cursor on the first line.
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        assert screen.targets[people.highlighted or 0] is not None
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        first = next(i for i, t in enumerate(screen.targets) if t is not None)
        assert people.highlighted == first
        # Enter opens the person of the highlighted line even with the page focused.
        body.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
