"""What makes home scale: rows paged from SQL, filters narrowing a kept index, nothing before paint.

Timings live in `rjournal.devtools.app_benchmark`; these tests pin the behaviour behind them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from rjournal.app.app import JournalApp, build_app
from rjournal.app.widgets.people_list import CACHED_PAGES, PAGE_SIZE, PeopleList
from rjournal.store.journal import Journal, PersonRow
from tests.conftest import TODAY

PEOPLE = 3000


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rjournal.demo import build_demo

    path = tmp_path_factory.mktemp("big") / "big.db"
    build_demo(path, people=PEOPLE, today=TODAY, seed=7)
    return path


async def _settled(app: JournalApp, pilot: Pilot[None]) -> PeopleList:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(PeopleList)


def _rows_held(people: PeopleList) -> int:
    return sum(len(page) for page in people._pages.values())


async def test_end_fetches_only_the_last_page(big_db: Path) -> None:
    app = build_app(big_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        people = await _settled(app, pilot)
        people.focus()
        await pilot.pause()
        assert people.count > PAGE_SIZE * CACHED_PAGES
        id_queries, row_queries = people.id_queries, people.row_queries
        await pilot.press("end")
        await pilot.pause()
        assert people.cursor == people.count - 1
        last = app.journal.people_page("", people.count - 1, 1)[0]
        assert people.visible_names()[-1] == last.name
        # The id list is kept: `end` is a slice and a page or two of rows, never a scan.
        assert people.id_queries == id_queries
        assert people.row_queries - row_queries <= 2
        assert _rows_held(people) <= PAGE_SIZE * CACHED_PAGES


async def test_filters_are_worked_out_in_memory_as_the_scan_would(big_db: Path) -> None:
    app = build_app(big_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        people = await _settled(app, pilot)
        everyone = people.count
        assert people.index_loads == 1
        app.screen.query_one("#people-filter").focus()
        # Narrowing as you type, a second word, then words the last filter does not imply.
        for keys in ("a", "n", "n", "space", "b", "backspace", "backspace", "backspace", "d"):
            await pilot.press(keys)
            await pilot.pause()
            typed = people.filter_text
            assert people.shown_filter == typed
            assert people._ids == app.journal.people_ids(typed), typed
        assert people.filter_text == "and"
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.pause()
        assert people.count == everyone
        # No scan and no worker per keystroke: the index read once after the first frame.
        assert people.id_queries == 0
        assert people.index_loads == 1


async def test_without_the_index_each_filter_is_one_scan_and_backspace_is_none(
    big_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(big_db, today=TODAY)
    open_journal = app.context.open_journal

    def journal_with_a_nul_in_a_key() -> Journal:
        journal = open_journal()
        monkeypatch.setattr(journal, "people_filter_index", lambda: None)
        return journal

    monkeypatch.setattr(app.context, "open_journal", journal_with_a_nul_in_a_key)
    async with app.run_test(size=(100, 30)) as pilot:
        people = await _settled(app, pilot)
        everyone = people.count
        assert everyone > PAGE_SIZE
        app.screen.query_one("#people-filter").focus()
        id_queries = people.id_queries
        for typed in ("a", "an", "ann"):
            await pilot.press(typed[-1])
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert people.shown_filter == typed
            assert people._ids == app.journal.people_ids(typed)
        assert people.id_queries - id_queries == 3
        assert people.count < everyone
        await pilot.press("backspace", "backspace", "backspace")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Filters already seen (and the unfiltered list) come from the kept id lists.
        assert people.id_queries - id_queries == 3
        assert people.count == everyone


def test_the_filter_index_is_the_unfiltered_list_with_its_keys(big_db: Path) -> None:
    journal = Journal.open(big_db)
    try:
        index = journal.people_filter_index()
        assert index is not None
        ids, keys = index
        assert ids == journal.people_ids("")
        stored = journal.conn.execute(
            "SELECT id, filter_key FROM people WHERE deleted_at IS NULL AND archived = 0"
        ).fetchall()
        assert dict(zip(ids, keys, strict=True)) == dict(stored)
    finally:
        journal.close()


async def test_the_list_never_holds_more_than_a_few_pages_of_rows(big_db: Path) -> None:
    app = build_app(big_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        people = await _settled(app, pilot)
        people.focus()
        most = 0
        for _ in range(40):
            await pilot.press("pagedown")
            most = max(most, _rows_held(people))
            if people.cursor > PAGE_SIZE * CACHED_PAGES:
                break
        assert people.cursor > PAGE_SIZE * CACHED_PAGES
        assert most <= PAGE_SIZE * CACHED_PAGES
        assert all(isinstance(r, PersonRow) for p in people._pages.values() for r in p)


async def test_the_id_scan_waits_for_the_first_frame(
    big_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(big_db, today=TODAY)
    painted_when_scanned: list[bool] = []
    open_journal = app.context.open_journal

    def spying_open_journal() -> Journal:
        journal = open_journal()
        scan = journal.people_filter_index

        def people_filter_index() -> tuple[list[int], list[str]] | None:
            people = app.screen.query_one(PeopleList)
            painted_when_scanned.append(people.drawn.is_set() and people.painted_version >= 0)
            return scan()

        monkeypatch.setattr(journal, "people_filter_index", people_filter_index)
        return journal

    monkeypatch.setattr(app.context, "open_journal", spying_open_journal)
    async with app.run_test(size=(100, 30)) as pilot:
        people = await _settled(app, pilot)
        assert people.loaded and people.count > PAGE_SIZE
        # One scan, on a worker's own connection, after the list was first drawn.
        assert painted_when_scanned == [True]
