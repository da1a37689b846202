"""A person with everything that travels with them to an address book and back."""

from __future__ import annotations

from rjournal.domain.model import NewKid, NewOccasion, NewPerson, NewPet
from rjournal.domain.value import Value, frozen


@frozen
class Contact(Value):
    """A person (with their tags), their kids, pets and occasions, their stable `uid`, and
    `kept`: the properties of their contact file that have no field in rjournal, as vCard
    content lines, so that an export gives them back.

    What an export or a sync writes out of the journal, and what an import or a sync applies
    to it. `uid` is "" only for someone not yet in the journal whose file gave none: the
    journal gives them one when they are added.
    """

    person: NewPerson
    uid: str = ""
    kids: tuple[NewKid, ...] = ()
    pets: tuple[NewPet, ...] = ()
    occasions: tuple[NewOccasion, ...] = ()
    kept: tuple[str, ...] = ()
