"""Merging two records of the same person: which field values the kept record ends up with.

The kept record (the target) wins every single-valued field it has; a field it lacks takes
the other record's value, and so does a field whose value the other refines (a birthday with
its year over the same day without one). Lists (emails, phones, tags) are united, in order,
without repeats. The free-text fields (met, about, likes, dislikes) keep both texts when they
differ, as parts: the source's parts that the target lacks are added after the target's, each
part apart from the next by a blank line (PART_BREAK), so nothing typed is dropped. The parts
stay parts wherever the text is shown (text_parts, parts_line): likes "climbing, sourdough"
merged with "jazz" read "climbing, sourdough; jazz", never "climbing, sourdough jazz". The
earlier of the two "added on" days is kept, so a never-contacted person's clock does not
restart. A single-valued field set differently on both sides keeps the target's value and is
reported as a Conflict; the merged-away record stays in the trash with its own values, so the
dropped value can still be read there.

An import takes a file's record into a person already in the journal by the same rules, less
generous with text: `absorb` fills what is empty, takes refinements, adds new emails, phones
and tags (`email_key`, `phone_key` say when two are the same), and lists every other value
that differs as a Conflict, leaving the journal's; `absorb_family` does the same for kids,
pets (by name) and occasions (by label).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Kid, NewKid, NewOccasion, NewPerson, NewPet, Occasion, Person, Pet
from rjournal.domain.rhythms import Rhythm
from rjournal.domain.text import fold

# Fields that hold one value: the target's wins when both have one.
SINGLE_FIELDS = (
    "nickname", "company", "role", "city", "birthday", "partner", "channel", "reach",
    "rhythm", "snoozed_until",
)  # fmt: skip
LIST_FIELDS = ("emails", "phones", "tags")
TEXT_FIELDS = ("met", "about", "likes", "dislikes")
# What keeps the parts of a merged text apart: a blank line, which a text typed on one line
# never holds.
PART_BREAK = "\n\n"
# How the parts read on one line (a talking point, a list): "climbing, sourdough; jazz".
PART_JOIN = "; "


def text_parts(text: str) -> list[str]:
    """The parts of a text (those of a merge, or paragraphs typed apart), each stripped."""
    return [part.strip() for part in text.split(PART_BREAK) if part.strip()]


def parts_line(text: str) -> str:
    """A text's parts on one line, kept apart: "climbing, sourdough; jazz"."""
    return PART_JOIN.join(" ".join(part.split()) for part in text_parts(text))


def _merged_text(kept: str, other: str) -> str | None:
    """The kept text with the other's parts it lacks added as parts; None when it lacks none."""
    have = text_parts(kept)
    new = [part for part in text_parts(other) if part not in have]
    if not new:
        return None
    return PART_BREAK.join([*have, *new])


@dataclass(frozen=True)
class Conflict:
    """A field both records set differently: the value kept and the value left in the trash."""

    field: str
    kept: str
    dropped: str


def _shown(value: Any) -> str:
    """A value as the user typed it (a period, a yearly date, a day, a channel, text)."""
    if isinstance(value, Rhythm):
        return value.label()
    if isinstance(value, YearlyDate):
        return value.label()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)  # text, and Channel, a StrEnum


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


def refined(kept: Any, other: Any) -> Any:
    """The more precise of two values when one refines the other, else None: a yearly date
    with its year over the same month and day without one."""
    if (
        isinstance(kept, YearlyDate)
        and isinstance(other, YearlyDate)
        and (kept.month, kept.day) == (other.month, other.day)
        and (kept.year is None) != (other.year is None)
    ):
        return kept if kept.year is not None else other
    return None


def _single(
    name: str, kept: Any, other: Any, changes: dict[str, Any], conflicts: list[Conflict]
) -> None:
    """One single-valued field: filled, refined, or (both set, differently) a conflict."""
    if _empty(other) or kept == other:
        return
    if _empty(kept):
        changes[name] = other
    elif (precise := refined(kept, other)) is not None:
        if precise != kept:
            changes[name] = precise
    else:
        conflicts.append(Conflict(name, _shown(kept), _shown(other)))


def merge_people(target: Person, source: Person) -> tuple[Person, list[Conflict]]:
    """The target as it is after taking in the source, and the values it did not take."""
    changes: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for name in SINGLE_FIELDS:
        _single(name, getattr(target, name), getattr(source, name), changes, conflicts)
    for name in LIST_FIELDS:
        united = tuple(dict.fromkeys((*getattr(target, name), *getattr(source, name))))
        if united != getattr(target, name):
            changes[name] = united
    for name in TEXT_FIELDS:
        merged = _merged_text(getattr(target, name), getattr(source, name))
        if merged is not None:
            changes[name] = merged
    if source.added_on < target.added_on:
        changes["added_on"] = source.added_on
    return replace(target, **changes), conflicts


# -- an import into someone already in the journal ----------------------------------------

_K = TypeVar("_K", Kid, Pet)


def email_key(email: str) -> str:
    """Two emails are the same address when this is: case does not count."""
    return email.strip().casefold()


_NOT_DIGITS = re.compile(r"\D")


def phone_key(phone: str) -> str:
    """Two phones are the same number when this is: its digits (a leading + kept), nothing of
    the spaces, dots, dashes and brackets people write them with; '' when it has no digits."""
    digits = _NOT_DIGITS.sub("", phone)
    return f"+{digits}" if digits and phone.strip().startswith("+") else digits


@dataclass(frozen=True)
class Naming:
    """What an import compares to tell two people of one email or phone apart: the name, the
    nickname, and the emails and phones (a name that is one of them is no name of its own)."""

    name: str
    nickname: str = ""
    emails: Sequence[str] = ()
    phones: Sequence[str] = ()

    def own_name(self) -> str:
        """The name, or "" when it only stands for one: blank, or one of the person's own
        emails or phones (what a contact file with no name is called by)."""
        name = self.name.strip()
        if not name or email_key(name) in {email_key(e) for e in self.emails}:
            return ""
        number = phone_key(name)
        if number in {phone_key(p) for p in self.phones} and not any(c.isalpha() for c in name):
            return ""
        return name


def name_words(text: str) -> frozenset[str]:
    """The words of a name, folded (case, accents and Unicode forms aside), punctuation off:
    "Ana-María O'Neil" -> {"ana", "maria", "o", "neil"}."""
    return frozenset(word for word in re.split(r"[\W_]+", fold(text)) if word)


def _within(words: frozenset[str], others: frozenset[str]) -> bool:
    """Every word is one of the others, or an initial of one ("J" of "John")."""
    return all(
        word in others or (len(word) == 1 and any(o.startswith(word) for o in others))
        for word in words
    )


def names_agree(one: Naming, other: Naming) -> bool:
    """Whether two records that share an email or a phone may be one person by their names.

    They may when either has no name of its own, when the names are the same (case, accents,
    Unicode forms and spaces aside), or when every word of one name is a word of the other's
    name or nickname, or an initial of one: "Daniel" and "Daniel Ireland", "Bob Smith" and
    "Robert Smith" called Bob, "J. Smith" and "John Smith". Names that merely share a word are
    two people ("Anna Smith" and "John Smith" on one household phone), and so are "Bob" and
    "Robert Smith" with no nickname: a shared address or switchboard does not make one person
    of two names, and `rj duplicates` lists such pairs for a person to decide.
    """
    mine, theirs = one.own_name(), other.own_name()
    if not mine or not theirs:
        return True
    if fold(mine).replace(" ", "") == fold(theirs).replace(" ", ""):
        return True
    words, other_words = name_words(mine), name_words(theirs)
    return _within(words, other_words | name_words(other.nickname)) or _within(
        other_words, words | name_words(one.nickname)
    )


_LIST_KEYS: dict[str, Callable[[str], str]] = {
    "emails": email_key,
    "phones": phone_key,
    "tags": lambda tag: tag.strip().casefold(),
}


def absorb(person: Person, incoming: NewPerson) -> tuple[dict[str, Any], list[Conflict]]:
    """What a record from a file adds to a person already in the journal: the changes to
    write (Person field names), and the values of the file left for the journal's.

    Empty fields are filled and refined dates taken (as a merge does); texts are filled but
    never joined; new emails, phones and tags are added; a name that differs beyond case and
    accents, and every other value both have differently, is a Conflict. The day added,
    the archive and the trash are the journal's: a file does not move them.
    """
    changes: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    if fold(incoming.name) != fold(person.name):
        conflicts.append(Conflict("name", person.name, incoming.name))
    for name in (*SINGLE_FIELDS, *TEXT_FIELDS):
        _single(name, getattr(person, name), getattr(incoming, name), changes, conflicts)
    for name, key in _LIST_KEYS.items():
        kept: tuple[str, ...] = getattr(person, name)
        known = {key(value) for value in kept}
        new = []
        for value in getattr(incoming, name):
            if value.strip() and key(value) not in known:
                known.add(key(value))
                new.append(value)
        if new:
            changes[name] = (*kept, *new)
    return changes, conflicts


@dataclass(frozen=True)
class FamilyChanges:
    """What a file adds to a person's kids, pets or occasions: records to add, records of the
    journal to rewrite (their ids kept), and values left as the journal had them."""

    added: tuple[Any, ...] = ()
    updated: tuple[Any, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


def absorb_family(
    kept: Sequence[_K], incoming: Sequence[NewKid] | Sequence[NewPet], what: str
) -> FamilyChanges:
    """Kids or pets from a file, each paired with one of the journal's of the same name (case
    and accents aside), the one it equals, else the one it conflicts with least, else the
    first: it fills that one's empty fields and refines its birthday, and a value both have
    differently is a Conflict named `what NAME field`. One left without a partner (a new name,
    or a second kid of a name the journal has once) is added."""
    free: dict[str, list[_K]] = {}
    for record in kept:
        free.setdefault(fold(record.name), []).append(record)
    added: list[NewKid | NewPet] = []
    updated: list[_K] = []
    conflicts: list[Conflict] = []
    waiting = []
    for item in incoming:  # those the journal has exactly first, so no other takes their place
        key = fold(item.name)
        same = next(
            (k for k in free.get(key, []) if _fill(k, item) == ({}, []) and _same(k, item)), None
        )
        if same is not None:
            free[key].remove(same)
        elif key:
            waiting.append(item)
    for item in waiting:
        candidates = free.get(fold(item.name), [])
        if not candidates:
            added.append(item)
            continue
        weighed = [(_fill(known, item), known) for known in candidates]
        (changes, found), known = min(
            weighed, key=lambda pair: (len(pair[0][1]), candidates.index(pair[1]))
        )
        candidates.remove(known)
        conflicts += [Conflict(f"{what} {known.name} {c.field}", c.kept, c.dropped) for c in found]
        if changes:
            updated.append(replace(known, **changes))
    return FamilyChanges(tuple(added), tuple(updated), tuple(conflicts))


def _same(known: Any, item: Any) -> bool:
    """A kid or pet of the journal and one of a file are the same in every field they share."""
    return all(
        getattr(known, name) == getattr(item, name)
        for name in ("species", "birthday", "notes", "passed_on")
        if hasattr(item, name) and hasattr(known, name)
    )


def _fill(known: Any, item: Any) -> tuple[dict[str, Any], list[Conflict]]:
    """What a kid or pet from a file adds to the journal's, and where they differ."""
    changes: dict[str, Any] = {}
    found: list[Conflict] = []
    for name in ("species", "birthday", "notes", "passed_on"):
        if hasattr(item, name) and hasattr(known, name):
            _single(name, getattr(known, name), getattr(item, name), changes, found)
    return changes, found


def absorb_occasions(kept: Sequence[Occasion], incoming: Sequence[NewOccasion]) -> FamilyChanges:
    """Occasions from a file, matched with the journal's by label (case and accents aside): a
    new label is added, a refined date taken, and another date for the same label is a
    Conflict."""
    by_label: dict[str, NewOccasion] = {fold(o.label): o for o in kept}
    added: list[NewOccasion] = []
    updated: list[Occasion] = []
    conflicts: list[Conflict] = []
    for occasion in incoming:
        key = fold(occasion.label)
        known = by_label.get(key)
        if known is None:
            by_label[key] = occasion
            added.append(occasion)
        elif known.date != occasion.date:
            precise = refined(known.date, occasion.date)
            if precise is None:
                conflicts.append(
                    Conflict(f"occasion {known.label}", _shown(known.date), _shown(occasion.date))
                )
            elif precise != known.date and isinstance(known, Occasion):
                updated.append(replace(known, date=precise))
    return FamilyChanges(tuple(added), tuple(updated), tuple(conflicts))
