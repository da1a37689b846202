"""What the person and review screens say, tested as functions of records and today: real
journals in tmp_path, no App."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from rjournal.app.presenters.person import (
    birthday_text,
    done_line,
    engine_lines,
    header_line,
    item_label,
    kid_line,
    occasion_line,
    pet_line,
    profile_lines,
    promise_prompt,
)
from rjournal.app.presenters.review import (
    balance,
    month_title,
    month_to_show,
    review_options,
    shift_month,
    summary,
)
from rjournal.app.widgets.review_chart import chart_lines
from rjournal.app.widgets.timeline import entry_content, entry_heading
from rjournal.domain.checkin import explain_person
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Kid, NewEntry, NewPerson, Occasion, Person, Pet, Promise
from rjournal.store.facts import person_facts
from rjournal.store.journal import Journal
from rjournal.store.review_data import month_review
from tests.app.journals import HOSTILE_NAMES, HOSTILE_NOTE
from tests.app.test_review_screen import ANN, BOB, CLICK, small_journal
from tests.conftest import TODAY


@pytest.fixture
def maria(db_path: Path, hero: dict[str, int]) -> Iterator[tuple[Journal, int]]:
    """The hero's journal, open, and Maria's id."""
    with Journal.open(db_path) as journal:
        yield journal, hero["maria"]


# -- the person screen -------------------------------------------------------------------


def test_the_profile_says_what_was_typed_and_the_rhythm_in_force(
    maria: tuple[Journal, int],
) -> None:
    journal, maria_id = maria
    facts = person_facts(journal, maria_id)
    profile = profile_lines(facts.person, facts, TODAY).plain
    for expected in (
        "Valencia",
        "14 Mar 1984, 42",
        "Jordi",
        "text, never before 10",
        "#client #friend",
        "monthly (your own)",
        "not a fan of long calls",
        "Tue 10 Nov 2026 (12 days ago) via meal",
    ):
        assert expected in profile


def test_kids_and_pets_with_ages_and_tact(maria: tuple[Journal, int]) -> None:
    journal, maria_id = maria
    family = [kid_line(k, TODAY).plain for k in journal.kids(maria_id)]
    family += [pet_line(p, TODAY).plain for p in journal.pets(maria_id)]
    text = "\n".join(family)
    assert "Leo, 7" in text and "Luna (dog), 5" in text
    assert "Rex (dog), in memory, 2012–2025" in family
    assert "Rex (dog)," not in text.replace("Rex (dog), in memory", "")
    assert "Ana — birthday Tue 1 Dec" in family  # no year, no age, the day said once


def test_the_engine_says_due_and_never_offers_a_pet_in_memory(
    maria: tuple[Journal, int],
) -> None:
    journal, maria_id = maria
    facts = person_facts(journal, maria_id)
    engine = engine_lines(explain_person(facts, TODAY), facts, TODAY).plain
    assert engine.startswith("Due Fri 20 Nov 2026 (2 days ago)")
    assert "Send her the climbing article" in engine
    assert "Rex" not in engine


def test_occasions_promises_and_what_was_done(maria: tuple[Journal, int]) -> None:
    journal, maria_id = maria
    (wedding,) = journal.occasions(maria_id)
    line = occasion_line(wedding, TODAY).plain
    assert line == "Wedding anniversary — 29 Nov 2015 (next: Sun 29 Nov, in 7 days)"
    promises = journal.promises(maria_id)
    prompts = [promise_prompt(p, TODAY).plain for p in promises if p.is_open]
    assert "Send her the climbing article — due Fri 20 Nov (2 days ago)" in prompts
    assert "Intro to Carl — due Wed 2 Dec (in 10 days)" in prompts
    done = [p for p in promises if not p.is_open]
    assert [done_line(p, TODAY).plain for p in done] == ["✓ Book the venue — Mon 2 Nov"]


def test_the_demo_hero_family_with_tact(demo_db: Path) -> None:
    with Journal.open(demo_db) as journal:
        family = "\n".join(
            [kid_line(k, TODAY).plain for k in journal.kids(1)]
            + [pet_line(p, TODAY).plain for p in journal.pets(1)]
        )
        facts = person_facts(journal, 1)
    assert "Leo, 6" in family and "turns 7 on Sat 28 Nov" in family
    assert "Tom (cat), in memory" in family
    engine = engine_lines(explain_person(facts, TODAY), facts, TODAY).plain
    assert "Tom" not in engine and "Rex" in engine


def test_birthdays_with_and_without_a_year() -> None:
    assert birthday_text(YearlyDate(3, 14, 1984), TODAY) == (
        "14 Mar 1984, 42 (next: Sun 14 Mar 2027, in 112 days)"
    )
    assert birthday_text(YearlyDate(11, 23), TODAY) == "23 Nov (next: Mon 23 Nov, tomorrow)"
    assert kid_line(Kid("Baby", YearlyDate(6, 1, 2026), id=1), TODAY).plain.startswith(
        "Baby, under 1"
    )


def test_the_header_says_archived_and_snoozed() -> None:
    person = Person(
        name="Maria Sánchez",
        nickname="Mari",
        role="CTO",
        company="Northwind",
        added_on=TODAY,
        archived=True,
        snoozed_until=TODAY + timedelta(days=3),
        id=1,
    )
    assert header_line(person, TODAY).plain == (
        "Maria Sánchez (Mari)  CTO at Northwind  [archived]  [snoozed until Wed 25 Nov]"
    )
    # A snooze that is over is not worth saying.
    awake = Person(name="Al", added_on=TODAY, snoozed_until=TODAY, id=2)
    assert header_line(awake, TODAY).plain == "Al"


def test_hostile_names_and_notes_are_shown_literally(db_path: Path) -> None:
    with Journal.open(db_path) as journal:
        ids = [
            journal.add_person(NewPerson(name=n, added_on=TODAY, company=n)) for n in HOSTILE_NAMES
        ]
        entry_id = journal.add_entry(
            NewEntry("note", TODAY, HOSTILE_NOTE, people=tuple(ids)),
            created_at=datetime(2026, 11, 22, 9),
        )
        entry = journal.entry(entry_id)
        names = journal.names(ids)
        for person_id, name in zip(ids, HOSTILE_NAMES, strict=True):
            assert name in header_line(journal.person(person_id), TODAY).plain
            heading = entry_heading(entry, person_id, names, TODAY)
            shown = entry_content(entry, heading).plain
            assert "[b]" in shown and "\\x1b[31mred?\\x07 [/]" in shown
            assert "\x1b" not in shown and "\x07" not in shown
            others = [n for n in HOSTILE_NAMES if n != name]
            assert all(other in shown for other in others)


def test_items_are_named_for_confirmations_as_plain_text() -> None:
    assert item_label(Kid("Leo", id=2)) == "the kid Leo"
    assert item_label(Pet("Rex [b]", "dog", id=1)) == "the pet Rex [b]"
    assert item_label(Occasion("Founding\x07 day", YearlyDate(6, 12), id=1)) == (
        "the occasion “Founding\\x07 day”"
    )
    promise = Promise(person_id=1, text="send\nthe deck", created_on=TODAY, id=1)
    assert item_label(promise) == "the promise “send the deck”"


# -- the review screen -------------------------------------------------------------------


def test_the_month_in_words_as_build_review_makes_it(db_path: Path) -> None:
    small_journal(db_path)
    with Journal.open(db_path) as journal:
        november = month_review(journal, 2026, 11, TODAY)
        october = month_review(journal, 2026, 10, TODAY)
    assert summary(november, TODAY).plain == "3 interactions, 1 note so far; 3 people contacted"
    assert "so far" not in summary(october, TODAY).plain
    assert balance(november).plain.startswith("You reached out 2 times, they did 1 time\n")
    bar = balance(november, width=30).plain.splitlines()[1]
    assert bar.endswith("█  █ you  █ them")  # the legend: each swatch before its label
    chart = [line.plain for line in chart_lines(november.weeks, november.by_channel, 80)]
    assert chart[0].startswith("Oct 26")  # the week of Monday 26 Oct touches November
    assert chart[1].startswith("Nov  2") and chart[1].endswith(" 1")
    assert chart[2].startswith("Nov  9") and chart[2].endswith(" 2")
    assert len(chart[2].split()[2]) == 2 * len(chart[1].split()[2])  # bars to scale
    options, targets = review_options(november)
    lines = [str(option.prompt) for option in options]
    assert len(targets) == len(lines)
    assert any(line.strip().startswith(BOB) and "they reached out" in line for line in lines)
    assert any(CLICK in line and "intro to Carl" in line for line in lines)
    assert any(ANN in line and "send \\x1b[31mthe deck [b]now[/]" in line for line in lines)
    assert "\x1b" not in "\n".join(lines)
    # Headings and blank lines open nothing; every other line opens a person or a promise.
    for option, target in zip(options, targets, strict=True):
        assert (target is None) == option.disabled


def test_an_empty_month_says_nothing_logged_and_the_future_is_now(db_path: Path) -> None:
    small_journal(db_path)
    with Journal.open(db_path) as journal:
        march = month_review(journal, 2026, 3, TODAY)
    assert summary(march, TODAY).plain == "nothing logged in March 2026"
    assert "no interactions this month" in chart_lines(march.weeks, march.by_channel, 80)[0].plain
    assert "Promises kept: none" in [str(o.prompt) for o in review_options(march)[0]]
    assert month_to_show(2027, 2, TODAY) == (2026, 11)
    assert month_to_show(None, None, TODAY) == (2026, 11)
    assert month_to_show(2026, 3, TODAY) == (2026, 3)


def test_months_step_over_years_in_any_locale() -> None:
    assert shift_month(2026, 1, -1) == (2025, 12)
    assert shift_month(2026, 12, 1) == (2027, 1)
    assert shift_month(2026, 11, -23) == (2024, 12)
    assert month_title(2026, 11) == "November 2026"


def test_a_snoozed_person_is_next_due_when_the_snooze_ends_with_the_overdue_promise(
    db_path: Path,
) -> None:
    from datetime import date

    from rjournal.domain.model import Channel
    from rjournal.domain.rhythms import Rhythm

    today = date(2026, 12, 6)
    with Journal.open(db_path) as journal:
        pid = journal.add_person(
            NewPerson(name="Ana Ruiz", rhythm=Rhythm(1, "m"), added_on=date(2026, 1, 1))
        )
        journal.add_entry(
            NewEntry("interaction", date(2026, 11, 27), "coffee", Channel.COFFEE, people=(pid,)),
            created_at=datetime(2026, 11, 27, 9),
        )
        journal.add_promise(pid, "send the deck", date(2026, 11, 27), date(2026, 12, 7))
        journal.snooze(pid, date(2026, 12, 20))
        facts = person_facts(journal, pid)
    assert explain_person(facts, today) is None
    said = engine_lines(None, facts, today).plain
    assert "Next due Sun 20 Dec 2026" in said
    assert "Sun 27 Dec" not in said
    assert "Promise overdue since Mon 7 Dec: send the deck" in said
    # The command line's ranking that day says the same.
    back = explain_person(facts, date(2026, 12, 20))
    assert back is not None and back.reasons[0] in said


def test_a_promise_due_before_the_rhythm_is_the_next_due_day(db_path: Path) -> None:
    from datetime import date

    from rjournal.domain.rhythms import Rhythm

    today = date(2026, 12, 6)
    with Journal.open(db_path) as journal:
        pid = journal.add_person(
            NewPerson(name="Ana Ruiz", rhythm=Rhythm(1, "y"), added_on=date(2026, 11, 1))
        )
        journal.add_promise(pid, "send the deck", today, date(2027, 1, 20))
        facts = person_facts(journal, pid)
    said = engine_lines(None, facts, today).plain
    assert "Next due Wed 20 Jan 2027" in said


def test_profile_words_met_reach_and_an_other_channel(db_path: Path) -> None:
    from rjournal.domain.model import Channel

    with Journal.open(db_path) as journal:
        pid = journal.add_person(
            NewPerson(
                name="Ana Ruiz",
                met="Met at a design meetup",
                channel=Channel.COFFEE,
                reach="text, never before 10",
                added_on=TODAY,
            )
        )
        other = journal.add_person(NewPerson(name="Bo Lind", channel=Channel.OTHER, added_on=TODAY))
        facts, other_facts = person_facts(journal, pid), person_facts(journal, other)
    profile = profile_lines(facts.person, facts, TODAY).plain
    assert "Met at a design meetup" in profile and "Met          Met" not in profile
    assert "coffee, text" not in profile
    assert "coffee" in profile and "text, never before 10" in profile
    assert "other" not in profile_lines(other_facts.person, other_facts, TODAY).plain


def test_a_day_in_another_year_than_todays_carries_its_year(db_path: Path) -> None:
    """Wherever a weekday is shown, as the command line says it (wording.day_label)."""
    from datetime import date

    today = date(2026, 12, 6)
    assert birthday_text(YearlyDate(5, 25, 1973), today) == (
        "25 May 1973, 53 (next: Tue 25 May 2027, in 170 days)"
    )
    assert birthday_text(YearlyDate(12, 20), today) == "20 Dec (next: Sun 20 Dec, in 14 days)"
    founding = Occasion("Founding day", YearlyDate(1, 2, 2015), id=1)
    assert occasion_line(founding, today).plain == (
        "Founding day — 2 Jan 2015 (next: Sat 2 Jan 2027, in 27 days)"
    )
    ahead = Promise("send the deck", today, date(2027, 11, 20), id=1, person_id=1)
    assert promise_prompt(ahead, today).plain == (
        "send the deck — due Sat 20 Nov 2027 (in 349 days)"
    )
    kept = Promise("book the venue", date(2025, 10, 1), None, date(2025, 11, 2), id=2, person_id=1)
    assert done_line(kept, today).plain == "✓ book the venue — Sun 2 Nov 2025"
    with Journal.open(db_path) as journal:
        pid = journal.add_person(NewPerson(name="Ana Ruiz", added_on=date(2026, 1, 1)))
        journal.snooze(pid, date(2027, 1, 3))
        facts = person_facts(journal, pid)
    assert "[snoozed until Sun 3 Jan 2027]" in header_line(facts.person, today).plain
    said = engine_lines(None, facts, today).plain
    assert said.startswith("Snoozed until Sun 3 Jan 2027: quiet until then.")
