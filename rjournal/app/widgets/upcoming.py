"""Occasions of the next days across everyone: birthdays of people, kids and pets, yearly dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets.option_list import Option

from rjournal.app import safe
from rjournal.app.widgets.wrapping_option_list import WrappingOptionList

if TYPE_CHECKING:
    from rjournal.domain.occasions import UpcomingDate


def upcoming_prompt(item: UpcomingDate, today: date) -> Content:
    """ "Fri 28 Nov  Leo turns 7 · Anna Berg" ("today"/"tomorrow" for the nearest days).

    A birthday's label names the person as you call them (a nickname, shared by several
    people perhaps): the full name follows unless the label already starts with it."""
    # Here, not at the top: the wording loads the domain's model, which the home screen's
    # first frame does without (occasions come after it).
    from rjournal.domain.wording import nearby_day

    when = nearby_day(item.on, today, with_year=False)
    parts: list[Content | tuple[str, str]] = [
        (f"{when:<10} ", "$text-accent"),
        safe.line(item.label),
    ]
    if item.whose != "birthday" or not item.label.startswith(item.person_name):
        parts += [(" · ", "$text-muted"), safe.line(item.person_name)]
    return Content.assemble(*parts)


class UpcomingList(WrappingOptionList):
    """Upcoming occasions, nearest first; option ids carry the person."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.items: tuple[UpcomingDate, ...] = ()
        self.add_option(Option(Content("…"), disabled=True))

    def show_upcoming(self, items: Sequence[UpcomingDate], today: date) -> None:
        previous = self.highlighted
        self.items = tuple(items)
        self.clear_options()
        if not self.items:
            self.add_option(Option(Content("Nothing in the next 30 days."), disabled=True))
            return
        self.add_options(Option(upcoming_prompt(u, today)) for u in self.items)
        if previous is not None:
            self.highlighted = min(previous, len(self.items) - 1)

    @property
    def highlighted_person_id(self) -> int | None:
        if not self.items or self.highlighted is None:
            return None
        return self.items[self.highlighted].person_id
