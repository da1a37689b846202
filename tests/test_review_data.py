"""store.review_data.month_review against build_review fed with complete, naively gathered inputs.

month_review never builds facts for everyone (see its module docstring); these tests hold its
result side by side with what the domain makes of everyone's CheckinFacts and every entry, on
seeded random journals with the awkward cases: same-day interactions, shared entries, people in
the trash, archived, snoozed or added later, own/tag/learned rhythms ("none" too), entries
after today.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

import pytest

from rjournal.domain.model import Channel, CheckinFacts, Entry, Person
from rjournal.domain.review import MonthReview, build_review, month_bounds
from rjournal.domain.rhythms import Rhythm
from rjournal.store.facts import RECENT_INTERACTIONS
from rjournal.store.journal import Journal, _promise_from_row
from rjournal.store.review_data import month_review

TODAY = date(2026, 11, 22)
START = date(2025, 9, 1)
CREATED = datetime(2026, 11, 22, 9, 0)
RHYTHMS = [Rhythm(10, "d"), Rhythm(2, "w"), Rhythm(1, "m"), Rhythm(3, "m"), Rhythm(1, "y")]
TAGS = ["family", "friend", "work", "club", "school"]
# Months: the current one, past ones (one with a leap-free February), one before any entry,
# and one still to come.
MONTHS = [(2026, 11), (2026, 10), (2026, 2), (2025, 12), (2024, 5), (2027, 1)]


def _build(journal: Journal, seed: int, people: int) -> None:
    rng = random.Random(seed)
    journal.set_tag_rhythm("family", Rhythm(2, "w"))
    journal.set_tag_rhythm("friend", Rhythm(1, "m"))
    journal.set_tag_rhythm("work", Rhythm(0))  # "none" as a tag default
    journal.set_tag_rhythm("club", Rhythm(30, "d"))  # ties with monthly by the shortest
    ids: list[int] = []
    for _ in range(people):
        own: Rhythm | None = None
        roll = rng.random()
        if roll < 0.3:
            own = rng.choice(RHYTHMS)
        elif roll < 0.35:
            own = Rhythm(0)
        added = START + timedelta(days=rng.randrange(0, 480))
        person = Person(
            f"P{rng.randrange(60):02d}",  # names repeat: ties sort by id
            added,
            tags=tuple(rng.sample(TAGS, rng.randrange(0, 3))),
            rhythm=own,
        )
        ids.append(journal.add_person(person))
    # Entries straight into the tables (one transaction), then the store re-derives contact.
    with journal.write() as conn:
        for _ in range(people * 7):
            on = START + timedelta(days=rng.randrange(0, 480))
            if rng.random() < 0.1:
                on = TODAY - timedelta(days=rng.randrange(0, 5))  # crowd the last days
            kind = "interaction" if rng.random() < 0.85 else "note"
            channel = rng.choice([*Channel, None])
            who = rng.sample(ids, 1 if rng.random() < 0.85 else rng.randrange(2, 4))
            # Lopsided people: some hardly ever reach out.
            them = rng.random() < (0.05 if who[0] % 3 == 0 else 0.5)
            cursor = conn.execute(
                "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
                "VALUES (?, ?, ?, ?, '', ?)",
                (kind, on.isoformat(), channel, int(them), CREATED.isoformat()),
            )
            conn.executemany(
                "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                [(cursor.lastrowid, p) for p in who],
            )
        journal._refresh_contact(conn, ids)
    for person_id in rng.sample(ids, people // 10):
        journal.set_archived(person_id, True)
    for person_id in rng.sample(ids, people // 10):
        journal.snooze(person_id, TODAY + timedelta(days=rng.randrange(-90, 60)))
    for person_id in rng.sample(ids, 20):
        due = START + timedelta(days=rng.randrange(0, 480))
        promise = journal.add_promise(person_id, "call back", START, due)
        if rng.random() < 0.6:
            journal.complete_promise(promise, due + timedelta(days=rng.randrange(-5, 5)))
    for person_id in rng.sample(ids, people // 15):
        journal.delete_person(person_id, CREATED)


def _naive(journal: Journal, year: int, month: int, today: date) -> MonthReview:
    """build_review over every entry and everyone's complete CheckinFacts as of the day."""
    as_of = min(today, month_bounds(year, month)[1])
    conn = journal.conn
    live = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT id, learned_days FROM people WHERE deleted_at IS NULL ORDER BY id"
        )
    }
    members: dict[int, list[int]] = defaultdict(list)
    for entry_id, person_id in conn.execute("SELECT entry_id, person_id FROM entry_people"):
        if person_id in live:
            members[entry_id].append(person_id)
    entries: list[Entry] = []
    for entry_id, kind, on_date, channel, from_them in conn.execute(
        "SELECT id, kind, on_date, channel, from_them FROM entries ORDER BY id"
    ):
        if members[entry_id]:
            entries.append(
                Entry(
                    kind,
                    date.fromisoformat(on_date),
                    "",
                    Channel(channel) if channel else None,
                    bool(from_them),
                    tuple(sorted(members[entry_id])),
                    id=entry_id,
                )
            )
    history: dict[int, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: (e.on, e.id or 0), reverse=True):
        if entry.is_interaction and entry.on <= as_of:
            for person_id in entry.people:
                history[person_id].append(entry)
    rhythms = journal.tag_rhythms()
    people: list[CheckinFacts] = []
    for person_id, (learned_days,) in live.items():
        person = journal.person(person_id)
        mine = history[person_id]
        defaults = [rhythms[t] for t in sorted(person.tags) if t in rhythms]
        people.append(
            CheckinFacts(
                person=person,
                last_contact=mine[0].on if mine else None,
                last_channel=mine[0].channel if mine else None,
                tag_rhythm=min(defaults, key=Rhythm.approx_days) if defaults else None,
                learned_rhythm=Rhythm(learned_days, "d") if learned_days else None,
                recent_from_them=tuple(e.from_them for e in mine[:RECENT_INTERACTIONS]),
            )
        )
    promises = [
        _promise_from_row(row)
        for row in conn.execute(
            "SELECT pr.id, pr.person_id, pr.text, pr.due, pr.done_on, pr.created_on "
            "FROM promises pr JOIN people p ON p.id = pr.person_id WHERE p.deleted_at IS NULL"
        )
    ]
    names = {pid: journal.person(pid).name for pid in live}
    return build_review(year, month, today, entries, people, promises, names)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_month_review_matches_build_review_on_complete_inputs(journal: Journal, seed: int) -> None:
    _build(journal, seed, people=150)
    for year, month in MONTHS:
        for today in (TODAY, date(2026, 10, 15)):
            fast = month_review(journal, year, month, today)
            assert fast == _naive(journal, year, month, today), (year, month, today)


def test_the_lists_are_not_trivially_empty(journal: Journal) -> None:
    _build(journal, 4, people=150)
    review = month_review(journal, 2026, 11, TODAY)
    assert review.slipped and review.only_you and review.unreturned
    assert {run for _, _, run in review.only_you} >= {RECENT_INTERACTIONS}
    assert review.interactions and review.notes and review.people_contacted


def test_an_empty_journal_and_an_empty_month(journal: Journal) -> None:
    assert month_review(journal, 2026, 11, TODAY) == _naive(journal, 2026, 11, TODAY)
    _build(journal, 5, people=40)
    empty = month_review(journal, 2024, 5, TODAY)
    assert empty.interactions == empty.notes == empty.people_contacted == 0
    assert empty == _naive(journal, 2024, 5, TODAY)
