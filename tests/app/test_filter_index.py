"""The people filter worked out in memory: equal to checking every key, whatever was typed
before, and to the SQL scan it stands in for."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from rjournal.app.widgets.filter_index import FilterIndex
from rjournal.domain.text import fold
from rjournal.store.journal import Journal

_WORDS = st.text(alphabet="abnd é", max_size=6)


def _every_key(ids: list[int], keys: list[str], text: str) -> list[int]:
    words = fold(text).split()
    return [i for i, key in zip(ids, keys, strict=True) if all(w in key for w in words)]


@given(st.lists(st.text(alphabet="abnd é", max_size=10), max_size=30), st.lists(_WORDS))
def test_each_filter_equals_checking_every_key(keys: list[str], typed: list[str]) -> None:
    """Narrowing from the last result (the fast path) never loses or adds anyone."""
    ids = list(range(len(keys)))
    index = FilterIndex(ids, keys)
    for text in typed:
        assert index.matching(text) == _every_key(ids, keys, text), text


def test_filters_equal_the_scan_of_the_journal(demo_db: Path) -> None:
    with Journal.open(demo_db) as journal:
        read = journal.people_filter_index()
        assert read is not None
        index = FilterIndex(*read)
        # Narrowing as you type, a second word, then words the last filter does not imply.
        for text in ("a", "an", "ann", "ann ", "ann b", "ann", "an", "a", "and", "", "ana l"):
            assert index.matching(text) == journal.people_ids(text), text
