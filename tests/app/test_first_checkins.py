"""The first page of check-ins, ranked by `rj` before the app's modules load (rank_ahead):
the same refusals as the app's own opening, the same ranking, and the app shows it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rjournal.app.app import build_app
from rjournal.app.first_checkins import CHECKIN_PAGE, rank_ahead
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
        "print(sorted(m for m in ('textual', 'rich', 'click') if m in sys.modules))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert ran.stdout == "[]\n"


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
