"""A person's own history, kept as it changes (store/sql/v4.sql's triggers, store.derived):
every link's copy of its entry's day, the contact days, the gaps between them and the people
columns derived from them always equal what a full computation over every entry gives."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rjournal.domain.model import Channel, NewEntry, NewPerson
from rjournal.domain.rhythms import learn_rhythm
from rjournal.store.derived import (
    RECENT_INTERACTIONS,
    learned_from_gaps,
    recent_bits,
    recent_flags,
    refresh_contact,
    stale_history,
)
from rjournal.store.journal import Journal

START = date(2025, 1, 1)
AT = datetime(2026, 11, 22, 9, 0)
PEOPLE = 4
Kind = Literal["interaction", "note"]


@given(st.lists(st.integers(min_value=0, max_value=400), max_size=40))
def test_the_median_of_counted_gaps_is_learn_rhythms(offsets: list[int]) -> None:
    days = sorted({START + timedelta(days=o) for o in offsets})
    gaps = Counter((b - a).days for a, b in itertools.pairwise(days))
    learned = learn_rhythm(days)
    assert learned_from_gaps(sorted(gaps.items())) == (learned.count if learned else None)


@given(st.lists(st.booleans(), max_size=RECENT_INTERACTIONS))
def test_recent_bits_round_trip(flags: list[bool]) -> None:
    assert recent_flags(*recent_bits(flags)) == tuple(flags)


def _full(journal: Journal) -> dict[int, tuple[Any, ...]]:
    """Each person's derived history worked out from every entry, as the code before kept it:
    last contact and channel, learn_rhythm over every contact day, the latest few who-reached-
    out flags (newest first)."""
    out: dict[int, tuple[Any, ...]] = {}
    for (person_id,) in journal.conn.execute("SELECT id FROM people"):
        rows = journal.conn.execute(
            "SELECT e.on_date, e.channel, e.from_them FROM entry_people ep "
            "JOIN entries e ON e.id = ep.entry_id "
            "WHERE ep.person_id = ? AND e.kind = 'interaction' ORDER BY e.on_date, e.id",
            (person_id,),
        ).fetchall()
        learned = learn_rhythm([date.fromisoformat(r[0]) for r in rows])
        newest = rows[::-1][:RECENT_INTERACTIONS]
        out[person_id] = (
            rows[-1][0] if rows else None,
            rows[-1][1] if rows else None,
            learned.count if learned else None,
            tuple(bool(r[2]) for r in newest),
        )
    return out


def _stored(journal: Journal) -> dict[int, tuple[Any, ...]]:
    return {
        pid: (last, channel, learned, recent_flags(n, them))
        for pid, last, channel, learned, n, them in journal.conn.execute(
            "SELECT id, last_contact, last_channel, learned_days, recent_n, recent_them FROM people"
        )
    }


# One change to the journal: what it is and its random choices.
_CHANGE = st.tuples(
    st.sampled_from(
        ["add", "add", "add", "add", "move", "relink", "raw", "delete", "merge", "purge"]
    ),
    st.integers(0, 10_000),
    st.integers(0, 200),
    st.booleans(),
    st.lists(st.integers(0, PEOPLE - 1), min_size=1, max_size=3),
)


def _living(journal: Journal, ids: list[int], who: list[int]) -> list[int]:
    """The people picked (each once) who are neither in the trash nor erased."""
    picked = [ids[i] for i in dict.fromkeys(who)]
    living = {r[0] for r in journal.conn.execute("SELECT id FROM people WHERE deleted_at IS NULL")}
    return [p for p in picked if p in living]


def _change(journal: Journal, ids: list[int], change: tuple[Any, ...]) -> None:
    what, pick, offset, flag, who = change
    entries = [row[0] for row in journal.conn.execute("SELECT id FROM entries ORDER BY id")]
    people = _living(journal, ids, who)
    on = START + timedelta(days=offset)
    if what == "add" or not entries:
        if people:
            kind: Kind = "note" if pick % 5 == 0 else "interaction"
            channel = Channel.CALL if kind == "interaction" else None
            entry = NewEntry(kind, on, "x", people=tuple(people), channel=channel, from_them=flag)
            journal.add_entry(entry, created_at=AT)
        return
    entry_id = entries[pick % len(entries)]
    if what == "move":  # another day, kind and who reached out, through the store
        old = journal.entry(entry_id)
        other: Kind = "note" if old.is_interaction else "interaction"
        channel = Channel.EMAIL if other == "interaction" else None
        journal.update_entry(replace(old, on=on, kind=other, channel=channel, from_them=flag))
    elif what == "relink" and people:
        journal.update_entry(replace(journal.entry(entry_id), people=tuple(people)))
    elif what == "raw":  # a writer of its own (sync, ingest): straight SQL, then the store
        with journal.write() as conn:
            conn.execute(
                "UPDATE entries SET on_date = ?, from_them = ? WHERE id = ?",
                (on.isoformat(), int(flag), entry_id),
            )
            linked = [r[0] for r in conn.execute(
                "SELECT person_id FROM entry_people WHERE entry_id = ?", (entry_id,))]  # fmt: skip
            refresh_contact(conn, linked)
    elif what == "delete":
        journal.delete_entry(entry_id)
    elif what == "merge" and len(people) >= 2:
        journal.merge_people(people[0], people[1], AT)
    elif what == "purge" and people:
        journal.delete_person(people[0], AT)
        journal.purge_person(people[0])


@settings(max_examples=25)
@given(st.lists(_CHANGE, min_size=1, max_size=25))
def test_every_change_keeps_the_history_equal_to_a_full_computation(
    tmp_path_factory: pytest.TempPathFactory, changes: list[tuple[Any, ...]]
) -> None:
    path = tmp_path_factory.mktemp("history") / "journal.db"
    with Journal.open(path) as journal:
        journal.conn.execute("PRAGMA synchronous = OFF")
        ids = [journal.add_person(NewPerson(f"P{i}", START)) for i in range(PEOPLE)]
        for change in changes:
            _change(journal, ids, change)
            assert stale_history(journal.conn) == []
            assert _stored(journal) == _full(journal)


def test_a_long_history_is_learned_from_its_gaps(tmp_path: Path) -> None:
    """The rhythm learned by logging one interaction after another, each updating the counted
    gaps, is learn_rhythm's over all of them; days logged out of order and twice included."""
    with Journal.open(tmp_path / "journal.db") as journal:
        journal.conn.execute("PRAGMA synchronous = OFF")
        pid = journal.add_person(NewPerson("Ann", START))
        offsets = [0, 30, 61, 61, 90, 15, 200, 120, 121, 300]
        for offset in offsets:
            entry = NewEntry("interaction", START + timedelta(days=offset), "x", people=(pid,))
            journal.add_entry(entry, created_at=AT)
        days = [START + timedelta(days=o) for o in offsets]
        learned = learn_rhythm(days)
        assert learned is not None
        stored = journal.conn.execute("SELECT learned_days FROM people WHERE id = ?", (pid,))
        assert stored.fetchone()[0] == learned.count
        assert (
            journal.conn.execute(
                "SELECT sum(n) FROM contact_gaps WHERE person_id = ?", (pid,)
            ).fetchone()[0]
            == len(set(offsets)) - 1
        )
