"""Errors the store raises with a message fit to show the user as one line."""

from __future__ import annotations


class JournalError(Exception):
    """Something the user must hear about in one line; nothing was changed."""


class RefusedFile(JournalError):
    """The file is not a journal, is damaged, or comes from a newer rjournal: left untouched."""


class NotFound(JournalError):
    """An id or a name that matches nothing."""


class Ambiguous(JournalError):
    """A name that matches several people."""

    def __init__(self, message: str, candidates: list[tuple[int, str]]) -> None:
        super().__init__(message)
        self.candidates = candidates
