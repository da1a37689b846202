"""From messages and events to touches: one per person per thread per day, who reached out."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rjournal.ingest.calendar import CalendarEvent
from rjournal.ingest.mail import Address, MailMessage, MailSkipped
from rjournal.ingest.touches import (
    Correspondent,
    MailTouch,
    Meeting,
    calendar_meetings,
    mail_touches,
)

ME = "me@example.org"
MINE = [ME, "Me@Work.Example"]
PEOPLE = {"dana@example.com": 1, "Eli@Example.net": 2, "eli.home@example.net": 2}
FRIDAY = date(2026, 11, 27)


def mail(
    mid: str,
    sender: str,
    *to: str,
    cc: tuple[str, ...] = (),
    day: date = FRIDAY,
    hour: int = 9,
    thread: str = "<t1@x>",
    name: str = "",
    subject: str | None = None,
) -> MailMessage:
    sent = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return MailMessage(
        message_id=mid,
        sent_at=sent,
        day=day,
        sender=(Address(sender, name),),
        to=tuple(Address(a, name if sender == ME else "") for a in to),
        cc=tuple(Address(a, "") for a in cc),
        thread=thread,
        subject=subject,
    )


def test_mail_you_sent_is_you_reaching_out_and_theirs_is_them() -> None:
    result = mail_touches(
        [
            mail("<a@x>", ME, "dana@example.com", cc=("eli@example.net",)),
            mail("<b@x>", "dana@example.com", ME, thread="<t2@x>"),
        ],
        MINE,
        PEOPLE,
    )
    assert result.touches == (
        MailTouch(1, FRIDAY, "<t1@x>", False, False, ("<a@x>",), None),
        MailTouch(1, FRIDAY, "<t2@x>", True, True, ("<b@x>",), None),
        MailTouch(2, FRIDAY, "<t1@x>", False, False, ("<a@x>",), None),
    )
    assert result.messages == 2


def test_one_touch_per_person_per_thread_per_day() -> None:
    result = mail_touches(
        [
            mail("<reply@x>", ME, "dana@example.com", hour=11),
            mail("<first@x>", "dana@example.com", "me@work.example", hour=9, subject="Lunch?"),
            mail("<next@x>", "dana@example.com", ME, day=FRIDAY + timedelta(days=1)),
        ],
        MINE,
        PEOPLE,
    )
    friday, saturday = result.touches
    assert friday == MailTouch(
        1, FRIDAY, "<t1@x>", True, False, ("<first@x>", "<reply@x>"), "Lunch?"
    )
    assert (saturday.day, saturday.from_them, saturday.last_from_them) == (
        FRIDAY + timedelta(days=1),
        True,
        True,
    )


def test_two_addresses_of_one_person_in_one_message_are_one_touch() -> None:
    result = mail_touches(
        [mail("<a@x>", ME, "ELI@example.net", "eli.home@example.net")], MINE, PEOPLE
    )
    assert [(t.person_id, t.message_ids) for t in result.touches] == [(2, ("<a@x>",))]


def test_mail_not_between_you_and_them_is_no_touch() -> None:
    result = mail_touches(
        [
            mail("<list@x>", "dana@example.com", "team@lists.example.org"),  # a list's mail
            mail("<self@x>", ME, "me@work.example"),  # a note to yourself
            mail("<cc@x>", "dana@example.com", "eli@example.net", cc=("zed@example.com",)),
        ],
        MINE,
        PEOPLE,
    )
    assert result.touches == ()
    assert result.unknown == ()
    assert result.messages == 3


def test_a_message_read_twice_counts_once_and_since_leaves_older_out() -> None:
    old = mail("<old@x>", "dana@example.com", ME, day=FRIDAY - timedelta(days=30))
    new = mail("<new@x>", "dana@example.com", ME)
    skipped = MailSkipped("box/1", "no Date header")
    result = mail_touches([old, new, skipped, new], MINE, PEOPLE, since=FRIDAY - timedelta(days=7))
    assert [t.message_ids for t in result.touches] == [("<new@x>",)]
    assert (result.messages, result.duplicates, result.before_since) == (1, 1, 1)
    assert result.skipped == (skipped,)


def test_unknown_correspondents_most_frequent_first_with_their_usual_name() -> None:
    messages = [
        mail("<1@x>", "zoe@example.com", ME, name="Zoë"),
        mail("<2@x>", "zoe@example.com", ME, name="Zoë K"),
        mail("<3@x>", "zoe@example.com", ME, name="Zoë"),
        mail("<4@x>", ME, "ann@example.com", "dana@example.com", name="Ann B"),
        mail("<5@x>", ME, "bob@example.com"),
        mail("<6@x>", "news@shop.example", "all@shop.example"),  # not to you: not counted
    ]
    result = mail_touches(messages, MINE, PEOPLE, unknown_limit=2)
    assert result.unknown == (
        Correspondent("zoe@example.com", "Zoë", 3),
        Correspondent("ann@example.com", "Ann B", 1),
    )


ADDRESSES = [ME, "me@work.example", "dana@example.com", "eli@example.net", "zed@example.com"]
MESSAGES = st.lists(
    st.builds(
        mail,
        mid=st.sampled_from([f"<{i}@x>" for i in range(12)]),
        sender=st.sampled_from(ADDRESSES),
        cc=st.lists(st.sampled_from(ADDRESSES), max_size=2).map(tuple),
        day=st.sampled_from([FRIDAY, FRIDAY + timedelta(days=1)]),
        hour=st.integers(0, 23),
        thread=st.sampled_from(["<t1@x>", "<t2@x>"]),
    ),
    max_size=20,
).map(lambda ms: {m.message_id: m for m in ms}.values())  # one message per Message-ID


@given(MESSAGES, st.randoms(use_true_random=False))
def test_touches_do_not_depend_on_reading_order(
    messages: list[MailMessage], rnd: random.Random
) -> None:
    shuffled = list(messages)
    rnd.shuffle(shuffled)
    assert mail_touches(shuffled, MINE, PEOPLE) == mail_touches(list(messages), MINE, PEOPLE)


@given(MESSAGES)
def test_every_message_between_you_and_a_person_is_in_exactly_their_touch(
    messages: list[MailMessage],
) -> None:
    result = mail_touches(messages, MINE, PEOPLE)
    mine = {a.lower() for a in MINE}
    people = {a.lower(): p for a, p in PEOPLE.items()}
    keys = [(t.person_id, t.day, t.thread) for t in result.touches]
    assert len(keys) == len(set(keys))
    for m in messages:
        others_sent = [a.address for a in m.sender if a.address not in mine]
        to_all = [a.address for a in (*m.to, *m.cc)]
        if len(others_sent) < len(m.sender):
            involved = {people[a] for a in to_all if a in people}
            from_them = False
        elif any(a in mine for a in to_all):
            involved = {people[a] for a in others_sent if a in people}
            from_them = True
        else:
            involved = set()
            from_them = False
        holding = [t for t in result.touches if m.message_id in t.message_ids]
        assert {t.person_id for t in holding} == involved
        for t in holding:
            assert (t.day, t.thread) == (m.day, m.thread)
            first = min(
                (x for x in messages if x.message_id in t.message_ids),
                key=lambda x: (x.sent_at, x.message_id),
            )
            if first.message_id == m.message_id:
                assert t.from_them == from_them


def event(
    uid: str, *attendees: str, organizer: str | None = None, day: date = FRIDAY
) -> CalendarEvent:
    return CalendarEvent(uid, day, "Meeting", attendees, organizer)


def test_calendar_meetings_with_people_in_the_journal() -> None:
    meetings = calendar_meetings(
        [
            event("a", ME, "dana@example.com", "eli@example.net", organizer=ME),
            event("b", ME, organizer="Dana@Example.com".lower()),
            event("c", ME, "zed@example.com", organizer="zed@example.com"),  # nobody we know
            event("a", ME, "dana@example.com", organizer=ME),  # the same occurrence again
            event("a", "dana@example.com", day=FRIDAY + timedelta(days=7)),
        ],
        MINE,
        PEOPLE,
    )
    assert meetings == (
        Meeting("a", FRIDAY, "Meeting", (1, 2), False),
        Meeting("b", FRIDAY, "Meeting", (1,), True),
        Meeting("a", FRIDAY + timedelta(days=7), "Meeting", (1,), False),
    )
