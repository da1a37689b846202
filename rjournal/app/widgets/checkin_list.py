"""The check-in list: who needs you, why, what to talk about, and how to reach them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets.option_list import Option

from rjournal.app import safe
from rjournal.app.widgets.wrapping_option_list import WrappingOptionList
from rjournal.domain.model import Channel

if TYPE_CHECKING:
    from rjournal.domain.checkin import Suggestion


def checkin_prompt(suggestion: Suggestion) -> Content:
    """Three short lines: the name and channel, the first reason, the first talking point."""
    head = safe.line(suggestion.name).stylize("bold")
    # "other" as a channel tells the reader nothing.
    if suggestion.channel is not None and suggestion.channel is not Channel.OTHER:
        head = Content.assemble(head, ("  · " + suggestion.channel.value, "$text-accent"))
    lines = [head]
    if suggestion.reasons:
        lines.append(safe.line(suggestion.reasons[0]))
    if suggestion.talking_points:
        lines.append(
            Content.assemble(("» ", "$text-muted"), safe.line(suggestion.talking_points[0]))
        )
    return Content("\n").join(lines)


class CheckinList(WrappingOptionList):
    """Suggestions from the check-in engine; option ids are person ids."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.suggestions: tuple[Suggestion, ...] = ()
        self.loaded = False
        self.show_waiting()

    def show_waiting(self) -> None:
        self.clear_options()
        self.add_option(Option(Content("Working out who needs you…"), disabled=True))

    def show_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        """Replace the list, keeping the cursor on the same person when they are still in it."""
        previous = self.highlighted_person_id
        self.suggestions = tuple(suggestions)
        self.loaded = True
        self.clear_options()
        if not self.suggestions:
            self.add_option(Option(Content("No one needs a check-in today."), disabled=True))
            return
        self.add_options(
            Option(checkin_prompt(s), id=f"person-{s.person_id}") for s in self.suggestions
        )
        ids = [s.person_id for s in self.suggestions]
        self.highlighted = ids.index(previous) if previous in ids else 0

    @property
    def highlighted_person_id(self) -> int | None:
        if not self.loaded or not self.suggestions or self.highlighted is None:
            return None
        return self.suggestions[self.highlighted].person_id
