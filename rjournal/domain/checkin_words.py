"""The check-in engine's words: reasons, talking points, and what each score term means.

Built in the engine's second pass (domain.checkin), for the returned suggestions only. Days
and ages are worded by domain.wording, as everywhere else.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from rjournal.domain.merge import parts_line
from rjournal.domain.model import Channel, CheckinFacts, Promise
from rjournal.domain.occasions import UpcomingDate
from rjournal.domain.rhythms import Rhythm
from rjournal.domain.wording import age_words, count_days, day_label, nearby_day, on_day


class Assessed(Protocol):
    """What the words need of the engine's first pass about one person."""

    facts: CheckinFacts
    rhythm: Rhythm | None
    source: str  # "own" | "tag" | "learned" | "none"
    days_since: int  # since last contact, or since added if never contacted
    rhythm_days: float  # the rhythm's average length in days (0.0 without a rhythm)
    soonest: date | None  # the nearest promise due within the look-ahead, not yet due
    occasion_on: date | None  # the nearest occasion within the look-ahead
    waiting_since: date | None  # their interaction that waits on your answer


_SINCE = {
    Channel.CALL: "a call",
    Channel.VIDEO: "a video call",
    Channel.MEETING: "a meeting",
    Channel.COFFEE: "coffee",
    Channel.MEAL: "a meal together",
    Channel.EMAIL: "an email",
    Channel.MESSAGE: "a message",
    Channel.LETTER: "a letter",
    Channel.GIFT: "a gift",
    Channel.SOCIAL: "social media",
    Channel.EVENT: "an event",
}
_LAST_ENTRY_WIDTH = 80


def _first_line(text: str, width: int = _LAST_ENTRY_WIDTH) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= width else line[: width - 1].rstrip() + "…"
    return ""


def _rhythm_words(a: Assessed, name: str) -> str:
    assert a.rhythm is not None
    label = a.rhythm.label()
    if a.source == "learned":
        return f"you are usually in touch with {name} {label}"
    if a.source == "tag":
        return f"your rhythm with {name} is {label} (tag default)"
    return f"your rhythm with {name} is {label}"


def overdue_reason(a: Assessed, name: str, today: date) -> str:
    """ "47 days since coffee; your rhythm with Ana is monthly"; someone never contacted is
    "Added on Tue 4 Apr 2023, never contacted; ...": a day, where "1328 days ago" was a sum."""
    facts = a.facts
    rhythm = _rhythm_words(a, name)
    if facts.last_contact is None:
        added = today - timedelta(days=a.days_since)
        return f"Added {on_day(added, today)}, never contacted; {rhythm}"
    channel = facts.last_channel
    if channel is not None and channel in _SINCE:
        return f"{count_days(a.days_since)} since {_SINCE[channel]}; {rhythm}"
    return f"{count_days(a.days_since)} since you were last in touch; {rhythm}"


def due_promise_reason(promise: Promise, today: date) -> str:
    """ "Promise due today: ...", "Promise overdue since Fri 20 Nov: ..."."""
    assert promise.due is not None
    if promise.due < today:
        return f"Promise overdue since {nearby_day(promise.due, today)}: {promise.text}"
    return f"Promise due today: {promise.text}"


def soon_promise_reason(promise: Promise, today: date) -> str:
    """ "Promise due tomorrow: ...", "Promise due Fri 28 Nov: ..."."""
    assert promise.due is not None
    return f"Promise due {nearby_day(promise.due, today)}: {promise.text}"


def occasion_reason(occasion: UpcomingDate, today: date) -> str:
    """ "Leo turns 7 on Fri 28 Nov", "Ana's birthday today"."""
    return f"{occasion.label} {on_day(occasion.on, today)}"


# What they did, by the channel of the interaction that waits on your answer.
_THEY_DID = {
    Channel.EMAIL: "wrote",
    Channel.MESSAGE: "wrote",
    Channel.LETTER: "wrote",
    Channel.SOCIAL: "wrote",
    Channel.CALL: "called",
    Channel.VIDEO: "called",
    Channel.GIFT: "sent a gift",
}


def unanswered_reason(since: date, channel: Channel | None, name: str, today: date) -> str:
    """ "Dana wrote on Fri 27 Nov; you haven't answered"."""
    did = _THEY_DID.get(channel, "reached out") if channel is not None else "reached out"
    return f"{name} {did} {on_day(since, today)}; you haven't answered"


def one_sided_reason(times: int) -> str:
    return f"You reached out the last {times} times"


def _rhythm_len(days: float) -> str:
    """ "7 days", or "30.4 days on average" for calendar months and years."""
    return count_days(int(days)) if days == int(days) else f"{days:.1f} days on average"


def term_detail(a: Assessed, term: str, value: float, today: date, span: int) -> str:
    """What a score term measured, in plain words (span: the look-ahead's days plus one)."""
    facts = a.facts
    if term == "promise":
        n = int(value)
        return f"{n} open promise{'s' if n != 1 else ''} due or overdue"
    if term == "promise_late":
        return f"oldest due promise is {count_days(int(value))} past its due date"
    if term == "overdue":
        assert a.rhythm is not None
        since = "last contact" if facts.last_contact is not None else "added, never contacted"
        detail = (
            f"{count_days(a.days_since)} since {since} / {a.rhythm.label()} rhythm "
            f"({_rhythm_len(a.rhythm_days)})"
        )
        raw = a.days_since / a.rhythm_days
        if value < raw:
            return detail + f", capped at {value:g}"
        if value > raw:
            return detail + ", due (counted as 1)"
        return detail
    if term == "occasion":
        assert a.occasion_on is not None
        ahead = (a.occasion_on - today).days
        return f"nearest occasion in {count_days(ahead)}: ({span} - {ahead}) / {span}"
    if term == "promise_soon":
        assert a.soonest is not None
        ahead = (a.soonest - today).days
        return f"nearest promise due in {count_days(ahead)}: ({span} - {ahead}) / {span}"
    if term == "occasion_today":
        return "an occasion falls today"
    if term == "unanswered":
        assert a.waiting_since is not None
        waited = (today - a.waiting_since).days
        shown = f"{count_days(waited)} since their last word, unanswered"
        if value > waited:
            return shown + ", counted as 1"
        if value < waited:
            return shown + f", capped at {value:g}"
        return shown
    if term == "one_sided":
        return f"you reached out the last {int(value)} times"
    return term


def talking_points(facts: CheckinFacts, today: date, in_reasons: set[int]) -> list[str]:
    """Something to talk about: the last entry, open promises not already among the reasons
    (in_reasons holds their id()), living kids and pets, the partner, likes and dislikes."""
    person = facts.person
    points: list[str] = []
    last = facts.last_entry
    if last is not None:
        when = day_label(last.on, today)
        if not last.is_interaction:
            head = f"Last note ({when})"
        elif last.channel is not None:
            head = f"Last time ({last.channel.value}, {when})"
        else:
            head = f"Last time ({when})"
        line = _first_line(last.text)
        points.append(f"{head}: {line}" if line else head)
    for promise in facts.open_promises:
        if promise.done_on is None and id(promise) not in in_reasons:
            by = f" (by {day_label(promise.due, today)})" if promise.due is not None else ""
            points.append(f"You promised: {promise.text}{by}")
    for kid in facts.kids:
        if kid.living:
            years = age_words(kid.birthday, today)
            points.append(f"Ask about {kid.name} ({years})" if years else f"Ask about {kid.name}")
    for pet in facts.pets:
        if pet.living:
            bits = ", ".join(b for b in (pet.species.strip(), age_words(pet.birthday, today)) if b)
            points.append(f"Ask about {pet.name} ({bits})" if bits else f"Ask about {pet.name}")
    if person.partner.strip():
        points.append(f"Say hello to {person.partner.strip()}")
    if person.likes.strip():
        points.append(f"Cares about: {parts_line(person.likes)}")
    if person.dislikes.strip():
        points.append(f"Avoid: {parts_line(person.dislikes)}")
    return points
