"""The rhythm rule where SQL needs it: which rhythm applies, its label, the next due day.

The domain says what the rule is (domain.rhythms: Rhythm.label, Rhythm.after; domain.checkin:
effective_rhythm, own else tag default else learned). Where the store needs it in SQL, it is
written here once, and tests/store/test_rhythm_sql.py holds each piece equal to the domain's
Python over random rhythms, start days and tag sets.

refresh_rhythms (store.derived) builds the columns ranking reads from these. Migration v2
installed a copy of them in the export view (store/sql/v2.sql): an installed migration is
history and never changes, so a change here reaches the view only through a new migration
written out from these builders (the same test holds the view as installed equal to the domain).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rjournal.domain.rhythms import Rhythm


def _count(code: str) -> str:
    """SQL for the count of a stored rhythm code other than "none" ("10d" -> 10)."""
    return f"CAST(substr({code}, 1, length({code}) - 1) AS INTEGER)"


def label_sql(code: str) -> str:
    """SQL for Rhythm.from_code(code).label() of a stored rhythm code ("3m" -> "quarterly")."""
    n = _count(code)
    return f"""CASE {code} WHEN 'none' THEN 'none' WHEN '1w' THEN 'weekly'
        WHEN '1m' THEN 'monthly' WHEN '3m' THEN 'quarterly' WHEN '1y' THEN 'yearly'
        ELSE 'every ' || iif({n} = 1, '', {n} || ' ') || CASE substr({code}, -1)
            WHEN 'd' THEN 'day' WHEN 'w' THEN 'week' WHEN 'm' THEN 'month' ELSE 'year' END
            || iif({n} = 1, '', 's') END"""


def after_sql(code: str, start: str) -> str:
    """SQL for Rhythm.from_code(code).after(start) as ISO text (code not "none")."""
    n = _count(code)

    def calendar(unit: str) -> str:
        # SQLite rolls 31 January + 1 month over to 3 March; the domain stops at the month's
        # last day: a changed day of the month means step back to that day.
        moved = f"date({start}, '+' || {n} || ' {unit}')"
        return (
            f"iif(substr({moved}, 9) = substr({start}, 9), {moved}, "
            f"date({moved}, 'start of month', '-1 day'))"
        )

    return f"""CASE substr({code}, -1)
        WHEN 'd' THEN date({start}, '+' || {n} || ' days')
        WHEN 'w' THEN date({start}, '+' || (7 * {n}) || ' days')
        WHEN 'm' THEN {calendar("months")} ELSE {calendar("years")} END"""


def tag_default_sql(column: str) -> str:
    """SQL for `column` (of tags t or tag_rhythms tr) of the tag default of the person
    `people.id`: the most attentive (shortest) default among their tags, the first tag by name
    among equals (shortest_tag_default in Python). NULL when no tag of theirs has one."""
    return (
        f"(SELECT {column} FROM tags t JOIN tag_rhythms tr ON tr.tag = t.tag "
        "WHERE t.person_id = people.id ORDER BY tr.rhythm_avg, tr.tag LIMIT 1)"
    )


def in_force_sql(length: str) -> str:
    """SQL for one length of the rhythm in force of the person `people.id`, 0 for none: their
    own rhythm's (when set; "none" is 0), else the tag default's, else the learned rhythm's
    (people.learned_days). `length` is "rhythm_days" (the shortest) or "rhythm_avg"."""
    tag = tag_default_sql(f"tr.{length}")
    return (
        f"CASE WHEN people.rhythm IS NOT NULL THEN coalesce(people.{length}, 0) "
        f"ELSE coalesce({tag}, people.learned_days, 0) END"
    )


def shortest_tag_default(
    tags: Iterable[str], rhythms: Mapping[str, Rhythm]
) -> tuple[str, Rhythm] | None:
    """(tag, rhythm) of the most attentive default among a person's tags: the shortest, and
    the first tag by name among equals (tag_default_sql in SQL)."""
    found = [(tag, rhythms[tag]) for tag in sorted(tags) if tag in rhythms]
    return min(found, key=lambda pair: pair[1].approx_days()) if found else None
