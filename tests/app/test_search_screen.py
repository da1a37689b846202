"""The search screen: as-you-type results from a worker, enter opens the person at the entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Static

from rjournal.app.app import JournalApp
from rjournal.app.screens.person import PersonScreen
from rjournal.app.screens.search import SearchResults, SearchScreen, status_line
from rjournal.domain.dates import format_date
from rjournal.domain.model import Channel, NewEntry, NewPerson
from rjournal.store.journal import Journal
from rjournal.store.search import MAX_RESULTS, search
from tests.app.apps import bare_app
from tests.conftest import TODAY

HOSTILE_NAMES = ["Bob x[/bold]", "[@click=app.quit]Click", "Ann [red] Lee", "Al [/ Moss"]
HOSTILE_NOTE = "Quokka \x1b[31mred [b]bold[/] text"


async def wait_until(pilot: Pilot[None], ready: Callable[[], bool], seconds: float = 5.0) -> None:
    """Let timers and workers run until `ready()` (search is debounced and threaded)."""
    for _ in range(int(seconds / 0.02)):
        if ready():
            return
        await pilot.pause(0.02)
    raise AssertionError("the screen never got there")


def status(app: JournalApp) -> str:
    content = app.screen.query_one("#search-status", Static).content
    assert isinstance(content, Content)
    return content.plain


def result_lines(app: JournalApp) -> list[str]:
    results = app.screen.query_one(SearchResults)
    lines = []
    for index in range(results.option_count):
        prompt = results.get_option_at_index(index).prompt
        assert isinstance(prompt, Content)
        lines.append(prompt.plain)
    return lines


async def search_for(pilot: Pilot[None], text: str, *, type_it: bool = False) -> SearchScreen:
    """Open search, enter `text`, wait until the results of exactly that query are shown."""
    app = pilot.app
    assert isinstance(app, JournalApp)
    if not isinstance(app.screen, SearchScreen):
        app.push_screen(SearchScreen(app.context))
        await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    if type_it:
        screen.query_one(Input).value = ""
        await pilot.press(*text)
    else:
        screen.query_one(Input).value = text
    await wait_until(pilot, lambda: screen.shown_query == text)
    return screen


def small_journal(path: Path) -> dict[str, int]:
    at = datetime(2026, 11, 1, 9)
    with Journal.open(path) as journal:
        ids = {
            name: journal.add_person(NewPerson(name=name, added_on=date(2026, 1, 1)))
            for name in HOSTILE_NAMES
        }
        ids["note"] = journal.add_entry(
            NewEntry("note", date(2026, 11, 3), HOSTILE_NOTE, people=(ids["Ann [red] Lee"],)),
            created_at=at,
        )
        ids["call"] = journal.add_entry(
            NewEntry(
                "interaction",
                date(2026, 11, 4),
                "Call about the Zanzibar trip",
                Channel.CALL,
                people=(ids["Bob x[/bold]"],),
            ),
            created_at=at,
        )
    return ids


async def test_finds_a_person_by_name_and_caps_results(demo_db: Path) -> None:
    with Journal.open(demo_db) as journal:
        name = journal.person(1).name
    surname = name.split()[-1]
    app = bare_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_for(pilot, surname)
        assert any(h.kind == "person" and h.person_id == 1 for h in screen.hits)
        assert any(name in line and line.startswith("person") for line in result_lines(app))
        count = len(screen.hits)
        assert status(app) == (f"{count} result" + ("" if count == 1 else "s"))
        screen = await search_for(pilot, "a")
        assert len(result_lines(app)) == MAX_RESULTS
        assert status(app).startswith(f"first {MAX_RESULTS}")
        # The cursor on the last result loads the next page, the cursor where it was.
        results = app.screen.query_one(SearchResults)
        results.focus()
        results.highlighted = MAX_RESULTS - 1
        await wait_until(pilot, lambda: len(screen.hits) > MAX_RESULTS)
        assert len(result_lines(app)) == len(screen.hits) > MAX_RESULTS
        assert results.highlighted == MAX_RESULTS - 1
        screen = await search_for(pilot, "Zanzibarquux")
        assert screen.hits == []
        assert status(app).startswith("no results")


async def test_finds_an_interaction_and_enter_opens_the_person_at_it(demo_db: Path) -> None:
    with Journal.open(demo_db) as journal:
        expected = [h for h in search(journal, "Monmouth") if h.kind == "interaction"]
    assert expected, "the demo journal has coffees at Monmouth"
    app = bare_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_for(pilot, "Monmouth", type_it=True)
        lines = result_lines(app)
        index = next(i for i, h in enumerate(screen.hits) if h.kind == "interaction")
        hit = screen.hits[index]
        assert lines[index].startswith("interaction")
        # The day as every screen says it ("Thu 3 Dec", with the year when not this one).
        assert hit.on is not None and hit.on.isoformat() not in lines[index]
        assert format_date(hit.on).removesuffix(f" {TODAY.year}") in lines[index]
        assert "Monmouth" in lines[index]
        assert hit in expected
        await pilot.press("down")  # from the query into the results
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.person_id == hit.person_id
        assert app.screen.entry_id == hit.entry_id


HOSTILE_QUERIES = ['"', "NEAR(", "[/foo]", "*", "AND OR NOT", "')--", "\\", "[@clack", "\x1b["]


def test_hostile_queries_find_nothing_and_say_so(db_path: Path) -> None:
    small_journal(db_path)
    with Journal.open(db_path) as journal:
        for query in HOSTILE_QUERIES:
            assert search(journal, query) == [], query
            assert status_line(query, [], None).plain.startswith("no results"), query
    assert status_line('NEAR("[/b]', [], None).plain == 'no results for NEAR("[/b]'
    assert status_line("x", [], "disk I/O error").plain == "search failed: disk I/O error"
    assert status_line(" ", [], None).plain.startswith("Type to search")


async def test_hostile_queries_on_the_screen_show_no_results(db_path: Path) -> None:
    small_journal(db_path)
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        for query in ("[/foo]", "[@clack", "\x1b["):
            await search_for(pilot, query)
            assert result_lines(app) == [], query
            assert status(app).startswith("no results"), query
            assert isinstance(app.screen, SearchScreen)
        await search_for(pilot, 'NEAR("[/b]', type_it=True)
        assert status(app) == 'no results for NEAR("[/b]'


async def test_hostile_names_and_notes_shown_literally(db_path: Path) -> None:
    ids = small_journal(db_path)
    app = bare_app(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        for name in HOSTILE_NAMES:
            word = name.split()[0].strip("[@")
            await search_for(pilot, word if word != "Al" else "Moss")
            assert any(name in line for line in result_lines(app)), (name, result_lines(app))
        screen = await search_for(pilot, "quokka")
        assert [h.entry_id for h in screen.hits] == [ids["note"]]
        (line,) = result_lines(app)
        assert line.startswith("note")
        assert "Ann [red] Lee" in line
        assert "\\x1b[31mred [b]bold[/] text" in line
        assert "\x1b" not in line


async def test_initial_query_typing_and_escape(db_path: Path) -> None:
    ids = small_journal(db_path)
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = SearchScreen(app.context, "zanzi")
        app.push_screen(screen)
        await wait_until(pilot, lambda: screen.shown_query == "zanzi")
        assert [h.entry_id for h in screen.hits] == [ids["call"]]
        screen = await search_for(pilot, "zanzibar")
        assert [h.entry_id for h in screen.hits] == [ids["call"]]
        assert status(app) == "1 result"
        screen.query_one(Input).value = ""
        await wait_until(pilot, lambda: screen.shown_query == "")
        assert result_lines(app) == []
        assert status(app).startswith("Type to search")
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)
