"""Messages the app posts, named in the past tense."""

from __future__ import annotations

from textual.message import Message


class JournalChanged(Message):
    """The journal changed: by this app, or by the command line while the app is open."""


class PersonChosen(Message):
    """The user chose someone to open (at one entry of their timeline, from search); the app
    opens their screen."""

    def __init__(self, person_id: int, entry_id: int | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.entry_id = entry_id


class JournalStarted(Message):
    """The first people came into a journal that had no file: home takes the welcome's place."""


class DemoChosen(Message):
    """The user chose to look around the demo journal (the app quits, then `rj demo` runs)."""
