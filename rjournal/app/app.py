"""The app: one factory used by the command line and the tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from rjournal.app.messages import JournalChanged
from rjournal.app.screens.base import JournalScreen
from rjournal.store.journal import Journal

# How often the app asks SQLite whether another process committed (PRAGMA data_version).
POLL_SECONDS = 1.0


class JournalApp(App[None]):
    """rjournal's app over one journal file."""

    TITLE = "rjournal"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("l", "quick_log", "Log", id="quick_log", tooltip="Log an interaction"),
        Binding("a", "add_person", "Add", id="add_person", tooltip="Add a person"),
        Binding("slash", "search", "Search", id="search", tooltip="Search names and notes"),
        Binding("r", "review", "Review", id="review", tooltip="The monthly review"),
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key binding"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self, db_path: Path, *, today: date | None = None, private_dir: bool = False
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self._fixed_today = today
        self.journal = Journal.open(db_path, private_dir=private_dir)
        self._data_version = self.journal.data_version()

    def today(self) -> date:
        """The app's today: fixed in tests and screenshots, else the clock."""
        return self._fixed_today or date.today()

    def open_journal(self) -> Journal:
        """A connection for a worker thread (SQLite connections stay in their thread)."""
        return Journal.open(self.db_path)

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll_journal)

    def _poll_journal(self) -> None:
        """Constant cost whatever the journal's size: one pragma."""
        version = self.journal.data_version()
        if version != self._data_version:
            self._data_version = version
            self.post_message(JournalChanged())

    def journal_written(self) -> None:
        """Call after this app wrote: every screen refreshes."""
        self._data_version = self.journal.data_version()
        self.post_message(JournalChanged())

    def on_journal_changed(self, _: JournalChanged) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, JournalScreen):
                if screen is self.screen:
                    screen.refresh_data()
                else:
                    screen.stale = True

    def on_unmount(self) -> None:
        self.journal.close()


def build_app(db_path: Path, *, today: date | None = None, private_dir: bool = False) -> JournalApp:
    return JournalApp(db_path, today=today, private_dir=private_dir)


def run_app(db_path: Path, *, today: date | None = None, private_dir: bool = False) -> None:
    build_app(db_path, today=today, private_dir=private_dir).run()
