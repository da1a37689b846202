"""Calendar items: what rjournal writes reads back whole, and what phone apps write is read."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Component, vCalAddress, vRecur

from rjournal.domain.dates import YearlyDate, month_days
from rjournal.domain.model import Channel
from rjournal.sync.items import (
    CalendarItem,
    JournalItem,
    OccasionItem,
    PeopleDirectory,
    PersonRef,
    TodoItem,
    Unreadable,
    read_item,
    summary_of,
    write_item,
)

STAMP = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")

# Text as users type it, hostile included: markup, separators, quotes, accents, emoji, tabs.
HOSTILE = ["[/foo]", "[b]x[/b]", 'a "quote"', "a, b; c: d", "back\\slash", "Zoë", "🎂", "\t"]
texts = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs", "Cc")),
        st.sampled_from(["\n", "\t", ",", ";", ":", "\\", '"', "^"]),
    ),
    max_size=120,
) | st.sampled_from(HOSTILE)
names = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(str.strip)
# UIDs are identifiers: read with surrounding spaces taken off, so none are generated.
uids = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40
).map(str.strip).filter(bool) | st.uuids().map(str)
people = st.lists(
    st.builds(PersonRef, uid=uids, email=st.none() | st.emails(), name=st.none() | names),
    max_size=3,
).map(tuple)
days = st.dates(date(1900, 1, 1), date(2100, 12, 31))


@st.composite
def yearly_dates(draw: st.DrawFn) -> YearlyDate:
    year = draw(st.none() | st.integers(1900, 2100))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, month_days(year if year is not None else 2000, month)))
    return YearlyDate(month, day, year)


@st.composite
def todos(draw: st.DrawFn) -> TodoItem:
    done = draw(st.booleans())
    return TodoItem(
        uid=draw(uids),
        text=draw(texts),
        due=draw(st.none() | days),
        done=done,
        done_on=draw(st.none() | days) if done else None,
        created_on=draw(st.none() | days),
        people=draw(people),
    )


occasions = st.builds(
    OccasionItem,
    uid=uids,
    label=texts.filter(lambda t: t.strip() == t and "\n" not in t),
    date=yearly_dates(),
    people=people,
)
journals = st.builds(
    JournalItem,
    uid=uids,
    on=st.none() | days,
    text=texts,
    kind=st.sampled_from(["interaction", "note"]),
    channel=st.none() | st.sampled_from(list(Channel)),
    from_them=st.booleans(),
    people=people,
)


def attendees_of(component: Component) -> list[vCalAddress]:
    """A component's ATTENDEEs: icalendar gives one alone and several as a list."""
    found = component.get("attendee", [])
    return found if isinstance(found, list) else [found]


def calendar(component: str) -> str:
    """A calendar file around one component written by hand, as another app would."""
    body = "\r\n".join(line.strip() for line in component.strip().splitlines())
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}\r\nEND:VCALENDAR\r\n"


# --- what rjournal writes ------------------------------------------------------------------


@given(st.one_of(todos(), occasions, journals))
def test_every_item_reads_back_as_written(item: CalendarItem) -> None:
    text = write_item(item, STAMP)
    Calendar.from_ical(text)  # the library reads it too
    assert read_item(text) == item
    assert read_item(text, BERLIN) == item  # the user's zone changes no day rjournal wrote


@given(st.one_of(todos(), occasions, journals))
def test_writing_is_stable_so_an_unchanged_item_writes_the_same_bytes(item: CalendarItem) -> None:
    assert write_item(item, STAMP) == write_item(item, STAMP)
    assert write_item(item, STAMP, previous=write_item(item, STAMP)) == write_item(item, STAMP)


def test_a_long_text_is_summarised_and_kept_whole() -> None:
    text = "First line that is long " * 5 + "\nsecond line"
    item = JournalItem(uid="e1", on=date(2026, 11, 20), text=text)
    written = Calendar.from_ical(write_item(item, STAMP)).walk("VJOURNAL")[0]
    assert len(str(written["summary"])) == 80 and str(written["summary"]).endswith("…")
    assert str(written["description"]) == text
    assert summary_of("\n\n  hello  \nthere") == "hello"


def test_a_one_line_promise_is_a_summary_alone() -> None:
    written = Calendar.from_ical(write_item(TodoItem(uid="p1", text="call Leo"), STAMP))
    todo = written.walk("VTODO")[0]
    assert str(todo["summary"]) == "call Leo" and "description" not in todo
    assert str(todo["status"]) == "NEEDS-ACTION"


def test_an_occasion_on_29_february_comes_on_28_february_in_common_years() -> None:
    item = OccasionItem(uid="o1", label="founding day", date=YearlyDate(2, 29, 2004))
    event = Calendar.from_ical(write_item(item, STAMP)).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    recur = event["rrule"]
    assert isinstance(recur, vRecur)
    text = recur.to_ical().decode()  # type: ignore[no-untyped-call]  # icalendar leaves it untyped
    rule = rrulestr(text, dtstart=datetime(start.year, 2, 29))
    after = [d.date() for d in rule.between(datetime(2026, 1, 1), datetime(2029, 1, 1))]
    assert after == [date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)]


def test_a_year_less_occasion_starts_in_2000_and_says_so() -> None:
    item = OccasionItem(uid="o1", label="name day", date=YearlyDate(7, 26))
    event = Calendar.from_ical(write_item(item, STAMP)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == date(2000, 7, 26)
    assert str(event["x-rjournal-no-year"]) == "TRUE"
    assert str(event["transp"]) == "TRANSPARENT"


def test_a_person_is_written_as_jtx_board_reads_one() -> None:
    refs = (
        PersonRef("6f1c7a52-8d1e-4c3b-9f6a-2b7d0e4c1a11", None, "Anna Berg"),
        PersonRef("imported@google", "bo@example.com", "Bo"),
        PersonRef("imported@google-2", None, "Cy"),
    )
    item = JournalItem(uid="e1", on=date(2026, 11, 20), text="x", people=refs)
    attendees = attendees_of(Calendar.from_ical(write_item(item, STAMP)).walk("VJOURNAL")[0])
    assert [str(a) for a in attendees] == [
        "urn:uuid:6f1c7a52-8d1e-4c3b-9f6a-2b7d0e4c1a11",
        "mailto:bo@example.com",
        "",
    ]
    assert [a.params["CN"] for a in attendees] == ["Anna Berg", "Bo", "Cy"]
    assert {a.params["CUTYPE"] for a in attendees} == {"INDIVIDUAL"}


def test_write_refuses_an_item_without_a_uid_or_a_naive_stamp() -> None:
    with pytest.raises(ValueError, match="UID"):
        write_item(TodoItem(uid=None, text="x"), STAMP)
    with pytest.raises(ValueError, match="aware"):
        write_item(TodoItem(uid="p", text="x"), datetime(2026, 1, 1))


# --- writing over what a phone left --------------------------------------------------------

PHONE_NOTE = """
BEGIN:VJOURNAL
UID:phone-1
DTSTAMP:20261121T180000Z
DTSTART;VALUE=DATE:20261121
SUMMARY:Lunch
DESCRIPTION:Ask about Lisbon
LOCATION:Café Central
CATEGORIES:Work,Lisbon
X-JTX-COLOR:#ff0000
ATTENDEE;CN=Anna Berg;ROLE=REQ-PARTICIPANT:mailto:anna@example.com
ATTENDEE;CN=Someone New:mailto:new@example.com
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER:-PT15M
DESCRIPTION:reminder
END:VALARM
END:VJOURNAL
"""


def test_writing_over_a_phone_item_keeps_what_rjournal_does_not_own() -> None:
    directory = PeopleDirectory(
        [("anna", "Anna Berg", ["anna@example.com"]), ("bo", "Bo Lind", [])]
    )
    previous = calendar(PHONE_NOTE)
    read = read_item(previous)
    assert isinstance(read, JournalItem)
    assert directory.people_of(read) == (
        ["anna"],
        [PersonRef(None, "new@example.com", "Someone New")],
    )

    # The journal's version: Anna taken off, Bo added, the text edited.
    edited = JournalItem(
        uid="phone-1",
        on=date(2026, 11, 21),
        text="Lunch with Bo",
        kind="interaction",
        channel=Channel.MEAL,
        people=(PersonRef("bo", None, "Bo Lind"),),
    )
    text = write_item(
        edited, STAMP, previous=previous, owned=lambda r: directory.match(r) is not None
    )
    component = Calendar.from_ical(text).walk("VJOURNAL")[0]

    assert str(component["location"]) == "Café Central"
    assert str(component["x-jtx-color"]) == "#ff0000"
    assert [a.name for a in component.subcomponents] == ["VALARM"]
    assert [str(a) for a in attendees_of(component)] == ["mailto:new@example.com", ""]
    assert "anna@example.com" not in text
    again = read_item(text)
    assert isinstance(again, JournalItem)
    assert (again.text, again.kind, again.channel) == ("Lunch with Bo", "interaction", Channel.MEAL)
    assert directory.people_of(again) == (
        ["bo"],
        [PersonRef(None, "new@example.com", "Someone New")],
    )
    assert again.hints == ()  # once rjournal wrote it, its people are its attendees


def test_an_open_task_the_phone_started_keeps_its_progress_and_a_reopened_one_loses_it() -> None:
    started = calendar("""
        BEGIN:VTODO
        UID:p1
        SUMMARY:call Leo
        STATUS:IN-PROCESS
        PERCENT-COMPLETE:40
        END:VTODO
    """)
    text = write_item(TodoItem(uid="p1", text="call Leo soon"), STAMP, previous=started)
    todo = Calendar.from_ical(text).walk("VTODO")[0]
    assert (str(todo["status"]), todo.decoded("percent-complete")) == ("IN-PROCESS", 40)

    done = write_item(TodoItem(uid="p1", text="x", done=True), STAMP, previous=text)
    reopened = write_item(TodoItem(uid="p1", text="x"), STAMP, previous=done)
    todo = Calendar.from_ical(reopened).walk("VTODO")[0]
    assert str(todo["status"]) == "NEEDS-ACTION"
    assert "percent-complete" not in todo and "completed" not in todo


def test_a_damaged_previous_is_replaced_by_a_fresh_item() -> None:
    item = TodoItem(uid="p1", text="call Leo")
    assert write_item(item, STAMP, previous="not a calendar") == write_item(item, STAMP)


# --- what phone apps write -----------------------------------------------------------------


def test_a_note_with_only_a_summary_and_a_description() -> None:
    item = read_item(
        calendar("""
        BEGIN:VJOURNAL
        UID:n1
        DTSTAMP:20261121T180000Z
        SUMMARY:Coffee plans
        DESCRIPTION:Maybe Thursday
        END:VJOURNAL
        """)
    )
    assert item == JournalItem(uid="n1", on=None, text="Coffee plans\n\nMaybe Thursday")


@pytest.mark.parametrize(
    ("summary", "description", "text"),
    [
        ("Lunch", None, "Lunch"),
        (None, "Only a body", "Only a body"),
        ("Lunch", "Lunch\nwith Anna", "Lunch\nwith Anna"),  # as rjournal writes it
        ("Lunch!", "Lunch\nwith Anna", "Lunch!\n\nLunch\nwith Anna"),  # summary edited
        (None, None, ""),
    ],
)
def test_summary_and_description_both_reach_the_text(
    summary: str | None, description: str | None, text: str
) -> None:
    lines = ["BEGIN:VJOURNAL", "UID:n1"]
    lines += [f"SUMMARY:{summary}"] if summary else []
    escaped = (description or "").replace("\n", "\\n")
    lines += [f"DESCRIPTION:{escaped}"] if description else []
    item = read_item(calendar("\n".join([*lines, "END:VJOURNAL"])))
    assert isinstance(item, JournalItem) and item.text == text


def test_a_phone_note_names_people_by_category_contact_or_related_uid() -> None:
    item = read_item(
        calendar("""
        BEGIN:VJOURNAL
        UID:n1
        CREATED:20261120T230000Z
        SUMMARY:Gift ideas
        CATEGORIES:anna berg,Ideas
        CONTACT:Bo Lind
        RELATED-TO:cy-uid
        ATTENDEE;CN=Unknown Person:
        END:VJOURNAL
        """),
        BERLIN,
    )
    assert isinstance(item, JournalItem)
    assert item.on == date(2026, 11, 21)  # created late on the 20th UTC: the 21st in Berlin
    directory = PeopleDirectory(
        [
            ("anna", "Anna Berg", []),
            ("bo", "Bo Lind", []),
            ("cy-uid", "Cy", []),
            ("dee", "Ideas?", []),
        ]
    )
    assert directory.people_of(item) == (
        ["bo", "anna", "cy-uid"],
        [PersonRef(None, None, "Unknown Person")],
    )


def test_a_note_whose_people_cannot_be_told_names_no_one() -> None:
    item = read_item(calendar("BEGIN:VJOURNAL\nUID:n1\nSUMMARY:Ideas\nEND:VJOURNAL"))
    assert isinstance(item, JournalItem)
    assert PeopleDirectory([("anna", "Anna Berg", ["a@x"])]).people_of(item) == ([], [])


def test_the_directory_tells_no_one_by_a_shared_email_or_name() -> None:
    directory = PeopleDirectory(
        [
            ("u1", "Anna Berg", ["shared@x", "anna@x"]),
            ("u2", "Anna Berg", ["shared@x"]),
            ("6f1c7a52-8d1e-4c3b-9f6a-2b7d0e4c1a11", "Cy", []),
        ]
    )
    assert directory.match(PersonRef(email="SHARED@x")) is None
    assert directory.match(PersonRef(name="anna berg")) is None
    assert directory.match(PersonRef(email="anna@x", name="anna berg")) == "u1"
    assert directory.match(PersonRef(uid="u2", email="anna@x")) == "u2"  # the UID first
    assert (
        directory.match(PersonRef(uid="urn:uuid:6F1C7A52-8D1E-4C3B-9F6A-2B7D0E4C1A11"))
        == "6f1c7a52-8d1e-4c3b-9f6a-2b7d0e4c1a11"
    )
    assert directory.match(PersonRef(name="Zoe")) is None


def test_an_entry_at_a_time_of_day_takes_its_day() -> None:
    at_time = """
        BEGIN:VJOURNAL
        UID:n1
        DTSTART{start}
        SUMMARY:x
        END:VJOURNAL
    """
    in_zone = read_item(calendar(at_time.format(start=";TZID=America/New_York:20261121T230000")))
    assert isinstance(in_zone, JournalItem) and in_zone.on == date(2026, 11, 21)
    utc = read_item(calendar(at_time.format(start=":20261121T230000Z")), BERLIN)
    assert isinstance(utc, JournalItem) and utc.on == date(2026, 11, 22)
    floating = read_item(calendar(at_time.format(start=":20261121T230000")), BERLIN)
    assert isinstance(floating, JournalItem) and floating.on == date(2026, 11, 21)


def test_unknown_channels_and_kinds_are_noted_not_fatal() -> None:
    item = read_item(
        calendar("""
        BEGIN:VJOURNAL
        UID:n1
        SUMMARY:x
        X-RJOURNAL-KIND:meeting-notes
        X-RJOURNAL-CHANNEL:pigeon
        END:VJOURNAL
        """)
    )
    assert isinstance(item, JournalItem)
    assert (item.kind, item.channel) == ("note", None)
    assert len(item.notes) == 2 and "pigeon" in item.notes[1]


@pytest.mark.parametrize(
    ("lines", "done", "done_on", "noted"),
    [
        (["STATUS:COMPLETED"], True, None, False),
        (["STATUS:NEEDS-ACTION", "PERCENT-COMPLETE:100"], True, None, False),
        (["COMPLETED:20261201T233000Z"], True, date(2026, 12, 2), False),
        (["STATUS:CANCELLED"], True, None, True),
        (["STATUS:IN-PROCESS", "PERCENT-COMPLETE:50"], False, None, False),
        ([], False, None, False),
    ],
)
def test_a_phone_task_done_in_any_of_the_ways_apps_mark_it(
    lines: list[str], done: bool, done_on: date | None, noted: bool
) -> None:
    item = read_item(
        calendar("\n".join(["BEGIN:VTODO", "UID:t1", "SUMMARY:call Leo", *lines, "END:VTODO"])),
        BERLIN,
    )
    assert isinstance(item, TodoItem)
    assert (item.done, item.done_on, bool(item.notes)) == (done, done_on, noted)


def test_a_phone_task_with_a_due_time_and_no_status() -> None:
    item = read_item(
        calendar("""
        BEGIN:VTODO
        UID:t1
        CREATED:20261101T100000Z
        DUE;TZID=Europe/Berlin:20261201T170000
        SUMMARY:send the deck
        DESCRIPTION:the long version
        END:VTODO
        """)
    )
    assert item == TodoItem(
        uid="t1",
        text="send the deck\n\nthe long version",
        due=date(2026, 12, 1),
        created_on=date(2026, 11, 1),
    )


def test_a_birthday_event_from_a_phone_calendar() -> None:
    item = read_item(
        calendar("""
        BEGIN:VEVENT
        UID:bday-1
        DTSTART;VALUE=DATE:19900415
        DTEND;VALUE=DATE:19900416
        RRULE:FREQ=YEARLY;INTERVAL=1;BYMONTH=4;BYMONTHDAY=15
        SUMMARY:Anna Berg: birthday
        ATTENDEE;CN=Anna Berg:mailto:anna@example.com
        END:VEVENT
        """)
    )
    assert item == OccasionItem(
        uid="bday-1",
        label="birthday",
        date=YearlyDate(4, 15, 1990),
        people=(PersonRef(None, "anna@example.com", "Anna Berg"),),
    )


def test_the_occasion_label_follows_a_summary_edited_on_the_phone() -> None:
    item = OccasionItem(uid="o1", label="wedding", date=YearlyDate(6, 1, 2015))
    text = write_item(item, STAMP).replace("SUMMARY:wedding", "SUMMARY:wedding day")
    read = read_item(text)
    assert isinstance(read, OccasionItem) and read.label == "wedding day"


@pytest.mark.parametrize(
    ("component", "reason"),
    [
        ("BEGIN:VEVENT\nUID:e\nDTSTART:20261201T100000Z\nEND:VEVENT", "does not repeat"),
        (
            "BEGIN:VEVENT\nUID:e\nDTSTART;VALUE=DATE:20260510\n"
            "RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=2SU\nEND:VEVENT",
            "rule rjournal does not keep (BYDAY)",
        ),
        ("BEGIN:VEVENT\nUID:e\nRRULE:FREQ=YEARLY\nEND:VEVENT", "without a start date"),
        ("BEGIN:VFREEBUSY\nUID:f\nEND:VFREEBUSY", "holds no to-do, event or journal entry"),
        (
            "BEGIN:VTODO\nUID:a\nEND:VTODO\nBEGIN:VJOURNAL\nUID:b\nEND:VJOURNAL",
            "holds 2 items",
        ),
        ("BEGIN:VJOURNAL\nUID:j\nDTSTART:notadate\nEND:VJOURNAL", "can't be read as iCalendar"),
    ],
)
def test_an_item_rjournal_cannot_take_is_reported(component: str, reason: str) -> None:
    item = read_item(calendar(component))
    assert isinstance(item, Unreadable) and reason in item.reason


def test_a_file_that_is_not_icalendar_is_reported() -> None:
    item = read_item("BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n")
    assert isinstance(item, Unreadable)
    assert isinstance(read_item("\x00garbage"), Unreadable)


def test_a_changed_occurrence_stays_beside_its_series() -> None:
    text = calendar("""
        BEGIN:VEVENT
        UID:o1
        DTSTART;VALUE=DATE:20150601
        RRULE:FREQ=YEARLY
        SUMMARY:wedding
        END:VEVENT
        BEGIN:VEVENT
        UID:o1
        RECURRENCE-ID;VALUE=DATE:20270601
        DTSTART;VALUE=DATE:20270602
        SUMMARY:wedding (moved)
        END:VEVENT
    """)
    item = read_item(text)
    assert isinstance(item, OccasionItem) and item.date == YearlyDate(6, 1, 2015)
    rewritten = write_item(item, STAMP, previous=text)
    assert "wedding (moved)" in rewritten
