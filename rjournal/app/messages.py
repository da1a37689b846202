"""Messages the app posts, named in the past tense."""

from __future__ import annotations

from textual.message import Message


class JournalChanged(Message):
    """The journal changed: by this app, or by the command line while the app is open."""


class PersonSaved(Message):
    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id


class EntryLogged(Message):
    def __init__(self, entry_id: int, people: tuple[int, ...]) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.people = people
