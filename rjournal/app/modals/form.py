"""The frame every form shares: a title, labelled rows of fields, Save and Cancel.

Every form validates inline (an error under the field, the form stays open, nothing written),
saves in one call to the store, then tells the app the journal changed and dismisses with the
id it saved (None when cancelled).

Saving writes only what was edited: a form editing a record passes the record as it showed
it (the base) and as edited (mine) to `write_edit`; the store writes the fields that differ,
over whatever the journal holds now. A field someone else changed meanwhile, differently,
comes back as a conflict: the form asks whether to keep theirs or mine (ConflictModal), and
either way every other change, theirs and mine, is kept. A save that fails (the journal
busy past the timeout, a full disk, a read-only file, an I/O error, damage) keeps the form
open with what was typed, says in one line what happened and what to do, and keeps the
fields in a private file too (app.drafts).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, TextArea

from rjournal.app import safe
from rjournal.app.context import JournalContext
from rjournal.app.drafts import clear_unsaved, keep_unsaved
from rjournal.app.stylesheets import SCREENS_CSS
from rjournal.app.widgets.parsed_field import ParsedField
from rjournal.domain.edits import rebase
from rjournal.domain.value import Value
from rjournal.store.errors import EditConflict, JournalError, RefusedFile
from rjournal.store.failures import describe
from rjournal.store.journal import Journal

R = TypeVar("R", bound=Value)


def kept(original: str, typed: str) -> str:
    """The original text when the field still shows it as it was shown (control characters are
    shown escaped, so an untouched field must not save the escapes)."""
    return original if typed == safe.plain(original) else typed


def words_list(text: str) -> tuple[str, ...]:
    """ "a, b,, c " -> ("a", "b", "c")."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def text_input(value: str, field_id: str, placeholder: str = "") -> Input:
    """A compact Input showing user text safely (control characters made visible)."""
    return Input(safe.plain(value), placeholder=placeholder, id=field_id, compact=True)


def row(label: str, *widgets: Widget, field_id: str | None = None) -> Horizontal:
    """One labelled row: the label on the left, the field (and its error line) on the right."""
    column = Vertical(*widgets, classes="field")
    if field_id is not None:
        column.compose_add_child(Label("", id=f"{field_id}-error", classes="field-error"))
    return Horizontal(Label(label, classes="field-label"), column, classes="row")


class FormModal(ModalScreen[int | None]):
    """The frame of every form: a title, rows of fields, Save and Cancel."""

    CSS_PATH = SCREENS_CSS

    # Open on the first field, ready to type (not on the scrolling frame around the fields).
    AUTO_FOCUS = "Input, TextArea"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save and close"),
    ]

    # Enter in a one-line field saves the form (the quick log moves to the next field instead).
    SUBMIT_ON_ENTER = True

    def __init__(self, context: JournalContext) -> None:
        super().__init__()
        self.context = context

    def form_title(self) -> Content:
        return Content("")

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Label(self.form_title(), classes="form-title", id="form-title")
            yield from self.compose_fields()
            yield Label("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Label("ctrl+s saves · esc cancels", id="form-keys")
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="save")

    def on_mount(self) -> None:
        if self.app.is_headless:
            # Tests and screenshots: a blinking cursor would make every snapshot differ.
            for field in self.query(Input):
                field.cursor_blink = False
            for area in self.query(TextArea):
                area.cursor_blink = False

    @property
    def journal(self) -> Journal:
        return self.context.journal

    def today(self) -> date:
        return self.context.today()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.SUBMIT_ON_ENTER:
            self.action_save()
        else:
            self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.clear_errors()
        self.attempt(self.save)

    def attempt(self, save: Callable[[], int | None]) -> None:
        """Run one save; on success close, else keep the form open saying why."""
        try:
            saved = save()
        except EditConflict as conflict:
            self.ask_about(conflict)
            return
        except (sqlite3.Error, OSError, RefusedFile) as error:
            self.save_failed(error)
            return
        except (JournalError, ValueError, OverflowError) as error:
            self.form_error(str(error))
            return
        if saved is None:
            return
        clear_unsaved(self.context.db_path, self.draft_name())
        self.after_save()
        self.context.journal_written()
        self.dismiss(saved)

    def write_edit(self, base: R, mine: R, write: Callable[[R, R], object]) -> None:
        """Save an edited record: `write(base, mine)` calls the store with base, which writes
        only the fields mine changed. Unchanged, nothing is written at all."""
        self._edit: tuple[Any, Any, Callable[[Any, Any], object]] = (base, mine, write)
        if mine != base:
            write(base, mine)

    def ask_about(self, conflict: EditConflict) -> None:
        """Theirs or mine, for the fields changed both here and elsewhere."""
        from rjournal.app.modals.conflict import ConflictModal

        def chosen(choice: str | None) -> None:
            if choice is None:
                self.form_error(f"Not saved yet: {conflict}. Save again to choose")
                return
            self.attempt(lambda: self.resave(conflict, keep_mine=choice == "mine"))

        self.app.push_screen(ConflictModal(conflict.conflicts), chosen)

    def resave(self, conflict: EditConflict, *, keep_mine: bool) -> int | None:
        """Write again over the record as the journal holds it now: every change of both
        sides, and for the conflicting fields mine or theirs."""
        base, mine, write = self._edit
        from rjournal.domain.edits import changes_between

        merged, conflicts = rebase(base, conflict.current, changes_between(base, mine))
        if keep_mine:
            merged = replace(merged, **{c.field: c.mine for c in conflicts})
        self.write_edit(conflict.current, merged, write)
        return int(conflict.current.id)

    def save_failed(self, error: BaseException) -> None:
        """One line: what happened, what to do, and that what was typed is kept."""
        failure = describe(error)
        said = f"{failure.what}; {failure.advice}" if failure is not None else str(error)
        where = self.keep_draft()
        kept = f" (also kept in {where})" if where else ""
        self.form_error(f"Not saved: {said}. What you typed is still here{kept}")

    def keep_draft(self) -> str | None:
        """Keep the fields in a private file; where (as shown), or None."""
        path = keep_unsaved(self.context.db_path, self.draft_name(), self.field_values())
        return str(path) if path is not None else None

    def draft_name(self) -> str:
        """The form's name in the file its unsaved fields go to."""
        return type(self).__name__.removesuffix("Modal").lower()

    def field_values(self) -> dict[str, Any]:
        """What every field of the form holds now, by its id."""
        values: dict[str, Any] = {}
        for widget in self.query("Input, TextArea, Checkbox, Select"):
            if widget.id is None:
                continue
            if isinstance(widget, Input):
                values[widget.id] = widget.value
            elif isinstance(widget, TextArea):
                values[widget.id] = widget.text
            elif isinstance(widget, Checkbox):
                values[widget.id] = widget.value
            elif isinstance(widget, Select):
                value = widget.value
                values[widget.id] = None if value is Select.NULL else str(value)
        return values

    def save(self) -> int | None:
        """Validate and write in one call to the store; None (with errors shown) when invalid."""
        raise NotImplementedError

    def after_save(self) -> None:
        """Hook for what follows a successful write (the quick log clears its draft)."""

    def clear_errors(self) -> None:
        for label in self.query(".field-error"):
            label.remove_class("-shown")
        self.query_one("#form-error", Label).remove_class("-shown")

    def field_error(self, field_id: str, message: str) -> None:
        label = self.query_one(f"#{field_id}-error", Label)
        label.update(safe.text(message))
        label.add_class("-shown")

    def form_error(self, message: str) -> None:
        label = self.query_one("#form-error", Label)
        label.update(safe.text(message))
        label.add_class("-shown")

    def parse_fields(self, fields: Iterable[ParsedField[Any]]) -> bool:
        """Refresh every parsed field's preview; False when any does not read."""
        results = [field.show_preview() for field in fields]
        return all(results)

    def value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def required(self, field_id: str, what: str) -> str | None:
        text = self.value(field_id).strip()
        if not text:
            self.field_error(field_id, f"{what} is required")
            return None
        return text

    def person_name(self, person_id: int) -> str:
        return self.journal.person(person_id).name


def for_whom(prefix: str, name: str) -> Content:
    """A form title about a person: the name shown exactly as typed."""
    return Content.assemble(prefix, safe.line(name, 60))
