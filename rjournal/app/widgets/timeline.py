"""A person's timeline: entries newest first, each with its day, channel and who was there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Static

from rjournal.app import safe
from rjournal.domain.dates import format_date
from rjournal.domain.model import Entry


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
        parts.append(("  today" if days == 0 else f"  {days} days ago", "dim"))
    return Content.assemble(*parts)


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
    """

    def __init__(self, entry: Entry, heading: Content, *, highlight: bool = False) -> None:
        body = safe.text(entry.text, multiline=True) if entry.text else Content("")
        content = heading if not entry.text else Content.assemble(heading, "\n", body)
        classes = "-note" if not entry.is_interaction else ""
        super().__init__(content, classes=classes)
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.person_id = 0
        self.shown = 0

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
        """Show entries (replacing what was shown, or after it with append)."""
        self.person_id = person_id
        if not append:
            self.query(EntryItem).remove()
            self.shown = 0
        self.query(".older").remove()
        items = [
            EntryItem(e, entry_heading(e, person_id, names, today), highlight=e.id == highlight)
            for e in entries
        ]
        self.shown += len(items)
        self.query_one("#timeline-empty").display = self.shown == 0
        widgets: list[Static | Button] = list(items)
        if more:
            widgets.append(Button("Show older entries", classes="older", compact=True))
        if widgets:
            self.mount_all(widgets)

    def item(self, entry_id: int) -> EntryItem | None:
        for item in self.query(EntryItem):
            if item.entry.id == entry_id:
                return item
        return None
