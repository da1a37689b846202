"""Who needs a caring check-in next, and why: the pure check-in engine and its score.

Given facts about each person and a day (``today``; the engine never reads the clock), ``rank``
returns the people who need you, best first, each with a score, a due date, reasons (most
important first), talking points and the channel to use. The rhythm rule lives in
domain.rhythms, the occasions of the look-ahead in domain.occasions, the words in
domain.checkin_words; this module decides who appears and in what order.

Who appears
-----------
Archived people never; snoozed people only from their snooze date on. Anyone else appears when
at least one of these holds (the *triggers*):

- their rhythm is due: days since last contact (since added, if never contacted) reach the
  rhythm (own, else tag default, else learned; "none" never triggers);
- an open promise to them is due or overdue (due <= today);
- an open promise to them falls due within the look-ahead (default 14 days);
- an occasion falls within the look-ahead: their birthday, a living kid's or living pet's
  birthday, or a custom yearly occasion (29 Feb is observed on 28 Feb in common years);
- they wrote and you have not answered: the latest interaction came from them
  (``unanswered_since``, the one rule the monthly review's "unreturned" list uses too).

An open promise without a due date never triggers by itself (it is a talking point).

The score (a transparent weighted sum, like taskwarrior's urgency)
------------------------------------------------------------------
``score = sum(term.value * term.weight)`` over these terms, each present only when it applies
(the defaults of ``CheckinSettings`` in brackets; L = look-ahead days)::

    promise         open promises due or overdue                  x 1000.0  [promise_weight]
    promise_late    days the oldest due promise is past its due   x    1.0  [promise_day_weight]
    occasion_today  1, when an occasion falls today               x  200.0  [occasion_today_weight]
    overdue         days since contact / rhythm days, once due,   x   10.0  [overdue_weight]
                    kept within [1.0, 6.0]                                   [overdue_cap]
    unanswered      days since their unanswered interaction,      x    2.0  [unanswered_weight]
                    kept within [1, 30]                                      [unanswered_cap]
    occasion        (L + 1 - days to nearest occasion) / (L + 1)  x   15.0  [occasion_weight]
    promise_soon    (L + 1 - days to nearest promise due) / (L+1) x   10.0  [promise_soon_weight]
    one_sided       N, when you reached out the last N (>= 3)     x    0.0  [one_sided_weight]

"Rhythm days" is the rhythm's length in days: 7 for weekly, 10 for "10d", and the average
calendar length for months and years (30.44 per month, 365.25 per year), so 14 days into a
weekly rhythm (2.0 -> 20 points) outranks 120 days into a quarterly one (1.31 -> 13.1 points).
Being due itself follows the calendar (Rhythm.after: 31 Jan + 1 month = 28 Feb); the average
length keeps the term monotonic (one more day since contact never scores less), and the floor
of 1.0 covers a month that falls due before the average has passed.

The overdue and unanswered terms are capped, so the order is settled in two steps:

- every term but the promise and occasion_today ones adds up to at most
  60 + 60 + 15 + 10 = 145 < 200: an occasion that is today ranks above everyone without a due
  promise (the day passes; the rest can wait a day);
- every term but the promise ones adds up to at most 200 + 145 = 345 < 1000: a person with a
  due promise always ranks above everyone without one.

Past the caps, the earlier due date still ranks first (see ties). Someone who wrote and waits
on your answer rises by two points a day, a month at most (a message of a fortnight ago, 28,
outranks someone a fortnight into a weekly rhythm, 20). One-sidedness is shown as a reason but
weighs nothing by default: it is information about the relationship, not a reason to chase
someone harder.

Ties are broken by due date (earliest first), then name, then id, so the order is total and
does not depend on the order of the input.

Speed: ``rj next`` ranks up to 100,000 people, so the first pass only does arithmetic and dict
look-ups per person; reasons, talking points and term details are built for the returned
suggestions only.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import date

from rjournal.domain.checkin_words import (
    due_promise_reason,
    occasion_reason,
    one_sided_reason,
    overdue_reason,
    soon_promise_reason,
    talking_points,
    term_detail,
    unanswered_reason,
)
from rjournal.domain.model import Channel, CheckinFacts, Promise
from rjournal.domain.occasions import Window, nearest_occasion, occasion_window, occasions_in
from rjournal.domain.rhythms import Rhythm, clock_start, rhythm_in_force
from rjournal.domain.value import Value, frozen


@frozen
class ScoreTerm(Value):
    """One term of a score: the raw measure, its weight, and what it means in plain words."""

    name: str
    value: float
    weight: float
    detail: str

    @property
    def points(self) -> float:
        return self.value * self.weight


@frozen
class Suggestion(Value):
    """One person who needs a check-in: score, due date, reasons, talking points."""

    person_id: int
    name: str
    score: float
    due: date  # the earliest of: rhythm due date, promise due date, occasion date, and the
    # day of their interaction that waits on your answer
    terms: tuple[ScoreTerm, ...]  # score == sum(t.points for t in terms)
    reasons: tuple[str, ...]  # most important first
    talking_points: tuple[str, ...]
    channel: Channel | None  # preferred channel, else the last channel used
    rhythm: Rhythm | None
    rhythm_source: str  # "own" | "tag" | "learned" | "none"
    last_contact: date | None
    days_since: int  # since last contact, or since added if never contacted


@frozen
class CheckinSettings(Value):
    """The look-ahead and the weights of the score (see the module docstring for the formula)."""

    lookahead_days: int = 14
    promise_weight: float = 1000.0
    promise_day_weight: float = 1.0
    occasion_today_weight: float = 200.0
    overdue_weight: float = 10.0
    overdue_cap: float = 6.0
    unanswered_weight: float = 2.0
    unanswered_cap: int = 30
    occasion_weight: float = 15.0
    promise_soon_weight: float = 10.0
    one_sided_weight: float = 0.0
    one_sided_min: int = 3


DEFAULT_SETTINGS = CheckinSettings()


def effective_rhythm(facts: CheckinFacts) -> tuple[Rhythm | None, str]:
    """The rhythm in force for this person and where it comes from (rhythms.rhythm_in_force)."""
    return rhythm_in_force(facts.person.rhythm, facts.tag_rhythm, facts.learned_rhythm)


def unanswered_since(facts: CheckinFacts) -> date | None:
    """The day of their interaction you have not answered: the latest one came from them (and,
    for mail, the day did not end on your reply); None otherwise. `rj next` and the monthly
    review's "unreturned" list both ask this."""
    return facts.last_contact if facts.awaiting_answer else None


def rhythm_due(facts: CheckinFacts) -> date | None:
    """The day the rhythm falls due: last contact (or the day added) advanced by one rhythm."""
    rhythm, _ = effective_rhythm(facts)
    if rhythm is None:
        return None
    return rhythm.after(clock_start(facts.last_contact, facts.person.added_on))


# --- ranking -------------------------------------------------------------------------------


class _Assessment:
    """The cheap numbers of the first pass, kept so the second pass builds text from the same.

    A plain class with slots: a dataclass would be compiled at every start-up of `rj next`.
    """

    __slots__ = (
        "days_since", "due", "facts", "occasion_on", "rhythm", "rhythm_days", "score",
        "soonest", "source", "start", "terms", "waiting_since",
    )  # fmt: skip

    def __init__(
        self,
        facts: CheckinFacts,
        score: float,
        due: date,
        terms: list[tuple[str, float, float]],  # (name, value, weight), in the order summed
        rhythm: Rhythm | None,
        source: str,
        start: date,
        days_since: int,
        rhythm_days: float,  # the rhythm's average length in days (0.0 without a rhythm)
        soonest: date | None,  # the nearest promise due within the look-ahead, not yet due
        occasion_on: date | None,
        waiting_since: date | None,  # their interaction that waits on your answer
    ) -> None:
        self.facts = facts
        self.score = score
        self.due = due
        self.terms = terms
        self.rhythm = rhythm
        self.source = source
        self.start = start
        self.days_since = days_since
        self.rhythm_days = rhythm_days
        self.soonest = soonest
        self.occasion_on = occasion_on
        self.waiting_since = waiting_since


def _assess(
    facts: CheckinFacts, today: date, settings: CheckinSettings, window: Window
) -> _Assessment | None:
    """The first pass: None, cheaply (no strings, no lists), for anyone who does not need you."""
    person = facts.person
    if person.archived:
        return None
    if person.snoozed_until is not None and person.snoozed_until > today:
        return None
    rhythm, source = rhythm_in_force(person.rhythm, facts.tag_rhythm, facts.learned_rhythm)
    start = clock_start(facts.last_contact, person.added_on)
    # Never negative: an entry dated where the calendar was already ahead has still happened.
    days_since = max((today - start).days, 0)

    overdue = False
    rdue: date | None = None
    # min_days is a lower bound of the rhythm, so most people not yet due skip the date maths.
    if rhythm is not None and days_since >= rhythm.min_days():
        rdue = rhythm.after(start)
        overdue = rdue <= today

    lookahead = settings.lookahead_days
    due_count = 0
    oldest_due: date | None = None
    soonest: date | None = None
    earliest_promise: date | None = None
    for promise in facts.open_promises:
        pdue = promise.due
        if pdue is None or promise.done_on is not None:
            continue
        if earliest_promise is None or pdue < earliest_promise:
            earliest_promise = pdue
        ahead = (pdue - today).days
        if ahead <= 0:
            due_count += 1
            if oldest_due is None or pdue < oldest_due:
                oldest_due = pdue
        elif ahead <= lookahead and (soonest is None or pdue < soonest):
            soonest = pdue

    occasion_on = nearest_occasion(facts, window)
    waiting = facts.last_contact if facts.awaiting_answer else None  # unanswered_since, inlined
    if not (overdue or due_count or soonest is not None or occasion_on is not None or waiting):
        return None

    # A candidate: from here on allocating is fine.
    if rhythm is not None and rdue is None:
        rdue = rhythm.after(start)
    rhythm_days = rhythm.approx_days() if rhythm is not None else 0.0

    terms: list[tuple[str, float, float]] = []
    if due_count and oldest_due is not None:
        terms.append(("promise", float(due_count), settings.promise_weight))
        late = (today - oldest_due).days
        if late > 0:
            terms.append(("promise_late", float(late), settings.promise_day_weight))
    if occasion_on == today:
        terms.append(("occasion_today", 1.0, settings.occasion_today_weight))
    if overdue and rhythm_days > 0:
        # The average length, not the days from this start: month lengths vary with the start
        # (31 Jan + 1 month = 28 Feb), which would let one more day rank lower. Floored at 1.0
        # because a short February month can fall due before the average length has passed.
        ratio = min(max(days_since / rhythm_days, 1.0), settings.overdue_cap)
        terms.append(("overdue", ratio, settings.overdue_weight))
    if waiting is not None:
        waited = min(max((today - waiting).days, 1), settings.unanswered_cap)
        terms.append(("unanswered", float(waited), settings.unanswered_weight))
    span = lookahead + 1
    if occasion_on is not None:
        closeness = (span - (occasion_on - today).days) / span
        terms.append(("occasion", closeness, settings.occasion_weight))
    if soonest is not None:
        closeness = (span - (soonest - today).days) / span
        terms.append(("promise_soon", closeness, settings.promise_soon_weight))
    one_sided = one_sided_count(facts.recent_from_them, settings.one_sided_min)
    if one_sided:
        terms.append(("one_sided", float(one_sided), settings.one_sided_weight))
    # The same additions, in the same order, as sum(t.points for t in terms) in the Suggestion.
    score = 0.0
    for _, value, weight in terms:
        score += value * weight

    due = occasion_on
    for day in (rdue, earliest_promise, waiting):
        if day is not None and (due is None or day < due):
            due = day
    assert due is not None  # a trigger always brings a date
    return _Assessment(
        facts,
        score,
        due,
        terms,
        rhythm,
        source,
        start,
        days_since,
        rhythm_days,
        soonest,
        occasion_on,
        waiting,
    )


def _dated_promises(
    facts: CheckinFacts, today: date, lookahead: int
) -> tuple[list[Promise], list[Promise]]:
    """The open promises due by today, and those due within the look-ahead, earliest first."""
    dated = sorted(
        (p for p in facts.open_promises if p.done_on is None and p.due is not None),
        key=lambda p: (p.due or today, p.id),
    )
    due = [p for p in dated if p.due is not None and p.due <= today]
    soon = [p for p in dated if p.due is not None and 0 < (p.due - today).days <= lookahead]
    return due, soon


def one_sided_count(recent_from_them: tuple[bool, ...], minimum: int = 3) -> int:
    """N when you reached out each of the last N (>= minimum) recorded times, else 0.

    recent_from_them is newest first, as CheckinFacts holds it; any True (they reached out)
    among them means the relationship is not one-sided.
    """
    n = len(recent_from_them)
    if n >= minimum and not any(recent_from_them):
        return n
    return 0


def _sort_key(a: _Assessment) -> tuple[float, date, str, int]:
    return (-a.score, a.due, a.facts.person.name, a.facts.person.id)


# --- words (second pass, for returned suggestions only) ------------------------------------


def _suggest(a: _Assessment, today: date, settings: CheckinSettings, window: Window) -> Suggestion:
    """The second pass: words for one assessed person."""
    facts = a.facts
    person = facts.person
    name = person.short_name
    span = settings.lookahead_days + 1
    terms = tuple(
        ScoreTerm(term, value, weight, term_detail(a, term, value, today, span))
        for term, value, weight in a.terms
    )

    # Reasons come in groups, one per term; groups are ordered by their points (stable).
    groups: dict[str, list[str]] = {}
    due_promises, soon_promises = _dated_promises(facts, today, settings.lookahead_days)
    if due_promises:
        groups["promise"] = [due_promise_reason(p, today) for p in due_promises]
    if any(t.name == "overdue" for t in terms):
        groups["overdue"] = [overdue_reason(a, name, today)]
    if a.waiting_since is not None:
        groups["unanswered"] = [unanswered_reason(a.waiting_since, facts.last_channel, name, today)]
    if a.occasion_on is not None:
        groups["occasion"] = [occasion_reason(u, today) for u in occasions_in(facts, window)]
    if soon_promises:
        groups["promise_soon"] = [soon_promise_reason(p, today) for p in soon_promises]
    for term in terms:
        if term.name == "one_sided":
            groups["one_sided"] = [one_sided_reason(int(term.value))]
    points_of = {t.name: t.points for t in terms}
    points_of["promise"] = points_of.get("promise", 0.0) + points_of.get("promise_late", 0.0)
    points_of["occasion"] = points_of.get("occasion", 0.0) + points_of.get("occasion_today", 0.0)
    order = sorted(groups, key=lambda g: -points_of.get(g, 0.0))
    reasons = tuple(reason for group in order for reason in groups[group])

    in_reasons = {id(p) for p in (*due_promises, *soon_promises)}
    channel = person.channel if person.channel is not None else facts.last_channel
    return Suggestion(
        person_id=person.id,
        name=person.name,
        score=a.score,
        due=a.due,
        terms=terms,
        reasons=reasons,
        talking_points=tuple(talking_points(facts, today, in_reasons)),
        channel=channel,
        rhythm=a.rhythm,
        rhythm_source=a.source,
        last_contact=facts.last_contact,
        days_since=a.days_since,
    )


def rank(
    facts: Iterable[CheckinFacts],
    today: date,
    settings: CheckinSettings = DEFAULT_SETTINGS,
    limit: int | None = None,
) -> list[Suggestion]:
    """The people who need a check-in, best first (score desc, due asc, name, id).

    Ranks on numbers first, then builds words for the first `limit` only.
    """
    window = occasion_window(today, settings.lookahead_days)
    assessed = [a for f in facts if (a := _assess(f, today, settings, window)) is not None]
    if limit is not None:
        assessed = heapq.nsmallest(max(limit, 0), assessed, key=_sort_key)
    else:
        assessed.sort(key=_sort_key)
    return [_suggest(a, today, settings, window) for a in assessed]


def explain_person(
    facts: CheckinFacts, today: date, settings: CheckinSettings = DEFAULT_SETTINGS
) -> Suggestion | None:
    """What the engine says about one person; None when they do not need anything today."""
    window = occasion_window(today, settings.lookahead_days)
    a = _assess(facts, today, settings, window)
    return None if a is None else _suggest(a, today, settings, window)


def count_needing(
    facts: Iterable[CheckinFacts], today: date, settings: CheckinSettings = DEFAULT_SETTINGS
) -> int:
    """How many of these `rank` would list today: the engine's first pass, no words built."""
    window = occasion_window(today, settings.lookahead_days)
    return sum(1 for f in facts if _assess(f, today, settings, window) is not None)
