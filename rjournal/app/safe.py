"""User text into widgets: always as plain Content, never parsed as markup, never raw controls."""

from __future__ import annotations

from textual.content import Content

from rjournal.domain.text import neutralise, one_line


def text(value: str, *, multiline: bool = False) -> Content:
    """User text as Content: "[/bold]" stays "[/bold]", "\\x1b" shows as "\\x1b"."""
    return Content(neutralise(value, keep_newlines=multiline))


def line(value: str, width: int | None = None) -> Content:
    """User text folded to one safe line, cut to width with an ellipsis."""
    return Content(one_line(value, width))


def plain(value: str) -> str:
    """For places that take a str and never parse markup (Input values, toast with markup=False)."""
    return neutralise(value)
