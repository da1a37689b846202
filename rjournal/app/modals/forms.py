"""Forms over the journal: the pieces every form shares, and the kid, pet, occasion, promise
and snooze forms.

Every form validates inline (an error under the field, the form stays open, nothing written),
saves in one call to the store, then tells the app the journal changed and dismisses with the
id it saved (None when cancelled).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, TextArea

from rjournal.app import safe
from rjournal.domain.date_parser import parse_date, parse_yearly
from rjournal.domain.dates import DateError, YearlyDate, format_date
from rjournal.domain.model import Kid, Occasion, Pet, Promise
from rjournal.domain.wording import dated, years_ago
from rjournal.store.errors import JournalError

if TYPE_CHECKING:
    from rjournal.app.app import JournalApp
    from rjournal.store.journal import Journal

T = TypeVar("T")

# What a parser gives back: the value, and how it reads to the user ("Fri 20 Nov 2026").
Parser = Callable[[str], tuple[T, str]]


def kept(original: str, typed: str) -> str:
    """The original text when the field still shows it as it was shown (control characters are
    shown escaped, so an untouched field must not save the escapes)."""
    return original if typed == safe.plain(original) else typed


def words_list(text: str) -> tuple[str, ...]:
    """ "a, b,, c " -> ("a", "b", "c")."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def date_parser(today: date, *, allow_future: bool = False) -> Parser[date]:
    def parse(text: str) -> tuple[date, str]:
        day = parse_date(text, today, allow_future=allow_future)
        return day, describe_day(day, today)

    return parse


def ahead_parser(today: date) -> Parser[date]:
    """A day from today on: "Dec 20" read as last December is refused with the reason."""

    def parse(text: str) -> tuple[date, str]:
        day = parse_date(text, today, allow_future=True)
        if day < today:
            raise DateError(
                f"{format_date(day)} is in the past: give a day ahead "
                f"(in 2 weeks, next monday, {today.year + 1}-01-05)"
            )
        return day, describe_day(day, today)

    return parse


def yearly_parser(today: date) -> Parser[YearlyDate]:
    def parse(text: str) -> tuple[YearlyDate, str]:
        yearly = parse_yearly(text, today)
        ago = years_ago(yearly, today)
        return yearly, f"{yearly.label()} ({ago})" if ago else yearly.label()

    return parse


def describe_day(day: date, today: date) -> str:
    """ "Sun 22 Nov 2026 (today)", "Fri 20 Nov 2026 (2 days ago)", "... (in 3 days)"."""
    return dated(day, today)


class ParsedField(Vertical, Generic[T]):
    """An Input and, under it, what was understood ("→ Fri 20 Nov 2026") or why not, live."""

    DEFAULT_CSS = """
    ParsedField {
        height: auto;
    }
    ParsedField > .preview {
        color: $text-muted;
        padding: 0 1;
    }
    ParsedField > .preview.-error {
        color: $error;
    }
    ParsedField > .preview.-empty {
        display: none;
    }
    """

    def __init__(
        self,
        parser: Parser[T],
        value: str = "",
        *,
        field_id: str,
        optional: bool = True,
        placeholder: str = "",
        empty_hint: str = "",
    ) -> None:
        super().__init__(id=f"{field_id}-field")
        self.parser = parser
        self.field_id = field_id
        self.optional = optional
        self.empty_hint = empty_hint
        self._input = Input(value, placeholder=placeholder, id=field_id, compact=True)
        self._preview = Label("", id=f"{field_id}-preview", classes="preview")

    def compose(self) -> ComposeResult:
        yield self._input
        yield self._preview

    def on_mount(self) -> None:
        self.show_preview()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.show_preview()

    @property
    def text(self) -> str:
        return self._input.value

    def parsed(self) -> T | None:
        """The value, None when empty and optional; raises DateError with the reason."""
        if not self._input.value.strip():
            if self.optional:
                return None
            raise DateError("this is required")
        return self.parser(self._input.value)[0]

    def show_preview(self) -> bool:
        """Show how the text reads now; False when it does not read."""
        preview = self._preview
        preview.set_class(False, "-error")
        preview.set_class(False, "-empty")
        if not self._input.value.strip():
            if self.optional:
                preview.update(self.empty_hint)
                preview.set_class(not self.empty_hint, "-empty")
                return True
            preview.update("required")
            preview.set_class(True, "-error")
            return False
        try:
            _, shown = self.parser(self._input.value)
        except DateError as error:
            preview.update(safe.text(str(error)))
            preview.set_class(True, "-error")
            return False
        preview.update(Content.assemble("→ ", safe.text(shown)))
        return True


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

    # Open on the first field, ready to type (not on the scrolling frame around the fields).
    AUTO_FOCUS = "Input, TextArea"

    DEFAULT_CSS = """
    FormModal {
        align: center middle;
    }
    FormModal > #form {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    FormModal .form-title {
        text-style: bold;
        width: 100%;
        margin-bottom: 1;
    }
    FormModal .row {
        height: auto;
        margin-bottom: 1;
    }
    FormModal .field-label {
        width: 16;
        color: $text-muted;
    }
    FormModal .field {
        width: 1fr;
        height: auto;
    }
    FormModal .field-error {
        color: $error;
        padding: 0 1;
        display: none;
    }
    FormModal .field-error.-shown {
        display: block;
    }
    FormModal #form-error {
        color: $error;
        display: none;
    }
    FormModal #form-error.-shown {
        display: block;
    }
    FormModal #form-buttons {
        height: auto;
        align-horizontal: right;
    }
    FormModal #form-keys {
        width: 1fr;
        color: $text-muted;
        padding: 1 0 0 0;
    }
    FormModal Checkbox {
        border: none;
        padding: 0;
        height: 1;
    }
    FormModal #form-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save and close"),
    ]

    # Enter in a one-line field saves the form (the quick log moves to the next field instead).
    SUBMIT_ON_ENTER = True

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
    def journal_app(self) -> JournalApp:
        from rjournal.app.app import JournalApp

        app = self.app
        assert isinstance(app, JournalApp)
        return app

    @property
    def journal(self) -> Journal:
        return self.journal_app.journal

    def today(self) -> date:
        return self.journal_app.today()

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
        try:
            saved = self.save()
        except JournalError as error:
            self.form_error(str(error))
            return
        if saved is None:
            return
        self.after_save()
        self.journal_app.journal_written()
        self.dismiss(saved)

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


def birthday_row(today: date, birthday: YearlyDate | None, placeholder: str) -> Horizontal:
    """A kid's or pet's birthday (or adoption day), with or without a year."""
    value = birthday.iso() if birthday else ""
    field = ParsedField(yearly_parser(today), value, field_id="birthday", placeholder=placeholder)
    return row("Birthday", field)


def passed_row(today: date, passed_on: date | None) -> Horizontal:
    value = passed_on.isoformat() if passed_on else ""
    field = ParsedField(
        date_parser(today), value, field_id="passed", placeholder="only if they have died"
    )
    return row("Passed away", field)


class LifeFormModal(FormModal):
    """The shared part of the kid and pet forms: a name, a birthday, a day they passed."""

    def life_dates(self) -> tuple[str, YearlyDate | None, date | None] | None:
        """The required name and the two parsed dates, or None (errors shown inline)."""
        name = self.required("name", "A name")
        fields_ok = self.parse_fields(self.query(ParsedField))
        if name is None or not fields_ok:
            return None
        birthday = self.query_one("#birthday-field", ParsedField).parsed()
        passed = self.query_one("#passed-field", ParsedField).parsed()
        assert birthday is None or isinstance(birthday, YearlyDate)
        assert passed is None or isinstance(passed, date)
        return name, birthday, passed


class KidFormModal(LifeFormModal):
    """Add (or edit) a kid: name, birthday (with or without a year), notes, passed away."""

    def __init__(self, person_id: int, kid: Kid | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.kid = kid

    def form_title(self) -> Content:
        verb = "Edit kid of " if self.kid else "Add a kid to "
        return for_whom(verb, self.person_name(self.person_id))

    def compose_fields(self) -> ComposeResult:
        kid = self.kid or Kid(name="")
        today = self.today()
        yield row("Name", text_input(kid.name, "name"), field_id="name")
        yield birthday_row(today, kid.birthday, "04-15, 15 Apr or 2019-04-15")
        yield row("Notes", text_input(kid.notes, "notes"))
        yield passed_row(today, kid.passed_on)

    def save(self) -> int | None:
        parsed = self.life_dates()
        if parsed is None:
            return None
        name, birthday, passed = parsed
        old = self.kid
        kid = Kid(
            name=kept(old.name, name) if old else name,
            birthday=birthday,
            notes=kept(old.notes, self.value("notes")) if old else self.value("notes"),
            passed_on=passed,
            id=old.id if old else None,
        )
        if old is not None and old.id is not None:
            self.journal.update_kid(kid)
            return old.id
        return self.journal.add_kid(self.person_id, kid)


class PetFormModal(LifeFormModal):
    """Add (or edit) a pet: name, species, birthday or adoption day, notes, passed away."""

    def __init__(self, person_id: int, pet: Pet | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.pet = pet

    def form_title(self) -> Content:
        verb = "Edit pet of " if self.pet else "Add a pet to "
        return for_whom(verb, self.person_name(self.person_id))

    def compose_fields(self) -> ComposeResult:
        pet = self.pet or Pet(name="")
        today = self.today()
        yield row("Name", text_input(pet.name, "name"), field_id="name")
        yield row("Species", text_input(pet.species, "species", "dog, cat, horse..."))
        yield birthday_row(today, pet.birthday, "birthday or adoption day")
        yield row("Notes", text_input(pet.notes, "notes"))
        yield passed_row(today, pet.passed_on)

    def save(self) -> int | None:
        parsed = self.life_dates()
        if parsed is None:
            return None
        name, birthday, passed = parsed
        old = self.pet
        species, notes = self.value("species").strip(), self.value("notes")
        pet = Pet(
            name=kept(old.name, name) if old else name,
            species=kept(old.species, species) if old else species,
            birthday=birthday,
            notes=kept(old.notes, notes) if old else notes,
            passed_on=passed,
            id=old.id if old else None,
        )
        if old is not None and old.id is not None:
            self.journal.update_pet(pet)
            return old.id
        return self.journal.add_pet(self.person_id, pet)


class OccasionFormModal(FormModal):
    """Add (or edit) a yearly occasion: an anniversary, a founding day."""

    def __init__(self, person_id: int, occasion: Occasion | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.occasion = occasion

    def form_title(self) -> Content:
        verb = "Edit occasion of " if self.occasion else "Add an occasion to "
        return for_whom(verb, self.person_name(self.person_id))

    def compose_fields(self) -> ComposeResult:
        occasion = self.occasion
        yield row(
            "Label",
            text_input(occasion.label if occasion else "", "label", "wedding anniversary"),
            field_id="label",
        )
        yield row(
            "Date",
            ParsedField(
                yearly_parser(self.today()),
                occasion.date.iso() if occasion else "",
                field_id="date",
                optional=False,
                placeholder="06-12, 12 Jun or 2015-06-12",
            ),
        )

    def save(self) -> int | None:
        label = self.required("label", "A label")
        fields_ok = self.parse_fields(self.query(ParsedField))
        if label is None or not fields_ok:
            return None
        when = self.query_one("#date-field", ParsedField).parsed()
        assert isinstance(when, YearlyDate)
        old = self.occasion
        if old is not None and old.id is not None:
            self.journal.update_occasion(Occasion(kept(old.label, label), when, old.id))
            return old.id
        return self.journal.add_occasion(self.person_id, Occasion(label, when))


class PromiseFormModal(FormModal):
    """Make (or edit) a promise: what you will do, and by when (a future day is fine)."""

    def __init__(self, person_id: int, promise: Promise | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.promise = promise

    def form_title(self) -> Content:
        verb = "Edit a promise to " if self.promise else "A promise to "
        return for_whom(verb, self.person_name(self.person_id))

    def compose_fields(self) -> ComposeResult:
        promise = self.promise
        yield row(
            "Promise",
            text_input(promise.text if promise else "", "promise", "send her the article"),
            field_id="promise",
        )
        yield row(
            "Due",
            ParsedField(
                date_parser(self.today(), allow_future=True),
                promise.due.isoformat() if promise and promise.due else "",
                field_id="due",
                placeholder="next friday, in 2 weeks, Dec 3 (optional)",
            ),
        )

    def save(self) -> int | None:
        text = self.required("promise", "What you promised")
        fields_ok = self.parse_fields(self.query(ParsedField))
        if text is None or not fields_ok:
            return None
        due = self.query_one("#due-field", ParsedField).parsed()
        assert due is None or isinstance(due, date)
        old = self.promise
        if old is not None and old.id is not None:
            self.journal.update_promise(old.id, kept(old.text, text), due)
            return old.id
        return self.journal.add_promise(self.person_id, text, self.today(), due)


class SnoozeFormModal(FormModal):
    """Snooze a person until a day (empty: wake them now)."""

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id

    def form_title(self) -> Content:
        return for_whom("Snooze ", self.person_name(self.person_id))

    def compose_fields(self) -> ComposeResult:
        current = self.journal.person(self.person_id).snoozed_until
        yield row(
            "Until",
            ParsedField(
                ahead_parser(self.today()),
                current.isoformat() if current else "in 2 weeks",
                field_id="until",
                placeholder="in 2 weeks, next monday, Jan 5 2027",
                empty_hint="empty: not snoozed",
            ),
        )

    def save(self) -> int | None:
        if not self.parse_fields(self.query(ParsedField)):
            return None
        until = self.query_one("#until-field", ParsedField).parsed()
        assert until is None or isinstance(until, date)
        self.journal.snooze(self.person_id, until)
        return self.person_id
