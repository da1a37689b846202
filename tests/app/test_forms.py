"""The add/edit forms: every field saved, inline errors that keep what was typed, hostile text."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Select, TextArea

from rjournal.app.app import JournalApp
from rjournal.app.modals.confirm import ConfirmModal
from rjournal.app.modals.form import FormModal, for_whom, kept
from rjournal.app.modals.forms import (
    KidFormModal,
    OccasionFormModal,
    PetFormModal,
    PromiseFormModal,
    SnoozeFormModal,
)
from rjournal.app.modals.person_form import PersonFormModal
from rjournal.app.modals.quick_log import QuickLogModal
from rjournal.app.screens.person import PersonScreen
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewPerson
from rjournal.domain.rhythms import Rhythm
from rjournal.store.journal import Journal
from tests.app.apps import bare_app
from tests.app.journals import HOSTILE_NAMES
from tests.conftest import TODAY


def put(app: JournalApp, values: dict[str, str]) -> None:
    for field_id, value in values.items():
        app.screen.query_one(f"#{field_id}", Input).value = value


def shown(app: JournalApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).visual)


async def save(app: JournalApp, pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_add_person_with_every_field(db_path: Path) -> None:
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        results: list[int | None] = []
        await app.push_screen(PersonFormModal(app.context), results.append)
        await pilot.pause()
        put(
            app,
            {
                "name": "Ana Lima",
                "nickname": "Aninha",
                "company": "Acme",
                "role": "CEO",
                "emails": "ana@acme.io, ana@home.net",
                "phones": "+1 555",
                "city": "Porto",
                "birthday": "April 15",
                "partner": "Rui",
                "met": "a conference in 2020",
                "likes": "surf",
                "dislikes": "cold calls",
                "reach": "email first",
                "tags": "Client, friend",
                "rhythm": "quarterly",
            },
        )
        # A new person is neither snoozed nor archived: the form does not ask.
        assert not app.screen.query("#snoozed, #archived")
        app.screen.query_one("#channel", Select).value = Channel.EMAIL
        app.screen.query_one("#about", TextArea).text = "Two lines\nof about."
        await pilot.pause()
        assert "15 Apr" in shown(app, "#birthday-preview")
        assert "quarterly" in shown(app, "#rhythm-preview")
        await save(app, pilot)
        (person_id,) = results
        assert person_id is not None
        p = app.journal.person(person_id)
        assert (p.name, p.nickname, p.company, p.role, p.city) == (
            "Ana Lima",
            "Aninha",
            "Acme",
            "CEO",
            "Porto",
        )
        assert p.emails == ("ana@acme.io", "ana@home.net") and p.phones == ("+1 555",)
        assert p.birthday == YearlyDate(4, 15) and p.partner == "Rui"
        assert p.channel is Channel.EMAIL and p.reach == "email first"
        assert p.tags == ("client", "friend") and p.rhythm == Rhythm(3, "m")
        assert p.snoozed_until is None and not p.archived
        assert p.about == "Two lines\nof about." and p.added_on == TODAY


async def test_year_less_dates_show_as_people_write_them_and_save_unchanged(
    db_path: Path, hero: dict[str, int]
) -> None:
    from rjournal.domain.model import NewKid

    with Journal.open(db_path) as journal:
        kid_id = journal.add_kid(hero["maria"], NewKid("Ana", YearlyDate(2, 29)))
        kid = next(k for k in journal.kids(hero["maria"]) if k.id == kid_id)
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(KidFormModal(app.context, hero["maria"], kid))
        await pilot.pause()
        assert app.screen.query_one("#birthday", Input).value == "29 Feb"
        await save(app, pilot)
        assert next(k for k in app.journal.kids(hero["maria"]) if k.id == kid_id) == kid
        await app.push_screen(PersonFormModal(app.context, hero["maria"]))
        await pilot.pause()
        assert app.screen.query_one("#birthday", Input).value == "14 Mar 1984"


async def test_edit_person_changes_fields_and_keeps_the_rest(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PersonScreen(app.context, ids["maria"]))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormModal)
        assert app.screen.query_one("#name", Input).value == "Maria Sánchez"
        put(app, {"city": "Madrid", "rhythm": "2w", "tags": "client", "snoozed": "in 2 weeks"})
        app.screen.query_one("#archived", Checkbox).value = True
        await save(app, pilot)
        assert isinstance(app.screen, PersonScreen)
        p = app.journal.person(ids["maria"])
        assert p.city == "Madrid" and p.rhythm == Rhythm(2, "w") and p.tags == ("client",)
        assert p.archived and p.partner == "Jordi" and p.birthday == YearlyDate(3, 14, 1984)
        assert p.snoozed_until == TODAY + timedelta(days=14)
        assert "Madrid" in str(app.screen.query_one("#profile").visual)


async def test_person_form_errors_are_inline_and_keep_the_text(db_path: Path) -> None:
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonFormModal(app.context))
        await pilot.pause()
        put(app, {"name": "  ", "birthday": "31 Feb", "rhythm": "sometimes", "city": "Oslo"})
        await save(app, pilot)
        assert isinstance(app.screen, PersonFormModal)
        assert app.screen.query_one("#name-error").has_class("-shown")
        assert "not a real date" in shown(app, "#birthday-preview")
        assert "can't read" in shown(app, "#rhythm-preview")
        assert app.screen.query_one("#city", Input).value == "Oslo"
        assert app.journal.people_count() == 0
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FormModal)
        assert app.journal.people_count() == 0


async def test_add_kid_pet_occasion_promise_from_the_person_screen(
    db_path: Path, hero: dict[str, int]
) -> None:
    ids = hero
    maria = ids["maria"]
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(PersonScreen(app.context, maria))
        await pilot.pause()

        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, KidFormModal)
        put(app, {"name": "Tom", "birthday": "2024-02-29", "notes": "loves trains"})
        await save(app, pilot)
        kid = next(k for k in app.journal.kids(maria) if k.name == "Tom")
        assert kid.birthday == YearlyDate(2, 29, 2024) and kid.notes == "loves trains"

        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PetFormModal)
        put(app, {"name": "Mog", "species": "cat", "birthday": "03-01", "passed": "2026-01-10"})
        await save(app, pilot)
        pet = next(p for p in app.journal.pets(maria) if p.name == "Mog")
        assert pet.species == "cat" and pet.passed_on == date(2026, 1, 10)
        rows = app.screen.query_one("#family", OptionList)
        family = "\n".join(
            str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)
        )
        assert "Mog (cat), in memory, 2026" in family

        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OccasionFormModal)
        put(app, {"label": "Founding day", "date": "Jun 12"})
        await save(app, pilot)
        assert any(
            o.label == "Founding day" and o.date == YearlyDate(6, 12)
            for o in app.journal.occasions(maria)
        )

        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PromiseFormModal)
        put(app, {"promise": "Lend her the book", "due": "next friday"})
        await save(app, pilot)
        promise = next(p for p in app.journal.promises(maria) if p.text == "Lend her the book")
        assert promise.due == date(2026, 11, 27) and promise.created_on == TODAY

        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeFormModal)
        put(app, {"until": "yesterday"})  # a snooze into the past: refused
        await save(app, pilot)
        assert isinstance(app.screen, SnoozeFormModal)
        assert "in the past" in shown(app, "#until-preview")
        put(app, {"until": "Dec 20"})
        await save(app, pilot)
        assert app.journal.person(maria).snoozed_until == date(2026, 12, 20)
        assert isinstance(app.screen, PersonScreen)


async def test_small_forms_validate_inline(db_path: Path, hero: dict[str, int]) -> None:
    ids = hero
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        before = len(app.journal.kids(ids["maria"]))
        await app.push_screen(KidFormModal(app.context, ids["maria"]))
        await pilot.pause()
        put(app, {"name": "", "birthday": "2030-01-01", "notes": "keep me"})
        await save(app, pilot)
        assert isinstance(app.screen, KidFormModal)
        assert app.screen.query_one("#name-error").has_class("-shown")
        assert "in the future" in shown(app, "#birthday-preview")
        assert app.screen.query_one("#notes", Input).value == "keep me"
        assert len(app.journal.kids(ids["maria"])) == before
        await pilot.press("escape")
        await pilot.pause()
        await app.push_screen(OccasionFormModal(app.context, ids["maria"]))
        await pilot.pause()
        put(app, {"label": "Something"})
        await save(app, pilot)
        assert "required" in shown(app, "#date-preview")
        assert isinstance(app.screen, OccasionFormModal)


def test_hostile_names_in_form_titles_stay_text_and_untouched_fields_keep_them() -> None:
    for name in HOSTILE_NAMES:
        assert for_whom("Edit ", name).plain == f"Edit {name}"
        # Untouched, a field gives back what was stored, not the escape it showed.
        assert kept(name + "\x07", name + "\\x07") == name + "\x07"
        assert kept(name + "\x07", name + "!") == name + "!"


async def test_hostile_names_in_forms(db_path: Path) -> None:
    with Journal.open(db_path) as journal:
        people = {
            journal.add_person(NewPerson(name=name, added_on=TODAY, partner=name + "\x07")): name
            for name in HOSTILE_NAMES
        }
    app = bare_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        for person_id, name in people.items():
            modals: list[ModalScreen[Any]] = [QuickLogModal(app.context, person_id)]
            if name == HOSTILE_NAMES[-1]:
                modals += [
                    KidFormModal(app.context, person_id),
                    ConfirmModal(f"Move {name} to the trash?"),
                ]
            for modal in modals:
                await app.push_screen(modal)
                await pilot.pause()
                if isinstance(modal, QuickLogModal):
                    assert name in shown(app, "#person-preview")
                else:
                    title = app.screen.query_one("#form-title, #question", Label)
                    assert name in str(title.visual)
                await pilot.press("escape")
                await pilot.pause()
            await app.push_screen(PersonFormModal(app.context, person_id))
            await pilot.pause()
            assert name in shown(app, "#form-title")
            assert app.screen.query_one("#name", Input).value == name
            assert app.screen.query_one("#partner", Input).value == name + "\\x07"
            # An untouched edit keeps the control character as it was, not its visible escape.
            await save(app, pilot)
            assert app.journal.person(person_id).partner == name + "\x07"
            assert app.journal.person(person_id).name == name
        assert app.is_running
