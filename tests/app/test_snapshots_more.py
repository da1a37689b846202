"""SVG snapshots of the remaining screens: help, and the add-person form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from rjournal.app.app import build_app
from rjournal.app.modals.person_form import PersonFormModal
from rjournal.app.screens.help import HelpScreen
from tests.conftest import TODAY


async def _settled(pilot: Pilot[Any]) -> None:
    # Twice: "This week" is planned in a worker started once the check-ins are shown.
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _help(pilot: Pilot[Any]) -> None:
    await _settled(pilot)
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen)


async def _add_person(pilot: Pilot[Any]) -> None:
    await _settled(pilot)
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PersonFormModal)
    await pilot.press(*"Ann [red] Lee")
    await pilot.pause()
    # The form opens on its first field, and markup-like text stays text.
    assert pilot.app.screen.query_one("#name", Input).value == "Ann [red] Lee"


def test_help_100x30(demo_db: Path, snap_compare: Any) -> None:
    app = build_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_help)


def test_add_person_form_100x30(demo_db: Path, snap_compare: Any) -> None:
    app = build_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_add_person)


async def test_a_new_person_is_saved_exactly_as_typed(demo_db: Path) -> None:
    app = build_app(demo_db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await _add_person(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        found = app.journal.resolve("Ann [red] Lee")
        assert found.name == "Ann [red] Lee"
        assert app.screen.__class__.__name__ == "PersonScreen"
