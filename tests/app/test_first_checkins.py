"""The first page of check-ins, ranked by `rj` before the app's modules load (rank_ahead):
the same refusals as the app's own opening, the same ranking, and the app shows it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from rjournal.app.app import build_app
from rjournal.app.first_checkins import CHECKIN_PAGE, FirstCheckins, RankedInChild, rank_ahead
from rjournal.app.widgets.checkin_list import CheckinList
from rjournal.store.errors import JournalError
from rjournal.store.facts import next_checkins
from rjournal.store.journal import Journal
from tests.conftest import TODAY


def test_no_journal_yet_ranks_nothing_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert rank_ahead(missing, TODAY, private_dir=False) is None
    assert not missing.exists()


@pytest.mark.parametrize("content", [b"not a journal", b""], ids=["foreign", "empty"])
def test_a_file_the_app_would_refuse_is_refused_first_and_left_alone(
    tmp_path: Path, content: bytes
) -> None:
    refused = tmp_path / "notes.db"
    refused.write_bytes(content)
    with pytest.raises(JournalError):
        rank_ahead(refused, TODAY, private_dir=False)
    assert refused.read_bytes() == content


def test_the_ranking_is_the_check_in_engines_first_page(demo_db: Path) -> None:
    first = rank_ahead(demo_db, TODAY, private_dir=False)
    assert first is not None
    ranked = first.take(TODAY)
    with Journal.open(demo_db) as journal:
        expected = next_checkins(journal, TODAY, limit=CHECKIN_PAGE + 1)
    assert ranked is not None and len(ranked) == CHECKIN_PAGE + 1
    assert [s.person_id for s in ranked] == [s.person_id for s in expected]


def test_it_loads_no_textual(demo_db: Path) -> None:
    """What lets it run while Textual is still being imported."""
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from rjournal.app.first_checkins import rank_ahead\n"
        f"first = rank_ahead(Path({str(demo_db)!r}), date(2026, 11, 22), private_dir=False)\n"
        "assert first is not None and first.take(date(2026, 11, 22))\n"
        "print(type(first).__name__)\n"
        "print(sorted(m for m in ('textual', 'rich', 'click') if m in sys.modules))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    # A process with one thread, as `rj` is when it gets here: ranked in a child process.
    assert ran.stdout == "RankedInChild\n[]\n"


async def test_the_app_shows_the_ranking_it_was_given(demo_db: Path) -> None:
    first = rank_ahead(demo_db, TODAY, private_dir=False)
    app = build_app(demo_db, today=TODAY, first_checkins=first)
    assert app.context.first_checkins is first
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        checkins = app.screen.query_one(CheckinList)
        assert checkins.loaded
        with Journal.open(demo_db) as journal:
            expected = next_checkins(journal, TODAY, limit=CHECKIN_PAGE)
        assert [s.person_id for s in checkins.suggestions] == [s.person_id for s in expected]
        assert app.context.first_checkins is None  # taken by the home screen


def _expected(db: Path) -> list[int]:
    with Journal.open(db) as journal:
        return [s.person_id for s in next_checkins(journal, TODAY, limit=CHECKIN_PAGE + 1)]


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_a_child_process_ranks_the_same_first_page_and_is_reaped(demo_db: Path) -> None:
    first = RankedInChild(lambda: Journal.open(demo_db), TODAY, CHECKIN_PAGE)
    pid = first._pid
    assert pid is not None
    ranked = first.take(TODAY)
    assert ranked is not None
    assert [s.person_id for s in ranked] == _expected(demo_db)
    assert [s.reasons for s in ranked[:3]] == [
        s.reasons for s in next_checkins(Journal.open(demo_db), TODAY, limit=3)
    ]
    assert _reaped(pid)
    assert first.take(TODAY) is None  # once


def test_a_child_that_fails_gives_nothing_and_is_reaped(tmp_path: Path) -> None:
    def refuse() -> Journal:
        raise JournalError("no journal here")

    first = RankedInChild(refuse, TODAY, CHECKIN_PAGE)
    pid = first._pid
    assert pid is not None
    assert first.take(TODAY) is None
    assert _reaped(pid)


def test_a_ranking_for_another_day_is_not_taken_and_its_child_is_reaped(demo_db: Path) -> None:
    first = RankedInChild(lambda: Journal.open(demo_db), TODAY, CHECKIN_PAGE)
    pid = first._pid
    assert pid is not None
    assert first.take(TODAY + timedelta(days=1)) is None
    assert _reaped(pid)


def test_a_process_with_other_threads_ranks_in_a_thread(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    first = rank_ahead(demo_db, TODAY, private_dir=False)
    assert type(first) is FirstCheckins
    ranked = first.take(TODAY)
    assert ranked is not None and [s.person_id for s in ranked] == _expected(demo_db)
