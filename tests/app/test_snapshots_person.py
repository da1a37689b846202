"""SVG snapshots of the person screen (a demo hero with kids and pets) and the quick log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from rjournal.app.app import JournalApp, build_app
from rjournal.app.context import JournalContext
from rjournal.app.screens.person import PersonScreen
from tests.conftest import TODAY

# The demo's first hero: kids, a living dog, a cat that has passed away, promises, history.
HERO_ID = 1


def _context(pilot: Pilot[Any]) -> JournalContext:
    app = pilot.app
    assert isinstance(app, JournalApp)
    return app.context


async def _person(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.app.push_screen(PersonScreen(_context(pilot), HERO_ID))
    await pilot.pause()


async def _quick_log(pilot: Pilot[Any]) -> None:
    await _person(pilot)
    await pilot.press("l")
    await pilot.pause()
    await pilot.press(*"Coffee at the usual place")
    await pilot.pause()


def test_person_100x30(demo_db: Path, snap_compare: Any) -> None:
    app = build_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_person)


def test_person_80x24(demo_db: Path, snap_compare: Any) -> None:
    app = build_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_person)


def test_quick_log_100x30(demo_db: Path, snap_compare: Any) -> None:
    app = build_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_quick_log)
