"""The neutral record every format reads into and writes from: one contact, as rjournal sees it.

A `Card` holds what rjournal keeps about a person (the fields of domain.model.Person that a
file can carry, with kids, pets and occasions), `kept`: the properties of the file that have
no field in rjournal, as vCard content lines, so that an export gives them back, and
`problems`: what could not be taken from this contact, each with where and why. Readers yield
a Card per contact they could make, and a Problem (a refusal) per contact they could not; for
an import, a Refused that keeps every reason and the contact's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel
from rjournal.domain.rhythms import Rhythm
from rjournal.domain.text import one_line


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a file holds that could not be taken: where (line, column), what, and why.

    `line` is the 1-based line of the file (0 when the whole file is meant); `column` is a CSV
    column or a vCard property name.
    """

    why: str
    line: int = 0
    column: str = ""
    value: str = ""

    def message(self) -> str:
        """One line, safe for a terminal: `line 7, BDAY "someday": not a date (...)`."""
        where = ", ".join(
            part for part in (f"line {self.line}" if self.line else "", self.column) if part
        )
        quoted = _quoted(self.value) if self.value else ""
        shown = f" {quoted}" if quoted and quoted not in self.why else ""
        head = f"{where}{shown}: " if where or shown else ""
        return one_line(f"{head}{self.why}")


def _quoted(value: str, width: int = 60) -> str:
    text = one_line(value)
    return f'"{text[: width - 1]}…"' if len(text) > width else f'"{text}"'


@dataclass(frozen=True, slots=True)
class Refused:
    """A contact (a card, a row) that could not be taken: where it starts, every reason, and
    its text as the file has it ("" when there is none to give)."""

    line: int
    problems: tuple[Problem, ...]
    raw: str = ""


@dataclass(frozen=True, slots=True)
class CardKid:
    name: str
    birthday: YearlyDate | None = None
    notes: str = ""
    passed: date | None = None


@dataclass(frozen=True, slots=True)
class CardPet:
    name: str
    species: str = ""
    birthday: YearlyDate | None = None  # birthday or adoption day
    notes: str = ""
    passed: date | None = None


@dataclass(frozen=True, slots=True)
class CardOccasion:
    label: str
    date: YearlyDate


@dataclass(frozen=True, slots=True)
class Card:
    """One contact. Text fields are "" when unknown; `line` (where it starts in its file) is
    not compared, so a card read back equals the card written."""

    name: str
    uid: str = ""
    nickname: str = ""
    company: str = ""
    role: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    city: str = ""
    birthday: YearlyDate | None = None
    partner: str = ""
    met: str = ""
    about: str = ""
    likes: str = ""
    dislikes: str = ""
    channel: Channel | None = None
    reach: str = ""
    rhythm: Rhythm | None = None  # the person's own rhythm; None: not set
    tags: tuple[str, ...] = ()
    kids: tuple[CardKid, ...] = ()
    pets: tuple[CardPet, ...] = ()
    occasions: tuple[CardOccasion, ...] = ()
    # Properties with no field in rjournal, as unfolded vCard 3.0/4.0 content lines.
    kept: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    line: int = field(default=0, compare=False)


# Groups that address books put everyone in: they say nothing about a person, so no tag.
_SYSTEM_GROUPS = {"mycontacts", "my contacts", ""}


def tag_of(label: str) -> str:
    """A group or category name as a tag: one word, lower-case, its words joined with '-'.

    rjournal's tags are single words (`--tag` refuses spaces, and its CSV splits a cell on
    spaces, commas and semicolons), so "Close Friends" becomes "close-friends". Google marks
    its own groups with "* " ("* starred" is "starred"); the group of everyone ("* myContacts",
    Android's "My Contacts") gives "" (no tag).
    """
    text = " ".join(label.split()).lstrip("*#").strip()
    if text.casefold() in _SYSTEM_GROUPS:
        return ""
    words = re.split(r"[\s,;]+", text.lower())
    return "-".join(word for word in words if word)


def unique(values: list[str]) -> tuple[str, ...]:
    """Values in their first order, blanks and repeats (case aside) dropped."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        text = value.strip()
        key = text.casefold()
        if text and key not in seen:
            seen.add(key)
            out.append(text)
    return tuple(out)


def fallback_name(*candidates: str) -> str:
    """The first candidate that is not blank, its spaces collapsed: "" when all are.

    Each reader passes its own order (a name, then what else may stand for one); a contact
    left with "" is refused, with its line.
    """
    for candidate in candidates:
        if candidate.strip():
            return " ".join(candidate.split())
    return ""
