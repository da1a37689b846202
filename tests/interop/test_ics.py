"""Calendar out: parsed with icalendar and a year of it expanded with recurring-ical-events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.checkin import Suggestion
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, Promise
from rjournal.interop.card import Card, CardKid, CardOccasion, CardPet
from rjournal.interop.ics import (
    Todo,
    YearlyEvent,
    card_events,
    checkin_todo,
    first_day,
    item_uid,
    promise_todo,
    write_calendar,
)

STAMP = datetime(2026, 12, 6, tzinfo=UTC)


def expand(data: bytes, year: int) -> list[tuple[str, str, date]]:
    calendar = icalendar.Calendar.from_ical(data)
    # A to-do without a due day has no day (the library would put it at the epoch).
    undated = {str(t["UID"]) for t in calendar.walk("VTODO") if "DUE" not in t}
    items = recurring_ical_events.of(calendar, components=["VEVENT", "VTODO"])
    return sorted(
        (str(item["UID"]), str(item["SUMMARY"]), _day(item))
        for item in items.between(date(year, 1, 1), date(year + 1, 1, 1))
        if str(item["UID"]) not in undated
    )


def _day(item: icalendar.cal.Component) -> date:
    start = item.get("DTSTART") or item.get("DUE")
    value = start.dt
    return value.date() if isinstance(value, datetime) else value


def test_29_february_is_observed_on_28_february_in_common_years() -> None:
    data = write_calendar([YearlyEvent("leap", "Leap's birthday", YearlyDate(2, 29, 1996))],
                          stamp=STAMP)  # fmt: skip
    assert expand(data, 2027) == [("leap", "Leap's birthday", date(2027, 2, 28))]
    assert expand(data, 2028) == [("leap", "Leap's birthday", date(2028, 2, 29))]
    assert expand(data, 2100) == [("leap", "Leap's birthday", date(2100, 2, 28))]
    yearless = write_calendar([YearlyEvent("y", "Y", YearlyDate(2, 29))], stamp=STAMP)
    assert expand(yearless, 2027) == [("y", "Y", date(2027, 2, 28))]
    assert expand(yearless, 2028) == [("y", "Y", date(2028, 2, 29))]


def test_a_year_of_events_and_todos_with_the_callers_uids() -> None:
    events = [
        YearlyEvent("b-1", "Zoë's birthday", YearlyDate(4, 15, 1990)),
        YearlyEvent("o-1", "Zoë: founding day; with, commas", YearlyDate(12, 31)),
    ]
    todos = [
        Todo("p-1", "Send her the article", date(2027, 3, 1), "promised on 1 Feb"),
        Todo("c-1", "Check in with Tom", date(2027, 1, 10)),
        Todo("p-2", "No due date"),
    ]
    data = write_calendar(events, todos, stamp=STAMP)
    assert expand(data, 2027) == [
        ("b-1", "Zoë's birthday", date(2027, 4, 15)),
        ("c-1", "Check in with Tom", date(2027, 1, 10)),
        ("o-1", "Zoë: founding day; with, commas", date(2027, 12, 31)),
        ("p-1", "Send her the article", date(2027, 3, 1)),
    ]
    calendar = icalendar.Calendar.from_ical(data)
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params.get("VALUE") == "DATE"  # all-day
    assert event["TRANSP"] == "TRANSPARENT"
    assert {str(t["UID"]) for t in calendar.walk("VTODO")} == {"p-1", "c-1", "p-2"}
    assert all(t.decoded("DTSTAMP") == STAMP for t in calendar.walk("VTODO"))
    # The same input gives the same bytes: a subscribed calendar sees no change.
    assert write_calendar(events, todos, stamp=STAMP) == data


def test_a_cards_events_birthdays_of_living_kids_and_pets_and_occasions() -> None:
    card = Card(
        "Zoë",
        uid="zoe-1",
        birthday=YearlyDate(4, 15, 1990),
        kids=(CardKid("Leo", YearlyDate(9, 1, 2019)),
              CardKid("Mia", YearlyDate(3, 3, 2010), passed=date(2020, 1, 1))),
        pets=(CardPet("Rex", "dog", YearlyDate(11, 27, 2021)), CardPet("Tom", "cat")),
        occasions=(CardOccasion("anniversary", YearlyDate(6, 1, 2010)),),
    )  # fmt: skip
    events = list(card_events(card))
    assert [e.summary for e in events] == [
        "Zoë's birthday",
        "Leo's birthday (Zoë's kid)",
        "Rex's birthday (Zoë's dog)",
        "Zoë: anniversary",
    ]
    assert len({e.uid for e in events}) == 4
    assert [e.uid for e in card_events(card)] == [e.uid for e in events]  # stable


def test_the_first_day_of_a_year_less_series() -> None:
    assert first_day(YearlyDate(4, 15), 2026) == date(2026, 4, 15)
    assert first_day(YearlyDate(2, 29), 2026) == date(2024, 2, 29)
    assert first_day(YearlyDate(2, 29, 1996), 2026) == date(1996, 2, 29)


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=120)


def _as_calendar_keeps_it(value: str) -> str:
    """What a calendar gives back of a text: line breaks as LF, other controls as U+FFFD."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        "\ufffd" if (ord(ch) < 0x20 and ch not in "\t\n") or ch == "\x7f" else ch for ch in lines
    )


@given(summary=_TEXT, description=_TEXT)
def test_any_text_comes_back_from_icalendar_as_written(summary: str, description: str) -> None:
    event = YearlyEvent("u;1,\\", summary, YearlyDate(4, 15), description)
    todo = Todo("t-1", summary, date(2027, 1, 1), description)
    data = write_calendar([event], [todo], stamp=STAMP)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(data)
    (parsed,) = calendar.walk("VEVENT")
    assert str(parsed["UID"]) == "u;1,\\"
    assert str(parsed.get("SUMMARY", "")) == _as_calendar_keeps_it(summary)
    assert str(parsed.get("DESCRIPTION", "")) == _as_calendar_keeps_it(description)
    (task,) = calendar.walk("VTODO")
    assert str(task.get("SUMMARY", "")) == _as_calendar_keeps_it(summary)


def test_the_last_day_there_is_starts_a_series_without_an_end_day() -> None:
    data = write_calendar([YearlyEvent("end", "End", YearlyDate(12, 31, 9999))], stamp=STAMP)
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("DTSTART") == date(9999, 12, 31) and "DTEND" not in event


def test_promises_and_checkins_as_todos_with_stable_uids() -> None:
    promise = Promise("Send the article", date(2026, 11, 1), date(2026, 12, 1), id=7, person_id=3)
    todo = promise_todo(promise, "zoe-1", "Zoë")
    assert todo.summary == "Send the article (promised to Zoë)"
    assert todo.due == date(2026, 12, 1) and todo.description == "Promised on 2026-11-01"
    assert (
        todo.uid == promise_todo(promise, "zoe-1", "Zoë B").uid == item_uid("zoe-1", "promise", "7")
    )
    suggestion = Suggestion(
        person_id=3, name="Zoë", score=20.0, due=date(2026, 11, 20), terms=(),
        reasons=("2 weeks overdue",), talking_points=("Leo turns 7",), channel=Channel.CALL,
        rhythm=None, rhythm_source="none", last_contact=None, days_since=30,
    )  # fmt: skip
    checkin = checkin_todo(suggestion, "zoe-1")
    assert checkin.summary == "Check in with Zoë" and checkin.due == date(2026, 11, 20)
    assert checkin.description == "2 weeks overdue\nTalking points: Leo turns 7\nChannel: call"
    assert len({checkin.uid, todo.uid}) == 2


def test_two_kids_alike_give_one_event_and_kids_of_one_name_two() -> None:
    card = Card(
        "Ann", uid="ann-1",
        kids=(CardKid("Leo", YearlyDate(1, 2, 2019)), CardKid("Leo", YearlyDate(1, 2, 2019)),
              CardKid("Leo", YearlyDate(5, 5, 2021))),
    )  # fmt: skip
    events = list(card_events(card))
    assert [e.when for e in events] == [YearlyDate(1, 2, 2019), YearlyDate(5, 5, 2021)]
    assert len({e.uid for e in events}) == 2


@given(owner=st.text(max_size=40), what=st.lists(st.text(max_size=10), max_size=3))
def test_item_uids_are_the_uuid5_of_what_they_name(owner: str, what: list[str]) -> None:
    import uuid

    from rjournal.interop.ics import _UID_NAMESPACE

    expected = uuid.uuid5(_UID_NAMESPACE, "\x1f".join((owner, *what)))
    assert item_uid(owner, *what) == str(expected)
