"""Occasions coming up across everyone: birthdays (people, kids, pets) and yearly dates.

Only the first `limit` hits in the window are loaded, found through the indexed "MM-DD"
columns, so the cost follows what is shown, not the size of the journal.
"""

from __future__ import annotations

import json
from datetime import date

from rjournal.domain.model import CheckinFacts
from rjournal.domain.occasions import UpcomingDate, upcoming_dates
from rjournal.store.facts import window_month_days
from rjournal.store.journal import Journal

# Each source yields (position of the day in the window, person id); living kids and pets only.
_HITS = """
WITH md(k, v) AS (SELECT key, value FROM json_each(:mds)),
hits(k, person_id) AS (
    SELECT md.k, p.id FROM md JOIN people p ON p.birthday_md = md.v
        WHERE p.birthday IS NOT NULL
    UNION ALL SELECT md.k, k.person_id FROM md JOIN kids k ON k.birthday_md = md.v
        WHERE k.birthday IS NOT NULL AND k.passed_on IS NULL
    UNION ALL SELECT md.k, x.person_id FROM md JOIN pets x ON x.birthday_md = md.v
        WHERE x.birthday IS NOT NULL AND x.passed_on IS NULL
    UNION ALL SELECT md.k, o.person_id FROM md JOIN occasions o ON o.date_md = md.v
)
SELECT hits.person_id FROM hits JOIN people p ON p.id = hits.person_id
WHERE p.deleted_at IS NULL AND p.archived = 0
ORDER BY hits.k, p.sort_key, p.id
LIMIT :limit
"""


def upcoming_occasions(
    journal: Journal, today: date, days: int = 30, *, limit: int = 60
) -> list[UpcomingDate]:
    """The first `limit` occasions in [today, today + days] of everyone not archived, by day."""
    params = {"mds": json.dumps(window_month_days(today, days)), "limit": int(limit)}
    with journal.snapshot() as conn:
        person_ids = list(dict.fromkeys(r[0] for r in conn.execute(_HITS, params)))
        found: list[UpcomingDate] = []
        for person_id in person_ids:
            facts = CheckinFacts(
                person=journal.person(person_id),
                kids=tuple(journal.kids(person_id)),
                pets=tuple(journal.pets(person_id)),
                occasions=tuple(journal.occasions(person_id)),
            )
            found.extend(upcoming_dates(facts, today, days))
    found.sort(key=lambda u: (u.on, u.person_name.casefold(), u.person_id, u.label))
    return found[:limit]
