"""A journal person as a Card, and a Card as a journal person: the one mapping between them.

Every format and sync goes through here: `card_of` for what leaves the journal (a vCard, a
calendar, a synced address book), `contact_of` for what comes in (an import, a sync). Field for
field they are each other's inverse: what a Card carries comes back as it was (the
tests hold `contact_of(card_of(c))` equal to `c` for everything a Card has). A Card has no
place for what only the journal knows (ids, the day added, a snooze, the archive): `contact_of`
leaves those at a new person's defaults, for the caller to keep or set.

Names (the person's, their nickname, partner, kids' and pets' names) come in NFC-normalised,
as the store keeps them, so `Zoë` from a file that wrote it decomposed is the `Zoë` already in
the journal. Tags are passed as the Card has them: the store cleans them as it writes.
"""

from __future__ import annotations

from datetime import date

from rjournal.domain.contact import Contact
from rjournal.domain.model import NewKid, NewOccasion, NewPerson, NewPet
from rjournal.domain.text import nfc
from rjournal.interop.card import Card, CardKid, CardOccasion, CardPet


def card_of(contact: Contact) -> Card:
    """The Card of a journal person, with their uid and kept lines."""
    person = contact.person
    return Card(
        name=person.name,
        uid=contact.uid,
        nickname=person.nickname,
        company=person.company,
        role=person.role,
        emails=person.emails,
        phones=person.phones,
        city=person.city,
        birthday=person.birthday,
        partner=person.partner,
        met=person.met,
        about=person.about,
        likes=person.likes,
        dislikes=person.dislikes,
        channel=person.channel,
        reach=person.reach,
        rhythm=person.rhythm,
        tags=person.tags,
        kids=tuple(CardKid(k.name, k.birthday, k.notes, k.passed_on) for k in contact.kids),
        pets=tuple(
            CardPet(p.name, p.species, p.birthday, p.notes, p.passed_on) for p in contact.pets
        ),
        occasions=tuple(CardOccasion(o.label, o.date) for o in contact.occasions),
        kept=contact.kept,
    )


def contact_of(card: Card, *, added_on: date) -> Contact:
    """What a Card says of a person, as a journal person not yet added (`added_on` the day
    they would be); the card's uid and kept lines with them."""
    person = NewPerson(
        name=nfc(card.name),
        added_on=added_on,
        nickname=nfc(card.nickname),
        company=card.company,
        role=card.role,
        emails=card.emails,
        phones=card.phones,
        city=card.city,
        birthday=card.birthday,
        partner=nfc(card.partner),
        met=card.met,
        about=card.about,
        likes=card.likes,
        dislikes=card.dislikes,
        channel=card.channel,
        reach=card.reach,
        tags=card.tags,
        rhythm=card.rhythm,
    )
    return Contact(
        person=person,
        uid=card.uid,
        kids=tuple(NewKid(nfc(k.name), k.birthday, k.notes, k.passed) for k in card.kids),
        pets=tuple(
            NewPet(nfc(p.name), p.species, p.birthday, p.notes, p.passed) for p in card.pets
        ),
        occasions=tuple(NewOccasion(o.label, o.date) for o in card.occasions),
        kept=card.kept,
    )
