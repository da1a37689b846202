"""Logging the touches mail and calendar files show (rjournal.ingest), each exactly once.

Mail: a touch (one person, thread and day) stands for its messages. A message counts once
per person: ``mail_seen`` remembers (person, Message-ID) and the interaction it went into,
and a message is also seen for whoever is in that interaction now (a merge moves it to the
person kept). So a touch none of whose messages were seen is logged as a new email
interaction; one some of whose messages were seen only has its new messages linked to the
interaction already logged (a reply read on a later run); one with nothing new is left
alone. A message whose interaction was deleted stays seen: it is never logged again.

Who reached out is the touch's first message; whether it waits on your answer is its last
one: an interaction they began and the day ended on your reply goes into ``mail_answered``,
which store.derived reads, so it waits on nothing. That mark follows the latest reading of
the thread's day; the interaction's own fields are never rewritten.

Calendars: an event occurrence is logged once, by UID and day (``calendar_seen``), as one
meeting with everyone in the journal who was there.

Every run is one transaction: all of it is logged, or (on any error) none of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from rjournal.ingest.touches import MailTouch, Meeting
from rjournal.store.derived import refresh_contact
from rjournal.store.journal import Journal

Fate = Literal["new", "linked", "seen"]


@dataclass(frozen=True)
class AddressBook:
    """Every email address of the people not in the trash, lower-cased, to their id."""

    people: dict[str, int]
    shared: list[tuple[str, list[int]]]  # addresses more than one person has (the first wins)
    names: dict[int, str]


def address_book(journal: Journal) -> AddressBook:
    """The address book the touch rules match against (a shared address goes to the person
    with the lowest id, and is listed)."""
    owners: dict[str, list[int]] = {}
    names: dict[int, str] = {}
    for pid, name, emails in journal.conn.execute(
        "SELECT id, name, emails FROM people WHERE deleted_at IS NULL AND emails <> '' ORDER BY id"
    ):
        names[int(pid)] = str(name)
        for email in str(emails).split("\n"):
            address = email.strip().lower()
            if address and pid not in owners.setdefault(address, []):
                owners[address].append(int(pid))
    people = {address: ids[0] for address, ids in owners.items()}
    shared = sorted((address, ids) for address, ids in owners.items() if len(ids) > 1)
    return AddressBook(people, shared, names)


@dataclass
class MailPlan:
    """What a run does with each touch: its fate and, when linked, the interaction."""

    fates: list[tuple[MailTouch, Fate, int | None, tuple[str, ...]]] = field(default_factory=list)

    def count(self, fate: Fate) -> int:
        return sum(1 for _, f, _, _ in self.fates if f == fate)


def _seen_messages(
    journal: Journal, message_ids: Iterable[str]
) -> tuple[dict[tuple[int, str], int | None], dict[str, list[tuple[int, set[int]]]]]:
    """(person, id) -> entry for the rows of these messages, and id -> [(entry, its people)]."""
    ids = json.dumps(sorted(set(message_ids)))
    direct: dict[tuple[int, str], int | None] = {}
    entries: dict[int, set[int]] = {}
    by_message: dict[str, list[int]] = {}
    for pid, message_id, entry_id in journal.conn.execute(
        "SELECT person_id, message_id, entry_id FROM mail_seen "
        "WHERE message_id IN (SELECT value FROM json_each(?))",
        (ids,),
    ):
        direct[(int(pid), str(message_id))] = entry_id
        if entry_id is not None:
            entries.setdefault(int(entry_id), set())
            by_message.setdefault(str(message_id), []).append(int(entry_id))
    if entries:
        for entry_id, pid in journal.conn.execute(
            "SELECT entry_id, person_id FROM entry_people "
            "WHERE entry_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(entries)),),
        ):
            entries[int(entry_id)].add(int(pid))
    linked = {
        message_id: [(entry_id, entries[entry_id]) for entry_id in sorted(set(found))]
        for message_id, found in by_message.items()
    }
    return direct, linked


def plan_mail(journal: Journal, touches: Sequence[MailTouch]) -> MailPlan:
    """The fate of each touch (the module docstring's rule), from what the journal has seen."""
    direct, linked = _seen_messages(journal, (m for t in touches for m in t.message_ids))
    result = MailPlan()
    for touch in touches:
        pid = touch.person_id
        entry: int | None = None
        seen: list[str] = []
        for message_id in touch.message_ids:
            hit = (pid, message_id) in direct
            where = direct.get((pid, message_id))
            for entry_id, people in linked.get(message_id, ()):
                if pid in people:
                    hit, where = True, where or entry_id
            if hit:
                seen.append(message_id)
                entry = entry if entry is not None else where
        new = tuple(m for m in touch.message_ids if m not in seen)
        if not new:
            result.fates.append((touch, "seen", entry, ()))
        elif seen:
            result.fates.append((touch, "linked", entry, new))
        else:
            result.fates.append((touch, "new", None, new))
    return result


def mail_text(touch: MailTouch) -> str:
    """An email interaction's text: how many messages, and the subject only when it was read."""
    n = len(touch.message_ids)
    what = "Email" if n == 1 else f"{n} emails"
    if touch.subject:
        return f"{what}: {touch.subject}"
    return f"{what}, logged from your mail"


def log_mail(journal: Journal, touches: Sequence[MailTouch], *, created_at: datetime) -> MailPlan:
    """Log the touches, in one transaction (see the module docstring); returns their fates."""
    stamp = created_at.isoformat(timespec="seconds")
    with journal.write() as conn:
        plan = plan_mail(journal, touches)
        touched: set[int] = set()
        for touch, fate, entry_id, new in plan.fates:
            if fate == "seen":
                continue
            if fate == "new":
                cursor = conn.execute(
                    "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
                    "VALUES ('interaction', ?, 'email', ?, ?, ?)",
                    (touch.day.isoformat(), int(touch.from_them), mail_text(touch), stamp),
                )
                entry_id = int(cursor.lastrowid or 0)
                conn.execute(
                    "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                    (entry_id, touch.person_id),
                )
            conn.executemany(
                "INSERT OR IGNORE INTO mail_seen (person_id, message_id, entry_id) "
                "VALUES (?, ?, ?)",
                [(touch.person_id, message_id, entry_id) for message_id in new],
            )
            if entry_id is not None:
                _mark_answered(journal, entry_id, touch)
            touched.add(touch.person_id)
        refresh_contact(conn, sorted(touched))
    return plan


def _mark_answered(journal: Journal, entry_id: int, touch: MailTouch) -> None:
    """An interaction from them that the day's last message answered waits on nothing."""
    row = journal.conn.execute("SELECT from_them FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if row is not None and row[0] and not touch.last_from_them:
        journal.conn.execute(
            "INSERT OR IGNORE INTO mail_answered (entry_id) VALUES (?)", (entry_id,)
        )
    else:
        journal.conn.execute("DELETE FROM mail_answered WHERE entry_id = ?", (entry_id,))


def new_meetings(journal: Journal, meetings: Sequence[Meeting]) -> list[Meeting]:
    """The meetings not logged yet (by UID and day)."""
    keys = json.dumps(sorted({m.uid for m in meetings}))
    seen = {
        (str(uid), str(day))
        for uid, day in journal.conn.execute(
            "SELECT uid, day FROM calendar_seen WHERE uid IN (SELECT value FROM json_each(?))",
            (keys,),
        )
    }
    return [m for m in meetings if (m.uid, m.day.isoformat()) not in seen]


def meeting_text(meeting: Meeting) -> str:
    return (
        f"Meeting: {meeting.summary}" if meeting.summary else "Meeting, logged from your calendar"
    )


def log_meetings(journal: Journal, meetings: Sequence[Meeting], *, created_at: datetime) -> int:
    """Log the meetings not logged yet, in one transaction; returns how many were logged."""
    stamp = created_at.isoformat(timespec="seconds")
    with journal.write() as conn:
        fresh = new_meetings(journal, meetings)
        touched: set[int] = set()
        for meeting in fresh:
            cursor = conn.execute(
                "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
                "VALUES ('interaction', ?, 'meeting', ?, ?, ?)",
                (meeting.day.isoformat(), int(meeting.from_them), meeting_text(meeting), stamp),
            )
            entry_id = int(cursor.lastrowid or 0)
            conn.executemany(
                "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                [(entry_id, pid) for pid in meeting.person_ids],
            )
            conn.execute(
                "INSERT INTO calendar_seen (uid, day, entry_id) VALUES (?, ?, ?)",
                (meeting.uid, meeting.day.isoformat(), entry_id),
            )
            touched.update(meeting.person_ids)
        refresh_contact(conn, sorted(touched))
    return len(fresh)
