"""When the journal last synced, what that changed, and what it could not merge or read."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from rjournal.app import safe
from rjournal.app.stylesheets import SCREENS_CSS


class SyncStatusModal(ModalScreen[None]):
    """The lines of rjournal.sync.status, as plain text (names and notes are user text)."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "dismiss", "Close", id="sync_status.close", tooltip="Close"),
    ]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="sync-status"):
            yield Label("Sync status", id="sync-status-title")
            with VerticalScroll(id="sync-status-lines"):
                for line in self.lines:
                    # An indented line belongs to the one above it (the last run's report).
                    nested = "sync-status-line -nested" if line.startswith(" ") else None
                    yield Static(safe.line(line), classes=nested or "sync-status-line")
            yield Label(
                "escape closes · `rj sync --status` also reads the folders", id="sync-status-hint"
            )
