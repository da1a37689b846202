"""The undo stack on a real journal: what was deleted comes back as it was, newest first."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from rjournal.app.undo import Deletion, EntryDeletion, ItemDeletion, UndoStack
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import (
    Channel,
    Kid,
    NewEntry,
    NewKid,
    NewOccasion,
    NewPerson,
    NewPet,
    Occasion,
    Pet,
    Promise,
)
from rjournal.store.errors import NotFound
from rjournal.store.journal import Journal
from tests.conftest import TODAY

AT = datetime(2026, 11, 22, 9)


def test_nothing_to_undo(j: Journal) -> None:
    assert UndoStack().undo_last(j) is None


def test_a_person_comes_back_from_the_trash_newest_deletion_first(j: Journal) -> None:
    stack = UndoStack()
    ann = j.add_person(NewPerson(name="Ann\x07 Lee", added_on=TODAY))
    bob = j.add_person(NewPerson(name="Bob", added_on=TODAY))
    for person_id, name in ((ann, "Ann\x07 Lee"), (bob, "Bob")):
        j.delete_person(person_id, AT)
        stack.remember(Deletion(person_id, name))
    assert [d.person_id for d in stack.pending() if isinstance(d, Deletion)] == [ann, bob]
    assert stack.undo_last(j) == "Bob"
    assert j.person(bob).name == "Bob"
    with pytest.raises(NotFound):
        j.person(ann)
    assert stack.undo_last(j) == "Ann\\x07 Lee"  # shown as text, never a raw control
    assert j.person(ann).name == "Ann\x07 Lee"
    assert stack.undo_last(j) is None


def test_an_entry_comes_back_without_those_now_in_the_trash(j: Journal) -> None:
    stack = UndoStack()
    ann = j.add_person(NewPerson(name="Ann", added_on=TODAY))
    bob = j.add_person(NewPerson(name="Bob", added_on=TODAY))
    on = TODAY - timedelta(days=3)
    entry_id = j.add_entry(
        NewEntry("interaction", on, "Lunch", Channel.MEAL, from_them=True, people=(ann, bob)),
        created_at=AT,
    )
    entry = j.entry(entry_id)
    j.delete_entry(entry_id)
    stack.remember(EntryDeletion(entry, "the meal"))
    j.delete_person(bob, AT)
    assert stack.undo_last(j) == "the meal (without 1 person now in the trash)"
    (back,) = j.timeline(ann)
    assert (back.kind, back.on, back.text, back.channel, back.from_them, back.people) == (
        "interaction", on, "Lunch", Channel.MEAL, True, (ann,),
    )  # fmt: skip


def test_an_entry_whose_people_are_all_in_the_trash_cannot_come_back(j: Journal) -> None:
    stack = UndoStack()
    ann = j.add_person(NewPerson(name="Ann", added_on=TODAY))
    entry_id = j.add_entry(NewEntry("note", TODAY, "A note", people=(ann,)), created_at=AT)
    stack.remember(EntryDeletion(j.entry(entry_id), "the note"))
    j.delete_entry(entry_id)
    j.delete_person(ann, AT)
    with pytest.raises(NotFound, match="everyone in that entry is in the trash"):
        stack.undo_last(j)
    assert stack.pending() == []  # tried once, then forgotten


def test_kids_pets_occasions_and_promises_come_back_as_they_were(j: Journal) -> None:
    stack = UndoStack()
    ann = j.add_person(NewPerson(name="Ann", added_on=TODAY))
    kid = NewKid("Leo", YearlyDate(9, 3, 2019), notes="loves trains")
    pet = NewPet("Rex", "dog", YearlyDate(4, 2, 2012), passed_on=TODAY - timedelta(days=9))
    occasion = NewOccasion("Founding day", YearlyDate(6, 12))
    j.add_kid(ann, kid)
    j.add_pet(ann, pet)
    j.add_occasion(ann, occasion)
    promise_id = j.add_promise(ann, "send the deck", TODAY - timedelta(days=2), TODAY)
    promise = j.promise(promise_id)
    (stored_kid,), (stored_pet,), (stored_occasion,) = j.kids(ann), j.pets(ann), j.occasions(ann)
    items: list[tuple[str, Kid | Pet | Occasion | Promise]] = [
        ("kids", stored_kid),
        ("pets", stored_pet),
        ("occasions", stored_occasion),
        ("promises", promise),
    ]
    for table, item in items:
        j.remove(table, item.id)
        stack.remember(ItemDeletion(ann, item, table))
    for _ in items:
        assert stack.undo_last(j) is not None
    (leo,) = j.kids(ann)
    assert (leo.name, leo.birthday, leo.notes) == ("Leo", kid.birthday, "loves trains")
    (rex,) = j.pets(ann)
    assert (rex.species, rex.birthday, rex.passed_on) == ("dog", pet.birthday, pet.passed_on)
    (founding,) = j.occasions(ann)
    assert (founding.label, founding.date) == ("Founding day", YearlyDate(6, 12))
    (again,) = j.promises(ann)
    assert (again.text, again.created_on, again.due, again.done_on) == (
        "send the deck", promise.created_on, TODAY, None,
    )  # fmt: skip
