"""The app benchmark's person-screen row: it opens the real person screen in both copies and
leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

from rjournal.demo import build_demo
from rjournal.devtools.app_benchmark import person_screen_lines
from rjournal.devtools.app_person import measure_person_screen
from tests.conftest import TODAY


def test_the_person_screen_is_timed_in_both_copies_and_the_copies_are_removed(
    tmp_path: Path,
) -> None:
    db = tmp_path / "demo.db"
    build_demo(db, people=60, today=TODAY, seed=7)
    run = measure_person_screen(db, TODAY, long=40, short=3, rounds=1, opens=2)
    assert run.long_ms > 0 and run.short_ms > 0
    assert (run.long, run.short) == (40, 3)
    # Only the journal and the check mark any opening of it leaves.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".demo.db.checked", "demo.db"]
    lines = person_screen_lines(run)
    assert "| with 3 interactions |" in lines[-2]
    assert lines[-1].startswith("| with 40 interactions |")
    assert lines[-1].endswith(("| PASS |", "| FAIL |"))
