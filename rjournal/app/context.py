"""What screens, modals and palette commands get from the app: the open journal, today, a
connection for each worker thread, the undo stack, and a way to say "the journal was written".

A journal that does not exist yet is created only when something is written to it: the
welcome screen's first save opens `journal`, which creates the file. One that exists may be
opened only at the first use of `journal` too (the app's, after its first frame: see
app.first_checkins).

The app makes one and passes it to every screen and modal it opens; nothing below the app
imports the App class.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rjournal.app.first_checkins import FirstCheckins
    from rjournal.app.undo import UndoStack
    from rjournal.store.journal import Journal


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
        exists: bool | None = None,
    ) -> None:
        """`journal` None: not open yet, opened at the first access to `journal` (which
        creates the file unless `exists`: it existed when the app started, and must still);
        `today` is the app's (fixed in tests, else the clock); `written` tells every screen to
        refresh."""
        self.db_path = db_path
        self._journal = journal
        self._exists = journal is not None if exists is None else exists
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
        """Whether the journal file exists (open or not yet): reads must not create it."""
        return self._exists or self._journal is not None

    @property
    def is_open(self) -> bool:
        """Whether the app's own connection is open."""
        return self._journal is not None

    @property
    def journal(self) -> Journal:
        """The app's own connection (the main thread's), opened at the first access: creating
        a journal that did not exist yet, never one that did."""
        if self._journal is None:
            from rjournal.store.journal import Journal

            self._journal = Journal.open(
                self.db_path, create=not self._exists, private_dir=self._private_dir
            )
        return self._journal

    def open_journal(self) -> Journal:
        """A connection for a worker thread (SQLite connections stay in their thread); a
        worker only reads, so a journal gone from under the app is an error, not a new one."""
        from rjournal.store.journal import Journal

        return Journal.open(self.db_path, create=False)

    def close(self) -> None:
        """Close the app's own connection, if it was opened."""
        journal, self._journal = self._journal, None
        if journal is not None:
            journal.close()

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
