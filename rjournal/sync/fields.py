"""Each synced item as the field map the three-way merge compares (rjournal.sync.merge), and
back: a person's card, a promise's to-do, an occasion's event, an entry's journal item.

- person: name, nickname, company, role, city, partner, met, about, likes, dislikes, reach,
  birthday, channel, rhythm; emails, phones, tags, kids, pets and kept lines (sets);
- promise: text, due, done, done_on, created_on, person;
- occasion: label, date, person;
- entry: on, text, kind, channel, from_them; people (a set).

People are named by their uid. A kid or a pet is one value of its set (its fields as a JSON
array), so an edit of one kid on each side keeps both edits. Sets have no order; the order a
card lists emails, phones and kept lines in is taken from the cards at hand (`card_of_fields`'s
`hints`), so a sync does not reshuffle a card.

A person's occasions are not in their card's map: they travel as the calendar's yearly events,
one file each, and a card is written without them.

What a file cannot say is not a change: a journal item a phone wrote without a date, without
people, or a to-do without its creation day takes those from the base (`fill_unsaid`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from rjournal.domain.contact import Contact
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, Entry, Occasion, Promise
from rjournal.domain.rhythms import Rhythm
from rjournal.interop.card import Card, CardKid, CardPet
from rjournal.interop.person_card import card_of
from rjournal.sync.items import JournalItem, OccasionItem, PersonRef, TodoItem
from rjournal.sync.merge import FieldMap, FieldValue, canonical

Fields = dict[str, FieldValue]

_PERSON_TEXT = (
    "name", "nickname", "company", "role", "city", "partner", "met", "about", "likes",
    "dislikes", "reach",
)  # fmt: skip


def _iso(day: date | YearlyDate | None) -> str | None:
    if day is None:
        return None
    return day.iso() if isinstance(day, YearlyDate) else day.isoformat()


def _text(fields: FieldMap, name: str) -> str:
    value = fields.get(name)
    return value if isinstance(value, str) else ""


def _set(fields: FieldMap, name: str) -> frozenset[str]:
    value = fields.get(name)
    return value if isinstance(value, frozenset) else frozenset()


def _day(fields: FieldMap, name: str) -> date | None:
    value = fields.get(name)
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _ordered(values: frozenset[str], hints: Iterable[Sequence[str]]) -> tuple[str, ...]:
    """The values in the order the hints give them, the rest sorted after."""
    out: list[str] = []
    for hint in hints:
        out.extend(v for v in hint if v in values and v not in out)
    out.extend(sorted(values - set(out)))
    return tuple(out)


# -- people --------------------------------------------------------------------------------


def _kid_key(kid: CardKid) -> str:
    return json.dumps(
        [kid.name, _iso(kid.birthday) or "", kid.notes, _iso(kid.passed) or ""],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _pet_key(pet: CardPet) -> str:
    return json.dumps(
        [pet.name, pet.species, _iso(pet.birthday) or "", pet.notes, _iso(pet.passed) or ""],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _yearly(text: str) -> YearlyDate | None:
    return YearlyDate.from_iso(text) if text else None


def _kid(key: str) -> CardKid:
    name, birthday, notes, passed = json.loads(key)
    return CardKid(name, _yearly(birthday), notes, date.fromisoformat(passed) if passed else None)


def _pet(key: str) -> CardPet:
    name, species, birthday, notes, passed = json.loads(key)
    return CardPet(
        name, species, _yearly(birthday), notes, date.fromisoformat(passed) if passed else None
    )


def person_fields(card: Card) -> Fields:
    """A person's card as a field map (its occasions left out: they are calendar items)."""
    fields: Fields = {name: getattr(card, name) for name in _PERSON_TEXT}
    fields["birthday"] = _iso(card.birthday)
    fields["channel"] = card.channel.value if card.channel else None
    fields["rhythm"] = card.rhythm.code() if card.rhythm else None
    fields["emails"] = frozenset(card.emails)
    fields["phones"] = frozenset(card.phones)
    fields["tags"] = frozenset(card.tags)
    fields["kids"] = frozenset(_kid_key(k) for k in card.kids)
    fields["pets"] = frozenset(_pet_key(p) for p in card.pets)
    fields["kept"] = frozenset(card.kept)
    return canonical(fields)


def contact_card(contact: Contact) -> Card:
    """The card a sync writes for a journal person: everything but their occasions."""
    return card_of(replace(contact, occasions=()))


def card_of_fields(fields: FieldMap, uid: str, hints: Iterable[Card] = ()) -> Card:
    """The card of a person's field map; `hints` (the cards at hand) order its lists."""
    hinted = list(hints)
    channel, rhythm = fields.get("channel"), fields.get("rhythm")
    birthday = _text(fields, "birthday")
    return Card(
        uid=uid,
        name=_text(fields, "name"),
        nickname=_text(fields, "nickname"),
        company=_text(fields, "company"),
        role=_text(fields, "role"),
        city=_text(fields, "city"),
        partner=_text(fields, "partner"),
        met=_text(fields, "met"),
        about=_text(fields, "about"),
        likes=_text(fields, "likes"),
        dislikes=_text(fields, "dislikes"),
        reach=_text(fields, "reach"),
        birthday=_yearly(birthday),
        channel=Channel(channel) if isinstance(channel, str) else None,
        rhythm=Rhythm.from_code(rhythm) if isinstance(rhythm, str) else None,
        emails=_ordered(_set(fields, "emails"), (c.emails for c in hinted)),
        phones=_ordered(_set(fields, "phones"), (c.phones for c in hinted)),
        tags=tuple(sorted(_set(fields, "tags"))),
        kids=tuple(
            _kid(k)
            for k in _ordered(_set(fields, "kids"), ([_kid_key(x) for x in c.kids] for c in hinted))
        ),
        pets=tuple(
            _pet(p)
            for p in _ordered(_set(fields, "pets"), ([_pet_key(x) for x in c.pets] for c in hinted))
        ),
        kept=_ordered(_set(fields, "kept"), (c.kept for c in hinted)),
    )


# -- promises, occasions, entries ----------------------------------------------------------


def promise_fields(promise: Promise, person: str) -> Fields:
    return canonical(
        {
            "text": promise.text,
            "due": _iso(promise.due),
            "done": promise.done_on is not None,
            "done_on": _iso(promise.done_on),
            "created_on": _iso(promise.created_on),
            "person": person,
        }
    )


def todo_fields(item: TodoItem, person: str | None) -> Fields:
    return canonical(
        {
            "text": item.text,
            "due": _iso(item.due),
            "done": item.done,
            "done_on": _iso(item.done_on) if item.done else None,
            "created_on": _iso(item.created_on),
            "person": person,
        }
    )


def todo_of(fields: FieldMap, uid: str, person: PersonRef | None) -> TodoItem:
    return TodoItem(
        uid=uid,
        text=_text(fields, "text"),
        due=_day(fields, "due"),
        done=fields.get("done") is True,
        done_on=_day(fields, "done_on"),
        created_on=_day(fields, "created_on"),
        people=(person,) if person else (),
    )


def occasion_fields(occasion: Occasion, person: str) -> Fields:
    return canonical({"label": occasion.label, "date": occasion.date.iso(), "person": person})


def event_fields(item: OccasionItem, person: str | None) -> Fields:
    return canonical({"label": item.label, "date": item.date.iso(), "person": person})


def event_of(fields: FieldMap, uid: str, person: PersonRef | None) -> OccasionItem:
    return OccasionItem(
        uid=uid,
        label=_text(fields, "label"),
        date=YearlyDate.from_iso(_text(fields, "date")),
        people=(person,) if person else (),
    )


def entry_fields(entry: Entry, people: Iterable[str]) -> Fields:
    return canonical(
        {
            "on": entry.on.isoformat(),
            "text": entry.text,
            "kind": entry.kind,
            "channel": entry.channel.value if entry.channel else None,
            "from_them": entry.from_them,
            "people": frozenset(people),
        }
    )


def journal_item_fields(item: JournalItem, people: Iterable[str]) -> Fields:
    return canonical(
        {
            "on": _iso(item.on),
            "text": item.text,
            "kind": item.kind,
            "channel": item.channel.value if item.channel else None,
            "from_them": item.from_them,
            "people": frozenset(people),
        }
    )


def journal_item_of(fields: FieldMap, uid: str, people: Sequence[PersonRef]) -> JournalItem:
    channel = fields.get("channel")
    return JournalItem(
        uid=uid,
        on=_day(fields, "on"),
        text=_text(fields, "text"),
        kind="interaction" if fields.get("kind") == "interaction" else "note",
        channel=Channel(channel) if isinstance(channel, str) else None,
        from_them=fields.get("from_them") is True,
        people=tuple(people),
    )


# What a file may leave unsaid, by kind: taken from the base when it does.
_UNSAID = {
    "promise": ("person", "created_on"),
    "occasion": ("person",),
    "entry": ("on", "people"),
}


def fill_unsaid(kind: str, theirs: FieldMap, base: Mapping[str, FieldValue] | None) -> Fields:
    """theirs, with what its file could not say taken from the base (see the module)."""
    out = dict(canonical(theirs))
    for name in _UNSAID.get(kind, ()):
        if name not in out and base is not None and name in base:
            out[name] = base[name]
    return out
