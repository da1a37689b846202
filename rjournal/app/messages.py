"""Messages the app posts, named in the past tense."""

from __future__ import annotations

from textual.message import Message


class JournalChanged(Message):
    """The journal changed: by this app, or by the command line while the app is open."""
