"""What the store does: resolving names, derived contact dates, filters, tag rhythms, the trash,
and the check-in pre-filter. Real journal files in tmp_path."""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from rjournal.domain.checkin import CheckinSettings
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import (
    Channel,
    EntryKind,
    NewEntry,
    NewKid,
    NewOccasion,
    NewPerson,
    NewPet,
)
from rjournal.domain.rhythms import Rhythm
from rjournal.store.errors import Ambiguous, NotFound
from rjournal.store.facts import candidate_bounds, person_facts
from rjournal.store.journal import Journal
from rjournal.store.search import search

AT = datetime(2026, 11, 22, 9, 0)
LONG_AGO = date(2026, 1, 1)
TODAY = date(2026, 11, 22)  # as in conftest: a Sunday


def person(j: Journal, name: str, **fields: Any) -> int:
    fields.setdefault("added_on", LONG_AGO)
    return j.add_person(NewPerson(name=name, **fields))


def talk(
    j: Journal, on: date, *people: int, kind: EntryKind = "interaction", text: str = ""
) -> int:
    return j.add_entry(
        NewEntry(
            kind,
            on,
            text or f"{kind} on {on}",
            Channel.CALL if kind == "interaction" else None,
            people=people,
        ),
        created_at=AT,
    )


def derived(j: Journal, pid: int) -> tuple[str | None, str | None, int | None]:
    row = j.conn.execute(
        "SELECT last_contact, last_channel, learned_days FROM people WHERE id = ?", (pid,)
    ).fetchone()
    return row[0], row[1], row[2]


# -- resolving people ---------------------------------------------------------------------


@pytest.fixture
def crowd(j: Journal) -> dict[str, int]:
    return {
        "zoe": person(j, "Zoë Ångström", nickname="Zo"),
        "ann": person(j, "Ann Lee"),
        "anna": person(j, "Anna Berg"),
        "bob": person(j, "Robert Smith", nickname="Bobby"),
        "jo": person(j, "Jo"),
        "joan": person(j, "Joan Baez"),
    }


def test_resolve_by_id_full_name_and_unique_part(j: Journal, crowd: dict[str, int]) -> None:
    assert j.resolve(str(crowd["bob"])).id == crowd["bob"]
    assert j.resolve(f"  {crowd['bob']} ").id == crowd["bob"]
    assert j.resolve("Robert Smith").id == crowd["bob"]
    assert j.resolve("smi").id == crowd["bob"]
    assert j.resolve("bobby").id == crowd["bob"]  # the nickname
    # A full name that is also part of another's name is that person, not ambiguous.
    assert j.resolve("jo").id == crowd["jo"]
    assert j.resolve("Joan").id == crowd["joan"]


@pytest.mark.parametrize(
    "query",
    [
        "zoe",
        "ZOE",
        "Zoë",
        "ZOË",
        "angstrom",
        "ANGSTROM",
        "Ångström",
        "zoe angstrom",
        unicodedata.normalize("NFD", "Zoë Ångström"),
        unicodedata.normalize("NFC", "zoë"),
    ],
)
def test_resolve_is_case_and_accent_insensitive(
    j: Journal, crowd: dict[str, int], query: str
) -> None:
    assert j.resolve(query).id == crowd["zoe"]


def test_ambiguous_names_list_the_candidates(j: Journal, crowd: dict[str, int]) -> None:
    with pytest.raises(Ambiguous) as caught:
        j.resolve("ann")
    assert {pid for pid, _ in caught.value.candidates} == {crowd["ann"], crowd["anna"]}
    message = str(caught.value)
    assert "Ann Lee" in message and "Anna Berg" in message and "\n" not in message


def test_unknown_names_suggest_the_nearest(j: Journal, crowd: dict[str, int]) -> None:
    with pytest.raises(NotFound) as caught:
        j.resolve("Zoé Angstrm")
    assert '"Zoë Ångström"' in str(caught.value)
    with pytest.raises(NotFound, match="no one called"):
        j.resolve("Xavier")
    with pytest.raises(NotFound):
        j.resolve("999")
    with pytest.raises(NotFound):
        j.resolve("   ")
    with pytest.raises(NotFound):
        j.resolve("²")  # a Unicode digit, not an id


# -- derived last contact -----------------------------------------------------------------


def test_an_interaction_with_several_people_resets_each_one(j: Journal) -> None:
    a, b, c = person(j, "A A"), person(j, "B B"), person(j, "C C")
    talk(j, date(2026, 10, 1), a)
    talk(j, date(2026, 11, 2), a, b, c)
    assert [derived(j, p)[0] for p in (a, b, c)] == ["2026-11-02"] * 3
    assert derived(j, a)[1] == "call"
    # An older interaction logged later does not move it back.
    talk(j, date(2026, 9, 1), b)
    assert derived(j, b)[0] == "2026-11-02"


def test_a_note_does_not_change_last_contact(j: Journal) -> None:
    a = person(j, "A A")
    talk(j, date(2026, 10, 1), a)
    talk(j, date(2026, 11, 20), a, kind="note")
    assert derived(j, a)[0] == "2026-10-01"
    b = person(j, "B B")
    talk(j, date(2026, 11, 20), b, kind="note")
    assert derived(j, b) == (None, None, None)


def test_delete_entry_rederives_last_contact(j: Journal) -> None:
    a, b = person(j, "A A"), person(j, "B B")
    talk(j, date(2026, 10, 1), a)
    latest = talk(j, date(2026, 11, 2), a, b)
    j.delete_entry(latest)
    assert derived(j, a)[0] == "2026-10-01"
    assert derived(j, b)[0] is None
    with pytest.raises(NotFound):
        j.delete_entry(latest)


def test_update_entry_moves_date_text_and_people_in_one_write(j: Journal) -> None:
    a, b, c = person(j, "A A"), person(j, "B B"), person(j, "C C")
    talk(j, date(2026, 10, 1), a)
    latest = talk(j, date(2026, 11, 2), a, b)
    old = j.entry(latest)
    j.update_entry(replace(old, on=date(2026, 11, 5), text="lunch by the river", people=(b, c)))
    now = j.entry(latest)
    assert (now.on, now.text, set(now.people)) == (date(2026, 11, 5), "lunch by the river", {b, c})
    # A left the entry: back to their previous contact; C joined it.
    assert derived(j, a)[0] == "2026-10-01"
    assert derived(j, b)[0] == "2026-11-05"
    assert derived(j, c)[0] == "2026-11-05"
    # Search follows the new text, not the old.
    hits = j.conn.execute(
        "SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'river'"
    ).fetchall()
    assert hits == [(latest,)]
    # Turned into a note, it no longer counts as contact.
    j.update_entry(replace(j.entry(latest), kind="note", channel=None))
    assert derived(j, b)[0] is None


def test_update_entry_refuses_unknown_entries_and_people_without_change(j: Journal) -> None:
    a = person(j, "A A")
    entry_id = talk(j, date(2026, 10, 1), a)
    before = j.entry(entry_id)
    with pytest.raises(NotFound):
        j.update_entry(replace(before, id=entry_id + 99))
    with pytest.raises(NotFound):
        j.update_entry(replace(before, people=(a, 9999)))
    with pytest.raises(ValueError):
        j.update_entry(replace(before, people=()))
    assert j.entry(entry_id) == before
    assert derived(j, a)[0] == "2026-10-01"


def test_update_promise_rewords_and_moves_it_or_refuses_without_change(j: Journal) -> None:
    a = person(j, "A A")
    pid = j.add_promise(a, "send the article", date(2026, 11, 1), date(2026, 11, 30))
    assert j.update_promise(pid, "send both articles", None).due is None
    assert j.promise(pid).text == "send both articles"
    with pytest.raises(ValueError):
        j.update_promise(pid, "  ", date(2026, 12, 1))
    with pytest.raises(NotFound):
        j.update_promise(pid + 99, "x", None)
    assert (j.promise(pid).text, j.promise(pid).due) == ("send both articles", None)


def test_a_rhythm_is_learned_after_four_interactions(j: Journal) -> None:
    a = person(j, "A A")
    start = date(2026, 8, 1)
    for i in range(3):
        talk(j, start + timedelta(days=14 * i), a)
        assert derived(j, a)[2] is None
    talk(j, start + timedelta(days=42), a)
    assert derived(j, a)[2] == 14
    talk(j, start + timedelta(days=43), a, kind="note")  # notes are not contact
    assert derived(j, a)[2] == 14


# -- lists and filters --------------------------------------------------------------------


@pytest.fixture
def listed(j: Journal) -> dict[str, int]:
    ids = {
        "ada": person(
            j,
            "Ada Lovelace",
            nickname="Countess",
            company="Analytical Engines",
            tags=("Math", "friends"),
        ),
        "chloe": person(j, "Chloé Durand", company="Société Générale", tags=("work",)),
        "bert": person(j, "Bert Wiley", company="ACME", tags=("work", "friends")),
        "old": person(j, "Olga Archived", company="ACME", archived=True),
        "gone": person(j, "Gordon Gone", company="ACME"),
    }
    j.delete_person(ids["gone"], AT)
    return ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {"ada", "chloe", "bert"}),
        ("ada", {"ada"}),
        ("countess", {"ada"}),  # nickname
        ("LOVE", {"ada"}),  # part of a name, any case
        ("chloe", {"chloe"}),  # accents
        ("acme", {"bert"}),  # company; archived and deleted are hidden
        ("analytical", {"ada"}),
        ("societe", {"chloe"}),  # an accented company, typed without accents
        ("SOCIÉTÉ", {"chloe"}),
        ("friends", {"ada", "bert"}),  # tag
        ("math", {"ada"}),  # tags are stored lower-case
        ("work bert", {"bert"}),  # every word must match
        ("zzz", set()),
        ('"-*', set()),
    ],
)
def test_people_page_and_count_filter(
    j: Journal, listed: dict[str, int], text: str, expected: set[str]
) -> None:
    ids = {listed[k] for k in expected}
    assert {r.id for r in j.people_page(text, 0, 100)} == ids
    assert j.people_count(text) == len(ids)


def test_people_page_is_a_window_in_name_order(j: Journal, listed: dict[str, int]) -> None:
    names = [r.name for r in j.people_page("", 0, 10)]
    assert names == ["Ada Lovelace", "Bert Wiley", "Chloé Durand"]
    assert [r.name for r in j.people_page("", 1, 1)] == ["Bert Wiley"]
    assert j.people_page("", 3, 10) == []
    rows = {r.id: r for r in j.people_page("", 0, 10)}
    assert rows[listed["ada"]].tags == ("friends", "math")


def test_people_lists(j: Journal, listed: dict[str, int]) -> None:
    assert {r.id for r in j.people()} == {listed[k] for k in ("ada", "chloe", "bert")}
    assert {r.id for r in j.people(archived=True)} == {
        listed[k] for k in ("ada", "chloe", "bert", "old")
    }
    assert {r.id for r in j.people(tag="WORK")} == {listed["chloe"], listed["bert"]}
    assert [r.id for r in j.people(deleted=True)] == [listed["gone"]]


def test_tag_rhythms(j: Journal, listed: dict[str, int]) -> None:
    j.set_tag_rhythm(" Friends ", Rhythm(2, "w"))
    j.set_tag_rhythm("board", Rhythm(3, "m"))
    assert j.tag_rhythms() == {"friends": Rhythm(2, "w"), "board": Rhythm(3, "m")}
    info = {t.tag: t for t in j.tags()}
    assert info["friends"].people == 2 and info["friends"].rhythm == Rhythm(2, "w")
    assert info["work"].people == 2 and info["work"].rhythm is None
    assert info["board"].people == 0  # a rhythm with nobody tagged yet still shows
    j.set_tag_rhythm("friends", Rhythm(1, "m"))  # replace
    assert j.tag_rhythms()["friends"] == Rhythm(1, "m")
    j.set_tag_rhythm("friends", None)
    j.set_tag_rhythm("board", Rhythm(0))  # "none" removes too
    assert j.tag_rhythms() == {}


def test_update_person_replaces_fields_and_tags(j: Journal, listed: dict[str, int]) -> None:
    saved = j.update_person(listed["ada"], {"company": "Babbage & Co", "tags": ("Mentor", " ")})
    assert saved.company == "Babbage & Co"
    again = j.person(listed["ada"])
    assert again.company == "Babbage & Co" and again.tags == ("mentor",)
    assert again.nickname == "Countess"
    with pytest.raises(ValueError):
        j.update_person(listed["ada"], {"id": 5})
    with pytest.raises(NotFound):
        j.update_person(listed["gone"], {"company": "x"})
    # A failed update changes nothing.
    with pytest.raises(sqlite3.IntegrityError):
        j.update_person(listed["ada"], {"name": "  ", "tags": ("lost",)})
    assert j.person(listed["ada"]) == again


# -- the trash ----------------------------------------------------------------------------


def _everything(j: Journal, pid: int) -> tuple[Any, ...]:
    p = j.person(pid)
    return (
        p,
        j.kids(pid),
        j.pets(pid),
        j.occasions(pid),
        j.promises(pid),
        j.timeline(pid),
        derived(j, pid),
    )


def test_delete_hides_everywhere_and_restore_brings_everything_back(j: Journal) -> None:
    ida = person(
        j,
        "Ida Trash",
        company="Recyclers",
        tags=("family", "close"),
        birthday=YearlyDate(11, 25, 1980),
    )
    other = person(j, "Otto Other")
    j.add_kid(ida, NewKid("Kim", YearlyDate(12, 1, 2015)))
    j.add_pet(ida, NewPet("Rex", "dog", YearlyDate(11, 30)))
    j.add_occasion(ida, NewOccasion("Wedding", YearlyDate(6, 1, 2010)))
    j.add_promise(ida, "return the ladder", date(2026, 11, 1), date(2026, 11, 25))
    talk(j, date(2026, 10, 1), ida, text="talked about recycling ladders")
    talk(j, date(2026, 10, 5), ida, other, text="shared dinner with Otto")
    before = _everything(j, ida)
    assert ida in candidates(j)  # birthday, kid, pet, promise: she is a candidate

    j.delete_person(ida, AT)
    assert ida not in {r.id for r in j.people()}
    assert ida not in {r.id for r in j.people_page("", 0, 100)}
    assert j.people_count("ida") == 0
    with pytest.raises(NotFound):
        j.person(ida)
    with pytest.raises(NotFound):
        j.resolve("Ida")
    assert ida not in candidates(j)
    assert all(h.person_id != ida for h in search(j, "ida"))
    assert search(j, "recycling") == []  # her entry alone
    assert [h.person_id for h in search(j, "dinner")] == [other]  # shared: shown under Otto
    assert j.resolve("ida", deleted=True).id == ida
    assert j.person(ida, deleted=True).name == "Ida Trash"
    assert "family" not in {t.tag for t in j.tags()}
    with pytest.raises(NotFound):
        j.delete_person(ida, AT)  # already in the trash

    j.restore_person(ida)
    assert _everything(j, ida) == before
    assert j.resolve("ida").id == ida
    assert ida in candidates(j)
    assert [h.person_id for h in search(j, "recycling")] == [ida]
    with pytest.raises(NotFound):
        j.restore_person(ida)  # not in the trash any more


def test_purge_removes_for_good_but_keeps_shared_entries(j: Journal) -> None:
    ida, other = person(j, "Ida Trash"), person(j, "Otto Other")
    alone = talk(j, date(2026, 10, 1), ida)
    shared = talk(j, date(2026, 10, 5), ida, other)
    with pytest.raises(NotFound):
        j.purge_person(ida)  # only from the trash
    j.delete_person(ida, AT)
    j.purge_person(ida)
    with pytest.raises(NotFound):
        j.entry(alone)
    assert j.entry(shared).people == (other,)
    assert j.conn.execute("PRAGMA foreign_key_check").fetchall() == []


# -- the check-in pre-filter --------------------------------------------------------------


def candidates(j: Journal, as_of: date = TODAY, lookahead: int = 14) -> set[int]:
    """Everyone the ranking pre-filter lets through as of a day."""
    settings = CheckinSettings(lookahead_days=lookahead)
    return {b[0] for b in candidate_bounds(j, as_of, settings, -1, 0)}


def test_candidate_prefilter(j: Journal) -> None:
    ids: dict[str, int] = {}

    def add(key: str, **fields: Any) -> int:
        ids[key] = person(j, key.replace("_", " ").title(), **fields)
        return ids[key]

    j.set_tag_rhythm("family", Rhythm(10, "d"))
    talk(j, date(2026, 11, 1), add("due_own", rhythm=Rhythm(1, "w")))
    talk(j, date(2026, 11, 20), add("fresh_own", rhythm=Rhythm(1, "m")))
    talk(j, date(2026, 11, 1), add("due_tag", tags=("family",)))
    talk(j, date(2026, 11, 18), add("fresh_tag", tags=("family",)))
    for day in (date(2026, 10, 1), date(2026, 10, 8), date(2026, 10, 15), date(2026, 10, 22)):
        talk(j, day, add("due_learned") if day.day == 1 else ids["due_learned"])
    for day in (date(2026, 11, 1), date(2026, 11, 8), date(2026, 11, 15), date(2026, 11, 21)):
        talk(j, day, add("fresh_learned") if day.day == 1 else ids["fresh_learned"])
    add("no_rhythm")  # nothing due, nothing coming up
    add("birthday", birthday=YearlyDate(11, 30, 1990))
    add("birthday_later", birthday=YearlyDate(12, 30, 1990))
    j.add_kid(add("kid"), NewKid("Kim", YearlyDate(12, 1, 2015)))
    j.add_kid(add("dead_kid"), NewKid("Kay", YearlyDate(12, 1, 2015), passed_on=date(2020, 1, 1)))
    j.add_pet(add("pet"), NewPet("Rex", "dog", YearlyDate(11, 25)))
    j.add_pet(add("dead_pet"), NewPet("Tom", "cat", YearlyDate(11, 25), passed_on=date(2024, 1, 1)))
    j.add_occasion(add("occasion"), NewOccasion("Founding day", YearlyDate(12, 5)))
    j.add_promise(add("promise"), "send the book", date(2026, 11, 1), date(2026, 12, 1))
    j.add_promise(add("promise_later"), "visit", date(2026, 11, 1), date(2027, 3, 1))
    talk(j, date(2026, 11, 1), add("archived", rhythm=Rhythm(1, "w"), archived=True))
    talk(
        j, date(2026, 11, 1), add("snoozed", rhythm=Rhythm(1, "w"), snoozed_until=date(2026, 12, 1))
    )
    talk(
        j,
        date(2026, 11, 1),
        add("snooze_over", rhythm=Rhythm(1, "w"), snoozed_until=date(2026, 11, 20)),
    )
    add("archived_birthday", birthday=YearlyDate(11, 30), archived=True)
    j.delete_person(add("deleted_birthday", birthday=YearlyDate(11, 30)), AT)

    got = candidates(j)
    expected = {
        "due_own",
        "due_tag",
        "due_learned",
        "birthday",
        "kid",
        "pet",
        "occasion",
        "promise",
        "snooze_over",
    }
    assert got == {ids[k] for k in expected}, sorted(k for k, v in ids.items() if v in got)
    facts = {i: person_facts(j, i) for i in got}
    assert facts[ids["due_tag"]].tag_rhythm == Rhythm(10, "d")
    assert facts[ids["due_learned"]].learned_rhythm == Rhythm(7, "d")
    assert facts[ids["due_own"]].last_contact == date(2026, 11, 1)
    assert [k.name for k in facts[ids["kid"]].kids] == ["Kim"]


def test_29_february_is_observed_on_28_february_in_a_common_year(j: Journal) -> None:
    leap = person(j, "Leap Day", birthday=YearlyDate(2, 29, 2000))
    leap_kid = person(j, "Leap Parent")
    j.add_kid(leap_kid, NewKid("Lea", YearlyDate(2, 29)))
    leap_pet = person(j, "Leap Owner")
    j.add_pet(leap_pet, NewPet("Hop", "frog", YearlyDate(2, 29, 2020)))
    leap_occasion = person(j, "Leap Wed")
    j.add_occasion(leap_occasion, NewOccasion("Wedding", YearlyDate(2, 29, 2004)))
    everyone = {leap, leap_kid, leap_pet, leap_occasion}
    common = date(2027, 2, 20)
    assert candidates(j, common, 8) == everyone  # to 28 Feb
    assert candidates(j, common, 7) == set()  # to 27 Feb
    assert candidates(j, date(2027, 2, 28), 0) == everyone
    leap_year = date(2028, 2, 20)
    assert candidates(j, leap_year, 8) == set()  # to 28 Feb 2028
    assert candidates(j, leap_year, 9) == everyone  # 29 Feb 2028
