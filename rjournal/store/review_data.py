"""Gathering what the monthly review needs (see domain.review for what it makes of it).

People are measured as of the review day, min(today, the month's last day): their last contact,
who reached out lately and the rhythm learned from their history count only interactions on or
before that day.

Speed: a journal of 100,000 people has over half a million interactions, so nothing here
builds an Entry or a CheckinFacts per row. The month's entries are counted in SQL (the
entries_on index: the month's rows only). When no interaction is dated after the review day,
as in the current month, the people columns store.derived keeps (last_contact, start_day,
awaiting, recent_n and recent_them) are everyone's history as of that day, and none of it is read.
Otherwise (a past month) everyone's contact history as of the review day is summed up in one
grouped pass over the index entry_people_dated (count, latest interaction, latest one from
them), which is all that "only you" and "unreturned" need:

- the latest interaction waits on your answer  <=>  the latest from them (not one mail ingest
  saw you answer that day) is the latest of all (in the people columns: awaiting);
- you reached out the last N (>= 3) times, N the last few (up to RECENT_INTERACTIONS)  <=>
  nothing came from them and there are 3 or more, or at least RECENT_INTERACTIONS came after
  the latest from them (counted, for the few where that can hold, by a second look).

"Slipped" is pre-filtered in SQL by the shortest length of the rhythm in force (eff_min); the
exact calendar check (Rhythm.after) runs in Python for the candidates. The stored learned rhythm
(people.learned_days, which eff_min follows) is learned from the whole history, so it is the
rhythm as of the review day only for someone with no interaction after that day: everyone, in
the current month, as entries are not dated after today (the fast path: nothing more is read).
The others whose rhythm is the learned one, with more than LEARN_MIN_GAPS interactions by then
and not contacted on the day itself, are learned again: their interactions up to the review
day are read (June 2026 in the 100k journal: 61k of its 526k interactions, of 7,600 people)
and domain.rhythms.learn_rhythm itself makes their rhythm, so it is the very one it would
have learned on that day. (The median in SQL window functions measured twice as slow.)

The lists are then exactly what domain.review.build_review makes of complete CheckinFacts as of
the review day (tests hold the two side by side); build_review itself still does the promises.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from rjournal.domain.review import ONLY_YOU_MIN, MonthReview, build_review, month_bounds
from rjournal.domain.rhythms import (
    LEARN_MIN_GAPS,
    Rhythm,
    learn_rhythm,
    rhythm_in_force,
    shortest_tag_default,
)
from rjournal.store.connection import MMAP_BYTES
from rjournal.store.derived import DAY_NUMBER_SQL, RECENT_INTERACTIONS, day_number
from rjournal.store.journal import Journal
from rjournal.store.rows import PROMISE_COLUMNS, promise_from_row

# Interactions logged without a channel are counted under this name, as build_review does.
_NO_CHANNEL = "other"
_EPOCH = date(1970, 1, 1)  # day 0 of the day numbers (store.derived.day_number)
# A history key orders interactions like the domain does, by (day, entry id), in one integer.
_KEY_SHIFT = 1 << 40
_KEY = f"({DAY_NUMBER_SQL.format('ep.on_date')} * {_KEY_SHIFT} + ep.entry_id)"

# Own rhythm unset and the rhythm in force as long as the learned one (so the learned one, unless
# a tag default of that length: Python tells by rhythm_tags), learned from contacts after the day.
_RELEARN = "nullif(p.rhythm, '') IS NULL AND p.eff_min = p.learned_days AND p.last_contact > :day"

# The tags of a person with a tag default to tell the rhythm in force by (no own rhythm).
_RHYTHM_TAGS = """CASE WHEN nullif(p.rhythm, '') IS NULL AND p.eff_min > 0 THEN (
        SELECT group_concat(t.tag, char(31)) FROM tags t
        WHERE t.person_id = p.id AND t.tag IN (SELECT tag FROM tag_rhythms))
    END AS rhythm_tags"""

# Everyone's interactions up to the review day, summed up per person (from the index
# entry_people_dated alone); then the people who may show in a list: slipped (by the shortest
# length of their rhythm, or with a rhythm to learn again as of the day from enough contact
# days), unreturned, or one-sided.
_PEOPLE_SQL = f"""
WITH h AS (
    SELECT ep.person_id AS pid, count(*) AS n, max(ep.on_date) AS last_day,
        max({_KEY}) AS last_key,
        max(CASE WHEN ep.from_them THEN {_KEY} END) AS them_key,
        max(CASE WHEN ep.from_them AND ep.entry_id NOT IN (SELECT entry_id FROM mail_answered)
            THEN {_KEY} END) AS waiting_key
    FROM entry_people ep
    WHERE ep.interaction AND ep.on_date <= :day
    GROUP BY ep.person_id
)
SELECT p.id, p.name, h.n, h.last_day, h.last_key, h.them_key, h.waiting_key,
    CASE WHEN h.them_key < h.last_key AND h.n >= :recent THEN (
        SELECT count(*) FROM entry_people ep
        WHERE ep.person_id = p.id AND ep.interaction AND ep.on_date <= :day
            AND {_KEY} > h.them_key)
    END AS after_them,
    CASE WHEN p.eff_min > 0 AND {DAY_NUMBER_SQL.format("coalesce(h.last_day, p.added_on)")}
        + p.eff_min <= :day_number THEN 1 ELSE 0 END AS may_slip,
    p.added_on, nullif(p.rhythm, ''), p.learned_days,
    CASE WHEN {_RELEARN} THEN 1 ELSE 0 END AS relearn,
    {_RHYTHM_TAGS}
FROM people p NOT INDEXED LEFT JOIN h ON h.pid = p.id
WHERE p.deleted_at IS NULL AND p.archived = 0
    AND (p.snoozed_until IS NULL OR p.snoozed_until <= :day)
    AND (
        (p.eff_min > 0 AND {DAY_NUMBER_SQL.format("coalesce(h.last_day, p.added_on)")}
            + p.eff_min <= :day_number)
        OR ({_RELEARN} AND h.n > :min_gaps AND h.last_day < :day)
        OR h.waiting_key = h.last_key
        OR (h.them_key IS NULL AND h.n >= :only_you_min)
        OR (h.them_key < h.last_key AND h.n >= :recent)
    )
"""

# When no interaction is dated after the review day (the current month), the people columns
# already hold everyone's history as of that day, and each list is read from them in SQL: its
# length, then its first :shown rows in order (all of them for -1). Nothing of the history is
# read, and Python sees only the rows shown.
_LIVE = """p.deleted_at IS NULL AND p.archived = 0
    AND (p.snoozed_until IS NULL OR p.snoozed_until <= :day)"""
# Unreturned: awaiting (so last_contact is set, and start_day is its day number), from the
# partial index people_awaiting.
_STORED_UNRETURNED = f"""
SELECT NULL, NULL, count(*) FROM people p INDEXED BY people_awaiting
WHERE p.awaiting = 1 AND {_LIVE}
UNION ALL SELECT * FROM (
    SELECT p.id, p.name, p.last_contact FROM people p INDEXED BY people_awaiting
    WHERE p.awaiting = 1 AND {_LIVE} ORDER BY p.start_day, p.name, p.id LIMIT :shown)
"""
# Only you: the latest few (at least ONLY_YOU_MIN) all from you; one pass over the table.
_STORED_ONLY_YOU = f"""
WITH o AS MATERIALIZED (
    SELECT p.id, p.name, p.recent_n FROM people p NOT INDEXED
    WHERE p.recent_them = 0 AND p.recent_n >= :only_you_min AND {_LIVE})
SELECT NULL, NULL, count(*) FROM o
UNION ALL SELECT * FROM (SELECT * FROM o ORDER BY recent_n DESC, name, id LIMIT :shown)
"""
# Slipped: the rhythm in force fell due by the day, from the index people_due alone. Its
# lengths tell the rhythm itself: eff_avg = eff_min for days and weeks (and learned rhythms),
# due on due_from; otherwise months (eff_min = 28 a month) or years (365 a year), due that
# many calendar months after start_day, the day kept within the month (Rhythm.after).
_EFF_MIN = "(p.due_from - p.start_day)"
_START = "(p.start_day + 2440587.5)"  # the clock's start as a Julian day
_MONTHS = (
    f"'+' || CASE WHEN {_EFF_MIN} % 28 = 0 THEN {_EFF_MIN} / 28 ELSE 12 * ({_EFF_MIN} / 365) END"
    " || ' months'"
)
_START_DAY = f"CAST(strftime('%d', {_START}) AS INTEGER)"
_TO_MONTH = f"julianday({_START}, 'start of month', {_MONTHS})"
_TO_MONTH_DAYS = (
    f"CAST(julianday({_START}, 'start of month', {_MONTHS}, '+1 months') - {_TO_MONTH} AS INTEGER)"
)
_DUE = f"""iif(p.eff_avg = {_EFF_MIN}, p.due_from,
    CAST({_TO_MONTH} - 2440587.5 AS INTEGER) - 1 + CASE WHEN {_START_DAY} <= 28 THEN {_START_DAY}
        ELSE min({_START_DAY}, {_TO_MONTH_DAYS}) END)"""
_STORED_SLIPPED = f"""
WITH s AS MATERIALIZED (
    SELECT id, due FROM (
        SELECT p.id, {_DUE} AS due FROM people p INDEXED BY people_due
        WHERE p.due_from <= :day_number AND {_LIVE})
    WHERE due <= :day_number)
SELECT NULL, NULL, count(*) FROM s
UNION ALL SELECT * FROM (
    SELECT s.id, p.name, s.due FROM s JOIN people p ON p.id = s.id {{first_few}}
    ORDER BY s.due, p.name, s.id LIMIT :shown)
"""
# With a few shown, only people due by the one shown last can be among them: names are read
# for those only.
_FIRST_FEW = (
    "WHERE s.due <= coalesce("
    "(SELECT due FROM s ORDER BY due LIMIT 1 OFFSET :shown - 1), :day_number)"
)
_LATER_SQL = "SELECT EXISTS (SELECT 1 FROM entries WHERE on_date > ? AND kind = 'interaction')"

# The interactions of some people (a JSON array of ids) up to the review day.
_DAYS_SQL = """
SELECT ep.person_id, ep.on_date
FROM json_each(:ids) j JOIN entry_people ep ON ep.person_id = j.value
WHERE ep.interaction AND ep.on_date <= :day
"""

# The month's entries that still concern someone not in the trash, counted by what the review
# shows; and the people they were with.
_ENTRIES_SQL = """
SELECT e.on_date, e.kind, coalesce(nullif(e.channel, ''), :none), e.from_them <> 0, count(*)
FROM entries e
WHERE e.on_date BETWEEN :first AND :as_of AND EXISTS (
    SELECT 1 FROM entry_people ep JOIN people p ON p.id = ep.person_id
    WHERE ep.entry_id = e.id AND p.deleted_at IS NULL)
GROUP BY 1, 2, 3, 4
"""
_CONTACTED_SQL = """
SELECT count(DISTINCT ep.person_id)
FROM entries e JOIN entry_people ep ON ep.entry_id = e.id JOIN people p ON p.id = ep.person_id
WHERE e.kind = 'interaction' AND e.on_date BETWEEN :first AND :as_of AND p.deleted_at IS NULL
"""


def month_review(
    journal: Journal, year: int, month: int, today: date, shown: int | None = None
) -> MonthReview:
    """The review of one month as of today, from one consistent read of the journal. With
    `shown`, the people lists hold only their first few (people_counts says how many)."""
    first, last = month_bounds(year, month)
    as_of = min(today, last)
    conn = journal.conn
    # Reading through a memory map spares a read() call per page: the month's counts visit
    # pages of the entries spread over the whole file.
    previous_mmap = conn.execute("PRAGMA mmap_size").fetchone()[0]
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    try:
        return _month_review(journal, year, month, today, shown, first, last, as_of)
    finally:
        conn.execute(f"PRAGMA mmap_size = {int(previous_mmap)}")


def _month_review(
    journal: Journal,
    year: int,
    month: int,
    today: date,
    shown: int | None,
    first: date,
    last: date,
    as_of: date,
) -> MonthReview:
    conn = journal.conn
    with journal.snapshot():
        columns = ", ".join(f"pr.{c}" for c in PROMISE_COLUMNS.split(", "))
        promises = [
            promise_from_row(row)
            for row in conn.execute(
                f"SELECT {columns} FROM promises pr JOIN people p ON p.id = pr.person_id "
                "WHERE p.deleted_at IS NULL AND "
                "(pr.due BETWEEN :first AND :last OR pr.done_on BETWEEN :first AND :last)",
                {"first": first.isoformat(), "last": last.isoformat()},
            )
        ]
        names = journal.names(p.person_id for p in promises)
        # The promises and the empty weeks, as the domain makes them; the rest is filled in.
        review = build_review(year, month, today, [], [], promises, names)
        review = _count_entries(journal, review, first, as_of)
        return _people_lists(journal, review, as_of, shown)


def _count_entries(journal: Journal, review: MonthReview, first: date, as_of: date) -> MonthReview:
    """The month's counts (build_review's entry loop, in SQL)."""
    conn = journal.conn
    bounds = {"first": first.isoformat(), "as_of": as_of.isoformat()}
    interactions = notes = you = them = 0
    by_channel: Counter[str] = Counter()
    weekly: dict[date, Counter[str]] = {monday: Counter() for monday, _ in review.weeks}
    for on_date, kind, channel, from_them, count in conn.execute(
        _ENTRIES_SQL, {**bounds, "none": _NO_CHANNEL}
    ):
        if kind != "interaction":
            notes += count
            continue
        interactions += count
        by_channel[channel] += count
        day = date.fromisoformat(on_date)
        weekly[day - timedelta(days=day.weekday())][channel] += count
        if from_them:
            them += count
        else:
            you += count
    contacted = int(conn.execute(_CONTACTED_SQL, bounds).fetchone()[0])
    return replace(
        review,
        interactions=interactions,
        notes=notes,
        by_channel=_by_count(by_channel),
        weeks=[(monday, _by_count(counts)) for monday, counts in weekly.items()],
        people_contacted=contacted,
        you_reached_out=you,
        they_reached_out=them,
    )


def _by_count(counts: Counter[str]) -> dict[str, int]:
    """Most used first, then by name (as build_review orders them)."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _people_lists(
    journal: Journal, review: MonthReview, as_of: date, shown: int | None
) -> MonthReview:
    """Slipped, only you and unreturned as of the review day (build_review's people loop)."""
    if not stored_history_serves(journal, as_of):
        return _history_lists(journal, review, as_of, shown)
    params = {
        "day": as_of.isoformat(),
        "day_number": day_number(as_of),
        "only_you_min": ONLY_YOU_MIN,
        "shown": -1 if shown is None else shown,
    }
    few = shown is not None and shown > 0
    slipped_sql = _STORED_SLIPPED.format(first_few=_FIRST_FEW if few else "")
    counts: list[int] = []
    lists: list[list[tuple[int, str, Any]]] = []
    for sql in (slipped_sql, _STORED_ONLY_YOU, _STORED_UNRETURNED):
        rows = journal.conn.execute(sql, params)
        counts.append(next(rows)[2])
        lists.append([(person_id, name, value) for person_id, name, value in rows])
    slipped, only_you, unreturned = lists
    return replace(
        review,
        slipped=[(pid, name, _EPOCH + timedelta(days=due)) for pid, name, due in slipped],
        only_you=only_you,
        unreturned=[(pid, name, date.fromisoformat(day)) for pid, name, day in unreturned],
        people_counts=(counts[0], counts[1], counts[2]),
    )


def _history_lists(
    journal: Journal, review: MonthReview, as_of: date, shown: int | None
) -> MonthReview:
    """Slipped, only you and unreturned as of a day before the latest interaction, from the
    history (build_review's people loop)."""
    rhythms = journal.tag_rhythms()
    slipped: list[tuple[int, str, date]] = []
    only_you: list[tuple[int, str, int]] = []
    unreturned: list[tuple[int, str, date]] = []
    in_force: dict[tuple[str | None, str | None, int | None], Rhythm | None] = {}
    # People whose rhythm is learned again as of the day: id -> (name, last contact by then).
    relearn_from: dict[int, tuple[str, date]] = {}
    rows = journal.conn.execute(
        _PEOPLE_SQL,
        {
            "day": as_of.isoformat(),
            "day_number": day_number(as_of),
            "recent": RECENT_INTERACTIONS,
            "only_you_min": ONLY_YOU_MIN,
            "min_gaps": LEARN_MIN_GAPS,
        },
    )
    for (
        person_id,
        name,
        n,
        last_day,
        latest_them,
        run,
        may_slip,
        added_on,
        own,
        learned_days,
        relearn,
        rhythm_tags,
    ) in _from_history(rows):
        last_contact = date.fromisoformat(last_day) if last_day is not None else None
        if relearn and not rhythm_tags:
            # The learned rhythm is in force, but the stored one knows later contacts. With
            # too few contact days by then there is none; contacted on the day, not slipped.
            if last_contact is not None and last_contact < as_of and n > LEARN_MIN_GAPS:
                relearn_from[person_id] = (name, last_contact)
        elif may_slip:
            # Few distinct (own, tags, learned) combinations: work each rhythm out once.
            known = (own, rhythm_tags, learned_days)
            if known in in_force:
                rhythm = in_force[known]
            else:
                rhythm = in_force[known] = _rhythm_in_force(*known, rhythms)
            if rhythm is not None:
                start = last_contact if last_contact is not None else date.fromisoformat(added_on)
                due = rhythm.after(start)
                if due <= as_of:
                    slipped.append((person_id, name, due))
        if last_contact is None:
            continue  # no interaction by then: neither one-sided nor unreturned
        if latest_them:
            unreturned.append((person_id, name, last_contact))
        if run >= ONLY_YOU_MIN:
            only_you.append((person_id, name, run))
    for person_id, rhythm in _learned_as_of(journal, list(relearn_from), as_of).items():
        name, last_contact = relearn_from[person_id]
        due = rhythm.after(last_contact)
        if due <= as_of:
            slipped.append((person_id, name, due))
    slipped.sort(key=lambda s: (s[2], s[1], s[0]))
    only_you.sort(key=lambda o: (-o[2], o[1], o[0]))
    unreturned.sort(key=lambda u: (u[2], u[1], u[0]))
    return replace(
        review,
        slipped=slipped[:shown],
        only_you=only_you[:shown],
        unreturned=unreturned[:shown],
        people_counts=(len(slipped), len(only_you), len(unreturned)),
    )


def stored_history_serves(journal: Journal, as_of: date) -> bool:
    """Whether the people columns hold everyone's history as of this day: no interaction is
    dated after it (one look at the end of the entries' date index)."""
    return not journal.conn.execute(_LATER_SQL, (as_of.isoformat(),)).fetchone()[0]


# A person who may show in a list: id, name, interactions by the day (0 where no rhythm is
# learned again), the latest one's day,
# whether it came from them, how many of the latest few in a row came from you (0 unless all
# of them did), may_slip, added_on, own rhythm, learned_days, relearn, rhythm_tags.
_Candidate = tuple[
    int, str, int, str | None, bool, int, int, str, str | None, int | None, int, str | None
]


def _from_history(rows: Iterable[Sequence[Any]]) -> Iterator[_Candidate]:
    """The candidates of _PEOPLE_SQL."""
    for (
        person_id, name, n, last_day, last_key, them_key, waiting_key, after_them,
        may_slip, added_on, own, learned_days, relearn, rhythm_tags,
    ) in rows:  # fmt: skip
        # recent_from_them holds the last min(n, RECENT_INTERACTIONS) interactions.
        if them_key is None:
            run = min(n or 0, RECENT_INTERACTIONS)
        elif after_them is not None and after_them >= RECENT_INTERACTIONS:
            run = RECENT_INTERACTIONS
        else:
            run = 0
        # domain.checkin.unanswered_since: the latest interaction waits on your answer.
        latest_them = last_key is not None and waiting_key == last_key
        yield (person_id, name, n or 0, last_day, latest_them, run, may_slip, added_on, own,
               learned_days, relearn, rhythm_tags)  # fmt: skip


def _learned_as_of(journal: Journal, people: Iterable[int], as_of: date) -> dict[int, Rhythm]:
    """What learn_rhythm makes of each person's contact days up to as_of, where it makes one."""
    ids = list(people)
    if not ids:
        return {}
    days: defaultdict[int, set[str]] = defaultdict(set)
    for person_id, on_date in journal.conn.execute(
        _DAYS_SQL, {"ids": json.dumps(ids), "day": as_of.isoformat()}
    ):
        days[person_id].add(on_date)
    learned: dict[int, Rhythm] = {}
    for person_id, iso_days in days.items():
        if len(iso_days) > LEARN_MIN_GAPS:  # fewer days: fewer gaps than it takes
            rhythm = learn_rhythm([date.fromisoformat(d) for d in iso_days])
            if rhythm is not None:
                learned[person_id] = rhythm
    return learned


def _rhythm_in_force(
    own: str | None,
    rhythm_tags: str | None,
    learned_days: int | None,
    rhythms: dict[str, Rhythm],
) -> Rhythm | None:
    """domain.rhythms.rhythm_in_force from the stored columns: own, shortest tag, learned."""
    tag = shortest_tag_default(rhythm_tags.split("\x1f"), rhythms) if rhythm_tags else None
    rhythm, _ = rhythm_in_force(
        Rhythm.from_code(own) if own is not None else None,
        tag[1] if tag is not None else None,
        Rhythm(learned_days, "d") if learned_days else None,
    )
    return rhythm
