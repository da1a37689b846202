"""Reading calendars for touches: .ics files and vdirs (khal's folders of .ics files).

``read_calendars(paths, until, zone)`` yields a ``CalendarEvent`` for each occurrence of an
event that has ended by ``until``: its UID, its day in the user's zone, its summary, the
addresses of the attendees who did not decline, and the organizer's. Recurring events are
expanded by recurring-ical-events (RRULE, RDATE, EXDATE, and moved or cancelled occurrences),
each occurrence on its own day; ``(uid, day)`` is the idempotency key. What cannot be used is a
``CalendarSkipped`` with the reason.

Details that matter:

- an event with a time ends at DTEND (or DTSTART + DURATION, or at DTSTART); an all-day event at
  the end of its last day; a time without a zone is the user's own (floating);
- cancelled events (STATUS:CANCELLED) are left out, and so are attendees who declined
  (PARTSTAT=DECLINED) and rooms and resources (CUTYPE=ROOM, RESOURCE);
- an event without a UID gets a stable stand-in (a hash of its start and summary);
- a file that is not iCalendar, or a series that cannot be expanded, is skipped, never
  raised; the other files and series still come through.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

EARLIEST = date(1970, 1, 1)  # where expansion starts without `since`
_SKIPPED_TYPES = ("ROOM", "RESOURCE")


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One occurrence of an event that has ended."""

    uid: str
    day: date  # the day it started, in the user's zone
    summary: str
    attendees: tuple[str, ...]  # lower-cased addresses of those who did not decline
    organizer: str | None  # lower-cased address


@dataclass(frozen=True, slots=True)
class CalendarSkipped:
    """A file or series that could not be used, and why."""

    source: str
    reason: str


def read_calendars(
    paths: Iterable[Path], until: datetime, zone: tzinfo, *, since: date | None = None
) -> Iterator[CalendarEvent | CalendarSkipped]:
    """The occurrences, ended by `until` (aware) and starting on `since` or later, of every
    event in the .ics files at or under `paths`."""
    for path in paths:
        for file in _ics_files(path):
            yield from _read_file(file, until, zone, since or EARLIEST)


def path_problems(paths: Iterable[Path]) -> list[str]:
    """One line per path that holds no calendar (missing, or no .ics file there)."""
    problems = []
    for path in paths:
        if not path.exists():
            problems.append(f"{path}: no such file or folder")
        elif path.is_dir() and next(_ics_files(path), None) is None:
            problems.append(f"{path}: no .ics file there")
    return problems


def _ics_files(path: Path) -> Iterator[Path]:
    if not path.is_dir():
        yield path
        return
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(".ics"):
                yield Path(root) / name


def _read_file(
    path: Path, until: datetime, zone: tzinfo, since: date
) -> Iterator[CalendarEvent | CalendarSkipped]:
    import icalendar
    import recurring_ical_events

    try:
        calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
    except OSError as error:
        yield CalendarSkipped(str(path), f"can't read the file: {error.strerror}")
        return
    except Exception as error:  # icalendar's parser raises several kinds on a broken file
        yield CalendarSkipped(str(path), f"not an iCalendar file: {_one_line(error)}")
        return
    stop = until.astimezone(zone).date() + timedelta(days=1)
    for calendar in calendars:
        try:
            occurrences = list(
                recurring_ical_events.of(calendar, skip_bad_series=True).between(since, stop)
            )
        except Exception as error:  # a broken series the library did not skip on its own
            yield CalendarSkipped(str(path), f"can't expand its events: {_one_line(error)}")
            continue
        for component in occurrences:
            event = _event(component, until, zone)
            if event is not None and event.day >= since:
                yield event


def _event(component: Any, until: datetime, zone: tzinfo) -> CalendarEvent | None:
    """The occurrence as a CalendarEvent, or None if it is cancelled or has not ended."""
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return None
    start = component.get("DTSTART")
    if start is None:
        return None
    begins = start.dt
    ends = _end(component, begins)
    if _moment(ends, zone) > until:
        return None
    day = begins if not isinstance(begins, datetime) else _aware(begins, zone).date()
    summary = " ".join(str(component.get("SUMMARY", "")).split())
    uid = str(component.get("UID", "")).strip() or _stand_in_uid(begins, summary)
    return CalendarEvent(
        uid=uid,
        day=day,
        summary=summary,
        attendees=_attendees(component.get("ATTENDEE")),
        organizer=_address(component.get("ORGANIZER")),
    )


def _end(component: Any, begins: date | datetime) -> date | datetime:
    end = component.get("DTEND")
    if end is not None:
        value: date | datetime = end.dt
        return value
    duration = component.get("DURATION")
    if duration is not None:
        length: timedelta = duration.dt
        return begins + length
    # RFC 5545: without DTEND or DURATION, a day-long event for a date, an instant for a time.
    return begins if isinstance(begins, datetime) else begins + timedelta(days=1)


def _moment(value: date | datetime, zone: tzinfo) -> datetime:
    """An end as an aware moment; a date is the start of that day (an all-day DTEND is
    already the day after the last one)."""
    if isinstance(value, datetime):
        return _aware(value, zone)
    return datetime.combine(value, time(0), zone)


def _aware(value: datetime, zone: tzinfo) -> datetime:
    """Floating times are the user's own; aware ones are converted to the user's zone."""
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def _attendees(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    entries = value if isinstance(value, list) else [value]
    addresses: list[str] = []
    for entry in entries:
        params = getattr(entry, "params", {})
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        if str(params.get("CUTYPE", "")).upper() in _SKIPPED_TYPES:
            continue
        address = _address(entry)
        if address is not None and address not in addresses:
            addresses.append(address)
    return tuple(addresses)


def _address(value: Any) -> str | None:
    """A calendar user address (mailto:dana@example.com) as a lower-cased email address."""
    if value is None:
        return None
    text = str(value).strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    text = text.strip().lower()
    local, at, domain = text.partition("@")
    return text if local and at and domain and " " not in text else None


def _stand_in_uid(begins: date | datetime, summary: str) -> str:
    digest = hashlib.sha256(f"{begins.isoformat()}\x00{summary}".encode()).hexdigest()
    return f"sha256-{digest[:40]}@rjournal.invalid"


def _one_line(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:120]
