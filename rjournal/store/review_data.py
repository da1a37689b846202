"""Gathering what the monthly review needs (see domain.review for what it makes of it).

People are measured as of the review day, min(today, the month's last day): their last contact,
who reached out lately and the rhythm learned from their history count only interactions on or
before that day.

Speed: a journal of 100,000 people has over half a million interactions, so nothing here
builds an Entry or a CheckinFacts per row, and Python sees only the rows shown. The month's
entries are counted from one range of the index entries_counted, less the few whose people are
all in the trash (people_trashed), and the people contacted from contact_days_by_day. Each
people list is read in SQL, its length and then its first :shown rows in order, from the people
columns store.derived keeps, which hold everyone's history as of today:

- unreturned: the latest interaction came from them and waits on your answer (mail ingest did
  not see you answer it that day): awaiting, on the day of last_contact;
- only you: you reached out the last N (>= ONLY_YOU_MIN) times, N the last few (up to
  RECENT_INTERACTIONS): none of those came from them (recent_them = 0, recent_n = N);
- slipped: the rhythm in force (its shortest and average length, eff_min and eff_avg) fell due
  by the day, counting from start_day. The exact calendar day (Rhythm.after, in SQL) is worked
  out only for the people near the day and for the first few shown.

In the current month (no interaction dated after the review day) the columns hold everyone's
history as of the review day, and each list is read from its own index (people_due,
people_only_you, people_awaiting): none of the history is read. In a past month they still do
for everyone not contacted after the day; for the others the same columns are worked out from
their latest few interactions up to the day, a few steps back along entry_people_dated each
(79,000 people for June 2026 in the 100k journal), and the lists are the same queries over the
columns as of the day.

The stored learned rhythm (people.learned_days, which eff_min follows) is learned from the whole
history, so it is the rhythm as of the review day only for someone with no interaction after
that day. The others whose rhythm is the learned one (no own rhythm, no tag default), with more
than LEARN_MIN_GAPS interactions by then and not contacted on the day itself, are learned again:
their contact days up to the review day are read (contact_days: about 7,600 people for June
2026 in the 100k journal) and their rhythm is learn_rhythm's median gap of those days, so it is
the very one it would have learned on that day.

The lists are then exactly what domain.review.build_review makes of complete CheckinFacts as of
the review day (tests hold the two side by side); build_review itself still does the promises.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, timedelta

from rjournal.domain.review import ONLY_YOU_MIN, MonthReview, build_review, month_bounds
from rjournal.domain.rhythms import LEARN_MIN_GAPS, Rhythm
from rjournal.store.connection import MMAP_BYTES
from rjournal.store.derived import (
    DAY_NUMBER_SQL,
    RECENT_INTERACTIONS,
    day_number,
    from_day_number,
    learned_from_gaps,
)
from rjournal.store.journal import Journal
from rjournal.store.rows import PROMISE_COLUMNS, promise_from_row

# Interactions logged without a channel are counted under this name, as build_review does.
_NO_CHANNEL = "other"
# Each people list is read in SQL over rows `p` with the people columns it needs (from the
# people table in the current month, from the same columns worked out as of the day in a past
# one), as a row with its length, then its first :shown rows in order (all of them for -1),
# each row tagged with its list.
_LIVE = """p.deleted_at IS NULL AND p.archived = 0
    AND (p.snoozed_until IS NULL OR p.snoozed_until <= :day)"""


def _unreturned(rows: str, by_day: str) -> str:
    """Unreturned: the latest interaction waits on your answer, oldest first."""
    return f"""
SELECT 'unreturned', NULL, NULL, count(*) {rows} AND p.awaiting = 1
UNION ALL SELECT * FROM (
    SELECT 'unreturned', p.id, p.name, p.last_contact {rows} AND p.awaiting = 1
    ORDER BY {by_day}, p.name, p.id LIMIT :shown)"""


# Only you: the latest few (at least ONLY_YOU_MIN) all from you, longest run first.
_ONLY_YOU_WHERE = f"p.recent_them = 0 AND p.recent_n >= {ONLY_YOU_MIN}"


def _only_you(rows: str) -> str:
    return f"""
SELECT 'only_you', NULL, NULL, count(*) {rows} AND {_ONLY_YOU_WHERE}
UNION ALL SELECT * FROM (
    SELECT 'only_you', p.id, p.name, p.recent_n {rows} AND {_ONLY_YOU_WHERE}
    ORDER BY p.recent_n DESC, p.name, p.id LIMIT :shown)"""


# Slipped: the rhythm in force fell due by the day, over rows with its clock (start_day, due_from:
# day numbers) and its average length. Its lengths tell the rhythm itself: eff_avg = eff_min for
# days and weeks (and learned rhythms), due on due_from; otherwise months (eff_min = 28 a month)
# or years (365 a year), due that many calendar months after start_day, the day kept within the
# month (Rhythm.after).
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
# A calendar rhythm of k months (eff_min 28k) falls due at most 31k days after its start, and
# one of y years (eff_min 365y) at most 366y: so at most 3 * eff_min / 28 days after due_from.
# Whoever is due by then is counted without working out the exact day.
_SURELY_DUE = f"(p.due_from + ({_EFF_MIN} * 3 + 27) / 28 <= :day_number)"


def _slipped(rows: str) -> tuple[str, str]:
    """Slipped, earliest due first: the common table expressions it needs, and its rows. The
    list: the first :shown by due_from bound the day the :shown-th falls due (none falls due
    before its due_from), so the exact day is worked out only for people with a due_from up to
    that day (everyone's for -1); names are read for the rows shown."""
    tables = f"""bound(due) AS (
    SELECT {_DUE} {rows} AND p.due_from <= :day_number ORDER BY p.due_from LIMIT :shown),
slipped AS (
    SELECT id, due FROM (
        SELECT p.id, {_DUE} AS due {rows}
            AND p.due_from <= min((SELECT max(due) FROM bound), :day_number))
    WHERE due <= :day_number)"""
    found = f"""
SELECT 'slipped', NULL, NULL, count(*) {rows} AND p.due_from <= :day_number
    AND (p.eff_avg = {_EFF_MIN} OR {_SURELY_DUE} OR {_DUE} <= :day_number)
UNION ALL SELECT * FROM (
    SELECT 'slipped', s.id, n.name, s.due FROM slipped s JOIN people n ON n.id = s.id
    ORDER BY s.due, n.name, s.id LIMIT :shown)"""
    return tables, found


# The current month: from the people columns, each list from its own index alone
# (people_only_you's condition is written with ONLY_YOU_MIN itself).
_STORED_TABLES, _STORED_SLIPPED = _slipped(f"FROM people p INDEXED BY people_due WHERE {_LIVE}")
_STORED_LISTS = f"""
WITH {_STORED_TABLES}
{_STORED_SLIPPED}
UNION ALL {_only_you(f"FROM people p INDEXED BY people_only_you WHERE {_LIVE}")}
UNION ALL {_unreturned(f"FROM people p INDEXED BY people_awaiting WHERE {_LIVE}", "p.start_day")}
"""

# A past month: the people columns as of the day. Whoever was contacted after the day has them
# worked out from their latest interactions up to it (from the index entry_people_dated, a few
# steps back from the day); for everyone else the stored ones hold. latest: the latest
# interaction's day and whether it waits on your answer ('1'), in one look; recent: how many
# of the latest few there are and, plus 8, whether any of them came from them, in another.
# relearn: the rhythm in force is the stored learned one (no own rhythm, no tag default: see
# _RELEARN), learned from contacts after the day, so it is learned again in Python for those
# with enough interactions by the day, not contacted on the day itself.
_UP_TO_DAY = (
    "FROM entry_people ep WHERE ep.person_id = p.id AND ep.interaction AND ep.on_date <= :day "
    "ORDER BY ep.on_date DESC, ep.entry_id DESC"
)
_WAITS = "(ep.from_them AND ep.entry_id NOT IN (SELECT entry_id FROM mail_answered))"
_RELEARN = "nullif(p.rhythm, '') IS NULL AND p.eff_min = p.learned_days AND p.last_contact > :day"
_AS_OF_LISTS = f"""
WITH moved AS MATERIALIZED (
    SELECT p.id, p.name, p.added_on, p.eff_min, p.eff_avg,
        CASE WHEN p.last_contact > :day THEN (SELECT ep.on_date || {_WAITS} {_UP_TO_DAY} LIMIT 1)
            ELSE p.last_contact || p.awaiting END AS latest,
        CASE WHEN p.last_contact > :day THEN (
            SELECT count(*) + 8 * coalesce(max(from_them), 0) FROM (
                SELECT ep.from_them {_UP_TO_DAY} LIMIT {RECENT_INTERACTIONS}))
            ELSE p.recent_n + 8 * (p.recent_them > 0) END AS recent,
        CASE WHEN {_RELEARN} THEN NOT EXISTS (
            SELECT 1 FROM tags t
            WHERE t.person_id = p.id AND t.tag IN (SELECT tag FROM tag_rhythms))
            ELSE 0 END AS relearn
    FROM people p NOT INDEXED WHERE {_LIVE}),
people_as_of AS (
    SELECT id, name, added_on, eff_min, eff_avg, relearn,
        substr(latest, 1, 10) AS last_contact, substr(latest, 11) = '1' AS awaiting,
        recent % 8 AS recent_n, recent / 8 AS recent_them
    FROM moved),
clock AS MATERIALIZED (
    SELECT id, eff_avg, start_day, start_day + eff_min AS due_from FROM (
        SELECT id, eff_avg, eff_min,
            {DAY_NUMBER_SQL.format("coalesce(last_contact, added_on)")} AS start_day
        FROM people_as_of WHERE eff_min > 0 AND NOT relearn)
    WHERE start_day + eff_min <= :day_number),
{_slipped("FROM clock p WHERE TRUE")[0]}
{_slipped("FROM clock p WHERE TRUE")[1]}
UNION ALL {_only_you("FROM people_as_of p WHERE TRUE")}
UNION ALL {_unreturned("FROM people_as_of p WHERE TRUE", "p.last_contact")}
UNION ALL SELECT 'relearn', p.id, p.name, p.last_contact FROM people_as_of p
WHERE p.relearn AND p.recent_n > {LEARN_MIN_GAPS} AND p.last_contact < :day
"""

_LATER_SQL = "SELECT EXISTS (SELECT 1 FROM entries WHERE on_date > ? AND kind = 'interaction')"

# The contact days of some people (a JSON array of ids) up to the review day.
_DAYS_SQL = """
SELECT c.person_id, c.day FROM json_each(:ids) j JOIN contact_days c ON c.person_id = j.value
WHERE c.day <= :day_number
"""

# The people in the trash, from the partial index people_trashed (few).
_TRASHED = "SELECT id FROM people INDEXED BY people_trashed WHERE deleted_at IS NOT NULL"
# The month's entries that still concern someone not in the trash, counted by day, kind,
# channel and who reached out, from the index entries_counted alone: all of the month's but
# those whose people are all in the trash (found from the people there) or who have none.
_ENTRIES_SQL = f"""
SELECT e.on_date, e.kind, e.channel, e.from_them, count(*)
FROM entries e INDEXED BY entries_counted
WHERE e.on_date BETWEEN :first AND :as_of
    AND e.id NOT IN (
        SELECT ep.entry_id FROM people t INDEXED BY people_trashed
        JOIN entry_people ep ON ep.person_id = t.id
        WHERE t.deleted_at IS NOT NULL AND ep.on_date BETWEEN :first AND :as_of
            AND NOT EXISTS (
                SELECT 1 FROM entry_people o
                WHERE o.entry_id = ep.entry_id AND o.person_id NOT IN ({_TRASHED})))
    AND EXISTS (SELECT 1 FROM entry_people ep WHERE ep.entry_id = e.id)
GROUP BY 1, 2, 3, 4
"""
# The people contacted within the month and not in the trash, by their contact days.
_CONTACTED_SQL = f"""
SELECT count(DISTINCT c.person_id) FROM contact_days c INDEXED BY contact_days_by_day
WHERE c.day BETWEEN :first_day AND :as_of_day AND c.person_id NOT IN ({_TRASHED})
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
    previous_temp = conn.execute("PRAGMA temp_store").fetchone()[0]
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    # A past month's lists are worked out in temporary tables of everyone (a few MB at 100,000
    # people): kept in memory, not written to a temporary file.
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        return _month_review(journal, year, month, today, shown, first, last, as_of)
    finally:
        conn.execute(f"PRAGMA mmap_size = {int(previous_mmap)}")
        conn.execute(f"PRAGMA temp_store = {int(previous_temp)}")


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
    for on_date, kind, channel, from_them, count in conn.execute(_ENTRIES_SQL, bounds):
        if kind != "interaction":
            notes += count
            continue
        interactions += count
        channel = channel or _NO_CHANNEL
        by_channel[channel] += count
        day = date.fromisoformat(on_date)
        weekly[day - timedelta(days=day.weekday())][channel] += count
        if from_them:
            them += count
        else:
            you += count
    days = {"first_day": day_number(first), "as_of_day": day_number(as_of)}
    contacted = int(conn.execute(_CONTACTED_SQL, days).fetchone()[0])
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
    current = stored_history_serves(journal, as_of)
    rows = journal.conn.execute(
        _STORED_LISTS if current else _AS_OF_LISTS,
        {
            "day": as_of.isoformat(),
            "day_number": day_number(as_of),
            "shown": -1 if shown is None else shown,
        },
    )
    counts: Counter[str] = Counter()
    slipped: list[tuple[int, str, date]] = []
    only_you: list[tuple[int, str, int]] = []
    unreturned: list[tuple[int, str, date]] = []
    relearn_from: dict[int, tuple[str, date]] = {}  # id -> (name, last contact by the day)
    for which, person_id, name, value in rows:
        if person_id is None:
            counts[which] = value
        elif which == "slipped":
            slipped.append((person_id, name, from_day_number(value)))
        elif which == "only_you":
            only_you.append((person_id, name, value))
        elif which == "unreturned":
            unreturned.append((person_id, name, date.fromisoformat(value)))
        else:
            relearn_from[person_id] = (name, date.fromisoformat(value))
    if relearn_from:
        # Their learned rhythm as of the day, and when it fell due, joins the list.
        for person_id, rhythm in _learned_as_of(journal, list(relearn_from), as_of).items():
            name, last_contact = relearn_from[person_id]
            due = rhythm.after(last_contact)
            if due <= as_of:
                slipped.append((person_id, name, due))
                counts["slipped"] += 1
        slipped.sort(key=lambda s: (s[2], s[1], s[0]))
        slipped = slipped[:shown]
    return replace(
        review,
        slipped=slipped,
        only_you=only_you,
        unreturned=unreturned,
        people_counts=(counts["slipped"], counts["only_you"], counts["unreturned"]),
    )


def stored_history_serves(journal: Journal, as_of: date) -> bool:
    """Whether the people columns hold everyone's history as of this day: no interaction is
    dated after it (one look at the end of the entries' date index)."""
    return not journal.conn.execute(_LATER_SQL, (as_of.isoformat(),)).fetchone()[0]


def _learned_as_of(journal: Journal, people: list[int], as_of: date) -> dict[int, Rhythm]:
    """What learn_rhythm makes of each person's contact days up to as_of, where it makes one."""
    days: defaultdict[int, list[int]] = defaultdict(list)
    for person_id, day in journal.conn.execute(
        _DAYS_SQL, {"ids": json.dumps(people), "day_number": day_number(as_of)}
    ):
        days[person_id].append(day)
    learned: dict[int, Rhythm] = {}
    for person_id, numbers in days.items():
        gaps = Counter(b - a for a, b in itertools.pairwise(sorted(numbers)))
        length = learned_from_gaps(sorted(gaps.items()))
        if length is not None:
            learned[person_id] = Rhythm(length, "d")
    return learned
