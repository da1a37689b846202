"""The monthly review: counts by channel and week, who slipped, one-sided, promises."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from rjournal.domain.checkin import unanswered_since
from rjournal.domain.model import Channel, CheckinFacts, Entry, Person, Promise
from rjournal.domain.review import build_review, month_bounds
from rjournal.domain.rhythms import Rhythm

TODAY = date(2026, 11, 22)  # a Sunday; October 2026 is a past month, November the current one
MONTHLY = Rhythm(1, "m")
WEEKLY = Rhythm(1, "w")
ENTRY_IDS = itertools.count(1)


def talk(
    on: date, channel: Channel | None = Channel.CALL, *people: int, from_them: bool = False
) -> Entry:
    return Entry("interaction", on, "", channel, from_them, people or (1,), id=next(ENTRY_IDS))


def facts(pid: int, name: str, **kw: Any) -> CheckinFacts:
    person_kw = {k: kw.pop(k) for k in ("rhythm", "archived", "snoozed_until") if k in kw}
    added = kw.pop("added_on", date(2026, 1, 1))
    return CheckinFacts(Person(name, added, id=pid, **person_kw), **kw)


def review(year: int, month: int, **kw: Any) -> Any:
    args: dict[str, Any] = {"entries": (), "people": (), "promises": (), "names": {}}
    today = kw.pop("today", TODAY)
    args.update(kw)
    return build_review(year, month, today, **args)


def test_month_bounds() -> None:
    assert month_bounds(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))
    assert month_bounds(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))


def test_counts_by_channel_and_by_week() -> None:
    entries = [
        talk(date(2026, 9, 30)),  # September: not counted, though its week touches October
        talk(date(2026, 10, 1), Channel.CALL, 1, 2),
        talk(date(2026, 10, 2), Channel.COFFEE, 2, from_them=True),
        talk(date(2026, 10, 5), Channel.CALL, 3),
        Entry("note", date(2026, 10, 15), "Heard she moved", people=(4,), id=2),
        talk(date(2026, 10, 20), Channel.EMAIL, 1),
        talk(date(2026, 10, 21), None, 5),
        talk(date(2026, 10, 31), Channel.CALL, 1),
        talk(date(2026, 11, 1)),  # November
    ]
    r = review(2026, 10, entries=entries)
    assert (r.year, r.month) == (2026, 10)
    assert r.interactions == 6
    assert r.notes == 1
    assert r.by_channel == {"call": 3, "coffee": 1, "email": 1, "other": 1}
    assert list(r.by_channel) == ["call", "coffee", "email", "other"]  # most used first
    assert r.weeks == [
        (date(2026, 9, 28), {"call": 1, "coffee": 1}),
        (date(2026, 10, 5), {"call": 1}),
        (date(2026, 10, 12), {}),
        (date(2026, 10, 19), {"email": 1, "other": 1}),
        (date(2026, 10, 26), {"call": 1}),
    ]
    assert sum(sum(c.values()) for _, c in r.weeks) == r.interactions
    assert r.people_contacted == 4  # 1, 2, 3 and 5; the note about 4 is not a contact
    assert (r.you_reached_out, r.they_reached_out) == (5, 1)


def test_the_current_month_counts_up_to_today() -> None:
    entries = [talk(date(2026, 11, 2)), talk(date(2026, 11, 22)), talk(date(2026, 11, 25))]
    r = review(2026, 11, entries=entries)
    assert r.interactions == 2
    assert [m for m, _ in r.weeks] == [
        date(2026, 10, 26),
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]


def test_an_empty_month() -> None:
    for year, month in [(2026, 2), (2027, 3)]:  # a quiet past month, a month still to come
        r = review(year, month, people=[facts(1, "Ana", rhythm=MONTHLY)])
        assert (r.interactions, r.notes, r.people_contacted) == (0, 0, 0)
        assert (r.you_reached_out, r.they_reached_out) == (0, 0)
        assert r.by_channel == {}
        assert all(counts == {} for _, counts in r.weeks)
        assert r.only_you == r.unreturned == r.promises_kept == r.promises_missed == []
    # February 2026 starts on a Sunday and ends on a Saturday: 5 weeks touch it.
    weeks = [monday for monday, _ in review(2026, 2).weeks]
    assert weeks == [date(2026, 1, 26), *(date(2026, 2, d) for d in (2, 9, 16, 23))]


def test_who_slipped() -> None:
    # Facts as of the review day (31 Oct for October).
    people = [
        facts(1, "Ana", rhythm=MONTHLY, last_contact=date(2026, 9, 15)),  # due 15 Oct
        facts(2, "Bo", rhythm=WEEKLY, last_contact=date(2026, 10, 28)),  # due 4 Nov
        facts(3, "Cy", rhythm=MONTHLY, added_on=date(2026, 8, 1)),  # never: due 1 Sep
        facts(4, "Di", rhythm=WEEKLY, last_contact=date(2026, 10, 24)),  # due 31 Oct
        facts(5, "Ed", rhythm=MONTHLY, last_contact=date(2026, 1, 1), archived=True),
        facts(
            6,
            "Flo",
            rhythm=MONTHLY,
            last_contact=date(2026, 1, 1),
            snoozed_until=date(2026, 11, 5),
        ),
        facts(7, "Gus", last_contact=date(2025, 1, 1)),  # no rhythm
    ]
    r = review(2026, 10, people=people)
    assert r.slipped == [
        (3, "Cy", date(2026, 9, 1)),
        (1, "Ana", date(2026, 10, 15)),
        (4, "Di", date(2026, 10, 31)),
    ]


def test_in_the_current_month_only_what_is_already_due_has_slipped() -> None:
    people = [
        facts(1, "Ana", rhythm=MONTHLY, last_contact=date(2026, 10, 28)),  # due 28 Nov
        facts(2, "Bo", rhythm=MONTHLY, last_contact=date(2026, 10, 22)),  # due today
    ]
    assert review(2026, 11, people=people).slipped == [(2, "Bo", date(2026, 11, 22))]


def test_only_you_reach_out() -> None:
    you = False
    people = [
        facts(1, "Ana", recent_from_them=(you, you, you)),
        facts(2, "Bo", recent_from_them=(you,) * 5),
        facts(3, "Cy", recent_from_them=(you, you)),  # too few to say
        facts(4, "Di", recent_from_them=(you, you, True)),
        facts(5, "Ed", recent_from_them=(you,) * 4, archived=True),
    ]
    assert review(2026, 10, people=people).only_you == [(2, "Bo", 5), (1, "Ana", 3)]


def test_unreturned_when_their_word_was_the_last() -> None:
    """The one rule `rj next`'s unanswered term uses (domain.checkin.unanswered_since)."""
    people = [
        facts(1, "Ana", last_contact=date(2026, 10, 20), awaiting_answer=True),
        facts(2, "Bo", last_contact=date(2026, 10, 21), recent_from_them=(False, True)),
        facts(3, "Cy", last_contact=date(2026, 9, 2), awaiting_answer=True),
        facts(4, "Di"),
        facts(5, "Ed", last_contact=date(2026, 9, 3), awaiting_answer=True, archived=True),
    ]
    r = review(2026, 10, people=people)
    assert r.unreturned == [(3, "Cy", date(2026, 9, 2)), (1, "Ana", date(2026, 10, 20))]
    waiting = {f.person.id for f in people if unanswered_since(f) and not f.person.archived}
    assert {pid for pid, _, _ in r.unreturned} == waiting


def test_promises_kept_and_missed() -> None:
    names = {1: "Ana", 2: "Bo"}

    def p(pid: int, text: str, due: date | None, done: date | None, who: int = 1) -> Promise:
        return Promise(text, date(2026, 9, 1), due=due, done_on=done, id=pid, person_id=who)

    promises = [
        p(1, "send the article", None, date(2026, 10, 10)),
        p(2, "intro to Raj", date(2026, 10, 20), date(2026, 10, 12), who=2),
        p(3, "book the table", date(2026, 10, 20), date(2026, 10, 25)),  # done late
        p(4, "return the book", date(2026, 10, 5), None),  # still open
        p(5, "call the school", date(2026, 11, 3), None),  # due next month
        p(6, "old one", None, date(2026, 9, 30)),  # done the month before
        p(7, "on the day", date(2026, 10, 31), date(2026, 10, 31)),
    ]
    r = review(2026, 10, promises=promises, names=names)
    assert r.promises_kept == [
        (1, "Ana", "send the article"),
        (2, "Bo", "intro to Raj"),
        (3, "Ana", "book the table"),  # kept late is kept, and late
        (7, "Ana", "on the day"),
    ]
    assert r.days_late == {3: 5}
    assert r.promises_missed == [(4, "Ana", "return the book", date(2026, 10, 5))]


def test_a_promise_kept_late_is_kept_and_late_not_missed() -> None:
    # The case: due Thu 3 Dec, done Sun 6 Dec, the review on 6 Dec.
    promise = Promise(
        "send the deck", date(2026, 11, 1), due=date(2026, 12, 3), done_on=date(2026, 12, 6),
        id=9, person_id=1,
    )  # fmt: skip
    r = review(2026, 12, today=date(2026, 12, 6), promises=[promise], names={1: "Ana"})
    assert r.promises_kept == [(9, "Ana", "send the deck")]
    assert r.days_late == {9: 3}
    assert r.promises_missed == []


def test_a_promise_done_after_its_month_was_missed_in_it_and_kept_late_in_the_next() -> None:
    promise = Promise(
        "intro", date(2026, 10, 1), due=date(2026, 11, 20), done_on=date(2026, 12, 2),
        id=4, person_id=1,
    )  # fmt: skip
    november = review(2026, 11, today=date(2026, 12, 6), promises=[promise], names={1: "Ana"})
    assert november.promises_missed == [(4, "Ana", "intro", date(2026, 11, 20))]
    assert november.promises_kept == []
    december = review(2026, 12, today=date(2026, 12, 6), promises=[promise], names={1: "Ana"})
    assert december.promises_kept == [(4, "Ana", "intro")]
    assert december.days_late == {4: 12}
    assert december.promises_missed == []


def test_a_promise_due_today_is_not_missed_yet() -> None:
    promises = [
        Promise("due today", date(2026, 11, 1), due=TODAY, id=1, person_id=1),
        Promise("due yesterday", date(2026, 11, 1), due=date(2026, 11, 21), id=2, person_id=9),
    ]
    r = review(2026, 11, promises=promises, names={1: "Ana"})
    assert r.promises_missed == [(2, "", "due yesterday", date(2026, 11, 21))]
