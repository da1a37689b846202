"""What a record from a file adds to someone already in the journal, and what a merge keeps
when one value refines the other: the pure rules of domain.merge."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.dates import YearlyDate
from rjournal.domain.merge import (
    Conflict,
    absorb,
    absorb_family,
    absorb_occasions,
    email_key,
    merge_people,
    phone_key,
    refined,
)
from rjournal.domain.model import Kid, NewKid, NewOccasion, NewPerson, NewPet, Occasion, Person, Pet
from rjournal.domain.rhythms import Rhythm

DAY = date(2026, 11, 22)


def test_a_birthday_with_its_year_refines_the_same_day_without_one() -> None:
    assert refined(YearlyDate(4, 15), YearlyDate(4, 15, 1990)) == YearlyDate(4, 15, 1990)
    assert refined(YearlyDate(4, 15, 1990), YearlyDate(4, 15)) == YearlyDate(4, 15, 1990)
    assert refined(YearlyDate(4, 15, 1990), YearlyDate(4, 15, 1991)) is None
    assert refined(YearlyDate(4, 15), YearlyDate(4, 16, 1990)) is None
    assert refined("Acme", "Acme Inc") is None


def test_a_merge_keeps_the_more_precise_birthday_either_way_without_a_conflict() -> None:
    with_year = Person(name="Ana", added_on=DAY, id=1, birthday=YearlyDate(4, 15, 1990))
    without = Person(name="Ana", added_on=DAY, id=2, birthday=YearlyDate(4, 15))
    assert merge_people(without, with_year) == (
        Person(name="Ana", added_on=DAY, id=2, birthday=YearlyDate(4, 15, 1990)),
        [],
    )
    assert merge_people(with_year, without) == (with_year, [])
    other = Person(name="Ana", added_on=DAY, id=3, birthday=YearlyDate(5, 1, 1990))
    assert merge_people(with_year, other)[1] == [Conflict("birthday", "15 Apr 1990", "1 May 1990")]


def test_absorb_fills_adds_and_lists_conflicts_without_joining_texts() -> None:
    person = Person(
        name="Ana Lée", added_on=DAY, id=1, company="Acme", about="met at a fair",
        emails=("Ana@X.io",), phones=("+44 20 7946 0000",), tags=("client",),
        birthday=YearlyDate(4, 15), archived=True,
    )  # fmt: skip
    incoming = NewPerson(
        name="ana lee", added_on=date(2020, 1, 1), company="Beta", role="CTO",
        about="loves sailing", emails=("ana@x.io", "ana@home.io"),
        phones=("+44 (20) 7946-0000", "555 1234"), tags=("CLIENT", "friend"),
        birthday=YearlyDate(4, 15, 1990), rhythm=Rhythm(1, "m"),
    )  # fmt: skip
    changes, conflicts = absorb(person, incoming)
    assert changes == {
        "role": "CTO",
        "birthday": YearlyDate(4, 15, 1990),
        "rhythm": Rhythm(1, "m"),
        "emails": ("Ana@X.io", "ana@home.io"),
        "phones": ("+44 20 7946 0000", "555 1234"),
        "tags": ("client", "friend"),
    }
    assert conflicts == [
        Conflict("company", "Acme", "Beta"),
        Conflict("about", "met at a fair", "loves sailing"),
    ]


def test_a_name_that_differs_beyond_case_and_accents_is_a_conflict() -> None:
    person = Person(name="Ana Lee", added_on=DAY, id=1)
    assert absorb(person, NewPerson(name="Ana B. Lee", added_on=DAY)) == (
        {},
        [Conflict("name", "Ana Lee", "Ana B. Lee")],
    )


def test_the_keys_that_say_two_emails_or_phones_are_the_same() -> None:
    assert email_key(" Ana@X.IO ") == email_key("ana@x.io")
    assert phone_key("+44 (20) 7946-0000") == phone_key("+44 20 7946 0000") == "+442079460000"
    assert phone_key("020 7946 0000") != phone_key("+44 20 7946 0000")
    assert phone_key("n/a") == ""


def test_kids_and_pets_are_matched_by_name_filled_and_conflicts_named() -> None:
    kids = [Kid("Leo", None, "", None, id=7), Kid("Mia", YearlyDate(6, 1, 2019), id=8)]
    found = absorb_family(
        kids,
        [NewKid("leo", YearlyDate(9, 3, 2019)), NewKid("Mia", YearlyDate(6, 2, 2019)),
         NewKid("Zed"), NewKid("zed")],
        "kid",
    )  # fmt: skip
    assert found.added == (NewKid("Zed"), NewKid("zed"))  # two of one name in a file: two kids
    assert found.updated == (Kid("Leo", YearlyDate(9, 3, 2019), "", None, id=7),)
    assert found.conflicts == (Conflict("kid Mia birthday", "1 Jun 2019", "2 Jun 2019"),)
    # Two kids of one name (one with a birthday): each pairs with its own, nothing changes.
    ravis = [Kid("Ravi", YearlyDate(4, 28, 2011), id=1), Kid("Ravi", id=2)]
    again = absorb_family(ravis, [NewKid("Ravi", YearlyDate(4, 28, 2011)), NewKid("Ravi")], "kid")
    assert again == absorb_family(ravis, [NewKid("Ravi"), NewKid("Ravi", YearlyDate(4, 28, 2011))],
                                  "kid")  # fmt: skip
    assert (again.added, again.updated, again.conflicts) == ((), (), ())
    pets = absorb_family([Pet("Rex", "dog", id=3)], [NewPet("Rex", "cat", notes="old")], "pet")
    assert pets.updated == (Pet("Rex", "dog", notes="old", id=3),)
    assert pets.conflicts == (Conflict("pet Rex species", "dog", "cat"),)


def test_occasions_are_matched_by_label() -> None:
    kept = [Occasion("Anniversary", YearlyDate(6, 12), id=4)]
    found = absorb_occasions(
        kept,
        [
            NewOccasion("anniversary", YearlyDate(6, 12, 2015)),
            NewOccasion("Founding", YearlyDate(1, 2)),
        ],
    )
    assert found.added == (NewOccasion("Founding", YearlyDate(1, 2)),)
    assert found.updated == (Occasion("Anniversary", YearlyDate(6, 12, 2015), id=4),)
    clash = absorb_occasions(kept, [NewOccasion("Anniversary", YearlyDate(7, 1))])
    assert clash.conflicts == (Conflict("occasion Anniversary", "12 Jun", "1 Jul"),)


names = st.sampled_from(["Ana", "ana", "Bo", "Zoë", "zoe"])
emails = st.lists(st.sampled_from(["a@x.io", "A@X.io", "b@x.io"]), max_size=3).map(tuple)
years = st.sampled_from([None, 1990])


@given(names, names, emails, emails, years, years)
def test_absorbing_the_same_record_twice_changes_nothing_the_second_time(
    name: str, other: str, kept: tuple[str, ...], new: tuple[str, ...], y1: int | None,
    y2: int | None,
) -> None:  # fmt: skip
    person = Person(name=name, added_on=DAY, id=1, emails=kept, birthday=YearlyDate(4, 15, y1))
    incoming = NewPerson(name=other, added_on=DAY, emails=new, birthday=YearlyDate(4, 15, y2))
    changes, conflicts = absorb(person, incoming)
    after = replace(person, **changes)
    again, conflicts_again = absorb(after, incoming)
    assert again == {} and conflicts_again == conflicts
