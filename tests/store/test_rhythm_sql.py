"""The rhythm rule in SQL (store.rhythm_sql, and the copy migration v2 installed in the export
view) equals the domain's Python: labels, next due days (month ends, 29 February), and which
rhythm is in force (own, else the shortest tag default, else learned)."""

from __future__ import annotations

import calendar
import sqlite3
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from rjournal.domain.checkin import effective_rhythm
from rjournal.domain.model import CheckinFacts, NewPerson
from rjournal.domain.rhythms import NO_RHYTHM, Rhythm, shortest_tag_default
from rjournal.store.derived import day_number, refresh_rhythms
from rjournal.store.export_rows import CELL_COLUMNS
from rjournal.store.journal import Journal
from rjournal.store.rhythm_sql import after_sql, label_sql, tag_default_sql
from tests.conftest import TODAY

# Every count a rhythm can have, by unit (domain.rhythms: ten years at most).
_MAX = {"d": 3653, "w": 521, "m": 120, "y": 10}
TAGS = ("client", "family", "friend", "team")

rhythms = st.sampled_from(list(_MAX)).flatmap(
    lambda unit: st.builds(Rhythm, st.integers(1, _MAX[unit]), st.just(unit))
)
# Rhythms of the same length in days: which tag default applies is then decided by name.
ties = st.sampled_from([Rhythm(1, "w"), Rhythm(7, "d"), Rhythm(2, "w"), Rhythm(14, "d")])
# Any day, with extra weight on the days calendar arithmetic gets wrong.
month_ends = st.builds(
    lambda year, month: date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1),
    st.integers(1901, 2190),
    st.integers(1, 12),
)
leap_days = st.sampled_from([date(y, 2, 29) for y in range(1904, 2190, 4) if calendar.isleap(y)])
days = st.one_of(st.dates(date(1901, 1, 1), date(2190, 12, 31)), month_ends, leap_days)


def _one(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> Any:
    return conn.execute(sql, params).fetchone()[0]


def test_rhythm_sql_matches_the_domain(j: Journal) -> None:
    """label_sql and after_sql are Rhythm.label and Rhythm.after, month ends and leap days
    included (SQLite alone would roll 31 January + 1 month over to 3 March)."""
    codes = ["none"] + [
        Rhythm(n, u).code() for u in ("d", "w", "m", "y") for n in (1, 2, 3, 6, 10, 12, 13, 52)
    ]
    starts = [date(2024, 1, 31), date(2024, 2, 29), date(2025, 8, 31), date(2026, 11, 22),
              date(2023, 12, 30), date(2025, 3, 28)]  # fmt: skip
    label = j.conn.execute(f"SELECT {label_sql(':code')}", {"code": "1w"}).fetchone()
    assert label == ("weekly",)
    for code in codes:
        rhythm = Rhythm.from_code(code)
        (sql_label,) = j.conn.execute(f"SELECT {label_sql(':c')}", {"c": code}).fetchone()
        assert sql_label == rhythm.label(), code
        if rhythm.is_none:
            continue
        for start in starts:
            (due,) = j.conn.execute(
                f"SELECT {after_sql(':c', ':s')}", {"c": code, "s": start.isoformat()}
            ).fetchone()
            assert due == rhythm.after(start).isoformat(), (code, start)


@given(rhythm=st.one_of(st.just(NO_RHYTHM), rhythms), start=days)
def test_label_and_next_due_day_are_the_domains(j: Journal, rhythm: Rhythm, start: date) -> None:
    params = {"code": rhythm.code(), "start": start.isoformat()}
    assert _one(j.conn, f"SELECT {label_sql(':code')}", params) == rhythm.label()
    if not rhythm.is_none:
        due = _one(j.conn, f"SELECT {after_sql(':code', ':start')}", params)
        assert due == rhythm.after(start).isoformat()


def test_the_shortest_tag_default_is_the_first_by_name_among_equals() -> None:
    weekly, seven_days, monthly = Rhythm(1, "w"), Rhythm(7, "d"), Rhythm(1, "m")
    defaults = {"b": weekly, "a": seven_days, "c": monthly}
    assert shortest_tag_default(["c", "b", "a"], defaults) == ("a", seven_days)
    assert shortest_tag_default(["c", "b"], defaults) == ("b", weekly)
    assert shortest_tag_default(["x"], defaults) is None


def _expected_tag(tags: set[str], defaults: dict[str, Rhythm]) -> tuple[str, Rhythm] | None:
    """The oracle: the default of the person's tags that is shortest on average, then first
    by name."""
    found = sorted((defaults[t].approx_days(), t) for t in tags if t in defaults)
    return (found[0][1], defaults[found[0][1]]) if found else None


@given(
    defaults=st.dictionaries(st.sampled_from(TAGS), st.one_of(ties, rhythms)),
    tags=st.sets(st.sampled_from((*TAGS, "mentor"))),
    own=st.one_of(st.none(), st.just(NO_RHYTHM), rhythms),
    learned=st.one_of(st.none(), st.integers(1, 400)),
    added=days,
    contact=st.one_of(st.none(), days),
    archived=st.booleans(),
)
def test_the_rhythm_in_force_is_the_domains(
    j: Journal,
    defaults: dict[str, Rhythm],
    tags: set[str],
    own: Rhythm | None,
    learned: int | None,
    added: date,
    contact: date | None,
    archived: bool,
) -> None:
    """What refresh_rhythms stores for ranking, and the rhythm and next_due cells of the view
    migration v2 installed, are what the domain makes of the same person."""
    for tag in TAGS:
        j.set_tag_rhythm(tag, defaults.get(tag))
    pid = j.add_person(
        NewPerson(name="Ann Lee", added_on=added, tags=tuple(tags), rhythm=own, archived=archived)
    )
    conn = j.conn
    with j.write():
        conn.execute(
            "UPDATE people SET learned_days = ?, last_contact = ? WHERE id = ?",
            (learned, contact.isoformat() if contact else None, pid),
        )
        refresh_rhythms(conn, "id = ?", (pid,))

    expected = _expected_tag(tags, defaults)
    assert shortest_tag_default(tags, defaults) == expected
    facts = CheckinFacts(
        person=j.person(pid),
        tag_rhythm=expected[1] if expected else None,
        learned_rhythm=Rhythm(learned, "d") if learned else None,
    )
    rhythm, source = effective_rhythm(facts)
    start = contact or added
    in_sql = conn.execute(f"SELECT {tag_default_sql('t.tag')} FROM people WHERE id = ?", (pid,))
    assert in_sql.fetchone()[0] == (expected[0] if expected else None)
    # The ranking columns.
    eff_min, eff_avg, start_day, due_from = conn.execute(
        "SELECT eff_min, eff_avg, start_day, due_from FROM people WHERE id = ?", (pid,)
    ).fetchone()
    assert eff_min == (rhythm.min_days() if rhythm else 0)
    assert eff_avg == (rhythm.approx_days() if rhythm else 0)
    assert start_day == day_number(start)
    assert due_from == (start_day + eff_min if rhythm else None)
    # The export view, as installed in the j.
    cells = dict(
        zip(
            CELL_COLUMNS,
            conn.execute(
                f"SELECT {', '.join(CELL_COLUMNS)} FROM export_cells WHERE person_id = ?", (pid,)
            ).fetchone(),
            strict=True,
        )
    )
    if own is not None:
        label = f"{own.label()} (own)"
    elif expected is not None:
        label = f"{expected[1].label()} (tag {expected[0]})"
    elif learned:
        label = f"{Rhythm(learned, 'd').label()} (learned)"
    else:
        label = ""
    assert (source == "none") == (rhythm is None)
    assert cells["rhythm"] == label
    assert cells["due"] == ("" if archived or rhythm is None else rhythm.after(start).isoformat())


def test_the_view_reads_today_nowhere(j: Journal) -> None:
    """The cells depend on the journal alone: export applies today (a snooze) by itself."""
    sql = j.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'export_cells'").fetchone()[0]
    assert "'now'" not in sql and TODAY.isoformat() not in sql
