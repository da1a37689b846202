"""From messages and events to the interactions to log: pure rules, no files, no journal.

Mail (``mail_touches``)
-----------------------
A message is a touch with a person when it is between you and them:

- **you wrote to them**: one of your addresses is in From, and theirs in To or Cc;
- **they wrote to you**: theirs is in From, and one of yours in To or Cc (a list's mail, or
  someone's reply to others that copies you only through the list, is not between you two).

Touches are grouped into **one email interaction per person per thread per day** (the day in
your zone), standing for every message in the group (its Message-IDs, for idempotency: the
caller logs a group none of whose ids it has seen, and adds new ids of a group it already
logged to that interaction). Who reached out is the day's first message of the group
(``from_them``); whether the day ended on their message (``last_from_them``) is kept beside
it, for the rule about messages left unanswered. A message read twice (the same Message-ID in
two folders) counts once. Messages before ``since`` are left out.

Addresses are matched case-insensitively. Correspondents who are not in the journal are
counted by the same rule (a message between you and them), so ``unknown`` lists the people
you really write with, most frequent first, with the name they most often use.

Calendars (``calendar_meetings``)
---------------------------------
An event that has ended is a meeting with every attendee (or organizer) who is in the journal
and did not decline. Who reached out: you, when you organised it or nobody is named as
organiser; them, when someone else did. One meeting per event and day (its UID and day are
its idempotency key).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from rjournal.ingest.calendar import CalendarEvent
from rjournal.ingest.mail import MailMessage, MailSkipped


@dataclass(frozen=True, slots=True)
class MailTouch:
    """One email interaction to log: a person, a day, a thread, and the messages it stands for."""

    person_id: int
    day: date
    thread: str
    from_them: bool  # the day's first message of this thread between you was theirs
    last_from_them: bool  # the day's last one was theirs: it waits on your answer
    message_ids: tuple[str, ...]  # sorted
    subject: str | None  # the first message's, when subjects were read


@dataclass(frozen=True, slots=True)
class Correspondent:
    """Someone you write with who is not in the journal."""

    address: str
    name: str  # the display name they use most often ("" if none)
    count: int  # messages between you


@dataclass(frozen=True, slots=True)
class MailTouches:
    """What a mail reading comes to."""

    touches: tuple[MailTouch, ...]  # by day, then person id, then thread
    unknown: tuple[Correspondent, ...]  # most frequent first
    messages: int  # distinct messages read (after `since`)
    duplicates: int  # messages read again under a Message-ID already seen
    before_since: int
    skipped: tuple[MailSkipped, ...]


def mail_touches(
    messages: Iterable[MailMessage | MailSkipped],
    my_addresses: Iterable[str],
    people: Mapping[str, int],
    *,
    since: date | None = None,
    unknown_limit: int = 20,
) -> MailTouches:
    """Group messages into touches (rules: the module docstring); `people` maps an email
    address to a person id."""
    mine = {a.strip().lower() for a in my_addresses}
    known = {address.strip().lower(): pid for address, pid in people.items()}
    groups: dict[tuple[date, int, str], list[tuple[datetime, str, bool, str | None]]] = {}
    unknown_counts: Counter[str] = Counter()
    unknown_names: dict[str, Counter[str]] = {}
    seen: set[str] = set()
    skipped: list[MailSkipped] = []
    read = duplicates = before_since = 0

    for message in messages:
        if isinstance(message, MailSkipped):
            skipped.append(message)
            continue
        if message.message_id in seen:
            duplicates += 1
            continue
        seen.add(message.message_id)
        if since is not None and message.day < since:
            before_since += 1
            continue
        read += 1
        senders = [a for a in message.sender if a.address not in mine]
        recipients = [a for a in (*message.to, *message.cc) if a.address not in mine]
        if len(senders) < len(message.sender):  # you wrote it
            others, from_them = recipients, False
        elif any(a.address in mine for a in (*message.to, *message.cc)):
            others, from_them = senders, True
        else:
            continue  # not between you and anyone
        people_here: set[int] = set()
        for other in others:
            pid = known.get(other.address)
            if pid is not None:
                people_here.add(pid)
            else:
                unknown_counts[other.address] += 1
                if other.name:
                    unknown_names.setdefault(other.address, Counter())[other.name] += 1
        for pid in people_here:
            row = (message.sent_at, message.message_id, from_them, message.subject)
            groups.setdefault((message.day, pid, message.thread), []).append(row)

    touches = []
    for (day, pid, thread), rows in sorted(groups.items()):
        rows.sort(key=lambda row: (row[0], row[1]))
        touches.append(
            MailTouch(
                person_id=pid,
                day=day,
                thread=thread,
                from_them=rows[0][2],
                last_from_them=rows[-1][2],
                message_ids=tuple(sorted({row[1] for row in rows})),
                subject=rows[0][3],
            )
        )
    top = sorted(unknown_counts.items(), key=lambda item: (-item[1], item[0]))[:unknown_limit]
    unknown = tuple(
        Correspondent(address, _usual_name(unknown_names.get(address)), count)
        for address, count in top
    )
    return MailTouches(tuple(touches), unknown, read, duplicates, before_since, tuple(skipped))


def _usual_name(names: Counter[str] | None) -> str:
    if not names:
        return ""
    return min(names.items(), key=lambda item: (-item[1], item[0]))[0]


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting to log: an event's day and the people in the journal who were there."""

    uid: str
    day: date
    summary: str
    person_ids: tuple[int, ...]  # sorted
    from_them: bool  # someone else organised it (an event of yours, or without one, is yours)


def calendar_meetings(
    events: Iterable[CalendarEvent], my_addresses: Iterable[str], people: Mapping[str, int]
) -> tuple[Meeting, ...]:
    """The meetings with people in the journal, one per event and day, by day then UID."""
    mine = {a.strip().lower() for a in my_addresses}
    known = {address.strip().lower(): pid for address, pid in people.items()}
    meetings: dict[tuple[date, str], Meeting] = {}
    for event in events:
        present = {known[a] for a in event.attendees if a in known and a not in mine}
        organizer = event.organizer
        if organizer is not None and organizer not in mine and organizer in known:
            present.add(known[organizer])
        if not present or (event.day, event.uid) in meetings:
            continue
        from_them = organizer is not None and organizer not in mine
        meetings[event.day, event.uid] = Meeting(
            event.uid, event.day, event.summary, tuple(sorted(present)), from_them
        )
    return tuple(meetings[key] for key in sorted(meetings))
