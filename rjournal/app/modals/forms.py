"""The small forms of the person screen: a kid, a pet, an occasion, a promise, a snooze."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content

from rjournal.app.context import JournalContext
from rjournal.app.field_parsers import ahead_parser, date_parser, yearly_parser
from rjournal.app.modals.form import FormModal, for_whom, kept, row, text_input
from rjournal.app.widgets.parsed_field import ParsedField
from rjournal.domain.date_parser import MIN_YEARLY_YEAR
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import (
    Kid,
    NewKid,
    NewOccasion,
    NewPet,
    Occasion,
    Person,
    Pet,
    Promise,
)


def birthday_row(today: date, birthday: YearlyDate | None, placeholder: str) -> Horizontal:
    """A kid's or pet's birthday (or adoption day), with or without a year, shown as people
    write it ("29 Feb", "3 Sep 2019"), which reads back to the same day."""
    value = birthday.label() if birthday else ""
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

    def __init__(self, context: JournalContext, person_id: int, kid: Kid | None = None) -> None:
        super().__init__(context)
        self.person_id = person_id
        self.kid = kid

    def form_title(self) -> Content:
        verb = "Edit kid of " if self.kid else "Add a kid to "
        return for_whom(verb, self.person_name(self.person_id))

    def compose_fields(self) -> ComposeResult:
        kid = self.kid or NewKid(name="")
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
        old, notes = self.kid, self.value("notes")
        if old is None:
            return self.journal.add_kid(self.person_id, NewKid(name, birthday, notes, passed))
        mine = replace(
            old,
            name=kept(old.name, name),
            birthday=birthday,
            notes=kept(old.notes, notes),
            passed_on=passed,
        )
        self.write_edit(old, mine, lambda base, kid: self.journal.update_kid(kid, base=base))
        return old.id


class PetFormModal(LifeFormModal):
    """Add (or edit) a pet: name, species, birthday or adoption day, notes, passed away."""

    def __init__(self, context: JournalContext, person_id: int, pet: Pet | None = None) -> None:
        super().__init__(context)
        self.person_id = person_id
        self.pet = pet

    def form_title(self) -> Content:
        verb = "Edit pet of " if self.pet else "Add a pet to "
        return for_whom(verb, self.person_name(self.person_id))

    def compose_fields(self) -> ComposeResult:
        pet = self.pet or NewPet(name="")
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
        if old is None:
            new = NewPet(name, species, birthday, notes, passed)
            return self.journal.add_pet(self.person_id, new)
        mine = replace(
            old,
            name=kept(old.name, name),
            species=kept(old.species, species),
            birthday=birthday,
            notes=kept(old.notes, notes),
            passed_on=passed,
        )
        self.write_edit(old, mine, lambda base, pet: self.journal.update_pet(pet, base=base))
        return old.id


class OccasionFormModal(FormModal):
    """Add (or edit) a yearly occasion: an anniversary, a founding day."""

    def __init__(
        self, context: JournalContext, person_id: int, occasion: Occasion | None = None
    ) -> None:
        super().__init__(context)
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
                yearly_parser(self.today(), min_year=MIN_YEARLY_YEAR),
                occasion.date.label() if occasion else "",
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
        if old is None:
            return self.journal.add_occasion(self.person_id, NewOccasion(label, when))
        mine = replace(old, label=kept(old.label, label), date=when)
        self.write_edit(old, mine, lambda base, o: self.journal.update_occasion(o, base=base))
        return old.id


class PromiseFormModal(FormModal):
    """Make (or edit) a promise: what you will do, and by when (a future day is fine)."""

    def __init__(
        self, context: JournalContext, person_id: int, promise: Promise | None = None
    ) -> None:
        super().__init__(context)
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
        if old is None:
            return self.journal.add_promise(self.person_id, text, self.today(), due)
        mine = replace(old, text=kept(old.text, text), due=due)
        self.write_edit(
            old, mine, lambda base, p: self.journal.update_promise(p.id, p.text, p.due, base=base)
        )
        return old.id


class SnoozeFormModal(FormModal):
    """Snooze a person until a day (empty: wake them now)."""

    def __init__(self, context: JournalContext, person_id: int) -> None:
        super().__init__(context)
        self.person_id = person_id

    def form_title(self) -> Content:
        return for_whom("Snooze ", self.person_name(self.person_id))

    def compose_fields(self) -> ComposeResult:
        self.person = self.journal.person(self.person_id)
        current = self.person.snoozed_until
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
        self.write_edit(self.person, replace(self.person, snoozed_until=until), self._write)
        return self.person_id

    def _write(self, base: Person, mine: Person) -> None:
        self.journal.update_person(base.id, {"snoozed_until": mine.snoozed_until}, base=base)
