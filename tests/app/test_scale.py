"""The people list pages from SQL: a big journal costs what is visible, not what is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjournal.app.app import build_app
from rjournal.app.widgets.people_list import CACHED_PAGES, PAGE_SIZE, PeopleList
from tests.conftest import TODAY

PEOPLE = 3000


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rjournal.demo import build_demo

    path = tmp_path_factory.mktemp("big") / "big.db"
    build_demo(path, people=PEOPLE, today=TODAY, seed=7)
    return path


async def test_only_visible_pages_are_loaded(big_db: Path) -> None:
    app = build_app(big_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        people = app.screen.query_one(PeopleList)
        people.focus()
        await pilot.pause()
        assert people.count > PAGE_SIZE * CACHED_PAGES
        queries = people.queries
        await pilot.press("end")
        await pilot.pause()
        assert people.cursor == people.count - 1
        last = app.journal.people_page("", people.count - 1, 1)[0]
        assert people.visible_names()[-1] == last.name
        # One count at start, then a page or two: never the whole list.
        assert people.queries - queries <= 2
        assert len(people._pages) <= CACHED_PAGES
        assert sum(len(p) for p in people._pages.values()) <= PAGE_SIZE * CACHED_PAGES
        await pilot.press("home")
        app.screen.query_one("#people-filter").focus()
        await pilot.press(*"zz")
        await pilot.pause()
        assert people.count < PEOPLE
        await app.workers.wait_for_complete()
