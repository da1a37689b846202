"""A person's timeline: entries newest first, each with its day, channel and who was there.

Focused (t on the person screen, tab, or a click), it has a cursor: up and down move it, e or
enter asks to edit the entry under it, x or delete asks to delete it. The screen does the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message
from textual.widgets import Button, Static

from rjournal.app import safe
from rjournal.domain.dates import format_date
from rjournal.domain.model import Entry
from rjournal.domain.wording import relative_day


def entry_heading(entry: Entry, person_id: int, names: Mapping[int, str], today: date) -> Content:
    """ "Fri 20 Nov 2026 · coffee · they reached out · with Bob Moss"."""
    parts: list[Content | str | tuple[str, str]] = [(format_date(entry.on), "bold")]
    if entry.is_interaction:
        parts += [" · ", entry.channel.value if entry.channel else "contact"]
        parts += [" · ", "they reached out" if entry.from_them else "you reached out"]
    else:
        parts += [" · ", ("note", "italic")]
    others = [names.get(p, f"#{p}") for p in entry.people if p != person_id]
    if others:
        parts.append(" · with ")
        for index, name in enumerate(others):
            if index:
                parts.append(", ")
            parts.append(safe.line(name, 40))
    days = (today - entry.on).days
    if 0 <= days < 60:
        parts.append((f"  {relative_day(entry.on, today)}", "dim"))
    return Content.assemble(*parts)


def entry_label(entry: Entry) -> str:
    """ "the coffee of Fri 20 Nov 2026 (“Talked about the move…”)": safe plain text, one line."""
    what = entry.channel.value if entry.channel else "entry"
    if not entry.is_interaction:
        what = "note"
    shown = f"the {what} of {format_date(entry.on)}"
    if entry.text.strip():
        shown += f" (“{safe.line(entry.text, 40).plain}”)"
    return shown


def entry_content(entry: Entry, heading: Content) -> Content:
    """The heading line, then the entry's text exactly as typed (several lines kept)."""
    if not entry.text:
        return heading
    return Content.assemble(heading, "\n", safe.text(entry.text, multiline=True))


class EntryItem(Static):
    """One entry: the heading line, then its text exactly as typed (several lines kept)."""

    DEFAULT_CSS = """
    EntryItem {
        padding: 0 1;
        margin-bottom: 1;
        height: auto;
    }
    EntryItem.-note {
        color: $text-muted;
    }
    EntryItem.-highlight {
        background: $accent 25%;
        border-left: thick $accent;
    }
    EntryItem.-selected {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
    }
    """

    def __init__(self, entry: Entry, heading: Content, *, highlight: bool = False) -> None:
        classes = "-note" if not entry.is_interaction else ""
        super().__init__(entry_content(entry, heading), classes=classes)
        self.entry = entry
        self.set_class(highlight, "-highlight")


class Timeline(Vertical):
    """The entries shown so far, with a button for older ones when there are more."""

    DEFAULT_CSS = """
    Timeline {
        height: auto;
    }
    Timeline > #timeline-empty {
        color: $text-muted;
        padding: 0 1;
    }
    Timeline > .older {
        margin: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Previous entry", show=False),
        Binding("down", "cursor(1)", "Next entry", show=False),
        Binding("home", "cursor_to(0)", "First entry", show=False),
        Binding("end", "cursor_to(-1)", "Last entry shown", show=False),
        Binding(
            "e,enter",
            "edit_entry",
            "Edit entry",
            id="timeline.edit",
            tooltip="Edit the selected entry",
        ),
        Binding(
            "x,delete",
            "delete_entry",
            "Delete entry",
            id="timeline.delete",
            tooltip="Delete the selected entry; u brings it back",
        ),
    ]

    class EditWanted(Message):
        """The user asked to edit an entry."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class DeleteWanted(Message):
        """The user asked to delete an entry."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.person_id = 0
        self.shown = 0
        self.items: list[EntryItem] = []
        self.cursor = 0
        # Down on the last entry pressed "Show older entries": step onto the first of them.
        self._step_after_load = False
        # Focusable once it has entries (tab would otherwise stop on an empty timeline).
        self.can_focus = False

    def compose(self) -> ComposeResult:
        yield Static("Nothing logged yet: press l to log", id="timeline-empty")

    def show(
        self,
        person_id: int,
        entries: Sequence[Entry],
        names: Mapping[int, str],
        today: date,
        *,
        more: bool,
        highlight: int | None = None,
        append: bool = False,
    ) -> None:
        """Show entries (replacing what was shown, or after it with append).

        The cursor stays on the entry it was on (wherever its date moved it), else on the one
        asked to be highlighted, else at the same place (the next one, after a deletion).
        """
        self.person_id = person_id
        selected = self.selected
        if not append:
            self.query(EntryItem).remove()
            self.items = []
            self.shown = 0
        self.query(".older").remove()
        items = [
            EntryItem(e, entry_heading(e, person_id, names, today), highlight=e.id == highlight)
            for e in entries
        ]
        self.items += items
        self.shown += len(items)
        self.query_one("#timeline-empty").display = self.shown == 0
        widgets: list[Static | Button] = list(items)
        if more:
            widgets.append(Button("Show older entries", classes="older", compact=True))
        if widgets:
            self.mount_all(widgets)
        self._place_cursor(selected, highlight if not append else None)
        self.can_focus = bool(self.items)
        if not self.items and self._is_focused():
            self.blur()

    def _place_cursor(self, selected: Entry | None, highlight: int | None) -> None:
        ids = [item.entry.id for item in self.items]
        if self._step_after_load:
            self._step_after_load = False
            self.cursor += 1
        elif selected is not None and selected.id in ids:
            self.cursor = ids.index(selected.id)
        elif highlight is not None and highlight in ids:
            self.cursor = ids.index(highlight)
        self.cursor = max(0, min(self.cursor, len(self.items) - 1))
        self._show_cursor()

    def item(self, entry_id: int) -> EntryItem | None:
        for item in self.items:
            if item.entry.id == entry_id:
                return item
        return None

    @property
    def selected(self) -> Entry | None:
        """The entry under the cursor (shown only while the timeline has focus)."""
        if not 0 <= self.cursor < len(self.items):
            return None
        return self.items[self.cursor].entry

    def select(self, entry_id: int) -> bool:
        """Put the cursor on an entry that is shown; False when it is not."""
        for index, item in enumerate(self.items):
            if item.entry.id == entry_id:
                self.cursor = index
                self._show_cursor()
                return True
        return False

    def _show_cursor(self, *, scroll: bool = True) -> None:
        # Only while focused: a selection seen without focus would suggest that x deletes the
        # entry, when it deletes the person.
        focused = self._is_focused()
        for index, item in enumerate(self.items):
            item.set_class(focused and index == self.cursor, "-selected")
        if scroll and focused and self.items:
            self.call_after_refresh(self._scroll_to_cursor)

    def _is_focused(self) -> bool:
        # Not has_focus: that is set by Widget's own focus handler, which runs after ours.
        return self.is_attached and self.screen.focused is self

    def _scroll_to_cursor(self) -> None:
        if 0 <= self.cursor < len(self.items) and self._is_focused():
            self.items[self.cursor].scroll_visible(animate=False)

    def on_focus(self, _: events.Focus) -> None:
        self._show_cursor()

    def on_blur(self, _: events.Blur) -> None:
        self._show_cursor(scroll=False)

    def on_click(self, event: events.Click) -> None:
        node: DOMNode | None = event.widget
        while node is not None and node is not self and not isinstance(node, EntryItem):
            node = node.parent
        if isinstance(node, EntryItem) and node in self.items:
            self.cursor = self.items.index(node)
            self._show_cursor(scroll=False)
            if event.chain == 2:
                self.action_edit_entry()

    # -- actions -------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        if not self.items:
            return
        target = self.cursor + step
        if target >= len(self.items):
            older = self.query(".older").results(Button)
            button = next(older, None)
            if button is not None:
                self._step_after_load = True
                button.press()
            return
        self.cursor = max(0, target)
        self._show_cursor()

    def action_cursor_to(self, index: int) -> None:
        if self.items:
            self.cursor = index % len(self.items)
            self._show_cursor()

    def action_edit_entry(self) -> None:
        if (entry := self.selected) is not None:
            self.post_message(self.EditWanted(entry))

    def action_delete_entry(self) -> None:
        if (entry := self.selected) is not None:
            self.post_message(self.DeleteWanted(entry))
