"""The check-in engine's words, as functions: reasons, term details and talking points."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rjournal.domain.checkin_words import (
    due_promise_reason,
    occasion_reason,
    one_sided_reason,
    overdue_reason,
    soon_promise_reason,
    talking_points,
    term_detail,
    unanswered_reason,
)
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, CheckinFacts, Kid, Person, Pet, Promise
from rjournal.domain.occasions import UpcomingDate
from rjournal.domain.rhythms import Rhythm

TODAY = date(2026, 11, 22)  # a Sunday
ANA = Person(name="Ana Lee", added_on=date(2025, 1, 1), id=1, nickname="Ana")


@dataclass
class Assessment:
    """What the first pass of the engine hands to the words (checkin_words.Assessed)."""

    facts: CheckinFacts
    rhythm: Rhythm | None = None
    source: str = "none"
    days_since: int = 0
    rhythm_days: float = 0.0
    soonest: date | None = None
    occasion_on: date | None = None
    waiting_since: date | None = None


def test_overdue_reason_names_the_channel_and_where_the_rhythm_comes_from() -> None:
    called = CheckinFacts(ANA, last_contact=date(2026, 10, 6), last_channel=Channel.COFFEE)
    own = Assessment(called, Rhythm(1, "m"), "own", 47, 30.44)
    assert overdue_reason(own, "Ana", TODAY) == (
        "47 days since coffee; your rhythm with Ana is monthly"
    )
    tag = Assessment(called, Rhythm(1, "w"), "tag", 47, 7.0)
    assert overdue_reason(tag, "Ana", TODAY).endswith(
        "your rhythm with Ana is weekly (tag default)"
    )
    learned = Assessment(called, Rhythm(12, "d"), "learned", 47, 12.0)
    assert overdue_reason(learned, "Ana", TODAY).endswith("usually in touch with Ana every 12 days")
    never = Assessment(CheckinFacts(ANA), Rhythm(1, "w"), "own", 1, 7.0)
    assert overdue_reason(never, "Ana", TODAY).startswith("Added yesterday, never contacted;")


def test_someone_never_contacted_is_added_on_a_day_not_a_count_of_days() -> None:
    # Issue 13, item 21: "Added 1328 days ago" is a number to work out; the day is not.
    long_ago = Assessment(CheckinFacts(ANA), Rhythm(1, "m"), "own", 1328, 30.44)
    assert overdue_reason(long_ago, "Ana", TODAY) == (
        "Added on Tue 4 Apr 2023, never contacted; your rhythm with Ana is monthly"
    )
    this_year = Assessment(CheckinFacts(ANA), Rhythm(1, "w"), "own", 20, 7.0)
    assert overdue_reason(this_year, "Ana", TODAY).startswith("Added on Mon 2 Nov, never")


def test_promise_and_occasion_reasons() -> None:
    late = Promise("send the deck", date(2026, 11, 1), due=date(2026, 11, 20), id=1, person_id=1)
    assert due_promise_reason(late, TODAY) == "Promise overdue since Fri 20 Nov: send the deck"
    today = Promise("send the deck", date(2026, 11, 1), due=TODAY, id=2, person_id=1)
    assert due_promise_reason(today, TODAY) == "Promise due today: send the deck"
    soon = Promise("book it", date(2026, 11, 1), due=date(2026, 11, 26), id=3, person_id=1)
    assert soon_promise_reason(soon, TODAY) == "Promise due Thu 26 Nov: book it"
    leo = UpcomingDate(date(2026, 11, 28), "Leo turns 7", 1, "Ana Lee", "kid")
    assert occasion_reason(leo, TODAY) == "Leo turns 7 on Sat 28 Nov"
    assert one_sided_reason(5) == "You reached out the last 5 times"


def test_term_details_say_what_was_measured() -> None:
    a = Assessment(
        CheckinFacts(ANA, last_contact=date(2026, 10, 6)),
        Rhythm(1, "m"),
        "own",
        47,
        30.44,
        soonest=date(2026, 11, 26),
        occasion_on=date(2026, 11, 28),
    )
    assert term_detail(a, "promise", 2.0, TODAY, 15) == "2 open promises due or overdue"
    assert term_detail(a, "promise_late", 1.0, TODAY, 15) == (
        "oldest due promise is 1 day past its due date"
    )
    assert term_detail(a, "overdue", 47 / 30.44, TODAY, 15) == (
        "47 days since last contact / monthly rhythm (30.4 days on average)"
    )
    assert term_detail(a, "overdue", 1.0, TODAY, 15).endswith(", capped at 1")
    assert term_detail(a, "occasion", 0.6, TODAY, 15) == (
        "nearest occasion in 6 days: (15 - 6) / 15"
    )
    assert term_detail(a, "promise_soon", 0.7, TODAY, 15) == (
        "nearest promise due in 4 days: (15 - 4) / 15"
    )
    assert term_detail(a, "one_sided", 4.0, TODAY, 15) == "you reached out the last 4 times"
    assert term_detail(a, "occasion_today", 1.0, TODAY, 15) == "an occasion falls today"
    a.waiting_since = date(2026, 11, 18)
    assert term_detail(a, "unanswered", 4.0, TODAY, 15) == (
        "4 days since their last word, unanswered"
    )


def test_the_unanswered_reason_names_what_they_did_and_when() -> None:
    assert unanswered_reason(date(2026, 11, 17), Channel.EMAIL, "Dana", TODAY) == (
        "Dana wrote on Tue 17 Nov; you haven't answered"
    )
    assert unanswered_reason(TODAY, Channel.VIDEO, "Dana", TODAY) == (
        "Dana called today; you haven't answered"
    )


def test_talking_points_skip_promises_already_in_the_reasons_and_the_departed() -> None:
    shown = Promise("send the deck", date(2026, 11, 1), due=date(2026, 11, 20), id=4, person_id=1)
    other = Promise("lend a book", date(2026, 11, 1), id=5, person_id=1)
    f = CheckinFacts(
        ANA,
        kids=(
            Kid("Leo", YearlyDate(3, 1, 2019), id=1),
            Kid("Tom", passed_on=date(2020, 1, 1), id=2),
        ),
        pets=(Pet("Rex", "dog", YearlyDate(1, 5, 2026), id=1), Pet("Bella", passed_on=TODAY, id=2)),
        open_promises=(shown, other),
    )
    assert talking_points(f, TODAY, {id(shown)}) == [
        "You promised: lend a book",
        "Ask about Leo (7)",
        "Ask about Rex (dog, under 1)",
    ]
