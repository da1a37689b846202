"""The check-in list: who needs you, why, what to talk about, and how to reach them, a page at
a time (the cursor on the last row asks for the next page)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rjournal.app import safe
from rjournal.app.widgets.wrapping_option_list import WrappingOptionList

if TYPE_CHECKING:
    from rjournal.app.checkin_rows import CheckinRow

MORE_ID = "more"


def checkin_prompt(row: CheckinRow) -> Content:
    """Three short lines: the name and channel, the first reason, the first talking point."""
    head = safe.line(row.name).stylize("bold")
    if row.channel is not None:
        head = Content.assemble(head, ("  · " + row.channel, "$text-accent"))
    lines = [head]
    if row.reason:
        lines.append(safe.line(row.reason))
    if row.talking_point:
        lines.append(Content.assemble(("» ", "$text-muted"), safe.line(row.talking_point)))
    return Content("\n").join(lines)


def count_label(shown: int, total: int | None, more: bool) -> str:
    """The border's count: "113", "50 of 113", or "50+" until the total is known."""
    if total is None:
        return f"{shown}+" if more else (f"{shown}" if shown else "")
    if total > shown:
        return f"{shown} of {total:,}"
    return f"{total:,}" if total else ""


class CheckinList(WrappingOptionList):
    """Suggestions from the check-in engine, as rows (app.checkin_rows); option ids are person
    ids. Given rows, it shows them from its first frame."""

    class MoreWanted(Message):
        """The cursor reached the row that stands for the next page."""

    def __init__(
        self,
        rows: Sequence[CheckinRow] | None = None,
        *,
        more: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.rows: tuple[CheckinRow, ...] = ()
        self.loaded = False
        self.more = False
        self.loading_more = False
        if rows is None:
            self.show_waiting()
        else:
            self.show_rows(rows, more=more)

    def show_waiting(self) -> None:
        self.clear_options()
        self.add_option(Option(Content("Working out who needs you…"), disabled=True))

    def show_rows(
        self, rows: Sequence[CheckinRow], *, more: bool = False, cursor: int | None = None
    ) -> None:
        """Replace the list, keeping the cursor on the same person when they are still in it
        (or at `cursor`: the first row of a page just loaded)."""
        previous = self.highlighted_person_id
        self.rows = tuple(rows)
        self.loaded = True
        self.more = more
        self.loading_more = False
        self.clear_options()
        if not self.rows:
            self.add_option(Option(Content("No one needs a check-in today."), disabled=True))
            return
        self.add_options(Option(checkin_prompt(r), id=f"person-{r.person_id}") for r in self.rows)
        if more:
            self.add_option(Option(Content.styled("↓ more: keep going down", "dim"), id=MORE_ID))
        ids = [r.person_id for r in self.rows]
        if cursor is not None and 0 <= cursor < len(ids):
            self.highlighted = cursor
        else:
            self.highlighted = ids.index(previous) if previous in ids else 0

    @property
    def highlighted_person_id(self) -> int | None:
        index = self.highlighted
        if not self.loaded or index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index].person_id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The cursor on the "more" row asks for the next page, once."""
        if event.option.id == MORE_ID and not self.loading_more:
            self.loading_more = True
            self.post_message(self.MoreWanted())
