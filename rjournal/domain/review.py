"""The monthly review of your communication: pure, from what the store gathers.

``build_review(year, month, today, entries, people, promises, names)`` takes:

- ``entries``: the journal entries dated within the month (others are ignored, so passing more
  is harmless);
- ``people``: CheckinFacts for every person, gathered **as of the review day**, that is
  ``min(today, last day of the month)``: last_contact, last_channel, recent_from_them and
  learned_rhythm (what ``learn_rhythm`` makes of the contact days) and awaiting_answer count
  only interactions on or before that day, so a past month is judged by the rhythm learned by
  then;
- ``promises``: every promise (open or done) that was due or done within the month; more is
  harmless;
- ``names``: person id -> name, for the promises' people.

Counting stops at the review day, so the review of the current month is "so far", and a month
still in the future is empty.

Promises: one done within the month is kept, on time or late (kept late is kept, and late:
``days_late`` says by how many days); one due within the month whose due day is over and
that was not done by the review day is missed. So a promise due Thu 3 Dec and done Sun 6 Dec
is kept, 3 days late, in December; one due 20 Nov and done 2 Dec was missed in November and
kept late in December.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rjournal.domain.checkin import one_sided_count, rhythm_due, unanswered_since
from rjournal.domain.model import CheckinFacts, Entry, Promise

# Interactions logged without a channel are counted under "other".
_NO_CHANNEL = "other"
# "You reached out the last N times" needs at least this many interactions, like rj next.
ONLY_YOU_MIN = 3


@dataclass(frozen=True)
class MonthReview:
    """One month of your communication, as build_review measures it."""

    year: int
    month: int
    interactions: int
    notes: int
    by_channel: dict[str, int]  # channel value -> count, most used first (then by name)
    weeks: list[tuple[date, dict[str, int]]]  # each Monday-start week touching the month
    people_contacted: int
    you_reached_out: int
    they_reached_out: int
    slipped: list[tuple[int, str, date]]  # (person id, name, due date), earliest due first
    only_you: list[tuple[int, str, int]]  # (person id, name, count), longest run first
    unreturned: list[tuple[int, str, date]]  # (person id, name, their last contact), oldest first
    promises_kept: list[tuple[int, str, str]]  # (promise id, person name, text), late ones too
    promises_missed: list[tuple[int, str, str, date]]  # (promise id, person name, text, due)
    days_late: dict[int, int]  # promise id -> days after its due day, for those kept late
    # How many slipped, only_you and unreturned there are: the store may give only the first
    # few of each list (store.review_data's `shown`), build_review gives them whole.
    people_counts: tuple[int, int, int]


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and the last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _by_count(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def build_review(
    year: int,
    month: int,
    today: date,
    entries: Sequence[Entry],
    people: Sequence[CheckinFacts],
    promises: Sequence[Promise],
    names: Mapping[int, str],
) -> MonthReview:
    """The review of one month as of `today` (see the module docstring for the inputs)."""
    first, last = month_bounds(year, month)
    as_of = min(today, last)

    interactions = notes = you = them = 0
    by_channel: Counter[str] = Counter()
    monday = first - timedelta(days=first.weekday())
    mondays = [monday + timedelta(weeks=i) for i in range((last - monday).days // 7 + 1)]
    weekly: dict[date, Counter[str]] = {m: Counter() for m in mondays}
    contacted: set[int] = set()
    for entry in entries:
        if not first <= entry.on <= as_of:
            continue
        if not entry.is_interaction:
            notes += 1
            continue
        interactions += 1
        channel = entry.channel.value if entry.channel is not None else _NO_CHANNEL
        by_channel[channel] += 1
        weekly[entry.on - timedelta(days=entry.on.weekday())][channel] += 1
        contacted.update(entry.people)
        if entry.from_them:
            them += 1
        else:
            you += 1

    slipped: list[tuple[int, str, date]] = []
    only_you: list[tuple[int, str, int]] = []
    unreturned: list[tuple[int, str, date]] = []
    for facts in people:
        person = facts.person
        # Archived people never nag; snoozing someone is a choice, not a slip.
        if person.archived:
            continue
        if person.snoozed_until is not None and person.snoozed_until > as_of:
            continue
        due = rhythm_due(facts)
        # Slipped: the rhythm fell due by the review day with no contact since.
        if due is not None and due <= as_of:
            slipped.append((person.id, person.name, due))
        run = one_sided_count(facts.recent_from_them, ONLY_YOU_MIN)
        if run:
            only_you.append((person.id, person.name, run))
        # Their word was the last one: the rule of `rj next`'s unanswered term.
        waiting = unanswered_since(facts)
        if waiting is not None:
            unreturned.append((person.id, person.name, waiting))
    slipped.sort(key=lambda s: (s[2], s[1], s[0]))
    only_you.sort(key=lambda o: (-o[2], o[1], o[0]))
    unreturned.sort(key=lambda u: (u[2], u[1], u[0]))

    kept: list[tuple[int, str, str]] = []
    missed: list[tuple[int, str, str, date]] = []
    days_late: dict[int, int] = {}
    for promise in sorted(promises, key=lambda p: (p.due or p.done_on or first, p.id)):
        pid = promise.id
        who = names.get(promise.person_id, "")
        done = promise.done_on
        due = promise.due
        # Kept: done within the month, on time or late.
        if done is not None and first <= done <= as_of:
            kept.append((pid, who, promise.text))
            if due is not None and done > due:
                days_late[pid] = (done - due).days
        # Missed: due within the month, the due day is over, and not done by the review day.
        done_by_then = done is not None and done <= as_of
        if due is not None and first <= due <= as_of and due < today and not done_by_then:
            missed.append((pid, who, promise.text, due))

    return MonthReview(
        year=year,
        month=month,
        interactions=interactions,
        notes=notes,
        by_channel=_by_count(by_channel),
        weeks=[(m, _by_count(weekly[m])) for m in mondays],
        people_contacted=len(contacted),
        you_reached_out=you,
        they_reached_out=them,
        slipped=slipped,
        only_you=only_you,
        unreturned=unreturned,
        promises_kept=kept,
        promises_missed=missed,
        days_late=days_late,
        people_counts=(len(slipped), len(only_you), len(unreturned)),
    )
