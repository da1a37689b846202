"""Gathering what the check-in engine needs, without loading people who cannot need you.

The SQL pre-filter is deliberately generous (rhythms by their shortest length in days); the
pure engine in domain.checkin makes the exact decision on what survives.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from rjournal.domain.checkin import CheckinSettings, Suggestion, rank
from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Channel, CheckinFacts, Occasion
from rjournal.domain.rhythms import Rhythm, shortest_tag_default
from rjournal.store.derived import DAY_NUMBER_SQL, RECENT_INTERACTIONS, RECENT_SQL, day_number
from rjournal.store.journal import Journal
from rjournal.store.rows import (
    KID_COLUMNS,
    PERSON_COLUMNS,
    PERSON_SELECT,
    PET_COLUMNS,
    PROMISE_COLUMNS,
    kid_from_row,
    person_from_row,
    pet_from_row,
    promise_from_row,
)


def _json_ids(ids: Iterable[int | None]) -> str:
    """A JSON array of ids for json_each(), without importing json (start-up time)."""
    return "[" + ",".join(str(int(i)) for i in ids if i is not None) + "]"


# Where the derived columns begin in the rows _facts reads (after PERSON_COLUMNS).
_DERIVED_AT = len(PERSON_COLUMNS)
# Pages of candidate bounds worked out at once by the general ranking path.
WINDOW_PAGES = 4


_NEVER = day_number(date.max)


def window_month_days(today: date, days: int) -> list[str]:
    """Every "MM-DD" observed in [today, today + days]; 29 Feb rides on 28 Feb in common years."""
    out: list[str] = []
    for offset in range(days + 1):
        day = today + timedelta(days=offset)
        out.append(f"{day.month:02d}-{day.day:02d}")
        if day.month == 2 and day.day == 28 and (day + timedelta(days=1)).month == 3:
            out.append("02-29")
    return out


def person_facts(journal: Journal, person_id: int) -> CheckinFacts:
    """Everything the engine knows about one person, last entry and dialog included."""
    with journal.snapshot() as conn:
        rows = conn.execute(
            f"SELECT {PERSON_SELECT}, p.last_contact, p.last_channel, p.learned_days, p.awaiting "
            "FROM people p WHERE p.id = ? AND p.deleted_at IS NULL",
            (person_id,),
        ).fetchall()
        if not rows:
            journal.person(person_id)  # raises the NotFound with its message
        return complete(journal, _facts(journal, rows))[0]


def _facts(journal: Journal, rows: Sequence[Sequence[Any]]) -> list[CheckinFacts]:
    conn = journal.conn
    ids = _json_ids([r[0] for r in rows])
    grouped: dict[str, dict[int, list[Any]]] = {}
    queries = {
        "tags": "SELECT person_id, tag FROM tags WHERE person_id IN ids ORDER BY tag",
        "kids": f"SELECT person_id, {KID_COLUMNS} FROM kids "
        "WHERE person_id IN ids ORDER BY coalesce(birthday, '9999'), id",
        "pets": f"SELECT person_id, {PET_COLUMNS} FROM pets WHERE person_id IN ids ORDER BY id",
        "occasions": "SELECT person_id, id, label, date FROM occasions "
        "WHERE person_id IN ids ORDER BY id",
        "promises": f"SELECT person_id, {PROMISE_COLUMNS} "
        "FROM promises WHERE done_on IS NULL AND person_id IN ids "
        "ORDER BY coalesce(due, '9999'), id",
    }
    for name, sql in queries.items():
        bucket: dict[int, list[Any]] = defaultdict(list)
        sql = sql.replace("IN ids", "IN (SELECT value FROM json_each(?))")
        for row in conn.execute(sql, (ids,)):
            bucket[row[0]].append(row[1] if name == "tags" else row[1:])
        grouped[name] = bucket
    rhythms = journal.tag_rhythms()
    out: list[CheckinFacts] = []
    for row in rows:
        person_id = row[0]
        tags = tuple(grouped["tags"].get(person_id, ()))
        person = person_from_row(row[:_DERIVED_AT], tags)
        default = shortest_tag_default(tags, rhythms)
        last_contact, last_channel, learned_days, awaiting = row[_DERIVED_AT:]
        out.append(
            CheckinFacts(
                person=person,
                kids=tuple(kid_from_row(r) for r in grouped["kids"].get(person_id, ())),
                pets=tuple(pet_from_row(r) for r in grouped["pets"].get(person_id, ())),
                occasions=tuple(
                    Occasion(label=r[1], date=YearlyDate.from_iso(r[2]), id=r[0])
                    for r in grouped["occasions"].get(person_id, ())
                ),
                open_promises=tuple(
                    promise_from_row(r) for r in grouped["promises"].get(person_id, ())
                ),
                last_contact=date.fromisoformat(last_contact) if last_contact else None,
                last_channel=Channel(last_channel) if last_channel else None,
                tag_rhythm=default[1] if default else None,
                learned_rhythm=Rhythm(learned_days, "d") if learned_days else None,
                awaiting_answer=bool(awaiting),
            )
        )
    return out


def complete(journal: Journal, facts: Sequence[CheckinFacts]) -> list[CheckinFacts]:
    """Add the last entry and who reached out lately: the talking points of the few shown.

    A few look-ups each from the end of entry_people_dated, however long their history.
    """
    conn = journal.conn
    out: list[CheckinFacts] = []
    for fact in facts:
        person_id = fact.person.id
        last = journal.timeline(person_id, limit=1)
        recent = tuple(bool(row[0]) for row in conn.execute(RECENT_SQL, (person_id,)))
        out.append(replace(fact, last_entry=last[0] if last else None, recent_from_them=recent))
    return out


# Occasion and promise look-ups shared by the candidate queries.
# occ.today: the occasion falls today (today's "MM-DD", and 02-29 on 28 Feb of a common year).
_WINDOW_CTES = """
    md(v) AS (SELECT value FROM json_each(:mds)),
    tmd(v) AS (SELECT value FROM json_each(:today_mds)),
    occ(id, today) AS (
        SELECT id, birthday_md IN tmd FROM people
            WHERE birthday IS NOT NULL AND birthday_md IN md
        UNION SELECT person_id, birthday_md IN tmd FROM kids
            WHERE birthday IS NOT NULL AND birthday_md IN md AND passed_on IS NULL
        UNION SELECT person_id, birthday_md IN tmd FROM pets
            WHERE birthday IS NOT NULL AND birthday_md IN md AND passed_on IS NULL
        UNION SELECT person_id, date_md IN tmd FROM occasions WHERE date_md IN md
    ),
    prom(id, n_due, first_due, soon) AS (
        SELECT person_id, sum(due <= :as_of), min(due), max(due > :as_of) FROM promises
        WHERE done_on IS NULL AND due IS NOT NULL AND due <= :horizon GROUP BY person_id
    )
"""


def _json_days(days: list[str]) -> str:
    return "[" + ",".join(f'"{md}"' for md in days) + "]"


def candidate_bounds(
    journal: Journal, as_of: date, settings: CheckinSettings, limit: int, offset: int
) -> list[tuple[int, float, int]]:
    """Candidates with an upper bound of their score and a lower bound of their due date.

    The bound adds each engine term at its largest (domain.checkin's formula): a due promise's
    weight and lateness exactly, an occasion today, the overdue ratio and the days waiting on
    an answer exactly (eff_avg is the engine's rhythm length; start_day is the day of the
    interaction that waits), and the occasion and promise-soon terms at full weight. Best
    bound first, as (id, bound, earliest due day); `limit` < 0 means all.

    One query: people with an occasion or a promise in the window (few) get their bound from
    their own rows; people waiting on an answer from the covering index people_awaiting (the
    overdue and unanswered terms); everyone else can only be due by rhythm, so their bound is
    the overdue term alone, read from the covering index people_due. SQLite sorts and returns
    only the rows asked for, so nothing is built in Python for the tens of thousands who are
    due.
    """
    params = _bounds_params(as_of, settings, limit, offset)
    s = settings
    # Most people who are due are due by rhythm alone, and many are past the cap: if at least
    # limit + offset of them are, they are the best of everyone due by rhythm alone (anyone
    # short of the cap has a lower bound), and the index gives them in order without a bound
    # worked out for the others. The same holds of the people waiting on an answer at both
    # caps. Each group falls back on its whole self when too few are capped.
    capped = {"rhythm": limit > 0 and s.overdue_weight > 0}
    capped["awaiting"] = capped["rhythm"] and s.unanswered_weight > 0
    params["want"] = limit + offset
    while True:
        sql = _bounds_sql(capped["rhythm"], capped["awaiting"])
        rows = journal.conn.execute(sql, params).fetchall()
        short = [g for i, g in enumerate(("rhythm", "awaiting")) if capped[g] and (
            not rows or rows[0][3 + i] < limit + offset)]  # fmt: skip
        if not short:
            break
        for group in short:
            capped[group] = False
    return [(int(row[0]), float(row[1]), int(row[2])) for row in rows]


def _bounds_params(as_of: date, s: CheckinSettings, limit: int, offset: int) -> dict[str, object]:
    """The named parameters of the bounds query (see candidate_bounds)."""
    as_of_day = day_number(as_of)
    return {
        "mds": _json_days(window_month_days(as_of, s.lookahead_days)),
        "today_mds": _json_days(window_month_days(as_of, 0)),
        "horizon": (as_of + timedelta(days=s.lookahead_days)).isoformat(),
        "as_of": as_of.isoformat(),
        "d": as_of_day,
        "never": _NEVER,
        "ow": s.overdue_weight,
        "cap": s.overdue_cap,
        "pw": s.promise_weight,
        "pdw": s.promise_day_weight,
        "psw": s.promise_soon_weight,
        "occw": s.occasion_weight,
        "otw": s.occasion_today_weight,
        "uw": s.unanswered_weight,
        "ucap": s.unanswered_cap,
        "oneside": max(s.one_sided_weight, 0.0) * RECENT_INTERACTIONS,
        "limit": limit,
        "offset": offset,
    }


# Each candidate's bound, summed in the order the engine adds its terms; see candidate_bounds.
_OVERDUE = ":ow * min(max((:d - p.start_day) / p.eff_avg, 1.0), :cap)"
_UNANSWERED = ":uw * min(max(:d - p.start_day, 1), :ucap)"
_FIRST_DUE = DAY_NUMBER_SQL.format("x.first_due")
_LIVE = """p.deleted_at IS NULL AND p.archived = 0
            AND (p.snoozed_until IS NULL OR p.snoozed_until <= :as_of)"""
# Who has an occasion or a promise in the window, with what their bound needs.
_X = """
    x(id, n_due, first_due, soon, occ, occ_today) AS (
        SELECT id, sum(n_due), min(first_due), max(soon), max(occ), max(occ_today) FROM (
            SELECT id, 0 AS n_due, NULL AS first_due, 0 AS soon, 1 AS occ, today AS occ_today
                FROM occ
            UNION ALL SELECT id, n_due, first_due, soon, 0, 0 FROM prom
        ) GROUP BY id
    )"""
# Their bounds: every term at its largest.
_X_BOUNDS = f"""
        SELECT p.id,
            :oneside
            + CASE WHEN p.due_from <= :d THEN {_OVERDUE} ELSE 0.0 END
            + CASE WHEN p.awaiting THEN {_UNANSWERED} ELSE 0.0 END
            + x.n_due * :pw
            + CASE WHEN x.n_due > 0 THEN max(:d - {_FIRST_DUE}, 0) * :pdw ELSE 0.0 END
            + CASE WHEN x.occ_today THEN :otw ELSE 0.0 END
            + CASE WHEN x.soon THEN :psw ELSE 0.0 END
            + CASE WHEN x.occ THEN :occw ELSE 0.0 END,
            min(coalesce(p.due_from, :never),
                CASE WHEN x.first_due IS NULL THEN :never ELSE {_FIRST_DUE} END,
                CASE WHEN x.occ THEN :d ELSE :never END,
                CASE WHEN p.awaiting THEN p.start_day ELSE :never END)
        FROM x JOIN people p ON p.id = x.id
        WHERE {_LIVE}"""
# Everyone else waiting on an answer: the overdue and unanswered terms, from people_awaiting.
# Their earliest due day is the day of the interaction that waits (start_day <= due_from).
_AWAITING = f"""FROM people p INDEXED BY people_awaiting
        WHERE p.awaiting = 1 AND {_LIVE} AND p.id NOT IN (SELECT id FROM x)"""
_AWAITING_BOUND = (
    f":oneside + CASE WHEN p.due_from <= :d THEN {_OVERDUE} ELSE 0.0 END + {_UNANSWERED}"
)
# Everyone else due by rhythm: the overdue term alone, from the covering index people_due.
_RHYTHM_ONLY = f"""FROM people p INDEXED BY people_due
        WHERE p.due_from <= :d AND {_LIVE}
            AND p.id NOT IN (SELECT id FROM x) AND p.id NOT IN (SELECT id FROM aw)"""
_AW = """
    aw(id) AS (SELECT p.id FROM people p INDEXED BY people_awaiting
        WHERE p.awaiting = 1 AND p.deleted_at IS NULL AND p.archived = 0)"""
# A group's rows when at least :want of it are at its caps (compared as worked out, so a
# rounding tie cannot slip past): those, in due order; `found` says how many, at most :want.
_CAPPED_RHYTHM = f"""
    rc(id, earliest) AS (
        SELECT p.id, p.due_from {_RHYTHM_ONLY} AND {_OVERDUE} >= :ow * :cap
        ORDER BY p.due_from, p.id LIMIT :want
    )"""
_CAPPED_AWAITING = f"""
    ac(id, earliest) AS (
        SELECT p.id, p.start_day {_AWAITING} AND p.due_from <= :d
            AND {_OVERDUE} >= :ow * :cap AND {_UNANSWERED} >= :uw * :ucap
        ORDER BY p.start_day, p.id LIMIT :want
    )"""


def _bounds_sql(capped_rhythm: bool, capped_awaiting: bool) -> str:
    """The bounds query: each of the two big groups whole, or only its capped best."""
    ctes = [_WINDOW_CTES, _X, _AW]
    branches = [_X_BOUNDS]
    counts = []
    if capped_awaiting:
        ctes.append(_CAPPED_AWAITING)
        branches.append("SELECT id, :ow * :cap + :uw * :ucap + :oneside, earliest FROM ac")
        counts.append("(SELECT count(*) FROM ac)")
    else:
        branches.append(f"SELECT p.id, {_AWAITING_BOUND}, p.start_day {_AWAITING}")
        counts.append("0")
    if capped_rhythm:
        ctes.append(_CAPPED_RHYTHM)
        branches.append("SELECT id, :ow * :cap + :oneside, earliest FROM rc")
        counts.insert(0, "(SELECT count(*) FROM rc)")
    else:
        branches.append(f"SELECT p.id, {_OVERDUE} + :oneside, p.due_from {_RHYTHM_ONLY}")
        counts.insert(0, "0")
    union = "\n        UNION ALL\n".join(branches)
    return (
        f"WITH {', '.join(ctes)},\n    b(id, bound, earliest) AS ({union})\n"
        f"SELECT id, bound, earliest, {', '.join(counts)} FROM b\n"
        "ORDER BY bound DESC, earliest, id LIMIT :limit OFFSET :offset"
    )


def window_people(journal: Journal, as_of: date, days: int, limit: int | None = None) -> list[int]:
    """Everyone with an occasion in [as_of, as_of + days] or an open promise due by its end
    (not in the trash nor archived): who a plan of those days must place on a day. Nearest
    first (the day of their first occasion, or their promise's due day, late ones first), the
    first `limit` of them."""
    params = {
        "mds": _json_days(window_month_days(as_of, days)),
        "horizon": (as_of + timedelta(days=days)).isoformat(),
        "as_of": as_of.isoformat(),
        "limit": -1 if limit is None else limit,
    }
    rows = journal.conn.execute(_WINDOW_PEOPLE, params)
    return [int(row[0]) for row in rows]


# The people of window_people, each with the position of a day of theirs in the window.
_WINDOW_PEOPLE = """
WITH md(k, v) AS (SELECT key, value FROM json_each(:mds)),
hits(id, k) AS (
    SELECT p.id, md.k FROM md JOIN people p ON p.birthday_md = md.v WHERE p.birthday IS NOT NULL
    UNION ALL SELECT k.person_id, md.k FROM md JOIN kids k ON k.birthday_md = md.v
        WHERE k.birthday IS NOT NULL AND k.passed_on IS NULL
    UNION ALL SELECT x.person_id, md.k FROM md JOIN pets x ON x.birthday_md = md.v
        WHERE x.birthday IS NOT NULL AND x.passed_on IS NULL
    UNION ALL SELECT o.person_id, md.k FROM md JOIN occasions o ON o.date_md = md.v
    UNION ALL SELECT person_id, julianday(due) - julianday(:as_of) FROM promises
        WHERE done_on IS NULL AND due IS NOT NULL AND due <= :horizon
)
SELECT h.id FROM hits h JOIN people p ON p.id = h.id
WHERE p.deleted_at IS NULL AND p.archived = 0
GROUP BY h.id ORDER BY min(h.k), h.id LIMIT :limit
"""


def facts_of(journal: Journal, ids: Sequence[int]) -> list[CheckinFacts]:
    """Complete facts (last entry and dialog included) of these people, in the trash or not."""
    return complete(journal, _facts_of(journal, ids))


def _facts_of(journal: Journal, ids: Sequence[int]) -> list[CheckinFacts]:
    """Facts of these people; deleted ones are left out (the fast path's bounds keep them)."""
    rows = journal.conn.execute(
        f"SELECT {PERSON_SELECT}, p.last_contact, p.last_channel, p.learned_days, p.awaiting "
        "FROM people p WHERE p.id IN (SELECT value FROM json_each(?)) "
        "AND p.deleted_at IS NULL",
        (_json_ids(ids),),
    ).fetchall()
    return _facts(journal, rows)


def _cannot_outrank(bound: tuple[int, float, int], last: Suggestion) -> bool:
    """True when a candidate's best possible score and due date still rank after `last`."""
    _, best, earliest = bound
    slack = 1e-6  # SQL and Python may round the same sum differently
    if best + slack < last.score:
        return True
    return abs(best - last.score) <= slack and earliest > day_number(last.due)


def _window_offsets(as_of: date, days: int) -> dict[str, int]:
    """ "MM-DD" -> days from as_of to its first observed day in the look-ahead (29 Feb rides
    on 28 Feb in common years, as domain.occasions' window has it)."""
    out: dict[str, int] = {}
    for offset, md in enumerate(window_month_days(as_of, days)):
        out.setdefault(md, offset)
    return out


def promise_led(
    journal: Journal, as_of: date, s: CheckinSettings, limit: int, batch: int
) -> tuple[list[CheckinFacts], list[tuple[int, float, int]]] | None:
    """The fast path when due promises decide the top: (facts loaded, bounds still to page).

    A due promise is worth more than every other term can add up to (defaults: 1000 against
    200 + 60 + 60 + 15 + 10), and those promises live in a small table. So: read only the due
    promises (exact promise terms per person, P), score the `batch` people with the most, and
    take the `limit`-th best score as a threshold. When it beats the most that anyone can score
    without a due promise, no one else can make the list; of the people with due promises only
    those whose P plus that maximum reaches the threshold remain, and their bounds are worked out
    exactly enough (overdue, occasion and promise-soon terms from their own rows) that few
    are loaded. None when the threshold does not separate them: the general path decides.
    """
    weights = (
        s.promise_weight,
        s.promise_day_weight,
        s.occasion_today_weight,
        s.overdue_weight,
        s.unanswered_weight,
        s.occasion_weight,
        s.promise_soon_weight,
    )
    if min(weights) < 0 or s.overdue_cap < 1 or s.unanswered_cap < 1:
        return None  # the bounds below assume every term adds
    conn = journal.conn
    as_of_day = day_number(as_of)
    due: dict[int, list[Any]] = {}
    for pid, on in conn.execute(
        "SELECT person_id, due FROM promises WHERE done_on IS NULL AND due <= ?",
        (as_of.isoformat(),),
    ):
        got = due.get(pid)
        if got is None:
            due[pid] = [1, on]
        else:
            got[0] += 1
            if on < got[1]:
                got[1] = on
    if len(due) < limit:
        return None
    # Exact promise terms per person: (P, oldest due day, id).
    ranked: list[tuple[float, int, int]] = []  # (-P, oldest due day, id): best first
    for pid, (n, oldest) in due.items():
        first = day_number(date.fromisoformat(oldest))
        promised = n * s.promise_weight + max(as_of_day - first, 0) * s.promise_day_weight
        ranked.append((-promised, first, pid))
    ranked.sort()
    oneside = max(s.one_sided_weight, 0.0) * RECENT_INTERACTIONS
    rest = (
        s.occasion_today_weight
        + s.overdue_weight * s.overdue_cap
        + s.unanswered_weight * s.unanswered_cap
        + s.occasion_weight
        + s.promise_soon_weight
        + oneside
    )
    slack = 1e-6
    loaded = _facts_of(journal, [r[2] for r in ranked[:batch]])
    top = rank(loaded, as_of, s, limit=limit)
    if len(top) < limit:
        return None
    threshold = top[-1].score
    if threshold <= rest + slack:
        return None  # someone without a due promise might still make the list
    left = {r[2]: (-r[0], r[1]) for r in ranked[batch:] if -r[0] + rest + slack >= threshold}
    return loaded, _promise_led_bounds(journal, as_of, s, left, oneside)


def _promise_led_bounds(
    journal: Journal,
    as_of: date,
    s: CheckinSettings,
    left: dict[int, tuple[float, int]],
    oneside: float,
) -> list[tuple[int, float, int]]:
    """(id, bound, earliest due day) for these people, best first: their exact promise terms
    `left[id]` plus the overdue and unanswered terms as candidate_bounds has them, the
    occasion (today or not) and promise-soon terms at their exact closeness, and the one-sided
    term at its largest."""
    if not left:
        return []
    conn = journal.conn
    as_of_day = day_number(as_of)
    span = s.lookahead_days + 1
    offsets = _window_offsets(as_of, s.lookahead_days)
    params = {
        "ids": _json_ids(left),
        "as_of": as_of.isoformat(),
        "horizon": (as_of + timedelta(days=s.lookahead_days)).isoformat(),
    }
    nearest: dict[int, int] = {}  # id -> days to the nearest occasion in the window

    def occasion(pid: int, md: str | None) -> None:
        off = offsets.get(md) if md is not None else None
        if off is not None and off < nearest.get(pid, span):
            nearest[pid] = off

    ids_in = "IN (SELECT value FROM json_each(:ids))"
    for sql in (
        f"SELECT person_id, birthday_md FROM kids WHERE person_id {ids_in} "
        "AND birthday IS NOT NULL AND passed_on IS NULL",
        f"SELECT person_id, birthday_md FROM pets WHERE person_id {ids_in} "
        "AND birthday IS NOT NULL AND passed_on IS NULL",
        f"SELECT person_id, date_md FROM occasions WHERE person_id {ids_in}",
    ):
        for pid, md in conn.execute(sql, params):
            occasion(pid, md)
    soonest = {
        pid: day_number(date.fromisoformat(on))
        for pid, on in conn.execute(
            f"SELECT person_id, min(due) FROM promises WHERE person_id {ids_in} "
            "AND done_on IS NULL AND due > :as_of AND due <= :horizon GROUP BY person_id",
            params,
        )
    }
    found: list[tuple[int, float, int]] = []
    for pid, due_from, start_day, eff_avg, awaiting, birthday_md in conn.execute(
        "SELECT id, due_from, start_day, eff_avg, awaiting, "
        "CASE WHEN birthday IS NOT NULL THEN birthday_md END "
        f"FROM people WHERE id {ids_in} AND deleted_at IS NULL AND archived = 0 "
        "AND (snoozed_until IS NULL OR snoozed_until <= :as_of)",
        params,
    ):
        occasion(pid, birthday_md)
        promised, earliest = left[pid]
        bound = promised + oneside
        if due_from is not None:
            if due_from <= as_of_day:
                ratio = min(max((as_of_day - start_day) / eff_avg, 1.0), s.overdue_cap)
                bound += s.overdue_weight * ratio
            earliest = min(earliest, due_from)
        if awaiting:
            waited = min(max(as_of_day - start_day, 1), s.unanswered_cap)
            bound += s.unanswered_weight * waited
            earliest = min(earliest, start_day)
        off = nearest.get(pid)
        if off is not None:
            if off == 0:
                bound += s.occasion_today_weight
            bound += s.occasion_weight * (span - off) / span
            earliest = min(earliest, as_of_day + off)
        soon = soonest.get(pid)
        if soon is not None:
            bound += s.promise_soon_weight * (span - (soon - as_of_day)) / span
        found.append((pid, bound, earliest))
    found.sort(key=lambda r: (-r[1], r[2], r[0]))
    return found


def _page(
    journal: Journal,
    as_of: date,
    s: CheckinSettings,
    limit: int,
    batch: int,
    loaded: list[CheckinFacts],
    bounds: Sequence[tuple[int, float, int]],
) -> None:
    """Load `bounds` (best first) into `loaded` a batch at a time, until the next bound cannot
    outrank the `limit`-th best score."""
    at = 0
    while at < len(bounds):
        top = rank(loaded, as_of, s, limit=limit)
        if len(top) == limit and _cannot_outrank(bounds[at], top[-1]):
            return
        loaded += _facts_of(journal, [r[0] for r in bounds[at : at + batch]])
        at += batch


def next_checkins(
    journal: Journal,
    as_of: date,
    *,
    limit: int | None = None,
    settings: CheckinSettings | None = None,
) -> list[Suggestion]:
    """Who needs a check-in as of a day, best first.

    When due promises decide the top (`promise_led`), only people with a due promise are
    looked at. Otherwise candidates come from SQL best bound first (`candidate_bounds`). Either
    way facts are built a batch at a time until the next bound cannot outrank the last of the
    `limit` best, so only a few pages of people are ever built (the bounds themselves are
    one SQL query over everyone due). Then only those shown get their last entry (talking
    points).
    """
    chosen = settings or CheckinSettings()
    batch = -1 if limit is None else max(4 * limit, 64)
    with journal.snapshot():
        # The fast path's bounds are nearly exact, so its pages can be small.
        small = max(2 * limit, 16) if limit else 0
        fast = promise_led(journal, as_of, chosen, limit, small) if limit else None
        if fast is not None and limit:
            loaded, bounds = fast
            _page(journal, as_of, chosen, limit, small, loaded, bounds)
        else:
            loaded = by_bounds(journal, as_of, chosen, limit, batch)
        first = rank(loaded, as_of, chosen, limit=limit)
        by_id = {f.person.id: f for f in loaded}
        shown = complete(journal, [by_id[s.person_id] for s in first])
    return rank(shown, as_of, chosen, limit=limit)


def by_bounds(
    journal: Journal, as_of: date, s: CheckinSettings, limit: int | None, batch: int
) -> list[CheckinFacts]:
    """The general path: candidates' bounds from candidate_bounds, facts a page at a time.

    Bounds come a window of WINDOW_PAGES pages at a time: working them out reads everyone
    with an occasion or a promise in the window, so one window is asked for, and paged
    through, before another.
    """
    loaded: list[CheckinFacts] = []
    offset = 0
    window = -1 if batch < 0 else WINDOW_PAGES * batch
    while True:
        rows = candidate_bounds(journal, as_of, s, window + 1 if window > 0 else -1, offset)
        # The row after this window, if any: what the last page is checked against.
        beyond = rows[window] if 0 < window < len(rows) else None
        rows = rows if window < 0 else rows[:window]
        step = batch if batch > 0 else max(len(rows), 1)
        for start in range(0, len(rows), step):
            page = rows[start : start + step]
            loaded += _facts_of(journal, [r[0] for r in page])
            following = rows[start + step] if start + step < len(rows) else beyond
            if following is None:
                return loaded
            top = rank(loaded, as_of, s, limit=limit)
            if limit is not None and len(top) == limit and _cannot_outrank(following, top[-1]):
                return loaded
        if beyond is None:
            return loaded
        offset += len(rows)


# People whose facts are built at a time when counting: memory stays flat at any size.
COUNT_BATCH = 500


def count_checkins(journal: Journal, as_of: date, settings: CheckinSettings | None = None) -> int:
    """How many people need a check-in as of a day: what `next_checkins` without a limit
    would list, counted by the engine's own first pass (`count_needing`) over the SQL
    candidates a batch at a time, with no words built."""
    from rjournal.domain.checkin import count_needing

    chosen = settings or CheckinSettings()
    with journal.snapshot():
        # Every candidate (no cap: limit < 0), as ids only and streamed: the bounds of tens of
        # thousands of people, built as tuples, cost the app ~10 MiB at 100,000.
        params = _bounds_params(as_of, chosen, -1, 0)
        params["want"] = -1
        sql = _bounds_sql(False, False)
        ids = array("q", (row[0] for row in journal.conn.execute(sql, params)))
        count = 0
        for start in range(0, len(ids), COUNT_BATCH):
            count += count_needing(
                _facts_of(journal, ids[start : start + COUNT_BATCH]), as_of, chosen
            )
    return count
