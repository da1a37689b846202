"""When a form's fields were changed elsewhere while it was open: theirs, or mine?"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from rjournal.app import safe
from rjournal.app.stylesheets import SCREENS_CSS
from rjournal.domain.dates import YearlyDate
from rjournal.domain.edits import FieldConflict
from rjournal.domain.rhythms import Rhythm

Choice = Literal["theirs", "mine"]
# How a field is named where the form's label differs from the record's field.
_LABELS = {
    "met": "How you met",
    "snoozed_until": "Snoozed until",
    "passed_on": "Passed away",
    "on": "Date",
    "from_them": "They reached out",
    "text": "Text",
}


def field_label(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " ").capitalize())


def shown(value: Any) -> str:
    """A field's value as one line of text."""
    if value is None or value == "" or value == ():
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, YearlyDate):
        return value.iso()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Rhythm):
        return value.code()
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


class ConflictModal(ModalScreen[Choice | None]):
    """Lists each field changed both here and elsewhere; dismisses with "theirs", "mine", or
    None (back to the form, nothing saved)."""

    CSS_PATH = SCREENS_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "choose('theirs')", "Keep theirs", id="conflict.theirs"),
        Binding("m", "choose('mine')", "Keep mine", id="conflict.mine"),
        Binding("escape", "choose(None)", "Back", id="conflict.back", tooltip="Back to the form"),
    ]

    def __init__(self, conflicts: Sequence[FieldConflict]) -> None:
        super().__init__()
        self.conflicts = list(conflicts)

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict"):
            yield Label(
                "Changed elsewhere while this form was open. Your other changes are kept, "
                "and theirs too; for these fields, keep which?",
                id="conflict-question",
            )
            for conflict in self.conflicts:
                yield Label(
                    Content.assemble(
                        (field_label(conflict.field), "bold"),
                        "\n  theirs: ",
                        safe.line(shown(conflict.theirs), 60),
                        "\n  yours:  ",
                        safe.line(shown(conflict.mine), 60),
                    ),
                    classes="conflict-field",
                )
            with Horizontal(id="conflict-buttons"):
                yield Button("Back", id="back")
                yield Button("Keep theirs", id="theirs")
                yield Button("Keep mine", variant="primary", id="mine")

    def on_mount(self) -> None:
        self.query_one("#mine", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = event.button.id
        self.dismiss(choice if choice in ("theirs", "mine") else None)  # type: ignore[arg-type]

    def action_choose(self, choice: Choice | None) -> None:
        self.dismiss(choice)
