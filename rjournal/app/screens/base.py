"""The base of every screen that shows journal data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from rjournal.app.app import JournalApp


class JournalScreen(Screen[None]):
    """A screen over the journal: `refresh_data` re-reads what it shows.

    The app calls it when the journal changed (own writes, or the command line's); a screen
    that is not on top is refreshed when it comes back.
    """

    stale = False

    @property
    def journal_app(self) -> JournalApp:
        from rjournal.app.app import JournalApp

        app = self.app
        assert isinstance(app, JournalApp)
        return app

    def refresh_data(self) -> None:
        """Re-read and redraw what the screen shows (subclasses override)."""

    def on_screen_resume(self) -> None:
        if self.stale:
            self.stale = False
            self.refresh_data()
