"""Merging a duplicate record into the one kept: the pure field rules, then the store's
one-transaction move of everything the duplicate had. Real journal files in tmp_path."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.dates import YearlyDate
from rjournal.domain.merge import LIST_FIELDS, SINGLE_FIELDS, TEXT_FIELDS, Conflict, merge_people
from rjournal.domain.model import Channel, NewEntry, NewKid, NewOccasion, NewPerson, NewPet, Person
from rjournal.domain.rhythms import Rhythm
from rjournal.store.errors import NotFound
from rjournal.store.journal import Journal

AT = datetime(2026, 11, 22, 9, 0)


def test_the_kept_record_wins_fills_its_gaps_and_reports_what_it_did_not_take() -> None:
    kept = Person(
        name="Ana Lee", added_on=date(2026, 5, 1), id=1, company="Acme", emails=("a@x.io",),
        tags=("client",), about="met at a conference", rhythm=Rhythm(1, "m"),
    )  # fmt: skip
    dup = Person(
        name="Ana L.", added_on=date(2025, 1, 1), id=2, company="Beta", role="CTO",
        emails=("b@x.io", "a@x.io"), tags=("friend", "client"), about="loves sailing",
        birthday=YearlyDate(4, 15), channel=Channel.COFFEE, rhythm=Rhythm(1, "w"),
    )  # fmt: skip
    merged, conflicts = merge_people(kept, dup)
    assert merged.name == "Ana Lee" and merged.company == "Acme"
    assert (merged.role, merged.birthday, merged.channel) == ("CTO", YearlyDate(4, 15), "coffee")
    assert merged.emails == ("a@x.io", "b@x.io")
    assert merged.tags == ("client", "friend")
    assert merged.about == "met at a conference\n\nloves sailing"
    assert merged.rhythm == Rhythm(1, "m")
    assert merged.added_on == date(2025, 1, 1)  # the earlier: the clock does not restart
    assert conflicts == [
        Conflict("company", "Acme", "Beta"),
        Conflict("rhythm", Rhythm(1, "m").label(), Rhythm(1, "w").label()),
    ]


def test_merging_a_record_with_itself_changes_nothing() -> None:
    ana = Person(name="Ana", added_on=date(2026, 1, 1), id=1, about="x", emails=("a@x.io",))
    assert merge_people(ana, ana) == (ana, [])


texts = st.text(alphabet="ab c", max_size=4)
lists = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=3, unique=True).map(tuple)
people = st.builds(
    Person,
    name=st.just("N"),
    added_on=st.dates(date(2020, 1, 1), date(2026, 11, 22)),
    id=st.integers(1, 1000),
    nickname=texts, company=texts, role=texts, city=texts, partner=texts, reach=texts,
    met=texts, about=texts, likes=texts, dislikes=texts,
    emails=lists, phones=lists, tags=lists,
    channel=st.none() | st.sampled_from(list(Channel)),
)  # fmt: skip


@given(people, people)
def test_a_merge_never_drops_a_value_silently(kept: Person, dup: Person) -> None:
    merged, conflicts = merge_people(kept, dup)
    conflicted = {c.field for c in conflicts}
    for name in SINGLE_FIELDS:
        mine, theirs, now = getattr(kept, name), getattr(dup, name), getattr(merged, name)
        if mine not in (None, ""):
            assert now == mine  # the kept record's value always wins
            assert (theirs not in (None, "") and theirs != mine) == (name in conflicted)
        else:
            assert now == theirs and name not in conflicted
    for name in LIST_FIELDS:
        assert set(getattr(merged, name)) == set(getattr(kept, name)) | set(getattr(dup, name))
        assert getattr(merged, name)[: len(getattr(kept, name))] == getattr(kept, name)
    for name in TEXT_FIELDS:
        assert getattr(kept, name).strip() in getattr(merged, name)
        assert getattr(dup, name).strip() in getattr(merged, name)
    assert merged.added_on == min(kept.added_on, dup.added_on)
    assert (merged.name, merged.id) == (kept.name, kept.id)


# -- the store ------------------------------------------------------------------------------


def _talk(j: Journal, on: date, *people: int, text: str = "call") -> int:
    entry = NewEntry("interaction", on, text, Channel.CALL, people=people)
    return j.add_entry(entry, created_at=AT)


def test_the_kept_record_takes_everything_the_duplicate_had(j: Journal) -> None:
    kept = j.add_person(NewPerson(name="Ana Lee", added_on=date(2026, 1, 1), tags=("client",)))
    dup = j.add_person(NewPerson(name="Ana L", added_on=date(2026, 2, 1), tags=("friend",)))
    other = j.add_person(NewPerson(name="Bob", added_on=date(2026, 1, 1)))
    j.add_kid(kept, NewKid("Leo", YearlyDate(9, 3, 2019)))
    j.add_kid(dup, NewKid("Leo", YearlyDate(9, 3, 2019)))  # an exact copy: kept once
    j.add_kid(dup, NewKid("Mia"))
    j.add_pet(dup, NewPet("Rex", "dog"))
    j.add_occasion(dup, NewOccasion("Founding day", YearlyDate(6, 1)))
    j.add_promise(dup, "send the photos", date(2026, 11, 1), None)
    shared = _talk(j, date(2026, 10, 1), kept, dup, other, text="dinner, all three")
    _talk(j, date(2026, 11, 15), dup, text="long call")
    j.add_entry(NewEntry("note", date(2026, 11, 20), "likes jazz", people=(dup,)), created_at=AT)

    merged, _ = j.merge_people(dup, kept, AT)

    assert merged.tags == ("client", "friend")
    assert [k.name for k in j.kids(kept)] == ["Leo", "Mia"]
    assert [p.name for p in j.pets(kept)] == ["Rex"]
    assert [o.label for o in j.occasions(kept)] == ["Founding day"]
    assert [p.text for p in j.promises(kept)] == ["send the photos"]
    assert [e.text for e in j.timeline(kept)] == ["likes jazz", "long call", "dinner, all three"]
    assert set(j.entry(shared).people) == {kept, other}  # the shared entry, once
    row = j.conn.execute("SELECT last_contact, added_on FROM people WHERE id = ?", (kept,))
    assert row.fetchone() == ("2026-11-15", "2026-01-01")
    # The duplicate is in the trash with its own values and nothing else.
    assert j.person(dup, deleted=True).name == "Ana L"
    assert j.timeline(dup) == [] and j.kids(dup) == [] and j.promises(dup) == []
    with pytest.raises(NotFound):
        j.person(dup)
    # Search finds the kept record by its new tag.
    assert [p.id for p in j.people_named("ana", 10)] == [kept]
    assert j.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_refused_merge_changes_nothing(j: Journal) -> None:
    ana = j.add_person(NewPerson(name="Ana", added_on=date(2026, 1, 1)))
    _talk(j, date(2026, 10, 1), ana)
    before = j.conn.execute("SELECT * FROM people").fetchall()
    with pytest.raises(ValueError):
        j.merge_people(ana, ana, AT)
    with pytest.raises(NotFound):
        j.merge_people(ana, 999, AT)
    with pytest.raises(NotFound):
        j.merge_people(999, ana, AT)
    assert j.conn.execute("SELECT * FROM people").fetchall() == before
