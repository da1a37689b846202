"""The app as the screen tests run it: the real JournalApp with a blank first screen, for
tests that push the screen or form they are about; home and its workers are not needed there
(home has its own tests and snapshots)."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from rjournal.app.app import JournalApp
from tests.conftest import TODAY


class _BareApp(JournalApp):
    def get_default_screen(self) -> Screen[None]:
        return Screen()


def bare_app(path: Path) -> JournalApp:
    """The app over the journal at path, today fixed, with nothing under the screens pushed."""
    return _BareApp(path, today=TODAY)
