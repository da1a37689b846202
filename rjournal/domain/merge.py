"""Merging two records of the same person: which field values the kept record ends up with.

The kept record (the target) wins every single-valued field it has; a field it lacks takes
the other record's value. Lists (emails, phones, tags) are united, in order, without repeats.
The free-text fields (met, about, likes, dislikes) keep both texts when they differ, as
parts: the source's parts that the target lacks are added after the target's, each part
apart from the next by a blank line (PART_BREAK), so nothing typed is dropped. The parts stay
parts wherever the text is shown (text_parts, parts_line): likes "climbing, sourdough" merged
with "jazz" read "climbing, sourdough; jazz", never "climbing, sourdough jazz". The earlier
of the two "added on" days is kept, so a never-contacted person's clock does not restart. A
single-valued field set differently on both sides keeps the target's value and is reported
as a Conflict; the merged-away record stays in the trash with its own values, so the dropped
value can still be read there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Person
from rjournal.domain.rhythms import Rhythm

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


def merge_people(target: Person, source: Person) -> tuple[Person, list[Conflict]]:
    """The target as it is after taking in the source, and the values it did not take."""
    changes: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for name in SINGLE_FIELDS:
        kept, other = getattr(target, name), getattr(source, name)
        if _empty(other) or kept == other:
            continue
        if _empty(kept):
            changes[name] = other
        else:
            conflicts.append(Conflict(name, _shown(kept), _shown(other)))
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
