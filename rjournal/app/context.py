"""What screens, modals and palette commands get from the app: the open journal, today, a
connection for each worker thread, the undo stack, and a way to say "the journal was written".

A journal that does not exist yet is created only when something is written to it: the
welcome screen's first save opens `journal`, which creates the file.

The app makes one and passes it to every screen and modal it opens; nothing below the app
imports the App class.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rjournal.store.journal import Journal

if TYPE_CHECKING:
    from rjournal.app.first_checkins import FirstCheckins
    from rjournal.app.undo import UndoStack


class JournalContext:
    """One open journal and what goes with it, for the screens of one app."""

    def __init__(
        self,
        db_path: Path,
        journal: Journal | None,
        *,
        today: Callable[[], date],
        written: Callable[[], None],
        private_dir: bool = False,
    ) -> None:
        """`journal` None: no file yet (it is created at the first access to `journal`);
        `today` is the app's (fixed in tests, else the clock); `written` tells every screen to
        refresh."""
        self.db_path = db_path
        self._journal = journal
        self._private_dir = private_dir
        self.today = today
        self._undo: UndoStack | None = None
        # The first page of check-ins, ranked while the app starts (the home screen takes it).
        self.first_checkins: FirstCheckins | None = None
        self._written = written

    @property
    def undo(self) -> UndoStack:
        """What can be undone (made at first use: nothing of it is needed to start)."""
        if self._undo is None:
            from rjournal.app.undo import UndoStack

            self._undo = UndoStack()
        return self._undo

    @property
    def has_journal(self) -> bool:
        """Whether the journal file is open (it exists): reads must not create it."""
        return self._journal is not None

    @property
    def journal(self) -> Journal:
        """The app's own connection (the main thread's); the first access to a journal that
        does not exist yet creates it."""
        if self._journal is None:
            self._journal = Journal.open(self.db_path, private_dir=self._private_dir)
        return self._journal

    def open_journal(self) -> Journal:
        """A connection for a worker thread (SQLite connections stay in their thread)."""
        return Journal.open(self.db_path)

    def journal_written(self) -> None:
        """Call after writing through `journal`: every screen re-reads what it shows."""
        self._written()


def context_of(app: object) -> JournalContext:
    """The context of the app a palette provider runs in: Textual builds providers from their
    classes, so theirs can't be passed in."""
    context = getattr(app, "context", None)
    if not isinstance(context, JournalContext):
        raise TypeError("not an rjournal app")
    return context
