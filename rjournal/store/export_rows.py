"""The rows kept ready for CSV export (schema v2): what each cell holds, and the triggers.

The view export_cells says in SQL what each cell of a person's row holds. The table
export_rows keeps those cells joined with US (char 31), and triggers on every table a cell
reads rewrite a person's row in the same transaction as the change, so export only streams the
table: a fresh computation of 100,000 rows takes seconds, streaming them a fraction of one.
Only a snooze, which depends on today, is applied at export time (store.export).

Changing what a cell holds needs a new migration that reinstalls the view and the triggers
and calls rebuild_rows.
"""

from __future__ import annotations

import sqlite3

from rjournal.store.schema import TAG_DEFAULT

HEADER = (
    "id", "name", "nickname", "company", "role", "emails", "phones", "city", "birthday",
    "partner", "kids", "pets", "tags", "rhythm", "last_contact", "next_due", "open_promises",
    "archived",
)  # fmt: skip


def label_sql(code: str) -> str:
    """SQL for Rhythm.from_code(code).label() of a stored rhythm code ("3m" -> "quarterly")."""
    n = f"CAST(substr({code}, 1, length({code}) - 1) AS INTEGER)"
    return f"""CASE {code} WHEN 'none' THEN 'none' WHEN '1w' THEN 'weekly'
        WHEN '1m' THEN 'monthly' WHEN '3m' THEN 'quarterly' WHEN '1y' THEN 'yearly'
        ELSE 'every ' || iif({n} = 1, '', {n} || ' ') || CASE substr({code}, -1)
            WHEN 'd' THEN 'day' WHEN 'w' THEN 'week' WHEN 'm' THEN 'month' ELSE 'year' END
            || iif({n} = 1, '', 's') END"""


def after_sql(code: str, start: str) -> str:
    """SQL for Rhythm.from_code(code).after(start) as ISO text (code not "none")."""
    n = f"CAST(substr({code}, 1, length({code}) - 1) AS INTEGER)"

    def calendar(unit: str) -> str:
        # SQLite rolls 31 January + 1 month over to 3 March; dateutil (Rhythm.after) stops at
        # the month's last day: a changed day of the month means step back to that day.
        moved = f"date({start}, '+' || {n} || ' {unit}')"
        return (
            f"iif(substr({moved}, 9) = substr({start}, 9), {moved}, "
            f"date({moved}, 'start of month', '-1 day'))"
        )

    return f"""CASE substr({code}, -1)
        WHEN 'd' THEN date({start}, '+' || {n} || ' days')
        WHEN 'w' THEN date({start}, '+' || (7 * {n}) || ' days')
        WHEN 'm' THEN {calendar("months")} ELSE {calendar("years")} END"""


# A yearly or plain date in parentheses after a kid's or pet's name, and when they passed.
_LIFE = """CASE
    WHEN x.birthday IS NOT NULL AND x.passed_on IS NOT NULL
        THEN ' (' || x.birthday || ', passed ' || x.passed_on || ')'
    WHEN x.birthday IS NOT NULL THEN ' (' || x.birthday || ')'
    WHEN x.passed_on IS NOT NULL THEN ' (passed ' || x.passed_on || ')'
    ELSE '' END"""


def _items(select: str) -> str:
    """A list cell: the items the query gives, in its order, joined with "; " ('' if none)."""
    return f"coalesce((SELECT group_concat(item, '; ') FROM ({select})), '')"


_START = "coalesce(people.last_contact, people.added_on)"
_LEARNED = "people.learned_days"
# The rhythm code in force unless learned: own ("none" included), else the tag default that
# the view joins as d (TAG_DEFAULT: the choice refresh_rhythms makes); domain.checkin's
# effective_rhythm order. d is joined, not a subquery per use, so it is looked up once.
_CODE = "coalesce(people.rhythm, d.rhythm)"
_RHYTHM = f"""CASE WHEN {_CODE} IS NOT NULL THEN {label_sql(_CODE)}
        || iif(people.rhythm IS NULL, ' (tag ' || d.tag || ')', ' (own)')
    WHEN {_LEARNED} THEN iif({_LEARNED} = 1, 'every day', 'every ' || {_LEARNED} || ' days')
        || ' (learned)'
    ELSE '' END"""
# next_due before any snooze: a snooze is the one part that depends on today (see _ROWS_SQL).
_DUE = f"""CASE WHEN people.archived OR {_CODE} = 'none' THEN ''
    WHEN {_CODE} IS NOT NULL THEN {after_sql(_CODE, _START)}
    WHEN {_LEARNED} THEN date({_START}, '+' || {_LEARNED} || ' days')
    ELSE '' END"""
# (column, SQL) in HEADER order: id first, next_due as due.
CELLS = (
    ("person_id", "people.id"),
    ("name", "people.name"),
    ("nickname", "people.nickname"),
    ("company", "people.company"),
    ("role", "people.role"),
    ("emails", "replace(people.emails, char(10), '; ')"),
    ("phones", "replace(people.phones, char(10), '; ')"),
    ("city", "people.city"),
    ("birthday", "coalesce(people.birthday, '')"),
    ("partner", "people.partner"),
    # Kids eldest first as the store lists them, pets as added, promises soonest due first.
    (
        "kids",
        _items(f"""SELECT x.name || {_LIFE} AS item FROM kids x
        WHERE x.person_id = people.id ORDER BY coalesce(x.birthday, '9999'), x.id"""),
    ),
    (
        "pets",
        _items(f"""SELECT x.name || CASE WHEN x.species <> '' THEN ', ' || x.species
        ELSE '' END || {_LIFE} AS item FROM pets x WHERE x.person_id = people.id
        ORDER BY x.id"""),
    ),
    (
        "tags",
        _items("""SELECT t.tag AS item FROM tags t WHERE t.person_id = people.id
        ORDER BY t.tag"""),
    ),
    ("rhythm", _RHYTHM),
    ("last_contact", "coalesce(people.last_contact, '')"),
    ("due", _DUE),
    (
        "open_promises",
        _items("""SELECT x.text || CASE WHEN x.due IS NOT NULL
        THEN ' (due ' || x.due || ')' ELSE '' END AS item FROM promises x
        WHERE x.person_id = people.id AND x.done_on IS NULL
        ORDER BY coalesce(x.due, '9999'), x.id"""),
    ),
    ("archived", "iif(people.archived, 'yes', 'no')"),
)
assert len(CELLS) == len(HEADER)
DUE_AT = [name for name, _sql in CELLS].index("due")
# The people columns the cells read: an update of any other (the ranking's derived columns)
# leaves the row as it is.
_PEOPLE_READ = (
    "name", "nickname", "company", "role", "emails", "phones", "city", "birthday", "partner",
    "rhythm", "learned_days", "last_contact", "added_on", "archived", "snoozed_until",
    "deleted_at", "sort_key",
)  # fmt: skip


def _joined(names: list[str]) -> str:
    return " || char(31) || ".join(names)


# export_rows' columns, worked out afresh from export_cells (the view export_fresh).
_FRESH_ROWS = f"""SELECT sort_key, person_id,
    {_joined([n for n, _ in CELLS[:DUE_AT]])} || char(31) AS head, due, snoozed_until,
    char(31) || {_joined([n for n, _ in CELLS[DUE_AT + 1 :]])} AS tail
    FROM export_cells"""


def _refresh(people: str) -> str:
    """Trigger statements that rewrite the rows of `people` (SQL giving person ids)."""
    return (
        f"DELETE FROM export_rows WHERE person_id IN ({people});\n"
        f"    INSERT INTO export_rows SELECT * FROM export_fresh WHERE person_id IN ({people});"
    )


def _triggers() -> list[str]:
    out = [
        f"""CREATE TRIGGER export_people_insert AFTER INSERT ON people BEGIN
    {_refresh("new.id")}
END""",
        f"""CREATE TRIGGER export_people_update AFTER UPDATE OF {", ".join(_PEOPLE_READ)}
ON people BEGIN
    {_refresh("old.id, new.id")}
END""",
        """CREATE TRIGGER export_people_delete AFTER DELETE ON people BEGIN
    DELETE FROM export_rows WHERE person_id = old.id;
END""",
    ]
    for table in ("kids", "pets", "tags", "promises"):
        for event, people in (
            ("insert", "new.person_id"),
            ("update", "old.person_id, new.person_id"),
            ("delete", "old.person_id"),
        ):
            out.append(f"""CREATE TRIGGER export_{table}_{event} AFTER {event.upper()} ON {table}
BEGIN
    {_refresh(people)}
END""")
    # A tag's default rhythm is in the rhythm and next_due of everyone with the tag.
    for event, tags in (
        ("insert", "new.tag"),
        ("update", "old.tag, new.tag"),
        ("delete", "old.tag"),
    ):
        out.append(f"""CREATE TRIGGER export_tag_rhythms_{event}
AFTER {event.upper()} ON tag_rhythms BEGIN
    {_refresh(f"SELECT person_id FROM tags WHERE tag IN ({tags})")}
END""")
    return out


def schema_v2() -> list[str]:
    """Statements that add the rows kept ready for export: the view, the table, the triggers."""
    cells = ",\n    ".join(f"{sql} AS {name}" for name, sql in CELLS)
    return [
        f"""CREATE VIEW export_cells AS SELECT people.sort_key AS sort_key,
    people.snoozed_until AS snoozed_until,
    {cells}
FROM people LEFT JOIN tag_rhythms d
    ON people.rhythm IS NULL AND d.tag = {TAG_DEFAULT.format(col="t.tag")}
WHERE people.deleted_at IS NULL""",
        f"CREATE VIEW export_fresh AS {_FRESH_ROWS}",
        # Keyed by name order, so export reads the table front to back with no look-ups.
        """CREATE TABLE export_rows (
    sort_key TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    head TEXT NOT NULL,  -- the cells before next_due, each followed by US (char 31)
    due TEXT NOT NULL,  -- next_due before any snooze; '' for none
    snoozed_until TEXT,
    tail TEXT NOT NULL,  -- US, then the cells after next_due
    PRIMARY KEY (sort_key, person_id)
) STRICT, WITHOUT ROWID""",
        "CREATE UNIQUE INDEX export_rows_person ON export_rows (person_id)",
        *_triggers(),
    ]


def stale_rows(conn: sqlite3.Connection) -> list[int]:
    """Who has an export row other than the view gives now (none, when the triggers hold)."""
    kept = conn.execute("SELECT * FROM export_rows").fetchall()
    fresh = conn.execute("SELECT * FROM export_fresh").fetchall()
    return sorted({row[1] for row in set(kept) ^ set(fresh)})


def rebuild_rows(conn: sqlite3.Connection) -> None:
    """Work out everyone's export row afresh (a new schema, a bulk load with triggers off)."""
    conn.execute("DELETE FROM export_rows")
    conn.execute("INSERT INTO export_rows SELECT * FROM export_fresh ORDER BY sort_key, person_id")
