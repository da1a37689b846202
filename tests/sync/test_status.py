"""The wording of sync's state (rjournal.sync.status), shared by `rj sync --status` and the
app: times in the local zone, said against the app's today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from rjournal.sync.status import LastSync, headline, when_said
from tests.conftest import local_zone

TODAY = date(2026, 12, 6)


@pytest.fixture(autouse=True)
def _tokyo() -> Iterator[None]:
    """Nine hours ahead of UTC: late evening UTC is already the next day here."""
    with local_zone("Asia/Tokyo"):
        yield


@pytest.mark.parametrize(
    ("iso", "said"),
    [
        ("2026-12-05T22:14:00+00:00", "today at 07:14"),
        ("2026-12-05T09:14:00+00:00", "yesterday at 18:14"),
        ("2026-12-01T00:00:00+00:00", "on 2026-12-01 at 09:00"),
        ("not a time", "not a time"),
    ],
)
def test_when_a_sync_ran_is_said_in_local_time_against_today(iso: str, said: str) -> None:
    assert when_said(iso, TODAY) == said


def test_the_headline_counts_what_needs_a_look_and_is_silent_before_set_up() -> None:
    ran = "2026-12-05T22:14:00+00:00"
    assert headline(LastSync(False, None, 0, 0), TODAY) is None
    assert headline(LastSync(True, None, 0, 0), TODAY) == "not synced yet"
    assert headline(LastSync(True, ran, 0, 0), TODAY) == "synced today at 07:14"
    assert headline(LastSync(True, ran, 2, 1), TODAY) == (
        "synced today at 07:14 · 2 conflicts, 1 left alone"
    )
