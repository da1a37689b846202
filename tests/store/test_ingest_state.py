"""Touches from mail and calendars logged once: a second run logs nothing, a later reply joins
the interaction already logged, and an exchange you answered the same day waits on nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from rjournal.domain.checkin import unanswered_since
from rjournal.domain.model import NewPerson
from rjournal.ingest.touches import MailTouch, Meeting
from rjournal.store.facts import person_facts
from rjournal.store.ingest_state import (
    address_book,
    log_mail,
    log_meetings,
    mail_text,
    new_meetings,
    plan_mail,
)
from rjournal.store.journal import Journal

FRIDAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 22, 9, 0)


def touch(
    pid: int,
    *ids: str,
    day: date = FRIDAY,
    thread: str = "<t1@x>",
    from_them: bool = True,
    last_from_them: bool = True,
    subject: str | None = None,
) -> MailTouch:
    return MailTouch(pid, day, thread, from_them, last_from_them, tuple(sorted(ids)), subject)


@pytest.fixture
def two(j: Journal) -> tuple[Journal, int, int]:
    dana = j.add_person(
        NewPerson("Dana Kim", date(2026, 1, 1), emails=("Dana@Example.com", "dk@work.example"))
    )
    eli = j.add_person(NewPerson("Eli Ortiz", date(2026, 1, 1), emails=("eli@example.net",)))
    return j, dana, eli


def entries(j: Journal, pid: int) -> list[tuple[str, str, bool, str]]:
    return [(e.on.isoformat(), e.channel.value if e.channel else "", e.from_them, e.text)
            for e in j.timeline(pid)]  # fmt: skip


def test_the_address_book_is_lower_case_and_names_shared_addresses(
    two: tuple[Journal, int, int],
) -> None:
    j, dana, eli = two
    twin = j.add_person(NewPerson("Dana K.", date(2026, 1, 1), emails=("dana@example.com",)))
    book = address_book(j)
    assert book.people == {
        "dana@example.com": dana,
        "dk@work.example": dana,
        "eli@example.net": eli,
    }
    assert book.shared == [("dana@example.com", [dana, twin])]


def test_a_touch_is_logged_once_and_a_second_run_logs_nothing(
    two: tuple[Journal, int, int],
) -> None:
    j, dana, eli = two
    mine = touch(eli, "<b@x>", from_them=False, last_from_them=False)
    first = log_mail(j, [touch(dana, "<a@x>"), mine], created_at=NOW)
    assert first.count("new") == 2
    assert entries(j, dana) == [("2026-11-20", "email", True, "Email, logged from your mail")]
    assert entries(j, eli) == [("2026-11-20", "email", False, "Email, logged from your mail")]
    again = log_mail(j, [touch(dana, "<a@x>"), touch(eli, "<b@x>")], created_at=NOW)
    assert again.count("seen") == 2 and again.count("new") == 0
    assert len(j.timeline(dana)) == len(j.timeline(eli)) == 1


def test_new_messages_of_a_day_join_the_interaction_already_logged(
    two: tuple[Journal, int, int],
) -> None:
    """Friday morning Dana writes (logged, waiting on you); you answer that afternoon and the
    next run sees both: the same interaction, now answered."""
    j, dana, _ = two
    log_mail(j, [touch(dana, "<a@x>")], created_at=NOW)
    assert unanswered_since(person_facts(j, dana)) == FRIDAY
    later = touch(dana, "<a@x>", "<reply@me>", last_from_them=False)
    plan = log_mail(j, [later], created_at=NOW)
    assert plan.count("linked") == 1
    assert len(j.timeline(dana)) == 1
    assert j.timeline(dana)[0].from_them  # who reached out is unchanged
    assert unanswered_since(person_facts(j, dana)) is None  # answered
    # Dana writes again the same day, after your answer: waiting again.
    log_mail(j, [touch(dana, "<a@x>", "<reply@me>", "<again@x>")], created_at=NOW)
    assert unanswered_since(person_facts(j, dana)) == FRIDAY


def test_an_exchange_you_answered_the_same_day_is_from_them_and_waits_on_nothing(
    two: tuple[Journal, int, int],
) -> None:
    j, dana, _ = two
    log_mail(j, [touch(dana, "<a@x>", "<b@me>", last_from_them=False)], created_at=NOW)
    facts = person_facts(j, dana)
    assert facts.last_contact == FRIDAY and j.timeline(dana)[0].from_them
    assert unanswered_since(facts) is None
    assert j.conn.execute("SELECT awaiting FROM people WHERE id = ?", (dana,)).fetchone() == (0,)


def test_a_message_counts_once_per_person(two: tuple[Journal, int, int]) -> None:
    """A message to Dana and Eli, logged for Dana while Eli was not in the journal yet: Eli's
    touch of the same message is still logged for Eli."""
    j, dana, eli = two
    log_mail(j, [touch(dana, "<a@x>", from_them=False, last_from_them=False)], created_at=NOW)
    plan = log_mail(j, [touch(eli, "<a@x>", from_them=False, last_from_them=False)],
                    created_at=NOW)  # fmt: skip
    assert plan.count("new") == 1
    assert len(j.timeline(eli)) == 1


def test_a_deleted_interaction_stays_seen(two: tuple[Journal, int, int]) -> None:
    j, dana, _ = two
    log_mail(j, [touch(dana, "<a@x>")], created_at=NOW)
    j.delete_entry(j.timeline(dana)[0].id)
    assert plan_mail(j, [touch(dana, "<a@x>")]).count("seen") == 1
    assert log_mail(j, [touch(dana, "<a@x>")], created_at=NOW).count("new") == 0
    assert j.timeline(dana) == []


def test_after_a_merge_the_messages_are_seen_for_the_person_kept(
    two: tuple[Journal, int, int],
) -> None:
    j, dana, _ = two
    twin = j.add_person(NewPerson("Dana K.", date(2026, 1, 1), emails=("dana.k@example.com",)))
    log_mail(j, [touch(twin, "<a@x>")], created_at=NOW)
    j.merge_people(twin, dana, datetime(2026, 11, 22))
    assert plan_mail(j, [touch(dana, "<a@x>")]).count("seen") == 1


def test_subjects_are_kept_only_when_read() -> None:
    assert mail_text(touch(1, "<a@x>")) == "Email, logged from your mail"
    assert mail_text(touch(1, "<a@x>", "<b@x>", subject="Lunch?")) == "2 emails: Lunch?"


def test_nothing_is_written_when_a_run_fails(two: tuple[Journal, int, int]) -> None:
    j, dana, _ = two
    with pytest.raises(Exception, match=r"FOREIGN KEY|no person"):
        log_mail(j, [touch(dana, "<a@x>"), touch(999, "<b@x>")], created_at=NOW)
    assert j.timeline(dana) == []
    assert j.conn.execute("SELECT count(*) FROM mail_seen").fetchone() == (0,)


def test_a_meeting_is_logged_once_by_uid_and_day(two: tuple[Journal, int, int]) -> None:
    j, dana, eli = two
    weekly = [
        Meeting("standup@x", date(2026, 11, 16), "Standup", (dana, eli), False),
        Meeting("standup@x", date(2026, 11, 18), "Standup", (dana, eli), False),
        Meeting("lunch@x", date(2026, 11, 18), "", (dana,), True),
    ]
    assert log_meetings(j, weekly, created_at=NOW) == 3
    assert log_meetings(j, weekly, created_at=NOW) == 0
    assert new_meetings(j, weekly) == []
    assert [e[1:] for e in entries(j, dana)] == [
        ("meeting", True, "Meeting, logged from your calendar"),
        ("meeting", False, "Meeting: Standup"),
        ("meeting", False, "Meeting: Standup"),
    ]
    assert person_facts(j, eli).last_contact == date(2026, 11, 18)
