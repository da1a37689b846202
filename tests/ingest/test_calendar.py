"""Reading .ics files and vdirs: events that have ended, recurring ones expanded."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rjournal.ingest.calendar import (
    CalendarEvent,
    CalendarSkipped,
    path_problems,
    read_calendars,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN)  # a Friday evening


def ics(*events: str, extra: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pimutils//khal//EN\r\n"
        f"{extra}{body}END:VCALENDAR\r\n"
    ).replace("\n    ", "\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("\r\n", "\n").replace("\n", "\r\n"), encoding="utf-8")
    return path


def events(*paths: Path, until: datetime = NOW, since: date | None = None) -> list[CalendarEvent]:
    found = list(read_calendars(paths, until, BERLIN, since=since))
    assert all(isinstance(e, CalendarEvent) for e in found), found
    return sorted((e for e in found if isinstance(e, CalendarEvent)), key=lambda e: (e.day, e.uid))


COFFEE = """
UID:coffee-1
SUMMARY:Coffee with  Dana
DTSTART;TZID=Europe/Berlin:20261126T100000
DTEND;TZID=Europe/Berlin:20261126T110000
ORGANIZER;CN=Dana:mailto:Dana@Example.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.org
ATTENDEE;PARTSTAT=DECLINED:mailto:eli@example.net
ATTENDEE;CUTYPE=ROOM:mailto:room-4@example.com
ATTENDEE:MAILTO:fay@example.net
"""


def test_an_event_that_has_ended(tmp_path: Path) -> None:
    path = write(tmp_path / "cal.ics", ics(COFFEE))
    assert events(path) == [
        CalendarEvent(
            uid="coffee-1",
            day=date(2026, 11, 26),
            summary="Coffee with Dana",
            attendees=("me@example.org", "fay@example.net"),  # declined and rooms left out
            organizer="dana@example.com",
        )
    ]
    assert events(path, until=datetime(2026, 11, 26, 10, 30, tzinfo=BERLIN)) == []


def test_all_day_events_end_when_their_last_day_does(tmp_path: Path) -> None:
    path = write(
        tmp_path / "cal.ics",
        ics(
            "UID:day\nSUMMARY:Offsite\nDTSTART;VALUE=DATE:20261127\nDTEND;VALUE=DATE:20261128\n"
            "ATTENDEE:mailto:dana@example.com",
            "UID:nodtend\nSUMMARY:Party\nDTSTART;VALUE=DATE:20261126",
        ),
    )
    assert [(e.uid, e.day) for e in events(path)] == [("nodtend", date(2026, 11, 26))]
    midnight = datetime(2026, 11, 28, 0, 0, tzinfo=BERLIN)
    assert [e.uid for e in events(path, until=midnight)] == ["nodtend", "day"]


def test_recurring_events_are_expanded_with_their_exceptions(tmp_path: Path) -> None:
    weekly = """
UID:weekly-1on1
SUMMARY:1:1 with Dana
DTSTART;TZID=Europe/Berlin:20261102T090000
DTEND;TZID=Europe/Berlin:20261102T093000
RRULE:FREQ=WEEKLY;BYDAY=MO
EXDATE;TZID=Europe/Berlin:20261109T090000
ATTENDEE:mailto:dana@example.com
"""
    moved = """
UID:weekly-1on1
RECURRENCE-ID;TZID=Europe/Berlin:20261116T090000
SUMMARY:1:1 with Dana (moved)
DTSTART;TZID=Europe/Berlin:20261117T140000
DTEND;TZID=Europe/Berlin:20261117T143000
ATTENDEE:mailto:dana@example.com
"""
    cancelled = """
UID:weekly-1on1
RECURRENCE-ID;TZID=Europe/Berlin:20261123T090000
STATUS:CANCELLED
SUMMARY:1:1 with Dana
DTSTART;TZID=Europe/Berlin:20261123T090000
DTEND;TZID=Europe/Berlin:20261123T093000
"""
    path = write(tmp_path / "cal.ics", ics(weekly, moved, cancelled))
    assert [(e.day, e.summary) for e in events(path)] == [
        (date(2026, 11, 2), "1:1 with Dana"),
        (date(2026, 11, 17), "1:1 with Dana (moved)"),
    ]
    assert [e.day for e in events(path, since=date(2026, 11, 10))] == [date(2026, 11, 17)]


def test_the_day_is_the_users_day_and_floating_times_are_theirs(tmp_path: Path) -> None:
    late_call = """
UID:la
SUMMARY:Call
DTSTART;TZID=America/Los_Angeles:20261125T233000
DTEND;TZID=America/Los_Angeles:20261125T235000
"""
    floating = "UID:float\nSUMMARY:Lunch\nDTSTART:20261127T120000\nDTEND:20261127T130000"
    tomorrow_utc = "UID:utc\nSUMMARY:Late\nDTSTART:20261127T170000Z\nDTEND:20261127T173000Z"
    path = write(tmp_path / "cal.ics", ics(late_call, floating, tomorrow_utc))
    found = {e.uid: e.day for e in events(path)}
    assert found == {"la": date(2026, 11, 26), "float": date(2026, 11, 27)}  # 18:30 not ended


def test_reads_a_vdir_and_skips_a_broken_file_with_the_reason(tmp_path: Path) -> None:
    vdir = tmp_path / "calendars"
    write(vdir / "work" / "a.ics", ics(COFFEE))
    write(vdir / "home" / "b.ics", ics("UID:b\nSUMMARY:B\nDTSTART;VALUE=DATE:20261101"))
    write(vdir / "home" / "broken.ics", "BEGIN:VCALENDAR\nthis is not\n")
    (vdir / "home" / "notes.txt").write_text("not a calendar")
    found = list(read_calendars([vdir], NOW, BERLIN))
    assert sorted(e.uid for e in found if isinstance(e, CalendarEvent)) == ["b", "coffee-1"]
    (skipped,) = [s for s in found if isinstance(s, CalendarSkipped)]
    assert skipped.source == str(vdir / "home" / "broken.ics")
    assert skipped.reason.startswith("not an iCalendar file")


def test_an_event_without_uid_gets_a_stable_stand_in(tmp_path: Path) -> None:
    text = ics("SUMMARY:Lunch\nDTSTART:20261120T120000Z\nDTEND:20261120T130000Z")
    first = events(write(tmp_path / "a.ics", text))
    again = events(write(tmp_path / "b.ics", text))
    assert first[0].uid == again[0].uid
    assert first[0].uid.startswith("sha256-")


def test_duration_and_more_than_one_calendar_in_a_file(tmp_path: Path) -> None:
    one = ics("UID:d\nSUMMARY:D\nDTSTART:20261120T120000Z\nDURATION:PT1H")
    two = ics("UID:e\nSUMMARY:E\nDTSTART:20261121T120000Z\nDTEND:20261121T130000Z")
    path = write(tmp_path / "two.ics", one + two)
    assert [e.uid for e in events(path)] == ["d", "e"]


def test_path_problems(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    good = write(tmp_path / "c.ics", ics(COFFEE))
    assert path_problems([good, tmp_path / "missing.ics", tmp_path / "empty"]) == [
        f"{tmp_path / 'missing.ics'}: no such file or folder",
        f"{tmp_path / 'empty'}: no .ics file there",
    ]
