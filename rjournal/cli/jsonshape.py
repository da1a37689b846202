"""The `--json` shapes of the command line: stable, so scripts can rely on them.

General rules
-------------
- Output is one JSON document (UTF-8, indented), an array or an object as described below.
- Dates are ISO strings: "2026-11-22". A yearly date (a birthday, an occasion) is
  "1990-04-15" with its year, or "--04-15" without one (ISO 8601's year-less form).
- A value that is unknown or does not apply is null, never missing: every key listed is
  always present. Text fields that are empty are "" (not null). Lists may be empty [].
- A rhythm is a code "<count><unit>", unit d, w, m or y ("1w" weekly, "1m" monthly,
  "3m" quarterly, "1y" yearly, "10d" every ten days), or "none" (explicitly no rhythm).
- A channel is one of: call, video, meeting, coffee, meal, email, message, letter, gift,
  social, event, other.
- Numbers: ids and counts are integers; scores and terms are floats rounded to 2 decimals.
- Text is exactly as stored. Characters that could drive or disguise a terminal (DEL, the
  C1 controls, bidi overrides, line/paragraph separators) are written as \\uXXXX escapes,
  which every JSON parser reads back as the same character.
- New keys may be added in later versions; existing keys keep their name, type and meaning.

rj next --json: an array, best first, of suggestions
----------------------------------------------------
    person_id      int
    name           str
    score          float    the sum of the terms' points
    due            date     the earliest of: rhythm due, promise due, occasion
    channel        str|null the channel to use: preferred, else the last one used
    rhythm         str|null the rhythm in force (code), null when none
    rhythm_label   str|null "monthly", "every 10 days"; null when none
    rhythm_source  str      "own" | "tag" | "learned" | "none"
    last_contact   date|null  the last interaction (notes do not count)
    days_since     int      days since last contact, or since added if never contacted
    reasons        [str]    most important first
    talking_points [str]
    terms          [{name: str, value: float, weight: float, points: float, detail: str}]
                   points = value x weight; names: promise, promise_late, overdue,
                   occasion, promise_soon, one_sided

rj show --json: an object, the whole profile
--------------------------------------------
    id, name, nickname, company, role, city, partner, met, about, likes, dislikes, reach
                   int / str
    emails, phones, tags  [str]
    birthday       yearly date|null
    age            int|null  years completed today (null without a birth year, or before it)
    channel        str|null  preferred channel
    rhythm         str|null  their own rhythm (code); null: not set (tag default or learned)
    effective_rhythm  str|null  the rhythm in force, null when none
    rhythm_source  str       "own" | "tag" | "learned" | "none"
    snoozed_until  date|null
    archived       bool
    added_on       date
    last_contact   date|null
    kids           [{id: int, name: str, birthday: yearly date|null, age: int|null,
                     notes: str, passed_on: date|null}]   age is null once passed_on is set
    pets           [{id: int, name: str, species: str, birthday: yearly date|null,
                     age: int|null, notes: str, passed_on: date|null}]
    occasions      [{id: int, label: str, date: yearly date, next: date}]
    promises       [{id: int, text: str, created_on: date, due: date|null,
                     done_on: date|null}]   open first (by due), then done
    entries        [{id: int, kind: "interaction"|"note", on: date, channel: str|null,
                     from_them: bool, text: str, people: [{id: int, name: str}]}]
                   the most recent first (--entries N, default 10)
    checkin        a suggestion (the shape of rj next --json) or null when they need
                   nothing today

rj entry show ID --json: an object, one entry whole
---------------------------------------------------
    {id: int, kind: "interaction"|"note", on: date, channel: str|null, from_them: bool,
     text: str, people: [{id: int, name: str}]}   the shape of rj show's entries

rj list --json: an array, by name
---------------------------------
    [{id: int, name: str, nickname: str, company: str, tags: [str],
      last_contact: date|null, archived: bool}]

rj search TEXT --json: an array, people, then entries, then promises, best match first
--------------------------------------------------------------------------------------
    [{person_id: int, name: str, kind: "person"|"interaction"|"note"|"promise", snippet: str,
      entry_id: int|null, on: date|null}]   entry_id is null but for entries; on is the
    entry's day, the promise's due day (null if none), null for kind "person"

rj review --json: an object
---------------------------
    month            str   "2026-11"
    as_of            date  the review counts up to min(today, the month's last day)
    interactions     int
    notes            int
    by_channel       {channel: int}   most used first
    weeks            [{week_of: date (a Monday), total: int, by_channel: {channel: int}}]
    people_contacted, you_reached_out, they_reached_out   int
    slipped          [{person_id: int, name: str, due: date}]   rhythm due, not contacted
    only_you         [{person_id: int, name: str, times: int}]  you reached out the last N times
    unreturned       [{person_id: int, name: str, last_contact: date}]  their word was the last
    promises_kept    [{promise_id: int, name: str, text: str, days_late: int}]
                     done within the month, on time (days_late 0) or late
    promises_missed  [{promise_id: int, name: str, text: str, due: date}]
                     due within the month, not done by its end (or today)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from rjournal.domain.dates import YearlyDate
from rjournal.domain.model import Entry, Kid, Pet, Promise
from rjournal.domain.rhythms import Rhythm
from rjournal.domain.wording import age
from rjournal.store.journal import PersonRow, SearchHit

if TYPE_CHECKING:  # so that `rj search --json` does not load the check-in engine
    from rjournal.cli.profile import Profile
    from rjournal.domain.checkin import Suggestion
    from rjournal.domain.review import MonthReview

# Valid inside JSON strings but able to drive or disguise a terminal line: written as \\uXXXX.
_TERMINAL_UNSAFE = {
    code: f"\\u{code:04x}"
    for code in [
        *range(0x7F, 0xA0), 0x2028, 0x2029, 0x200E, 0x200F,
        *range(0x202A, 0x202F), *range(0x2066, 0x206A),
    ]
}  # fmt: skip


# The same characters as one compiled search: most output holds none of them.
_TERMINAL_UNSAFE_CHAR = re.compile("[" + "".join(re.escape(chr(c)) for c in _TERMINAL_UNSAFE) + "]")


def terminal_safe(json_text: str) -> str:
    """JSON text with the characters that could drive a terminal written as \\uXXXX."""
    if _TERMINAL_UNSAFE_CHAR.search(json_text) is None:
        return json_text
    return json_text.translate(_TERMINAL_UNSAFE)


def dumps(value: Any) -> str:
    """JSON text, UTF-8 as is, with characters that could drive a terminal escaped."""
    return terminal_safe(json.dumps(value, ensure_ascii=False, indent=2))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _yearly(yd: YearlyDate | None) -> str | None:
    return yd.iso() if yd is not None else None


def _code(rhythm: Rhythm | None) -> str | None:
    return rhythm.code() if rhythm is not None else None


def suggestion_json(s: Suggestion) -> dict[str, Any]:
    rhythm = s.rhythm if s.rhythm is not None and not s.rhythm.is_none else None
    return {
        "person_id": s.person_id,
        "name": s.name,
        "score": round(s.score, 2),
        "due": s.due.isoformat(),
        "channel": s.channel.value if s.channel is not None else None,
        "rhythm": _code(rhythm),
        "rhythm_label": rhythm.label() if rhythm is not None else None,
        "rhythm_source": s.rhythm_source,
        "last_contact": _iso(s.last_contact),
        "days_since": s.days_since,
        "reasons": list(s.reasons),
        "talking_points": list(s.talking_points),
        "terms": [
            {
                "name": t.name,
                "value": round(t.value, 2),
                "weight": round(t.weight, 2),
                "points": round(t.points, 2),
                "detail": t.detail,
            }
            for t in s.terms
        ],
    }


def _kid(kid: Kid, today: date) -> dict[str, Any]:
    return {
        "id": kid.id,
        "name": kid.name,
        "birthday": _yearly(kid.birthday),
        "age": age(kid.birthday, today, kid.passed_on),
        "notes": kid.notes,
        "passed_on": _iso(kid.passed_on),
    }


def _pet(pet: Pet, today: date) -> dict[str, Any]:
    return {
        "id": pet.id,
        "name": pet.name,
        "species": pet.species,
        "birthday": _yearly(pet.birthday),
        "age": age(pet.birthday, today, pet.passed_on),
        "notes": pet.notes,
        "passed_on": _iso(pet.passed_on),
    }


def _promise(p: Promise) -> dict[str, Any]:
    return {
        "id": p.id,
        "text": p.text,
        "created_on": p.created_on.isoformat(),
        "due": _iso(p.due),
        "done_on": _iso(p.done_on),
    }


def entry_json(e: Entry, names: Mapping[int, str]) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "on": e.on.isoformat(),
        "channel": e.channel.value if e.channel is not None else None,
        "from_them": e.from_them,
        "text": e.text,
        "people": [{"id": p, "name": names.get(p, "")} for p in e.people if p in names],
    }


def profile_json(profile: Profile, today: date) -> dict[str, Any]:
    p = profile.person
    facts = profile.facts
    return {
        "id": p.id,
        "name": p.name,
        "nickname": p.nickname,
        "company": p.company,
        "role": p.role,
        "emails": list(p.emails),
        "phones": list(p.phones),
        "city": p.city,
        "birthday": _yearly(p.birthday),
        "age": age(p.birthday, today),
        "partner": p.partner,
        "met": p.met,
        "about": p.about,
        "likes": p.likes,
        "dislikes": p.dislikes,
        "channel": p.channel.value if p.channel is not None else None,
        "reach": p.reach,
        "tags": list(p.tags),
        "rhythm": _code(p.rhythm),
        "effective_rhythm": _code(profile.rhythm),
        "rhythm_source": profile.rhythm_source,
        "snoozed_until": _iso(p.snoozed_until),
        "archived": p.archived,
        "added_on": p.added_on.isoformat(),
        "last_contact": _iso(facts.last_contact),
        "kids": [_kid(k, today) for k in facts.kids],
        "pets": [_pet(x, today) for x in facts.pets],
        "occasions": [
            {
                "id": o.id,
                "label": o.label,
                "date": o.date.iso(),
                "next": o.date.next_on_or_after(today).isoformat(),
            }
            for o in facts.occasions
        ],
        "promises": [_promise(x) for x in profile.promises],
        "entries": [entry_json(e, profile.names) for e in profile.entries],
        "checkin": suggestion_json(profile.checkin) if profile.checkin is not None else None,
    }


def person_row_json(row: PersonRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "nickname": row.nickname,
        "company": row.company,
        "tags": list(row.tags),
        "last_contact": _iso(row.last_contact),
        "archived": row.archived,
    }


def search_hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "person_id": hit.person_id,
        "name": hit.person_name,
        "kind": hit.kind,
        "snippet": hit.snippet,
        "entry_id": hit.entry_id,
        "on": _iso(hit.on),
    }


def review_json(review: MonthReview, today: date) -> dict[str, Any]:
    from rjournal.domain.review import month_bounds

    _, last = month_bounds(review.year, review.month)
    return {
        "month": f"{review.year:04d}-{review.month:02d}",
        "as_of": min(today, last).isoformat(),
        "interactions": review.interactions,
        "notes": review.notes,
        "by_channel": dict(review.by_channel),
        "weeks": [
            {
                "week_of": monday.isoformat(),
                "total": sum(counts.values()),
                "by_channel": dict(counts),
            }
            for monday, counts in review.weeks
        ],
        "people_contacted": review.people_contacted,
        "you_reached_out": review.you_reached_out,
        "they_reached_out": review.they_reached_out,
        "slipped": [
            {"person_id": i, "name": n, "due": d.isoformat()} for i, n, d in review.slipped
        ],
        "only_you": [{"person_id": i, "name": n, "times": c} for i, n, c in review.only_you],
        "unreturned": [
            {"person_id": i, "name": n, "last_contact": d.isoformat()}
            for i, n, d in review.unreturned
        ],
        "promises_kept": [
            {"promise_id": i, "name": n, "text": t, "days_late": review.days_late.get(i, 0)}
            for i, n, t in review.promises_kept
        ],
        "promises_missed": [
            {"promise_id": i, "name": n, "text": t, "due": d.isoformat()}
            for i, n, t, d in review.promises_missed
        ],
    }
