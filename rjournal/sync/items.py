"""Promises, occasions and journal entries as the iCalendar items of the calendar vdir.

One item per file, written with the icalendar library and read back from what rjournal or a
phone app wrote:

- a promise is a VTODO: SUMMARY/DESCRIPTION (the text), DUE (a date), STATUS (NEEDS-ACTION
  or COMPLETED), COMPLETED (noon UTC of the day it was kept), PERCENT-COMPLETE:100 when
  done, X-RJOURNAL-CREATED-ON;
- a yearly occasion is a VEVENT: SUMMARY ("Anna Berg: founding day"), DTSTART (all-day),
  RRULE:FREQ=YEARLY (29 February: BYMONTH=2;BYMONTHDAY=-1, so 28 February in common
  years), TRANSP:TRANSPARENT, X-RJOURNAL-LABEL, X-RJOURNAL-NO-YEAR (then DTSTART is in 2000);
- a journal entry is a VJOURNAL: DTSTART (all-day), SUMMARY/DESCRIPTION (the text),
  X-RJOURNAL-CHANNEL, X-RJOURNAL-FROM-THEM.

Every item names its people as ATTENDEEs and carries X-RJOURNAL-KIND (promise, occasion,
interaction or note), which also marks an item rjournal has written.

People on an item, as Android's jtx Board does it (read in its source, TechbeeAT/jtxBoard
and the ical4android JtxICalObject that DAVx5 syncs it with): jtx lists a journal's people
as ATTENDEEs: one picked from the phone's contacts is `ATTENDEE;CN=<display name>:mailto:
<email>`, an email typed is `ATTENDEE:mailto:<email>`, a name typed is `ATTENDEE;CN=<name>:`
with an empty address (ui/detail/DetailsCardAttendees.kt, util/UiUtil.kt getLocalContacts);
CUTYPE=INDIVIDUAL and ROLE=REQ-PARTICIPANT are its defaults. It keeps parameters and
properties it does not know and writes them back (JtxICalObject: `other`, `unknown`), so
X-RJOURNAL-* survive an edit on the phone. CONTACT is one free text and CATEGORIES free
words; RELATED-TO links jtx items to each other (PARENT/CHILD/SIBLING), never to a contact.
So rjournal writes each person as `ATTENDEE;CN=<name>;CUTYPE=INDIVIDUAL;X-RJOURNAL-UID=<uid>:
<value>`, the value being `mailto:` and their first email, else `urn:uuid:` when the UID is
a UUID, else empty as jtx writes a name. An item a phone made (no X-RJOURNAL-KIND) may name
its people in other ways too: CONTACT, a CATEGORY that is a person's name, or a RELATED-TO
that is a person's UID; those come as `hints`.

A text is written as SUMMARY (its first line, at most 80 characters) and, when the text is
more than that, DESCRIPTION (the whole text). Read back: DESCRIPTION, with a SUMMARY the
phone changed put before it, so an edit of either is kept; SUMMARY alone otherwise.

Writing over an item already in the vdir (`previous`) changes only what rjournal owns and
keeps the rest: alarms, location, categories, a phone's own properties, attendees that are
not people of the journal.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from typing import Literal

from icalendar import (
    Calendar,
    Component,
    Event,
    Journal,
    Parameters,
    Todo,
    vCalAddress,
    vRecur,
)

from rjournal.domain.dates import YearlyDate, is_leap
from rjournal.domain.model import Channel, parse_channel
from rjournal.domain.text import fold

PRODID = "-//rjournal//sync//EN"
SUMMARY_WIDTH = 80
# A year for the start of a year-less occasion: a leap year, so 29 February can start it.
NO_YEAR = 2000


@dataclass(frozen=True)
class PersonRef:
    """Who an item names: by UID as rjournal writes it, by email or name as a phone does."""

    uid: str | None = None
    email: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class TodoItem:
    """A promise."""

    uid: str | None
    text: str
    due: date | None = None
    done: bool = False
    done_on: date | None = None  # may be None when done: a phone marked it without a date
    created_on: date | None = None
    people: tuple[PersonRef, ...] = ()
    hints: tuple[PersonRef, ...] = ()
    notes: tuple[str, ...] = ()  # what the reader could not take, for the sync's report


@dataclass(frozen=True)
class OccasionItem:
    """A yearly occasion of a person."""

    uid: str | None
    label: str
    date: YearlyDate
    people: tuple[PersonRef, ...] = ()
    hints: tuple[PersonRef, ...] = ()
    notes: tuple[str, ...] = ()


EntryKind = Literal["interaction", "note"]


@dataclass(frozen=True)
class JournalItem:
    """A journal entry: an interaction on a channel, or a note."""

    uid: str | None
    on: date | None  # None: the item has no date (jtx's notes have none)
    text: str
    kind: EntryKind = "note"
    channel: Channel | None = None
    from_them: bool = False
    people: tuple[PersonRef, ...] = ()
    hints: tuple[PersonRef, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unreadable:
    """An item that is not one rjournal can take: reported, and its file left alone."""

    reason: str
    uid: str | None = None


CalendarItem = TodoItem | OccasionItem | JournalItem


# --- text ---------------------------------------------------------------------------------


def summary_of(text: str) -> str:
    """The SUMMARY written for a text: its first non-blank line, cut to SUMMARY_WIDTH."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            if len(line) > SUMMARY_WIDTH:
                return line[: SUMMARY_WIDTH - 1].rstrip() + "…"
            return line
    return ""


def _normalise_newlines(text: str) -> str:
    # iCalendar text keeps only \n (a \r is lost), so a written text must not rely on one.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _put_text(component: Component, text: str) -> None:
    text = _normalise_newlines(text)
    summary = summary_of(text)
    if summary:
        component.add("summary", summary)
    if text != summary:
        component.add("description", text)


def _text_of(component: Component) -> str:
    return text_from(_first_text(component, "summary"), _first_text(component, "description"))


def text_from(summary: str, description: str) -> str:
    """An item's text from its SUMMARY and DESCRIPTION (see the module)."""
    if not description:
        return summary
    if not summary or summary == summary_of(description):
        return description
    return f"{summary}\n\n{description}"


def _first_text(component: Component, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return "" if value is None else str(value)


# --- people -------------------------------------------------------------------------------


def _bare_uuid(uid: str) -> str | None:
    text = uid[len("urn:uuid:") :] if uid.lower().startswith("urn:uuid:") else uid
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


class _QuotedParameters(Parameters):
    """Quoted where a value may end in a backslash, which icalendar reads as escaping the ':'."""

    # icalendar's own tuple has a fixed length in its type, hence the ignore.
    always_quoted = (*Parameters.always_quoted, "X-RJOURNAL-UID")  # type: ignore[assignment]
    quote_also = {**Parameters.quote_also, "CN": " '\\"}  # noqa: RUF012 (as icalendar declares it)


def _attendee(ref: PersonRef) -> vCalAddress:
    if ref.email:
        value = f"mailto:{ref.email}"
    elif ref.uid and (bare := _bare_uuid(ref.uid)):
        value = f"urn:uuid:{bare}"
    else:
        value = ""
    attendee = vCalAddress(value)
    attendee.params = _QuotedParameters()
    if ref.name and (name := _param_text(ref.name)):
        attendee.params["CN"] = name
    attendee.params["CUTYPE"] = "INDIVIDUAL"
    if ref.uid and (uid := _param_text(ref.uid)):
        attendee.params["X-RJOURNAL-UID"] = uid
    return attendee


# What icalendar's reader refuses in a parameter value (parser/parameter.py QUNSAFE_CHAR, less
# the '"' its writer escapes), and a tab, which it writes unquoted and reads back stripped:
# written, the item could not be read back as it was.
_PARAM_UNSAFE = re.compile("[\x00-\x1f\x7f]")


def _param_text(text: str) -> str:
    """A name or uid as a parameter value: line breaks as spaces, control characters left out."""
    spaced = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return _PARAM_UNSAFE.sub("", spaced)


def attendee_line(ref: PersonRef) -> str:
    """The ATTENDEE content line write_item gives this person, folded, without its CRLF."""
    from icalendar.parser import Contentline

    attendee = _attendee(ref)
    line = Contentline.from_parts("ATTENDEE", attendee.params, attendee, sorted=True)
    return bytes(line.to_ical()).decode("utf-8")


def _person_ref(prop: object) -> PersonRef:
    value = str(prop).strip()
    params = getattr(prop, "params", {})
    uid = str(params.get("X-RJOURNAL-UID") or "").strip() or None
    if uid is None and value.lower().startswith("urn:uuid:"):
        uid = value
    email = value[len("mailto:") :] if value.lower().startswith("mailto:") else None
    email = email or params.get("EMAIL") or None
    return PersonRef(uid=uid, email=email, name=params.get("CN") or None)


def _list_of(component: Component, name: str) -> list[object]:
    value = component.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _people_of(component: Component) -> tuple[PersonRef, ...]:
    return tuple(_person_ref(prop) for prop in _list_of(component, "attendee"))


def _hints_of(component: Component) -> tuple[PersonRef, ...]:
    """Other ways a phone's item may name people; rjournal's own items name them as attendees."""
    if component.get("x-rjournal-kind") is not None:
        return ()
    hints = [PersonRef(name=str(p)) for p in _list_of(component, "contact") if str(p).strip()]
    for prop in _list_of(component, "categories"):
        hints.extend(PersonRef(name=str(c)) for c in getattr(prop, "cats", ()) if str(c).strip())
    hints.extend(PersonRef(uid=str(p)) for p in _list_of(component, "related-to") if str(p))
    return tuple(hints)


def _has_uid(ref: PersonRef) -> bool:
    return ref.uid is not None


class PeopleDirectory:
    """The journal's people as items can name them: by UID, else email, else name.

    An email or a name that two people share tells no one apart, so it matches nobody.
    """

    def __init__(self, people: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        """people: (uid, name, emails) of each person."""
        self._uids: dict[str, str] = {}
        self._emails: dict[str, str | None] = {}
        self._names: dict[str, str | None] = {}
        for uid, name, emails in people:
            self._uids[_uid_key(uid)] = uid
            for email in emails:
                _add_unique(self._emails, email.strip().lower(), uid)
            _add_unique(self._names, fold(name), uid)

    def match(self, ref: PersonRef) -> str | None:
        """The UID of the person a reference names, or None."""
        if ref.uid and (uid := self._uids.get(_uid_key(ref.uid))):
            return uid
        if ref.email and (uid := self._emails.get(ref.email.strip().lower())):
            return uid
        if ref.name and (uid := self._names.get(fold(ref.name))):
            return uid
        return None

    def people_of(self, item: CalendarItem) -> tuple[list[str], list[PersonRef]]:
        """The UIDs of the people an item names, and its attendees that name no one."""
        found: list[str] = []
        unknown: list[PersonRef] = []
        for ref in item.people:
            uid = self.match(ref)
            if uid is None:
                unknown.append(ref)
            elif uid not in found:
                found.append(uid)
        for ref in item.hints:
            uid = self.match(ref)
            if uid is not None and uid not in found:
                found.append(uid)
        return found, unknown


def _uid_key(uid: str) -> str:
    bare = _bare_uuid(uid.strip())
    return bare if bare is not None else uid.strip()


def _add_unique(index: dict[str, str | None], key: str, uid: str) -> None:
    if key:
        index[key] = uid if index.get(key, uid) == uid else None


# --- dates --------------------------------------------------------------------------------


def _is_utc(moment: datetime) -> bool:
    zone = moment.tzinfo
    return zone is UTC or getattr(zone, "key", None) in ("UTC", "Etc/UTC")


def _day(value: object, zone: tzinfo) -> date:
    """The day of a DATE or DATE-TIME: a UTC time in the user's zone, any other as written."""
    if isinstance(value, datetime):
        if _is_utc(value):
            return value.astimezone(zone).date()
        return value.date()
    if isinstance(value, date):
        return value
    raise ValueError(f"{value!r} is not a date")


def _decoded_day(component: Component, name: str, zone: tzinfo) -> date | None:
    if component.get(name) is None:
        return None
    return _day(component.decoded(name), zone)


def _iso_day(component: Component, name: str) -> date | None:
    value = component.get(name)
    return None if value is None else date.fromisoformat(str(value).strip())


# --- writing ------------------------------------------------------------------------------

_COMMON = ("uid", "dtstamp", "last-modified", "summary", "description")
_OWNED = {
    "VTODO": (*_COMMON, "due", "completed"),  # STATUS and PERCENT-COMPLETE: _write_todo
    "VEVENT": (*_COMMON, "dtstart", "dtend", "duration", "rrule", "transp"),
    "VJOURNAL": (*_COMMON, "dtstart"),
}
_COMPONENT = {TodoItem: Todo, OccasionItem: Event, JournalItem: Journal}
_NAME = {TodoItem: "VTODO", OccasionItem: "VEVENT", JournalItem: "VJOURNAL"}


def write_item(
    item: CalendarItem,
    stamp: datetime,
    *,
    previous: str | None = None,
    owned: Callable[[PersonRef], bool] = _has_uid,
) -> str:
    """The item's iCalendar text. stamp: when it changed (DTSTAMP, LAST-MODIFIED).

    previous: the text in the vdir now, whose properties rjournal does not own are kept.
    owned: which of previous's attendees are the journal's people (replaced by item.people);
    the others stay.
    """
    if item.uid is None:
        raise ValueError("an item is written with a UID")
    if stamp.tzinfo is None:
        raise ValueError("stamp must be an aware datetime")
    calendar, component = _start(type(item), previous, owned)
    component.add("uid", item.uid)
    component.add("dtstamp", stamp.astimezone(UTC))
    component.add("last-modified", stamp.astimezone(UTC))
    if isinstance(item, TodoItem):
        _write_todo(component, item)
    elif isinstance(item, OccasionItem):
        _write_occasion(component, item)
    else:
        _write_journal(component, item)
    for ref in item.people:
        component.add("attendee", _attendee(ref))
    return bytes(calendar.to_ical()).decode("utf-8")


def _start(
    kind: type[CalendarItem], previous: str | None, owned: Callable[[PersonRef], bool]
) -> tuple[Calendar, Component]:
    """A calendar to write into: previous's, stripped of what rjournal owns, or a new one."""
    name = _NAME[kind]
    if previous is not None:
        try:
            calendar = Calendar.from_ical(previous)
            masters = [c for c in _items_in(calendar) if c.get("recurrence-id") is None]
        except Exception:  # icalendar raises many kinds of error on a damaged file
            masters = []
        if len(masters) == 1 and masters[0].name == name:
            component = masters[0]
            for prop in (*_OWNED[name], *(k for k in component if k.startswith("X-RJOURNAL-"))):
                component.pop(prop.upper(), None)
            others = [a for a in _list_of(component, "attendee") if not owned(_person_ref(a))]
            component.pop("ATTENDEE", None)
            for attendee in others:
                component.add("attendee", attendee)
            calendar.pop("PRODID", None)
            calendar.add("prodid", PRODID)
            return calendar, component
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    component = _COMPONENT[kind]()
    calendar.add_component(component)
    return calendar, component


def _write_todo(component: Component, item: TodoItem) -> None:
    component.add("x-rjournal-kind", "promise")
    _put_text(component, item.text)
    if item.due is not None:
        component.add("due", item.due)
    status = str(component.get("status", "")).upper()
    percent = component.get("percent-complete")
    if item.done:
        component.pop("STATUS", None)
        component.pop("PERCENT-COMPLETE", None)
        component.add("status", "COMPLETED")
        component.add("percent-complete", 100)
        if item.done_on is not None:
            # Noon UTC is the same day in every zone from UTC-12 to UTC+11.
            component.add("completed", datetime.combine(item.done_on, time(12), UTC))
    else:
        # An open task a phone marked as started keeps its state and progress.
        if status not in ("NEEDS-ACTION", "IN-PROCESS"):
            component.pop("STATUS", None)
            component.add("status", "NEEDS-ACTION")
        if percent is not None and int(percent) >= 100:
            component.pop("PERCENT-COMPLETE", None)
    if item.created_on is not None:
        component.add("x-rjournal-created-on", item.created_on.isoformat())


def occasion_summary(label: str, name: str | None) -> str:
    """What a calendar shows for an occasion: whose it is, then the label."""
    return f"{name}: {label}" if name else label


def _write_occasion(component: Component, item: OccasionItem) -> None:
    component.add("x-rjournal-kind", "occasion")
    name = item.people[0].name if item.people else None
    component.add("summary", occasion_summary(_normalise_newlines(item.label), name))
    component.add("x-rjournal-label", _normalise_newlines(item.label))
    yearly = item.date
    component.add("dtstart", date(yearly.year or NO_YEAR, yearly.month, yearly.day))
    if yearly.year is None:
        component.add("x-rjournal-no-year", "TRUE")
    if (yearly.month, yearly.day) == (2, 29):
        component.add("rrule", vRecur(freq="YEARLY", bymonth=2, bymonthday=-1))
    else:
        component.add("rrule", vRecur(freq="YEARLY"))
    component.add("transp", "TRANSPARENT")


def _write_journal(component: Component, item: JournalItem) -> None:
    component.add("x-rjournal-kind", item.kind)
    if item.on is not None:
        component.add("dtstart", item.on)
    _put_text(component, item.text)
    if item.channel is not None:
        component.add("x-rjournal-channel", item.channel.value)
    if item.from_them:
        component.add("x-rjournal-from-them", "TRUE")


# --- reading ------------------------------------------------------------------------------


def _items_in(calendar: Component) -> list[Component]:
    return [c for c in calendar.subcomponents if c.name in ("VTODO", "VEVENT", "VJOURNAL")]


def read_item(text: str, zone: tzinfo = UTC) -> CalendarItem | Unreadable:
    """The item in a calendar file, or why it can't be one. zone: the user's time zone."""
    uid: str | None = None
    try:
        calendar = Calendar.from_ical(text)
        masters = [c for c in _items_in(calendar) if c.get("recurrence-id") is None]
        if not masters:
            return Unreadable("holds no to-do, event or journal entry")
        if len(masters) > 1:
            return Unreadable(f"holds {len(masters)} items, where a vdir file holds one")
        component = masters[0]
        uid = str(component["uid"]).strip() if component.get("uid") is not None else None
        if component.name == "VTODO":
            return _read_todo(component, uid, zone)
        if component.name == "VEVENT":
            return _read_occasion(component, uid)
        return _read_journal(component, uid, zone)
    except Exception as error:  # icalendar raises many kinds of error on malformed input
        return Unreadable(f"can't be read as iCalendar: {error}", uid)


def _read_todo(component: Component, uid: str | None, zone: tzinfo) -> TodoItem:
    notes: list[str] = []
    status = str(component.get("status", "")).upper()
    percent = component.get("percent-complete")
    done = (
        status in ("COMPLETED", "CANCELLED")
        or component.get("completed") is not None
        or (percent is not None and int(percent) >= 100)
    )
    if status == "CANCELLED":
        notes.append("cancelled there: taken as done")
    return TodoItem(
        uid=uid,
        text=_text_of(component),
        due=_decoded_day(component, "due", zone),
        done=done,
        done_on=_decoded_day(component, "completed", zone) if done else None,
        created_on=_iso_day(component, "x-rjournal-created-on")
        or _decoded_day(component, "created", zone),
        people=_people_of(component),
        hints=_hints_of(component),
        notes=tuple(notes),
    )


def _read_occasion(component: Component, uid: str | None) -> OccasionItem | Unreadable:
    notes: list[str] = []
    if component.get("dtstart") is None:
        return Unreadable("an event without a start date", uid)
    rule = component.get("rrule")
    if isinstance(rule, list):
        return Unreadable("an event with more than one rule of repetition", uid)
    if rule is None or [str(f) for f in rule.get("FREQ", [])] != ["YEARLY"]:
        return Unreadable("an event that does not repeat every year is not an occasion", uid)
    start = _day(component.decoded("dtstart"), UTC)
    if isinstance(component.decoded("dtstart"), datetime):
        notes.append("an event at a time of day: taken as its day")
    month, day = start.month, start.day
    for part, values in rule.items():
        numbers = [int(v) for v in values] if part in ("INTERVAL", "BYMONTH", "BYMONTHDAY") else []
        if part in ("UNTIL", "COUNT"):
            notes.append("an occasion that ends: taken as every year")
        elif part == "BYMONTHDAY" and numbers == [-1] and month == 2:
            day = 29  # the last day of February: 29 February, kept on the 28th in common years
        elif not (
            part in ("FREQ", "WKST")
            or (part == "INTERVAL" and numbers == [1])
            or (part == "BYMONTH" and numbers == [month])
            or (part == "BYMONTHDAY" and numbers == [day])
        ):
            return Unreadable(f"a yearly event on a rule rjournal does not keep ({part})", uid)
    no_year = str(component.get("x-rjournal-no-year", "")).upper() == "TRUE"
    year: int | None = None if no_year else start.year
    if year is not None and (month, day) == (2, 29) and not is_leap(year):
        year = None
    people = _people_of(component)
    return OccasionItem(
        uid=uid,
        label=_occasion_label(component, people),
        date=YearlyDate(month, day, year),
        people=people,
        hints=_hints_of(component),
        notes=tuple(notes),
    )


def _occasion_label(component: Component, people: tuple[PersonRef, ...]) -> str:
    summary = _first_text(component, "summary")
    written = component.get("x-rjournal-label")
    names = [ref.name for ref in people if ref.name]
    if written is not None:
        label = str(written)
        if summary in {label, *(occasion_summary(label, n) for n in names)}:
            return label
    summary = summary.strip()
    for name in names:
        if summary.startswith(f"{name}: "):
            return summary[len(name) + 2 :]
    return summary or ("" if written is None else str(written))


def _read_journal(component: Component, uid: str | None, zone: tzinfo) -> JournalItem:
    notes: list[str] = []
    kind_text = str(component.get("x-rjournal-kind", "note")).strip().lower()
    kind: EntryKind = "interaction" if kind_text == "interaction" else "note"
    if kind_text not in ("interaction", "note"):
        notes.append(f"kind {kind_text!r} is not one rjournal keeps: taken as a note")
    channel: Channel | None = None
    if (written := component.get("x-rjournal-channel")) is not None:
        try:
            channel = parse_channel(str(written))
        except ValueError as error:
            notes.append(str(error))
    on = _decoded_day(component, "dtstart", zone) or _decoded_day(component, "created", zone)
    return JournalItem(
        uid=uid,
        on=on,
        text=_text_of(component),
        kind=kind,
        channel=channel,
        from_them=str(component.get("x-rjournal-from-them", "")).upper() == "TRUE",
        people=_people_of(component),
        hints=_hints_of(component),
        notes=tuple(notes),
    )
