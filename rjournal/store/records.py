"""What the store's lists and searches return: light records, not whole people."""

from __future__ import annotations

from datetime import date

from rjournal.domain.rhythms import Rhythm
from rjournal.domain.value import Value, frozen


@frozen
class PersonRow(Value):
    """A person as lists show them: light, one query for any number of rows."""

    id: int
    name: str
    nickname: str
    company: str
    tags: tuple[str, ...]
    last_contact: date | None
    archived: bool


@frozen
class SearchHit(Value):
    """One search result: a person, or an entry of theirs."""

    person_id: int
    person_name: str
    kind: str  # "person", "interaction", "note" or "promise"
    snippet: str
    entry_id: int | None = None
    on: date | None = None  # the entry's day, the promise's due day


@frozen
class TagInfo(Value):
    """A tag, how many people have it, and its default rhythm."""

    tag: str
    people: int
    rhythm: Rhythm | None
