"""Errors the store raises with a message fit to show the user as one line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rjournal.domain.edits import FieldConflict


class JournalError(Exception):
    """Something the user must hear about in one line; nothing was changed."""


class RefusedFile(JournalError):
    """The file is not a journal, is damaged, or comes from a newer rjournal: left untouched."""


class NotCurrent(JournalError):
    """An older journal, opened by someone who may not upgrade it (the app's child process
    reading ahead): whoever may, opens it again."""


class NotFound(JournalError):
    """An id or a name that matches nothing."""


class Ambiguous(JournalError):
    """A name that matches several people."""

    def __init__(self, message: str, candidates: list[tuple[int, str]]) -> None:
        super().__init__(message)
        self.candidates = candidates


class EditConflict(JournalError):
    """A form changed fields someone else changed meanwhile, differently: nothing was written.

    `current` is the record as the journal holds it now; `conflicts` the fields in question.
    """

    def __init__(self, conflicts: list[FieldConflict], current: Any) -> None:
        names = ", ".join(c.field for c in conflicts)
        super().__init__(f"changed elsewhere since the form was opened: {names}")
        self.conflicts = conflicts
        self.current = current
