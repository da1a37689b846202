"""store.review_data.month_review against build_review fed with complete, naively gathered inputs.

month_review never builds facts for everyone (see its module docstring); these tests hold its
result side by side with what the domain makes of everyone's CheckinFacts and every entry, on
seeded random journals with the awkward cases: same-day interactions, shared entries, people in
the trash, archived, snoozed or added later, own/tag/learned rhythms ("none" too), entries
after today. The reference learns each rhythm from the contacts up to the review day, as
learn_rhythm would have on that day, so a past month is not judged by a rhythm learned later.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rjournal.domain.model import Channel, CheckinFacts, Entry, NewPerson
from rjournal.domain.review import MonthReview, build_review, month_bounds
from rjournal.domain.rhythms import Rhythm, learn_rhythm
from rjournal.store.derived import RECENT_INTERACTIONS, refresh_contact
from rjournal.store.journal import Journal
from rjournal.store.review_data import month_review, stored_history_serves
from rjournal.store.rows import promise_from_row

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
        person = NewPerson(
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
        refresh_contact(conn, ids)
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


def _naive(
    journal: Journal, year: int, month: int, today: date, *, whole_history: bool = False
) -> MonthReview:
    """build_review over every entry and everyone's complete CheckinFacts as of the day.

    whole_history: the learned rhythm stored for today (the shortcut month_review once took),
    to show which journals tell the two apart.
    """
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
    for entry in sorted(entries, key=lambda e: (e.on, e.id), reverse=True):
        if entry.is_interaction and entry.on <= as_of:
            for person_id in entry.people:
                history[person_id].append(entry)
    rhythms = journal.tag_rhythms()
    people: list[CheckinFacts] = []
    for person_id, (learned_days,) in live.items():
        person = journal.person(person_id)
        mine = history[person_id]
        defaults = [rhythms[t] for t in sorted(person.tags) if t in rhythms]
        if whole_history:
            learned = Rhythm(learned_days, "d") if learned_days else None
        else:
            learned = learn_rhythm([e.on for e in mine])  # as learned on the review day
        people.append(
            CheckinFacts(
                person=person,
                last_contact=mine[0].on if mine else None,
                last_channel=mine[0].channel if mine else None,
                tag_rhythm=min(defaults, key=Rhythm.approx_days) if defaults else None,
                learned_rhythm=learned,
                recent_from_them=tuple(e.from_them for e in mine[:RECENT_INTERACTIONS]),
                awaiting_answer=bool(mine) and mine[0].from_them,
            )
        )
    promises = [
        promise_from_row(row)
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


def test_the_current_month_reads_the_stored_columns_a_past_day_the_history(
    journal: Journal,
) -> None:
    """On the day of the latest interaction (no interaction after it) the review reads the
    stored columns, and they give what the pure engine gives; a day earlier it reads the
    history."""
    _build(journal, 1, people=150)
    latest = date.fromisoformat(
        journal.conn.execute(
            "SELECT max(on_date) FROM entries WHERE kind = 'interaction'"
        ).fetchone()[0]
    )
    assert stored_history_serves(journal, latest)
    assert not stored_history_serves(journal, latest - timedelta(days=1))
    current = month_review(journal, latest.year, latest.month, latest)
    assert current == _naive(journal, latest.year, latest.month, latest)
    assert current.slipped and current.unreturned and current.only_you


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


def test_entries_of_no_one_here_count_for_nothing(journal: Journal) -> None:
    """The month's counts set aside an entry whose people are all in the trash and one left
    with no person at all (found apart from the index they are counted from); an entry shared
    with someone still here counts, and so does that person."""
    _build(journal, 6, people=60)
    before = month_review(journal, 2026, 11, TODAY)
    trashed, other = (
        row[0]
        for row in journal.conn.execute(
            "SELECT id FROM people WHERE deleted_at IS NOT NULL ORDER BY id LIMIT 2"
        )
    )
    here = journal.conn.execute(
        "SELECT id FROM people WHERE deleted_at IS NULL AND last_contact < ? ORDER BY id LIMIT 1",
        ((TODAY - timedelta(days=30)).isoformat(),),
    ).fetchone()[0]
    with journal.write() as conn:
        for who in ([trashed, other], [trashed, here], []):
            cursor = conn.execute(
                "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
                "VALUES ('interaction', ?, 'video', 0, '', ?)",
                (TODAY.isoformat(), CREATED.isoformat()),
            )
            conn.executemany(
                "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                [(cursor.lastrowid, p) for p in who],
            )
        refresh_contact(conn, [trashed, other, here])
    after = month_review(journal, 2026, 11, TODAY)
    assert after == _naive(journal, 2026, 11, TODAY)
    assert after.interactions == before.interactions + 1
    assert after.by_channel.get("video", 0) == before.by_channel.get("video", 0) + 1
    assert after.people_contacted == before.people_contacted + 1


def test_seeded_journals_tell_the_learned_rhythm_as_of_the_day_apart(journal: Journal) -> None:
    """The journals above do judge past months by a rhythm learned then, not the stored one."""
    _build(journal, 1, people=150)
    apart = [
        (year, month)
        for year, month in MONTHS
        if _naive(journal, year, month, TODAY).slipped
        != _naive(journal, year, month, TODAY, whole_history=True).slipped
    ]
    assert (2025, 12) in apart and (2026, 2) in apart
    # These journals hold entries dated after today, so even this month is told apart.
    assert (2026, 11) in apart


def _talks(journal: Journal, person_id: int, days: list[date], *, them_every: int = 0) -> None:
    """Interactions on these days (every them_every-th one from them), in one transaction."""
    with journal.write() as conn:
        for i, on in enumerate(days):
            from_them = them_every > 0 and i % them_every == 0
            cursor = conn.execute(
                "INSERT INTO entries (kind, on_date, channel, from_them, text, created_at) "
                "VALUES ('interaction', ?, 'call', ?, '', ?)",
                (on.isoformat(), int(from_them), CREATED.isoformat()),
            )
            conn.execute(
                "INSERT INTO entry_people (entry_id, person_id) VALUES (?, ?)",
                (cursor.lastrowid, person_id),
            )
        refresh_contact(conn, [person_id])


def _every(first: date, days: int, until: date) -> list[date]:
    return [first + timedelta(days=i) for i in range(0, (until - first).days + 1, days)]


def test_a_past_month_uses_the_rhythm_learned_by_then(journal: Journal) -> None:
    added = date(2025, 1, 1)
    journal.set_tag_rhythm("club", Rhythm(30, "d"))
    # Weekly until spring 2025, monthly since: weekly by the end of April 2025.
    wren = journal.add_person(NewPerson("Wren", added))
    _talks(journal, wren, _every(date(2025, 1, 6), 7, date(2025, 3, 31)))
    _talks(journal, wren, _every(date(2025, 4, 21), 30, TODAY))
    # Monthly in 2025, weekly since: monthly by the end of April 2025.
    ash = journal.add_person(NewPerson("Ash", added))
    _talks(journal, ash, _every(date(2025, 1, 2), 30, date(2025, 4, 2)))
    _talks(journal, ash, _every(date(2025, 5, 10), 7, TODAY - timedelta(days=2)))
    # Three contacts by the end of April 2025 (two gaps): no rhythm learned yet.
    fen = journal.add_person(NewPerson("Fen", added))
    _talks(journal, fen, [date(2025, 4, 1), date(2025, 4, 3), date(2025, 4, 5)])
    _talks(journal, fen, _every(date(2025, 6, 1), 2, date(2025, 6, 20)))
    # A tag default as long as the learned rhythm still wins over what was learned by then.
    oak = journal.add_person(NewPerson("Oak", added, tags=("club",)))
    _talks(journal, oak, _every(date(2025, 1, 6), 7, date(2025, 3, 31)))
    _talks(journal, oak, _every(date(2025, 4, 21), 30, TODAY))
    # Four contacts by then, the first from them (in no other list): every 2 days by then.
    ivy = journal.add_person(NewPerson("Ivy", added))
    _talks(journal, ivy, _every(date(2025, 4, 1), 2, date(2025, 4, 7)), them_every=99)
    _talks(journal, ivy, _every(date(2025, 6, 1), 60, TODAY))
    stored = dict(journal.conn.execute("SELECT id, learned_days FROM people").fetchall())
    assert [stored[p] for p in (wren, ash, fen, oak, ivy)] == [30, 7, 2, 30, 60]

    april = month_review(journal, 2025, 4, TODAY)
    assert april == _naive(journal, 2025, 4, TODAY)
    # Wren: weekly then, due a week after 21 April; Ash: monthly then, not due before 2 May;
    # Fen: nothing learned from three contacts; Oak: the club's 30 days from 21 April.
    assert april.slipped == [(ivy, "Ivy", date(2025, 4, 9)), (wren, "Wren", date(2025, 4, 28))]
    assert _naive(journal, 2025, 4, TODAY, whole_history=True).slipped == [
        (fen, "Fen", date(2025, 4, 7)),
        (ash, "Ash", date(2025, 4, 9)),
    ]
    # Now (no contact after today), the stored rhythm is the one in force.
    now = month_review(journal, 2026, 11, TODAY)
    assert now == _naive(journal, 2026, 11, TODAY)
    assert (fen, "Fen", date(2025, 6, 21)) in now.slipped
    assert wren not in {pid for pid, _, _ in now.slipped}


_CHOICES: list[Rhythm | None] = [None, None, None, Rhythm(0), Rhythm(9, "d"), Rhythm(1, "m")]


@settings(max_examples=30)
@given(
    people=st.lists(
        st.tuples(
            st.sampled_from(_CHOICES),  # own rhythm
            st.sampled_from([(), (), ("club",), ("work",), ("club", "family")]),
            st.lists(st.integers(0, 420), max_size=14),  # contact days, back from TODAY
            st.integers(0, 3),  # who reached out: every n-th from them (0: never)
        ),
        min_size=1,
        max_size=12,
    ),
    month=st.sampled_from([(2026, 11), (2026, 9), (2026, 4), (2025, 12), (2025, 10)]),
    back=st.sampled_from([0, 0, 40, 200]),  # today, or an earlier today (entries after it)
)
def test_month_review_matches_build_review_as_of_any_day(
    tmp_path: Path,
    people: list[tuple[Rhythm | None, tuple[str, ...], list[int], int]],
    month: tuple[int, int],
    back: int,
) -> None:
    path = tmp_path / f"h{abs(hash((str(people), month, back))) % 10**9}.db"
    journal = Journal.open(path)
    try:
        journal.set_tag_rhythm("club", Rhythm(14, "d"))
        journal.set_tag_rhythm("family", Rhythm(1, "m"))
        journal.set_tag_rhythm("work", Rhythm(0))
        for own, tags, ago, them in people:
            pid = journal.add_person(NewPerson("P", START, tags=tags, rhythm=own))
            _talks(journal, pid, sorted(TODAY - timedelta(days=a) for a in ago), them_every=them)
        today = TODAY - timedelta(days=back)
        assert month_review(journal, *month, today) == _naive(journal, *month, today)
    finally:
        journal.close()
        path.unlink()


def _first_few(review: MonthReview, shown: int) -> MonthReview:
    """What month_review gives with `shown`: the first few of each people list, and counts."""
    return replace(
        review,
        slipped=review.slipped[:shown],
        only_you=review.only_you[:shown],
        unreturned=review.unreturned[:shown],
    )


_MONTH_ENDS = [22, 83, 295, 296, 326, 540, 997, 1332]
_CALENDAR = st.one_of(
    st.none(),
    st.builds(Rhythm, st.integers(1, 30), st.sampled_from(["d", "w"])),
    st.builds(Rhythm, st.integers(1, 120), st.just("m")),
    st.builds(Rhythm, st.integers(1, 10), st.just("y")),
)


@settings(max_examples=40)
@given(
    people=st.lists(
        st.tuples(
            _CALENDAR,  # own rhythm
            st.sampled_from([(), ("club",), ("family",), ("club", "family"), ("work",)]),
            # contact days back from TODAY: month ends (31 Oct, 31 Aug, 31 and 30 Jan 2026,
            # 31 Dec 2025, 31 May 2025, 29 Feb 2024, 31 Mar 2023) and others
            st.lists(st.sampled_from([*_MONTH_ENDS, 0, 1, 53, 84, 267, 420, 700]), max_size=5),
            st.integers(0, 3),
            st.sampled_from([*_MONTH_ENDS, 1400, 2000]),  # added, days before TODAY
        ),
        min_size=1,
        max_size=10,
    ),
    shown=st.sampled_from([None, 1, 2, 3]),
)
def test_the_current_month_from_the_stored_columns_any_rhythm(
    tmp_path: Path,
    people: list[tuple[Rhythm | None, tuple[str, ...], list[int], int, int]],
    shown: int | None,
) -> None:
    """The current month (no interaction after today): slipped worked out in SQL from the
    stored lengths of the rhythm in force, for days, weeks, months and years from any day
    (month ends too), and only the first few read when so asked, equal to the pure engine."""
    path = tmp_path / f"c{abs(hash((str(people), shown))) % 10**9}.db"
    journal = Journal.open(path)
    try:
        journal.set_tag_rhythm("club", Rhythm(3, "m"))
        journal.set_tag_rhythm("family", Rhythm(1, "y"))
        journal.set_tag_rhythm("work", Rhythm(2, "w"))
        for own, tags, ago, them, added in people:
            day = TODAY - timedelta(days=added)
            pid = journal.add_person(NewPerson("P", day, tags=tags, rhythm=own))
            days = sorted({TODAY - timedelta(days=a) for a in ago if a <= added})
            _talks(journal, pid, days, them_every=them)
        assert stored_history_serves(journal, TODAY)
        naive = _naive(journal, 2026, 11, TODAY)
        fast = month_review(journal, 2026, 11, TODAY, shown)
        assert fast == (naive if shown is None else _first_few(naive, shown))
        assert fast.people_counts == (
            len(naive.slipped),
            len(naive.only_you),
            len(naive.unreturned),
        )
    finally:
        journal.close()
        path.unlink()


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("shown", [0, 1, 10])
def test_the_first_few_of_each_list_past_and_current(
    journal: Journal, seed: int, shown: int
) -> None:
    """`shown` (the text's first few) gives each list's beginning and its full length."""
    _build(journal, seed, people=150)
    for year, month in MONTHS:
        for today in (TODAY, date(2026, 10, 15)):
            whole = month_review(journal, year, month, today)
            assert month_review(journal, year, month, today, shown) == _first_few(whole, shown)
