"""Calendar out: parsed with icalendar and a year of it expanded with recurring-ical-events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar
import recurring_ical_events

from rjournal.domain.dates import YearlyDate
from rjournal.interop.card import Card, CardKid, CardOccasion, CardPet
from rjournal.interop.ics import Todo, YearlyEvent, card_events, first_day, write_calendar

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
