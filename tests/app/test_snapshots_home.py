"""SVG snapshots of home: demo journal at a fixed today, 100x30 and 80x24, hostile names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from rjournal.app.app import build_app
from tests.app.test_app_shell import _hostile_journal
from tests.conftest import TODAY


async def _settle(pilot: Pilot[Any]) -> None:
    # Twice: "This week" is planned in a worker started once the check-ins are shown.
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_home_100x30(demo_db: Path, snap_compare: Any) -> None:
    assert snap_compare(
        build_app(demo_db, today=TODAY), terminal_size=(100, 30), run_before=_settle
    )


def test_home_80x24(demo_db: Path, snap_compare: Any) -> None:
    assert snap_compare(build_app(demo_db, today=TODAY), terminal_size=(80, 24), run_before=_settle)


def test_home_hostile_names(db_path: Path, snap_compare: Any) -> None:
    _hostile_journal(db_path)
    assert snap_compare(
        build_app(db_path, today=TODAY), terminal_size=(100, 30), run_before=_settle
    )
