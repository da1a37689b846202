"""Everything `rj show` prints about one person, gathered in one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rjournal.domain.checkin import Suggestion, effective_rhythm, explain_person
from rjournal.domain.model import CheckinFacts, Entry, Person, Promise
from rjournal.domain.rhythms import Rhythm
from rjournal.store.facts import person_facts
from rjournal.store.journal import Journal


@dataclass(frozen=True)
class Profile:
    """Everything rj show prints about one person."""

    person: Person
    facts: CheckinFacts
    promises: tuple[Promise, ...]  # open first, then done
    entries: tuple[Entry, ...]  # newest first
    names: dict[int, str]  # everyone named in the entries
    rhythm: Rhythm | None  # the rhythm in force
    rhythm_source: str  # "own" | "tag" | "learned" | "none"
    checkin: Suggestion | None  # what the engine says today; None: nothing needed


def gather(journal: Journal, person: Person, today: date, *, entries: int) -> Profile:
    facts = person_facts(journal, person.id)
    promises = tuple(journal.promises(person.id))
    timeline = tuple(journal.timeline(person.id, limit=entries)) if entries else ()
    names = journal.names({p for e in timeline for p in e.people} | {person.id})
    rhythm, source = effective_rhythm(facts)
    return Profile(
        person=facts.person,
        facts=facts,
        promises=promises,
        entries=timeline,
        names=names,
        rhythm=rhythm,
        rhythm_source=source,
        checkin=explain_person(facts, today),
    )
