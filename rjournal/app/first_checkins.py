"""The first page of check-ins, ranked in a thread from before the app's modules load.

What the user opens the app for is the check-in list. Ranked only once the home screen is on
screen, it came a whole frame (and a layout of the list) after the first one; ranked here,
on a connection of its own while Textual loads and starts (SQLite gives up the interpreter
while it reads), it is ready when the home screen composes, and the first frame shows it.
`rj` starts it (rank_ahead) before importing the app, ~130 ms earlier than the app's
constructor could: at 100,000 people the home screen waited 10-30 ms for it there. Textual
is not imported here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rjournal.domain.checkin import Suggestion
    from rjournal.store.journal import Journal

# Check-ins loaded at a time on the home screen (the cursor on the last loads the next page).
CHECKIN_PAGE = 20
# How long the home screen waits for the ranking before showing its frame without it.
WAIT_SECONDS = 1.0


class FirstCheckins:
    """One ranking of the first `limit` (+1, to know whether there are more) check-ins."""

    def __init__(self, open_journal: Callable[[], Journal], as_of: date, limit: int) -> None:
        self.as_of = as_of
        self.limit = limit
        self._open_journal = open_journal
        self._done = threading.Event()
        self._result: list[Suggestion] | None = None
        self._thread = threading.Thread(target=self._rank, name="first-checkins", daemon=True)
        self._thread.start()

    def _rank(self) -> None:
        try:
            from rjournal.store.facts import next_checkins

            journal = self._open_journal()
            try:
                self._result = next_checkins(journal, self.as_of, limit=self.limit + 1)
            finally:
                journal.close()
        except Exception:  # the home screen's own worker ranks again and reports
            self._result = None
        finally:
            self._done.set()

    def take(self, as_of: date, timeout: float = WAIT_SECONDS) -> list[Suggestion] | None:
        """The ranking, once, if it is for `as_of` and done within `timeout`; else None."""
        if as_of != self.as_of or not self._done.wait(timeout):
            return None
        result, self._result = self._result, None
        return result


def rank_ahead(path: Path, as_of: date, *, private_dir: bool) -> FirstCheckins | None:
    """Open the journal at `path` once on this thread (a foreign, damaged or newer file is
    refused here, an older one upgraded, as the app's own opening would), then start ranking
    its first page; None when there is no journal yet (the app shows its welcome screen)."""
    from rjournal.store.journal import Journal

    if not path.exists():
        return None
    Journal.open(path, create=False, private_dir=private_dir).close()
    return FirstCheckins(lambda: Journal.open(path), as_of, CHECKIN_PAGE)
