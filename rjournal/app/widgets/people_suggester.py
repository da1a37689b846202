"""Completion of people's names in an Input, from the journal, as you type."""

from __future__ import annotations

from textual.suggester import Suggester

from rjournal.app import safe
from rjournal.domain.text import fold
from rjournal.store.journal import Journal

# How many names the completion looks at.
COMPLETION_CANDIDATES = 20


def complete_name(journal: Journal, typed: str) -> str | None:
    """The first name (or nickname) that starts with what was typed, accent-insensitively."""
    key = fold(typed)
    if not key:
        return None
    for match in journal.people_page(typed, 0, COMPLETION_CANDIDATES):
        for candidate in (match.name, match.nickname):
            if candidate and fold(candidate).startswith(key) and fold(candidate) != key:
                return safe.plain(candidate)
    return None


class PeopleSuggester(Suggester):
    """Completes the last comma-separated name in an Input from the people in the journal."""

    def __init__(self, journal: Journal) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.journal = journal

    async def get_suggestion(self, value: str) -> str | None:
        head, comma, last = value.rpartition(",")
        typed = last.lstrip()
        completed = complete_name(self.journal, typed)
        if completed is None:
            return None
        spacing = last[: len(last) - len(typed)]
        return f"{head}{comma}{spacing}{completed}"
