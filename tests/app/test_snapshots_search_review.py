"""SVG snapshots of search (with results) and of the review, on the demo journal at 100x30."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from rjournal.app.app import build_app
from rjournal.app.screens.review import ReviewScreen
from rjournal.app.screens.search import SearchScreen
from tests.conftest import TODAY

SIZE = (100, 30)


async def _settle(pilot: Pilot[None], ready: Callable[[], bool]) -> None:
    for _ in range(250):
        if ready():
            break
        await pilot.pause(0.02)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _home_drawn(pilot: Pilot[None]) -> None:
    """Home's loads wait for its first frame (up to 2 s): let it be drawn before covering it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()


def test_search_with_results(demo_db: Path, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _home_drawn(pilot)
        screen = SearchScreen(app.context)
        pilot.app.push_screen(screen)
        await pilot.pause()
        screen.query_one(Input).cursor_blink = False
        await pilot.press(*"conference")
        await _settle(pilot, lambda: screen.shown_query == "conference")

    app = build_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=SIZE, press=["down", "down"], run_before=run_before)


def test_review_of_the_month(demo_db: Path, snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _home_drawn(pilot)
        screen = ReviewScreen(app.context)
        pilot.app.push_screen(screen)
        await _settle(pilot, lambda: screen.review is not None)

    app = build_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=SIZE, press=["down"], run_before=run_before)
