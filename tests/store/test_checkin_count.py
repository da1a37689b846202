"""count_checkins counts by the engine's first pass over SQL candidates, a batch at a time; it
must equal the length of ranking everyone by brute force."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rjournal.store import facts
from tests.conftest import TODAY
from tests.store.test_next_checkins import PersonSpec, _brute_force, _build, person_spec


@settings(max_examples=20)
@given(specs=st.lists(person_spec, min_size=1, max_size=40), batch=st.sampled_from([1, 7, 2000]))
def test_the_count_is_everyone_ranking_would_list(
    tmp_path: Path, specs: list[PersonSpec], batch: int
) -> None:
    path = tmp_path / f"c{abs(hash(str(specs))) % 10**9}-{batch}.db"
    journal = _build(path, specs)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(facts, "COUNT_BATCH", batch)
            assert facts.count_checkins(journal, TODAY) == len(_brute_force(journal, TODAY, None))
    finally:
        journal.close()
        path.unlink()
