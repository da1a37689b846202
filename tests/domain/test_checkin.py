"""The check-in engine: who needs you next, and why (rules at a fixed day, then properties)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rjournal.domain.checkin import (
    CheckinSettings,
    ScoreTerm,
    Suggestion,
    effective_rhythm,
    explain_person,
    rank,
    rhythm_due,
    unanswered_since,
)
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import (
    Channel,
    CheckinFacts,
    Entry,
    Kid,
    Occasion,
    Person,
    Pet,
    Promise,
)
from rjournal.domain.occasions import upcoming_dates
from rjournal.domain.rhythms import NO_RHYTHM, Rhythm

TODAY = date(2026, 11, 22)  # a Sunday
WEEKLY = Rhythm(1, "w")
MONTHLY = Rhythm(1, "m")
QUARTERLY = Rhythm(3, "m")


def facts(
    name: str = "Ana",
    pid: int = 1,
    *,
    added_on: date = date(2025, 1, 1),
    last_contact: date | None = None,
    rhythm: Rhythm | None = None,
    person: dict[str, Any] | None = None,
    **kw: Any,
) -> CheckinFacts:
    p = Person(name=name, added_on=added_on, id=pid, rhythm=rhythm, **(person or {}))
    return CheckinFacts(person=p, last_contact=last_contact, **kw)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def ids(suggestions: list[Suggestion]) -> list[int]:
    return [s.person_id for s in suggestions]


def only(f: CheckinFacts, today: date = TODAY) -> Suggestion:
    found = rank([f], today)
    assert len(found) == 1, found
    return found[0]


# --- due by rhythm ------------------------------------------------------------------------


def test_due_when_days_since_contact_reach_the_rhythm() -> None:
    due_today = facts("Ana", 1, rhythm=MONTHLY, last_contact=date(2026, 10, 22))
    not_yet = facts("Bo", 2, rhythm=MONTHLY, last_contact=date(2026, 10, 23))
    assert rhythm_due(due_today) == TODAY
    assert rhythm_due(not_yet) == date(2026, 11, 23)
    assert ids(rank([due_today, not_yet], TODAY)) == [1]
    assert only(due_today).due == TODAY


def test_never_contacted_counts_from_the_day_added() -> None:
    new = facts("Ana", 1, rhythm=WEEKLY, added_on=days_ago(20))
    fresh = facts("Bo", 2, rhythm=WEEKLY, added_on=days_ago(6))
    (s,) = rank([new, fresh], TODAY)
    assert s.person_id == 1
    assert s.days_since == 20 and s.last_contact is None
    assert s.due == days_ago(13)
    assert s.reasons == ("Added on Mon 2 Nov, never contacted; your rhythm with Ana is weekly",)


def test_further_past_the_rhythm_ranks_higher_relative_to_the_rhythm() -> None:
    weekly = facts("Wes", 1, rhythm=WEEKLY, last_contact=days_ago(14))
    quarterly = facts("Quinn", 2, rhythm=QUARTERLY, last_contact=days_ago(120))
    found = rank([quarterly, weekly], TODAY)
    assert ids(found) == [1, 2]
    (w_term,) = found[0].terms
    assert (w_term.name, w_term.value, w_term.weight) == ("overdue", 2.0, 10.0)
    assert w_term.detail == "14 days since last contact / weekly rhythm (7 days)"
    (q_term,) = found[1].terms
    assert q_term.value == pytest.approx(120 / (3 * 30.44))
    assert "quarterly rhythm (91.3 days on average)" in q_term.detail


def test_overdue_term_is_capped_and_the_earlier_due_date_wins_past_the_cap() -> None:
    ages_ago = facts("Zed", 1, rhythm=Rhythm(1, "d"), last_contact=days_ago(500))
    long_ago = facts("Abe", 2, rhythm=Rhythm(1, "d"), last_contact=days_ago(100))
    found = rank([long_ago, ages_ago], TODAY)
    assert [s.score for s in found] == [60.0, 60.0]
    assert ids(found) == [1, 2]  # same score: the earlier due date first, not the name
    assert found[0].terms[0].detail.endswith("capped at 6")


def test_a_short_month_due_before_the_average_length_counts_as_one() -> None:
    # 31 Jan + 1 month = 28 Feb: due after 28 days, fewer than the 30.44 average.
    f = facts("Ana", rhythm=MONTHLY, last_contact=date(2027, 1, 31))
    s = only(f, date(2027, 2, 28))
    assert s.terms[0].value == 1.0
    assert s.score == 10.0


def test_one_more_day_since_contact_never_scores_less_across_a_month_end() -> None:
    # 30 Jan and 31 Jan + 1 month both fall due on 28 Feb; counting the days from each start
    # (29 vs 28) would rank the later contact first (55/28 > 56/29); the average does not.
    earlier = facts("Zed", 1, rhythm=MONTHLY, last_contact=date(2027, 1, 30))
    later = facts("Abe", 2, rhythm=MONTHLY, last_contact=date(2027, 1, 31))
    found = rank([later, earlier], date(2027, 3, 27))
    assert ids(found) == [1, 2]
    assert found[0].score > found[1].score


def test_rank_uses_last_contact_not_the_last_entry() -> None:
    # A note yesterday does not reset the clock: last_contact (interactions only) decides.
    note = Entry("note", days_ago(1), "Heard she moved to Porto", id=1)
    f = facts("Ana", rhythm=MONTHLY, last_contact=days_ago(47), last_entry=note)
    s = only(f)
    assert s.days_since == 47
    assert s.last_contact == days_ago(47)
    assert "Last note (Sat 21 Nov): Heard she moved to Porto" in s.talking_points
    recent = facts("Ana", rhythm=MONTHLY, last_contact=days_ago(1), last_entry=note)
    assert rank([recent], TODAY) == []


# --- rhythm sources -------------------------------------------------------------------------


def test_rhythm_comes_from_own_then_tag_then_learned_then_none() -> None:
    learned = Rhythm(10, "d")
    assert effective_rhythm(facts(rhythm=WEEKLY, tag_rhythm=MONTHLY)) == (WEEKLY, "own")
    assert effective_rhythm(facts(tag_rhythm=MONTHLY, learned_rhythm=learned)) == (
        MONTHLY,
        "tag",
    )
    assert effective_rhythm(facts(learned_rhythm=learned)) == (learned, "learned")
    assert effective_rhythm(facts()) == (None, "none")
    # An explicit "none" of their own hides the tag default and the learned rhythm.
    assert effective_rhythm(facts(rhythm=NO_RHYTHM, tag_rhythm=MONTHLY)) == (None, "none")
    assert rhythm_due(facts(rhythm=NO_RHYTHM)) is None


def test_reasons_name_the_rhythm_and_where_it_comes_from() -> None:
    base: dict[str, Any] = {"last_contact": days_ago(30), "last_channel": Channel.CALL}
    tag = only(facts("Ana", tag_rhythm=Rhythm(3, "w"), **base))
    assert tag.rhythm_source == "tag"
    assert tag.reasons == (
        "30 days since a call; your rhythm with Ana is every 3 weeks (tag default)",
    )
    learned = only(facts("Ana", learned_rhythm=Rhythm(10, "d"), **base))
    assert learned.rhythm_source == "learned" and learned.rhythm == Rhythm(10, "d")
    assert learned.reasons == (
        "30 days since a call; you are usually in touch with Ana every 10 days",
    )


def test_a_person_with_no_rhythm_and_nothing_else_never_appears() -> None:
    assert rank([facts(added_on=days_ago(5000))], TODAY) == []
    assert rank([facts(rhythm=NO_RHYTHM, last_contact=days_ago(900))], TODAY) == []
    assert explain_person(facts(), TODAY) is None


# --- reasons --------------------------------------------------------------------------------


def test_reason_names_the_last_channel_or_just_being_in_touch() -> None:
    coffee = facts("Ana", rhythm=MONTHLY, last_contact=days_ago(47), last_channel=Channel.COFFEE)
    assert only(coffee).reasons[0] == "47 days since coffee; your rhythm with Ana is monthly"
    unknown = facts("Ana", rhythm=MONTHLY, last_contact=days_ago(47))
    assert only(unknown).reasons[0] == (
        "47 days since you were last in touch; your rhythm with Ana is monthly"
    )
    nick = facts(
        "Ana Lima", rhythm=MONTHLY, last_contact=days_ago(31), person={"nickname": "Aninha"}
    )
    assert only(nick).reasons[0].endswith("your rhythm with Aninha is monthly")
    assert only(nick).name == "Ana Lima"


def test_one_sided_relationship_is_a_reason_with_no_weight() -> None:
    base: dict[str, Any] = {"rhythm": MONTHLY, "last_contact": days_ago(40)}
    f = facts(recent_from_them=(False, False, False, False), **base)
    s = only(f)
    assert s.reasons[-1] == "You reached out the last 4 times"
    term = next(t for t in s.terms if t.name == "one_sided")
    assert (term.value, term.weight, term.points) == (4.0, 0.0, 0.0)
    assert s.score == only(facts(**base)).score
    for recent in [(False, False), (False, False, True), (True, False, False, False)]:
        s = only(facts(recent_from_them=recent, **base))
        assert not any("reached out" in r for r in s.reasons)
    # One-sidedness alone never makes anyone appear.
    assert rank([facts(recent_from_them=(False,) * 5)], TODAY) == []


def test_dates_from_another_year_carry_the_year() -> None:
    promise = Promise(
        "call about the lease", date(2025, 12, 1), due=date(2025, 12, 20), id=1, person_id=1
    )
    s = only(facts(open_promises=(promise,)))
    assert s.reasons == ("Promise overdue since Sat 20 Dec 2025: call about the lease",)


# --- unanswered ---------------------------------------------------------------------------


def test_someone_who_wrote_and_waits_on_your_answer_appears() -> None:
    dana = facts(
        "Dana Kim",
        person={"nickname": "Dana"},
        last_contact=date(2026, 11, 17),
        last_channel=Channel.EMAIL,
        awaiting_answer=True,
    )
    assert unanswered_since(dana) == date(2026, 11, 17)
    s = only(dana)
    assert s.reasons == ("Dana wrote on Tue 17 Nov; you haven't answered",)
    (term,) = s.terms
    assert (term.name, term.value, term.weight) == ("unanswered", 5.0, 2.0)
    assert term.detail == "5 days since their last word, unanswered"
    assert s.due == date(2026, 11, 17)
    # Answered (the latest interaction is yours): nothing waits, and they do not appear.
    answered = replace(dana, awaiting_answer=False)
    assert unanswered_since(answered) is None
    assert rank([answered], TODAY) == []


def test_the_unanswered_term_grows_with_the_days_waiting_within_1_and_30() -> None:
    def waited(days: int) -> float:
        f = facts(last_contact=days_ago(days), awaiting_answer=True)
        (term,) = only(f).terms
        return term.value

    assert [waited(d) for d in (0, 1, 2, 14, 30, 31, 400)] == [1, 1, 2, 14, 30, 30, 30]
    (today,) = only(facts(last_contact=TODAY, awaiting_answer=True)).terms
    assert today.detail == "0 days since their last word, unanswered, counted as 1"
    (long,) = only(facts(last_contact=days_ago(90), awaiting_answer=True)).terms
    assert long.detail == "90 days since their last word, unanswered, capped at 30"


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        (Channel.EMAIL, "Ana wrote yesterday"),
        (Channel.MESSAGE, "Ana wrote yesterday"),
        (Channel.CALL, "Ana called yesterday"),
        (Channel.GIFT, "Ana sent a gift yesterday"),
        (Channel.COFFEE, "Ana reached out yesterday"),
        (None, "Ana reached out yesterday"),
    ],
)
def test_the_unanswered_reason_says_what_they_did(channel: Channel | None, words: str) -> None:
    f = facts(last_contact=days_ago(1), last_channel=channel, awaiting_answer=True)
    assert only(f).reasons == (f"{words}; you haven't answered",)


def test_a_message_waiting_a_fortnight_outranks_a_fortnight_into_a_weekly_rhythm() -> None:
    waiting = facts("Ana", 1, last_contact=days_ago(14), awaiting_answer=True)
    weekly = facts("Bo", 2, rhythm=WEEKLY, last_contact=days_ago(14))
    assert ids(rank([weekly, waiting], TODAY)) == [1, 2]


def test_a_due_promise_still_comes_before_an_unanswered_message() -> None:
    waiting = facts("Ana", 1, last_contact=days_ago(400), awaiting_answer=True)
    promise = Promise("send the deck", days_ago(2), due=TODAY, id=3, person_id=2)
    promised = facts("Bo", 2, open_promises=(promise,))
    assert ids(rank([waiting, promised], TODAY)) == [2, 1]
    both = only(replace(waiting, open_promises=(replace(promise, person_id=1),)))
    assert both.reasons == (
        "Promise due today: send the deck",
        "Ana reached out on Sat 18 Oct 2025; you haven't answered",
    )


# --- promises -------------------------------------------------------------------------------


def test_a_due_or_overdue_promise_puts_the_person_at_the_top() -> None:
    article = Promise(
        "send her the article", days_ago(10), due=date(2026, 11, 20), id=7, person_id=1
    )
    promised = facts("Zoe", 1, open_promises=(article,))
    # Everything but a promise, as much as possible: an occasion today, capped overdue, a
    # message a long time unanswered, promise soon.
    soon = Promise("book the table", days_ago(3), due=TODAY + timedelta(days=1), id=2, person_id=2)
    loaded = facts(
        "Abe",
        2,
        rhythm=Rhythm(1, "d"),
        last_contact=days_ago(1000),
        person={"birthday": YearlyDate(11, 22, 1980)},
        open_promises=(soon,),
        awaiting_answer=True,
    )
    found = rank([loaded, promised], TODAY)
    assert ids(found) == [1, 2]
    top = found[0]
    assert top.reasons == ("Promise overdue since Fri 20 Nov: send her the article",)
    assert [(t.name, t.value, t.weight) for t in top.terms] == [
        ("promise", 1.0, 1000.0),
        ("promise_late", 2.0, 1.0),
    ]
    assert top.score == 1002.0
    # Near the most anyone can score without a due promise (200 + 60 + 60 + 15 + 10).
    assert found[1].score == pytest.approx(200 + 60 + 60 + 15 + 10 * 14 / 15)
    assert top.due == date(2026, 11, 20)
    assert top.rhythm is None and top.rhythm_source == "none"
    # Already in the reasons, so not repeated as a talking point.
    assert not any("article" in p for p in top.talking_points)


def test_a_promise_due_today() -> None:
    today = Promise("send the deck", days_ago(2), due=TODAY, id=3, person_id=1)
    s = only(facts(open_promises=(today,)))
    assert s.reasons == ("Promise due today: send the deck",)
    assert [t.name for t in s.terms] == ["promise"]


def test_a_promise_without_due_date_does_not_trigger_but_is_a_talking_point() -> None:
    someday = Promise("lend him the sailing book", days_ago(30), id=4, person_id=1)
    assert rank([facts(open_promises=(someday,))], TODAY) == []
    s = only(facts(rhythm=WEEKLY, last_contact=days_ago(8), open_promises=(someday,)))
    assert "You promised: lend him the sailing book" in s.talking_points
    assert [t.name for t in s.terms] == ["overdue"]


def test_a_promise_due_within_the_lookahead_adds_a_smaller_term_and_a_reason() -> None:
    soon = Promise("send the article", days_ago(1), due=date(2026, 11, 26), id=5, person_id=1)
    later = Promise("visit the new office", days_ago(1), due=date(2027, 1, 15), id=6, person_id=1)
    s = only(facts(open_promises=(soon, later)))
    assert s.reasons == ("Promise due Thu 26 Nov: send the article",)
    (term,) = s.terms
    assert term.name == "promise_soon"
    assert term.value == pytest.approx((15 - 4) / 15)
    assert term.weight == 10.0
    assert s.due == date(2026, 11, 26)
    assert "You promised: visit the new office (by Fri 15 Jan 2027)" in s.talking_points
    assert rank([facts(open_promises=(later,))], TODAY) == []


def test_the_nearest_days_are_words_in_reasons() -> None:
    late = Promise("return the drill", days_ago(5), due=days_ago(1), id=7, person_id=1)
    assert only(facts(open_promises=(late,))).reasons == (
        "Promise overdue since yesterday: return the drill",
    )
    soon = Promise("book the table", days_ago(5), due=TODAY + timedelta(days=1), id=8, person_id=1)
    assert only(facts(open_promises=(soon,))).reasons == ("Promise due tomorrow: book the table",)
    ben = Kid("Ben", YearlyDate(11, 23, 2020), id=1)
    assert only(facts(kids=(ben,))).reasons == ("Ben turns 6 tomorrow",)


def test_done_promises_are_ignored_even_if_passed_in() -> None:
    done = Promise(
        "send the deck", days_ago(9), due=days_ago(3), done_on=days_ago(4), id=9, person_id=1
    )
    assert rank([facts(open_promises=(done,))], TODAY) == []


# --- occasions ------------------------------------------------------------------------------


def test_a_kids_birthday_with_a_year_names_the_age() -> None:
    leo = Kid("Leo", YearlyDate(12, 5, 2019), id=2)
    s = only(facts("Ana", kids=(leo,)))
    assert s.reasons == ("Leo turns 7 on Sat 5 Dec",)
    assert s.due == date(2026, 12, 5)
    (term,) = s.terms
    assert term.name == "occasion" and term.value == pytest.approx((15 - 13) / 15)
    assert "Ask about Leo (6)" in s.talking_points  # still 6 today


def test_a_pets_birthday_without_a_year() -> None:
    rex = Pet("Rex", "dog", YearlyDate(11, 27), id=1)
    s = only(facts("Ana", pets=(rex,)))
    assert s.reasons == ("Rex's birthday on Fri 27 Nov",)
    assert "Ask about Rex (dog)" in s.talking_points


def test_their_own_birthday_today() -> None:
    s = only(facts("Ana", person={"birthday": YearlyDate(11, 22)}))
    assert s.reasons == ("Ana's birthday today",)
    assert [(t.name, t.points) for t in s.terms] == [("occasion_today", 200.0), ("occasion", 15.0)]
    assert s.terms[0].detail == "an occasion falls today"
    with_year = only(facts("Ana", person={"birthday": YearlyDate(11, 22, 1986)}))
    assert with_year.reasons == ("Ana turns 40 today",)


def test_a_custom_yearly_occasion_counts_the_years() -> None:
    wedding = Occasion("Wedding anniversary", YearlyDate(12, 1, 2014), id=1)
    founding = Occasion("Company founded", YearlyDate(11, 30), id=2)
    first = Occasion("Moved to Lisbon", YearlyDate(11, 25, 2025), id=3)
    s = only(facts("Ana", occasions=(wedding, founding, first)))
    assert s.reasons == (
        "Moved to Lisbon (1 year) on Wed 25 Nov",
        "Company founded on Mon 30 Nov",
        "Wedding anniversary (12 years) on Tue 1 Dec",
    )
    assert s.due == date(2026, 11, 25)


def test_occasions_outside_the_lookahead_do_not_count_and_the_edge_does() -> None:
    edge = facts("Ana", person={"birthday": YearlyDate(12, 6)})  # today + 14
    beyond = facts("Bo", 2, person={"birthday": YearlyDate(12, 7)})
    yesterday = facts("Cy", 3, person={"birthday": YearlyDate(11, 21)})
    assert ids(rank([edge, beyond, yesterday], TODAY)) == [1]
    wide = CheckinSettings(lookahead_days=15)
    assert ids(rank([edge, beyond, yesterday], TODAY, wide)) == [1, 2]


def test_29_february_is_observed_on_28_february_in_common_years() -> None:
    leap_kid = Kid("Mia", YearlyDate(2, 29, 2020), id=3)
    s = only(facts("Ana", kids=(leap_kid,)), date(2027, 2, 20))
    assert s.reasons == ("Mia turns 7 on Sun 28 Feb",)
    s = only(facts("Ana", kids=(leap_kid,)), date(2028, 2, 20))
    assert s.reasons == ("Mia turns 8 on Tue 29 Feb",)
    # The day after 28 Feb in a common year, it is over.
    assert rank([facts("Ana", kids=(leap_kid,))], date(2027, 3, 1)) == []


def test_an_occasion_across_new_year() -> None:
    s = only(facts("Ana", person={"birthday": YearlyDate(1, 2)}), date(2026, 12, 28))
    assert s.reasons == ("Ana's birthday on Sat 2 Jan 2027",)


def test_passed_away_kids_and_pets_are_never_offered() -> None:
    gone_pet = Pet("Bella", "cat", YearlyDate(11, 25, 2010), passed_on=date(2026, 3, 1), id=2)
    gone_kid = Kid("Tom", YearlyDate(11, 26, 2001), passed_on=date(2020, 1, 1), id=4)
    only_gone = facts("Ana", pets=(gone_pet,), kids=(gone_kid,))
    assert rank([only_gone], TODAY) == []
    assert upcoming_dates(only_gone, TODAY, 14) == []
    due = replace(only_gone, person=replace(only_gone.person, rhythm=WEEKLY))
    s = only(due)
    text = " ".join(s.reasons + s.talking_points)
    assert "Bella" not in text and "Tom" not in text


# --- who never appears ----------------------------------------------------------------------


def test_archived_people_never_appear() -> None:
    promise = Promise("send the deck", days_ago(9), due=days_ago(3), id=10, person_id=1)
    f = facts(
        rhythm=WEEKLY,
        last_contact=days_ago(100),
        open_promises=(promise,),
        person={"archived": True, "birthday": YearlyDate(11, 22)},
    )
    assert rank([f], TODAY) == []
    assert explain_person(f, TODAY) is None


def test_snoozed_people_reappear_on_the_snooze_date() -> None:
    f = facts(rhythm=WEEKLY, last_contact=days_ago(30), person={"snoozed_until": TODAY})
    assert ids(rank([f], TODAY)) == [1]
    assert rank([f], TODAY - timedelta(days=1)) == []
    later = facts(
        rhythm=WEEKLY,
        last_contact=days_ago(30),
        open_promises=(Promise("x", days_ago(5), due=days_ago(1), id=11, person_id=1),),
        person={"snoozed_until": TODAY + timedelta(days=1)},
    )
    assert rank([later], TODAY) == []


# --- talking points, channel, explain -------------------------------------------------------


def test_talking_points_from_what_you_know() -> None:
    last = Entry(
        "interaction",
        date(2026, 10, 17),
        "Talked about Leo starting school\nand the new boat",
        channel=Channel.COFFEE,
        id=2,
    )
    f = facts(
        "Ana",
        rhythm=MONTHLY,
        last_contact=date(2026, 10, 17),
        last_channel=Channel.COFFEE,
        last_entry=last,
        kids=(Kid("Leo", YearlyDate(3, 1, 2019), id=5), Kid("Baby", YearlyDate(6, 1, 2026), id=10)),
        pets=(Pet("Rex", "dog", YearlyDate(1, 5, 2021), id=3), Pet("Fish", id=4)),
        open_promises=(Promise("lend her <b>Dune</b>", days_ago(3), id=12, person_id=1),),
        person={"partner": "Sam", "likes": "sailing, jazz", "dislikes": "platform X"},
    )
    assert only(f).talking_points == (
        "Last time (coffee, Sat 17 Oct): Talked about Leo starting school",
        "You promised: lend her <b>Dune</b>",  # user text as typed; the UI escapes it
        "Ask about Leo (7)",
        "Ask about Baby (under 1)",
        "Ask about Rex (dog, 5)",
        "Ask about Fish",
        "Say hello to Sam",
        "Cares about: sailing, jazz",
        "Avoid: platform X",
    )


def test_the_last_entry_is_cut_to_one_short_line() -> None:
    long = Entry("interaction", days_ago(40), "\n  " + "word " * 40, id=3)
    s = only(facts(rhythm=MONTHLY, last_contact=days_ago(40), last_entry=long))
    (point,) = s.talking_points
    assert point.startswith("Last time (Tue 13 Oct): word word")
    assert point.endswith("…")
    assert len(point.split(": ", 1)[1]) <= 80
    bare = Entry("interaction", days_ago(40), "", channel=Channel.CALL, id=4)
    s = only(facts(rhythm=MONTHLY, last_contact=days_ago(40), last_entry=bare))
    assert s.talking_points == ("Last time (call, Tue 13 Oct)",)


def test_channel_is_the_preferred_one_else_the_last_used() -> None:
    base: dict[str, Any] = {
        "rhythm": WEEKLY,
        "last_contact": days_ago(9),
        "last_channel": Channel.EMAIL,
    }
    assert only(facts(**base)).channel is Channel.EMAIL
    preferred = facts(person={"channel": Channel.MESSAGE}, **base)
    assert only(preferred).channel is Channel.MESSAGE
    assert only(facts(rhythm=WEEKLY, added_on=days_ago(9))).channel is None


def test_explain_person_says_the_same_as_rank() -> None:
    f = facts(
        rhythm=MONTHLY,
        last_contact=days_ago(50),
        kids=(Kid("Leo", YearlyDate(12, 5, 2019), id=6),),
        recent_from_them=(False, False, False),
    )
    assert explain_person(f, TODAY) == only(f)


def test_reasons_are_ordered_by_the_points_of_their_term() -> None:
    base: dict[str, Any] = {"rhythm": MONTHLY, "last_channel": Channel.CALL}
    birthday_soon: dict[str, Any] = {"birthday": YearlyDate(11, 24)}
    # Barely overdue (10 points) vs a birthday in two days (13): the birthday first.
    s = only(facts("Ana", last_contact=days_ago(31), person=birthday_soon, **base))
    assert s.reasons[0] == "Ana's birthday on Tue 24 Nov"
    # Long overdue (50 points) vs the birthday: the silence first.
    s = only(facts("Ana", last_contact=days_ago(150), person=birthday_soon, **base))
    assert s.reasons[0].startswith("150 days since a call")
    # A birthday today comes before the longest silence: the day passes.
    today: dict[str, Any] = {"birthday": YearlyDate(11, 22)}
    s = only(facts("Ana", last_contact=days_ago(400), person=today, **base))
    assert s.reasons[0] == "Ana's birthday today"


def test_score_is_the_sum_of_the_points_of_its_terms() -> None:
    everything = facts(
        "Ana",
        rhythm=WEEKLY,
        last_contact=days_ago(23),
        person={"birthday": YearlyDate(11, 30, 1990)},
        kids=(Kid("Leo", YearlyDate(12, 5, 2019), id=7),),
        open_promises=(
            Promise("a", days_ago(10), due=days_ago(4), id=13, person_id=1),
            Promise("b", days_ago(10), due=TODAY, id=14, person_id=1),
            Promise("c", days_ago(10), due=TODAY + timedelta(days=3), id=15, person_id=1),
        ),
        recent_from_them=(False, False, False),
    )
    s = only(everything)
    assert s.score == sum(t.points for t in s.terms)
    assert [t.name for t in s.terms] == [
        "promise",
        "promise_late",
        "overdue",
        "occasion",
        "promise_soon",
        "one_sided",
    ]
    assert s.reasons[:2] == ("Promise overdue since Wed 18 Nov: a", "Promise due today: b")
    assert s.due == days_ago(16)  # the rhythm fell due first
    assert ScoreTerm("x", 2.5, 4.0, "").points == 10.0


def test_ties_break_by_due_then_name_then_id() -> None:
    def bday(name: str, pid: int, day: int) -> CheckinFacts:
        return facts(name, pid, person={"birthday": YearlyDate(11, day)})

    # Same birthday, same score: name, then id.
    same = [bday("Bo", 3, 25), bday("Al", 2, 25), bday("Bo", 1, 25)]
    assert ids(rank(same, TODAY)) == [2, 1, 3]
    # Same score, different due (the rhythm due date is earlier for one of them).
    a = facts("Zed", 4, rhythm=Rhythm(1, "d"), last_contact=days_ago(30))
    b = facts("Abe", 5, rhythm=Rhythm(1, "d"), last_contact=days_ago(29))
    assert ids(rank([b, a], TODAY)) == [4, 5]


def test_limit_returns_the_top_of_the_full_ranking() -> None:
    people = [
        facts(f"P{i}", i, rhythm=Rhythm(1 + i % 9, "d"), last_contact=days_ago(i % 40))
        for i in range(1, 200)
    ]
    full = rank(people, TODAY)
    assert rank(people, TODAY, limit=5) == full[:5]
    assert rank(people, TODAY, limit=0) == []


def test_custom_weights_apply() -> None:
    f = facts(rhythm=WEEKLY, last_contact=days_ago(14), recent_from_them=(False,) * 3)
    heavy = CheckinSettings(overdue_weight=1.0, one_sided_weight=2.0)
    s = rank([f], TODAY, heavy)[0]
    assert s.score == 2.0 + 6.0


# --- properties -----------------------------------------------------------------------------

DAYS = st.integers(min_value=0, max_value=800)
RHYTHMS = st.one_of(
    st.none(),
    st.just(NO_RHYTHM),
    st.builds(Rhythm, st.integers(1, 40), st.sampled_from(["d", "w", "m", "y"])),
)
YEARLY = st.one_of(
    st.builds(
        YearlyDate,
        st.integers(1, 12),
        st.integers(1, 28),
        st.one_of(st.none(), st.integers(1950, 2026)),
    ),
    # Today and the days around it, often: the rules for an occasion that is today.
    st.builds(
        lambda ahead, year: YearlyDate(
            (TODAY + timedelta(days=ahead)).month, (TODAY + timedelta(days=ahead)).day, year
        ),
        st.integers(-1, 2),
        st.one_of(st.none(), st.integers(1950, 2026)),
    ),
)


@st.composite
def person_facts(draw: st.DrawFn, pid: int) -> CheckinFacts:
    added = TODAY - timedelta(days=draw(DAYS))
    contacted = draw(st.one_of(st.none(), DAYS))
    last = None if contacted is None else max(added, TODAY - timedelta(days=contacted))
    promises = tuple(
        Promise(
            "p",
            added,
            due=None if d is None else TODAY + timedelta(days=d),
            id=pid * 10 + i,
            person_id=pid,
        )
        for i, d in enumerate(
            draw(st.lists(st.one_of(st.none(), st.integers(-30, 30)), max_size=2))
        )
    )
    person = Person(
        name=draw(st.sampled_from(["Ana", "Bo", "Cy"])),
        added_on=added,
        id=pid,
        rhythm=draw(RHYTHMS),
        birthday=draw(st.one_of(st.none(), YEARLY)),
        archived=draw(st.booleans()),
        snoozed_until=draw(st.one_of(st.none(), st.just(TODAY), st.just(TODAY + timedelta(1)))),
    )
    return CheckinFacts(
        person=person,
        kids=tuple(
            Kid("K", b, id=pid * 10 + i) for i, b in enumerate(draw(st.lists(YEARLY, max_size=2)))
        ),
        open_promises=promises,
        last_contact=last,
        tag_rhythm=draw(RHYTHMS),
        learned_rhythm=draw(st.one_of(st.none(), st.builds(Rhythm, st.integers(1, 60)))),
        recent_from_them=tuple(draw(st.lists(st.booleans(), max_size=5))),
        awaiting_answer=last is not None and draw(st.booleans()),
    )


@st.composite
def journals(draw: st.DrawFn) -> list[CheckinFacts]:
    n = draw(st.integers(0, 12))
    return [draw(person_facts(pid)) for pid in range(1, n + 1)]


@settings(max_examples=150, deadline=None)
@given(journals(), st.randoms(use_true_random=False))
def test_ranking_is_a_total_order_independent_of_input_order(
    people: list[CheckinFacts], rnd: random.Random
) -> None:
    first = rank(people, TODAY)
    shuffled = list(people)
    rnd.shuffle(shuffled)
    assert rank(shuffled, TODAY) == first
    keys = [(-s.score, s.due, s.name, s.person_id) for s in first]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for s in first:
        assert s.score == sum(t.points for t in s.terms)
        assert s.reasons


@settings(max_examples=200, deadline=None)
@given(person_facts(1), DAYS, st.integers(1, 400))
def test_more_days_since_contact_never_ranks_lower(f: CheckinFacts, days: int, more: int) -> None:
    person = replace(f.person, added_on=TODAY - timedelta(days=days + more + 1))
    recent = replace(f, person=person, last_contact=TODAY - timedelta(days=days))
    older = replace(
        f, person=replace(person, id=2), last_contact=TODAY - timedelta(days=days + more)
    )
    found = {s.person_id: s for s in rank([recent, older], TODAY)}
    if 1 in found:
        assert 2 in found
        assert (-found[2].score, found[2].due) <= (-found[1].score, found[1].due)


@settings(max_examples=100, deadline=None)
@given(journals())
def test_archived_never_appears(people: list[CheckinFacts]) -> None:
    archived = {f.person.id for f in people if f.person.archived}
    assert not archived & set(ids(rank(people, TODAY)))
    for f in people:
        if f.person.archived:
            assert explain_person(f, TODAY) is None


@settings(max_examples=150, deadline=None)
@given(person_facts(1), st.integers(0, 14), st.one_of(st.none(), st.integers(1990, 2026)))
def test_a_living_kids_birthday_in_the_window_never_removes_anyone(
    f: CheckinFacts, ahead: int, year: int | None
) -> None:
    on = TODAY + timedelta(days=ahead)
    with_kid = replace(f, kids=(*f.kids, Kid("New", YearlyDate(on.month, on.day, year), id=9)))
    before = rank([f], TODAY)
    after = rank([with_kid], TODAY)
    if not f.person.archived and not (f.person.snoozed_until or TODAY) > TODAY:
        assert len(after) == 1
        assert any(r.startswith("New") for r in after[0].reasons)
    if before:
        assert after and after[0].score >= before[0].score


def test_a_contact_dated_after_today_is_zero_days_ago_never_negative() -> None:
    # Logged where the calendar was already a day ahead (UTC+14), ranked at UTC-8: a
    # promise due brings them in, and their days since contact is 0, not -1.
    due = Promise("send the deck", days_ago(30), due=days_ago(1), id=1, person_id=1)
    found = only(facts(rhythm=WEEKLY, last_contact=TODAY + timedelta(days=1), open_promises=(due,)))
    assert found.days_since == 0


def _has_due_promise(f: CheckinFacts, today: date = TODAY) -> bool:
    return any(p.due is not None and p.done_on is None and p.due <= today for p in f.open_promises)


def _has_occasion_today(f: CheckinFacts, today: date = TODAY) -> bool:
    return any(u.on == today for u in upcoming_dates(f, today, 0))


@settings(max_examples=200, deadline=None)
@given(journals())
def test_due_promises_first_then_occasions_today_then_the_rest(people: list[CheckinFacts]) -> None:
    """The invariant of the score: a due promise always ranks first, and an occasion that is
    today ranks above everything but due promises, whatever else anyone has."""
    by_id = {f.person.id: f for f in people}
    tiers = [
        0 if _has_due_promise(by_id[s.person_id]) else
        1 if _has_occasion_today(by_id[s.person_id]) else 2
        for s in rank(people, TODAY)
    ]  # fmt: skip
    assert tiers == sorted(tiers)
    for s in rank(people, TODAY):
        if any(t.name == "occasion_today" for t in s.terms):
            assert any(r.endswith("today") for r in s.reasons)


@settings(max_examples=150, deadline=None)
@given(person_facts(1), st.integers(0, 60), st.integers(1, 60))
def test_waiting_longer_on_an_answer_never_ranks_lower(
    f: CheckinFacts, days: int, more: int
) -> None:
    base = replace(f, awaiting_answer=True, person=replace(f.person, added_on=date(2020, 1, 1)))
    sooner = replace(base, last_contact=TODAY - timedelta(days=days))
    later = replace(base, last_contact=TODAY - timedelta(days=days + more))
    first, second = rank([sooner], TODAY), rank([later], TODAY)
    if first:
        assert second and second[0].score >= first[0].score
        assert any(t.name == "unanswered" for t in first[0].terms)
