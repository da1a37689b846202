"""Everyone's ids and filter keys in name order, and the people list's filters worked out
from them in memory: each keystroke narrows the last result when the new words imply the old
ones, so a longer filter costs less than the first letter."""

from __future__ import annotations

from itertools import compress

from rjournal.domain.text import fold


class FilterIndex:
    """Finds, for a filter, the ids whose key holds every word, as `Journal.people_ids` does
    in SQL (instr() and `in` agree)."""

    def __init__(self, ids: list[int], keys: list[str]) -> None:
        self.ids = ids
        self.keys = keys
        # The last filter worked out (its words, ids and keys): the next one usually narrows it.
        self._narrowest: tuple[list[str], list[int], list[str]] | None = None

    def matching(self, text: str) -> list[int]:
        """The ids, in name order, of the people whose key holds every word of `text`."""
        words = fold(text).split()
        ids, keys = self.ids, self.keys
        narrowest = self._narrowest
        if narrowest is not None and all(any(old in new for new in words) for old in narrowest[0]):
            ids, keys = narrowest[1], narrowest[2]
        # The longest word first: it usually leaves the fewest keys for the others.
        for word in sorted(set(words), key=len, reverse=True):
            mask = [word in key for key in keys]
            ids, keys = list(compress(ids, mask)), list(compress(keys, mask))
        self._narrowest = (words, ids, keys)
        return ids
