"""The Person <-> Card mapping: each direction the other's inverse, names NFC on the way in."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rjournal.domain.contact import Contact
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, Kid, NewKid, NewOccasion, NewPerson, NewPet, Person
from rjournal.domain.rhythms import Rhythm
from rjournal.interop.card import Card, CardKid, CardOccasion, CardPet
from rjournal.interop.person_card import card_of, contact_of
from rjournal.interop.vcard_read import read_vcards
from rjournal.interop.vcard_write import Version, write_vcard
from tests.interop.test_vcard_write import VERSIONS, cards, one_line

ADDED = date(2026, 11, 22)
ZOE_NFD = unicodedata.normalize("NFD", "Zoë Quinn")
ZOE = unicodedata.normalize("NFC", "Zoë Quinn")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _names_nfc(card: Card) -> Card:
    """The card with its names as the journal keeps them: NFC."""
    return dataclasses.replace(
        card,
        name=_nfc(card.name),
        nickname=_nfc(card.nickname),
        partner=_nfc(card.partner),
        kids=tuple(dataclasses.replace(k, name=_nfc(k.name)) for k in card.kids),
        pets=tuple(dataclasses.replace(p, name=_nfc(p.name)) for p in card.pets),
    )


kept = st.lists(one_line.filter(bool).map(lambda text: f"X-TEST;TYPE=a:{text}"), max_size=3)
# Every field a Card carries, kept lines too.
full_cards = st.builds(
    lambda card, lines: dataclasses.replace(card, kept=tuple(lines)), cards, kept
)
# Journal people: what a card says, as the mapping makes it.
contacts = full_cards.map(lambda card: contact_of(card, added_on=ADDED))


@given(contact=contacts)
def test_a_person_made_a_card_comes_back_the_same(contact: Contact) -> None:
    assert contact_of(card_of(contact), added_on=ADDED) == contact


@given(card=full_cards)
def test_a_card_made_a_person_comes_back_the_same_up_to_nfc(card: Card) -> None:
    """No field of a Card is lost on the way into the journal: only names change, to NFC."""
    assert card_of(contact_of(card, added_on=ADDED)) == _names_nfc(card)


@pytest.mark.parametrize("version", VERSIONS)
@settings(max_examples=40)  # the writer and reader have their own round trip: this is the chain
@given(contact=contacts)
def test_a_person_goes_out_as_a_vcard_and_comes_back_the_same(
    version: Version, contact: Contact
) -> None:
    text = write_vcard(card_of(contact), version)
    (card,) = read_vcards(text)
    assert isinstance(card, Card)
    assert contact_of(card, added_on=ADDED) == contact


def test_every_field_is_mapped() -> None:
    """A person with every field set: each lands in its own Card field, and back."""
    person = NewPerson(
        name="Ana Lee",
        added_on=ADDED,
        nickname="Annie",
        company="Acme",
        role="CTO",
        emails=("ana@acme.example", "ana@home.example"),
        phones=("+44 20 7946 0000",),
        city="Lisbon",
        birthday=YearlyDate(4, 15),
        partner="Sam",
        met="At a conference",
        about="Runs marathons",
        likes="jazz",
        dislikes="cilantro",
        channel=Channel.CALL,
        reach="mornings",
        tags=("client", "friend"),
        rhythm=Rhythm(1, "m"),
    )
    contact = Contact(
        person=person,
        uid="4cbe264a-d3f6-4f2d-b54a-6b6f00b113cf",
        kids=(NewKid("Leo", YearlyDate(9, 3, 2019), "school", None),),
        pets=(NewPet("Rex, Jr.", "dog", YearlyDate(11, 27, 2021), "", date(2025, 1, 2)),),
        occasions=(NewOccasion("Wedding", YearlyDate(6, 12, 2017)),),
        kept=("ADR;TYPE=work:;;1 Main St;Lisbon;;;PT", "PHOTO;VALUE=uri:https://x.example/a"),
    )
    card = card_of(contact)
    assert card == Card(
        name="Ana Lee",
        uid="4cbe264a-d3f6-4f2d-b54a-6b6f00b113cf",
        nickname="Annie",
        company="Acme",
        role="CTO",
        emails=("ana@acme.example", "ana@home.example"),
        phones=("+44 20 7946 0000",),
        city="Lisbon",
        birthday=YearlyDate(4, 15),
        partner="Sam",
        met="At a conference",
        about="Runs marathons",
        likes="jazz",
        dislikes="cilantro",
        channel=Channel.CALL,
        reach="mornings",
        rhythm=Rhythm(1, "m"),
        tags=("client", "friend"),
        kids=(CardKid("Leo", YearlyDate(9, 3, 2019), "school", None),),
        pets=(CardPet("Rex, Jr.", "dog", YearlyDate(11, 27, 2021), "", date(2025, 1, 2)),),
        occasions=(CardOccasion("Wedding", YearlyDate(6, 12, 2017)),),
        kept=("ADR;TYPE=work:;;1 Main St;Lisbon;;;PT", "PHOTO;VALUE=uri:https://x.example/a"),
    )
    assert contact_of(card, added_on=ADDED) == contact


def test_what_a_card_cannot_carry_is_a_new_persons_default() -> None:
    """Ids, the day added, a snooze and the archive stay in the journal: a card brings none."""
    person = Person(
        name="Ana", added_on=date(2020, 1, 1), id=7, snoozed_until=date(2027, 1, 1), archived=True
    )
    back = contact_of(card_of(Contact(person, uid="u", kids=(Kid("Leo", id=3),))), added_on=ADDED)
    assert back.person == NewPerson(name="Ana", added_on=ADDED)
    assert back.kids == (NewKid("Leo"),)
    assert back.uid == "u"


def test_names_come_in_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Zoë")
    card = Card(
        name=ZOE_NFD,
        nickname=nfd,
        partner=f"{nfd} Moreau",
        kids=(CardKid(f"Chloé{nfd}"),),
        pets=(CardPet(unicodedata.normalize("NFD", "Fée"), "cat"),),
        about=ZOE_NFD,
    )
    assert ZOE_NFD != ZOE
    contact = contact_of(card, added_on=ADDED)
    assert contact.person.name == ZOE
    assert contact.person.nickname == "Zoë"
    assert contact.person.partner == "Zoë Moreau"
    assert contact.kids[0].name == _nfc("ChloéZoë")
    assert contact.pets[0].name == "Fée"
    assert contact.person.about == ZOE_NFD  # free text is kept exactly as written
