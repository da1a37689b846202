"""The journal's plain data: people, what you know about them, entries and promises."""

from __future__ import annotations

from dataclasses import KW_ONLY, field
from datetime import date
from enum import StrEnum
from typing import Literal

from rjournal.domain.dates import YearlyDate
from rjournal.domain.rhythms import Rhythm
from rjournal.domain.value import Value, frozen


class Channel(StrEnum):
    CALL = "call"
    VIDEO = "video"
    MEETING = "meeting"
    COFFEE = "coffee"
    MEAL = "meal"
    EMAIL = "email"
    MESSAGE = "message"
    LETTER = "letter"
    GIFT = "gift"
    SOCIAL = "social"
    EVENT = "event"
    OTHER = "other"


# Words people type for a channel, besides the channel names themselves.
CHANNEL_ALIASES = {
    "phone": Channel.CALL,
    "zoom": Channel.VIDEO,
    "text": Channel.MESSAGE,
    "sms": Channel.MESSAGE,
    "chat": Channel.MESSAGE,
    "mail": Channel.EMAIL,
    "lunch": Channel.MEAL,
    "dinner": Channel.MEAL,
    "breakfast": Channel.MEAL,
}
CHANNEL_HELP = (
    "call, video, meeting, coffee, meal, email, message, letter, gift, social, event, other"
)


def parse_channel(text: str) -> Channel:
    """A channel as typed (its name or a common word for it); ValueError names the choices."""
    word = text.strip().lower()
    if word in CHANNEL_ALIASES:
        return CHANNEL_ALIASES[word]
    try:
        return Channel(word)
    except ValueError:
        from rjournal.domain.suggest import did_you_mean
        from rjournal.domain.text import quote_typed

        words = [*(c.value for c in Channel), *CHANNEL_ALIASES]
        hint = did_you_mean(word, words)
        raise ValueError(
            f"{quote_typed(text)} is not a channel{hint} (use {CHANNEL_HELP})"
        ) from None


EntryKind = Literal["interaction", "note"]

# Each record comes in two types. `NewKid` (and NewPet, NewOccasion, NewEntry, NewPerson) is one
# about to be written: its fields, no id. `Kid` is one read from the journal: the same fields
# and the id the journal gave it, a plain int. A Kid is a NewKid, so whatever reads only the
# fields (a row's values, a vCard) takes either; what names a row (an update, a removal) takes
# the record, and the type checker proves it has its id.


@frozen
class NewKid(Value):
    """A child of a person: a name, a birthday, and tact once they have passed."""

    name: str
    birthday: YearlyDate | None = None
    notes: str = ""
    passed_on: date | None = None

    @property
    def living(self) -> bool:
        return self.passed_on is None


@frozen
class Kid(NewKid):
    """A kid read from the journal."""

    _: KW_ONLY
    id: int


@frozen
class NewPet(Value):
    """A pet: its birthday or adoption day, and tact once it has passed."""

    name: str
    species: str = ""
    birthday: YearlyDate | None = None  # birthday or adoption day
    notes: str = ""
    passed_on: date | None = None

    @property
    def living(self) -> bool:
        return self.passed_on is None


@frozen
class Pet(NewPet):
    """A pet read from the journal."""

    _: KW_ONLY
    id: int


@frozen
class NewOccasion(Value):
    """A custom yearly date: an anniversary, a work anniversary, a founding day."""

    label: str
    date: YearlyDate


@frozen
class Occasion(NewOccasion):
    """An occasion read from the journal."""

    _: KW_ONLY
    id: int


@frozen
class Promise(Value):
    """Something you said you would do for someone, open until done, as read from the journal
    (a new one is written from its fields: Journal.add_promise)."""

    text: str
    created_on: date
    due: date | None = None
    done_on: date | None = None
    _: KW_ONLY
    id: int
    person_id: int

    @property
    def is_open(self) -> bool:
        return self.done_on is None


@frozen
class NewEntry(Value):
    """An interaction on a channel (resets the rhythm clock) or a plain note (does not)."""

    kind: EntryKind
    on: date
    text: str
    channel: Channel | None = None
    from_them: bool = False
    people: tuple[int, ...] = ()

    @property
    def is_interaction(self) -> bool:
        return self.kind == "interaction"


@frozen
class Entry(NewEntry):
    """An entry read from the journal."""

    _: KW_ONLY
    id: int


@frozen
class NewPerson(Value):
    """Someone you care about, with what you know about them."""

    name: str
    added_on: date
    nickname: str = ""
    company: str = ""
    role: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    city: str = ""
    birthday: YearlyDate | None = None
    partner: str = ""
    met: str = ""  # how and when you met
    about: str = ""
    likes: str = ""  # what they care about
    dislikes: str = ""
    channel: Channel | None = None  # preferred channel
    reach: str = ""  # how and when they like to be reached: "text, never before 10"
    tags: tuple[str, ...] = ()
    rhythm: Rhythm | None = None  # None: not set, so inherited from a tag or learned
    snoozed_until: date | None = None
    archived: bool = False

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.nickname})" if self.nickname else self.name

    @property
    def short_name(self) -> str:
        """What you call them: the nickname, else the name."""
        return self.nickname or self.name


@frozen
class Person(NewPerson):
    """A person read from the journal."""

    _: KW_ONLY
    id: int


@frozen
class CheckinFacts(Value):
    """Everything the check-in engine needs to know about one person, gathered by the store."""

    person: Person
    kids: tuple[Kid, ...] = ()
    pets: tuple[Pet, ...] = ()
    occasions: tuple[Occasion, ...] = ()
    open_promises: tuple[Promise, ...] = ()
    last_contact: date | None = None  # the last interaction (never a note)
    last_channel: Channel | None = None
    last_entry: Entry | None = None  # the last entry of any kind, for talking points
    tag_rhythm: Rhythm | None = None  # the shortest default rhythm among the person's tags
    learned_rhythm: Rhythm | None = None  # from domain.rhythms.learn_rhythm over their history
    # Who reached out in the latest interactions, newest first (True: they did).
    recent_from_them: tuple[bool, ...] = field(default=())
    # The latest interaction came from them and waits on your answer (its day: last_contact).
    awaiting_answer: bool = False
