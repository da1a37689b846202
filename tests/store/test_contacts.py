"""People as contacts: uids, kept lines, NFC names, and the stream an export or a sync reads."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings

from rjournal.demo.loader import build_demo
from rjournal.domain.contact import Contact
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import NewKid, NewOccasion, NewPerson, NewPet, Person
from rjournal.domain.value import Value
from rjournal.store.contacts import contacts_of, person_with_uid, set_kept, stream_contacts
from rjournal.store.journal import Journal
from tests.conftest import TODAY, unsaved
from tests.interop.test_person_card import contacts

AT = datetime(2026, 11, 22, 9, 0)
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
NFD = unicodedata.normalize("NFD", "Zoë")
NFC = unicodedata.normalize("NFC", "Zoë")


def _uid(journal: Journal, person_id: int) -> str:
    return str(
        journal.conn.execute("SELECT uid FROM people WHERE id = ?", (person_id,)).fetchone()[0]
    )


def _kept(journal: Journal, person_id: int) -> str:
    return str(
        journal.conn.execute("SELECT kept FROM people WHERE id = ?", (person_id,)).fetchone()[0]
    )


def _one_by_one(journal: Journal, person_id: int) -> Contact:
    """A contact read the slow way, from the store's reads of one person (the oracle)."""
    person = journal.person(person_id)
    kept = _kept(journal, person_id)
    return Contact(
        person=person,
        uid=_uid(journal, person_id),
        kids=tuple(journal.kids(person_id)),
        pets=tuple(journal.pets(person_id)),
        occasions=tuple(journal.occasions(person_id)),
        kept=tuple(kept.split("\n")) if kept else (),
    )


def _living_in_name_order(journal: Journal) -> list[int]:
    rows = journal.conn.execute(
        "SELECT id FROM people WHERE deleted_at IS NULL ORDER BY sort_key, id"
    ).fetchall()
    return [row[0] for row in rows]


# -- uid ------------------------------------------------------------------------------------


def test_everyone_added_gets_a_uuid_of_their_own(j: Journal) -> None:
    ids = [j.add_person(NewPerson(name=f"P {n}", added_on=TODAY)) for n in range(20)]
    uids = [_uid(j, pid) for pid in ids]
    assert all(UUID4.fullmatch(uid) for uid in uids)
    assert len(set(uids)) == 20


def test_a_uid_given_by_a_contact_file_is_kept(j: Journal) -> None:
    ana = j.add_person(NewPerson(name="Ana", added_on=TODAY), uid="  abc@google.com ")
    assert _uid(j, ana) == "abc@google.com"
    assert person_with_uid(j.conn, "abc@google.com") == ana
    assert person_with_uid(j.conn, "nobody") is None


def test_a_uid_is_no_one_elses_trash_included(j: Journal) -> None:
    ana = j.add_person(NewPerson(name="Ana", added_on=TODAY), uid="same")
    j.delete_person(ana, AT)
    assert person_with_uid(j.conn, "same") == ana  # found in the trash too
    with pytest.raises(sqlite3.IntegrityError):
        j.add_person(NewPerson(name="Bo", added_on=TODAY), uid="same")
    assert j.people() == []  # the refused add changed nothing


def test_a_uid_never_changes(j: Journal) -> None:
    ana = j.add_person(NewPerson(name="Ana", added_on=TODAY), kids=[NewKid("Leo")])
    uid = _uid(j, ana)
    with pytest.raises(sqlite3.IntegrityError, match="never changes"), j.write() as conn:
        conn.execute("UPDATE people SET uid = 'other' WHERE id = ?", (ana,))
    j.update_person(ana, {"name": "Ana Lee", "tags": ("x",), "emails": ("a@x.example",)})
    j.delete_person(ana, AT)
    j.restore_person(ana)
    assert _uid(j, ana) == uid


def test_a_merge_keeps_each_uid_and_unites_the_kept_lines(j: Journal) -> None:
    kept = j.add_person(NewPerson(name="Ana Lee", added_on=TODAY), kept=["PHOTO:a", "X-A:1"])
    gone = j.add_person(NewPerson(name="Ana L.", added_on=TODAY), kept=["X-A:1", "ADR:;;b;;;;"])
    kept_uid, gone_uid = _uid(j, kept), _uid(j, gone)
    j.merge_people(gone, kept, AT)
    assert _uid(j, kept) == kept_uid
    assert _uid(j, gone) == gone_uid  # in the trash, with its own
    assert j.person(gone, deleted=True).name == "Ana L."
    assert _kept(j, kept) == "PHOTO:a\nX-A:1\nADR:;;b;;;;"
    assert _kept(j, gone) == "X-A:1\nADR:;;b;;;;"


def test_a_merge_without_kept_lines_writes_none(j: Journal) -> None:
    kept = j.add_person(NewPerson(name="Ana Lee", added_on=TODAY))
    gone = j.add_person(NewPerson(name="Ana L.", added_on=TODAY))
    j.merge_people(gone, kept, AT)
    assert _kept(j, kept) == ""


# -- kept lines -----------------------------------------------------------------------------


def test_kept_lines_are_written_and_replaced(j: Journal) -> None:
    ana = j.add_person(NewPerson(name="Ana", added_on=TODAY), kept=["PHOTO:a", "", "X-B:2"])
    assert _kept(j, ana) == "PHOTO:a\nX-B:2"  # blank lines are no lines
    with j.write() as conn:
        set_kept(conn, ana, ["X-C:3"])
    assert contacts_of(j.conn, [ana])[0].kept == ("X-C:3",)
    with j.write() as conn:
        set_kept(conn, ana, [])
    assert _kept(j, ana) == ""


@pytest.mark.parametrize("line", ["X-A:1\nX-B:2", "X-A:1\r"])
def test_a_kept_line_with_a_line_break_is_refused_and_nothing_written(
    j: Journal, line: str
) -> None:
    with pytest.raises(ValueError, match="line break"):
        j.add_person(NewPerson(name="Ana", added_on=TODAY), kept=[line])
    assert j.people() == []
    ana = j.add_person(NewPerson(name="Ana", added_on=TODAY), kept=["X-A:0"])
    with pytest.raises(ValueError, match="line break"), j.write() as conn:
        set_kept(conn, ana, [line])
    assert _kept(j, ana) == "X-A:0"


# -- names are stored NFC -------------------------------------------------------------------


def test_a_name_typed_decomposed_is_stored_composed(j: Journal) -> None:
    zoe = j.add_person(
        NewPerson(
            name=f"{NFD} Quinn", nickname=NFD, partner=f"{NFD} M", added_on=TODAY, tags=(NFD,)
        ),
        kids=[NewKid(f"{NFD} Jr")],
        pets=[NewPet(NFD, "cat")],
    )
    person = j.person(zoe)
    assert (person.name, person.nickname, person.partner) == (f"{NFC} Quinn", NFC, f"{NFC} M")
    assert person.tags == (NFC.lower(),)
    assert [k.name for k in j.kids(zoe)] == [f"{NFC} Jr"]
    assert [p.name for p in j.pets(zoe)] == [NFC]
    # Typed either way, it is the one person (and so is the tag).
    assert j.resolve(f"{NFD} Quinn").id == zoe
    assert j.resolve(f"{NFC} Quinn").id == zoe
    assert [row.id for row in j.people(tag=NFD)] == [zoe]


def test_an_edit_and_a_kid_or_pet_change_store_nfc_too(j: Journal) -> None:
    ana = j.add_person(
        NewPerson(name="Ana", added_on=TODAY), kids=[NewKid("Leo")], pets=[NewPet("Rex")]
    )
    saved = j.update_person(ana, {"name": f"{NFD} Ana", "nickname": NFD})
    assert (saved.name, saved.nickname) == (f"{NFC} Ana", NFC)  # what was stored, returned
    assert j.person(ana) == saved
    (kid,) = j.kids(ana)
    j.update_kid(dataclasses.replace(kid, name=NFD))
    (pet,) = j.pets(ana)
    j.update_pet(dataclasses.replace(pet, name=NFD))
    assert [k.name for k in j.kids(ana)] == [NFC]
    assert [p.name for p in j.pets(ana)] == [NFC]


# -- the stream -----------------------------------------------------------------------------


@pytest.fixture
def family(j: Journal) -> dict[str, int]:
    """People with and without kids, pets, occasions, tags and kept lines; one archived, one
    in the trash."""
    ids = {
        "zoe": j.add_person(
            NewPerson(name=f"{NFC} Quinn", added_on=TODAY, tags=("friend", "team")),
            kids=[
                NewKid("Mia", YearlyDate(5, 2)),
                NewKid("Leo", YearlyDate(9, 3, 2019)),
                NewKid("Al"),
            ],
            pets=[NewPet("Rex", "dog"), NewPet("Tom", "cat", passed_on=date(2024, 1, 2))],
            occasions=[
                NewOccasion("Wedding", YearlyDate(6, 12, 2017)),
                NewOccasion("Day", YearlyDate(1, 2)),
            ],
            kept=["PHOTO:x"],
        ),
        "ann": j.add_person(NewPerson(name="ann lee", added_on=TODAY), kept=["X-A:1", "X-B:2"]),
        "bob": j.add_person(NewPerson(name="Bob", added_on=TODAY, archived=True)),
        "gone": j.add_person(NewPerson(name="Aaron Gone", added_on=TODAY), kids=[NewKid("K")]),
        "ana": j.add_person(NewPerson(name="Ana", added_on=TODAY, tags=("client",))),
    }
    j.delete_person(ids["gone"], AT)
    return ids


@pytest.mark.parametrize("block", [1, 2, 3, 500])
def test_the_stream_is_everyone_not_in_the_trash_in_name_order_read_whole(
    j: Journal, family: dict[str, int], block: int
) -> None:
    with j.snapshot() as conn:
        streamed = list(stream_contacts(conn, block=block))
    assert [c.person.name for c in streamed] == ["Ana", "ann lee", "Bob", f"{NFC} Quinn"]
    assert streamed == [_one_by_one(j, pid) for pid in _living_in_name_order(j)]
    zoe = streamed[-1]
    assert [k.name for k in zoe.kids] == ["Mia", "Leo", "Al"]  # as the person screen lists them
    assert zoe.person.tags == ("friend", "team")
    assert zoe.kept == ("PHOTO:x",)
    assert streamed[2].person.archived


def test_contacts_of_given_people_in_the_order_given(j: Journal, family: dict[str, int]) -> None:
    wanted = [family["zoe"], family["gone"], 999, family["ann"]]
    assert contacts_of(j.conn, wanted) == [
        _one_by_one(j, family["zoe"]),
        _one_by_one(j, family["ann"]),
    ]
    assert contacts_of(j.conn, []) == []


def test_the_stream_takes_a_few_queries_a_block_not_a_few_a_person(
    j: Journal, family: dict[str, int]
) -> None:
    with j.write() as conn:
        for n in range(96):
            j.insert_person(conn, NewPerson(name=f"P {n:03}", added_on=TODAY), kids=[NewKid("K")])
    statements: list[str] = []
    j.conn.set_trace_callback(statements.append)
    with j.snapshot() as conn:
        count = sum(1 for _ in stream_contacts(conn, block=25))
    j.conn.set_trace_callback(None)
    assert count == 100
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 + 4 * 4  # the people, then tags, kids, pets, occasions per block


def test_a_stream_over_the_demo_journal_matches_the_reads_of_one_person(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo(path, people=120, today=TODAY)
    with Journal.open(path, create=False) as journal:
        with journal.snapshot() as conn:
            streamed = list(stream_contacts(conn, block=7))
        assert streamed == [_one_by_one(journal, pid) for pid in _living_in_name_order(journal)]
        assert sum(len(c.kids) + len(c.pets) + len(c.occasions) for c in streamed) > 20
        assert all(UUID4.fullmatch(c.uid) for c in streamed)


@settings(max_examples=40)
@given(contact=contacts)
def test_a_contact_added_comes_back_from_the_stream(j: Journal, contact: Contact) -> None:
    """What an import adds is what an export reads: every field, kids, pets, occasions, the
    uid (or one the journal made) and the kept lines (ids aside; lists in the store's order)."""
    conn = j.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        pid = j.insert_person(
            conn,
            contact.person,
            kids=contact.kids,
            pets=contact.pets,
            occasions=contact.occasions,
            uid=contact.uid,
            kept=contact.kept,
        )
        (back,) = contacts_of(conn, [pid])
    finally:
        conn.execute("ROLLBACK")  # each example starts from the same journal
    assert isinstance(back.person, Person) and back.person.id == pid
    assert unsaved(back.person) == dataclasses.replace(
        contact.person, tags=tuple(sorted(contact.person.tags))
    )
    assert back.uid == (contact.uid.strip() or back.uid) and back.uid
    assert back.kept == contact.kept

    def unnumbered(items: Iterable[Value]) -> list[str]:
        return sorted(repr(unsaved(item)) for item in items)

    assert unnumbered(back.kids) == unnumbered(contact.kids)
    assert unnumbered(back.pets) == unnumbered(contact.pets)
    assert unnumbered(back.occasions) == unnumbered(contact.occasions)
