"""next_checkins stops early (score bounds from SQL); it must equal ranking everyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rjournal.domain.checkin import CheckinSettings, rank
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, NewEntry, NewKid, NewPerson, NewPet
from rjournal.domain.rhythms import Rhythm
from rjournal.store import facts
from rjournal.store.journal import Journal
from tests.conftest import TODAY

RHYTHMS = [None, Rhythm(0), Rhythm(1, "w"), Rhythm(1, "m"), Rhythm(3, "m"), Rhythm(10, "d")]
TAGS = ["client", "friend", "team", "misc"]


@dataclass(frozen=True)
class PersonSpec:
    """A person to build: nothing but what is given (added 30 days ago); days are from today."""

    rhythm: Rhythm | None = None
    tags: tuple[str, ...] = ()
    added_ago: int = 30
    contacts: tuple[int, ...] = ()  # days ago
    wrote_last: bool = False  # they wrote on the day of the latest contact, after it: unanswered
    birthday_in: int | None = None
    kid_in: int | None = None  # the kid's birthday
    dead_pet_in: int | None = None  # the birthday of a pet that has passed away
    promise_in: int | None = None  # the due day of an open promise
    snoozed_in: int | None = None
    archived: bool = False


person_spec = st.builds(
    PersonSpec,
    rhythm=st.sampled_from(RHYTHMS),
    tags=st.lists(st.sampled_from(TAGS), max_size=2, unique=True).map(tuple),
    added_ago=st.integers(0, 400),
    contacts=st.lists(st.integers(0, 400), max_size=6).map(tuple),
    wrote_last=st.booleans(),
    birthday_in=st.none() | st.integers(-3, 30),
    kid_in=st.none() | st.integers(-3, 30),
    dead_pet_in=st.none() | st.integers(0, 10),
    promise_in=st.none() | st.integers(-20, 30),
    snoozed_in=st.none() | st.integers(-5, 5),
    archived=st.booleans(),
)


def _yearly(days_ahead: int) -> YearlyDate:
    day = TODAY + timedelta(days=days_ahead)
    return YearlyDate(day.month, day.day, day.year - 30)


def _build(path: Path, specs: list[PersonSpec]) -> Journal:
    journal = Journal.open(path)
    journal.set_tag_rhythm("client", Rhythm(1, "m"))
    journal.set_tag_rhythm("team", Rhythm(1, "w"))
    journal.set_tag_rhythm("friend", Rhythm(3, "m"))
    for n, spec in enumerate(specs):
        birthday_in, kid_in, pet_in = spec.birthday_in, spec.kid_in, spec.dead_pet_in
        snoozed_in = spec.snoozed_in
        person = NewPerson(
            name=f"Person {n:03d}",
            added_on=TODAY - timedelta(days=spec.added_ago),
            rhythm=spec.rhythm,
            tags=spec.tags,
            birthday=_yearly(birthday_in) if birthday_in is not None else None,
            snoozed_until=TODAY + timedelta(days=snoozed_in) if snoozed_in is not None else None,
            archived=spec.archived,
        )
        kids = [NewKid("Leo", _yearly(kid_in))] if kid_in is not None else []
        pets = (
            [NewPet("Rex", "dog", _yearly(pet_in), passed_on=TODAY - timedelta(days=9))]
            if pet_in is not None
            else []
        )
        pid = journal.add_person(person, kids=kids, pets=pets)
        for ago in spec.contacts:
            journal.add_entry(
                NewEntry(
                    "interaction", TODAY - timedelta(days=ago), "hi", Channel.CALL, people=(pid,)
                ),
                created_at=datetime(2026, 11, 22),
            )
        if spec.wrote_last and spec.contacts:
            journal.add_entry(
                NewEntry(
                    "interaction",
                    TODAY - timedelta(days=min(spec.contacts)),
                    "a question",
                    Channel.EMAIL,
                    from_them=True,
                    people=(pid,),
                ),
                created_at=datetime(2026, 11, 22),
            )
        promise_in = spec.promise_in
        if promise_in is not None:
            journal.add_promise(
                pid, "send it", TODAY - timedelta(days=30), TODAY + timedelta(days=promise_in)
            )
    return journal


def _brute_force(journal: Journal, as_of: date, limit: int | None) -> list[tuple[int, float]]:
    ids = [r[0] for r in journal.conn.execute("SELECT id FROM people")]
    everyone = [facts.person_facts(journal, i) for i in ids]
    return [(s.person_id, round(s.score, 6)) for s in rank(everyone, as_of, limit=limit)]


@settings(max_examples=25)
@given(
    specs=st.lists(person_spec, min_size=1, max_size=40), limit=st.sampled_from([1, 3, 10, None])
)
def test_early_stopping_equals_ranking_everyone(
    tmp_path: Path, specs: list[PersonSpec], limit: int | None
) -> None:
    path = tmp_path / f"j{abs(hash(str(specs))) % 10**9}-{limit}.db"
    journal = _build(path, specs)
    try:
        got = [
            (s.person_id, round(s.score, 6))
            for s in facts.next_checkins(journal, TODAY, limit=limit)
        ]
        assert got == _brute_force(journal, TODAY, limit)
    finally:
        journal.close()
        path.unlink()


def test_small_batches_still_find_the_best(tmp_path: Path) -> None:
    """Many candidates with close bounds: the threshold must page on, not stop at batch one."""
    specs: list[PersonSpec] = [
        PersonSpec(rhythm=Rhythm(1, "w"), added_ago=10 + i, promise_in=(-1 if i == 150 else None))
        for i in range(200)
    ]
    journal = _build(tmp_path / "many.db", specs)
    got = facts.next_checkins(journal, TODAY, limit=1)
    assert got[0].name == "Person 150"  # the due promise wins over 199 overdue people
    assert [
        (s.person_id, round(s.score, 6)) for s in facts.next_checkins(journal, TODAY, limit=5)
    ] == _brute_force(journal, TODAY, 5)
    journal.close()


def test_the_general_path_pages_across_windows_of_bounds(tmp_path: Path) -> None:
    """Pages of one person: ties at the overdue cap make it look past several windows."""
    specs: list[PersonSpec] = [
        PersonSpec(
            rhythm=Rhythm(1, "w"),
            added_ago=60 + i % 7,  # all far past the cap: equal bounds, due days apart
            birthday_in=(1 + i % 13 if i % 5 == 0 else None),
        )
        for i in range(60)
    ]
    journal = _build(tmp_path / "windows.db", specs)
    chosen = CheckinSettings()
    try:
        for limit in (1, 7, 25):
            loaded = facts.by_bounds(journal, TODAY, chosen, limit, 1)  # windows of 4
            got = [(s.person_id, round(s.score, 6)) for s in rank(loaded, TODAY, chosen, limit)]
            assert got == _brute_force(journal, TODAY, limit)
            assert len(loaded) > facts.WINDOW_PAGES  # it did go past the first window
    finally:
        journal.close()


def test_settings_weights_flow_into_the_bound(tmp_path: Path) -> None:
    specs: list[PersonSpec] = [
        PersonSpec(rhythm=Rhythm(1, "w")),  # 30 days into a weekly rhythm: 42.9
        PersonSpec(birthday_in=2),  # 13
        PersonSpec(birthday_in=0),  # 200 + 15
        PersonSpec(contacts=(20,), wrote_last=True),  # 20 days unanswered: 40
    ]
    journal = _build(tmp_path / "w.db", specs)

    def top(**weights: float) -> list[str]:
        chosen = CheckinSettings(**weights)  # type: ignore[arg-type]
        return [s.name for s in facts.next_checkins(journal, TODAY, limit=2, settings=chosen)]

    assert top() == ["Person 002", "Person 000"]
    assert top(occasion_today_weight=0.0) == ["Person 000", "Person 003"]
    assert top(occasion_today_weight=0.0, occasion_weight=500.0) == ["Person 002", "Person 001"]
    assert top(occasion_today_weight=0.0, unanswered_weight=3.0) == ["Person 003", "Person 000"]
    journal.close()


def test_due_people_with_occasions_do_not_hide_better_ones(tmp_path: Path) -> None:
    """Over 64 candidates, half of them due and with a birthday: the index read must reach
    past those it already scored to find the best of everyone else."""
    specs: list[PersonSpec] = [
        PersonSpec(
            rhythm=Rhythm(1, "w"),
            added_ago=8 + (i * 7) % 50,
            birthday_in=(i % 14) if i % 2 else None,
        )
        for i in range(150)
    ]
    journal = _build(tmp_path / "mixed.db", specs)
    for limit in (1, 2, 5, 20):
        got = [
            (s.person_id, round(s.score, 6))
            for s in facts.next_checkins(journal, TODAY, limit=limit)
        ]
        assert got == _brute_force(journal, TODAY, limit)
    journal.close()


def _live_brute_force(journal: Journal, limit: int | None, chosen: CheckinSettings) -> list[Any]:
    ids = [r[0] for r in journal.conn.execute("SELECT id FROM people WHERE deleted_at IS NULL")]
    everyone = [facts.person_facts(journal, i) for i in ids]
    return [(s.person_id, round(s.score, 6)) for s in rank(everyone, TODAY, chosen, limit=limit)]


def _promise_heavy(path: Path) -> tuple[Journal, int]:
    """Over 64 people with due promises (the fast path's first batch), late by 0 to 39 days,
    mixed with overdue rhythms, birthdays, promises due soon and people who must never show;
    returns the journal and the id of a deleted person with the latest promise of all."""
    specs = [
        PersonSpec(
            rhythm=Rhythm(1, "w") if i % 3 else Rhythm(3, "m"),
            added_ago=7 + (i * 11) % 90,
            birthday_in=(i % 15) if i % 4 == 0 else None,
            promise_in=-(i % 40) if i < 130 else (i % 14) + 1,
            archived=i == 7,
            snoozed_in=3 if i == 8 else None,
        )
        for i in range(170)
    ]
    specs.append(PersonSpec(rhythm=Rhythm(1, "w"), added_ago=300, promise_in=-200))
    journal = _build(path, specs)
    deleted = journal.conn.execute("SELECT max(id) FROM people").fetchone()[0]
    journal.delete_person(deleted, datetime(2026, 11, 22))
    return journal, deleted


def test_due_promises_decide_the_top_without_the_general_path(tmp_path: Path) -> None:
    journal, deleted = _promise_heavy(tmp_path / "promises.db")
    try:
        with journal.snapshot():
            assert facts.promise_led(journal, TODAY, CheckinSettings(), 10, 64) is not None
        for limit in (1, 3, 10, 40):
            got = [
                (s.person_id, round(s.score, 6))
                for s in facts.next_checkins(journal, TODAY, limit=limit)
            ]
            assert got == _live_brute_force(journal, limit, CheckinSettings())
            assert deleted not in {pid for pid, _ in got}
    finally:
        journal.close()


def test_the_fast_path_steps_aside_when_other_terms_could_win(tmp_path: Path) -> None:
    """Occasions worth more than a due promise: the threshold no longer separates, and the
    general path must give the same ranking as everyone scored."""
    journal, _ = _promise_heavy(tmp_path / "occasions.db")
    try:
        for chosen in (
            CheckinSettings(promise_weight=300.0, occasion_weight=1000.0),
            CheckinSettings(occasion_today_weight=1200.0),
            CheckinSettings(promise_weight=100.0),
            CheckinSettings(promise_weight=5.0, promise_day_weight=0.0),
        ):
            with journal.snapshot():
                assert facts.promise_led(journal, TODAY, chosen, 5, 64) is None
            got = [
                (s.person_id, round(s.score, 6))
                for s in facts.next_checkins(journal, TODAY, limit=5, settings=chosen)
            ]
            assert got == _live_brute_force(journal, 5, chosen)
    finally:
        journal.close()


def test_the_fast_path_equals_the_general_one_past_its_first_batch(tmp_path: Path) -> None:
    """Many candidates left after the first batch: their bounds are paged in until none can
    outrank the last shown, and every suggestion (words included) matches the general path."""
    journal, _ = _promise_heavy(tmp_path / "paging.db")
    try:
        chosen = CheckinSettings(promise_day_weight=0.1)
        with journal.snapshot():
            found = facts.promise_led(journal, TODAY, chosen, 20, 64)
            assert found is not None and found[1]  # bounds remain beyond the first batch
            general = facts.by_bounds(journal, TODAY, chosen, 20, 80)
        fast = facts.next_checkins(journal, TODAY, limit=20, settings=chosen)
        assert [(s.person_id, round(s.score, 6)) for s in fast] == [
            (s.person_id, round(s.score, 6)) for s in rank(general, TODAY, chosen, limit=20)
        ]
        assert [(s.person_id, round(s.score, 6)) for s in fast] == _live_brute_force(
            journal, 20, chosen
        )
    finally:
        journal.close()


@settings(max_examples=30)
@given(
    specs=st.lists(person_spec, min_size=1, max_size=40),
    limit=st.integers(1, 12),
    offset=st.integers(0, 12),
)
def test_a_page_of_bounds_is_that_page_of_all_bounds(
    tmp_path: Path, specs: list[PersonSpec], limit: int, offset: int
) -> None:
    """candidate_bounds' shortcut (enough people at the overdue cap) gives the same rows as
    working out everyone's bound."""
    path = tmp_path / f"b{abs(hash(str(specs))) % 10**9}-{limit}-{offset}.db"
    journal = _build(path, specs)
    chosen = CheckinSettings()
    try:
        everyone = facts.candidate_bounds(journal, TODAY, chosen, -1, 0)
        page = facts.candidate_bounds(journal, TODAY, chosen, limit, offset)
        assert page == everyone[offset : offset + limit]
    finally:
        journal.close()
        path.unlink()


def test_people_at_the_cap_come_from_the_index_in_due_order(tmp_path: Path) -> None:
    """Forty people far past the cap, ten just short of it, and a birthday: pages of every size
    equal the same page of everyone's bounds, through the shortcut and past it."""
    specs = [
        PersonSpec(
            rhythm=Rhythm(1, "w"),
            added_ago=(60 + i % 9) if i < 40 else (36 + i % 6),  # 5.1 to 5.9 weeks
            birthday_in=3 if i == 7 else None,
        )
        for i in range(50)
    ]
    journal = _build(tmp_path / "capped.db", specs)
    chosen = CheckinSettings()
    try:
        everyone = facts.candidate_bounds(journal, TODAY, chosen, -1, 0)
        cap = chosen.overdue_weight * chosen.overdue_cap
        assert sum(1 for _, bound, _ in everyone if bound == cap) == 39  # one has a birthday
        for limit, offset in [(1, 0), (5, 0), (10, 20), (39, 0), (5, 36), (10, 45)]:
            page = facts.candidate_bounds(journal, TODAY, chosen, limit, offset)
            assert page == everyone[offset : offset + limit], (limit, offset)
    finally:
        journal.close()


def test_people_waiting_at_both_caps_come_from_their_index_in_due_order(tmp_path: Path) -> None:
    """Thirty people who wrote long ago, far past a weekly rhythm (both caps), some short of a
    cap, and people due by rhythm alone: pages through both shortcuts equal everyone's bounds,
    and the ranking equals everyone scored."""
    specs = [
        PersonSpec(
            rhythm=Rhythm(1, "w") if i % 10 else None,  # some wait with no rhythm at all
            added_ago=500,
            contacts=((60 + i % 9,) if i < 30 else (10 + i % 15,)),
            wrote_last=i < 45,
        )
        for i in range(60)
    ]
    journal = _build(tmp_path / "waiting.db", specs)
    chosen = CheckinSettings()
    try:
        everyone = facts.candidate_bounds(journal, TODAY, chosen, -1, 0)
        both = chosen.overdue_weight * chosen.overdue_cap
        both += chosen.unanswered_weight * chosen.unanswered_cap
        assert sum(1 for _, bound, _ in everyone if bound == both) == 27
        for limit, offset in [(1, 0), (5, 0), (10, 20), (27, 0), (5, 25), (10, 45)]:
            page = facts.candidate_bounds(journal, TODAY, chosen, limit, offset)
            assert page == everyone[offset : offset + limit], (limit, offset)
        for limit in (1, 10, 40):
            got = [
                (s.person_id, round(s.score, 6))
                for s in facts.next_checkins(journal, TODAY, limit=limit)
            ]
            assert got == _brute_force(journal, TODAY, limit)
    finally:
        journal.close()
